"""Row-level security's price on PostgreSQL: the board figures and the case list (50,000 dossiers)
measured with a person's own login, once with the policies on and once with them switched off on the
same data, same login, same run. The ratio is the figure (target under 1.3×); the absolute times keep
the board's and the case list's own targets.

Needs BENCH_DATABASE_URL or TEST_DATABASE_URL: a PostgreSQL role that may CREATE DATABASE and
CREATE ROLE (as scripts/test.sh's throwaway cluster has). Without it nothing is measured.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text

from bench import bench_board, bench_cases

RATIO_TARGET = 1.3
PASSWORD = "bench-wachtwoord-lang-genoeg"


@contextmanager
def _database(pg: str) -> Iterator[str]:
    admin = create_engine(make_url(pg).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    name = f"dl_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _person(url: str, old_login: str, role: str | None = None) -> str:
    """Give the users row ``old_login`` a PostgreSQL login of its own (a unique name: roles are
    cluster-wide); returns that person's URL."""
    from app.db.session import Database
    from app.services.access import Actor
    from app.services.users import set_password

    login = f"bench-{uuid.uuid4().hex[:8]}"
    db = Database(url)
    with db.unit_of_work() as session:
        session.execute(
            text("UPDATE users SET login = :new WHERE login = :old"), {"new": login, "old": old_login}
        )
        if role:
            session.execute(
                text("UPDATE users SET role = :role WHERE login = :new"), {"role": role, "new": login}
            )
        user_id = session.scalar(text("SELECT id FROM users WHERE login = :new"), {"new": login})
        set_password(session, Actor.system_actor("bench"), int(user_id), PASSWORD)  # type: ignore[arg-type]
        session.execute(text("ANALYZE"))
    db.dispose()
    return make_url(url).set(username=login, password=PASSWORD).render_as_string(hide_password=False)


def _drop_role(pg: str, person_url: str) -> None:
    admin = create_engine(make_url(pg).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP ROLE IF EXISTS "{make_url(person_url).username}"'))
    admin.dispose()


def _policies(url: str, on: bool) -> None:
    """As the owner: switch row-level security on or off on every table (the bench's database only)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = (
            conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        )
        for table in tables:
            if on:
                conn.execute(text(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY'))
                conn.execute(text(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY'))
            else:
                conn.execute(text(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY'))
                conn.execute(text(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY'))
    engine.dispose()


def _both(owner_url: str, measure: Callable[[], list[tuple[str, float, float, str]]]) -> tuple[list, list]:  # type: ignore[type-arg]
    with_rls = measure()
    _policies(owner_url, on=False)
    try:
        without = measure()
    finally:
        _policies(owner_url, on=True)
    return with_rls, without


def _ratios(label: str, with_rls: list, without: list) -> list[tuple[str, float, float, str]]:  # type: ignore[type-arg]
    rows = [(f"{name} [met RLS]", value, target, unit) for name, value, target, unit in with_rls]
    for (name, on, _t, _u), (_n, off, _t2, _u2) in zip(with_rls, without, strict=True):
        rows.append(
            (f"{name}: met / zonder RLS ({label}; zonder {off * 1000:.1f} ms)", on / off, RATIO_TARGET, "×")
        )
    return rows


def run() -> list[tuple[str, float, float, str]]:
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not pg:
        print("bench_rls: geen PostgreSQL (BENCH_DATABASE_URL of TEST_DATABASE_URL); overgeslagen")
        return []
    rows: list[tuple[str, float, float, str]] = []
    with _database(pg) as url:  # the board, as a contactpersoon of Utrecht
        bench_board._fill(url)
        person = _person(url, "cp-utrecht")

        def board() -> list[tuple[str, float, float, str]]:
            return [
                (
                    "bord PostgreSQL, eigen login",
                    bench_board._measure(person, as_login=True),
                    bench_board.TARGET,
                    "s",
                )
            ]

        try:
            rows += _ratios("bord", *_both(url, board))
        finally:
            _drop_role(pg, person)
    with _database(pg) as url:  # the case list, as the consulent who has the 50,000 dossiers
        bench_cases._fill(url)
        person = _person(url, "bench")
        try:
            login = make_url(person).username or ""
            label = "PostgreSQL, eigen login"
            rows += _ratios("dossiers", *_both(url, lambda: bench_cases._measure(person, label, login)))
        finally:
            _drop_role(pg, person)
    return rows
