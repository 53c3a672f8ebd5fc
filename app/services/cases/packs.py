"""Handover packs: the data of one handover for its receiver, printed as PDF by ``app.io.pdf.packs``.

Public API:

- ``build_pack(session, actor, handover_id, *, override_reason=None, letterhead=None, today=None)
  -> HandoverPack`` — this *is* the print step: it logs ``Action.PRINT`` (object "overdracht") and,
  for a user who may change the dossier, writes a timeline entry. Refused with a Dutch ``UserError``
  when consent is not "gegeven" and no override reason is given now or was recorded earlier on the
  handover; a new override reason is stored on the handover and written to the access log. A user
  who may only read the dossier (alleen-lezen) may print, but writes nothing except the log row,
  and may not give a new override reason.
  With ``nearby=True`` (only for ``HandoverKind.VWN_MB``, the maatschappelijke-begeleiding pack)
  the pack gets the page "Activiteiten bij u in de buurt": the directory's initiatives of the
  household's municipality, in the order of the languages its members speak.
- ``print_pack(session, actor, handover_id, target, *, override_reason=None, letterhead=None,
  nearby=False) -> int`` — build and render to a path or binary stream; returns the page count.
- ``handover_for_pack(session, actor, dossier_id, kind: HandoverKind, handover_id=None) -> int`` —
  the handover of that kind in a dossier (the running one first); ``UserError`` when there is none
  or several (then pass ``handover_id``, which is checked to belong to the dossier).
- ``due_packs(session, actor, *, gemeente_code=None, worklist=WorkList.DEZE_WEEK, mine=False,
  today=None) -> list[DuePack]`` — what a batch would print, and what it would skip and why.
- ``print_packs(session, actor, handover_ids, folder, *, letterhead=None, progress=None,
  cancelled=None, overwrite=False) -> BatchResult`` — one PDF per handover into ``folder``; handovers
  without consent (and without a recorded override) are skipped, never overridden in a batch. A
  file already there is kept and the new one named "-2", "-3", ... unless ``overwrite``; every
  file written is owner-only (0600). ``DuePack.file_name`` is the name a pack will get.
  ``progress(fraction, text)`` fits ``TaskControl.progress``; ``cancelled()`` stops before the next
  pack. Each printed pack has its PRINT row in the caller's transaction, so commit what was written
  (a cancelled GUI task should not roll back files that already exist).
- ``print_packs_due(session, actor, folder, *, gemeente_code=None, worklist=..., mine=False,
  today=None, letterhead=None, progress=None, cancelled=None, overwrite=False) -> BatchResult``

The letterhead comes from the settings (``app.config.Settings.letterhead``) unless passed in; when
the settings name no organisation, "Gemeente <name of the dossier's municipality>" is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import Dossier, Handover, HandoverStatusChange, User
from app.domain.case_dossier import MemberRole, TimelineKind
from app.domain.handover import OPEN, HandoverKind, consent_method_text, consent_missing, consent_refusal_text
from app.domain.roles import Action, Area
from app.domain.timefmt import date_text
from app.errors import NotFound, UserError, ValidationError
from app.io.pdf.guide_model import Guide
from app.io.pdf.pack_model import (
    ChecklistLine,
    ConsentInfo,
    Contact,
    HandoverPack,
    Letterhead,
    PackMember,
    RiskSignalInfo,
)
from app.services.access import Actor, is_permitted, refuse
from app.services.cases.views import load_dossier, member_order, record_event, sent_day
from app.services.cases.worklists import WorkList, WorkListFilter, list_worklist
from app.services.people import actor_display

PAGE = 500


@dataclass(frozen=True)
class DuePack:
    handover_id: int
    dossier_id: int
    head_name: str
    kind: HandoverKind
    printable: bool
    reason: str = ""  # why it would be skipped

    @property
    def file_name(self) -> str:
        """The name its PDF gets in a batch folder (before any "-2" for a name already taken)."""
        from app.io.pdf.packs import filename_for

        return filename_for(pack_reference(self.dossier_id, self.handover_id), self.kind.value)


def pack_reference(dossier_id: int, handover_id: int) -> str:
    """The reference printed on a pack, and the base of its file name."""
    return f"Dossier {dossier_id} / overdracht {handover_id}"


@dataclass(frozen=True)
class BatchResult:
    written: tuple[Path, ...] = ()
    printed: tuple[int, ...] = ()  # handover ids, in the order of ``written``
    skipped: tuple[tuple[int, str], ...] = ()  # (handover id, reason)
    cancelled: bool = False
    pages: int = 0


def _letterhead(given: Letterhead | None, dossier: Dossier) -> Letterhead:
    if given is not None:
        return given
    from app.config import load_settings

    lh = load_settings().letterhead
    return Letterhead(
        organisation=lh.organisation.strip() or f"Gemeente {dossier.gemeente.name}",
        address=lh.address,
        logo_path=lh.logo_path or None,
    )


def _pack_member(m) -> PackMember:  # type: ignore[no-untyped-def]
    return PackMember(
        name=m.name,
        birth_date=m.birth_date,
        role=m.role.label,
        languages=m.languages,
        interpreter_needed=m.interpreter_needed,
        name_arabic=m.name_arabic,
    )


def _members_and_extra(row: Handover, dossier: Dossier) -> tuple[tuple[PackMember, ...], dict[str, str]]:
    """Only what this receiver needs: the GP and social support the household, the JGZ the child
    (with the parents' names as contacts), a risk signal the person it is about."""
    members = sorted(dossier.members, key=member_order)
    extra: dict[str, str] = {}
    if dossier.linked_on:
        extra["Gekoppeld aan de gemeente op"] = date_text(dossier.linked_on)
    if row.kind is HandoverKind.JGZ:
        chosen = [m for m in members if m.id == row.member_id]
        parents = [m.name for m in members if m.role in (MemberRole.HOOFDAANVRAGER, MemberRole.PARTNER)]
        if parents:
            extra["Ouder(s) of verzorger(s)"] = ", ".join(parents)
    elif row.kind is HandoverKind.RISK_SIGNAL:
        chosen = [m for m in members if m.id == row.member_id] or members[:1]
        if row.risk_receiver is not None:
            extra["Signaal bestemd voor"] = row.risk_receiver.label
    else:
        chosen = members
        if dossier.expected_followers:
            extra["Verwachte nareizigers"] = str(dossier.expected_followers)
    if row.kind is HandoverKind.VWN_MB:
        lines = [
            f"{m.name}: {m.pre_integration_hours} van 158 uur, waarvan {m.pre_integration_language_hours} "
            "van 121 uur taal"
            for m in members
            if m.pre_integration_hours
        ]
        if lines:
            extra["Voorinburgering gevolgd"] = "\n".join(lines)
    return tuple(_pack_member(m) for m in chosen), extra


def _consent_override(
    session: Session, actor: Actor, row: Handover, override_reason: str | None, *, may_write: bool
) -> str | None:
    """The reason this pack may go out without consent, or None when consent was given. A new
    reason is written on the handover, so only a user who may change the dossier can give one; a
    reader may print a pack whose reason was recorded earlier."""
    if not consent_missing(row.kind, row.consent):
        return None
    given = (override_reason or "").strip()
    recorded = (row.override_reason or "").strip()
    if given and given != recorded and not may_write:
        refuse(
            session,
            actor,
            Action.PRINT,
            "overdracht",
            row.id,
            gemeente_id=row.dossier.gemeente_id,
            detail="zonder toestemming, nieuwe reden zonder schrijfrechten",
            message=(
                "Een overdrachtspakket zonder toestemming afdrukken legt een reden vast in het dossier; dat "
                "kan alleen wie het dossier mag wijzigen. U kunt het pakket afdrukken zodra er toestemming "
                "is of een reden is vastgelegd."
            ),
        )
    reason = given or recorded
    if not reason:
        raise UserError(consent_refusal_text(row.consent, "Het overdrachtspakket afdrukken"))
    if len(reason) > 500:
        raise ValidationError("De reden is te lang (hoogstens 500 tekens).", {"override_reason": "te lang"})
    return reason


def build_pack(
    session: Session,
    actor: Actor,
    handover_id: int,
    *,
    override_reason: str | None = None,
    letterhead: Letterhead | None = None,
    today: date | None = None,
    nearby: bool = False,
) -> HandoverPack:
    row = session.get(Handover, handover_id)
    if row is None:
        raise NotFound("Deze overdracht bestaat niet (meer).")
    if nearby and row.kind is not HandoverKind.VWN_MB:
        raise UserError(NEARBY_ONLY)
    gemeente_id = row.dossier.gemeente_id
    # Rights before anything about the handover (its consent) is said.
    if not is_permitted(session, actor, Action.PRINT, Area.DOSSIER, gemeente_id=gemeente_id):
        load_dossier(
            session, actor, row.dossier_id, Action.PRINT, object_type="overdracht", object_id=handover_id
        )
    # Printing is reading; the timeline entry and a new override reason are writes, made only by a
    # user who may change the dossier. A reader's print leaves nothing but its access-log row.
    may_write = is_permitted(session, actor, Action.UPDATE, Area.DOSSIER, gemeente_id=gemeente_id)
    override = _consent_override(session, actor, row, override_reason, may_write=may_write)
    detail = f"overdrachtspakket {row.kind.value}, dossier {row.dossier_id}"
    if override:
        detail += f"; zonder toestemming, reden: {override}"
    dossier = load_dossier(
        session,
        actor,
        row.dossier_id,
        Action.PRINT,
        object_type="overdracht",
        object_id=handover_id,
        detail=detail,
    )
    now = utcnow()
    members, extra = _members_and_extra(row, dossier)
    if may_write:
        if override and override != (row.override_reason or ""):
            row.override_reason, row.override_by, row.override_at = override, actor.name[:120], now
        text = f"Overdrachtspakket {row.kind.label} afgedrukt"
        record_event(
            session,
            actor,
            dossier.id,
            TimelineKind.AFDRUK,
            text + (f" zonder toestemming (reden: {override})." if override else "."),
            handover_id=row.id,
        )
    session.flush()
    risk = None
    if row.kind is HandoverKind.RISK_SIGNAL and row.risk_category and row.risk_urgency:
        risk = RiskSignalInfo(
            row.risk_category.label, row.risk_urgency.label, row.follow_up_owner, row.follow_up_on
        )
    head = _letterhead(letterhead, dossier)
    return HandoverPack(
        kind=row.kind.value,
        title=row.kind.pack_title,
        reference=pack_reference(dossier.id, row.id),
        letterhead=head,
        gemeente_name=dossier.gemeente.name,
        sender=Contact(row.sender_org, row.sender_person, row.sender_phone, row.sender_email),
        receiver=Contact(row.receiver_org, row.receiver_person, row.receiver_phone, row.receiver_email),
        v_nummer=dossier.v_nummer,
        members=members,
        consent=ConsentInfo(
            status=row.consent.label,
            given=not consent_missing(row.kind, row.consent),
            date=row.consent_on,
            recorded_by=row.consent_recorded_by,
            scope=row.consent_scope,
            override_reason=override,
            method=consent_method_text(row.consent_method, row.consent_language),
        ),
        printed_by=actor_display(actor),
        printed_at=now,
        address_after_move=dossier.address_after_move,
        moving_date=dossier.moving_date,
        due_date=row.due_on,
        checklist=tuple(ChecklistLine(c.text, c.done, c.done_on, c.done_by) for c in row.checks),
        risk_signal=risk,
        notes=row.note,
        household_size=dossier.member_count or None,
        extra=extra,
        sent_on=_sent_on(session, row),
        return_to=_return_to(head, actor),
        nearby=_nearby(session, actor, dossier, today) if nearby else None,
        printed_by_phone=_phone_of(session, actor),
        gemeente_phone=dossier.gemeente.phone,
        gemeente_email=dossier.gemeente.email,
    )


def _phone_of(session: Session, actor: Actor) -> str:
    """The printing user's own number (users.phone); "" for the program itself or an unknown user."""
    if actor.system or actor.user_id is None:
        return ""
    user = session.get(User, actor.user_id)
    return user.phone if user is not None else ""


NEARBY_ONLY = (
    "De pagina 'Activiteiten bij u in de buurt' hoort bij het pakket voor maatschappelijke begeleiding."
)


def _nearby(session: Session, actor: Actor, dossier: Dossier, today: date | None) -> Guide:
    """The initiatives of the household's municipality, in the order of the languages it speaks."""
    from app.services.directory.guide import build_guide, household_languages

    languages = household_languages(m.languages for m in dossier.members)
    return build_guide(session, actor, dossier.gemeente_id, languages, today)


def _sent_on(session: Session, row: Handover) -> date | None:
    if row.sent_on is not None:
        return row.sent_on
    changes = session.scalars(
        select(HandoverStatusChange)
        .where(HandoverStatusChange.handover_id == row.id)
        .order_by(HandoverStatusChange.at, HandoverStatusChange.id)
    )
    return sent_day(list(changes))


def _return_to(head: Letterhead, actor: Actor) -> str:
    """The reply slip goes back to the municipality that printed it, for the attention of the printer."""
    organisation = head.organisation
    return f"{organisation}, t.a.v. {actor.name}" if actor.name and not actor.system else organisation


def print_pack(
    session: Session,
    actor: Actor,
    handover_id: int,
    target: str | Path | BinaryIO,
    *,
    override_reason: str | None = None,
    letterhead: Letterhead | None = None,
    nearby: bool = False,
) -> int:
    from app.io.pdf.packs import render_pack

    pack = build_pack(
        session, actor, handover_id, override_reason=override_reason, letterhead=letterhead, nearby=nearby
    )
    return render_pack(pack, target)


def handover_for_pack(
    session: Session, actor: Actor, dossier_id: int, kind: HandoverKind, handover_id: int | None = None
) -> int:
    """The handover of ``kind`` in the dossier (the running one first), or check that the given
    ``handover_id`` is one."""
    load_dossier(session, actor, dossier_id, Action.READ, detail=f"overdracht {kind.value} zoeken")
    rows = list(
        session.scalars(
            select(Handover)
            .where(Handover.dossier_id == dossier_id, Handover.kind == kind)
            .order_by(Handover.id)
        )
    )
    if handover_id is not None:
        rows = [r for r in rows if r.id == handover_id]
        if not rows:
            raise UserError(
                f"Overdracht {handover_id} is geen overdracht {kind.label} van dossier {dossier_id}."
            )
    running = [r for r in rows if r.status in OPEN] or rows
    if not running:
        raise UserError(f"Dossier {dossier_id} heeft geen overdracht {kind.label}.")
    if len(running) > 1:
        ids = ", ".join(str(r.id) for r in running)
        raise UserError(f"Dossier {dossier_id} heeft meer overdrachten {kind.label} ({ids}); kies er één.")
    return running[0].id


def due_packs(
    session: Session,
    actor: Actor,
    *,
    gemeente_code: str | None = None,
    worklist: WorkList = WorkList.DEZE_WEEK,
    mine: bool = False,
    today: date | None = None,
) -> list[DuePack]:
    out: list[DuePack] = []
    offset = 0
    while True:
        f = WorkListFilter(
            worklist=worklist, gemeente_code=gemeente_code, mine=mine, limit=PAGE, offset=offset
        )
        rows, total = list_worklist(session, actor, f, today=today)
        overrides = dict(
            session.execute(
                select(Handover.id, Handover.override_reason).where(
                    Handover.id.in_([r.handover_id for r in rows])
                )
            ).all()
        )
        for r in rows:
            blocked = consent_missing(r.kind, r.consent) and not overrides.get(r.handover_id)
            reason = f"geen toestemming ({r.consent.label.lower()})" if blocked else ""
            out.append(DuePack(r.handover_id, r.dossier_id, r.head_name, r.kind, not blocked, reason))
        offset += PAGE
        if offset >= total:
            return out


def _unique(folder: Path, name: str, taken: set[str], *, overwrite: bool = False) -> Path:
    stem, n, candidate = name[: -len(".pdf")], 1, name
    while candidate.lower() in taken or (not overwrite and (folder / candidate).exists()):
        n += 1
        candidate = f"{stem}-{n}.pdf"
    taken.add(candidate.lower())
    return folder / candidate


def print_packs(
    session: Session,
    actor: Actor,
    handover_ids: Iterable[int],
    folder: str | Path,
    *,
    letterhead: Letterhead | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    overwrite: bool = False,
) -> BatchResult:
    from app.io.pdf.packs import pack_filename, render_pack

    ids = list(handover_ids)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    printed: list[int] = []
    skipped: list[tuple[int, str]] = []
    taken: set[str] = set()
    pages = 0
    stopped = False
    for n, handover_id in enumerate(ids):
        if cancelled is not None and cancelled():
            stopped = True
            break
        if progress is not None:
            progress(n / max(1, len(ids)), f"Overdrachtspakket {n + 1} van {len(ids)}")
        try:
            pack = build_pack(session, actor, handover_id, letterhead=letterhead)
        except UserError as exc:  # no consent, gone, or not ours: skip it and say why
            skipped.append((handover_id, exc.message))
            continue
        path = _unique(target, pack_filename(pack), taken, overwrite=overwrite)
        pages += render_pack(pack, path)
        written.append(path)
        printed.append(handover_id)
    if progress is not None and not stopped:
        progress(1.0, f"{len(written)} overdrachtspakketten gemaakt")
    return BatchResult(tuple(written), tuple(printed), tuple(skipped), stopped, pages)


def print_packs_due(
    session: Session,
    actor: Actor,
    folder: str | Path,
    *,
    gemeente_code: str | None = None,
    worklist: WorkList = WorkList.DEZE_WEEK,
    mine: bool = False,
    today: date | None = None,
    letterhead: Letterhead | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    overwrite: bool = False,
) -> BatchResult:
    """All packs of a work list (by default: due this week) into ``folder``, one PDF each."""
    due = due_packs(session, actor, gemeente_code=gemeente_code, worklist=worklist, mine=mine, today=today)
    result = print_packs(
        session,
        actor,
        [d.handover_id for d in due if d.printable],
        folder,
        letterhead=letterhead,
        progress=progress,
        cancelled=cancelled,
        overwrite=overwrite,
    )
    skipped = tuple((d.handover_id, d.reason) for d in due if not d.printable) + result.skipped
    return BatchResult(result.written, result.printed, skipped, result.cancelled, result.pages)


__all__ = [
    "BatchResult",
    "DuePack",
    "build_pack",
    "due_packs",
    "handover_for_pack",
    "pack_reference",
    "print_pack",
    "print_packs",
    "print_packs_due",
]
