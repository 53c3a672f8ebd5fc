"""Vacant dwellings offered by corporations: list with filters in SQL, create, edit, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Dwelling, DwellingKind, DwellingStatus, Gemeente, Koppeling
from app.domain.roles import Action, Area
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize
from app.services.search_input import contains, search_term

SORTABLE = {"available_from", "bedrooms", "max_occupants", "rent", "corporation", "status"}


@dataclass(frozen=True)
class DwellingFilter:
    gemeente_code: str | None = None
    statuses: tuple[DwellingStatus, ...] = ()
    min_bedrooms: int | None = None
    max_bedrooms: int | None = None
    accessible_only: bool = False
    text: str = ""
    sort: str = "available_from"
    descending: bool = False
    limit: int = 1000
    offset: int = 0


@dataclass(frozen=True)
class DwellingInfo:
    id: int
    gemeente_code: str
    gemeente_name: str
    corporation: str
    reference: str
    address: str
    kind: DwellingKind
    bedrooms: int
    max_occupants: int
    rent: float | None
    available_from: date
    accessible: bool
    ground_floor: bool
    status: DwellingStatus
    reserved_for_id: int | None
    version: int
    # The household it is reserved for or assigned to (the board's V-nummer and size, no names).
    reserved_v_nummer: str | None = None
    reserved_persons: int | None = None

    @property
    def reserved_text(self) -> str:
        """'V-nummer 0123456789 (4 pers.)' for the list and the dialog; '' when reserved for nobody."""
        if not self.reserved_v_nummer:
            return ""
        persons = f" ({self.reserved_persons} pers.)" if self.reserved_persons else ""
        return f"{self.reserved_v_nummer}{persons}"


@dataclass
class DwellingInput:
    gemeente_code: str
    corporation: str
    reference: str
    kind: DwellingKind
    bedrooms: int
    max_occupants: int
    available_from: date | None
    rent: float | None = None
    address: str = ""
    accessible: bool = False
    ground_floor: bool = False


def _info(row: Dwelling, household: tuple[str, int] | None = None) -> DwellingInfo:
    """``household``: (V-nummer, persons) of the koppeling it is reserved for, when already read."""
    return DwellingInfo(
        row.id,
        row.gemeente.cbs_code,
        row.gemeente.name,
        row.corporation,
        row.reference,
        row.address,
        row.kind,
        row.bedrooms,
        row.max_occupants,
        row.rent,
        row.available_from,
        row.accessible,
        row.ground_floor,
        row.status,
        row.reserved_for_id,
        row.version,
        household[0] if household else None,
        household[1] if household else None,
    )


def _with_household(session: Session, row: Dwelling) -> DwellingInfo:
    """One dwelling with the household it is reserved for (one small query, by primary key)."""
    if row.reserved_for_id is None:
        return _info(row)
    found = session.execute(
        select(Koppeling.v_nummer, Koppeling.persons).where(Koppeling.id == row.reserved_for_id)
    ).first()
    return _info(row, (found[0], found[1]) if found else None)


def _filtered(query: Select, f: DwellingFilter) -> Select:  # type: ignore[type-arg]
    if f.gemeente_code:
        gid = select(Gemeente.id).where(Gemeente.cbs_code == f.gemeente_code).scalar_subquery()
        query = query.where(Dwelling.gemeente_id == gid)
    if f.statuses:
        query = query.where(Dwelling.status.in_(f.statuses))
    if f.min_bedrooms is not None:
        query = query.where(Dwelling.bedrooms >= f.min_bedrooms)
    if f.max_bedrooms is not None:
        query = query.where(Dwelling.bedrooms <= f.max_bedrooms)
    if f.accessible_only:
        query = query.where(Dwelling.accessible.is_(True))
    text = search_term(f.text).lower()
    if text:
        query = query.where(
            or_(
                contains(func.lower(Dwelling.corporation), text),
                contains(func.lower(Dwelling.reference), text),
                contains(func.lower(Dwelling.address), text),
            )
        )
    return query


def list_dwellings(session: Session, actor: Actor, f: DwellingFilter) -> tuple[list[DwellingInfo], int]:
    search_term(f.text)  # a control character is refused before anything reaches the database
    authorize(session, actor, Action.SEARCH, Area.BOARD, "woning")
    total = session.scalar(_filtered(select(func.count()).select_from(Dwelling), f)) or 0
    column = getattr(Dwelling, f.sort if f.sort in SORTABLE else "available_from")
    # The household a dwelling is reserved for comes along in the same query (an outer join on the
    # primary key: the page stays one bounded query).
    query = (
        _filtered(select(Dwelling, Koppeling.v_nummer, Koppeling.persons), f)
        .outerjoin(Koppeling, Koppeling.id == Dwelling.reserved_for_id)
        .order_by(column.desc() if f.descending else column, Dwelling.id)
    )
    rows = session.execute(query.limit(f.limit).offset(f.offset))
    return [_info(r, (v, n) if v else None) for r, v, n in rows], int(total)


def _validate(
    session: Session, data: DwellingInput, existing_id: int | None = None, *, check_clash: bool = True
) -> Gemeente:
    errors: dict[str, str] = {}
    gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == data.gemeente_code))
    if gemeente is None:
        errors["gemeente"] = "Kies een gemeente."
    if not data.corporation.strip():
        errors["corporation"] = "Vul de corporatie in."
    if not data.reference.strip():
        errors["reference"] = "Vul het kenmerk van de corporatie in."
    if data.bedrooms < 0 or data.bedrooms > 10:
        errors["bedrooms"] = "Het aantal slaapkamers moet tussen 0 en 10 liggen."
    if data.max_occupants < 1 or data.max_occupants > 20:
        errors["max_occupants"] = "Het maximale aantal bewoners moet tussen 1 en 20 liggen."
    if data.rent is not None and not 0 <= data.rent <= 5000:
        errors["rent"] = "De huur moet tussen € 0 en € 5.000 per maand liggen."
    if data.available_from is None:
        errors["available_from"] = "Vul de datum in waarop de woning beschikbaar komt."
    if check_clash and not errors:
        clash = session.scalar(
            select(Dwelling.id).where(
                Dwelling.corporation == data.corporation.strip(), Dwelling.reference == data.reference.strip()
            )
        )
        if clash is not None and clash != existing_id:
            errors["reference"] = f"{data.corporation} heeft al een woning met kenmerk {data.reference}."
    if errors:
        raise ValidationError("De woning kan niet worden opgeslagen: " + " ".join(errors.values()), errors)
    assert gemeente is not None
    return gemeente


def _assign(row: Dwelling, data: DwellingInput, gemeente: Gemeente) -> None:
    row.gemeente = gemeente
    row.corporation, row.reference = data.corporation.strip(), data.reference.strip()
    row.address = data.address.strip()[:120]
    row.kind, row.bedrooms, row.max_occupants = data.kind, data.bedrooms, data.max_occupants
    row.rent, row.available_from = data.rent, data.available_from  # type: ignore[assignment]
    row.accessible, row.ground_floor = data.accessible, data.ground_floor


def _gemeente_of(session: Session, data: DwellingInput) -> Gemeente:
    """The dwelling's municipality, to check the rights on before the rest of the input; an unknown
    one is reported with the other input errors."""
    gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == data.gemeente_code))
    if gemeente is None:
        _validate(session, data, check_clash=False)  # raises: the gemeente is missing
        raise AssertionError("unreachable")
    return gemeente


def create_dwelling(session: Session, actor: Actor, data: DwellingInput) -> DwellingInfo:
    target = _gemeente_of(session, data)  # rights first, then the input
    authorize(session, actor, Action.CREATE, Area.BOARD, "woning", data.reference[:64], gemeente_id=target.id)
    gemeente = _validate(session, data)
    row = Dwelling(status=DwellingStatus.BESCHIKBAAR)
    _assign(row, data, gemeente)
    session.add(row)
    session.flush()
    return _info(row)


def update_dwelling(
    session: Session, actor: Actor, dwelling_id: int, expected_version: int, data: DwellingInput
) -> DwellingInfo:
    row = session.get(Dwelling, dwelling_id)
    if row is None:
        raise NotFound("Deze woning bestaat niet (meer).")
    authorize(session, actor, Action.UPDATE, Area.BOARD, "woning", dwelling_id, gemeente_id=row.gemeente_id)
    target = _gemeente_of(session, data)
    if target.id != row.gemeente_id:
        # Moving a dwelling to another municipality changes both: both must allow it.
        authorize(
            session, actor, Action.UPDATE, Area.BOARD, "woning", dwelling_id, gemeente_id=target.id,
            detail=f"naar gemeente {target.cbs_code}",
        )  # fmt: skip
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_with_household(session, row))
    _assign(row, data, _validate(session, data, dwelling_id))
    session.flush()
    return _with_household(session, row)


def set_dwelling_status(
    session: Session, actor: Actor, dwelling_id: int, expected_version: int, status: DwellingStatus
) -> DwellingInfo:
    """Release a reservation or mark a vacancy expired; assignment happens when a household moves in."""
    row = session.get(Dwelling, dwelling_id)
    if row is None:
        raise NotFound("Deze woning bestaat niet (meer).")
    authorize(
        session,
        actor,
        Action.UPDATE,
        Area.BOARD,
        "woning",
        dwelling_id,
        gemeente_id=row.gemeente_id,
        detail=f"status {row.status.value} → {status.value}",
    )
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_with_household(session, row))
    if row.status is DwellingStatus.TOEGEWEZEN:
        raise ValidationError("Een toegewezen woning kan niet meer van status veranderen.")
    if status is DwellingStatus.TOEGEWEZEN:
        raise ValidationError(
            "Een woning wordt toegewezen doordat het huishouden erin verhuist (bij de koppeling)."
        )
    row.status = status
    if status is not DwellingStatus.GERESERVEERD:
        row.reserved_for_id = None
    session.flush()
    return _with_household(session, row)
