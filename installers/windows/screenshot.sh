#!/usr/bin/env bash
# Screenshots of the installed Windows program under Wine on a virtual display (Xvfb), for a person
# to look at: bash installers/windows/screenshot.sh [INSTALLER] [OUTDIR]
#
# Installs silently into its own fresh Wine prefix, starts the program with Qt's "windows" platform
# on Xvfb (the only time it runs without offscreen: a display is there), saves a PNG of the screen
# after the first start (the welcome), then after "Demo bekijken" (the demo's sign-in and the main
# window), and uninstalls. Not part of CI: what it proves is what a person sees in the PNGs.
# Needs xvfb, x11-apps (xwd), imagemagick (convert) and xdotool.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${DL_WIN_OUT:-$ROOT/installers/build/windows}
# shellcheck source-path=SCRIPTDIR source=wine-env.sh
source "$ROOT/installers/windows/wine-env.sh"
use_built_installer shot "${1:-}"
SHOTS=${2:-$OUT/screenshots}
for tool in Xvfb xwd convert xdotool; do command -v "$tool" >/dev/null || die "$tool ontbreekt"; done
mkdir -p "$SHOTS"
make_prefix "$OUT/ucrtbase.dll" "$EXE"
INSTDIR_WIN='C:\Program Files\Doorlopende Lijn'
wine_run 600 cmd /c "$(winpath "$INSTALLER") /S" || die "stille installatie faalde"
wine_wait

SIZE=${DL_SHOT_SIZE:-1280x720}
Xvfb :97 -screen 0 "${SIZE}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; timeout 30 wineserver -k || true' EXIT
sleep 1
export DISPLAY=:97 WINEQT_QPA_PLATFORM=windows
shot() { xwd -root -silent | convert xwd:- "$SHOTS/$1.png"; say "schermafdruk: $SHOTS/$1.png"; }

# stdout through a pipe: a Windows program whose stdout is a regular file dies at start (wine-env.sh)
(timeout -k 10 300 wine "$INSTDIR_WIN\\$EXE" 2>&1 | cat >"$SHOTS/run.log") &
sleep "${DL_SHOT_WAIT:-25}"
shot 1-eerste-start
xdotool search --name "Welkom" windowactivate --sync 2>/dev/null || true
xdotool key --clearmodifiers alt+d 2>/dev/null || true  # "&Demo bekijken"
sleep "${DL_SHOT_WAIT:-25}"
shot 2-na-demo
xdotool key --clearmodifiers Return 2>/dev/null || true  # sign in as the preselected demo user
sleep "${DL_SHOT_WAIT:-25}"
shot 3-hoofdvenster
timeout 30 wineserver -k || true
wine_wait
wine_run 300 "$INSTDIR_WIN\\uninstall.exe" /S || die "stil verwijderen faalde"
wine_wait
say "klaar: $SHOTS"
