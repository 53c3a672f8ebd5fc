"""A small challenge scenario for the dashboard tests, written with the ORM (the planner's own
services are another helper's): pledges of Zeist and Bunnik in 2026 (and one of 2025 that must not
count), candidates of both municipalities at several steps with their history, and the figures
computed by hand."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Candidate, CandidateStatusChange, Challenge, Employer, Gemeente, Pledge
from app.domain.challenges import PIPELINE, CandidateStatus, ChallengeStatus, PlaceKind, StopReason
from app.services.access import Actor
from tests.db.case_fixtures import BUNNIK, UTRECHT, ZEIST, family

YEAR = 2026
DAY = date(2026, 3, 10)

# (municipality, pledged, filled, started, completed) in 2026, computed by hand from build() below.
EXPECTED = {ZEIST: (4, 3, 2, 1), BUNNIK: (2, 0, 0, 0), UTRECHT: (0, 0, 0, 0)}
EXPECTED_KINDS = {
    PlaceKind.TAALSTAGE: (3, 3, 2, 1),
    PlaceKind.BETAALDE_BAAN: (1, 0, 0, 0),
    PlaceKind.WERKSTAGE: (2, 0, 0, 0),
    PlaceKind.WERKERVARINGSPLEK: (0, 0, 0, 0),
    PlaceKind.LEERWERKTRAJECT: (0, 0, 0, 0),
}
# Candidates who got at least this far (of 2026's pledges), and who stopped after each step.
EXPECTED_FUNNEL = [8, 6, 6, 5, 3, 2, 1]
EXPECTED_STOPPED = {CandidateStatus.VOORGESTELD: 1, CandidateStatus.GESPREK: 1}


def gid(session: Session, code: str) -> int:
    found = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == code))
    assert found is not None
    return found


def employer(session: Session, code: str, name: str, kvk: str) -> Employer:
    e = Employer(gemeente_id=gid(session, code), name=name, kvk=kvk, sector="G", size_class="10-49")
    session.add(e)
    session.flush()
    return e


def pledge(
    session: Session, e: Employer, code: str, kind: PlaceKind, places: int, on: date,
    challenge: Challenge | None = None,
) -> Pledge:  # fmt: skip
    p = Pledge(
        gemeente_id=gid(session, code), employer_id=e.id, kind=kind, places=places, pledged_on=on,
        challenge_id=challenge.id if challenge else None, job_title="Medewerker",
    )  # fmt: skip
    session.add(p)
    session.flush()
    return p


def candidate(
    session: Session, p: Pledge, dossier_id: int, member_id: int, code: str, status: CandidateStatus,
    *, stopped_after: CandidateStatus | None = None, on: date = DAY,
) -> Candidate:  # fmt: skip
    """A candidate walked step by step to ``status`` (or to ``stopped_after`` and then gestopt)."""
    last = stopped_after or status
    steps = PIPELINE[: PIPELINE.index(last) + 1] + ([CandidateStatus.GESTOPT] if stopped_after else [])
    c = Candidate(
        dossier_id=dossier_id, member_id=member_id, gemeente_id=gid(session, code), pledge_id=p.id,
        status=steps[-1], status_on=on + timedelta(days=len(steps)), proposed_by="test",
        reason=StopReason.NIET_PASSEND if stopped_after else None,
    )  # fmt: skip
    session.add(c)
    session.flush()
    previous = None
    for n, step in enumerate(steps):
        session.add(
            CandidateStatusChange(
                candidate_id=c.id, from_status=previous, to_status=step, on=on + timedelta(days=n),
                by_login="test", reason=StopReason.NIET_PASSEND if step is CandidateStatus.GESTOPT else None,
            )
        )  # fmt: skip
        previous = step
    session.flush()
    return c


def build(session: Session, zeist: Actor, bunnik: Actor) -> dict[str, list[int]]:
    """The scenario; returns the member ids per municipality."""
    z = family(session, zeist, ZEIST, head="Hoofd Zeist", partner="Partner Zeist")
    b = family(session, bunnik, BUNNIK, head="Hoofd Bunnik", partner="Partner Bunnik")
    z1, z2, z3 = (m.id for m in z.members[:3])
    b1, b2, b3 = (m.id for m in b.members[:3])
    e = employer(session, ZEIST, "Bakkerij De Voorbeeldkorst", "90000001")
    ch = Challenge(gemeente_id=gid(session, ZEIST), title="Challenge Zeist", held_on=DAY,
                   organisers=f"{ZEIST} {BUNNIK}", status=ChallengeStatus.GEHOUDEN)  # fmt: skip
    session.add(ch)
    session.flush()
    p1 = pledge(session, e, ZEIST, PlaceKind.TAALSTAGE, 3, DAY, ch)
    p2 = pledge(session, e, ZEIST, PlaceKind.BETAALDE_BAAN, 1, DAY, ch)
    p3 = pledge(session, e, BUNNIK, PlaceKind.WERKSTAGE, 2, date(2026, 5, 1))
    p4 = pledge(session, e, ZEIST, PlaceKind.TAALSTAGE, 5, date(2025, 11, 3))
    S = CandidateStatus
    candidate(session, p1, z.id, z1, ZEIST, S.AFGEROND)
    candidate(session, p1, z.id, z2, ZEIST, S.GESTART)
    candidate(session, p1, b.id, b1, BUNNIK, S.AANGENOMEN)  # Bunnik's candidate on Zeist's pledge
    candidate(session, p1, z.id, z3, ZEIST, S.GESTOPT, stopped_after=S.GESPREK)
    candidate(session, p2, z.id, z1, ZEIST, S.GESPREK)
    candidate(session, p3, b.id, b2, BUNNIK, S.BIJ_WERKGEVER)
    candidate(session, p3, b.id, b3, BUNNIK, S.VOORGESTELD)
    candidate(session, p3, b.id, b1, BUNNIK, S.GESTOPT, stopped_after=S.VOORGESTELD)
    candidate(session, p4, z.id, z2, ZEIST, S.AFGEROND)  # 2025: not in 2026's figures
    return {ZEIST: [z1, z2, z3], BUNNIK: [b1, b2, b3], "challenge": [ch.id]}
