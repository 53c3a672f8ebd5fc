"""Print and mail for a challenge: the briefing PDF, the invitation letters (one per invited
employer) as PDF, and the same invitations as a mail-merge Excel sheet.

- ``briefing_pdf(session, actor, challenge_id, today=None) -> (bytes, pages)``
- ``invitations_pdf(session, actor, challenge_id, today=None) -> (bytes, pages)``
- ``invitations_xlsx(session, actor, challenge_id, path) -> rows``

Rights: ``Area.DIRECTORY`` PRINT / EXPORT (anyone who reads the directory). Employers and their
contacts are business data; no candidate is named anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.db.models import Challenge, Employer
from app.domain.roles import Action, Area
from app.errors import NotFound
from app.io.excel.writer import ColumnSpec
from app.services.access import Actor, authorize
from app.services.challenges.challenges import GONE, ChallengeInfo, get_challenge
from app.services.challenges.pledges import challenge_pledges
from app.services.people import actor_display


def _times(info: ChallengeInfo) -> str:
    return "–".join(t for t in (info.data.from_time, info.data.to_time) if t)


def _challenge(session: Session, actor: Actor, challenge_id: int, action: Action) -> ChallengeInfo:
    if session.get(Challenge, challenge_id) is None:
        raise NotFound(GONE)
    authorize(session, actor, action, Area.DIRECTORY, "challenge", challenge_id, gemeente_id=None)
    return get_challenge(session, actor, challenge_id)


def briefing_pdf(
    session: Session, actor: Actor, challenge_id: int, today: date | None = None
) -> tuple[bytes, int]:
    from app.io.pdf.challenge_print import Briefing, BriefingParticipant, render_briefing

    day = today or date.today()
    info = _challenge(session, actor, challenge_id, Action.PRINT)
    pledges = challenge_pledges(session, actor, [challenge_id], day).get(challenge_id, [])
    by_employer: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p in pledges:
        for bucket in (by_employer[p.data.employer_id], by_kind[p.data.kind.label]):
            bucket[0] += p.data.places
            bucket[1] += min(p.filled, p.data.places)
    participants = [
        BriefingParticipant(
            e.employer_name, e.participating, e.invited_on, *by_employer.get(e.employer_id, [0, 0])
        )
        for e in info.employers
    ]
    assert info.data.held_on is not None
    briefing = Briefing(
        title=info.data.title, held_on=info.data.held_on, times=_times(info), venue=info.data.venue,
        organisers=info.organiser_names, status=info.status.label, target_places=info.data.target_places,
        target_kinds=[k.label for k in info.data.target_kinds], participants=participants,
        places=[(kind, n, f) for kind, (n, f) in by_kind.items()],
        checks=[(c.text, c.done, f"{c.done_by}, {c.done_on.strftime('%d-%m-%Y') if c.done_on else ''}")
                for c in info.checks],
        notes=info.data.notes, made_on=day, made_by=actor_display(actor),
    )  # fmt: skip
    return render_briefing(briefing)


def _invited(session: Session, info: ChallengeInfo) -> list[tuple[Employer, str, str]]:
    """Each invited employer with its first contact's name and e-mail ("" when none)."""
    out = []
    for e in info.employers:
        row = session.get(Employer, e.employer_id)
        if row is None:
            continue
        contact = row.contacts[0] if row.contacts else None
        out.append((row, contact.name if contact else "", contact.email if contact else ""))
    return out


def invitations_pdf(
    session: Session, actor: Actor, challenge_id: int, today: date | None = None
) -> tuple[bytes, int]:
    from app.io.pdf.challenge_print import Invitation, Invitations, render_invitations

    info = _challenge(session, actor, challenge_id, Action.PRINT)
    letters = [Invitation(row.name, contact, row.address) for row, contact, _ in _invited(session, info)]
    if not letters:
        from app.errors import ValidationError

        raise ValidationError("Nodig eerst werkgevers uit: er is nog niemand om een brief aan te sturen.")
    assert info.data.held_on is not None
    return render_invitations(
        Invitations(
            title=info.data.title, held_on=info.data.held_on, times=_times(info), venue=info.data.venue,
            organisation=f"Gemeente {info.owner_name}", sender=actor.name, letters=letters,
            made_on=today or date.today(),
        )
    )  # fmt: skip


MAIL_COLUMNS = [
    ColumnSpec("werkgever", "Werkgever"),
    ColumnSpec("contactpersoon", "Contactpersoon"),
    ColumnSpec("email", "E-mail"),
    ColumnSpec("datum", "Datum", "date"),
    ColumnSpec("tijd", "Tijd"),
    ColumnSpec("locatie", "Locatie"),
    ColumnSpec("challenge", "Challenge"),
]


def invitations_xlsx(session: Session, actor: Actor, challenge_id: int, path: Path) -> int:
    from app.services.exports import write_xlsx_atomic

    info = _challenge(session, actor, challenge_id, Action.EXPORT)
    rows = [
        [row.name, contact, email, info.data.held_on, _times(info), info.data.venue, info.data.title]
        for row, contact, email in _invited(session, info)
    ]
    meta = {"Challenge": info.data.title, "Gemaakt door": actor.name}
    return write_xlsx_atomic(path, MAIL_COLUMNS, rows, meta, sheet_name="Uitnodigingen")
