"""Pledged places: what an employer promised (at a challenge or on its own), how many are filled,
the unfilled flag six weeks after the challenge, and opening the places to the whole region.

Public API (rights: ``Area.DIRECTORY`` — everyone reads; the pledge's municipality writes; a
regio-coördinator writes all):

- ``PledgeInput`` (dataclass)
- ``create_pledge(session, actor, data, today=None) -> PledgeInfo``
- ``update_pledge(session, actor, pledge_id, expected_version, data, today=None) -> PledgeInfo``
- ``get_pledge(session, actor, pledge_id, today=None) -> PledgeInfo``
- ``open_to_region(session, actor, pledge_id, expected_version, today) -> PledgeInfo``: one click.
- ``mark_flag_handled(session, actor, pledge_id, expected_version, today) -> PledgeInfo``: the
  unfilled flag is dealt with (the employer keeps trying, took the places back, …): it leaves Vandaag.
- ``challenge_pledges(session, actor, challenge_ids, today) -> {challenge_id: [PledgeInfo]}``
- ``filled_counts(session, pledge_ids) -> {pledge_id: filled}``: candidates whose status fills a
  place, of every municipality (counts only: on PostgreSQL through ``dl_pledge_counts()``).
- ``unfilled_pledges(session, actor, gemeente_id, today)`` and ``opened_to_region(session, actor,
  today, days=30)``: what Vandaag shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.models import Candidate, Challenge, Employer, Pledge
from app.domain.challenges import (
    HOURS_MAX,
    LANGUAGE_LEVELS,
    PLEDGE_COUNT_MAX,
    SBI_SECTIONS,
    CandidateStatus,
    PlaceKind,
    unfilled_flag,
)
from app.domain.roles import Action, Area
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize
from app.services.challenges.challenges import may_edit
from app.services.directory.reference import gemeenten_by_id

GONE = "Deze toezegging bestaat niet (meer)."
OBJECT = "toezegging"
#: The levels a place may ask for (A0 is no demand, C1 is never needed for these places).
PLEDGE_LEVELS = LANGUAGE_LEVELS[1:5]
_FILLS = [s.value for s in CandidateStatus if s.fills]
_TEXT_MAX = {"job_title": 120, "location": 200, "notes": 500}


@dataclass
class PledgeInput:
    employer_id: int
    gemeente_id: int  # who keeps the pledge
    kind: PlaceKind
    places: int = 1
    challenge_id: int | None = None
    sector: str = ""  # SBI section letter
    job_title: str = ""
    language_level: str = ""  # "" = no demand
    hours: int | None = None
    location: str = ""
    start_on: date | None = None
    open_to_region: bool = False
    notes: str = ""


@dataclass(frozen=True)
class PledgeInfo:
    id: int
    version: int
    data: PledgeInput
    employer_name: str
    owner_name: str
    challenge_title: str
    challenge_on: date | None
    pledged_on: date
    opened_to_region_on: date | None
    filled: int
    unfilled: bool  # the flag: not all filled six weeks after the challenge
    can_edit: bool
    flag_handled_on: date | None = None  # the flag marked handled: no longer on Vandaag
    flag_handled_by: str = ""

    @property
    def flag_waits(self) -> bool:
        """The flag stands and nobody has answered it yet, by opening the places to the region or by
        marking it handled (what Vandaag shows)."""
        return self.unfilled and self.flag_handled_on is None and not self.data.open_to_region

    @property
    def open_places(self) -> int:
        return max(self.data.places - self.filled, 0)


def validate(session: Session, data: PledgeInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if session.get(Employer, data.employer_id) is None:
        errors["employer_id"] = "Kies de werkgever die de plekken toezegt."
    if data.gemeente_id not in gemeenten_by_id(session):
        errors["gemeente_id"] = "Kies de gemeente die de toezegging bijhoudt."
    if data.challenge_id is not None and session.get(Challenge, data.challenge_id) is None:
        errors["challenge_id"] = "Deze challenge bestaat niet (meer)."
    if not 1 <= data.places <= PLEDGE_COUNT_MAX:
        errors["places"] = f"Het aantal plekken moet tussen 1 en {PLEDGE_COUNT_MAX} liggen."
    if data.sector and data.sector not in SBI_SECTIONS:
        errors["sector"] = "Kies een sector uit de lijst."
    if data.language_level and data.language_level not in PLEDGE_LEVELS:
        errors["language_level"] = f"Kies een taalniveau: {', '.join(PLEDGE_LEVELS)} (of geen eis)."
    if data.hours is not None and not 1 <= data.hours <= HOURS_MAX:
        errors["hours"] = f"Het aantal uren per week moet tussen 1 en {HOURS_MAX} liggen."
    labels = {"job_title": "De functie", "location": "De werkplek", "notes": "De notitie"}
    for name, limit in _TEXT_MAX.items():
        if len(getattr(data, name)) > limit:
            errors[name] = f"{labels[name]} is te lang (hoogstens {limit} tekens)."
    return errors


def _clean(data: PledgeInput) -> PledgeInput:
    return replace(
        data,
        kind=PlaceKind(data.kind),
        sector=data.sector.strip().upper(),
        job_title=data.job_title.strip(),
        language_level=data.language_level.strip().upper(),
        location=data.location.strip(),
        notes=data.notes.strip(),
    )


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)


# -- counting ---------------------------------------------------------------------------------------


def filled_counts(session: Session, pledge_ids: Iterable[int]) -> dict[int, int]:
    """Pledge → candidates (of any municipality) whose status fills a place. Only numbers: on
    PostgreSQL a user cannot read another municipality's candidates, the function counts them."""
    ids = list(pledge_ids)
    if not ids:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(
                "SELECT pledge_id, sum(n) FROM dl_pledge_counts() "
                "WHERE status = ANY(:fills) AND pledge_id = ANY(:ids) GROUP BY pledge_id"
            ),
            {"fills": _FILLS, "ids": ids},
        )
    else:
        rows = session.execute(
            select(Candidate.pledge_id, func.count())
            .where(Candidate.pledge_id.in_(ids), Candidate.status.in_([CandidateStatus(s) for s in _FILLS]))
            .group_by(Candidate.pledge_id)
        )
    return {int(pid): int(n) for pid, n in rows}


