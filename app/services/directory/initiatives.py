"""Initiatives of the volunteer-initiative directory: enter, change, verify, search, history.

Public API (rights: ``Area.DIRECTORY`` — everyone reads; a regio-coördinator writes any entry, a
contactpersoon or consulent their own municipality's):

- ``InitiativeInput`` (dataclass): every editable field; lists as code lists.
- ``create_initiative(session, actor, data, today=None) -> InitiativeInfo``
- ``update_initiative(session, actor, initiative_id, expected_version, data) -> InitiativeInfo``:
  only fields that really differ are written, each with a history row; a save without changes
  changes nothing (not *laatst gewijzigd*, not *laatst gecontroleerd*).
- ``verify_initiative(session, actor, initiative_id, expected_version, today=None, data=None)``:
  "gecontroleerd, klopt nog" (``data`` None) or "gewijzigd" (``data``: the corrected fields, saved
  as an update in the same step); sets *laatst gecontroleerd* and who.
- ``get_initiative(session, actor, initiative_id) -> InitiativeInfo``
- ``initiative_history(session, actor, initiative_id) -> list[ChangeInfo]``

Searching: app.services.directory.search; the kinds list and the check period:
app.services.directory.reference.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import Initiative, InitiativeChange
from app.domain.case_dossier import fold
from app.domain.directory import (
    AGE_MAX,
    LANGUAGES,
    TARGET_GROUPS,
    Freshness,
    InitiativeStatus,
    codes_of,
    codes_text,
    expand_groups,
    freshness,
)
from app.domain.roles import Action, Area
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize
from app.services.directory.reference import check_months, gemeenten_by_id, list_kinds

GONE = "Dit initiatief bestaat niet (meer)."
CHECK_MONTHS_KEY = "directory_check_months"
VERIFIED_FIELD = "gecontroleerd"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-\s]{6,20}$")


@dataclass
class InitiativeInput:
    name: str
    kind: str
    gemeente_id: int  # the owning municipality
    organisation: str = ""
    description: str = ""
    target_groups: list[str] = field(default_factory=list)
    min_age: int | None = None
    max_age: int | None = None
    languages: list[str] = field(default_factory=list)  # ISO 639 codes
    via_interpreter: bool = False
    gemeenten: list[str] = field(default_factory=list)  # cbs codes where it runs (empty: the owner's)
    open_to_region: bool = False
    places_available: int | None = None
    waiting_list: bool = False
    schedule: str = ""
    by_appointment: bool = False
    address: str = ""
    online: bool = False
    accessibility: str = ""
    cost: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    website: str = ""
    status: InitiativeStatus = InitiativeStatus.ACTIEF


# Field → (label for messages and the history, max length for text)
FIELD_LABELS: dict[str, str] = {
    "name": "Naam",
    "kind": "Soort",
    "gemeente_id": "Eigenaar",
    "organisation": "Organisatie",
    "description": "Omschrijving",
    "target_groups": "Doelgroep",
    "min_age": "Minimumleeftijd",
    "max_age": "Maximumleeftijd",
    "languages": "Talen",
    "via_interpreter": "Via tolk",
    "gemeenten": "Gemeenten",
    "open_to_region": "Open voor de regio",
    "places_available": "Plaatsen vrij",
    "waiting_list": "Wachtlijst",
    "schedule": "Wanneer",
    "by_appointment": "Op afspraak",
    "address": "Adres",
    "online": "Online",
    "accessibility": "Toegankelijkheid",
    "cost": "Kosten",
    "contact_name": "Contactpersoon",
    "contact_phone": "Telefoon",
    "contact_email": "E-mail",
    "website": "Website",
    "status": "Status",
    VERIFIED_FIELD: "Gecontroleerd",
}
_TEXT_MAX = {
    "name": 200,
    "organisation": 200,
    "description": 4000,
    "schedule": 300,
    "address": 200,
    "accessibility": 300,
    "cost": 120,
    "contact_name": 120,
    "contact_phone": 40,
    "contact_email": 200,
    "website": 300,
}
_LIST_FIELDS = ("target_groups", "languages", "gemeenten")


@dataclass(frozen=True)
class InitiativeInfo:
    id: int
    version: int
    data: InitiativeInput
    owner_code: str
    owner_name: str
    kind_label: str
    changed_at: datetime
    changed_by: str
    checked_on: date | None
    checked_by: str
    entered_on: date
    freshness: Freshness
    can_edit: bool


@dataclass(frozen=True)
class ChangeInfo:
    at: datetime
    by_name: str
    field: str
    label: str
    old_value: str
    new_value: str


# -- validation -------------------------------------------------------------------------------------


def _clean(data: InitiativeInput) -> InitiativeInput:
    values = asdict(data)
    for name in _TEXT_MAX:
        values[name] = (values[name] or "").strip()
    for name in _LIST_FIELDS:
        values[name] = codes_of(codes_text(values[name]))
    return InitiativeInput(**values)


def validate(session: Session, data: InitiativeInput) -> dict[str, str]:
    """Field → Dutch message for every rule the input breaks ({}: fine)."""
    errors: dict[str, str] = {}
    if not data.name:
        errors["name"] = "Vul de naam van het initiatief in."
    for name, limit in _TEXT_MAX.items():
        if len(getattr(data, name)) > limit and name not in errors:
            errors[name] = f"{FIELD_LABELS[name]} is te lang (hoogstens {limit} tekens)."
    kinds = list_kinds(session, include_inactive=True)
    if data.kind not in kinds:
        errors["kind"] = "Kies een soort uit de lijst."
    gemeenten = gemeenten_by_id(session)
    if data.gemeente_id not in gemeenten:
        errors["gemeente_id"] = "Kies de gemeente die dit initiatief bijhoudt."
    codes = {code for code, _ in gemeenten.values()}
    unknown = [c for c in data.gemeenten if c not in codes]
    if unknown:
        errors["gemeenten"] = f"Onbekende gemeente: {', '.join(unknown)}."
    bad_languages = [c for c in data.languages if c not in LANGUAGES]
    if bad_languages:
        errors["languages"] = f"Onbekende taalcode: {', '.join(bad_languages)}."
    bad_groups = [g for g in expand_groups(data.target_groups) if g not in TARGET_GROUPS]
    if bad_groups:
        errors["target_groups"] = f"Onbekende doelgroep: {', '.join(sorted(bad_groups))}."
    for name in ("min_age", "max_age"):
        value = getattr(data, name)
        if value is not None and not 0 <= value <= AGE_MAX:
            errors[name] = f"{FIELD_LABELS[name]} moet tussen 0 en {AGE_MAX} liggen."
    if (
        data.min_age is not None
        and data.max_age is not None
        and data.min_age > data.max_age
        and "max_age" not in errors
    ):
        errors["max_age"] = "De maximumleeftijd is lager dan de minimumleeftijd."
    if data.places_available is not None and not 0 <= data.places_available <= 10_000:
        errors["places_available"] = "Het aantal vrije plaatsen moet tussen 0 en 10.000 liggen."
    if data.contact_email and not _EMAIL.match(data.contact_email):
        errors["contact_email"] = "Dit is geen geldig e-mailadres (bijvoorbeeld naam@organisatie.nl)."
    if data.contact_phone and not _PHONE.match(data.contact_phone):
        errors["contact_phone"] = "Een telefoonnummer bestaat uit cijfers (en eventueel +, -, spaties)."
    if not data.address and not data.online and "address" not in errors:
        errors["address"] = "Vul een adres in, of vink 'Online' aan."
    return errors


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)


# -- reading ----------------------------------------------------------------------------------------


def _input_of(row: Initiative) -> InitiativeInput:
    values = {f.name: getattr(row, f.name) for f in fields(InitiativeInput)}
    for name in _LIST_FIELDS:
        values[name] = codes_of(values[name])
    return InitiativeInput(**values)


def _search_text(data: InitiativeInput, kind_label: str, owner_name: str) -> str:
    parts = [
        data.name,
        data.organisation,
        data.description,
        kind_label,
        data.contact_name,
        data.address,
        owner_name,
    ]
    return fold(" ".join(p for p in parts if p))[:6000]


def _may_edit(actor: Actor, gemeente_id: int) -> bool:
    from app.domain.roles import is_allowed

    return actor.system or is_allowed(
        actor.role, Action.UPDATE, Area.DIRECTORY, own_gemeente=gemeente_id == actor.gemeente_id
    )


def _info(session: Session, actor: Actor, row: Initiative, today: date | None = None) -> InitiativeInfo:
    code, name = gemeenten_by_id(session)[row.gemeente_id]
    return InitiativeInfo(
        id=row.id,
        version=row.version,
        data=_input_of(row),
        owner_code=code,
        owner_name=name,
        kind_label=list_kinds(session, include_inactive=True).get(row.kind, row.kind),
        changed_at=row.changed_at,
        changed_by=row.changed_by,
        checked_on=row.checked_on,
        checked_by=row.checked_by,
        entered_on=row.entered_on,
        freshness=freshness(
            row.checked_on, row.entered_on, today or date.today(), check_months=check_months(session)
        ),
        can_edit=_may_edit(actor, row.gemeente_id),
    )


def get_initiative(session: Session, actor: Actor, initiative_id: int) -> InitiativeInfo:
    row = session.get(Initiative, initiative_id)
    if row is None:
        raise NotFound(GONE)
    authorize(session, actor, Action.READ, Area.DIRECTORY, "initiatief", initiative_id, gemeente_id=None)
    return _info(session, actor, row)


def initiative_history(session: Session, actor: Actor, initiative_id: int) -> list[ChangeInfo]:
    if session.get(Initiative, initiative_id) is None:
        raise NotFound(GONE)
    authorize(session, actor, Action.READ, Area.DIRECTORY, "initiatief", initiative_id, gemeente_id=None)
    rows = session.scalars(
        select(InitiativeChange)
        .where(InitiativeChange.initiative_id == initiative_id)
        .order_by(InitiativeChange.at.desc(), InitiativeChange.id.desc())
    )
    return [
        ChangeInfo(
            r.at,
            r.by_name or r.by_login,
            r.field,
            FIELD_LABELS.get(r.field, r.field),
            r.old_value,
            r.new_value,
        )
        for r in rows
    ]


# -- writing ----------------------------------------------------------------------------------------


def _stored(name: str, value: object) -> object:
    if name in _LIST_FIELDS:
        return codes_text(value)  # type: ignore[arg-type]
    return value


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, InitiativeStatus):
        return value.label
    return str(value)


def _authorize_write(
    session: Session, actor: Actor, action: Action, gemeente_id: int, object_id: object
) -> None:
    authorize(session, actor, action, Area.DIRECTORY, "initiatief", object_id, gemeente_id=gemeente_id)


def create_initiative(
    session: Session, actor: Actor, data: InitiativeInput, today: date | None = None
) -> InitiativeInfo:
    data = _clean(data)
    _authorize_write(session, actor, Action.CREATE, data.gemeente_id, None)
    _raise_if(validate(session, data))
    gemeenten = gemeenten_by_id(session)
    kind_label = list_kinds(session, include_inactive=True)[data.kind]
    values = {f.name: _stored(f.name, getattr(data, f.name)) for f in fields(InitiativeInput)}
    row = Initiative(
        **values,
        changed_at=utcnow(),
        changed_by=actor.name[:120],
        entered_on=today or date.today(),
        search_text=_search_text(data, kind_label, gemeenten[data.gemeente_id][1]),
        created_by=actor.login[:64],
    )
    session.add(row)
    session.flush()
    return _info(session, actor, row, today)


def _apply(session: Session, actor: Actor, row: Initiative, data: InitiativeInput) -> list[str]:
    """Write the fields that differ, one history row each; the names of the changed fields."""
    changed: list[str] = []
    now = utcnow()
    for f in fields(InitiativeInput):
        new = _stored(f.name, getattr(data, f.name))
        old = getattr(row, f.name)
        if new == old:
            continue
        changed.append(f.name)
        if f.name == "gemeente_id":
            names = gemeenten_by_id(session)
            old_text, new_text = names[old][1], names[new][1]  # type: ignore[index]
        else:
            old_text, new_text = _shown(old), _shown(new)
        session.add(
            InitiativeChange(
                initiative_id=row.id, at=now, by_login=actor.login[:64], by_name=actor.name[:120],
                field=f.name, old_value=old_text[:4000], new_value=new_text[:4000],
            )
        )  # fmt: skip
        setattr(row, f.name, new)
    if changed:
        row.changed_at = now
        row.changed_by = actor.name[:120]
        kind_label = list_kinds(session, include_inactive=True).get(data.kind, data.kind)
        row.search_text = _search_text(data, kind_label, gemeenten_by_id(session)[data.gemeente_id][1])
    return changed


def update_initiative(
    session: Session, actor: Actor, initiative_id: int, expected_version: int, data: InitiativeInput
) -> InitiativeInfo:
    row = session.get(Initiative, initiative_id)
    if row is None:
        raise NotFound(GONE)
    data = _clean(data)
    _authorize_write(session, actor, Action.UPDATE, row.gemeente_id, initiative_id)
    if data.gemeente_id != row.gemeente_id:  # handing it to another owner: both must allow it
        _authorize_write(session, actor, Action.UPDATE, data.gemeente_id, initiative_id)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(session, actor, row))
    _raise_if(validate(session, data))
    _apply(session, actor, row, data)
    session.flush()
    return _info(session, actor, row)


def verify_initiative(
    session: Session,
    actor: Actor,
    initiative_id: int,
    expected_version: int,
    today: date | None = None,
    data: InitiativeInput | None = None,
) -> InitiativeInfo:
    """The explicit act of checking: "klopt nog" (``data`` None) or "gewijzigd" with the corrections."""
    row = session.get(Initiative, initiative_id)
    if row is None:
        raise NotFound(GONE)
    _authorize_write(session, actor, Action.UPDATE, row.gemeente_id, initiative_id)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(session, actor, row))
    changed: list[str] = []
    if data is not None:
        data = _clean(data)
        if data.gemeente_id != row.gemeente_id:
            _authorize_write(session, actor, Action.UPDATE, data.gemeente_id, initiative_id)
        _raise_if(validate(session, data))
        changed = _apply(session, actor, row, data)
    day = today or date.today()
    session.add(
        InitiativeChange(
            initiative_id=row.id, at=utcnow(), by_login=actor.login[:64], by_name=actor.name[:120],
            field=VERIFIED_FIELD, old_value="" if row.checked_on is None else row.checked_on.isoformat(),
            new_value=("gewijzigd: " + ", ".join(FIELD_LABELS[c].lower() for c in changed))
            if changed else "klopt nog",
        )
    )  # fmt: skip
    row.checked_on = day
    row.checked_by = actor.name[:120]
    session.flush()
    return _info(session, actor, row, day)
