#!/usr/bin/env bash
# Set up (once) and start Doorlopende Lijn on the embedded SQLite default, with demo data loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if [ -z "${DOORLOPENDE_LIJN_DB_URL:-}" ]; then
  # Fills the default database on first start only; later starts keep what is there.
  .venv/bin/python -m app demo >/dev/null 2>&1 || true
fi
exec .venv/bin/python -m app "$@"
