"""Dossiers (case files): one per household, owned by the municipality the household is linked to.

Public API (every function takes ``(session, actor, ...)``, checks rights through
``app.services.access.authorize`` with ``Area.DOSSIER`` — own municipality only, the beheerder sees
none — and returns plain frozen dataclasses from ``app.services.cases.views``):

- ``list_dossiers(session, actor, f: DossierFilter = DossierFilter(), *, today=None)
  -> tuple[list[DossierRow], int]`` — one page and the total; filter, sort and paging in SQL.
  Logs one ``Action.SEARCH``. ``f.gemeente_code=None`` means the actor's own municipality.
- ``get_dossier(session, actor, dossier_id, *, today=None) -> DossierDetail`` — everything the
  dossier view shows (members with NOA parts, milestones, plan, handovers with checklist and
  history, timeline newest first). Logs one ``Action.READ``.
- ``find_dossier_for_koppeling(session, actor, koppeling_id) -> int | None``
- ``create_dossier_from_koppeling(session, actor, koppeling_id, *, head: MemberInput | None = None)
  -> DossierDetail`` — V-nummer, linking date, moving date and nareizigers come from the koppeling.
- ``dossier_for_koppeling(session, actor, koppeling_id) -> DossierLink`` — for "Dossier openen /
  aanmaken" on the board: the dossier this user may open, or whether they may create it, or why not.
- ``create_dossier_for_koppeling(session, actor, koppeling_id) -> int`` — "Dossier aanmaken" from
  the board: the dossier with what the koppeling holds (size and languages on its timeline).
- ``create_dossier(session, actor, data: DossierInput, head: MemberInput) -> DossierDetail`` — by hand.
- ``update_dossier(session, actor, dossier_id, expected_version, changes: DossierChanges)
  -> DossierDetail`` — moving date (recomputes handover due dates), address, nareizigers, status.
- An agreed swap moves the dossier along with its household: that is done by
  ``app.services.board.swap_effects`` (the one place for a swap's cross-municipality writes).
- ``list_timeline(session, actor, dossier_id, *, limit=500, offset=0) -> list[TimelineEntry]``

Members, NOA parts, milestones and voorinburgering hours: ``app.services.cases.members``.
Plan of action: ``app.services.cases.plan``. Handovers: ``app.services.cases.handovers``.
Work lists: ``app.services.cases.worklists``. Handover packs (PDF): ``app.services.cases.packs``.
Errors: ``ValidationError`` (Dutch, per field in ``.fields``), ``NotFound``, ``PermissionDenied``,
``ConflictError`` (someone else saved first; ``.current`` holds the fresh ``DossierDetail``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, aliased

from app.db.models import Dossier, DossierEvent, Gemeente, Handover, Koppeling
from app.domain.case_dossier import DossierStatus, MilestoneKind, TimelineKind, fold, needs_escape
from app.domain.handover import OPEN, PENDING, due_date
from app.domain.identifiers import IdentifierError, normalize_v_nummer
from app.domain.roles import Action, Area
from app.domain.timefmt import date_text
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize, current_actor, is_permitted, searched
from app.services.cases.members import MemberInput, add_member_row, upsert_milestone
from app.services.cases.views import (
    DossierDetail,
    TimelineEntry,
    dossier_detail,
    first_entry,
    load_dossier,
    record_event,
    refresh_summary,
    timeline_entry,
)
from app.services.search_input import search_term


@dataclass(frozen=True)
class DossierFilter:
    gemeente_code: str | None = None  # None: the actor's own municipality (a system actor: all)
    statuses: tuple[DossierStatus, ...] = ()
    text: str = ""  # part of a name (either script, diacritics ignored), V-nummer or BSN
    sort: str = "head_name"  # one of SORTABLE
    descending: bool = False
    limit: int = 200
    offset: int = 0


@dataclass(frozen=True)
class DossierRow:
    id: int
    v_nummer: str
    head_name: str
    member_count: int
    gemeente_code: str
    gemeente_name: str
    status: DossierStatus
    linked_on: date | None
    moving_date: date | None
    address_after_move: str
    open_handovers: int
    overdue_handovers: int
    version: int


@dataclass
class DossierInput:
    gemeente_code: str
    v_nummer: str
    linked_on: date | None = None
    moving_date: date | None = None
    address_after_move: str = ""
    expected_followers: int = 0


@dataclass
class DossierChanges:
    moving_date: date | None
    address_after_move: str
    expected_followers: int
    status: DossierStatus = DossierStatus.OPEN


SORTABLE = {
    "id": Dossier.id,
    "v_nummer": Dossier.v_nummer,
    "head_name": Dossier.head_name,
    "member_count": Dossier.member_count,
    "status": Dossier.status,
    "linked_on": Dossier.linked_on,
    "moving_date": Dossier.moving_date,
    "updated_at": Dossier.updated_at,
}


def _scope_gemeente(session: Session, actor: Actor, code: str | None) -> int | None:
    if code:
        gid = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == code))
        if gid is None:
            raise ValidationError(f"Gemeente {code} bestaat niet.", {"gemeente": "onbekend"})
        return gid
    return None if actor.system else current_actor(session, actor).gemeente_id


def _filtered(query: Select, f: DossierFilter, gemeente_id: int | None, *, page: bool = False) -> Select:  # type: ignore[type-arg]
    """``page``: the text test goes into an id subquery. On SQLite the subquery reads only the
    search index (no table rows), and the page then sorts the few matches; testing the text while
    walking the sort index would visit every row of a large municipality for a rare name."""
    if gemeente_id is not None:
        query = query.where(Dossier.gemeente_id == gemeente_id)
    if f.statuses:
        query = query.where(Dossier.status.in_(f.statuses))
    text = fold(search_term(f.text))
    if text:
        inner = aliased(Dossier) if page else Dossier
        matches = inner.search_text.contains(text, autoescape=needs_escape(text))
        if page:
            ids = select(inner.id).where(matches)
            if gemeente_id is not None:
                ids = ids.where(inner.gemeente_id == gemeente_id)
            if f.statuses:
                ids = ids.where(inner.status.in_(f.statuses))
            matches = Dossier.id.in_(ids)
        query = query.where(matches)
    return query


def list_dossiers(
    session: Session, actor: Actor, f: DossierFilter | None = None, *, today: date | None = None
) -> tuple[list[DossierRow], int]:
    f = f or DossierFilter()
    search_term(f.text)  # a control character is refused before anything reaches the database
    today = today or date.today()
    gemeente_id = _scope_gemeente(session, actor, f.gemeente_code)
    authorize(
        session, actor, Action.SEARCH, Area.DOSSIER, "dossier", gemeente_id=gemeente_id, detail=searched(f)
    )
    total = session.scalar(_filtered(select(func.count()).select_from(Dossier), f, gemeente_id)) or 0
    column = SORTABLE.get(f.sort, Dossier.head_name)
    query = (
        _filtered(
            select(
                Dossier.id,
                Dossier.v_nummer,
                Dossier.head_name,
                Dossier.member_count,
                Gemeente.cbs_code,
                Gemeente.name,
                Dossier.status,
                Dossier.linked_on,
                Dossier.moving_date,
                Dossier.address_after_move,
                Dossier.version,
            ).join(Gemeente, Gemeente.id == Dossier.gemeente_id),
            f,
            gemeente_id,
            page=True,
        )
        .order_by(
            column.desc() if f.descending else column, Dossier.id.desc() if f.descending else Dossier.id
        )
        .limit(max(1, f.limit))
        .offset(max(0, f.offset))
    )
    page = session.execute(query).all()
    counts = _handover_counts(session, [r.id for r in page], today)
    rows = [
        DossierRow(
            id=r.id,
            v_nummer=r.v_nummer,
            head_name=r.head_name,
            member_count=r.member_count,
            gemeente_code=r.cbs_code,
            gemeente_name=r.name,
            status=r.status,
            linked_on=r.linked_on,
            moving_date=r.moving_date,
            address_after_move=r.address_after_move,
            open_handovers=counts.get(r.id, (0, 0))[0],
            overdue_handovers=counts.get(r.id, (0, 0))[1],
            version=r.version,
        )
        for r in page
    ]
    return rows, int(total)


def _handover_counts(session: Session, ids: list[int], today: date) -> dict[int, tuple[int, int]]:
    if not ids:
        return {}
    late = case((Handover.status.in_(PENDING) & (Handover.due_on < today), 1), else_=0)
    query = (
        select(Handover.dossier_id, func.count(), func.sum(late))
        .where(Handover.dossier_id.in_(ids), Handover.status.in_(OPEN))
        .group_by(Handover.dossier_id)
    )
    return {did: (int(n), int(overdue or 0)) for did, n, overdue in session.execute(query)}


def get_dossier(
    session: Session, actor: Actor, dossier_id: int, *, today: date | None = None
) -> DossierDetail:
    row = load_dossier(session, actor, dossier_id, Action.READ)
    return dossier_detail(session, row, today or date.today())


def find_dossier_for_koppeling(session: Session, actor: Actor, koppeling_id: int) -> int | None:
    """The dossier made from a koppeling, if any (for an "open dossier" button on the board). A
    dossier of another municipality is not found: whether it exists is not for this user to know."""
    row = session.scalar(select(Dossier).where(Dossier.koppeling_id == koppeling_id))
    if row is not None and not is_permitted(
        session, actor, Action.SEARCH, Area.DOSSIER, gemeente_id=row.gemeente_id
    ):
        row = None
    authorize(
        session,
        actor,
        Action.SEARCH,
        Area.DOSSIER,
        "dossier",
        None if row is None else row.id,
        gemeente_id=current_actor(session, actor).gemeente_id if row is None else row.gemeente_id,
        detail=f"koppeling={koppeling_id}",
    )
    return None if row is None else row.id


@dataclass(frozen=True)
class DossierLink:
    """What "Dossier openen" on a koppeling can do for this user."""

    dossier_id: int | None  # the dossier to open (None: none that this user may see)
    may_create: bool  # there is none yet and the user may create it
    refusal: str = ""  # why neither is possible, in a sentence for the user


def dossier_for_koppeling(session: Session, actor: Actor, koppeling_id: int) -> DossierLink:
    """The dossier of a koppeling as far as this user may know (logged as a search). For another
    municipality's household the answer says whose it is, never whether a dossier exists."""
    koppeling = session.get(Koppeling, koppeling_id)
    if koppeling is None:
        raise NotFound("Deze koppeling bestaat niet (meer).")
    owner_id = koppeling.housed_gemeente_id or koppeling.gemeente_id
    dossier_id = find_dossier_for_koppeling(session, actor, koppeling_id)
    if dossier_id is not None:
        return DossierLink(dossier_id, False)
    if is_permitted(session, actor, Action.CREATE, Area.DOSSIER, gemeente_id=owner_id):
        return DossierLink(None, True)
    owner = session.get(Gemeente, owner_id)
    name = owner.name if owner is not None else "een andere gemeente"
    if not is_permitted(session, actor, Action.READ, Area.DOSSIER, gemeente_id=owner_id):
        own_id = current_actor(session, actor).gemeente_id
        if own_id is None or not is_permitted(session, actor, Action.READ, Area.DOSSIER, gemeente_id=own_id):
            return DossierLink(None, False, "U heeft geen toegang tot dossiers.")
        return DossierLink(
            None, False, f"Dit huishouden hoort bij {name}; alleen {name} kan het dossier inzien."
        )
    return DossierLink(
        None, False, f"Er is nog geen dossier. Een consulent of contactpersoon van {name} kan het aanmaken."
    )


