#!/usr/bin/env bash
# CI: build the Linux bundle and run the bundled program's self-check (offscreen, with a timeout).
# A missing hidden import, data file or library fails here, not on a user's PC.
#   bash installers/ci-linux.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${BUILD_DIR:-$root/installers/build}
bash installers/build-linux.sh

exe="$build/dist/doorlopende-lijn/doorlopende-lijn"
result="$build/selfcheck-linux.json"
rm -f "$result"
status=0
# offscreen: CI has no screen; the timeout: a hang must fail, not stall the run.
QT_QPA_PLATFORM=offscreen timeout --kill-after=10 300 "$exe" --self-check --out "$result" || status=$?
if [ "$status" = 124 ] || [ "$status" = 137 ]; then
  echo "CI faalt: de zelftest van de Linux-bundel liep vast (na 300 s gestopt)" >&2
  exit 1
fi
if [ ! -s "$result" ]; then
  echo "CI faalt: de zelftest van de Linux-bundel schreef geen resultaat (exitcode $status)" >&2
  exit 1
fi
if [ "$status" != 0 ]; then
  echo "CI faalt: de zelftest van de Linux-bundel is mislukt (exitcode $status); mislukte stappen:" >&2
  "$root/.venv/bin/python" - "$result" >&2 <<'PY'
import json, sys
for step in json.load(open(sys.argv[1], encoding="utf-8"))["steps"]:
    if not step["ok"]:
        print(f"  {step['name']}: {step['message']}")
PY
  exit 1
fi
echo "Linux-bundel: zelftest geslaagd ($(du -sm "$build/dist/doorlopende-lijn" | cut -f1) MB)"