# -- reading ----------------------------------------------------------------------------------------


def _input_of(row: Pledge) -> PledgeInput:
    return PledgeInput(
        employer_id=row.employer_id, gemeente_id=row.gemeente_id, kind=row.kind, places=row.places,
        challenge_id=row.challenge_id, sector=row.sector, job_title=row.job_title,
        language_level=row.language_level, hours=row.hours, location=row.location, start_on=row.start_on,
        open_to_region=row.open_to_region, notes=row.notes,
    )  # fmt: skip


def _infos(session: Session, actor: Actor, rows: list[Pledge], today: date) -> list[PledgeInfo]:
    filled = filled_counts(session, [r.id for r in rows])
    gemeenten = gemeenten_by_id(session)
    challenge_ids = {r.challenge_id for r in rows if r.challenge_id is not None}
    challenges = (
        {c.id: c for c in session.scalars(select(Challenge).where(Challenge.id.in_(challenge_ids)))}
        if challenge_ids
        else {}
    )
    out = []
    for r in rows:
        ch = challenges.get(r.challenge_id) if r.challenge_id is not None else None
        n = filled.get(r.id, 0)
        on = ch.held_on if ch is not None else None
        out.append(
            PledgeInfo(
                id=r.id, version=r.version, data=_input_of(r), employer_name=r.employer.name,
                owner_name=gemeenten[r.gemeente_id][1], challenge_title=ch.title if ch else "",
                challenge_on=on, pledged_on=r.pledged_on, opened_to_region_on=r.opened_to_region_on,
                filled=n, unfilled=unfilled_flag(on, r.places, n, today),
                can_edit=may_edit(session, actor, r.gemeente_id), flag_handled_on=r.unfilled_handled_on,
                flag_handled_by=r.unfilled_handled_by,
            )
        )  # fmt: skip
    return out


def _row(session: Session, pledge_id: int) -> Pledge:
    row = session.get(Pledge, pledge_id)
    if row is None:
        raise NotFound(GONE)
    return row


def get_pledge(session: Session, actor: Actor, pledge_id: int, today: date | None = None) -> PledgeInfo:
    row = _row(session, pledge_id)
    authorize(session, actor, Action.READ, Area.DIRECTORY, OBJECT, pledge_id, gemeente_id=None)
    return _infos(session, actor, [row], today or date.today())[0]


def challenge_pledges(
    session: Session, actor: Actor, challenge_ids: list[int], today: date
) -> dict[int, list[PledgeInfo]]:
    if not challenge_ids:
        return {}
    rows = list(
        session.scalars(select(Pledge).where(Pledge.challenge_id.in_(challenge_ids)).order_by(Pledge.id))
    )
    out: dict[int, list[PledgeInfo]] = {}
    for info in _infos(session, actor, rows, today):
        out.setdefault(info.data.challenge_id or 0, []).append(info)
    return out


# -- writing ----------------------------------------------------------------------------------------


def create_pledge(session: Session, actor: Actor, data: PledgeInput, today: date | None = None) -> PledgeInfo:
    data = _clean(data)
    authorize(session, actor, Action.CREATE, Area.DIRECTORY, OBJECT, None, gemeente_id=data.gemeente_id)
    _raise_if(validate(session, data))
    day = today or date.today()
    row = Pledge(
        **{k: getattr(data, k) for k in PledgeInput.__dataclass_fields__},
        pledged_on=day,
        opened_to_region_on=day if data.open_to_region else None,
        created_by=actor.login[:64],
    )
    session.add(row)
    session.flush()
    return _infos(session, actor, [row], day)[0]


