"""Board figures for 16 municipalities, ~5,000 koppelingen and ~5,000 dwellings over 6 periods;
also the overview's next-period figures (the board of a period without a row plus COA's check on
its peildatum), which the overview loads besides the forecast.

Target: under 50 ms on SQLite and on PostgreSQL, 75 ms with the next period's check (set
BENCH_DATABASE_URL or TEST_DATABASE_URL to an empty PostgreSQL database whose role may CREATE
DATABASE; without it only SQLite is measured).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid

from sqlalchemy import create_engine, func, make_url, select, text

TARGET = 0.050
# The overview's next period: the board (50 ms) plus one more aggregate for COA's check (25 ms).
TARGET_UPCOMING = 0.075


def _fill(url: str) -> tuple[int, int]:
    from app.bootstrap import prepare
    from app.db.models import Dwelling, Koppeling
    from app.db.session import Database
    from app.demo.fill import fill_demo
    from app.services.access import Actor

    db = Database(url)
    prepare(db)
    with db.unit_of_work() as session:
        fill_demo(session, Actor.system_actor("bench"), scale=2.2, login="bench")
    with db.unit_of_work() as session:
        counts = (
            session.scalar(select(func.count()).select_from(Koppeling)),
            session.scalar(select(func.count()).select_from(Dwelling)),
        )
    db.dispose()
    return counts  # type: ignore[return-value]


def _measure(url: str, *, as_login: bool = False, upcoming: bool = False) -> float:
    """Median board time; ``as_login``: as the user the URL's login is (bench_rls), else the system;
    ``upcoming``: the next period's board and its peildatum check (what the overview adds)."""
    from datetime import date

    from app.auth.identity import resolve_actor
    from app.db.session import Database
    from app.domain.periods import Period
    from app.services.access import Actor
    from app.services.board.figures import board_figures
    from app.services.board.overview import linked_by_check

    db = Database(url)
    actor = resolve_actor(db) if as_login else Actor.system_actor("bench")
    period = Period.containing(date.today())
    if upcoming:
        period = period.next()
    times = []
    for _ in range(15):
        with db.unit_of_work() as session:
            start = time.perf_counter()
            board_figures(session, actor, period)
            if upcoming:
                linked_by_check(session, period)
            times.append(time.perf_counter() - start)
    db.dispose()
    return statistics.median(times[3:])


def run() -> list[tuple[str, float, float, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+pysqlite:///{tmp}/bench.db"
        k, d = _fill(url)
        rows.append((f"bord SQLite ({k} koppelingen, {d} woningen)", _measure(url), TARGET, "s"))
        upcoming = _measure(url, upcoming=True)
        rows.append(("bord + peildatum volgende periode SQLite", upcoming, TARGET_UPCOMING, "s"))
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg:
        admin = create_engine(make_url(pg).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
        name = f"dl_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = (
            make_url(pg)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
        try:
            k, d = _fill(url)
            rows.append((f"bord PostgreSQL ({k} koppelingen, {d} woningen)", _measure(url), TARGET, "s"))
            upcoming = _measure(url, upcoming=True)
            rows.append(("bord + peildatum volgende periode PostgreSQL", upcoming, TARGET_UPCOMING, "s"))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return rows
