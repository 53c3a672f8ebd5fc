#!/usr/bin/env bash
# Smoke test of the Windows installer under Wine: bash installers/windows/smoke.sh [INSTALLER]
#
# In a fresh Wine prefix (with the test-only icuuc stub and Microsoft's ucrtbase for the program
# only, see wine-env.sh): a preset file that does not exist stops a silent install; a silent install
# with /CONFIG= and /D=; the installed program's --self-check offscreen (the result file must say
# it passed); the Apps registration and start-menu entry; a second silent install over the first
# with a doorlopende-lijn.ini beside the installer; a silent uninstall, after which the program's
# files, shortcut and registry key are gone and the users' data folders (made before) are kept.
# Exits non-zero with a "FOUT (windows): ..." line on the first failure. Writes installers/build/windows/smoke.json.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${DL_WIN_OUT:-$ROOT/installers/build/windows}
# shellcheck source-path=SCRIPTDIR source=wine-env.sh
source "$ROOT/installers/windows/wine-env.sh"
use_built_installer smoke "${1:-}"
ensure_debian_tools

WORK=$OUT/smoke
rm -rf "$WORK" && mkdir -p "$WORK/beside"
t0=$(date +%s)
elapsed() { echo $(( $(date +%s) - t0 )); }
make_prefix "$OUT/ucrtbase.dll" "$EXE"

DRIVE_C=$WINEPREFIX/drive_c
INSTDIR_WIN='C:\Program Files\Doorlopende Lijn Test'
INSTDIR=$DRIVE_C/Program\ Files/Doorlopende\ Lijn\ Test
USERDIR=$DRIVE_C/users/$(id -un)
SHORTCUT="$DRIVE_C/ProgramData/Microsoft/Windows/Start Menu/Programs/Doorlopende Lijn.lnk"
PRESET_DIR=$DRIVE_C/ProgramData/DoorlopendeLijn
KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\DoorlopendeLijn'
# Through cmd /c, so the installer gets the command line as IT types it: Wine would quote the
# "/D=C:\Program Files\..." argument, and NSIS takes /D= only unquoted, last.
install_cmd() { local limit=$1; shift; wine_run "$limit" cmd /c "$*"; }
reg_has_key() { timeout 60 wine reg query "$KEY" /reg:64 >/dev/null 2>&1; }

cp "$INSTALLER" "$WORK/setup.exe"
printf '; rookproef: door IT vooraf ingestelde verbinding\n[database]\n' >"$WORK/preset.ini"

say "1/6 stil installeren met een niet-bestaand /CONFIG= moet weigeren"
rc=0
install_cmd 300 "$(winpath "$WORK/setup.exe")" /S "/CONFIG=C:\\bestaat-niet.ini" "/D=$INSTDIR_WIN" >/dev/null || rc=$?
wine_wait
[ "$rc" != 0 ] || die "installatie met een ontbrekend verbindingsbestand gaf exitcode 0"
[ ! -e "$INSTDIR" ] || die "installatie met een ontbrekend verbindingsbestand installeerde toch iets"

say "2/6 stil installeren: /S /CONFIG=... /D=$INSTDIR_WIN"
s=$(date +%s)
install_cmd 600 "$(winpath "$WORK/setup.exe")" /S "/CONFIG=$(winpath "$WORK/preset.ini")" "/D=$INSTDIR_WIN" ||
  die "stille installatie faalde (exitcode $?)"
wine_wait
install_s=$(( $(date +%s) - s ))
[ -f "$INSTDIR/$EXE" ] || die "na installatie ontbreekt $INSTDIR/$EXE"
[ -f "$INSTDIR/uninstall.exe" ] || die "na installatie ontbreekt uninstall.exe"
[ -f "$SHORTCUT" ] || die "geen snelkoppeling in het startmenu (alle gebruikers)"
cmp -s "$WORK/preset.ini" "$PRESET_DIR/doorlopende-lijn.ini" ||
  die "het verbindingsbestand staat niet in %ProgramData%\\DoorlopendeLijn"
reg_has_key || die "geen registratie in Apps ($KEY)"
reg=$(timeout 60 wine reg query "$KEY" /reg:64 2>/dev/null | tr -d '\r')
for value in DisplayName DisplayVersion Publisher DisplayIcon UninstallString QuietUninstallString EstimatedSize; do
  grep -q "^ *$value " <<<"$reg" || die "registratie in Apps mist $value"
done
installed_bytes=$(du -sb "$INSTDIR" | cut -f1)