def _write(session: Session, actor: Actor, row: Pledge, expected_version: int, today: date) -> None:
    authorize(session, actor, Action.UPDATE, Area.DIRECTORY, OBJECT, row.id, gemeente_id=row.gemeente_id)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_infos(session, actor, [row], today)[0])


def update_pledge(
    session: Session, actor: Actor, pledge_id: int, expected_version: int, data: PledgeInput,
    today: date | None = None,
) -> PledgeInfo:  # fmt: skip
    row = _row(session, pledge_id)
    day = today or date.today()
    data = _clean(data)
    _write(session, actor, row, expected_version, day)
    if data.gemeente_id != row.gemeente_id:
        authorize(session, actor, Action.UPDATE, Area.DIRECTORY, OBJECT, row.id, gemeente_id=data.gemeente_id)
    _raise_if(validate(session, data))
    if data.open_to_region and not row.open_to_region:
        row.opened_to_region_on = day
    elif not data.open_to_region:
        row.opened_to_region_on = None
    for name in PledgeInput.__dataclass_fields__:
        if getattr(row, name) != getattr(data, name):
            setattr(row, name, getattr(data, name))
    session.flush()
    return _infos(session, actor, [row], day)[0]


def open_to_region(
    session: Session, actor: Actor, pledge_id: int, expected_version: int, today: date
) -> PledgeInfo:
    """One click: the places are announced to every other municipality (Vandaag, 30 days)."""
    row = _row(session, pledge_id)
    _write(session, actor, row, expected_version, today)
    if row.open_to_region:
        message = "Deze plekken staan al open voor de hele regio."
        raise ValidationError(message, {"open_to_region": message})
    row.open_to_region = True
    row.opened_to_region_on = today
    session.flush()
    return _infos(session, actor, [row], today)[0]


def mark_flag_handled(
    session: Session, actor: Actor, pledge_id: int, expected_version: int, today: date
) -> PledgeInfo:
    """The unfilled flag is dealt with: it leaves the keeping municipality's Vandaag page (the
    planner still shows the places as not filled, with who handled the flag and when)."""
    row = _row(session, pledge_id)
    _write(session, actor, row, expected_version, today)
    info = _infos(session, actor, [row], today)[0]
    if not info.unfilled:
        message = (
            "Deze toezegging heeft geen signaal: alle plekken zijn ingevuld, "
            "of de zes weken zijn nog niet om."
        )
        raise ValidationError(message, {"unfilled": message})
    if row.unfilled_handled_on is not None:
        message = "Dit signaal is al afgehandeld."
        raise ValidationError(message, {"unfilled": message})
    if row.open_to_region:
        message = "Deze plekken staan al open voor de hele regio; daarmee is het signaal al beantwoord."
        raise ValidationError(message, {"unfilled": message})
    row.unfilled_handled_on = today
    row.unfilled_handled_by = actor.name[:120]
    session.flush()
    return _infos(session, actor, [row], today)[0]


# -- what Vandaag shows -----------------------------------------------------------------------------


def unfilled_pledges(session: Session, actor: Actor, gemeente_id: int, today: date) -> list[PledgeInfo]:
    """The municipality's own pledges at a challenge, not yet open to the region, flagged unfilled
    and not marked handled."""
    cutoff = today - timedelta(weeks=6)
    rows = list(
        session.scalars(
            select(Pledge)
            .join(Challenge, Challenge.id == Pledge.challenge_id)
            .where(
                Pledge.gemeente_id == gemeente_id,
                Pledge.open_to_region.is_(False),
                Pledge.unfilled_handled_on.is_(None),
                Challenge.held_on <= cutoff,
            )
            .order_by(Challenge.held_on, Pledge.id)
        )
    )
    return [p for p in _infos(session, actor, rows, today) if p.unfilled]


def opened_to_region(
    session: Session, actor: Actor, gemeente_id: int | None, today: date, days: int = 30
) -> list[PledgeInfo]:
    """Pledges of other municipalities opened to the region in the last ``days`` days, newest first,
    with places still open."""
    since = today - timedelta(days=days)
    query = select(Pledge).where(
        Pledge.open_to_region.is_(True),
        Pledge.opened_to_region_on >= since,
        Pledge.opened_to_region_on <= today,
    )
    if gemeente_id is not None:
        query = query.where(Pledge.gemeente_id != gemeente_id)
    rows = list(session.scalars(query.order_by(Pledge.opened_to_region_on.desc(), Pledge.id)))
    return [p for p in _infos(session, actor, rows, today) if p.open_places > 0]
