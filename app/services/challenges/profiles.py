"""The work profile of a dossier member: what the intake recorded about work (education level,
sectors of experience, language level, availability, interests, how far they can travel). It is
all the candidate suggestions may use (see app.domain.candidate_matching).

Public API (rights ``Area.DOSSIER`` of the dossier's municipality through ``load_dossier``; on
PostgreSQL row-level security on ``work_profiles`` through its dossier):

- ``ProfileInput`` — the fields; ``profile_errors(data) -> dict[str, str]``
- ``get_profile(session, actor, member_id) -> ProfileInfo | None``
- ``dossier_profiles(session, actor, dossier_id) -> dict[int, ProfileInfo]`` (member id → profile)
- ``dossier_work(session, actor, dossier_id, *, today) -> tuple[dict[int, ProfileInfo],
  list[CandidateInfo]]`` — the profiles and the household's candidacies in one logged read (the
  dossier's Werk tab).
- ``set_profile(session, actor, member_id, data) -> ProfileInfo`` — makes or updates it; writes a
  timeline entry (kind *plan*: the work domain of the plan of action).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Candidate, DossierMember, WorkProfile
from app.domain.candidate_matching import EDUCATION_LEVELS
from app.domain.case_dossier import TimelineKind
from app.domain.challenges import HOURS_MAX, LANGUAGE_LEVELS, SBI_SECTIONS
from app.domain.roles import Action
from app.errors import NotFound, ValidationError
from app.services.access import Actor
from app.services.cases.views import load_dossier, record_event
from app.services.challenges.candidate_views import CandidateInfo, candidate_info

MEMBER_GONE = "Deze persoon bestaat niet (meer)."
TRAVEL_MAX = 240
TEXT_MAX = 300


@dataclass
class ProfileInput:
    education_level: str = ""
    experience_sectors: str = ""  # SBI letters, e.g. "IG"
    experience_text: str = ""
    language_level: str = ""
    available_hours: int | None = None
    available_from: date | None = None
    interests: str = ""
    max_travel_minutes: int | None = None


@dataclass(frozen=True)
class ProfileInfo:
    id: int
    member_id: int
    dossier_id: int
    version: int
    education_level: str
    experience_sectors: str
    experience_text: str
    language_level: str
    available_hours: int | None
    available_from: date | None
    interests: str
    max_travel_minutes: int | None
    recorded_by: str


def _letters(text: str) -> str:
    """ "i, g" → "GI": SBI letters, upper case, each once, in SBI order."""
    found = {c for c in text.upper() if c.isalpha()}
    return "".join(s for s in SBI_SECTIONS if s in found)


def profile_errors(data: ProfileInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.education_level and data.education_level not in EDUCATION_LEVELS:
        errors["education_level"] = "Kies een opleidingsniveau uit de lijst."
    if data.language_level and data.language_level not in LANGUAGE_LEVELS:
        errors["language_level"] = f"Kies een taalniveau: {', '.join(LANGUAGE_LEVELS)}."
    for key, value in (("experience_sectors", data.experience_sectors), ("interests", data.interests)):
        wrong = sorted({c for c in value.upper() if c.isalpha() and c not in SBI_SECTIONS})
        if wrong:
            errors[key] = f"Onbekende sector: {', '.join(wrong)}. Gebruik de SBI-letters A tot en met U."
    if len(data.experience_text.strip()) > TEXT_MAX:
        errors["experience_text"] = f"De omschrijving is te lang (hoogstens {TEXT_MAX} tekens)."
    if data.available_hours is not None and not 0 <= data.available_hours <= HOURS_MAX:
        errors["available_hours"] = f"Vul een aantal uren per week in van 0 tot en met {HOURS_MAX}."
    if data.max_travel_minutes is not None and not 0 <= data.max_travel_minutes <= TRAVEL_MAX:
        errors["max_travel_minutes"] = f"Vul een reistijd in van 0 tot en met {TRAVEL_MAX} minuten."
    return errors


def _info(row: WorkProfile) -> ProfileInfo:
    return ProfileInfo(
        row.id, row.member_id, row.dossier_id, row.version, row.education_level, row.experience_sectors,
        row.experience_text, row.language_level, row.available_hours, row.available_from, row.interests,
        row.max_travel_minutes, row.recorded_by,
    )  # fmt: skip


def _member(session: Session, member_id: int) -> DossierMember:
    member = session.get(DossierMember, member_id)
    if member is None:
        raise NotFound(MEMBER_GONE)
    return member


def get_profile(session: Session, actor: Actor, member_id: int) -> ProfileInfo | None:
    member = _member(session, member_id)
    load_dossier(
        session, actor, member.dossier_id, Action.READ, object_type="werkprofiel", object_id=member_id
    )
    row = session.scalar(select(WorkProfile).where(WorkProfile.member_id == member_id))
    return None if row is None else _info(row)


def dossier_profiles(session: Session, actor: Actor, dossier_id: int) -> dict[int, ProfileInfo]:
    load_dossier(session, actor, dossier_id, Action.READ, object_type="werkprofielen")
    rows = session.scalars(select(WorkProfile).where(WorkProfile.dossier_id == dossier_id))
    return {r.member_id: _info(r) for r in rows}


def dossier_work(
    session: Session, actor: Actor, dossier_id: int, *, today: date
) -> tuple[dict[int, ProfileInfo], list[CandidateInfo]]:
    load_dossier(session, actor, dossier_id, Action.READ, object_type="werk")
    rows = session.scalars(select(WorkProfile).where(WorkProfile.dossier_id == dossier_id))
    found = session.scalars(
        select(Candidate).where(Candidate.dossier_id == dossier_id).order_by(Candidate.id)
    )
    return {r.member_id: _info(r) for r in rows}, [candidate_info(session, c, today) for c in found]


def set_profile(session: Session, actor: Actor, member_id: int, data: ProfileInput) -> ProfileInfo:
    member = _member(session, member_id)
    row = session.scalar(select(WorkProfile).where(WorkProfile.member_id == member_id))
    load_dossier(
        session, actor, member.dossier_id, Action.CREATE if row is None else Action.UPDATE,
        object_type="werkprofiel", object_id=member_id,
    )  # fmt: skip
    errors = profile_errors(data)
    if errors:
        raise ValidationError("Het werkprofiel klopt nog niet: " + " ".join(errors.values()), errors)
    if row is None:
        row = WorkProfile(dossier_id=member.dossier_id, member_id=member_id)
        session.add(row)
    row.education_level = data.education_level
    row.experience_sectors = _letters(data.experience_sectors)
    row.experience_text = data.experience_text.strip()
    row.language_level = data.language_level
    row.available_hours = data.available_hours
    row.available_from = data.available_from
    row.interests = _letters(data.interests)
    row.max_travel_minutes = data.max_travel_minutes
    row.recorded_by = actor.name[:120]
    session.flush()
    level = f"taal {row.language_level}" if row.language_level else "taalniveau onbekend"
    hours = f", {row.available_hours} uur per week" if row.available_hours is not None else ""
    # The member's first name is in the dossier already; the entry says whose profile it is.
    record_event(
        session, actor, member.dossier_id, TimelineKind.PLAN,
        f"Werkprofiel vastgelegd voor {member.name} ({level}{hours})",
    )  # fmt: skip
    return _info(row)
