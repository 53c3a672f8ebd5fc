"""Searching the directory: one query for every initiative, the filter in app.domain.directory.

- ``search_initiatives(session, actor, flt, today=None) -> list[InitiativeRow]`` (the GUI, the CLI)
- ``to_check(session, actor, gemeente_id=None, today=None) -> list[InitiativeRow]``: the *Te
  controleren* list of one owning municipality (default: the actor's).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Initiative
from app.domain.directory import (
    Freshness,
    InitiativeFacts,
    InitiativeFilter,
    InitiativeStatus,
    codes_of,
    expand_groups,
    freshness,
    search,
)
from app.domain.roles import Action, Area
from app.services.access import Actor, authorize, searched
from app.services.directory.reference import check_months, gemeenten_by_id, list_kinds


@dataclass(frozen=True)
class InitiativeRow:
    """One search hit: what the table and the cards show."""

    id: int
    version: int
    name: str
    organisation: str
    kind: str
    kind_label: str
    owner_code: str
    owner_name: str
    gemeenten: tuple[str, ...]
    open_to_region: bool
    languages: tuple[str, ...]
    via_interpreter: bool
    target_groups: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    places_available: int | None
    waiting_list: bool
    schedule: str
    address: str
    online: bool
    contact_name: str
    contact_phone: str
    contact_email: str
    status: InitiativeStatus
    checked_on: date | None
    checked_by: str
    changed_at: datetime
    freshness: Freshness
    description: str


# -- searching --------------------------------------------------------------------------------------

_ROW_COLUMNS = (
    Initiative.id, Initiative.version, Initiative.name, Initiative.organisation, Initiative.kind,
    Initiative.gemeente_id, Initiative.gemeenten, Initiative.open_to_region, Initiative.languages,
    Initiative.via_interpreter, Initiative.target_groups, Initiative.min_age, Initiative.max_age,
    Initiative.places_available, Initiative.waiting_list, Initiative.schedule, Initiative.address,
    Initiative.online, Initiative.contact_name, Initiative.contact_phone, Initiative.contact_email,
    Initiative.status, Initiative.checked_on, Initiative.checked_by, Initiative.changed_at,
    Initiative.entered_on, Initiative.search_text, Initiative.description,
)  # fmt: skip


def _load(session: Session) -> tuple[list[InitiativeFacts], dict[int, tuple]]:  # type: ignore[type-arg]
    """Every initiative as search facts, and its display columns by id (one query)."""
    codes = {gid: code for gid, (code, _) in gemeenten_by_id(session).items()}
    facts: list[InitiativeFacts] = []
    shown: dict[int, tuple] = {}  # type: ignore[type-arg]
    for r in session.execute(select(*_ROW_COLUMNS)):
        facts.append(
            InitiativeFacts(
                id=r.id, name=r.name, kind=r.kind, status=r.status, owner_gemeente=codes[r.gemeente_id],
                gemeenten=frozenset(codes_of(r.gemeenten)), open_to_region=r.open_to_region,
                languages=frozenset(codes_of(r.languages)), via_interpreter=r.via_interpreter,
                groups=expand_groups(codes_of(r.target_groups)), min_age=r.min_age, max_age=r.max_age,
                places_available=r.places_available, waiting_list=r.waiting_list, online=r.online,
                checked_on=r.checked_on, entered_on=r.entered_on, search_text=r.search_text,
            )
        )  # fmt: skip
        shown[r.id] = r
    return facts, shown


def _row(r, names: dict[int, tuple[str, str]], kinds: dict[str, str], fresh: Freshness) -> InitiativeRow:  # type: ignore[no-untyped-def]
    code, name = names[r.gemeente_id]
    return InitiativeRow(
        id=r.id, version=r.version, name=r.name, organisation=r.organisation, kind=r.kind,
        kind_label=kinds.get(r.kind, r.kind), owner_code=code, owner_name=name,
        gemeenten=tuple(codes_of(r.gemeenten)) or (code,), open_to_region=r.open_to_region,
        languages=tuple(codes_of(r.languages)), via_interpreter=r.via_interpreter,
        target_groups=tuple(codes_of(r.target_groups)), min_age=r.min_age, max_age=r.max_age,
        places_available=r.places_available, waiting_list=r.waiting_list, schedule=r.schedule,
        address=r.address, online=r.online, contact_name=r.contact_name, contact_phone=r.contact_phone,
        contact_email=r.contact_email, status=r.status, checked_on=r.checked_on, checked_by=r.checked_by,
        changed_at=r.changed_at, freshness=fresh, description=r.description,
    )  # fmt: skip


def search_initiatives(
    session: Session, actor: Actor, flt: InitiativeFilter, today: date | None = None
) -> list[InitiativeRow]:
    """The initiatives ``flt`` finds, best first; each with its freshness (a stale one is shown as
    *mogelijk verouderd*, never hidden)."""
    authorize(
        session, actor, Action.SEARCH, Area.DIRECTORY, "initiatieven", gemeente_id=None,
        detail=searched(SimpleNamespace(**_filter_fields(flt))),
    )  # fmt: skip
    day = today or date.today()
    months = check_months(session)
    facts, shown = _load(session)
    names = gemeenten_by_id(session)
    kinds = list_kinds(session, include_inactive=True)
    return [
        _row(shown[f.id], names, kinds, freshness(f.checked_on, f.entered_on, day, check_months=months))
        for f in search(facts, flt, day, check_months=months)
    ]


def _filter_fields(flt: InitiativeFilter) -> dict[str, object]:
    out: dict[str, object] = {}
    for f in fields(InitiativeFilter):
        value = getattr(flt, f.name)
        if value != getattr(InitiativeFilter(), f.name):
            out[f.name] = ",".join(sorted(str(v) for v in value)) if isinstance(value, frozenset) else value
    return out


def to_check(
    session: Session, actor: Actor, gemeente_id: int | None = None, today: date | None = None
) -> list[InitiativeRow]:
    """The *Te controleren* list of one owner: not checked within the check period (longest first)."""
    target = gemeente_id if gemeente_id is not None else actor.gemeente_id
    names = gemeenten_by_id(session)
    owner = names[target][0] if target is not None and target in names else None
    flt = InitiativeFilter(
        statuses=frozenset({InitiativeStatus.ACTIEF, InitiativeStatus.TIJDELIJK_GESTOPT}),
        unchecked_months=check_months(session),
        owner_gemeente=owner,
    )
    rows = search_initiatives(session, actor, flt, today)
    return sorted(rows, key=lambda r: (r.checked_on or date.min, r.name))
