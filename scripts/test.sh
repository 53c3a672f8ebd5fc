#!/usr/bin/env bash
# Set up (once) and run the whole test suite. PostgreSQL tests run when TEST_DATABASE_URL is set
# (.ci/run starts a local PostgreSQL and sets it); otherwise they are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m ruff check .
exec .venv/bin/python -m pytest "$@"
