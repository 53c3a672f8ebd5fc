"""The access log's insert rate with the hash chain: every insert waits for the chain head, so this
is the figure that could suffer. Target ≥ 1,000 rows/s, given as its inverse (≤ 1 ms per row).

- PostgreSQL: 4 sessions, each a person's own login, each inserting 2,500 rows at once (one
  transaction per row, as the program writes them); afterwards the chain must verify.
  Needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a role that may CREATE DATABASE and CREATE ROLE,
  as scripts/test.sh's throwaway cluster has); without it only SQLite is measured.
- SQLite: 4 threads of the program, each writing 500 log rows through ``authorize`` in units of
  work of their own (the program computes the chain there); target 2 ms per row, the unit of work
  itself being most of it.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

SESSIONS = 4
PG_ROWS = 2500
SQLITE_ROWS = 500
TARGET_MS = 1.0  # ms per row: 1,000 rows/s
# SQLite: a log row in a unit of work of its own costs about 0.8 ms without the chain on a 2-core PC
# (the session, the flush and the commit); one person writes a few rows a second.
SQLITE_TARGET_MS = 2.0

INSERT = (
    "INSERT INTO access_log (at, actor_login, action, object_type, object_id, result, detail, workstation)"
    " VALUES (%s, %s, 'read', 'dossier', %s, 'ok', 'bench', 'bench-pc')"
)


def _parallel(work: Callable[[int], None], n: int) -> float:
    """Seconds for ``n`` threads running ``work(i)`` from one start signal."""
    barrier = threading.Barrier(n + 1)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:  # reported after the join
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed


def _verify(url: str) -> None:
    from app.db.session import Database
    from app.services.access import Actor
    from app.services.audit import verify_chain

    db = Database(url)
    try:
        with db.unit_of_work() as session:
            report = verify_chain(session, Actor.system_actor("bench"))
    finally:
        db.dispose()
    if not report.ok:
        raise AssertionError(report.summary)


def _postgresql(pg: str) -> float:
    import psycopg
    from sqlalchemy import create_engine, make_url, text

    from app.bootstrap import prepare
    from app.db.session import Database
    from app.domain.roles import Role
    from app.services.access import Actor
    from app.services.users import create_user

    base = make_url(pg).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"dl_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    logins: list[tuple[str, str]] = []
    try:
        db = Database(url)
        prepare(db)
        with db.unit_of_work() as session:
            for i in range(SESSIONS):
                login, password = f"bench-{uuid.uuid4().hex[:8]}", secrets.token_urlsafe(18)
                logins.append((login, password))
                create_user(session, Actor.system_actor("bench"), login=login, name=f"Bench {i}",
                            role=Role.CONSULENT, gemeente_code="GM0344", password=password)  # fmt: skip
        db.dispose()
        where = make_url(url)

        def work(i: int) -> None:
            login, password = logins[i]
            with psycopg.connect(host=where.host, port=where.port, dbname=name, user=login,
                                 password=password, autocommit=True) as conn:  # fmt: skip
                for n in range(PG_ROWS):
                    conn.execute(INSERT, (datetime.now(UTC), login, str(n)))

        elapsed = _parallel(work, SESSIONS)
        _verify(url)
        return elapsed * 1000 / (SESSIONS * PG_ROWS)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for login, _password in logins:
                try:
                    conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
                except Exception:  # PostgreSQL 16: needs ADMIN OPTION, which dl_role_admin holds
                    conn.execute(text("SET ROLE dl_role_admin"))
                    conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
                    conn.execute(text("RESET ROLE"))
        admin.dispose()


def _sqlite() -> float:
    from app.bootstrap import prepare
    from app.db.session import Database
    from app.domain.roles import Action, Area
    from app.services.access import Actor, authorize

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+pysqlite:///{Path(folder) / 'bench.db'}"
        db = Database(url)
        prepare(db)
        actor = Actor.system_actor("bench")

        def work(i: int) -> None:
            for n in range(SQLITE_ROWS):
                with db.unit_of_work() as session:
                    authorize(session, actor, Action.READ, Area.REGION, "gemeente", n, detail=f"bench {i}")

        elapsed = _parallel(work, SESSIONS)
        db.dispose()
        _verify(url)
        return elapsed * 1000 / (SESSIONS * SQLITE_ROWS)


def run() -> list[tuple[str, float, float, str]]:
    label = f"toegangslog: eigen transactie per rij, {SESSIONS} threads (SQLite)"
    results = [(label, _sqlite(), SQLITE_TARGET_MS, "ms/rij")]
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg:
        label = f"toegangslog: invoegen met keten, {SESSIONS} sessies × {PG_ROWS} (PostgreSQL)"
        results.insert(0, (label, _postgresql(pg), TARGET_MS, "ms/rij"))
    return results
