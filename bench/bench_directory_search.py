"""Filtering the volunteer-initiative directory in the service, on 5,000 initiatives.

5,000 initiatives across the 16 municipalities, made by the demo's own generator (kinds, languages,
target groups with ages, open to the region, check dates). Measured: ``search_initiatives`` for six
filters a coordinator sets (municipality with the region, a language, free text, youth of an age,
places only, the *Te controleren* list of one owner), each in its own unit of work with its commit;
the figure is the slowest filter's median. Target under 50 ms. The floor, measured in the same run,
is the bare SELECT of the same rows and columns the service reads: the ratio says what the service
adds to reading them (the access-log row, building the facts, filtering and ranking in Python).

SQLite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL points at a server whose
role may CREATE DATABASE and CREATE ROLE: there it is measured as a consulent's own login, with the
row-level security policies on.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import date
from typing import Any

from sqlalchemy import select

from bench.bench_cases import on_each_database

TARGET = 0.050
INITIATIVES = 5000
LOGIN = "bench-cons"
CODE = "GM0344"  # Utrecht


def _fill(url: str) -> None:
    from app.bootstrap import prepare
    from app.db.models import Gemeente, Initiative, User
    from app.db.session import Database
    from app.demo.case_journey import _insert
    from app.demo.directory import _initiative
    from app.domain.roles import Role

    db = Database(url)
    prepare(db)
    rng = random.Random(14)
    today = date.today()
    with db.unit_of_work() as session:
        gemeenten = list(session.scalars(select(Gemeente).order_by(Gemeente.cbs_code)))
        codes = [g.cbs_code for g in gemeenten]
        own = next(g for g in gemeenten if g.cbs_code == CODE)
        session.add(User(login=LOGIN, name="Bench Consulent", role=Role.CONSULENT, gemeente_id=own.id))
        rows = [_initiative(rng, rng.choice(gemeenten), codes, today, n) for n in range(INITIATIVES)]
        session.execute(_insert(Initiative), rows)
    db.dispose()


def _filters() -> list[tuple[str, Any]]:
    from app.domain.directory import InitiativeFilter, InitiativeStatus

    return [
        ("gemeente + regio", InitiativeFilter(gemeente=CODE)),
        ("taal ar", InitiativeFilter(gemeente=CODE, languages=frozenset({"ar"}))),
        ("tekst", InitiativeFilter(text="taalcafé de brug")),
        ("jeugd van 14", InitiativeFilter(groups=frozenset({"jeugd"}), ages=(14,))),
        ("met plek", InitiativeFilter(gemeente=CODE, places_only=True, kinds=frozenset({"sport"}))),
        (
            "te controleren",
            InitiativeFilter(
                owner_gemeente=CODE,
                unchecked_months=6,
                statuses=frozenset({InitiativeStatus.ACTIEF, InitiativeStatus.TIJDELIJK_GESTOPT}),
            ),
        ),
    ]


def _median(db: Any, fn: Any, runs: int = 11) -> float:
    times = []
    for _ in range(runs):
        with db.unit_of_work() as session:
            start = time.perf_counter()
            fn(session)
            session.commit()
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def _measure(url: str, label: str) -> list[tuple[str, float, float, str]]:
    from app.auth.identity import resolve_actor
    from app.db.session import Database
    from app.services.directory.search import _ROW_COLUMNS, search_initiatives
    from app.services.users import sign_in

    person = None
    if url.startswith("postgresql"):
        from bench.bench_rls import _person

        person = _person(url, LOGIN)  # a real login: the policies apply as in use
        label = f"{label}, eigen login"
    db = Database(person or url)
    try:
        if person:
            actor = resolve_actor(db)
        else:
            with db.unit_of_work() as session:
                actor = sign_in(session, LOGIN)
        floor = _median(db, lambda s: s.execute(select(*_ROW_COLUMNS)).all())
        today = date.today()
        figures = []
        for name, flt in _filters():
            with db.unit_of_work() as session:
                hits = len(search_initiatives(session, actor, flt, today))
            seconds = _median(db, lambda s, f=flt: search_initiatives(s, actor, f, today))
            figures.append((seconds, name, hits))
            print(f"  {label} {name}: {hits} treffers — {seconds * 1000:.1f} ms")
        worst, name, _hits = max(figures)
        ratio = worst / floor if floor else float("inf")
        print(
            f"  {label}: traagste filter '{name}' {worst * 1000:.1f} ms, {ratio:.1f}× de vloer "
            f"(kale SELECT van {INITIATIVES} rijen {floor * 1000:.1f} ms); doel < {TARGET * 1000:.0f} ms: "
            f"{'ok' if worst <= TARGET else 'TE TRAAG'}"
        )
    finally:
        db.dispose()
        if person:
            from bench.bench_rls import _drop_role

            pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or ""
            _drop_role(pg, person)
    return [
        (
            f"initiatieven filteren, traagste van 6 ({label}, {INITIATIVES} initiatieven; "
            f"{ratio:.1f}× kale SELECT)",
            worst,
            TARGET,
            "s",
        )
    ]


def run() -> list[tuple[str, float, float, str]]:
    return on_each_database(_fill, _measure)
