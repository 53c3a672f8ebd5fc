"""Warm handovers of a dossier: create, record consent, move through the statuses, tick the checklist.

Public API (every function takes ``(session, actor, ...)``; rights ``Area.DOSSIER`` of the dossier's
municipality through ``authorize``; each change writes a timeline entry; returns ``HandoverInfo``
from ``app.services.cases.views`` unless said otherwise):

- ``HandoverInput`` (dataclass) — kind, member_id (the child for JGZ; optionally the person a risk
  signal is about), sender/receiver (``ContactInfo``), due_on (None: by the rule), assigned_to,
  note (short, *geen medische details*), risk_category, risk_urgency, risk_receiver,
  follow_up_owner, follow_up_on.
- ``create_handover(session, actor, dossier_id, data: HandoverInput, *, today=None) -> HandoverInfo``
- ``create_standard_handovers(session, actor, dossier_id, *, today=None) -> list[HandoverInfo]`` —
  GCA → huisarts, Vluchtelingenwerk → maatschappelijke begeleiding and JGZ for every child, skipping
  those that already run.
- ``update_handover(session, actor, handover_id, expected_version, data: HandoverInput, *, today=None)``
- ``get_handover(session, actor, handover_id, *, today=None) -> HandoverInfo`` (logs ``Action.READ``)
- ``list_handovers(session, actor, dossier_id, *, today=None) -> list[HandoverInfo]``
- ``record_consent(session, actor, handover_id, expected_version, consent: ConsentStatus | None, *,
  on: date | None = None, method: ConsentMethod | None = None, language: str = "", scope: str = "",
  today=None)`` — an answer needs the day (not in the future, not before the dossier) and how it
  was asked (with an interpreter: the language); ``None`` (no answer chosen) is refused.
- ``record_receipt(session, actor, handover_id, expected_version, receipt: Receipt, *, today=None)``
  — "verzonden" → "ontvangen" with the receiver's name and day (required; not in the future, not
  before sending) and optionally their reference; the same as ``change_status(..., receipt=...)``.
- ``change_status(session, actor, handover_id, expected_version, new: HandoverStatus, *,
  reason: str = "", override_reason: str | None = None, today=None)`` — one step at a time
  (``HandoverInfo.next_statuses`` lists the allowed ones); ``geweigerd`` needs a reason. Moving to
  ``verzonden`` without consent "gegeven" is refused with a Dutch ``UserError`` unless
  ``override_reason`` is given: it is stored on the handover (override_reason/by/at), written to the
  access log (detail) and marked in the status history. ``afgerond`` needs a complete checklist.
  Reaching ``verzonden``/``ontvangen`` ticks the matching checklist item; ``ontvangen`` needs
  ``receipt`` (see ``record_receipt``), whose text is the reason in the status history.
- ``tick_check(session, actor, check_id, expected_version, done: bool, *, on=None, today=None)``

Due dates follow ``app.domain.handover.DUE_OFFSET_DAYS`` relative to the dossier's moving date
(or, before it is known, the koppeling's latest move-in date) and move along when that changes,
unless set by hand. Work lists: ``app.services.cases.worklists``; packs: ``app.services.cases.packs``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import Dossier, DossierMember, Handover, HandoverCheck, HandoverStatusChange
from app.domain.case_dossier import MemberRole, MilestoneKind, TimelineKind
from app.domain.handover import (
    CHECKLISTS,
    DEFAULT_SCOPE,
    OPEN,
    SHARING,
    ConsentMethod,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    Receipt,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
    TransitionError,
    check_transition,
    consent_errors,
    consent_method_text,
    consent_missing,
    consent_refusal_text,
    due_date,
    note_error,
    open_items_text,
    receipt_errors,
    receipt_text,
)
from app.domain.roles import Action
from app.domain.timefmt import date_text, local
from app.errors import CONFLICT, ConflictError, NotFound, UserError, ValidationError
from app.services.access import Actor
from app.services.cases.members import upsert_milestone
from app.services.cases.views import (
    ContactInfo,
    HandoverInfo,
    handover_info,
    load_dossier,
    record_event,
    sent_day,
)

HANDOVER_GONE = "Deze overdracht bestaat niet (meer)."
FIXED = "Deze overdracht is {status}; er kan niets meer aan worden gewijzigd."
_PHONE = re.compile(r"^[0-9+()\-\s]{6,40}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class HandoverInput:
    kind: HandoverKind
    member_id: int | None = None
    sender: ContactInfo = field(default_factory=ContactInfo)
    receiver: ContactInfo = field(default_factory=ContactInfo)
    due_on: date | None = None  # None: by the rule, relative to the moving date
    assigned_to: str | None = None  # login of the municipal owner; None: the creator
    note: str = ""  # practical only, "geen medische details"
    risk_category: RiskCategory | None = None
    risk_urgency: RiskUrgency | None = None
    risk_receiver: RiskReceiver | None = None
    follow_up_owner: str = ""
    follow_up_on: date | None = None


def _contact_errors(prefix: str, contact: ContactInfo) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(contact.organisation.strip()) > 120 or len(contact.person.strip()) > 120:
        errors[f"{prefix}_org"] = "Naam van organisatie of contactpersoon is te lang (hoogstens 120 tekens)."
    if contact.phone.strip() and not _PHONE.match(contact.phone.strip()):
        errors[f"{prefix}_phone"] = "Vul een telefoonnummer in met alleen cijfers, spaties, + of -."
    if contact.email.strip() and (not _EMAIL.match(contact.email.strip()) or len(contact.email) > 200):
        errors[f"{prefix}_email"] = "Vul een geldig e-mailadres in (naam@organisatie.nl)."
    return errors


def _validate(session: Session, dossier: Dossier, data: HandoverInput, handover_id: int | None) -> None:
    errors = _contact_errors("sender", data.sender) | _contact_errors("receiver", data.receiver)
    member = session.get(DossierMember, data.member_id) if data.member_id is not None else None
    if data.member_id is not None and (member is None or member.dossier_id != dossier.id):
        errors["member_id"] = "Deze persoon hoort niet bij dit huishouden."
    if data.kind is HandoverKind.JGZ:
        if member is None:
            errors["member_id"] = "Kies het kind om wie het gaat: de JGZ-overdracht is per kind."
        elif member.role is not MemberRole.KIND:
            errors["member_id"] = "De JGZ-overdracht is voor een kind van het huishouden."
    elif data.kind is not HandoverKind.RISK_SIGNAL and data.member_id is not None:
        errors["member_id"] = "Deze overdracht geldt voor het hele huishouden; kies geen persoon."
    if data.kind is HandoverKind.RISK_SIGNAL:
        if data.risk_category is None:
            errors["risk_category"] = "Kies de soort signaal."
        if data.risk_urgency is None:
            errors["risk_urgency"] = "Kies de urgentie."
        if data.risk_receiver is None:
            errors["risk_receiver"] = "Kies wie het signaal opvolgt (wijkteam, huisarts, JGZ of begeleiding)."
        if len(data.follow_up_owner.strip()) > 120:
            errors["follow_up_owner"] = "De naam is te lang (hoogstens 120 tekens)."
    if (message := note_error(data.note)) is not None:
        errors["note"] = message
    if not errors and data.kind is not HandoverKind.RISK_SIGNAL:
        clash = session.scalar(
            select(Handover.id).where(
                Handover.dossier_id == dossier.id,
                Handover.kind == data.kind,
                Handover.status.in_(OPEN),
                Handover.id != (handover_id or 0),
                Handover.member_id.is_(None)
                if data.member_id is None
                else Handover.member_id == data.member_id,
            )
        )
        if clash is not None:
            errors["kind"] = f"Er loopt al een overdracht {data.kind.label} (overdracht {clash})."
    if errors:
        raise ValidationError(
            "De overdracht kan niet worden opgeslagen: " + " ".join(errors.values()), errors
        )


def _assign(row: Handover, dossier: Dossier, data: HandoverInput) -> None:
    row.member_id = data.member_id
    row.sender_org = data.sender.organisation.strip() or data.kind.default_sender
    row.sender_person, row.sender_phone = data.sender.person.strip(), data.sender.phone.strip()
    row.sender_email = data.sender.email.strip()
    row.receiver_org, row.receiver_person = data.receiver.organisation.strip(), data.receiver.person.strip()
    row.receiver_phone, row.receiver_email = data.receiver.phone.strip(), data.receiver.email.strip()
    by_rule = due_date(data.kind, dossier.moving_date, dossier.linked_on)
    # A form sends the shown date back unchanged; only a different date counts as set by hand.
    row.due_set_by_hand = data.due_on is not None and data.due_on != by_rule
    row.due_on = data.due_on or by_rule
    if data.assigned_to is not None:
        row.assigned_to = data.assigned_to.strip()[:64] or None
    row.note = data.note.strip()
    is_risk = data.kind is HandoverKind.RISK_SIGNAL
    row.risk_category = data.risk_category if is_risk else None
    row.risk_urgency = data.risk_urgency if is_risk else None
    row.risk_receiver = data.risk_receiver if is_risk else None
    row.follow_up_owner = data.follow_up_owner.strip() if is_risk else ""
    row.follow_up_on = data.follow_up_on if is_risk else None


def _label(row: Handover) -> str:
    who = f" ({row.member.name})" if row.member is not None else ""
    return f"{row.kind.label}{who}"


def create_handover(
    session: Session, actor: Actor, dossier_id: int, data: HandoverInput, *, today: date | None = None
) -> HandoverInfo:
    dossier = load_dossier(
        session, actor, dossier_id, Action.CREATE, object_type="overdracht", detail=data.kind.value
    )
    _validate(session, dossier, data, None)
    row = Handover(
        dossier_id=dossier.id,
        kind=data.kind,
        created_by=actor.login[:64],
        assigned_to=actor.login[:64] if not actor.system else None,
        status=HandoverStatus.TE_DOEN,
        consent=ConsentStatus.NIET_GEVRAAGD,
    )
    _assign(row, dossier, data)
    row.checks = [
        HandoverCheck(item_key=item.key, position=n, text=item.text, done=False)
        for n, item in enumerate(CHECKLISTS[data.kind])
    ]
    session.add(row)
    session.flush()
    session.add(
        HandoverStatusChange(
            handover_id=row.id,
            from_status=None,
            to_status=row.status,
            by_login=actor.login,
            by_name=actor.name,
        )
    )
    due = f", uiterlijk {date_text(row.due_on)}" if row.due_on else ""
    to = f" aan {row.receiver_org}" if row.receiver_org else ""
    record_event(
        session,
        actor,
        dossier.id,
        TimelineKind.OVERDRACHT,
        f"Overdracht {_label(row)}{to} aangemaakt{due}.",
        handover_id=row.id,
    )
    session.flush()
    return handover_info(session, row, today or date.today())


def create_standard_handovers(
    session: Session, actor: Actor, dossier_id: int, *, today: date | None = None
) -> list[HandoverInfo]:
    """The handovers every household needs: GP, social support, and JGZ for each child under 18."""
    dossier = load_dossier(session, actor, dossier_id, Action.READ, detail="standaardoverdrachten")
    today = today or date.today()
    running = {
        (kind, member)
        for kind, member in session.execute(
            select(Handover.kind, Handover.member_id).where(
                Handover.dossier_id == dossier_id, Handover.status.in_(OPEN)
            )
        )
    }
    wanted: list[HandoverInput] = [
        HandoverInput(HandoverKind.GCA_HUISARTS),
        HandoverInput(HandoverKind.VWN_MB),
    ]
    for m in dossier.members:
        if m.role is MemberRole.KIND and (m.birth_date is None or (today - m.birth_date).days < 18 * 365.25):
            wanted.append(HandoverInput(HandoverKind.JGZ, member_id=m.id))
    return [
        create_handover(session, actor, dossier_id, data, today=today)
        for data in wanted
        if (data.kind, data.member_id) not in running
    ]


def _load(
    session: Session, actor: Actor, handover_id: int, action: Action, detail: str | None = None
) -> tuple[Handover, Dossier]:
    row = session.get(Handover, handover_id)
    if row is None:
        raise NotFound(HANDOVER_GONE)
    dossier = load_dossier(
        session, actor, row.dossier_id, action, object_type="overdracht", object_id=handover_id, detail=detail
    )
    return row, dossier


def _check_version(session: Session, row: Handover, expected_version: int, today: date) -> None:
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=handover_info(session, row, today))


def update_handover(
    session: Session,
    actor: Actor,
    handover_id: int,
    expected_version: int,
    data: HandoverInput,
    *,
    today: date | None = None,
) -> HandoverInfo:
    today = today or date.today()
    row, dossier = _load(session, actor, handover_id, Action.UPDATE)
    _check_version(session, row, expected_version, today)
    if row.status.final:
        raise ValidationError(FIXED.format(status=row.status.label.lower()))
    if data.kind is not row.kind:
        raise ValidationError(
            "De soort overdracht kan niet worden gewijzigd; maak een nieuwe aan.", {"kind": "vast"}
        )
    _validate(session, dossier, data, row.id)
    _assign(row, dossier, data)
    record_event(
        session,
        actor,
        dossier.id,
        TimelineKind.OVERDRACHT,
        f"Overdracht {_label(row)} gewijzigd.",
        handover_id=row.id,
    )
    session.flush()
    return handover_info(session, row, today)


def get_handover(
    session: Session, actor: Actor, handover_id: int, *, today: date | None = None
) -> HandoverInfo:
    row, _ = _load(session, actor, handover_id, Action.READ)
    return handover_info(session, row, today or date.today())


def list_handovers(
    session: Session, actor: Actor, dossier_id: int, *, today: date | None = None
) -> list[HandoverInfo]:
    load_dossier(session, actor, dossier_id, Action.READ, detail="overdrachten")
    rows = session.scalars(select(Handover).where(Handover.dossier_id == dossier_id).order_by(Handover.id))
    return [handover_info(session, r, today or date.today()) for r in rows]


def _dossier_start(dossier: Dossier) -> date:
    """The first day the dossier stands for: its linking, or the day it was entered if that is earlier.
    A dossier entered weeks after the linking may still record an answer given since the linking."""
    entered = local(dossier.created_at).date() if dossier.created_at else date.today()
    return min(dossier.linked_on, entered) if dossier.linked_on else entered


def record_consent(
    session: Session,
    actor: Actor,
    handover_id: int,
    expected_version: int,
    consent: ConsentStatus | None,
    *,
    on: date | None = None,
    method: ConsentMethod | None = None,
    language: str = "",
    scope: str = "",
    today: date | None = None,
) -> HandoverInfo:
    """The client's answer, the day it was given (required: never silently today) and how it was
    asked; "niet gevraagd" clears them. ``consent=None`` (no answer chosen) is refused."""
    today = today or date.today()
    what = consent.value if consent is not None else "geen antwoord"
    row, dossier = _load(session, actor, handover_id, Action.UPDATE, detail=f"toestemming {what}")
    _check_version(session, row, expected_version, today)
    if row.status.final:
        raise ValidationError(FIXED.format(status=row.status.label.lower()))
    errors = consent_errors(consent, on, method, language, today=today, earliest=_dossier_start(dossier))
    if len(scope.strip()) > 300:
        errors["consent_scope"] = "De omschrijving van de toestemming is te lang (hoogstens 300 tekens)."
    if errors:
        message = "De toestemming kan niet worden vastgelegd: " + " ".join(errors.values())
        raise ValidationError(message, errors)
    assert consent is not None
    row.consent = consent
    if consent is ConsentStatus.NIET_GEVRAAGD:
        row.consent_on, row.consent_scope = None, ""
        row.consent_method, row.consent_language = None, ""
    else:
        row.consent_on = on
        row.consent_method = method
        row.consent_language = language.strip() if method is ConsentMethod.INTERPRETER else ""
        row.consent_scope = scope.strip() or (
            DEFAULT_SCOPE[row.kind] if consent is ConsentStatus.GEGEVEN else ""
        )
    row.consent_recorded_by = actor.name[:120]
    when = f" op {date_text(row.consent_on)}" if row.consent_on else ""
    how = consent_method_text(row.consent_method, row.consent_language)
    how = f", {how}" if how else ""
    what = f" voor: {row.consent_scope}" if row.consent_scope else ""
    record_event(
        session,
        actor,
        dossier.id,
        TimelineKind.TOESTEMMING,
        f"Toestemming {_label(row)}: {consent.label.lower()}{when}{how}{what}.",
        handover_id=row.id,
    )
    session.flush()
    return handover_info(session, row, today)


def record_receipt(
    session: Session,
    actor: Actor,
    handover_id: int,
    expected_version: int,
    receipt: Receipt,
    *,
    today: date | None = None,
) -> HandoverInfo:
    """The receiver confirmed: "verzonden" → "ontvangen" with their name, the day and a reference."""
    return change_status(
        session, actor, handover_id, expected_version, HandoverStatus.ONTVANGEN, receipt=receipt, today=today
    )


def change_status(
    session: Session,
    actor: Actor,
    handover_id: int,
    expected_version: int,
    new: HandoverStatus,
    *,
    reason: str = "",
    override_reason: str | None = None,
    receipt: Receipt | None = None,
    today: date | None = None,
) -> HandoverInfo:
    today = today or date.today()
    row = session.get(Handover, handover_id)
    if row is None:
        raise NotFound(HANDOVER_GONE)
    override = (override_reason or "").strip()
    without_consent = new in SHARING and consent_missing(row.kind, row.consent)
    detail = f"status {row.status.value} → {new.value}"
    if without_consent and override:
        detail += f"; zonder toestemming, reden: {override}"
    row, dossier = _load(session, actor, handover_id, Action.UPDATE, detail=detail)
    _check_version(session, row, expected_version, today)
    try:
        check_transition(row.status, new, reason)
    except TransitionError as exc:
        raise ValidationError(str(exc), {"status": str(exc)}) from exc
    if without_consent and not override:
        raise UserError(consent_refusal_text(row.consent, "Verzenden"))
    if len(override) > 500 or len(reason.strip()) > 500:
        raise ValidationError("De reden is te lang (hoogstens 500 tekens).", {"reason": "te lang"})
    if new is HandoverStatus.ONTVANGEN:
        sent_on = row.sent_on or sent_day(
            list(
                session.scalars(
                    select(HandoverStatusChange).where(HandoverStatusChange.handover_id == row.id)
                )
            )
        )
        errors = receipt_errors(receipt, sent_on=sent_on, today=today)
        if errors:
            message = "De ontvangst kan niet worden vastgelegd: " + " ".join(errors.values())
            raise ValidationError(message, errors)
        assert receipt is not None
        row.received_by = receipt.received_by.strip()
        row.received_on = receipt.received_on
        row.received_reference = receipt.reference.strip()
        reason = receipt_text(row.received_by, row.received_on, row.received_reference)
    if new is HandoverStatus.AFGEROND:
        still_open = [c.text for c in row.checks if not c.done]
        if still_open:
            raise ValidationError(open_items_text(still_open), {"checks": "open"})
    old = row.status
    now = utcnow()
    if without_consent:
        row.override_reason, row.override_by, row.override_at = override, actor.name[:120], now
    row.status, row.status_reason = new, reason.strip()
    if new is HandoverStatus.VERZONDEN:
        row.sent_on = today  # the service's day (as every date here), for the receipt's check
    row.status_changed_at, row.status_changed_by = now, actor.name[:120]
    session.add(
        HandoverStatusChange(
            handover_id=row.id,
            from_status=old,
            to_status=new,
            at=now,
            by_login=actor.login[:64],
            by_name=actor.name[:120],
            reason=override if without_consent else reason.strip(),
            without_consent=without_consent,
        )
    )
    for item in CHECKLISTS[row.kind]:
        check = next((c for c in row.checks if c.item_key == item.key), None)
        if item.ticks_on is new and check is not None and not check.done:
            # The receipt's own day, not the day it was entered.
            on = row.received_on if new is HandoverStatus.ONTVANGEN and row.received_on else today
            check.done, check.done_on, check.done_by = True, on, actor.name[:120]
    text = f"Overdracht {_label(row)}: {old.label} → {new.label}"
    if new is HandoverStatus.ONTVANGEN:
        text += f" — {reason}"
    elif reason.strip():
        text += f" (reden: {reason.strip()})"
    if without_consent:
        text += f" — zonder toestemming, reden: {override}"
    record_event(session, actor, dossier.id, TimelineKind.STATUS, text + ".", handover_id=row.id)
    session.flush()
    if new.final:
        _maybe_all_done(session, actor, dossier, today)
    return handover_info(session, row, today)


def _maybe_all_done(session: Session, actor: Actor, dossier: Dossier, today: date) -> None:
    """When the last running handover closes, the "overdrachten afgerond" milestone is reached."""
    still = session.scalar(
        select(func.count()).where(Handover.dossier_id == dossier.id, Handover.status.in_(OPEN))
    )
    if still == 0:
        upsert_milestone(session, actor, dossier, MilestoneKind.OVERDRACHTEN_AFGEROND, today, "")


def tick_check(
    session: Session,
    actor: Actor,
    check_id: int,
    expected_version: int,
    done: bool,
    *,
    on: date | None = None,
    today: date | None = None,
) -> HandoverInfo:
    today = today or date.today()
    check = session.get(HandoverCheck, check_id)
    if check is None:
        raise NotFound("Dit punt van de checklist bestaat niet (meer).")
    row, dossier = _load(
        session, actor, check.handover_id, Action.UPDATE, detail=f"checklist {check.item_key}"
    )
    if check.version != expected_version:
        raise ConflictError(CONFLICT, current=handover_info(session, row, today))
    if row.status.final:
        raise ValidationError(FIXED.format(status=row.status.label.lower()))
    if on is not None and on > today:
        raise ValidationError("De datum ligt in de toekomst.", {"done_on": "toekomst"})
    check.done = done
    check.done_on = (on or today) if done else None
    check.done_by = actor.name[:120] if done else ""
    text = f"Afgevinkt: {check.text}" if done else f"Niet meer afgevinkt: {check.text}"
    record_event(
        session, actor, dossier.id, TimelineKind.CHECKLIST, f"{text} ({_label(row)}).", handover_id=row.id
    )
    session.flush()
    return handover_info(session, row, today)
