# shellcheck shell=bash
# Sourced by build-windows.sh, windows/smoke.sh and windows/screenshot.sh: the Wine environment
# and helpers.
# Expects ROOT and OUT set. Never sets a global ucrtbase override (it broke Wine 10's own
# services, see shared/notes/windows-build.md); the native one is per executable (AppDefaults).

export WINEPREFIX="$OUT/wineprefix"
export WINEARCH=win64
export WINEDEBUG=-all
# No Mono/Gecko installer dialogs when the prefix is made.
export WINEDLLOVERRIDES="mscoree,mshtml="
# Wine does not hand QT_* to Windows programs; WINEQT_* arrives as QT_*. Never without offscreen:
# on the "windows" platform without a display the program grew to 14.5 GB and hung.
export WINEQT_QPA_PLATFORM=offscreen
unset DISPLAY WAYLAND_DISPLAY

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'FOUT (windows): %s\n' "$*" >&2; exit 1; }

# Every Wine call goes through here: a timeout (then the whole wineserver is killed) and stdout
# through a pipe, since a Windows python.exe whose stdout is a regular file dies at start.
wine_run() {
  local limit=$1; shift
  local rc=0
  timeout -k 15 "$limit" wine "$@" 2>&1 | cat || rc=${PIPESTATUS[0]}
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    timeout 30 wineserver -k || true
    die "wine $1 liep langer dan ${limit}s en is afgebroken"
  fi
  return "$rc"
}

wine_wait() { timeout 120 wineserver -w || { timeout 30 wineserver -k || true; }; }

winpath() { timeout 30 winepath -w "$1" 2>/dev/null; }

# Tools from Debian, installed when missing (CI runs as root on a clean clone).
ensure_debian_tools() {
  local need=()
  command -v wine >/dev/null 2>&1 || need+=(wine wine64)
  [ -e /usr/lib/wine/wine64 ] || need+=(wine64)
  command -v makensis >/dev/null 2>&1 || need+=(nsis)
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64-win32)
  command -v osslsigncode >/dev/null 2>&1 || need+=(osslsigncode)
  command -v unzip >/dev/null 2>&1 || need+=(unzip)
  if [ "${#need[@]}" -gt 0 ]; then
    say "apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

# A fresh 64-bit prefix with the test-only pieces Wine lacks: the icuuc and bcryptprimitives stubs
# in system32 and
# Microsoft's ucrtbase.dll (from pynsist's wheel) as a native override for the named programs only.
make_prefix() {
  local ucrtbase=$1; shift
  rm -rf "$WINEPREFIX"
  say "Wine-prefix maken ($WINEPREFIX)"
  wine_run 300 wineboot -i >/dev/null
  wine_wait
  local sys32="$WINEPREFIX/drive_c/windows/system32"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/icuuc.dll" "$ROOT/installers/windows/wine/icuuc_stub.c"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/bcryptprimitives.dll" \
    "$ROOT/installers/windows/wine/bcryptprimitives_stub.c" -lbcrypt
  cp "$ucrtbase" "$sys32/ucrtbase.dll"
  local reg="$OUT/ucrtbase-overrides.reg"
  {
    echo "REGEDIT4"
    for exe in "$@"; do
      echo ""
      printf '%s\n' "[HKEY_CURRENT_USER\\Software\\Wine\\AppDefaults\\$exe\\DllOverrides]"
      echo '"ucrtbase"="native,builtin"'
    done
  } >"$reg"
  wine_run 120 regedit /S "$(winpath "$reg")"
  wine_wait
}

# For the scripts that run an installer built before (smoke.sh, screenshot.sh): their own Wine
# prefix $OUT/NAME-prefix (made fresh by make_prefix), the installer in INSTALLER (the path given,
# or the one build-windows.sh left in $OUT) and the program's executable name in EXE (from
# sizes.json). Stops with a FOUT line when the build's output is not there.
#   use_built_installer NAME [INSTALLER]
use_built_installer() {
  export WINEPREFIX="$OUT/$1-prefix"
  local built=("$OUT"/DoorlopendeLijn-*-setup.exe)  # no match: the pattern itself, not a file
  INSTALLER=${2:-${built[0]}}
  [ -f "$INSTALLER" ] || die "geen installatieprogramma gevonden (eerst bash installers/build-windows.sh)"
  [ -f "$OUT/sizes.json" ] || die "$OUT/sizes.json ontbreekt (komt van build-windows.sh)"
  EXE=$(sed -n 's/.*"exe": "\([^"]*\)".*/\1/p' "$OUT/sizes.json")
  [ -n "$EXE" ] || die "$OUT/sizes.json noemt geen exe"
  [ -f "$OUT/ucrtbase.dll" ] || die "$OUT/ucrtbase.dll ontbreekt (komt van build-windows.sh)"
  export INSTALLER EXE
}
