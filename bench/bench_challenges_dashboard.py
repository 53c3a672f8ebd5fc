"""The challenge dashboard for the 16 municipalities on a busy year.

4,000 dossiers with two members each, 300 employers, 3,000 pledges in the year (and as many the year
before, which must be skipped), 20,000 candidates over every pipeline step with their history (about
four status changes each: 80,000 rows), and targets naar rato. Measured: ``challenge_dashboard`` for a
contactpersoon, in its own unit of work with the access-log row and the commit. Target under 100 ms.
The floor, measured in the same run, is the bare GROUP BY of the candidates per pledge and step (what
``dl_pledge_counts()`` runs): the ratio says what the funnel over the history, the targets and the
report cost on top. SQLite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL points
at a server whose role may CREATE DATABASE.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, text

from bench.bench_cases import on_each_database
from bench.bench_directory_gaps import _median

TARGET = 0.100
DOSSIERS = 4_000
EMPLOYERS = 300
PLEDGES = 3_000  # per year, two years
CANDIDATES = 20_000
YEAR = 2026
FLOOR_SQL = "SELECT pledge_id, status, count(*) FROM candidates GROUP BY 1, 2"


def _fill(url: str) -> None:
    from app.bootstrap import prepare
    from app.db.models import (
        Candidate,
        CandidateStatusChange,
        ChallengeTarget,
        Dossier,
        DossierMember,
        Employer,
        Gemeente,
        Pledge,
        User,
    )
    from app.db.session import Database
    from app.domain.case_dossier import DossierStatus, MemberRole
    from app.domain.challenges import PIPELINE, CandidateStatus, PlaceKind, StopReason, split_naar_rato
    from app.domain.roles import Role

    db = Database(url)
    prepare(db)
    rng = random.Random(15)
    now = datetime.now(UTC)
    stamp = {"version": 1, "created_at": now, "updated_at": now}
    with db.unit_of_work() as session:
        ids = dict(session.execute(select(Gemeente.cbs_code, Gemeente.id)).all())  # type: ignore[arg-type]
        people = dict(session.execute(select(Gemeente.id, Gemeente.population)).all())
        gids = sorted(ids.values())
        session.add(
            User(login="bench-cp", name="Bench Contact", role=Role.CONTACTPERSOON, gemeente_id=ids["GM0344"])
        )
        session.execute(
            Dossier.__table__.insert(),
            [
                {
                    "gemeente_id": rng.choice(gids),
                    "v_nummer": f"{3_000_000_000 + n * 7:010d}",
                    "status": DossierStatus.OPEN,
                    "linked_on": date(2025, 1, 1),
                    "expected_followers": 0,
                    "head_name": "",
                    "member_count": 2,
                    "search_text": "",
                    "created_by": "bench",
                    "address_after_move": "",
                    **stamp,
                }
                for n in range(DOSSIERS)
            ],
        )
        dossiers = session.execute(select(Dossier.id, Dossier.gemeente_id)).all()
        session.execute(
            DossierMember.__table__.insert(),
            [
                {
                    "dossier_id": did,
                    "name": f"Lid {m}",
                    "role": MemberRole.HOOFDAANVRAGER if m == 0 else MemberRole.PARTNER,
                    "languages": "",
                    "interpreter_needed": False,
                    "pre_integration_hours": 0,
                    "pre_integration_language_hours": 0,
                    **stamp,
                }
                for did, _gid in dossiers
                for m in range(2)
            ],
        )
        members = session.execute(
            select(DossierMember.id, DossierMember.dossier_id, Dossier.gemeente_id).join(Dossier)
        ).all()
        session.execute(
            Employer.__table__.insert(),
            [
                {
                    "gemeente_id": rng.choice(gids),
                    "name": f"Werkgever {n}",
                    "kvk": f"99{n:06d}",
                    "sector": "G",
                    "size_class": "10-49",
                    "address": "",
                    "wsp": "",
                    "notes": "",
                    "active": True,
                    "created_by": "bench",
                    **stamp,
                }
                for n in range(EMPLOYERS)
            ],
        )
        employer_ids = list(session.scalars(select(Employer.id)))
        kinds = list(PlaceKind)
        session.execute(
            Pledge.__table__.insert(),
            [
                {
                    "gemeente_id": rng.choice(gids),
                    "employer_id": rng.choice(employer_ids),
                    "kind": rng.choice(kinds),
                    "places": rng.randrange(1, 6),
                    "sector": "",
                    "job_title": "",
                    "language_level": "",
                    "location": "",
                    "open_to_region": False,
                    "pledged_on": date(YEAR - n % 2, 1, 1) + timedelta(days=rng.randrange(360)),
                    "notes": "",
                    "created_by": "bench",
                    **stamp,
                }
                for n in range(2 * PLEDGES)
            ],
        )
        pledge_ids = list(session.scalars(select(Pledge.id)))
        rows, used = [], set()
        while len(rows) < CANDIDATES:
            mid, did, gid = rng.choice(members)
            pid = rng.choice(pledge_ids)
            if (mid, pid) in used:
                continue
            used.add((mid, pid))
            furthest = rng.randrange(len(PIPELINE))
            stop = rng.random() < 0.2 and furthest < len(PIPELINE) - 1
            rows.append(
                {
                    "dossier_id": did,
                    "member_id": mid,
                    "gemeente_id": gid,
                    "pledge_id": pid,
                    "status": CandidateStatus.GESTOPT if stop else PIPELINE[furthest],
                    "status_on": date(YEAR, 6, 1),
                    "reason": StopReason.NIET_PASSEND if stop else None,
                    "reason_text": "",
                    "next_step": "",
                    "candidate_consent_by": "",
                    "consulent_consent_by": "",
                    "explanation": "",
                    "proposed_by": "bench",
                    "_steps": [*PIPELINE[: furthest + 1], *([CandidateStatus.GESTOPT] if stop else [])],
                    **stamp,
                }
            )
        session.execute(
            Candidate.__table__.insert(), [{k: v for k, v in r.items() if k != "_steps"} for r in rows]
        )
        by_pair = {
            (m, p): cid
            for cid, m, p in session.execute(select(Candidate.id, Candidate.member_id, Candidate.pledge_id))
        }
        session.execute(
            CandidateStatusChange.__table__.insert(),
            [
                {
                    "candidate_id": by_pair[(r["member_id"], r["pledge_id"])],
                    "from_status": r["_steps"][i - 1] if i else None,
                    "to_status": s,
                    "on": date(YEAR, 6, 1),
                    "at": now,
                    "by_login": "bench",
                    "by_name": "",
                    "reason": None,
                    "reason_text": "",
                }
                for r in rows
                for i, s in enumerate(r["_steps"])
            ],
        )
        split = split_naar_rato(2_000, {str(g): p for g, p in people.items()})
        session.execute(
            ChallengeTarget.__table__.insert(),
            [
                {"year": YEAR, "gemeente_id": int(g), "places": n, "set_by_hand": False, **stamp}
                for g, n in split.items()
            ],
        )
    db.dispose()


def _measure(url: str, label: str) -> list[tuple[str, float, float, str]]:
    from app.db.session import Database
    from app.services.challenges.dashboard import challenge_dashboard
    from app.services.users import sign_in

    db = Database(url)
    floor = _median(db, lambda s: s.execute(text(FLOOR_SQL)).all())
    with db.unit_of_work() as session:
        actor = sign_in(session, "bench-cp")
    with db.unit_of_work() as session:
        board = challenge_dashboard(session, actor, YEAR)
    seconds = _median(db, lambda s: challenge_dashboard(s, actor, YEAR))
    ratio = seconds / floor if floor else float("inf")
    print(
        f"  {label}: {len(board.rows)} gemeenten, {board.total.pledged} plaatsen toegezegd, "
        f"{board.candidates} "
        f"kandidaten in de trechter — {seconds * 1000:.1f} ms, {ratio:.1f}× de vloer (GROUP BY "
        f"{floor * 1000:.1f} ms); doel < {TARGET * 1000:.0f} ms: {'ok' if seconds <= TARGET else 'TE TRAAG'}"
    )
    db.dispose()
    return [
        (
            f"challenge-dashboard, 16 gemeenten ({label}, {CANDIDATES} kandidaten; {ratio:.1f}× GROUP BY)",
            seconds,
            TARGET,
            "s",
        ),
    ]


def run() -> list[tuple[str, float, float, str]]:
    return on_each_database(_fill, _measure)
