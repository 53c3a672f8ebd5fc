"""Small challenge scenarios built in the test's own (rolled-back) session. Employers and
candidates are inserted with the ORM (their services belong to other parts of the planner)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from app.db.models import Candidate, Employer
from app.domain.challenges import CandidateStatus, PlaceKind
from app.services.access import Actor
from app.services.challenges import challenges as sc
from app.services.challenges import pledges as sp
from tests.db.case_fixtures import family
from tests.directory.fixtures import gemeente_id

DAY = date(2026, 3, 12)


def employer(session: Session, code: str, name: str = "Bakkerij De Korenbloem") -> Employer:
    row = Employer(gemeente_id=gemeente_id(session, code), name=name, sector="C")
    session.add(row)
    session.flush()
    return row


def challenge(session: Session, actor: Actor, code: str, **fields: object) -> sc.ChallengeInfo:
    data = sc.ChallengeInput(
        title="Challenge Zorg en Techniek", held_on=DAY, gemeente_id=gemeente_id(session, code),
        from_time="14:00", to_time="17:00", venue="Gemeentehuis, Het Rond 1", target_places=20,
        target_kinds=[PlaceKind.WERKSTAGE, PlaceKind.TAALSTAGE],
    )  # fmt: skip
    return sc.create_challenge(session, actor, replace(data, **fields), today=date(2026, 1, 5))  # type: ignore[arg-type]


def pledge(
    session: Session, actor: Actor, code: str, employer_id: int, challenge_id: int | None, **fields: object
) -> sp.PledgeInfo:
    data = sp.PledgeInput(
        employer_id=employer_id, gemeente_id=gemeente_id(session, code), kind=PlaceKind.WERKERVARINGSPLEK,
        places=5, challenge_id=challenge_id, sector="C", job_title="Productiemedewerker",
        language_level="A2", hours=24, location="Industrieweg 4",
    )  # fmt: skip
    return sp.create_pledge(session, actor, replace(data, **fields), today=DAY)  # type: ignore[arg-type]


def candidates(
    session: Session, actor: Actor, code: str, pledge_id: int, statuses: list[CandidateStatus]
) -> None:
    """One household of ``code``; each member a candidate for the pledge with the given status."""
    dossier = family(session, actor, code, children=(("Elif Özdemir", date(2004, 5, 4)),))
    members = dossier.members
    for member, status in zip(members, statuses, strict=False):
        session.add(
            Candidate(
                dossier_id=dossier.id, member_id=member.id, gemeente_id=gemeente_id(session, code),
                pledge_id=pledge_id, status=status, status_on=DAY, proposed_by=actor.login,
            )
        )  # fmt: skip
    session.flush()