def create_dossier_for_koppeling(session: Session, actor: Actor, koppeling_id: int) -> int:
    """ "Dossier aanmaken" from the board: a dossier with the V-nummer and dates of the koppeling,
    and on its timeline the household's size and languages (the members themselves, with their
    names, are added in the dossier). Refused (and logged) for another municipality's household."""
    detail = create_dossier_from_koppeling(session, actor, koppeling_id)
    koppeling = session.get(Koppeling, koppeling_id)
    assert koppeling is not None  # the call above found it
    size = f"{koppeling.persons} {'persoon' if koppeling.persons == 1 else 'personen'}"
    size += f" ({koppeling.adults} volw., {koppeling.children} kind.)"
    said = f"Volgens de koppeling: {size}"
    if koppeling.languages:
        said += f"; talen: {koppeling.languages}"
    record_event(session, actor, detail.id, TimelineKind.DOSSIER, said + ".")
    session.flush()
    return detail.id


def create_dossier_from_koppeling(
    session: Session, actor: Actor, koppeling_id: int, *, head: MemberInput | None = None
) -> DossierDetail:
    koppeling = session.get(Koppeling, koppeling_id)
    if koppeling is None:
        raise NotFound("Deze koppeling bestaat niet (meer).")
    owner_id = koppeling.housed_gemeente_id or koppeling.gemeente_id
    authorize(
        session,
        actor,
        Action.CREATE,
        Area.DOSSIER,
        "dossier",
        gemeente_id=owner_id,
        detail=f"koppeling={koppeling_id}",
    )
    existing = session.execute(
        select(Dossier.id, Dossier.gemeente_id).where(Dossier.koppeling_id == koppeling_id)
    ).first()
    if existing is not None:
        which = f" (dossier {existing.id})" if existing.gemeente_id == owner_id else ""
        raise ValidationError(
            f"Voor deze koppeling bestaat al een dossier{which}.", {"koppeling": "al een dossier"}
        )
    row = Dossier(
        koppeling_id=koppeling.id,
        gemeente_id=owner_id,
        v_nummer=koppeling.v_nummer,
        linked_on=koppeling.linked_on,
        moving_date=koppeling.housed_on,
        expected_followers=koppeling.expected_followers,
        created_by=actor.login[:64],
    )
    return _finish_create(
        session, actor, row, head, f"Dossier aangemaakt vanuit koppeling {koppeling.v_nummer}."
    )


