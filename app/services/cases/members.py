"""Household members, their NOA parts and voorinburgering hours, and the dossier's milestones.

Public API (rights: ``Area.DOSSIER``, own municipality; every change writes a timeline entry):

- ``MemberInput`` (dataclass) — name, role, birth_date, v_nummer, bsn, languages,
  interpreter_needed, name_arabic. Empty strings mean "not known (yet)".
- ``add_member(session, actor, dossier_id, data: MemberInput) -> MemberInfo``
- ``update_member(session, actor, member_id, expected_version, data: MemberInput) -> MemberInfo``
- ``remove_member(session, actor, member_id, expected_version) -> None``
- ``set_pre_integration_hours(session, actor, member_id, expected_version, total, language) -> MemberInfo``
  (158 hours available, of which 121 language)
- ``record_noa_part(session, actor, member_id, part: NoaPart, done_on, done_by="") -> MemberInfo``
- ``clear_noa_part(session, actor, member_id, part: NoaPart) -> MemberInfo``
- ``set_milestone(session, actor, dossier_id, kind: MilestoneKind, done_on, done_by="") -> MilestoneInfo``
- ``clear_milestone(session, actor, dossier_id, kind: MilestoneKind) -> None``

A BSN is checked with the 11-proef (``000000000`` refused) and may belong to one person only.
The NOA is stored as *done, when, by whom* per part; answers and scores are never stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Dossier, DossierMember, Milestone, NoaRecord
from app.domain.case_dossier import (
    MemberRole,
    MilestoneKind,
    NoaPart,
    TimelineKind,
    pre_integration_errors,
)
from app.domain.identifiers import IdentifierError, normalize_bsn, normalize_v_nummer
from app.domain.roles import Action
from app.domain.timefmt import date_text
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor
from app.services.cases.views import (
    MemberInfo,
    MilestoneInfo,
    load_dossier,
    member_info,
    milestone_info,
    record_event,
    refresh_summary,
)

MEMBER_GONE = "Dit gezinslid bestaat niet (meer)."
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
ADULT_ROLES = (MemberRole.HOOFDAANVRAGER, MemberRole.PARTNER)


@dataclass
class MemberInput:
    name: str
    role: MemberRole = MemberRole.HOOFDAANVRAGER
    birth_date: date | None = None
    v_nummer: str = ""
    bsn: str = ""
    languages: str = ""
    interpreter_needed: bool = False
    name_arabic: str = ""


def _validate(
    session: Session, dossier: Dossier, data: MemberInput, *, member_id: int | None = None
) -> tuple[str | None, str | None]:
    errors: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = "Vul de naam in."
    elif len(name) > 120:
        errors["name"] = "De naam is te lang (hoogstens 120 tekens)."
    arabic = data.name_arabic.strip()
    if arabic and not _ARABIC.search(arabic):
        errors["name_arabic"] = "Vul hier de naam in Arabisch schrift in, of laat het veld leeg."
    elif len(arabic) > 120:
        errors["name_arabic"] = "De naam in Arabisch schrift is te lang (hoogstens 120 tekens)."
    if data.birth_date and data.birth_date > date.today():
        errors["birth_date"] = "De geboortedatum ligt in de toekomst."
    elif data.birth_date and data.birth_date.year < 1900:
        errors["birth_date"] = "De geboortedatum is niet aannemelijk."
    if len(data.languages.strip()) > 120:
        errors["languages"] = "Te veel talen (hoogstens 120 tekens)."
    v_nummer = bsn = None
    if data.v_nummer.strip():
        try:
            v_nummer = normalize_v_nummer(data.v_nummer)
        except IdentifierError as exc:
            errors["v_nummer"] = str(exc)
    if data.bsn.strip():
        try:
            bsn = normalize_bsn(data.bsn)
        except IdentifierError as exc:
            errors["bsn"] = str(exc)
    # Clashes are named only within the dossier's own municipality: whether another municipality
    # has a person with this BSN or V-nummer is not for this user to know.
    if bsn:
        clash = session.execute(
            select(DossierMember.dossier_id, Dossier.gemeente_id)
            .join(Dossier, Dossier.id == DossierMember.dossier_id)
            .where(DossierMember.bsn == bsn, DossierMember.id != (member_id or 0))
        ).first()
        if clash is not None and clash.gemeente_id == dossier.gemeente_id:
            where = "in dit dossier" if clash.dossier_id == dossier.id else f"in dossier {clash.dossier_id}"
            errors["bsn"] = f"BSN {bsn} is al geregistreerd bij een ander gezinslid ({where})."
        elif clash is not None:
            # A BSN is one person's in the whole database (a unique key), so it cannot be stored
            # twice; the message says no more than that.
            errors["bsn"] = (
                f"BSN {bsn} kan niet worden geregistreerd. Controleer het nummer met de BRP; klopt het, "
                "neem dan contact op met de regio-coördinator."
            )
    if v_nummer:
        clash_id = session.scalar(
            select(DossierMember.dossier_id)
            .join(Dossier, Dossier.id == DossierMember.dossier_id)
            .where(
                DossierMember.v_nummer == v_nummer,
                DossierMember.id != (member_id or 0),
                Dossier.gemeente_id == dossier.gemeente_id,
            )
            .limit(1)
        )
        if clash_id is not None:
            errors["v_nummer"] = f"V-nummer {v_nummer} hoort al bij een ander gezinslid (dossier {clash_id})."
    if data.role is MemberRole.HOOFDAANVRAGER and any(
        m.role is MemberRole.HOOFDAANVRAGER and m.id != member_id for m in dossier.members
    ):
        errors["role"] = "Dit huishouden heeft al een hoofdaanvrager."
    if errors:
        raise ValidationError(
            "Het gezinslid kan niet worden opgeslagen: " + " ".join(errors.values()), errors
        )
    return v_nummer, bsn


def _assign(row: DossierMember, data: MemberInput, v_nummer: str | None, bsn: str | None) -> None:
    row.name = data.name.strip()
    row.name_arabic = data.name_arabic.strip() or None
    row.role = data.role
    row.birth_date = data.birth_date
    row.v_nummer = v_nummer
    row.bsn = bsn
    row.languages = data.languages.strip()
    row.interpreter_needed = data.interpreter_needed


def add_member_row(session: Session, actor: Actor, dossier: Dossier, data: MemberInput) -> DossierMember:
    """Validate and add a member to a dossier the caller has already authorised."""
    v_nummer, bsn = _validate(session, dossier, data)
    row = DossierMember()
    _assign(row, data, v_nummer, bsn)
    dossier.members.append(row)
    refresh_summary(dossier)
    session.flush()
    record_event(
        session, actor, dossier.id, TimelineKind.LID, f"Gezinslid toegevoegd: {row.name} ({row.role.label})."
    )
    return row


def add_member(session: Session, actor: Actor, dossier_id: int, data: MemberInput) -> MemberInfo:
    dossier = load_dossier(
        session, actor, dossier_id, Action.CREATE, object_type="dossierlid", object_id=None
    )
    return member_info(add_member_row(session, actor, dossier, data))


def _load_member(session: Session, actor: Actor, member_id: int, action: Action, detail: str | None = None):  # type: ignore[no-untyped-def]
    row = session.get(DossierMember, member_id)
    if row is None:
        raise NotFound(MEMBER_GONE)
    dossier = load_dossier(
        session, actor, row.dossier_id, action, object_type="dossierlid", object_id=member_id, detail=detail
    )
    return row, dossier


def _noa(session: Session, member_id: int) -> list[NoaRecord]:
    return list(session.scalars(select(NoaRecord).where(NoaRecord.member_id == member_id)))


def update_member(
    session: Session, actor: Actor, member_id: int, expected_version: int, data: MemberInput
) -> MemberInfo:
    row, dossier = _load_member(session, actor, member_id, Action.UPDATE)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=member_info(row, _noa(session, member_id)))
    v_nummer, bsn = _validate(session, dossier, data, member_id=member_id)
    had_bsn = row.bsn
    _assign(row, data, v_nummer, bsn)
    refresh_summary(dossier)
    text = f"Gegevens van {row.name} gewijzigd."
    if bsn and bsn != had_bsn:
        text = f"BSN geregistreerd voor {row.name}." if not had_bsn else f"BSN van {row.name} gewijzigd."
    record_event(session, actor, dossier.id, TimelineKind.LID, text)
    session.flush()
    return member_info(row, _noa(session, member_id))


def remove_member(session: Session, actor: Actor, member_id: int, expected_version: int) -> None:
    row, dossier = _load_member(session, actor, member_id, Action.DELETE)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=member_info(row, _noa(session, member_id)))
    from app.db.models import Handover

    if session.scalar(select(Handover.id).where(Handover.member_id == member_id).limit(1)) is not None:
        raise ValidationError(
            f"{row.name} heeft een eigen overdracht; trek die in in plaats van het gezinslid te verwijderen."
        )
    dossier.members.remove(row)
    refresh_summary(dossier)
    record_event(session, actor, dossier.id, TimelineKind.LID, f"Gezinslid verwijderd: {row.name}.")
    session.flush()


def set_pre_integration_hours(
    session: Session, actor: Actor, member_id: int, expected_version: int, total: int, language: int
) -> MemberInfo:
    row, dossier = _load_member(session, actor, member_id, Action.UPDATE, detail="voorinburgering")
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=member_info(row, _noa(session, member_id)))
    errors = pre_integration_errors(total, language)
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)
    row.pre_integration_hours, row.pre_integration_language_hours = total, language
    record_event(
        session,
        actor,
        dossier.id,
        TimelineKind.PLAN,
        f"Voorinburgering {row.name}: {total} van 158 uur gebruikt, waarvan {language} van 121 uur taal.",
    )
    session.flush()
    return member_info(row, _noa(session, member_id))


def _check_day(day: date | None, field: str) -> date:
    if day is None:
        raise ValidationError("Vul de datum in.", {field: "leeg"})
    if day > date.today():
        raise ValidationError("De datum ligt in de toekomst.", {field: "toekomst"})
    return day


def record_noa_part(
    session: Session, actor: Actor, member_id: int, part: NoaPart, done_on: date, done_by: str = ""
) -> MemberInfo:
    """Record that one NOA part was taken (when, by whom). Never the answers or the score."""
    row, dossier = _load_member(session, actor, member_id, Action.UPDATE, detail=f"NOA {part.value}")
    _check_day(done_on, "done_on")
    record = session.scalar(select(NoaRecord).where(NoaRecord.member_id == member_id, NoaRecord.part == part))
    if record is None:
        record = NoaRecord(dossier_id=dossier.id, member_id=member_id, part=part)
        session.add(record)
    record.done_on, record.done_by, record.recorded_by = done_on, done_by.strip()[:120], actor.login[:64]
    by = f" door {record.done_by}" if record.done_by else ""
    record_event(
        session,
        actor,
        dossier.id,
        TimelineKind.NOA,
        f"NOA {part.label} afgenomen bij {row.name} op {date_text(done_on)}{by}.",
    )
    session.flush()
    _noa_milestone(session, actor, dossier)
    return member_info(row, _noa(session, member_id))


def clear_noa_part(session: Session, actor: Actor, member_id: int, part: NoaPart) -> MemberInfo:
    row, dossier = _load_member(session, actor, member_id, Action.UPDATE, detail=f"NOA {part.value} gewist")
    record = session.scalar(select(NoaRecord).where(NoaRecord.member_id == member_id, NoaRecord.part == part))
    if record is not None:
        session.delete(record)
        record_event(
            session,
            actor,
            dossier.id,
            TimelineKind.NOA,
            f"NOA {part.label} bij {row.name} niet meer als gedaan geregistreerd.",
        )
        session.flush()
    return member_info(row, _noa(session, member_id))


def _noa_milestone(session: Session, actor: Actor, dossier: Dossier) -> None:
    """Once every adult of the household took every part, the NOA milestone is reached."""
    adults = [m.id for m in dossier.members if m.role in ADULT_ROLES]
    if not adults:
        return
    records = list(session.scalars(select(NoaRecord).where(NoaRecord.member_id.in_(adults))))
    if len(records) < len(adults) * len(NoaPart):
        return
    exists = session.scalar(
        select(Milestone.id).where(Milestone.dossier_id == dossier.id, Milestone.kind == MilestoneKind.NOA)
    )
    if exists is None:
        upsert_milestone(session, actor, dossier, MilestoneKind.NOA, max(r.done_on for r in records), "")


def materialize_gekoppeld(session: Session, dossier: Dossier) -> None:
    """Before the milestone "gekoppeld" is set or cleared: the one the dossier row keeps (revision
    0022, see app.services.cases.views.pending_gekoppeld) becomes the row it stands for."""
    if not dossier.gekoppeld_pending:
        return
    dossier.gekoppeld_pending = False
    of_kind = (Milestone.dossier_id == dossier.id, Milestone.kind == MilestoneKind.GEKOPPELD)
    recorded = session.scalar(select(Milestone.id).where(*of_kind))
    if recorded is None and dossier.linked_on is not None:
        session.add(
            Milestone(
                dossier_id=dossier.id, kind=MilestoneKind.GEKOPPELD, done_on=dossier.linked_on, done_by="COA",
                recorded_by=dossier.created_by, created_at=dossier.created_at, updated_at=dossier.created_at,
            )
        )  # fmt: skip
    session.flush()


def upsert_milestone(
    session: Session, actor: Actor, dossier: Dossier, kind: MilestoneKind, done_on: date, done_by: str
) -> Milestone:
    if kind is MilestoneKind.GEKOPPELD:
        materialize_gekoppeld(session, dossier)
    row = session.scalar(select(Milestone).where(Milestone.dossier_id == dossier.id, Milestone.kind == kind))
    if row is None:
        row = Milestone(dossier_id=dossier.id, kind=kind)
        session.add(row)
    row.done_on, row.done_by, row.recorded_by = done_on, done_by.strip()[:120], actor.login[:64]
    by = f" ({row.done_by})" if row.done_by else ""
    record_event(
        session, actor, dossier.id, TimelineKind.MIJLPAAL, f"{kind.label}: {date_text(done_on)}{by}."
    )
    session.flush()
    return row


def set_milestone(
    session: Session, actor: Actor, dossier_id: int, kind: MilestoneKind, done_on: date, done_by: str = ""
) -> MilestoneInfo:
    dossier = load_dossier(session, actor, dossier_id, Action.UPDATE, detail=f"mijlpaal {kind.value}")
    _check_day(done_on, "done_on")
    return milestone_info(upsert_milestone(session, actor, dossier, kind, done_on, done_by))


def clear_milestone(session: Session, actor: Actor, dossier_id: int, kind: MilestoneKind) -> None:
    dossier = load_dossier(session, actor, dossier_id, Action.UPDATE, detail=f"mijlpaal {kind.value} gewist")
    if kind is MilestoneKind.GEKOPPELD:
        materialize_gekoppeld(session, dossier)
    row = session.scalar(select(Milestone).where(Milestone.dossier_id == dossier_id, Milestone.kind == kind))
    if row is not None:
        session.delete(row)
        record_event(session, actor, dossier_id, TimelineKind.MIJLPAAL, f"{kind.label}: datum gewist.")
        session.flush()
