"""Vandaag's counts for a municipality on the 50,000-dossier benchmark database.

The database of ``bench_cases`` (50,000 dossiers and 100,000 handovers of Utrecht) plus a koppeling
per dossier (2 % of them swapped in from other municipalities), 2,000 dwellings (a tenth reserved),
500 swaps and 200 posts across the region. Measured: ``module_counts`` (what the badges run every
two minutes) for a consulent and a contactpersoon of Utrecht and a regio-coördinator (region-wide),
each in its own unit of work with the commit. Target under 200 ms. The floor, measured in the same
run, is a bare ``SELECT COUNT(*) FROM dossiers``: the ratio says how many such scans the counts cost.
SQLite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL points at a server whose
role may CREATE DATABASE.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text

from bench.bench_cases import CODE, DOSSIERS, on_each_database
from bench.bench_cases import _fill as fill_cases

TARGET = 0.200
OTHERS = ("GM0355", "GM0312", "GM0356", "GM0353")  # Zeist, Bunnik, Nieuwegein, IJsselstein


def _fill(url: str) -> None:
    from app.db.models import BoardPost, Dwelling, Gemeente, Koppeling, SwapRow, User
    from app.db.session import Database
    from app.domain.periods import Period
    from app.domain.roles import Role
    from app.services.access import Actor
    from app.services.region import ensure_periods

    fill_cases(url)
    db = Database(url)
    rng = random.Random(13)
    today, now = date.today(), datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    with db.unit_of_work() as session:
        ids = dict(session.execute(select(Gemeente.cbs_code, Gemeente.id)).all())  # type: ignore[arg-type]
        own, others = ids[CODE], [ids[c] for c in OTHERS if c in ids]
        session.add(User(login="bench-cp", name="Bench Contact", role=Role.CONTACTPERSOON, gemeente_id=own))
        session.add(
            User(login="bench-regio", name="Bench Regio", role=Role.REGIO_COORDINATOR, gemeente_id=own)
        )
        period = ensure_periods(session, Period.containing(today), Period.containing(today))[0]
        Actor.system_actor("bench")  # nothing is logged: plain inserts
        dossiers = session.execute(text("SELECT v_nummer, linked_on, moving_date FROM dossiers")).all()
        koppelingen = []
        for v_nummer, linked_on, moving in dossiers:
            linked = linked_on if isinstance(linked_on, date) else date.fromisoformat(str(linked_on))
            moved = moving if isinstance(moving, date) else date.fromisoformat(str(moving))
            swapped = rng.random() < 0.02
            housed = moved if moved < today and not swapped else None
            koppelingen.append({
                "v_nummer": v_nummer, "gemeente_id": rng.choice(others) if swapped else own,
                "linked_on": linked, "persons": 3, "adults": 2, "children": 1, "languages": "Arabisch",
                "azc_location": "AZC Utrecht", "expected_followers": 0, "needs_accessible": False,
                "needs_ground_floor": False, "medical_proximity": False,
                "status": "uitgeruild" if swapped else ("gehuisvest" if housed else "gekoppeld"),
                "housed_gemeente_id": own if (swapped or housed) else None, "housed_on": housed, "notes": "",
                **stamp,
            })  # fmt: skip
        session.execute(Koppeling.__table__.insert(), koppelingen)
        session.execute(
            text("UPDATE dossiers SET koppeling_id = "
                 "(SELECT k.id FROM koppelingen k WHERE k.v_nummer = dossiers.v_nummer)")
        )  # fmt: skip
        open_ids = list(session.scalars(select(Koppeling.id).where(Koppeling.housed_on.is_(None)).limit(400)))
        everyone = [own, *others]
        dwellings = []
        for n in range(2000):
            reserved = n % 10 == 0 and n // 10 < len(open_ids)
            dwellings.append({
                "gemeente_id": rng.choice(everyone), "corporation": "Mitros", "reference": f"B-{n}",
                "address": f"Bankastraat {n}", "kind": "appartement", "bedrooms": 2, "max_occupants": 4,
                "available_from": today - timedelta(days=rng.randrange(0, 200)), "accessible": False,
                "ground_floor": False, "status": "gereserveerd" if reserved else "beschikbaar",
                "reserved_for_id": open_ids[n // 10] if reserved else None, **stamp,
            })  # fmt: skip
        session.execute(Dwelling.__table__.insert(), dwellings)
        swaps = []
        for n in range(500):
            host, owner = rng.sample(everyone, 2)
            agreed = n % 3 == 0
            swaps.append({
                "host_gemeente_id": host, "owner_gemeente_id": owner, "period_id": period.id, "persons": 3,
                "settles_ids": "", "status": "akkoord" if agreed else "voorgesteld", "note": "",
                "proposed_by": "bench", "proposed_at": now, "host_agreed_by": "bench", "host_agreed_at": now,
                "owner_agreed_by": "bench" if agreed else None, "owner_agreed_at": now if agreed else None,
                "close_reason": "", **stamp,
            })  # fmt: skip
        session.execute(SwapRow.__table__.insert(), swaps)
        posts = [
            {"gemeente_id": rng.choice(everyone), "kind": "huishouden_zoekt", "persons": 4, "text": "Gezin",
             "status": "open" if n % 2 else "afgehandeld", "posted_by": "bench", **stamp}
            for n in range(200)
        ]  # fmt: skip
        session.execute(BoardPost.__table__.insert(), posts)
    db.dispose()


def _median(db: Any, fn: Any, runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        with db.unit_of_work() as session:
            start = time.perf_counter()
            fn(session)
            session.commit()
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def _measure(url: str, label: str) -> list[tuple[str, float, float, str]]:
    from app.db.session import Database
    from app.services.today import module_counts
    from app.services.users import sign_in

    db = Database(url)
    floor = _median(db, lambda s: s.execute(text("SELECT COUNT(*) FROM dossiers")).scalar())
    rows = []
    for login, who in (("bench", "consulent"), ("bench-cp", "contactpersoon"), ("bench-regio", "regio")):
        with db.unit_of_work() as session:
            actor = sign_in(session, login)
        with db.unit_of_work() as session:
            counts = module_counts(session, actor)
        seconds = _median(db, lambda s, a=actor: module_counts(s, a))
        ratio = seconds / floor if floor else float("inf")
        print(f"  {label} {who}: {counts} — {seconds * 1000:.1f} ms, {ratio:.1f}× de vloer "
              f"(COUNT(*) dossiers {floor * 1000:.1f} ms); doel < {TARGET * 1000:.0f} ms: "
              f"{'ok' if seconds <= TARGET else 'TE TRAAG'}")  # fmt: skip
        rows.append((f"Vandaag-tellingen {who} ({label}, {DOSSIERS} dossiers; {ratio:.1f}× COUNT(*))",
                     seconds, TARGET, "s"))  # fmt: skip
    db.dispose()
    return rows


def run() -> list[tuple[str, float, float, str]]:
    return on_each_database(_fill, _measure)
