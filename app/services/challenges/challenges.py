"""Challenges: plan one, keep its checklist, invite employers, and the planner's overview.

Public API (rights: ``Area.DIRECTORY`` — everyone reads; the lead organiser's municipality, the
owner in ``gemeente_id``, writes; a regio-coördinator writes all):

- ``ChallengeInput`` (dataclass): every editable field.
- ``create_challenge(session, actor, data, today=None) -> ChallengeInfo``: starts with
  ``DEFAULT_CHECKLIST``.
- ``update_challenge(session, actor, challenge_id, expected_version, data) -> ChallengeInfo``
- ``move_challenge(session, actor, challenge_id, expected_version, status) -> ChallengeInfo``
- ``get_challenge(session, actor, challenge_id) -> ChallengeInfo``
- ``tick_check(session, actor, check_id, expected_version, done, today=None) -> ChallengeInfo``
- ``add_check(session, actor, challenge_id, text) -> ChallengeInfo``
- ``invite_employer(session, actor, challenge_id, employer_id, today=None) -> ChallengeInfo``
- ``set_participating(session, actor, link_id, expected_version, participating) -> ChallengeInfo``
- ``remove_employer(session, actor, link_id, expected_version) -> ChallengeInfo``
- ``planner(session, actor, today) -> Planner``: upcoming and past challenges, each with what is
  still open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Challenge, ChallengeCheck, ChallengeEmployer, Employer
from app.domain.challenges import DEFAULT_CHECKLIST, ChallengeStatus, PlaceKind, challenge_move_error
from app.domain.roles import Action, Area, is_allowed
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize, current_actor
from app.services.directory.reference import gemeenten_by_id

GONE = "Deze challenge bestaat niet (meer)."
OBJECT = "challenge"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
TARGET_MAX = 10_000
_TEXT_MAX = {"title": 200, "venue": 200, "notes": 2000}
CHECK_TEXT_MAX = 200


@dataclass
class ChallengeInput:
    title: str
    held_on: date | None
    gemeente_id: int  # the lead organiser: it keeps the challenge
    from_time: str = ""  # "14:00"
    to_time: str = ""
    venue: str = ""
    organisers: list[str] = field(default_factory=list)  # cbs codes of all organising municipalities
    target_places: int = 0
    target_kinds: list[PlaceKind] = field(default_factory=list)
    notes: str = ""


@dataclass(frozen=True)
class CheckInfo:
    id: int
    version: int
    key: str
    text: str
    done: bool
    done_on: date | None
    done_by: str


@dataclass(frozen=True)
class InvitedInfo:
    id: int  # the link's id
    version: int
    employer_id: int
    employer_name: str
    invited_on: date | None
    participating: bool


@dataclass(frozen=True)
class ChallengeInfo:
    id: int
    version: int
    data: ChallengeInput
    status: ChallengeStatus
    owner_code: str
    owner_name: str
    organiser_names: list[str]
    checks: list[CheckInfo]
    employers: list[InvitedInfo]
    can_edit: bool

    @property
    def when_text(self) -> str:
        times = "–".join(t for t in (self.data.from_time, self.data.to_time) if t)
        return times


# -- validation -------------------------------------------------------------------------------------


def _codes(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        code = v.strip().upper()
        if code and code not in out:
            out.append(code)
    return out


def _clean(data: ChallengeInput) -> ChallengeInput:
    kinds = [PlaceKind(k) for k in dict.fromkeys(data.target_kinds)]
    return ChallengeInput(
        title=data.title.strip(), held_on=data.held_on, gemeente_id=data.gemeente_id,
        from_time=data.from_time.strip(), to_time=data.to_time.strip(), venue=data.venue.strip(),
        organisers=_codes(data.organisers), target_places=data.target_places, target_kinds=kinds,
        notes=data.notes.strip(),
    )  # fmt: skip


def validate(session: Session, data: ChallengeInput) -> dict[str, str]:
    """Field → Dutch message for every rule the input breaks ({}: fine)."""
    errors: dict[str, str] = {}
    if not data.title:
        errors["title"] = "Vul een titel in, bijvoorbeeld 'Challenge Zorg Zeist'."
    labels = {"title": "De titel", "venue": "De locatie", "notes": "De notitie"}
    for name, limit in _TEXT_MAX.items():
        if len(getattr(data, name)) > limit and name not in errors:
            errors[name] = f"{labels[name]} is te lang (hoogstens {limit} tekens)."
    if data.held_on is None:
        errors["held_on"] = "Vul de datum van de challenge in."
    for name, label in (("from_time", "begintijd"), ("to_time", "eindtijd")):
        value = getattr(data, name)
        if value and not _TIME.match(value):
            errors[name] = f"Schrijf de {label} als uu:mm, bijvoorbeeld 14:00."
    if (
        data.from_time and data.to_time and "from_time" not in errors and "to_time" not in errors
        and data.to_time <= data.from_time
    ):  # fmt: skip
        errors["to_time"] = "De eindtijd ligt voor (of op) de begintijd."
    gemeenten = gemeenten_by_id(session)
    if data.gemeente_id not in gemeenten:
        errors["gemeente_id"] = "Kies de gemeente die de challenge organiseert."
    codes = {code for code, _ in gemeenten.values()}
    unknown = [c for c in data.organisers if c not in codes]
    if unknown:
        errors["organisers"] = f"Onbekende gemeente: {', '.join(unknown)}."
    if not 0 <= data.target_places <= TARGET_MAX:
        errors["target_places"] = f"Het doel moet tussen 0 en {TARGET_MAX:,} plekken liggen.".replace(
            ",", "."
        )
    return errors


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)


# -- reading ----------------------------------------------------------------------------------------


def may_edit(session: Session, actor: Actor, gemeente_id: int) -> bool:
    """Whether the actor keeps rows of this municipality (for what the GUI offers; no log)."""
    if actor.system:
        return True
    now = current_actor(session, actor) if actor.user_id is not None else actor
    return is_allowed(now.role, Action.UPDATE, Area.DIRECTORY, own_gemeente=gemeente_id == now.gemeente_id)


def _input_of(row: Challenge) -> ChallengeInput:
    return ChallengeInput(
        title=row.title, held_on=row.held_on, gemeente_id=row.gemeente_id, from_time=row.from_time,
        to_time=row.to_time, venue=row.venue, organisers=row.organisers.split(),
        target_places=row.target_places,
        target_kinds=[PlaceKind(k) for k in row.target_kinds.split() if k in set(PlaceKind)],
        notes=row.notes,
    )  # fmt: skip


def _info(session: Session, actor: Actor, row: Challenge) -> ChallengeInfo:
    gemeenten = gemeenten_by_id(session)
    by_code = {code: name for code, name in gemeenten.values()}
    code, name = gemeenten[row.gemeente_id]
    data = _input_of(row)
    organisers = [name] + [by_code.get(c, c) for c in data.organisers if c != code]
    return ChallengeInfo(
        id=row.id,
        version=row.version,
        data=data,
        status=row.status,
        owner_code=code,
        owner_name=name,
        organiser_names=organisers,
        checks=[
            CheckInfo(c.id, c.version, c.item_key, c.text, c.done, c.done_on, c.done_by) for c in row.checks
        ],
        employers=[
            InvitedInfo(e.id, e.version, e.employer_id, e.employer.name, e.invited_on, e.participating)
            for e in row.employers
        ],
        can_edit=may_edit(session, actor, row.gemeente_id),
    )


def _row(session: Session, challenge_id: int) -> Challenge:
    row = session.get(Challenge, challenge_id)
    if row is None:
        raise NotFound(GONE)
    return row


def get_challenge(session: Session, actor: Actor, challenge_id: int) -> ChallengeInfo:
    row = _row(session, challenge_id)
    authorize(session, actor, Action.READ, Area.DIRECTORY, OBJECT, challenge_id, gemeente_id=None)
    return _info(session, actor, row)


# -- writing ----------------------------------------------------------------------------------------


def _write(session: Session, actor: Actor, row: Challenge, expected_version: int | None = None) -> None:
    authorize(session, actor, Action.UPDATE, Area.DIRECTORY, OBJECT, row.id, gemeente_id=row.gemeente_id)
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(session, actor, row))


def _store(row: Challenge, data: ChallengeInput) -> None:
    row.title, row.held_on, row.gemeente_id = data.title, data.held_on, data.gemeente_id  # type: ignore[assignment]
    row.from_time, row.to_time, row.venue = data.from_time, data.to_time, data.venue
    row.organisers = " ".join(data.organisers)
    row.target_places = data.target_places
    row.target_kinds = " ".join(k.value for k in data.target_kinds)
    row.notes = data.notes


def _with_lead(session: Session, data: ChallengeInput) -> ChallengeInput:
    """The lead is always one of the organisers (first)."""
    lead = gemeenten_by_id(session).get(data.gemeente_id)
    if lead is not None and lead[0] not in data.organisers:
        data.organisers = [lead[0], *data.organisers]
    return data


def create_challenge(
    session: Session, actor: Actor, data: ChallengeInput, today: date | None = None
) -> ChallengeInfo:
    data = _clean(data)
    authorize(session, actor, Action.CREATE, Area.DIRECTORY, OBJECT, None, gemeente_id=data.gemeente_id)
    _raise_if(validate(session, data))
    data = _with_lead(session, data)
    row = Challenge(created_by=actor.login[:64], status=ChallengeStatus.IN_VOORBEREIDING)
    _store(row, data)
    for position, (key, text) in enumerate(DEFAULT_CHECKLIST.items(), start=1):
        row.checks.append(ChallengeCheck(item_key=key, position=position, text=text))
    session.add(row)
    session.flush()
    return _info(session, actor, row)


def update_challenge(
    session: Session, actor: Actor, challenge_id: int, expected_version: int, data: ChallengeInput
) -> ChallengeInfo:
    row = _row(session, challenge_id)
    data = _clean(data)
    _write(session, actor, row, expected_version)
    if data.gemeente_id != row.gemeente_id:  # handing it to another lead: both must allow it
        authorize(session, actor, Action.UPDATE, Area.DIRECTORY, OBJECT, row.id, gemeente_id=data.gemeente_id)
    _raise_if(validate(session, data))
    _store(row, _with_lead(session, data))
    session.flush()
    return _info(session, actor, row)


def move_challenge(
    session: Session, actor: Actor, challenge_id: int, expected_version: int, status: ChallengeStatus
) -> ChallengeInfo:
    row = _row(session, challenge_id)
    _write(session, actor, row, expected_version)
    error = challenge_move_error(row.status, status)
    if error:
        raise ValidationError(error, {"status": error})
    row.status = status
    session.flush()
    return _info(session, actor, row)


def tick_check(
    session: Session,
    actor: Actor,
    check_id: int,
    expected_version: int,
    done: bool,
    today: date | None = None,
) -> ChallengeInfo:
    """Tick (or untick) one item; a tick records who and when, an untick clears both."""
    check = session.get(ChallengeCheck, check_id)
    if check is None:
        raise NotFound("Dit punt van de checklist bestaat niet (meer).")
    row = check.challenge
    _write(session, actor, row)
    if check.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(session, actor, row))
    if check.done != done:
        check.done = done
        check.done_on = (today or date.today()) if done else None
        check.done_by = actor.name[:120] if done else ""
    session.flush()
    return _info(session, actor, row)


def add_check(session: Session, actor: Actor, challenge_id: int, text: str) -> ChallengeInfo:
    row = _row(session, challenge_id)
    _write(session, actor, row)
    text = text.strip()
    if not text:
        raise ValidationError(
            "Vul in wat er nog moet gebeuren.", {"text": "Vul in wat er nog moet gebeuren."}
        )
    if len(text) > CHECK_TEXT_MAX:
        message = f"Het punt is te lang (hoogstens {CHECK_TEXT_MAX} tekens)."
        raise ValidationError(message, {"text": message})
    position = max((c.position for c in row.checks), default=0) + 1
    row.checks.append(ChallengeCheck(item_key=f"eigen-{position}", position=position, text=text))
    session.flush()
    return _info(session, actor, row)


def invite_employer(
    session: Session, actor: Actor, challenge_id: int, employer_id: int, today: date | None = None
) -> ChallengeInfo:
    row = _row(session, challenge_id)
    _write(session, actor, row)
    if session.get(Employer, employer_id) is None:
        raise ValidationError("Deze werkgever bestaat niet (meer).", {"employer_id": "Kies een werkgever."})
    if any(e.employer_id == employer_id for e in row.employers):
        message = "Deze werkgever is al uitgenodigd."
        raise ValidationError(message, {"employer_id": message})
    row.employers.append(ChallengeEmployer(employer_id=employer_id, invited_on=today or date.today()))
    session.flush()
    return _info(session, actor, row)


def _link(session: Session, actor: Actor, link_id: int, expected_version: int) -> ChallengeEmployer:
    link = session.get(ChallengeEmployer, link_id)
    if link is None:
        raise NotFound("Deze werkgever staat niet (meer) bij de challenge.")
    _write(session, actor, link.challenge)
    if link.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(session, actor, link.challenge))
    return link


def set_participating(
    session: Session, actor: Actor, link_id: int, expected_version: int, participating: bool
) -> ChallengeInfo:
    link = _link(session, actor, link_id, expected_version)
    link.participating = participating
    session.flush()
    return _info(session, actor, link.challenge)


def remove_employer(session: Session, actor: Actor, link_id: int, expected_version: int) -> ChallengeInfo:
    link = _link(session, actor, link_id, expected_version)
    row = link.challenge
    row.employers.remove(link)
    session.flush()
    return _info(session, actor, row)


# -- the planner ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannerEntry:
    challenge: ChallengeInfo
    open_checks: list[str]  # texts of unticked items
    pledged: int
    filled: int
    unfilled_pledges: int  # pledges flagged unfilled (six weeks after the challenge), not yet handled
    unanswered: list[str]  # employers invited who have not said they take part

    @property
    def open_places(self) -> int:
        return max(self.pledged - self.filled, 0)

    def open_text(self) -> str:
        """What is still open, in one short Dutch line ("" when nothing)."""
        parts = []
        if self.open_checks:
            n = len(self.open_checks)
            parts.append(f"{n} {'punt' if n == 1 else 'punten'} op de checklist")
        if self.unanswered:
            n = len(self.unanswered)
            parts.append(f"{n} {'werkgever' if n == 1 else 'werkgevers'} zonder antwoord")
        if self.open_places:
            parts.append(f"{self.open_places} van {self.pledged} plekken niet ingevuld")
        return "; ".join(parts)


@dataclass(frozen=True)
class Planner:
    today: date
    upcoming: list[PlannerEntry]  # soonest first
    past: list[PlannerEntry]  # most recent first


def planner(session: Session, actor: Actor, today: date) -> Planner:
    from app.services.challenges.pledges import challenge_pledges

    authorize(session, actor, Action.SEARCH, Area.DIRECTORY, "challenges", gemeente_id=None, detail="planner")
    rows = session.scalars(select(Challenge).order_by(Challenge.held_on, Challenge.id)).all()
    pledges = challenge_pledges(session, actor, [r.id for r in rows], today)
    upcoming: list[PlannerEntry] = []
    past: list[PlannerEntry] = []
    for row in rows:
        info = _info(session, actor, row)
        own = pledges.get(row.id, [])
        entry = PlannerEntry(
            challenge=info,
            open_checks=[c.text for c in info.checks if not c.done],
            pledged=sum(p.data.places for p in own),
            filled=sum(min(p.filled, p.data.places) for p in own),
            unfilled_pledges=sum(1 for p in own if p.flag_waits),
            unanswered=[e.employer_name for e in info.employers if not e.participating],
        )
        (upcoming if row.held_on >= today else past).append(entry)
    past.reverse()
    return Planner(today, upcoming, past)
