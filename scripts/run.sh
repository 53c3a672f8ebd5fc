#!/usr/bin/env bash
# Set up (once) and start Doorlopende Lijn on the embedded SQLite default, with demo data loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if [ -z "${DOORLOPENDE_LIJN_DB_URL:-}" ]; then
  # Fills the default database on first start only; later starts keep what is there. Its errors
  # are shown, and stop the start: a half-filled demo is not what anyone should explore.
  .venv/bin/python -m app demo --if-empty
fi
exec .venv/bin/python -m app "$@"
