#!/usr/bin/env bash
# CI step for Windows (called by .ci/run): builds the installer and the bare PySide6 floor under
# Wine, runs the smoke test of the installer (install, --self-check, uninstall) and the size
# benchmark. Downloads are cached by hash between runs on the same machine
# (installers/build-windows.sh), so a warm run downloads nothing; the smoke test always runs, and
# any failure fails CI with a "FOUT (windows): ..." line.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
bash installers/build-windows.sh --bare
t1=$(date +%s)
bash installers/windows/smoke.sh
t2=$(date +%s)
echo "== Windows: bouwen $((t1 - t0)) s, rookproef $((t2 - t1)) s"
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
DL_BENCH_WINDOWS_REQUIRED=1 QT_QPA_PLATFORM=offscreen "$PY" -m bench windows
