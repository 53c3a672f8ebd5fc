"""The introduction letter for a candidate, by name, to the employer of the place.

- ``write_introduction_letter(session, actor, candidate_id, path, *, today, letterhead=None) -> int``
  — the PDF at ``path``; pages. Refused (``UserError``) unless the candidate and the consulent both
  agreed; logged as a print of dossier data; a timeline entry says the letter was made.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.db.models import Candidate
from app.domain.case_dossier import TimelineKind
from app.domain.roles import Action
from app.errors import NotFound, UserError
from app.io.pdf.pack_model import Letterhead
from app.services.access import Actor
from app.services.cases.views import load_dossier, record_event
from app.services.challenges.anonymous import anonymous_row
from app.services.challenges.candidate_views import candidate_info

NO_CONSENT = (
    "De voorstellingsbrief noemt de naam van de kandidaat. Dat mag pas als de kandidaat én de "
    "consulent allebei toestemming hebben gegeven. Leg eerst beide toestemmingen vast."
)


def _letterhead(given: Letterhead | None, gemeente_name: str) -> Letterhead:
    if given is not None:
        return given
    from app.config import load_settings

    lh = load_settings().letterhead
    return Letterhead(
        organisation=lh.organisation.strip() or f"Gemeente {gemeente_name}",
        address=lh.address,
        logo_path=lh.logo_path or None,
    )


def write_introduction_letter(
    session: Session,
    actor: Actor,
    candidate_id: int,
    path: str | Path,
    *,
    today: date,
    letterhead: Letterhead | None = None,
) -> int:
    row = session.get(Candidate, candidate_id)
    if row is None:
        raise NotFound("Deze kandidaat bestaat niet (meer).")
    dossier = load_dossier(
        session, actor, row.dossier_id, Action.PRINT, object_type="voorstellingsbrief", object_id=candidate_id
    )
    info = candidate_info(session, row, today)
    if not info.both_agreed or info.candidate_consent_on is None or info.consulent_consent_on is None:
        raise UserError(NO_CONSENT)
    shown = anonymous_row(session, row, info)
    from app.io.pdf.introduction_letter import IntroductionLetter, render
    from app.io.pdf.packs import write_private

    title = f" – {row.pledge.job_title}" if row.pledge.job_title else ""
    letter = IntroductionLetter(
        letterhead=_letterhead(letterhead, dossier.gemeente.name), employer=row.pledge.employer.name,
        place=f"{row.pledge.kind.label}{title}", candidate_name=info.member_name, code=info.code,
        experience=shown.experience, education=shown.education, language=shown.language,
        availability=shown.availability, candidate_consent_on=info.candidate_consent_on,
        consulent_consent_on=info.consulent_consent_on, consulent=actor.name, made_on=today,
        next_step=row.next_step,
    )  # fmt: skip
    data, pages = render(letter)
    write_private(Path(path), data)
    record_event(
        session, actor, dossier.id, TimelineKind.AFDRUK,
        f"Voorstellingsbrief gemaakt voor {row.pledge.employer.name} ({info.code})",
    )  # fmt: skip
    return pages
