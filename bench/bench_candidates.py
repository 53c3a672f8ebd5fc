"""Candidate suggestions for a challenge with 200 open places over 20,000 dossier members.

20,000 members (in 6,000 open dossiers of Utrecht, the consulent's municipality), each with a work
profile (language level A0–C1, education, one or two sectors of experience, an interest, hours,
a maximum travel time), and one challenge with 40 pledges of 5 places each (200 open places) at
employers across the region, a third open to the whole region. Measured: ``suggest_candidates``
for a consulent, in its own unit of work with the access-log row and the commit — the profiles
read, the constraints and scores (200 × 20,000 pairs), the assignment and the explanations. Target
under 1 s. The floor, measured in the same run, is the bare SELECT of the 20,000 profiles the
suggestions read: the ratio says what the matching costs on top. SQLite always; PostgreSQL too when
BENCH_DATABASE_URL or TEST_DATABASE_URL points at a server whose role may CREATE DATABASE.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text

from bench.bench_cases import on_each_database

TARGET = 1.0
MEMBERS = 20_000
DOSSIERS = 6_000
PLEDGES, PLACES_EACH = 40, 5
FLOOR_SQL = (
    "SELECT w.member_id, d.gemeente_id, w.language_level, w.education_level, w.experience_sectors,"
    " w.interests, w.available_hours, w.available_from, w.max_travel_minutes FROM work_profiles w"
    " JOIN dossiers d ON d.id = w.dossier_id WHERE d.gemeente_id = :g AND d.status = 'open'"
)
LEVELS = ["A0", "A1", "A1", "A2", "A2", "A2", "B1", "B1", "B2", "C1"]
EDUCATION = ["", "geen", "basis", "middelbaar", "mbo", "mbo", "hbo", "wo"]
SECTORS = "ACFGHIMNQS"


def _fill(url: str) -> None:
    from app.bootstrap import prepare
    from app.db.models import Challenge, Dossier, DossierMember, Employer, Gemeente, Pledge, User, WorkProfile
    from app.db.session import Database
    from app.domain.case_dossier import DossierStatus, MemberRole
    from app.domain.challenges import PlaceKind
    from app.domain.roles import Role

    db = Database(url)
    prepare(db)
    rng = random.Random(15)
    today, now = date.today(), datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    with db.unit_of_work() as session:
        ids = dict(session.execute(select(Gemeente.cbs_code, Gemeente.id)).all())  # type: ignore[arg-type]
        utrecht = ids["GM0344"]
        session.add(
            User(login="bench-cons", name="Bench Consulent", role=Role.CONSULENT, gemeente_id=utrecht)
        )
        session.execute(Dossier.__table__.insert(), [
            {"gemeente_id": utrecht, "v_nummer": f"{3_000_000_000 + n * 7:010d}",
             "status": DossierStatus.OPEN,
             "linked_on": today - timedelta(days=rng.randrange(0, 2000)), "expected_followers": 0,
             "head_name": "", "member_count": 0, "search_text": "", "created_by": "bench",
             "address_after_move": "", **stamp}
            for n in range(DOSSIERS)
        ])  # fmt: skip
        dossier_ids = list(session.scalars(select(Dossier.id)))
        members = [
            {"dossier_id": dossier_ids[n % DOSSIERS], "name": f"Lid {n}", "role": MemberRole.HOOFDAANVRAGER,
             "languages": "", "interpreter_needed": False, "pre_integration_hours": 0,
             "pre_integration_language_hours": 0, **stamp}
            for n in range(MEMBERS)
        ]  # fmt: skip
        session.execute(DossierMember.__table__.insert(), members)
        rows = session.execute(select(DossierMember.id, DossierMember.dossier_id)).all()
        session.execute(WorkProfile.__table__.insert(), [
            {"dossier_id": d, "member_id": m, "education_level": rng.choice(EDUCATION),
             "experience_sectors": "".join(sorted(set(rng.sample(SECTORS, rng.randrange(0, 3))))),
             "experience_text": "", "language_level": rng.choice(LEVELS),
             "available_hours": rng.choice([None, 8, 16, 24, 32, 36, 40]),
             "available_from": None if rng.random() < 0.7 else today + timedelta(days=rng.randrange(0, 120)),
             "interests": rng.choice(SECTORS), "max_travel_minutes": rng.choice([None, 30, 45, 60, 90]),
             "recorded_by": "bench", **stamp}
            for m, d in rows
        ])  # fmt: skip
        codes = sorted(ids)
        employers = [Employer(gemeente_id=ids[rng.choice(codes)], name=f"Werkgever {n}",
                              sector=rng.choice(SECTORS), created_by="bench")
                     for n in range(PLEDGES)]  # fmt: skip
        session.add_all(employers)
        challenge = Challenge(gemeente_id=utrecht, title="Bench challenge", held_on=today, created_by="bench")
        session.add(challenge)
        session.flush()
        for n, employer in enumerate(employers):
            local = n % 3 == 0  # a third in Utrecht itself, the rest elsewhere and open to the region
            session.add(Pledge(
                gemeente_id=utrecht if local else employer.gemeente_id, employer_id=employer.id,
                challenge_id=challenge.id, kind=rng.choice(list(PlaceKind)), places=PLACES_EACH,
                sector=employer.sector, language_level=rng.choice(["", "A1", "A2", "B1"]),
                hours=rng.choice([None, 16, 24, 32]), pledged_on=today, open_to_region=not local,
                created_by="bench",
            ))  # fmt: skip
    db.dispose()


def _median(db: Any, fn: Any, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        with db.unit_of_work() as session:
            start = time.perf_counter()
            fn(session)
            session.commit()
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def _measure(url: str, label: str) -> list[tuple[str, float, float, str]]:
    from app.db.models import Challenge, Gemeente
    from app.db.session import Database
    from app.services.challenges.suggestions import open_places, suggest_candidates
    from app.services.users import sign_in

    db = Database(url)
    with db.unit_of_work() as session:
        actor = sign_in(session, "bench-cons")
        challenge_id = session.scalars(select(Challenge.id)).one()
        utrecht = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == "GM0344"))
        places = sum(p.open for p in open_places(session, actor, challenge_id))
    floor = _median(db, lambda s: s.execute(text(FLOOR_SQL), {"g": utrecht}).all())
    with db.unit_of_work() as session:
        found = suggest_candidates(session, actor, challenge_id)
        mean = sum(f.score for f in found) / max(len(found), 1)
    seconds = _median(db, lambda s: suggest_candidates(s, actor, challenge_id))
    ratio = seconds / floor if floor else float("inf")
    print(f"  {label}: {places} open plaatsen, {MEMBERS} leden met werkprofiel, {len(found)} voorstellen "
          f"(gemiddelde score {mean:.0f}) — {seconds * 1000:.0f} ms, {ratio:.1f}× de vloer (profielen lezen "
          f"{floor * 1000:.0f} ms); doel < {TARGET * 1000:.0f} ms: "
          f"{'ok' if seconds <= TARGET else 'TE TRAAG'}")  # fmt: skip
    db.dispose()
    return [
        (f"kandidaatsuggesties, {places} plaatsen × {MEMBERS} leden ({label}; {ratio:.1f}× profielen lezen)",
         seconds, TARGET, "s"),
    ]  # fmt: skip


def run() -> list[tuple[str, float, float, str]]:
    return on_each_database(_fill, _measure)
