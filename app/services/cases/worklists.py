"""Work lists of handovers: due this week, overdue, waiting for receipt — filtered, sorted and paged
in SQL, per municipality, and exportable.

Public API:

- ``WorkList`` (StrEnum: ``deze-week``, ``te-laat``, ``wacht-op-ontvangst``, ``open``; ``.label``)
- ``WorkListFilter`` (dataclass) — worklist, gemeente_code (None: the actor's own municipality;
  a system actor: all), mine (only handovers assigned to or created by the actor), kinds, text
  (dossier search: name, V-nummer, BSN), sort (one of ``SORTABLE``), descending, limit, offset.
- ``WorkListRow`` (frozen dataclass) — what a table row needs, see below.
- ``list_worklist(session, actor, f=WorkListFilter(), *, today=None, export=False)
  -> tuple[list[WorkListRow], int]`` — one page and the total; logs one ``Action.SEARCH`` (or
  ``Action.EXPORT`` with ``export=True``, for CSV/Excel, naming the page's dossiers by id).
- ``worklist_counts(session, actor, gemeente_code=None, *, mine=False, today=None) -> dict[WorkList, int]``
- ``worklist_table(rows) -> tuple[list[str], list[list[object]]]`` — Dutch headers and cells for
  the CLI table, CSV and Excel export.

"Deze week" is Monday–Sunday of ``today``'s week; "te laat" and "deze week" count only handovers
that have not reached the receiver yet (te doen, aangevraagd, verzonden).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.models import Dossier, DossierMember, Gemeente, Handover
from app.domain.case_dossier import fold, needs_escape
from app.domain.handover import (
    OPEN,
    PENDING,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    days_overdue,
    week_bounds,
)
from app.domain.roles import Action, Area
from app.domain.timefmt import date_text
from app.errors import ValidationError
from app.services.access import Actor, authorize, current_actor, is_permitted, typed_detail
from app.services.people import person_name, remember_names
from app.services.search_input import search_term


class WorkList(StrEnum):
    DEZE_WEEK = "deze-week"
    TE_LAAT = "te-laat"
    WACHT_OP_ONTVANGST = "wacht-op-ontvangst"
    OPEN = "open"

    @property
    def label(self) -> str:
        return {
            "deze-week": "Deze week af te ronden",
            "te-laat": "Te laat",
            "wacht-op-ontvangst": "Wacht op ontvangst",
            "open": "Alle lopende overdrachten",
        }[self.value]


@dataclass(frozen=True)
class WorkListFilter:
    worklist: WorkList = WorkList.DEZE_WEEK
    gemeente_code: str | None = None
    mine: bool = False
    kinds: tuple[HandoverKind, ...] = ()
    text: str = ""
    sort: str = "due_on"
    descending: bool = False
    limit: int = 200
    offset: int = 0


@dataclass(frozen=True)
class WorkListRow:
    handover_id: int
    dossier_id: int
    v_nummer: str
    head_name: str
    gemeente_code: str
    gemeente_name: str
    kind: HandoverKind
    kind_label: str
    member_name: str  # the child (JGZ) or the person a risk signal is about
    receiver: str  # "Huisartsenpraktijk De Linde — J. Bakker"
    due_on: date | None
    status: HandoverStatus
    status_label: str
    days_overdue: int
    consent: ConsentStatus
    assigned_to: str | None
    version: int
    assigned_to_name: str = ""  # the owner's name; assigned_to stays the login


_Member = aliased(DossierMember)

SORTABLE = {
    "due_on": Handover.due_on,
    "days_overdue": Handover.due_on,  # most overdue = earliest due date; direction flipped below
    "v_nummer": Dossier.v_nummer,
    "head_name": Dossier.head_name,
    "kind": Handover.kind,
    "status": Handover.status,
    "receiver": Handover.receiver_org,
    "gemeente": Gemeente.name,
    "dossier_id": Dossier.id,
}


def _scope(session: Session, actor: Actor, code: str | None) -> int | None:
    if code:
        gid = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == code))
        if gid is None:
            raise ValidationError(f"Gemeente {code} bestaat niet.", {"gemeente": "onbekend"})
        return gid
    return None if actor.system else current_actor(session, actor).gemeente_id


def _where(
    query: Select,  # type: ignore[type-arg]
    worklist: WorkList,
    gemeente_id: int | None,
    actor: Actor,
    today: date,
    *,
    mine: bool = False,
    kinds: tuple[HandoverKind, ...] = (),
    text: str = "",
) -> Select:  # type: ignore[type-arg]
    if gemeente_id is not None:
        query = query.where(Dossier.gemeente_id == gemeente_id)
    if worklist is WorkList.DEZE_WEEK:
        monday, sunday = week_bounds(today)
        query = query.where(Handover.status.in_(PENDING), Handover.due_on.between(monday, sunday))
    elif worklist is WorkList.TE_LAAT:
        query = query.where(Handover.status.in_(PENDING), Handover.due_on < today)
    elif worklist is WorkList.WACHT_OP_ONTVANGST:
        query = query.where(Handover.status == HandoverStatus.VERZONDEN)
    else:
        query = query.where(Handover.status.in_(OPEN))
    if mine:
        query = query.where(or_(Handover.assigned_to == actor.login, Handover.created_by == actor.login))
    if kinds:
        query = query.where(Handover.kind.in_(kinds))
    folded = fold(search_term(text))
    if folded:
        query = query.where(Dossier.search_text.contains(folded, autoescape=needs_escape(folded)))
    return query


def list_worklist(
    session: Session,
    actor: Actor,
    f: WorkListFilter | None = None,
    *,
    today: date | None = None,
    export: bool = False,
) -> tuple[list[WorkListRow], int]:
    f = f or WorkListFilter()
    search_term(f.text)  # a control character is refused before anything reaches the database
    today = today or date.today()
    gemeente_id = _scope(session, actor, f.gemeente_code)
    detail = f"lijst={f.worklist.value}" + (f" gemeente={f.gemeente_code}" if f.gemeente_code else "")
    detail += " mijn" if f.mine else ""
    detail += f" {typed_detail('zoekterm', f.text)}" if f.text.strip() else ""
    if not export or not is_permitted(session, actor, Action.EXPORT, Area.DOSSIER, gemeente_id=gemeente_id):
        # An export is logged once its rows are known (which dossiers it holds); a refusal now.
        action = Action.EXPORT if export else Action.SEARCH
        authorize(session, actor, action, Area.DOSSIER, "werklijst", gemeente_id=gemeente_id, detail=detail)
    flt = {"mine": f.mine, "kinds": f.kinds, "text": f.text}
    counted = select(func.count()).select_from(Handover).join(Dossier, Dossier.id == Handover.dossier_id)
    total = session.scalar(_where(counted, f.worklist, gemeente_id, actor, today, **flt)) or 0  # type: ignore[arg-type]
    column = SORTABLE.get(f.sort, Handover.due_on)
    descending = f.descending != (f.sort == "days_overdue")
    order = column.desc().nulls_last() if descending else column.asc().nulls_last()
    query = (
        select(
            Handover.id,
            Handover.dossier_id,
            Handover.kind,
            Handover.receiver_org,
            Handover.receiver_person,
            Handover.due_on,
            Handover.status,
            Handover.consent,
            Handover.assigned_to,
            Handover.version,
            Dossier.v_nummer,
            Dossier.head_name,
            Gemeente.cbs_code,
            Gemeente.name,
            _Member.name.label("member_name"),
        )
        .join(Dossier, Dossier.id == Handover.dossier_id)
        .join(Gemeente, Gemeente.id == Dossier.gemeente_id)
        .outerjoin(_Member, _Member.id == Handover.member_id)
    )
    # The page's ids first, from the (status, due date, dossier) index alone; only those rows are read
    # in full. Joining every candidate before sorting read thousands of rows for a page of 200.
    page = (
        _where(
            select(Handover.id)
            .join(Dossier, Dossier.id == Handover.dossier_id)
            .join(Gemeente, Gemeente.id == Dossier.gemeente_id),
            f.worklist,
            gemeente_id,
            actor,
            today,
            **flt,  # type: ignore[arg-type]
        )
        .order_by(order, Handover.id)
        .limit(max(1, f.limit))
        .offset(max(0, f.offset))
    )
    query = query.where(Handover.id.in_(page)).order_by(order, Handover.id)
    results = list(session.execute(query))
    remember_names(session, (r.assigned_to for r in results))
    rows = [
        WorkListRow(
            handover_id=r.id,
            dossier_id=r.dossier_id,
            v_nummer=r.v_nummer,
            head_name=r.head_name,
            gemeente_code=r.cbs_code,
            gemeente_name=r.name,
            kind=r.kind,
            kind_label=r.kind.label,
            member_name=r.member_name or "",
            receiver=" — ".join(p for p in (r.receiver_org, r.receiver_person) if p),
            due_on=r.due_on,
            status=r.status,
            status_label=r.status.label,
            days_overdue=days_overdue(r.due_on, r.status, today),
            consent=r.consent,
            assigned_to=r.assigned_to,
            version=r.version,
            assigned_to_name=person_name(session, r.assigned_to),
        )
        for r in results
    ]
    if export:
        from app.services.exports import export_details

        for part in export_details(
            f"{detail}; rijen={len(rows)}", [r.dossier_id for r in rows], prefix=detail
        ):
            authorize(
                session, actor, Action.EXPORT, Area.DOSSIER, "werklijst", gemeente_id=gemeente_id, detail=part
            )
    return rows, int(total)


def worklist_counts(
    session: Session,
    actor: Actor,
    gemeente_code: str | None = None,
    *,
    mine: bool = False,
    today: date | None = None,
) -> dict[WorkList, int]:
    """How many handovers each list holds (for the badges next to the list names)."""
    today = today or date.today()
    gemeente_id = _scope(session, actor, gemeente_code)
    authorize(
        session, actor, Action.SEARCH, Area.DOSSIER, "werklijst", gemeente_id=gemeente_id, detail="aantallen"
    )
    counted = select(func.count()).select_from(Handover).join(Dossier, Dossier.id == Handover.dossier_id)
    return {
        wl: int(session.scalar(_where(counted, wl, gemeente_id, actor, today, mine=mine)) or 0)
        for wl in WorkList
    }


HEADERS = [
    "Dossier",
    "V-nummer",
    "Hoofdaanvrager",
    "Gemeente",
    "Overdracht",
    "Voor",
    "Ontvanger",
    "Uiterlijk",
    "Status",
    "Dagen te laat",
    "Toestemming",
    "Eigenaar",
]


def worklist_table(rows: list[WorkListRow]) -> tuple[list[str], list[list[object]]]:
    """Headers and cells as the user sees them (Dutch labels, dd-mm-jjjj dates)."""
    return HEADERS, [
        [
            r.dossier_id,
            r.v_nummer,
            r.head_name,
            r.gemeente_name,
            r.kind_label,
            r.member_name,
            r.receiver,
            date_text(r.due_on),
            r.status_label,
            r.days_overdue or "",
            r.consent.label,
            r.assigned_to_name or r.assigned_to or "",
        ]
        for r in rows
    ]
