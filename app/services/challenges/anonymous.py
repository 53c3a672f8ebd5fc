"""The anonymous candidate list for an employer, and what it shows of a candidate.

- ``export_anonymous_list(session, actor, challenge_id, path) -> int`` — an .xlsx of the actor's
  own municipality's candidates for the challenge at step *voorgesteld aan werkgever* or later (not
  stopped): a candidate code ("K-0042", the candidate row, never a person's number), the place,
  experience, education level, language level, availability and travel time, and the empty answer
  columns "Gesprek? (ja/nee)" and "Opmerking". No V-nummer, BSN, birth date or photo ever; the name
  only for a candidate who *and* whose consulent agreed to an introduction by name. The import kind
  ``werkgeversantwoorden`` (app.imports.employer_answers_kind) reads the answers back. Logged as an
  export of dossier data (which dossiers the file holds).
- ``anonymous_rows(session, actor, challenge_id, *, today)`` — the same rows as plain data.

The experience text is the consulent's own summary of the intake ("kok in een restaurant"); the
profile form asks for no names in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Candidate, Dossier, Gemeente, Pledge, WorkProfile
from app.domain.candidate_matching import EDUCATION_LEVELS, travel_minutes
from app.domain.challenges import SBI_SECTIONS, CandidateStatus
from app.domain.roles import Action, Area
from app.domain.timefmt import date_text
from app.io.excel.writer import ColumnSpec
from app.services.access import Actor, authorize, current_actor
from app.services.challenges.candidate_views import CandidateInfo, candidate_info
from app.services.exports import export_list

LIST_NAME = "anoniemekandidaten"
CODE_LABEL = "Kandidaat"
ANSWER_LABEL = "Gesprek? (ja/nee)"
REMARK_LABEL = "Opmerking"
NAME_LABEL = "Naam (alleen met toestemming)"
#: The steps at which an employer has heard of the candidate.
AT_EMPLOYER = (
    CandidateStatus.BIJ_WERKGEVER,
    CandidateStatus.GESPREK,
    CandidateStatus.AANGENOMEN,
    CandidateStatus.GESTART,
    CandidateStatus.AFGEROND,
)
COLUMNS = [
    ColumnSpec("kandidaat", CODE_LABEL, "text", 12.0),
    ColumnSpec("naam", NAME_LABEL, "text", 24.0),
    ColumnSpec("plaats", "Plaats", "text", 34.0),
    ColumnSpec("stap", "Stap", "text", 22.0),
    ColumnSpec("ervaring", "Werkervaring", "text", 40.0),
    ColumnSpec("opleiding", "Opleidingsniveau", "text", 24.0),
    ColumnSpec("taal", "Taalniveau Nederlands", "text", 12.0),
    ColumnSpec("beschikbaar", "Beschikbaar", "text", 26.0),
    ColumnSpec("reistijd", "Reistijd (minuten)", "int", 12.0),
    ColumnSpec("gesprek", ANSWER_LABEL, "text", 16.0),
    ColumnSpec("opmerking", REMARK_LABEL, "text", 40.0),
]


@dataclass(frozen=True)
class AnonymousRow:
    code: str
    name: str  # "" unless both agreed
    place: str
    step: str
    experience: str
    education: str
    language: str
    availability: str
    travel_minutes: int | None

    def cells(self) -> list[object]:
        return [
            self.code, self.name, self.place, self.step, self.experience, self.education, self.language,
            self.availability, self.travel_minutes, "", "",
        ]  # fmt: skip


def _experience(profile: WorkProfile | None) -> str:
    if profile is None:
        return ""
    sectors = [SBI_SECTIONS[s] for s in profile.experience_sectors if s in SBI_SECTIONS]
    parts = [*sectors, profile.experience_text] if profile.experience_text else sectors
    return "; ".join(p for p in parts if p)


def _availability(profile: WorkProfile | None) -> str:
    if profile is None or profile.available_hours is None:
        return ""
    since = f", vanaf {date_text(profile.available_from)}" if profile.available_from else ""
    return f"{profile.available_hours} uur per week{since}"


def _candidates(session: Session, actor: Actor, challenge_id: int, today: date) -> list[Candidate]:
    return list(
        session.scalars(
            select(Candidate)
            .join(Pledge, Pledge.id == Candidate.pledge_id)
            .where(
                Pledge.challenge_id == challenge_id,
                Candidate.gemeente_id == actor.gemeente_id,
                Candidate.status.in_(AT_EMPLOYER),
            )
            .order_by(Pledge.id, Candidate.id)
        )
    )


def anonymous_row(session: Session, row: Candidate, info: CandidateInfo) -> AnonymousRow:
    profile = session.scalar(select(WorkProfile).where(WorkProfile.member_id == row.member_id))
    coords = {
        g: (lat, lon) if lat is not None and lon is not None else None
        for g, lat, lon in session.execute(select(Gemeente.id, Gemeente.lat, Gemeente.lon))
    }
    dossier = session.get(Dossier, row.dossier_id)
    home = coords.get(dossier.gemeente_id) if dossier else None
    title = f" – {row.pledge.job_title}" if row.pledge.job_title else ""
    return AnonymousRow(
        code=info.code,
        name=info.member_name if info.both_agreed else "",
        place=f"{row.pledge.kind.label} bij {row.pledge.employer.name}{title}",
        step=row.status.label,
        experience=_experience(profile),
        education=EDUCATION_LEVELS.get(profile.education_level, "") if profile else "",
        language=profile.language_level if profile else "",
        availability=_availability(profile),
        travel_minutes=travel_minutes(home, coords.get(row.pledge.gemeente_id)),
    )


def anonymous_rows(session: Session, actor: Actor, challenge_id: int, *, today: date) -> list[AnonymousRow]:
    actor = current_actor(session, actor)
    authorize(
        session, actor, Action.READ, Area.DOSSIER, "anonieme-kandidaten", challenge_id,
        gemeente_id=actor.gemeente_id,
    )  # fmt: skip
    return [
        anonymous_row(session, r, candidate_info(session, r, today))
        for r in _candidates(session, actor, challenge_id, today)
    ]


def export_anonymous_list(session: Session, actor: Actor, challenge_id: int, path: Path) -> int:
    """The anonymous list of ``challenge_id`` for an employer at ``path`` (.xlsx); rows written."""
    actor = current_actor(session, actor)
    today = date.today()
    rows = _candidates(session, actor, challenge_id, today)
    data = [anonymous_row(session, r, candidate_info(session, r, today)).cells() for r in rows]
    result = export_list(
        session, actor, LIST_NAME, COLUMNS, data, path,
        filter_text=f"challenge {challenge_id}, kandidaten bij de werkgever", items=rows,
    )  # fmt: skip
    return result.rows
