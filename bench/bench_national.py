"""National scale: can the same server serve a province or the country?

A generated database of 342 municipalities (the 16 of the region plus 326 made up), six half years
of taakstellingen, 100,000 koppelingen (most housed, the recent ones waiting, some with an offer) and
100,000 dwellings (assigned, reserved and a few thousand free). Measured, each in its own unit of
work with its access-log row: the overview's figures (``load_overview`` without the forecast: the
board and COA's check, what the window shows first; target under 200 ms) and the forecast for every
municipality (``forecast_region``, target under 2 s; the window adds it to the overview when ready).
Floors in the same run: the bare GROUP BY of the koppelingen per municipality and status (what any
overview must read at least), and the bare read of the columns the forecast loads. SQLite always;
PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (the targets are about PostgreSQL,
the server the region shares; the SQLite overview and forecast are printed for information, without a target).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from sqlalchemy import create_engine, insert, make_url, select, text

from bench.bench_cases import on_each_database
from bench.bench_rls import _drop_role

TODAY = date(2026, 12, 2)
MUNICIPALITIES = 342
KOPPELINGEN = 100_000
DWELLINGS = 100_000
TARGET_OVERVIEW = 0.200
TARGET_FORECAST = 2.0
RUNS = 9  # the overview and its floor; the forecast 3 times
PERSON = "bench-regio"  # a regio-coördinator; on PostgreSQL also measured with an own login
FLOOR_OVERVIEW = "SELECT gemeente_id, status, count(*), sum(persons) FROM koppelingen GROUP BY 1, 2"
FLOOR_FORECAST = (
    "SELECT id, gemeente_id, linked_on, persons, status, offered_on, housed_on FROM koppelingen "
    "WHERE linked_on >= :since OR housed_on IS NULL"
)


def _fill(url: str) -> None:
    from app.bootstrap import prepare
    from app.db.models import (
        Dwelling,
        DwellingKind,
        DwellingStatus,
        Gemeente,
        Koppeling,
        KoppelingStatus,
        PeriodRow,
        Taakstelling,
        User,
    )
    from app.db.session import Database
    from app.domain.periods import Period
    from app.domain.roles import Role
    from app.services.region import ensure_periods

    db = Database(url)
    prepare(db)
    rng = random.Random(342)
    now = datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    with db.unit_of_work() as session:
        have = session.scalar(select(text("count(*)")).select_from(Gemeente))
        session.execute(
            insert(Gemeente),
            [
                {"cbs_code": f"GM{9000 + i:04d}", "name": f"Gemeente {i:03d}",
                 "population": rng.randrange(6_000, 120_000), "subregion": "", "active": True, **stamp}
                for i in range(MUNICIPALITIES - int(have or 0))
            ],
        )  # fmt: skip
        last = Period.containing(TODAY)
        first = last
        for _ in range(5):
            first = first.previous()
        ensure_periods(session, first, last)
        session.flush()
        gemeenten = list(session.execute(select(Gemeente.id, Gemeente.population)))
        periods = list(session.scalars(select(PeriodRow).order_by(PeriodRow.year, PeriodRow.half)))
        weight = sum(p for _, p in gemeenten)
        per_period = KOPPELINGEN * 3.2 / len(periods)  # persons linked per half year, nationally
        session.execute(
            insert(Taakstelling),
            [
                {"gemeente_id": g, "period_id": p.id, "persons": round(per_period * pop / weight),
                 "backlog_in": 0 if i == 0 else None, "source": "bench", **stamp}
                for g, pop in gemeenten
                for i, p in enumerate(periods)
            ],
        )  # fmt: skip
        start = periods[0].start_date
        span = (TODAY - start).days
        rows = []
        # The same draws as weights=...; choices() would accumulate the 342 weights on every call.
        cumulative = list(accumulate(p for _, p in gemeenten))
        for n in range(KOPPELINGEN):
            gid, _ = rng.choices(gemeenten, cum_weights=cumulative)[0]
            linked = start + timedelta(days=rng.randrange(span))
            persons = rng.choice([1, 1, 1, 2, 3, 4, 5, 6])
            moves = linked + timedelta(days=rng.randrange(35, 120))
            housed = moves <= TODAY
            status = KoppelingStatus.GEHUISVEST if housed else KoppelingStatus.GEKOPPELD
            offered = None
            if not housed and rng.random() < 0.4:
                status, offered = KoppelingStatus.WONING_AANGEBODEN, linked + timedelta(days=30)
            rows.append({
                "v_nummer": f"{3_000_000_000 + n:010d}", "gemeente_id": gid, "linked_on": linked,
                "persons": persons, "adults": 1, "children": persons - 1, "status": status,
                "offered_on": offered, "housed_on": moves if housed else None,
                "housed_gemeente_id": gid if housed else None, **stamp,
            })  # fmt: skip
        returning = insert(Koppeling).returning(Koppeling.id, sort_by_parameter_order=True)
        ids = session.scalars(returning, rows).all()
        dwellings = []
        for n in range(DWELLINGS):
            k = rows[n] if n < len(rows) else None
            free = k is None or k["status"] is KoppelingStatus.GEKOPPELD
            bedrooms = rng.choice([1, 1, 2, 2, 3, 4])
            dwellings.append({
                "gemeente_id": k["gemeente_id"] if k else gemeenten[0][0], "corporation": "Bench",
                "reference": f"B-{n}", "address": "", "kind": DwellingKind.APPARTEMENT, "bedrooms": bedrooms,
                "max_occupants": bedrooms * 2, "available_from": (k["housed_on"] or TODAY) if k else TODAY,
                "accessible": False, "ground_floor": False,
                "status": DwellingStatus.BESCHIKBAAR if free else (
                    DwellingStatus.TOEGEWEZEN if k["housed_on"] else DwellingStatus.GERESERVEERD),
                "reserved_for_id": None if free else ids[n], **stamp,
            })  # fmt: skip
        session.execute(insert(Dwelling), dwellings)
        session.add(User(login=PERSON, name="Bench Regio", role=Role.REGIO_COORDINATOR, gemeente_id=None))
    db.engine.dispose()
    if db.engine.dialect.name == "postgresql":
        # A server that has taken in 100,000 rows has been vacuumed by autovacuum (its insert
        # threshold) by the time anyone reads them; without it the visibility map is empty.
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text("VACUUM koppelingen"))
            conn.execute(text("VACUUM dwellings"))


def _overview_times(url: str, login: str | None) -> tuple[list[float], list[float]]:
    """The overview's figures and the floor, alternating in ``RUNS`` rounds (one unit of work each,
    so both see the same load), as ``login`` (None: the system actor on the bench's own login)."""
    from app.db.session import Database
    from app.domain.periods import Period
    from app.services.access import Actor
    from app.services.board.overview import load_overview
    from app.services.users import sign_in

    db = Database(url)
    with db.unit_of_work() as session:
        actor = sign_in(session, login) if login else Actor.system_actor("bench")
    period = Period.containing(TODAY)
    overview: list[float] = []
    floor: list[float] = []
    for _ in range(RUNS + 1):  # the first round warms the caches and is dropped
        with db.unit_of_work() as session:
            start = time.perf_counter()
            session.execute(text(FLOOR_OVERVIEW)).all()
            floor.append(time.perf_counter() - start)
        with db.unit_of_work() as session:
            start = time.perf_counter()
            board = load_overview(session, actor, period, today=TODAY, with_forecast=False)
            overview.append(time.perf_counter() - start)
        assert len(board.rows) == MUNICIPALITIES
    db.engine.dispose()
    return overview[1:], floor[1:]


def _spread(values: list[float]) -> str:
    return (
        f"min {min(values) * 1000:.0f} / mediaan {statistics.median(values) * 1000:.0f} / "
        f"max {max(values) * 1000:.0f} ms"
    )


def _measure(url: str, label: str) -> list[tuple[str, float, float | None, str]]:
    from app.db.session import Database
    from app.domain.periods import Period
    from app.services.access import Actor
    from app.services.forecast import forecast_region

    results = []
    logins: list[tuple[str, str, str | None]] = [(label, url, None)]
    person_url = None
    if url.startswith("postgresql"):
        from bench.bench_rls import _person

        person_url = _person(url, PERSON)
        logins.append((f"{label}, eigen login met RLS", person_url, make_url(person_url).username))
    try:
        for name, login_url, login in logins:
            overview, floor = _overview_times(login_url, login)
            ratio = statistics.median(overview) / statistics.median(floor)  # same rounds, same load
            print(
                f"{name}: {MUNICIPALITIES} gemeenten, {KOPPELINGEN:,} koppelingen, {DWELLINGS:,} woningen — "
                f"overzicht {_spread(overview)}; kale GROUP BY {_spread(floor)}; verhouding {ratio:.1f}"
            )
            median = statistics.median(overview)
            # The national targets are about PostgreSQL, the server a province or the country
            # would share; the embedded SQLite default serves one PC, so its overview is information.
            target = TARGET_OVERVIEW if url.startswith("postgresql") else None
            results.append((f"landelijk overzicht ({name})", median, target, "s"))
    finally:
        if person_url:
            pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or url
            _drop_role(pg, person_url)

    db = Database(url)
    actor = Actor.system_actor("bench")
    period = Period.containing(TODAY)
    since = TODAY - timedelta(days=730)
    times: dict[str, list[float]] = {"forecast": [], "floor_f": []}
    for _ in range(3):
        with db.unit_of_work() as session:
            start = time.perf_counter()
            session.execute(text(FLOOR_FORECAST), {"since": since}).all()
            times["floor_f"].append(time.perf_counter() - start)
        with db.unit_of_work() as session:
            start = time.perf_counter()
            forecast = forecast_region(session, actor, period, today=TODAY)
            times["forecast"].append(time.perf_counter() - start)
    assert len(forecast.rows) == MUNICIPALITIES
    med = {k: statistics.median(v) for k, v in times.items()}
    print(
        f"{label}: voorspelling {_spread(times['forecast'])} (kale lezing {med['floor_f'] * 1000:.0f} ms, "
        f"verhouding {med['forecast'] / med['floor_f']:.1f})"
    )
    db.engine.dispose()
    # As for the overview: the national target is about PostgreSQL; SQLite's figure is information.
    target = TARGET_FORECAST if url.startswith("postgresql") else None
    return [*results, (f"landelijke voorspelling ({label})", med["forecast"], target, "s")]


def run() -> list[tuple[str, float, float | None, str]]:
    return on_each_database(_fill, _measure)
