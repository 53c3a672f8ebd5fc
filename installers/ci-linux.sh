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
# The solvers as the program calls them, on a small demo database: the matching
# (linear_sum_assignment / LAPJVsp), the swap plan (linprog, milp, csgraph's matching, sparse
# vstack) and the forecast (numpy.random). The spec excludes scipy subpackages the program does not
# use; a function that needs one of them fails here.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DOORLOPENDE_LIJN_CONFIG_DIR="$tmp/config" DOORLOPENDE_LIJN_DATA_DIR="$tmp/data" \
  DOORLOPENDE_LIJN_SITE_CONFIG_DIR="$tmp/site" DOORLOPENDE_LIJN_DB_URL="sqlite:///$tmp/demo.db" \
  QT_QPA_PLATFORM=offscreen
for cmd in "demo --scale 0.2" "--as regio match" "--as regio swap-plan" "--as regio forecast"; do
  # shellcheck disable=SC2086  # the words of $cmd are the arguments
  if ! timeout --kill-after=10 300 "$exe" $cmd >"$tmp/out.txt" 2>&1; then
    echo "CI faalt: de Linux-bundel: 'doorlopende-lijn $cmd' is mislukt:" >&2
    tail -5 "$tmp/out.txt" >&2
    exit 1
  fi
done
echo "Linux-bundel: zelftest en rekenopdrachten geslaagd ($(du -sm "$build/dist/doorlopende-lijn" | cut -f1) MB)"