say "3/6 --self-check van het geïnstalleerde programma (offscreen)"
RESULT=$WORK/self-check.txt
s=$(date +%s)
rc=0
wine_run "${DL_WIN_SELFCHECK_TIMEOUT:-600}" "$INSTDIR_WIN\\$EXE" --self-check --out "$(winpath "$RESULT")" \
  >"$WORK/self-check.log" || rc=$?
wine_wait
selfcheck_s=$(( $(date +%s) - s ))
[ -s "$RESULT" ] || { cat "$WORK/self-check.log" >&2; die "--self-check schreef geen resultaat (exitcode $rc)"; }
# The result is JSON (app/selfcheck.py): {"ok": bool, "steps": [{"name", "ok", "message", ...}]}.
HOST_PY=$ROOT/.venv/bin/python
[ -x "$HOST_PY" ] || HOST_PY=$(command -v python3)
verdict=$("$HOST_PY" - "$RESULT" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
for s in r.get("steps", []):
    print(f"   {'ok  ' if s.get('ok') else 'FOUT'} {s.get('name')}: {s.get('message', '')[:150]}", file=sys.stderr)
print(f"   {r.get('platform')}, versie {r.get('version')}, frozen={r.get('frozen')}, {r.get('seconds', 0):.1f} s",
      file=sys.stderr)
print("ok" if r.get("ok") is True and r.get("frozen") is True else "fout")
PY
) || die "het resultaat van --self-check is geen leesbare JSON ($RESULT)"
[ "$verdict" = ok ] || die "--self-check meldt een fout (zie hierboven; $RESULT)"
[ "$rc" = 0 ] || die "--self-check eindigde met exitcode $rc"

say "4/6 nogmaals installeren, over de vorige heen, met doorlopende-lijn.ini naast het installatieprogramma"
cp "$INSTALLER" "$WORK/beside/setup.exe"
printf '; rookproef: naast het installatieprogramma\n[database]\n' >"$WORK/beside/doorlopende-lijn.ini"
install_cmd 600 "$(winpath "$WORK/beside/setup.exe")" /S "/D=$INSTDIR_WIN" || die "tweede installatie faalde"
wine_wait
cmp -s "$WORK/beside/doorlopende-lijn.ini" "$PRESET_DIR/doorlopende-lijn.ini" ||
  die "doorlopende-lijn.ini naast het installatieprogramma is niet overgenomen"
[ -f "$INSTDIR/$EXE" ] || die "na de tweede installatie ontbreekt $EXE"

say "5/6 gegevensmappen van de gebruiker aanmaken, dan stil verwijderen"
for data in "$USERDIR/AppData/Local/DoorlopendeLijn" "$USERDIR/AppData/Roaming/DoorlopendeLijn"; do
  mkdir -p "$data" && echo "blijft staan" >"$data/rookproef.txt"
done
s=$(date +%s)
wine_run 300 "$INSTDIR_WIN\\uninstall.exe" /S || die "stil verwijderen faalde (exitcode $?)"
wine_wait  # the uninstaller runs on from a copy in %TEMP%: wait for all of Wine's processes
uninstall_s=$(( $(date +%s) - s ))

say "6/6 controleren wat weg is en wat blijft"
[ ! -e "$INSTDIR" ] || die "na verwijderen staat er nog: $(find "$INSTDIR" | head -5 | tr '\n' ' ')"
[ ! -e "$SHORTCUT" ] || die "na verwijderen staat de snelkoppeling er nog"
! reg_has_key || die "na verwijderen staat de registratie in Apps er nog ($KEY)"
for data in "$USERDIR/AppData/Local/DoorlopendeLijn" "$USERDIR/AppData/Roaming/DoorlopendeLijn"; do
  [ -f "$data/rookproef.txt" ] || die "verwijderen nam de gegevensmap $data mee"
done
[ -f "$PRESET_DIR/doorlopende-lijn.ini" ] || die "verwijderen nam de instellingen van IT mee"
timeout 30 wineserver -k || true

cat >"$OUT/smoke.json" <<EOF
{"installed_bytes": $installed_bytes, "install_seconds": $install_s, "self_check_seconds": $selfcheck_s,
 "uninstall_seconds": $uninstall_s, "smoke_seconds": $(elapsed), "passed_at": "$(date -u +%FT%TZ)"}
EOF
say "rookproef Windows geslaagd in $(elapsed) s (geïnstalleerd $(( installed_bytes / 1048576 )) MB)"
