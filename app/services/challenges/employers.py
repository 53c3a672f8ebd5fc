"""Employers of the challenge planner: enter, change, list, and their history of pledges.

Public API (rights: ``Area.DIRECTORY`` — everyone reads; a regio-coördinator writes any employer, a
contactpersoon or consulent those of their own municipality):

- ``EmployerInput`` / ``ContactInput`` (dataclasses)
- ``create_employer(session, actor, data) -> EmployerInfo``
- ``update_employer(session, actor, employer_id, expected_version, data) -> EmployerInfo``
- ``validate(session, data, employer_id=None) -> {field: message}`` (the import checks rows with it)
- ``get_employer(session, actor, employer_id) -> EmployerInfo``
- ``list_employers(session, actor, text="", gemeente=None, wsp=None, sector=None) -> list[EmployerRow]``
- ``employer_history(session, actor, employer_id) -> EmployerHistory``: per year places pledged,
  filled, started and completed, and how reliable the pledges were (filled ÷ pledged). Candidates
  are dossier data: counted through ``dl_pledge_counts`` on PostgreSQL, never listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import Candidate, Employer, EmployerContact, Gemeente, Pledge
from app.domain.case_dossier import fold
from app.domain.challenges import (
    SBI_SECTIONS,
    SIZE_CLASSES,
    WSP_REGIONS,
    CandidateStatus,
    PlaceFigures,
    clean_kvk,
    kvk_error,
    reliability,
    wsp_of,
)
from app.domain.roles import Action, Area, is_allowed
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize

GONE = "Deze werkgever bestaat niet (meer)."
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TEXT_MAX = {"name": 200, "address": 200, "notes": 1000}


@dataclass
class ContactInput:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class EmployerInput:
    name: str
    gemeente_code: str  # where it is; that municipality keeps it
    kvk: str = ""
    sector: str = ""  # SBI section letter
    size_class: str = ""
    address: str = ""
    wsp: str = ""  # empty: the Werkgeversservicepunt of its municipality
    notes: str = ""
    active: bool = True
    contacts: list[ContactInput] = field(default_factory=list)


@dataclass(frozen=True)
class EmployerInfo:
    id: int
    version: int
    data: EmployerInput
    gemeente_name: str
    can_edit: bool


@dataclass(frozen=True)
class EmployerRow:
    id: int
    name: str
    kvk: str
    sector: str
    sector_label: str
    size_class: str
    gemeente_code: str
    gemeente_name: str
    wsp: str
    contact: str
    active: bool


@dataclass(frozen=True)
class EmployerHistory:
    employer_id: int
    by_year: dict[int, PlaceFigures]
    total: PlaceFigures

    @property
    def reliability(self) -> float | None:
        return reliability(self.total.pledged, self.total.filled)

    def reliability_text(self) -> str:
        share = self.reliability
        if share is None:
            return "Nog geen plekken toegezegd."
        return f"{self.total.filled} van {self.total.pledged} plekken ingevuld ({round(100 * share)}%)"


def _gemeente(session: Session, code: str) -> Gemeente | None:
    return session.scalar(select(Gemeente).where(Gemeente.cbs_code == code.strip().upper()))


def validate(session: Session, data: EmployerInput, employer_id: int | None = None) -> dict[str, str]:
    """Field -> Dutch message for what is wrong (empty: fine); also what an import checks per row."""
    errors: dict[str, str] = {}
    if not data.name.strip():
        errors["name"] = "Vul de naam van de werkgever in."
    for name, limit in _TEXT_MAX.items():
        if len(getattr(data, name).strip()) > limit and name not in errors:
            errors[name] = f"Te lang (hoogstens {limit} tekens)."
    if (problem := kvk_error(data.kvk)) is not None:
        errors["kvk"] = problem
    elif data.kvk.strip():
        other = session.scalar(select(Employer.id).where(Employer.kvk == clean_kvk(data.kvk)))
        if other is not None and other != employer_id:
            errors["kvk"] = f"Dit KvK-nummer staat al bij een andere werkgever (nummer {other})."
    if data.sector and data.sector not in SBI_SECTIONS:
        errors["sector"] = "Kies een sector (SBI-sectie A tot en met U)."
    if data.size_class and data.size_class not in SIZE_CLASSES:
        errors["size_class"] = "Kies een grootteklasse uit de lijst."
    if data.wsp and data.wsp not in WSP_REGIONS:
        errors["wsp"] = "Kies een van de vijf Werkgeversservicepunten."
    if _gemeente(session, data.gemeente_code) is None:
        errors["gemeente_code"] = "Kies de gemeente waar de werkgever zit."
    for n, contact in enumerate(data.contacts, start=1):
        if not contact.name.strip():
            errors[f"contact_{n}"] = f"Contactpersoon {n}: vul een naam in."
        elif contact.email.strip() and not _EMAIL.match(contact.email.strip()):
            errors[f"contact_{n}"] = f"Contactpersoon {n}: dit is geen geldig e-mailadres."
    return errors


def _may_edit(actor: Actor, gemeente_id: int) -> bool:
    return actor.system or is_allowed(
        actor.role, Action.UPDATE, Area.DIRECTORY, own_gemeente=gemeente_id == actor.gemeente_id
    )


def _info(session: Session, actor: Actor, row: Employer) -> EmployerInfo:
    gemeente = session.get(Gemeente, row.gemeente_id)
    assert gemeente is not None
    data = EmployerInput(
        name=row.name, gemeente_code=gemeente.cbs_code, kvk=row.kvk or "", sector=row.sector,
        size_class=row.size_class, address=row.address, wsp=row.wsp, notes=row.notes, active=row.active,
        contacts=[ContactInput(c.name, c.role, c.phone, c.email) for c in row.contacts],
    )  # fmt: skip
    return EmployerInfo(row.id, row.version, data, gemeente.name, _may_edit(actor, row.gemeente_id))


def _assign(session: Session, row: Employer, data: EmployerInput, gemeente: Gemeente) -> None:
    row.name = data.name.strip()
    row.gemeente_id = gemeente.id
    row.kvk = clean_kvk(data.kvk) or None
    row.sector, row.size_class = data.sector, data.size_class
    row.address, row.notes, row.active = data.address.strip(), data.notes.strip(), data.active
    row.wsp = data.wsp or wsp_of(gemeente.cbs_code)
    wanted = [(c.name.strip(), c.role.strip(), c.phone.strip(), c.email.strip()) for c in data.contacts]
    if [(c.name, c.role, c.phone, c.email) for c in row.contacts] != wanted:
        row.contacts.clear()
        session.flush()
        for name, role, phone, email in wanted:
            row.contacts.append(EmployerContact(name=name, role=role, phone=phone, email=email))
        if row.id is not None:
            # The contacts are part of the employer: changing only them moves its version too, so
            # two people editing the contact list get the conflict instead of overwriting each other.
            row.updated_at = utcnow()


def create_employer(session: Session, actor: Actor, data: EmployerInput) -> EmployerInfo:
    gemeente = _gemeente(session, data.gemeente_code)
    authorize(
        session, actor, Action.CREATE, Area.DIRECTORY, "werkgever",
        gemeente_id=gemeente.id if gemeente else actor.gemeente_id,
    )  # fmt: skip
    errors = validate(session, data, None)
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)
    assert gemeente is not None
    row = Employer(name="", gemeente_id=gemeente.id, created_by=actor.login[:64])
    _assign(session, row, data, gemeente)
    session.add(row)
    session.flush()
    return _info(session, actor, row)


def update_employer(
    session: Session, actor: Actor, employer_id: int, expected_version: int, data: EmployerInput
) -> EmployerInfo:
    row = session.get(Employer, employer_id)
    if row is None:
        raise NotFound(GONE)
    authorize(
        session, actor, Action.UPDATE, Area.DIRECTORY, "werkgever", employer_id, gemeente_id=row.gemeente_id
    )
    gemeente = _gemeente(session, data.gemeente_code)
    if gemeente is not None and gemeente.id != row.gemeente_id:  # moving it: both must allow it
        authorize(
            session, actor, Action.UPDATE, Area.DIRECTORY, "werkgever", employer_id, gemeente_id=gemeente.id
        )
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(session, actor, row))
    errors = validate(session, data, employer_id)
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)
    assert gemeente is not None
    _assign(session, row, data, gemeente)
    session.flush()
    return _info(session, actor, row)


def get_employer(session: Session, actor: Actor, employer_id: int) -> EmployerInfo:
    row = session.get(Employer, employer_id)
    if row is None:
        raise NotFound(GONE)
    authorize(session, actor, Action.READ, Area.DIRECTORY, "werkgever", employer_id, gemeente_id=None)
    return _info(session, actor, row)


def list_employers(
    session: Session,
    actor: Actor,
    text_filter: str = "",
    gemeente: str | None = None,
    wsp: str | None = None,
    sector: str | None = None,
) -> list[EmployerRow]:
    """Employers by name; text (accent- and case-insensitive) in name, KvK, address and contacts."""
    authorize(session, actor, Action.SEARCH, Area.DIRECTORY, "werkgevers", gemeente_id=None)
    names = {g.id: (g.cbs_code, g.name) for g in session.scalars(select(Gemeente))}
    words = fold(text_filter).split()
    out = []
    for row in session.scalars(select(Employer).order_by(Employer.name)):
        code, name = names[row.gemeente_id]
        contact = row.contacts[0].name if row.contacts else ""
        if len(row.contacts) > 1:
            contact += f" (+{len(row.contacts) - 1})"  # the others are in the detail pane
        if (gemeente and code != gemeente) or (wsp and row.wsp != wsp) or (sector and row.sector != sector):
            continue
        haystack = fold(
            " ".join([row.name, row.kvk or "", row.address, name, *(c.name for c in row.contacts)])
        )
        if not all(w in haystack for w in words):
            continue
        out.append(
            EmployerRow(row.id, row.name, row.kvk or "", row.sector, SBI_SECTIONS.get(row.sector, ""),
                        row.size_class, code, name, row.wsp, contact, row.active)
        )  # fmt: skip
    return out


def _candidate_counts(session: Session, pledge_ids: set[int]) -> dict[tuple[int, CandidateStatus], int]:
    """(pledge, step) → candidates, of every municipality (counts only)."""
    out: dict[tuple[int, CandidateStatus], int] = {}
    if not pledge_ids:
        return out
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(text("SELECT pledge_id, status, n FROM dl_pledge_counts()"))
        for pledge_id, status, n in rows:
            if pledge_id in pledge_ids:
                key = (pledge_id, CandidateStatus(status))
                out[key] = out.get(key, 0) + int(n)
        return out
    grouped = session.execute(
        select(Candidate.pledge_id, Candidate.status, func.count())
        .where(Candidate.pledge_id.in_(pledge_ids))
        .group_by(Candidate.pledge_id, Candidate.status)
    )
    for pledge_id, status, n in grouped:
        out[(pledge_id, status)] = int(n)
    return out


def employer_history(session: Session, actor: Actor, employer_id: int) -> EmployerHistory:
    if session.get(Employer, employer_id) is None:
        raise NotFound(GONE)
    authorize(session, actor, Action.READ, Area.DIRECTORY, "werkgever", employer_id, gemeente_id=None)
    return history_of(session, employer_id)


def history_of(session: Session, employer_id: int) -> EmployerHistory:
    """``employer_history`` without its own log row: for a caller that checked and logged already
    (the export of the list logs the export once, not each employer)."""
    pledges = list(
        session.execute(
            select(Pledge.id, Pledge.places, Pledge.pledged_on).where(Pledge.employer_id == employer_id)
        )
    )
    counts = _candidate_counts(session, {p.id for p in pledges})
    years: dict[int, dict[str, int]] = {}
    for p in pledges:
        cell = years.setdefault(p.pledged_on.year, {"pledged": 0, "filled": 0, "started": 0, "completed": 0})
        took = {s: n for (pid, s), n in counts.items() if pid == p.id}
        filled = sum(n for s, n in took.items() if s.fills)
        cell["pledged"] += p.places
        cell["filled"] += min(filled, p.places)
        cell["started"] += took.get(CandidateStatus.GESTART, 0) + took.get(CandidateStatus.AFGEROND, 0)
        cell["completed"] += took.get(CandidateStatus.AFGEROND, 0)
    by_year = {y: PlaceFigures(**v) for y, v in sorted(years.items())}
    total = PlaceFigures(
        **{k: sum(v[k] for v in years.values()) for k in ("pledged", "filled", "started", "completed")}
    )
    return EmployerHistory(employer_id, by_year, total)