def create_dossier(session: Session, actor: Actor, data: DossierInput, head: MemberInput) -> DossierDetail:
    """A dossier by hand, for a household that came without a koppeling (e.g. gezinshereniging).
    The rights come first; a V-nummer is checked against the dossiers of the same municipality only
    (whether another municipality has a dossier with it is not for this user to know)."""
    gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == data.gemeente_code))
    if gemeente is not None:
        authorize(
            session,
            actor,
            Action.CREATE,
            Area.DOSSIER,
            "dossier",
            gemeente_id=gemeente.id,
            detail="handmatig",
        )
    errors: dict[str, str] = {}
    v_nummer = ""
    try:
        v_nummer = normalize_v_nummer(data.v_nummer)
    except IdentifierError as exc:
        errors["v_nummer"] = str(exc)
    if gemeente is None:
        errors["gemeente"] = "Kies een gemeente."
    errors.update(
        _dates_and_numbers(data.linked_on, data.moving_date, data.expected_followers, data.address_after_move)
    )
    if gemeente is not None and v_nummer and "v_nummer" not in errors:
        clash = session.scalar(
            select(Dossier.id).where(Dossier.v_nummer == v_nummer, Dossier.gemeente_id == gemeente.id)
        )
        if clash is not None:
            errors["v_nummer"] = f"Er is al een dossier met V-nummer {v_nummer} (dossier {clash})."
    if errors:
        raise ValidationError("Het dossier kan niet worden aangemaakt: " + " ".join(errors.values()), errors)
    assert gemeente is not None
    row = Dossier(
        gemeente_id=gemeente.id,
        v_nummer=v_nummer,
        linked_on=data.linked_on,
        moving_date=data.moving_date,
        address_after_move=data.address_after_move.strip(),
        expected_followers=data.expected_followers,
        created_by=actor.login[:64],
    )
    return _finish_create(session, actor, row, head, "Dossier handmatig aangemaakt.")


