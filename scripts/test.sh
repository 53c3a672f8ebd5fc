#!/usr/bin/env bash
# Set up (once), lint (ruff, mypy) and run the whole test suite. Extra arguments go to pytest.
#
# The database tests run on SQLite and on PostgreSQL. When TEST_DATABASE_URL is set, that database
# is used and nothing is started. Otherwise, when PostgreSQL's server binaries are installed (PATH,
# or /usr/lib/postgresql/*/bin, the highest version; DL_PG_BINDIR=DIR picks a folder), a throwaway
# cluster is started on a free port on 127.0.0.1, in a temporary folder that is removed afterwards,
# also on failure or Ctrl+C. Without the binaries the PostgreSQL tests are skipped (one line says so).
# A lint failure does not stop the tests; the script exits non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
export QT_QPA_PLATFORM=offscreen

lint_failed=()
.venv/bin/python -m ruff check . || lint_failed+=(ruff)
.venv/bin/python -m mypy || lint_failed+=(mypy)

# --- a throwaway PostgreSQL cluster -------------------------------------------------------------

# The folder holding initdb, pg_ctl and postgres, or nothing.
pg_bindir() {
  local candidates=() dir
  if [ -n "${DL_PG_BINDIR:-}" ]; then
    candidates=("$DL_PG_BINDIR")
  else
    if command -v pg_ctl >/dev/null 2>&1; then
      candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
    fi
    # /usr/lib/postgresql/<version>/bin, highest version first.
    while IFS= read -r dir; do
      candidates+=("$dir")
    done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -rV)
  fi
  for dir in "${candidates[@]}"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

pg_dir=""
pg_user=""
# Runs a PostgreSQL server program as the cluster's owner: postgres when we are root (initdb and
# postgres refuse to run as root), else the current user. From the cluster's folder, which that
# user can always enter.
as_pg_owner() {
  if [ -n "$pg_user" ]; then
    (cd "$pg_dir" && runuser -u "$pg_user" -- "$@")
  else
    (cd "$pg_dir" && "$@")
  fi
}

stop_pg() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    if [ -f "$pg_dir/data/postmaster.pid" ]; then
      as_pg_owner "$bindir/pg_ctl" stop -D "$pg_dir/data" -m immediate -w -t 60 >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
  fi
  pg_dir=""
}

start_pg() {
  local port password attempt locale_opt=()
  # Throwaway data: nothing needs to survive a crash.
  local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "$(id -u)" = 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
      echo "PostgreSQL-tests: gebruiker 'postgres' ontbreekt (initdb draait niet als root);" \
        "de PostgreSQL-tests worden overgeslagen (of zet TEST_DATABASE_URL)" >&2
      return 0
    fi
    pg_user=postgres
    pg_dir=$(mktemp -d /tmp/dl-pg.XXXXXXXX)
    chown postgres: "$pg_dir"
  else
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/dl-pg.XXXXXXXX")
  fi
  chmod 700 "$pg_dir"
  # A UTF-8 locale, so that lower()/upper() know letters such as ë (the C locale knows only ASCII).
  if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
    locale_opt=(--locale=C.UTF-8)
  fi
  # The superuser "postgres" may log in without a password only over the unix socket in this
  # 0700 folder; over TCP (127.0.0.1 only) every role needs its password.
  as_pg_owner "$bindir/initdb" -D "$pg_dir/data" -U postgres --no-sync -E UTF8 "${locale_opt[@]}" \
    --auth-local=trust --auth-host=scram-sha-256 >"$pg_dir/initdb.log" 2>&1 || {
    cat "$pg_dir/initdb.log" >&2
    echo "PostgreSQL-tests: initdb mislukt (zet DL_PG_BINDIR=none om zonder PostgreSQL te testen)" >&2
    return 1
  }
  for attempt in 1 2 3; do
    port=$(.venv/bin/python -c \
      'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if as_pg_owner "$bindir/pg_ctl" start -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 -s \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pg_dir $fast" \
      >/dev/null 2>&1; then
      break
    fi
    if [ "$attempt" = 3 ]; then
      tail -n 20 "$pg_dir/server.log" >&2 || true
      echo "PostgreSQL-tests: de tijdelijke cluster start niet" \
        "(zet DL_PG_BINDIR=none om zonder PostgreSQL te testen)" >&2
      return 1
    fi
  done
  password=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(16))')
  .venv/bin/python - "$pg_dir" "$port" "$password" <<'EOF'
import sys

import psycopg

socket_dir, port, password = sys.argv[1:]
with psycopg.connect(host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True) as c:
    c.execute(f"CREATE ROLE dl_test LOGIN CREATEDB CREATEROLE PASSWORD '{password}'")
    c.execute("CREATE DATABASE dl_test OWNER dl_test")
EOF
  export TEST_DATABASE_URL="postgresql+psycopg://dl_test:$password@127.0.0.1:$port/dl_test"
  echo "PostgreSQL-tests: tijdelijke cluster op poort $port (wordt na afloop verwijderd)"
}

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  if bindir=$(pg_bindir); then
    trap stop_pg EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start_pg
  else
    echo "PostgreSQL niet gevonden: de PostgreSQL-tests worden overgeslagen." \
      "Installeer ze met: sudo apt-get install postgresql (of zet TEST_DATABASE_URL)"
  fi
fi

status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "${#lint_failed[@]}" -gt 0 ]; then
  echo "Lint faalt: ${lint_failed[*]} (zie hierboven)" >&2
  [ "$status" != 0 ] || status=1
fi
exit "$status"
