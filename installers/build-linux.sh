#!/usr/bin/env bash
# Build the Linux one-folder bundle: bash installers/build-linux.sh
# Output: installers/build/dist/doorlopende-lijn/ (ignored by git, never committed); the
# executable is installers/build/dist/doorlopende-lijn/doorlopende-lijn.
#
# Uses the project's .venv (made by scripts/setup.sh or scripts/test.sh) for the program and its
# dependencies; PyInstaller itself (pinned, hash-checked: installers/requirements-build.txt) goes
# into installers/build/tools, not into the .venv. Variables:
#   PYTHON=...          the Python whose packages are bundled (default: .venv/bin/python)
#   BUILD_DIR=...       where tools, work files and the bundle go (default: installers/build)
#   SPEC=...            another spec (bench/bench_bundle.py builds a bare window this way)
#   TRIM=0|1            trim the bundle after the build (default: 1 for the program's spec only)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=${PYTHON:-$root/.venv/bin/python}
build=${BUILD_DIR:-$root/installers/build}
spec=${SPEC:-$root/installers/doorlopende-lijn.spec}

if [ ! -x "$python" ]; then
  echo "build-linux: geen Python in $python; maak eerst de .venv (bash scripts/test.sh of scripts/setup.sh)" >&2
  exit 1
fi

# Qt's xcb platform plugin needs these; PyInstaller bundles them only when they are installed
# (otherwise it warns, and the bundle fails on a PC without them). The trim after the build
# (installers/trim_linux.py) needs binutils (readelf, strip, nm), icu-devtools (icupkg) and gcc.
missing=()
for pkg in libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-cursor0 binutils icu-devtools gcc; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "build-linux: installeer eerst (als root): apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "build-linux: apt-get install ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

tools="$build/tools"
stamp="$tools/.requirements-build.sha256"
want=$(sha256sum installers/requirements-build.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  rm -rf "$tools"
  "$python" -m pip install -q --disable-pip-version-check --no-deps --require-hashes \
    --target "$tools" -r installers/requirements-build.txt
  echo "$want" >"$stamp"
fi

export PYTHONPATH="$tools${PYTHONPATH:+:$PYTHONPATH}"
start=$(date +%s)
"$python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$build/dist" --workpath "$build/work" "$spec"
name=$(basename "$spec" .spec)
# The program's bundle is trimmed after the build (installers/trim_linux.py: system libraries only
# the dropped Qt plugins needed, numpy's and scipy's identical gfortran copies, debug symbols off
# every library that still loads stripped). The bare window of bench_bundle stays as PyInstaller
# makes it (TRIM=0): it is the floor "PyInstaller's defaults".
default_trim=0
[ "$spec" = "$root/installers/doorlopende-lijn.spec" ] && default_trim=1
if [ "${TRIM:-$default_trim}" = 1 ]; then
  "$python" installers/trim_linux.py "$build/dist/$name"
fi
echo "build-linux: $build/dist/$name ($(du -sm "$build/dist/$name" | cut -f1) MB) in $(( $(date +%s) - start )) s"
