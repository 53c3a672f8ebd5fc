"""Case list with 50,000 dossiers (and 100,000 handovers) of one municipality, paged and filtered in SQL.

Targets: opening the list (first page, with its access-log row and commit) under 300 ms; a filter
change (a typed name part, a V-nummer part, a status, another sort) under 100 ms; the "te laat"
work list under 100 ms. SQLite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL
points at a server whose role may CREATE DATABASE.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import create_engine, make_url, select, text

DOSSIERS = 50_000
OPEN_TARGET = 0.300
FILTER_TARGET = 0.100
CODE = "GM0344"


def _fill(url: str) -> None:
    from app.bootstrap import prepare
    from app.db.models import Dossier, Gemeente, Handover, User
    from app.db.session import Database
    from app.demo.cases import POOLS
    from app.domain.case_dossier import DossierStatus, search_text
    from app.domain.handover import HandoverKind
    from app.domain.roles import Role

    db = Database(url)
    prepare(db)
    rng = random.Random(5)
    pools = list(POOLS.values())
    today = date.today()
    now = datetime.now(UTC)
    with db.unit_of_work() as session:
        gemeente_id = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == CODE))
        session.add(User(login="bench", name="Bench Gebruiker", role=Role.CONSULENT, gemeente_id=gemeente_id))
        rows = []
        for n in range(DOSSIERS):
            firsts, families = rng.choice(pools)
            head = f"{rng.choice(firsts)} {rng.choice(families)}"
            partner = f"{rng.choice(firsts)} {rng.choice(families)}"
            v_nummer = f"{1_000_000_000 + n * 7:010d}"
            linked = today - timedelta(days=rng.randrange(0, 3000))  # eight years of households
            rows.append(
                {
                    "gemeente_id": gemeente_id,
                    "v_nummer": v_nummer,
                    "status": DossierStatus.GESLOTEN if rng.random() < 0.6 else DossierStatus.OPEN,
                    "linked_on": linked,
                    "moving_date": linked + timedelta(days=rng.randrange(30, 120)),
                    "address_after_move": f"Lindelaan {n % 300 + 1}",
                    "expected_followers": 0,
                    "head_name": head,
                    "member_count": rng.randrange(1, 8),
                    "search_text": search_text(v_nummer, head, partner),
                    "created_by": "bench",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        table = Dossier.__table__
        session.execute(table.insert(), rows)
        ids = list(session.scalars(select(Dossier.id).order_by(Dossier.id)))
        handovers = []
        for n in range(2 * DOSSIERS):
            due = rows[n // 2]["moving_date"] + timedelta(days=14 if n % 2 else 0)
            handovers.append(
                {
                    "dossier_id": ids[n // 2],
                    "kind": HandoverKind.GCA_HUISARTS if n % 2 else HandoverKind.VWN_MB,
                    "status": _status(rng, (due - today).days),
                    "due_on": due,
                    "created_by": "bench",
                    "sender_org": "GCA",
                    "receiver_org": "Huisartsenpraktijk De Linde",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        session.execute(Handover.__table__.insert(), handovers)
    db.dispose()


def _status(rng: random.Random, ahead: int):  # type: ignore[no-untyped-def]
    """Like real data: long past handovers are mostly closed, a few got stuck and are late."""
    from app.domain.handover import FINAL, OPEN, PENDING

    if ahead >= 0:
        return rng.choice(PENDING)
    closed_share = 0.99 if ahead < -60 else 0.6
    return rng.choice(sorted(FINAL)) if rng.random() < closed_share else rng.choice(OPEN)


def _median(db, actor, fn, runs: int = 9) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        with db.unit_of_work() as session:
            start = time.perf_counter()
            fn(session, actor)
            session.commit()
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def _measure(url: str, label: str, login: str = "bench") -> list[tuple[str, float, float, str]]:
    from app.db.session import Database
    from app.domain.case_dossier import DossierStatus
    from app.services.cases.dossiers import DossierFilter, list_dossiers
    from app.services.cases.worklists import WorkList, WorkListFilter, list_worklist
    from app.services.users import sign_in

    db = Database(url)
    with db.unit_of_work() as session:
        actor = sign_in(session, login)
    first_open = time.perf_counter()
    with db.unit_of_work() as session:
        rows, total = list_dossiers(session, actor, DossierFilter(limit=100))
    cold = time.perf_counter() - first_open
    assert total == DOSSIERS and len(rows) == 100
    warm = _median(db, actor, lambda s, a: list_dossiers(s, a, DossierFilter(limit=100)))
    filters = [
        DossierFilter(text="ozd", limit=100),
        DossierFilter(text="ghebreyesus", statuses=(DossierStatus.OPEN,), limit=100),
        DossierFilter(text="1000034", limit=100),
        DossierFilter(statuses=(DossierStatus.OPEN,), limit=100),
        DossierFilter(sort="moving_date", descending=True, limit=100),
    ]
    worst = max(_median(db, actor, lambda s, a, f=f: list_dossiers(s, a, f)) for f in filters)
    late = _median(
        db, actor, lambda s, a: list_worklist(s, a, WorkListFilter(worklist=WorkList.TE_LAAT, limit=200))
    )
    db.dispose()
    return [
        (f"dossierlijst openen, eerste keer ({label}, {DOSSIERS} dossiers)", cold, OPEN_TARGET, "s"),
        (f"dossierlijst openen ({label})", warm, OPEN_TARGET, "s"),
        (f"filter wijzigen, traagste van 5 ({label})", worst, FILTER_TARGET, "s"),
        (f"werklijst te laat ({label}, {2 * DOSSIERS} overdrachten)", late, FILTER_TARGET, "s"),
    ]


def on_each_database(
    fill: Callable[[str], None], measure: Callable[[str, str], list[tuple[str, float, float | None, str]]]
) -> list[tuple[str, float, float | None, str]]:
    """``fill`` a new SQLite file and ``measure`` it; then the same on a new PostgreSQL database
    (analysed after filling, dropped afterwards) when BENCH_DATABASE_URL or TEST_DATABASE_URL is set."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+pysqlite:///{tmp}/bench.db"
        fill(url)
        rows += measure(url, "SQLite")
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
            fill(url)
            with create_engine(url).begin() as conn:
                conn.execute(text("ANALYZE"))
            rows += measure(url, "PostgreSQL")
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return rows


def run() -> list[tuple[str, float, float, str]]:
    return on_each_database(_fill, _measure)