def _finish_create(
    session: Session, actor: Actor, row: Dossier, head: MemberInput | None, text: str
) -> DossierDetail:
    session.add(row)
    session.flush()
    record_event(session, actor, row.id, TimelineKind.DOSSIER, text)
    if row.linked_on:
        upsert_milestone(session, actor, row, MilestoneKind.GEKOPPELD, row.linked_on, "COA")
    if row.moving_date and row.moving_date <= date.today():
        upsert_milestone(session, actor, row, MilestoneKind.VERHUISD, row.moving_date, "")
    if head is not None:
        add_member_row(session, actor, row, head)
    refresh_summary(row)
    session.flush()
    return dossier_detail(session, row, date.today())


def _dates_and_numbers(
    linked_on: date | None, moving_date: date | None, followers: int, address: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if linked_on and moving_date and moving_date < linked_on:
        errors["moving_date"] = "De verhuisdatum ligt vóór de koppelingsdatum."
    if not 0 <= followers <= 20:
        errors["expected_followers"] = "Het aantal verwachte nareizigers moet tussen 0 en 20 liggen."
    if len(address.strip()) > 200:
        errors["address_after_move"] = "Het adres is te lang (hoogstens 200 tekens)."
    return errors


def update_dossier(
    session: Session, actor: Actor, dossier_id: int, expected_version: int, changes: DossierChanges
) -> DossierDetail:
    row = load_dossier(session, actor, dossier_id, Action.UPDATE)
    today = date.today()
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=dossier_detail(session, row, today))
    errors = _dates_and_numbers(
        row.linked_on, changes.moving_date, changes.expected_followers, changes.address_after_move
    )
    if changes.status is DossierStatus.GESLOTEN and row.status is not DossierStatus.GESLOTEN:
        still_open = session.scalar(
            select(func.count()).where(Handover.dossier_id == row.id, Handover.status.in_(OPEN))
        )
        if still_open:
            errors["status"] = (
                f"Er lopen nog {still_open} overdracht(en); rond ze af of trek ze in "
                "voordat u het dossier sluit."
            )
    if errors:
        raise ValidationError("Het dossier kan niet worden opgeslagen: " + " ".join(errors.values()), errors)
    said = []
    if changes.moving_date != row.moving_date:
        said.append(
            f"verhuisdatum {date_text(row.moving_date) or '—'} → {date_text(changes.moving_date) or '—'}"
        )
        row.moving_date = changes.moving_date
        _reschedule(row, session)
        if row.moving_date and row.moving_date <= today:
            upsert_milestone(session, actor, row, MilestoneKind.VERHUISD, row.moving_date, "")
    address = changes.address_after_move.strip()
    if address != row.address_after_move:
        said.append(f"adres na verhuizing: {address or '—'}")
        row.address_after_move = address
    if changes.expected_followers != row.expected_followers:
        said.append(f"verwachte nareizigers {row.expected_followers} → {changes.expected_followers}")
        row.expected_followers = changes.expected_followers
    if changes.status is not row.status:
        said.append(f"status {row.status.label} → {changes.status.label}")
        row.status = changes.status
        row.closed_on = today if changes.status is DossierStatus.GESLOTEN else None  # retention
    if said:
        record_event(session, actor, row.id, TimelineKind.DOSSIER, "Gewijzigd: " + "; ".join(said) + ".")
    session.flush()
    return dossier_detail(session, row, today)


