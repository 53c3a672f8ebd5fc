"""Koppelingen (households COA linked to a municipality): list with filters in SQL, edit, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Dwelling, DwellingStatus, Gemeente, Koppeling, KoppelingStatus
from app.domain.deadlines import DeadlineStatus, deadline_status
from app.domain.identifiers import IdentifierError, normalize_v_nummer
from app.domain.roles import Action, Area
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize, refuse, searched
from app.services.board.lateness import late_clause
from app.services.search_input import contains, search_term

PENDING = (KoppelingStatus.GEKOPPELD, KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.UITGERUILD)

# Allowed status changes; "uitgeruild" is set by an agreed swap, not by hand.
TRANSITIONS: dict[KoppelingStatus, set[KoppelingStatus]] = {
    KoppelingStatus.GEKOPPELD: {
        KoppelingStatus.WONING_AANGEBODEN,
        KoppelingStatus.GEHUISVEST,
        KoppelingStatus.VERVALLEN,
    },
    KoppelingStatus.WONING_AANGEBODEN: {
        KoppelingStatus.GEHUISVEST,
        KoppelingStatus.GEKOPPELD,
        KoppelingStatus.VERVALLEN,
    },
    KoppelingStatus.UITGERUILD: {
        KoppelingStatus.WONING_AANGEBODEN,
        KoppelingStatus.GEHUISVEST,
        KoppelingStatus.VERVALLEN,
    },
    KoppelingStatus.GEHUISVEST: set(),
    KoppelingStatus.VERVALLEN: {KoppelingStatus.GEKOPPELD},
}


@dataclass(frozen=True)
class KoppelingFilter:
    gemeente_code: str | None = None
    statuses: tuple[KoppelingStatus, ...] = ()
    min_persons: int | None = None
    max_persons: int | None = None
    overdue_only: bool = False
    text: str = ""  # V-nummer or AZC location
    sort: str = "linked_on"
    descending: bool = False
    limit: int = 1000
    offset: int = 0


@dataclass(frozen=True)
class KoppelingInfo:
    id: int
    v_nummer: str
    gemeente_code: str
    gemeente_name: str
    linked_on: date
    persons: int
    adults: int
    children: int
    languages: str
    azc_location: str
    expected_followers: int
    needs_accessible: bool
    needs_ground_floor: bool
    medical_proximity: bool
    status: KoppelingStatus
    offered_on: date | None
    housed_on: date | None
    housed_gemeente_name: str | None
    notes: str
    deadline: DeadlineStatus
    version: int
    housed_gemeente_code: str | None = None

    @property
    def responsible_code(self) -> str:
        """The municipality that records offer and move-in: the host after a swap, else its own."""
        return self.housed_gemeente_code or self.gemeente_code


def _info(row: Koppeling, today: date) -> KoppelingInfo:
    return KoppelingInfo(
        id=row.id,
        v_nummer=row.v_nummer,
        gemeente_code=row.gemeente.cbs_code,
        gemeente_name=row.gemeente.name,
        linked_on=row.linked_on,
        persons=row.persons,
        adults=row.adults,
        children=row.children,
        languages=row.languages,
        azc_location=row.azc_location,
        expected_followers=row.expected_followers,
        needs_accessible=row.needs_accessible,
        needs_ground_floor=row.needs_ground_floor,
        medical_proximity=row.medical_proximity,
        status=row.status,
        offered_on=row.offered_on,
        housed_on=row.housed_on,
        housed_gemeente_name=row.housed_gemeente.name if row.housed_gemeente else None,
        notes=row.notes,
        deadline=deadline_status(row.linked_on, today, row.offered_on, row.housed_on),
        version=row.version,
        housed_gemeente_code=row.housed_gemeente.cbs_code if row.housed_gemeente else None,
    )


SORTABLE = {"linked_on", "persons", "v_nummer", "status", "azc_location"}


def _filtered(query: Select, f: KoppelingFilter, today: date) -> Select:  # type: ignore[type-arg]
    if f.gemeente_code:
        # A municipality's list holds its own koppelingen and those it houses after a swap (it
        # records their steps now, and their deadline counts for it).
        gid = select(Gemeente.id).where(Gemeente.cbs_code == f.gemeente_code).scalar_subquery()
        query = query.where(
            or_(
                Koppeling.gemeente_id == gid,
                Koppeling.housed_gemeente_id == gid,
            )
        )
    if f.statuses:
        query = query.where(Koppeling.status.in_(f.statuses))
    if f.min_persons is not None:
        query = query.where(Koppeling.persons >= f.min_persons)
    if f.max_persons is not None:
        query = query.where(Koppeling.persons <= f.max_persons)
    if f.overdue_only:
        query = query.where(late_clause(today))  # the one definition (app.domain.lateness)
    text = search_term(f.text)
    if text:
        query = query.where(
            or_(
                contains(Koppeling.v_nummer, text),
                contains(func.lower(Koppeling.azc_location), text.lower()),
            )
        )
    return query


def list_koppelingen(
    session: Session, actor: Actor, f: KoppelingFilter, *, today: date | None = None
) -> tuple[list[KoppelingInfo], int]:
    """One page of koppelingen and the total count. Anonymised enough for the whole region:
    V-nummer, size and needs, no names."""
    search_term(f.text)  # a control character is refused before anything reaches the database
    authorize(session, actor, Action.SEARCH, Area.BOARD, "koppeling", detail=searched(f))
    today = today or date.today()
    base = _filtered(select(Koppeling), f, today)
    total = session.scalar(_filtered(select(func.count()).select_from(Koppeling), f, today)) or 0
    column = getattr(Koppeling, f.sort if f.sort in SORTABLE else "linked_on")
    base = (
        base.order_by(column.desc() if f.descending else column, Koppeling.id).limit(f.limit).offset(f.offset)
    )
    return [_info(r, today) for r in session.scalars(base)], int(total)


def get_koppeling(
    session: Session, actor: Actor, koppeling_id: int, *, today: date | None = None
) -> KoppelingInfo:
    row = session.get(Koppeling, koppeling_id)
    if row is None:
        raise NotFound("Deze koppeling bestaat niet (meer).")
    authorize(session, actor, Action.READ, Area.BOARD, "koppeling", koppeling_id, gemeente_id=row.gemeente_id)
    return _info(row, today or date.today())


@dataclass
class KoppelingInput:
    v_nummer: str
    gemeente_code: str
    linked_on: date | None
    adults: int
    children: int
    languages: str = ""
    azc_location: str = ""
    expected_followers: int = 0
    needs_accessible: bool = False
    needs_ground_floor: bool = False
    medical_proximity: bool = False
    notes: str = ""


def _gemeente_of(session: Session, data: KoppelingInput) -> Gemeente:
    """The municipality the koppeling is (to be) linked to, to check the rights on before the rest of
    the input; an unknown one is reported with the other input errors."""
    gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == data.gemeente_code))
    if gemeente is None:
        validate(session, data, check_clash=False)  # raises: the gemeente is missing
        raise AssertionError("unreachable")
    return gemeente


def validate(
    session: Session, data: KoppelingInput, *, existing_id: int | None = None, check_clash: bool = True
) -> tuple[str, Gemeente]:
    """Check the input. Call it only after the rights on ``data.gemeente_code`` were checked: a
    clash on the V-nummer names the koppeling only when it is of the same municipality."""
    errors: dict[str, str] = {}
    v_nummer = ""
    try:
        v_nummer = normalize_v_nummer(data.v_nummer)
    except IdentifierError as exc:
        errors["v_nummer"] = str(exc)
    gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == data.gemeente_code))
    if gemeente is None:
        errors["gemeente"] = "Kies een gemeente."
    if data.linked_on is None:
        errors["linked_on"] = "Vul de koppelingsdatum in."
    elif data.linked_on > date.today() + timedelta(days=31):
        errors["linked_on"] = "De koppelingsdatum ligt te ver in de toekomst."
    if data.adults < 1:
        errors["adults"] = "Een huishouden heeft minstens één volwassene."
    if data.children < 0:
        errors["children"] = "Het aantal kinderen kan niet negatief zijn."
    if data.adults + data.children > 20:
        errors["adults"] = (
            "Een huishouden van meer dan 20 personen is niet aannemelijk; controleer de invoer."
        )
    if data.expected_followers < 0:
        errors["expected_followers"] = "Het aantal nareizigers kan niet negatief zijn."
    if check_clash and v_nummer and "v_nummer" not in errors:
        clash = session.execute(
            select(Koppeling.id, Koppeling.gemeente_id).where(Koppeling.v_nummer == v_nummer)
        ).first()
        if clash is not None and clash.id != existing_id:
            # V-nummers are unique in the region; which municipality has it is not said.
            same = gemeente is not None and clash.gemeente_id == gemeente.id
            errors["v_nummer"] = (
                f"V-nummer {v_nummer} is al gekoppeld (koppeling {clash.id})."
                if same
                else f"V-nummer {v_nummer} is al gekoppeld."
            )
    if errors:
        raise ValidationError("De koppeling kan niet worden opgeslagen: " + " ".join(errors.values()), errors)
    assert gemeente is not None
    return v_nummer, gemeente


def _assign(row: Koppeling, data: KoppelingInput, v_nummer: str, gemeente: Gemeente) -> None:
    row.v_nummer = v_nummer
    row.gemeente = gemeente
    row.linked_on = data.linked_on  # type: ignore[assignment]
    row.adults, row.children, row.persons = data.adults, data.children, data.adults + data.children
    row.languages = data.languages.strip()[:120]
    row.azc_location = data.azc_location.strip()[:80]
    row.expected_followers = data.expected_followers
    row.needs_accessible, row.needs_ground_floor = data.needs_accessible, data.needs_ground_floor
    row.medical_proximity = data.medical_proximity
    row.notes = data.notes.strip()[:1000]


def create_koppeling(session: Session, actor: Actor, data: KoppelingInput) -> KoppelingInfo:
    # Rights first: the checks on the input look at other koppelingen.
    target = _gemeente_of(session, data)
    authorize(session, actor, Action.CREATE, Area.BOARD, "koppeling", gemeente_id=target.id)
    v_nummer, gemeente = validate(session, data)
    row = Koppeling(status=KoppelingStatus.GEKOPPELD)
    _assign(row, data, v_nummer, gemeente)
    session.add(row)
    session.flush()
    from app.services.cases.auto_dossiers import ensure_dossiers  # the case register only when needed

    ensure_dossiers(session, actor, [row.id], why="handmatig")
    session.refresh(row)
    return _info(row, date.today())


def is_swapped(row: Koppeling) -> bool:
    """Housed by another municipality than its own after an agreed swap."""
    return row.housed_gemeente_id is not None and row.housed_gemeente_id != row.gemeente_id


def update_koppeling(
    session: Session, actor: Actor, koppeling_id: int, expected_version: int, data: KoppelingInput
) -> KoppelingInfo:
    row = session.get(Koppeling, koppeling_id)
    if row is None:
        raise NotFound("Deze koppeling bestaat niet (meer).")
    authorize(
        session, actor, Action.UPDATE, Area.BOARD, "koppeling", koppeling_id, gemeente_id=row.gemeente_id
    )
    target = _gemeente_of(session, data)
    if target.id != row.gemeente_id:
        # Moving a koppeling to another municipality changes both: both must allow it.
        authorize(
            session, actor, Action.UPDATE, Area.BOARD, "koppeling", koppeling_id, gemeente_id=target.id,
            detail=f"naar gemeente {target.cbs_code}",
        )  # fmt: skip
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(row, date.today()))
    if is_swapped(row) and target.id != row.gemeente_id:
        raise ValidationError(
            "Dit huishouden is uitgeruild; het blijft gekoppeld aan zijn eigen gemeente.",
            {"gemeente": "uitgeruild"},
        )
    v_nummer, gemeente = validate(session, data, existing_id=koppeling_id)
    _assign(row, data, v_nummer, gemeente)
    session.flush()
    return _info(row, date.today())


def change_status(
    session: Session,
    actor: Actor,
    koppeling_id: int,
    expected_version: int,
    new_status: KoppelingStatus,
    *,
    on: date | None = None,
    dwelling_id: int | None = None,
) -> KoppelingInfo:
    """Move a koppeling on: offered a dwelling, housed (moved in), lapsed, or back to linked."""
    row = session.get(Koppeling, koppeling_id)
    if row is None:
        raise NotFound("Deze koppeling bestaat niet (meer).")
    host_id = row.housed_gemeente_id or row.gemeente_id
    authorize(
        session,
        actor,
        Action.UPDATE,
        Area.BOARD,
        "koppeling",
        koppeling_id,
        gemeente_id=host_id,
        detail=f"status {row.status.value} → {new_status.value}",
    )
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(row, date.today()))
    if new_status not in TRANSITIONS[row.status]:
        raise ValidationError(f"Van '{row.status.label}' kan niet naar '{new_status.label}' worden gegaan.")
    if new_status is KoppelingStatus.GEKOPPELD and is_swapped(row):
        new_status = KoppelingStatus.UITGERUILD  # back to waiting, at the host
    on = on or date.today()
    if on < row.linked_on:
        raise ValidationError("De datum ligt vóór de koppelingsdatum.", {"on": "te vroeg"})
    dwelling = session.get(Dwelling, dwelling_id) if dwelling_id else None
    if dwelling_id and dwelling is None:
        raise ValidationError("Deze woning bestaat niet (meer).")
    if new_status is KoppelingStatus.GEHUISVEST and dwelling is None:
        dwelling = session.scalar(select(Dwelling).where(Dwelling.reserved_for_id == row.id))
    if dwelling is not None and new_status in (KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.GEHUISVEST):
        _only_own_dwelling(session, actor, row, dwelling, host_id)
    if new_status is KoppelingStatus.WONING_AANGEBODEN:
        row.offered_on = on
        if dwelling is not None:
            if dwelling.status not in (DwellingStatus.BESCHIKBAAR, DwellingStatus.GERESERVEERD):
                raise ValidationError("Deze woning is niet meer beschikbaar.")
            if dwelling.reserved_for_id not in (None, row.id):
                raise ValidationError("Deze woning is al voor een ander huishouden gereserveerd.")
            dwelling.status, dwelling.reserved_for_id = DwellingStatus.GERESERVEERD, row.id
    elif new_status is KoppelingStatus.GEHUISVEST:
        reserved = dwelling
        row.housed_on = on
        row.housed_gemeente = reserved.gemeente if reserved else session.get(Gemeente, host_id)
        if reserved is not None:
            reserved.status, reserved.reserved_for_id = DwellingStatus.TOEGEWEZEN, row.id
            address = reserved.address
        else:
            address = ""
        from app.services.cases.dossiers import follow_housing  # the case register is loaded only when needed

        follow_housing(session, actor, row.id, on, address)
    elif new_status in (KoppelingStatus.GEKOPPELD, KoppelingStatus.UITGERUILD, KoppelingStatus.VERVALLEN):
        for held in session.scalars(
            select(Dwelling).where(
                Dwelling.reserved_for_id == row.id, Dwelling.status == DwellingStatus.GERESERVEERD
            )
        ):
            held.status, held.reserved_for_id = DwellingStatus.BESCHIKBAAR, None
        row.offered_on = None
    row.status = new_status
    session.flush()
    return _info(row, date.today())


def _only_own_dwelling(
    session: Session, actor: Actor, row: Koppeling, dwelling: Dwelling, host_id: int
) -> None:
    """A household gets a dwelling of the municipality that houses it (its own, or the host after a
    swap). Another municipality's dwelling goes through a swap both sides agree to, never directly."""
    if dwelling.gemeente_id == host_id:
        return
    host = session.get(Gemeente, host_id)
    refuse(
        session,
        actor,
        Action.UPDATE,
        "koppeling",
        row.id,
        gemeente_id=dwelling.gemeente_id,
        detail=f"woning {dwelling.id} van een andere gemeente",
        message=(
            f"Deze woning ligt in {dwelling.gemeente.name}; dit huishouden wordt gehuisvest door "
            f"{host.name if host else 'een andere gemeente'}. Een woning van {dwelling.gemeente.name} "
            "gaat via een uitruil: stel een uitruil voor (Uitwisselbord → Aanbod, vraag en uitruil, of "
            f"accepteer het matchingvoorstel); de woning wordt gereserveerd zodra {dwelling.gemeente.name} "
            "akkoord is."
        ),
    )
