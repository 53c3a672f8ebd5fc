"""Employers, challenges and pledges inserted with the ORM (other helpers write their services),
and dossier members with a work profile, for the candidate tests."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Challenge, Employer, Gemeente, Pledge
from app.domain.challenges import PlaceKind
from app.services.access import Actor
from app.services.challenges.profiles import ProfileInput, set_profile

DAY = date(2026, 3, 2)


def gid(session: Session, code: str) -> int:
    found = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == code))
    assert found is not None
    return found


def challenge_with_pledges(
    session: Session,
    code: str,
    *,
    pledges: list[dict[str, object]] | None = None,
    title: str = "Challenge Zorg",
) -> tuple[Challenge, list[Pledge]]:
    g = gid(session, code)
    employer = Employer(gemeente_id=g, name="Hotel De Linde", kvk="12345678", sector="I", created_by="t")
    session.add(employer)
    session.flush()
    challenge = Challenge(gemeente_id=g, title=title, held_on=DAY, venue="Stadhuis", created_by="t")
    session.add(challenge)
    session.flush()
    rows = []
    for spec in pledges or [{}]:
        data: dict[str, object] = {
            "gemeente_id": g, "employer_id": employer.id, "challenge_id": challenge.id,
            "kind": PlaceKind.WERKSTAGE, "places": 1, "sector": "I", "job_title": "Keukenhulp",
            "language_level": "A2", "hours": 24, "pledged_on": DAY, "created_by": "t",
        }  # fmt: skip
        data.update(spec)
        row = Pledge(**data)
        session.add(row)
        rows.append(row)
    session.flush()
    return challenge, rows


def profile(session: Session, actor: Actor, member_id: int, **kw: object) -> None:
    base: dict[str, object] = {
        "education_level": "mbo", "experience_sectors": "I", "experience_text": "Kok in een restaurant",
        "language_level": "B1", "available_hours": 32, "max_travel_minutes": 45,
    }  # fmt: skip
    base.update(kw)
    set_profile(session, actor, member_id, ProfileInput(**base))  # type: ignore[arg-type]