def _reschedule(row: Dossier, session: Session) -> None:
    """A new moving date moves the due dates that follow the rule (not those set by hand)."""
    for handover in session.scalars(
        select(Handover).where(Handover.dossier_id == row.id, Handover.status.in_(OPEN))
    ):
        if not handover.due_set_by_hand:
            handover.due_on = due_date(handover.kind, row.moving_date, row.linked_on)


def follow_housing(
    session: Session, actor: Actor, koppeling_id: int, housed_on: date, address: str = ""
) -> None:
    """The board marked the household as housed: the dossier takes over the moving date (and the
    dwelling's address when it has none), so the handover due dates follow the real move.

    This is a consequence of a board action the caller was allowed to do; the user may have no
    rights on the dossier itself (a regio-coördinator), so it is written on their behalf."""
    row = session.scalar(select(Dossier).where(Dossier.koppeling_id == koppeling_id))
    if row is None or (row.moving_date == housed_on and (row.address_after_move or not address)):
        return
    system = Actor.system_actor("uitwisselbord").acting_for(actor.login)
    said = []
    if row.moving_date != housed_on:
        said.append(f"verhuisdatum {date_text(row.moving_date) or '—'} → {date_text(housed_on)}")
        row.moving_date = housed_on
        _reschedule(row, session)
        if housed_on <= date.today():
            upsert_milestone(session, system, row, MilestoneKind.VERHUISD, housed_on, actor.login)
    if address and not row.address_after_move:
        said.append(f"adres na verhuizing: {address}")
        row.address_after_move = address[:200]
    text = "Gehuisvest volgens het uitwisselbord: " + "; ".join(said) + "."
    authorize(
        session,
        system,
        Action.UPDATE,
        Area.DOSSIER,
        "dossier",
        row.id,
        gemeente_id=row.gemeente_id,
        detail=text if not address else "Gehuisvest volgens het uitwisselbord (met adres).",
    )
    record_event(session, system, row.id, TimelineKind.DOSSIER, text)
    session.flush()


def list_timeline(
    session: Session, actor: Actor, dossier_id: int, *, limit: int = 500, offset: int = 0
) -> list[TimelineEntry]:
    row = load_dossier(session, actor, dossier_id, Action.READ, detail="tijdlijn")
    kept = first_entry(row)  # kept in the dossier row: its place is after every later event row
    at = 0 if kept is None else session.scalar(
        select(func.count()).where(DossierEvent.dossier_id == dossier_id, DossierEvent.at >= kept.at)
    ) or 0  # fmt: skip
    if kept is None or offset + limit <= at:
        return _events(session, dossier_id, limit, offset)
    if offset > at:
        return _events(session, dossier_id, limit, offset - 1)
    page = _events(session, dossier_id, limit - 1, offset)
    return [*page[: at - offset], kept, *page[at - offset :]]


def _events(session: Session, dossier_id: int, limit: int, offset: int) -> list[TimelineEntry]:
    query = (
        select(DossierEvent)
        .where(DossierEvent.dossier_id == dossier_id)
        .order_by(DossierEvent.at.desc(), DossierEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [timeline_entry(e) for e in session.scalars(query)]
