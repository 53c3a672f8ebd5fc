"""Small Qt-free helpers the case-register GUI needs beyond the case services.

- ``fresh_detail(session, actor, dossier_id, *, today=None) -> DossierDetail`` — the dossier as it
  is right after a change in the same unit of work. The change went through the access gate and
  left its row (UPDATE, CREATE, PRINT …); showing the whole dossier again (BSNs included) is a read
  of its own and leaves a READ row ("na wijziging"), as opening it does.
- ``koppelingen_without_dossier(session, actor, *, text="", limit=200) -> list[KoppelingChoice]`` —
  the households of the actor's municipality that have no dossier yet (to start one from).
  Logs one ``Action.SEARCH`` on the board.
- ``pack_file_name(dossier_id, handover_id, kind) -> str`` — the name the PDF renderer would give
  the pack, for a "save as" default before the pack exists.
- ``may_write_dossiers(actor)`` / ``may_read_other_gemeenten(actor)`` — what the GUI offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from app.db.models import Dossier, Gemeente, Koppeling, KoppelingStatus
from app.db.session import FAILURE_ENTRY
from app.domain.case_dossier import fold
from app.domain.handover import HandoverKind
from app.domain.roles import Action, Area, is_allowed
from app.errors import NotFound, PermissionDenied
from app.services.access import Actor, authorize, current_actor, is_permitted, typed_detail
from app.services.cases.views import DOSSIER_GONE, DossierDetail, dossier_detail
from app.services.search_input import search_term

_NOT_YOURS = "U heeft geen rechten om dit dossier in te zien."


def may_write_dossiers(actor: Actor) -> bool:
    return actor.system or is_allowed(actor.role, Action.UPDATE, Area.DOSSIER, own_gemeente=True)


def may_create_dossiers(actor: Actor) -> bool:
    return actor.system or is_allowed(actor.role, Action.CREATE, Area.DOSSIER, own_gemeente=True)


def may_read_other_gemeenten(actor: Actor) -> bool:
    """Whether a gemeente filter makes sense: only when dossiers of other municipalities are readable."""
    return actor.system or is_allowed(actor.role, Action.SEARCH, Area.DOSSIER, own_gemeente=False)


def fresh_detail(
    session: Session, actor: Actor, dossier_id: int, *, today: date | None = None
) -> DossierDetail:
    row = session.get(Dossier, dossier_id)
    if row is None:
        raise NotFound(DOSSIER_GONE)
    if not is_permitted(session, actor, Action.READ, Area.DOSSIER, gemeente_id=row.gemeente_id):
        raise PermissionDenied(_NOT_YOURS)
    session.flush()  # a conflict of the change shows now, logged as the change's
    # The refresh shows the full dossier again: a READ of its own. Should the unit of work still
    # fail, that failure is the change's (its row is the one repeated with the result).
    change_failure = session.info.get(FAILURE_ENTRY)
    authorize(
        session, actor, Action.READ, Area.DOSSIER, "dossier", dossier_id,
        gemeente_id=row.gemeente_id, detail="na wijziging",
    )  # fmt: skip
    if change_failure is not None:
        session.info[FAILURE_ENTRY] = change_failure
    session.expire(row)  # members and summary columns as the change left them
    return dossier_detail(session, row, today or date.today())


@dataclass(frozen=True)
class KoppelingChoice:
    id: int
    v_nummer: str
    gemeente_name: str
    linked_on: date
    persons: int
    adults: int
    children: int
    expected_followers: int
    languages: str
    azc_location: str
    status: KoppelingStatus
    housed_on: date | None


def koppelingen_without_dossier(
    session: Session, actor: Actor, *, text: str = "", limit: int = 200
) -> list[KoppelingChoice]:
    """Households linked to (or housed in) the actor's municipality that have no dossier yet, newest
    first. Lapsed koppelingen are left out."""
    search_term(text)  # a control character is refused before anything reaches the database
    gemeente_id = current_actor(session, actor).gemeente_id
    authorize(
        session,
        actor,
        Action.SEARCH,
        Area.BOARD,
        "koppeling",
        gemeente_id=gemeente_id,
        detail=f"zonder dossier {typed_detail('zoekterm', text)}".strip(),
    )
    owner = func.coalesce(Koppeling.housed_gemeente_id, Koppeling.gemeente_id)
    shown = aliased(Gemeente)
    query = (
        select(Koppeling, shown.name)
        .join(shown, shown.id == owner)
        .where(
            Koppeling.status != KoppelingStatus.VERVALLEN,
            ~select(Dossier.id).where(Dossier.koppeling_id == Koppeling.id).exists(),
        )
        .order_by(Koppeling.linked_on.desc(), Koppeling.id.desc())
        .limit(max(1, limit))
    )
    if gemeente_id is not None:
        query = query.where(owner == gemeente_id)
    needle = fold(search_term(text))
    if needle:
        digits = "".join(ch for ch in needle if ch.isdigit())
        conditions = [func.lower(Koppeling.azc_location).contains(needle, autoescape=True)]
        if digits:
            conditions.append(Koppeling.v_nummer.contains(digits, autoescape=True))
        query = query.where(or_(*conditions))
    return [
        KoppelingChoice(
            id=k.id,
            v_nummer=k.v_nummer,
            gemeente_name=name,
            linked_on=k.linked_on,
            persons=k.persons,
            adults=k.adults,
            children=k.children,
            expected_followers=k.expected_followers,
            languages=k.languages,
            azc_location=k.azc_location,
            status=k.status,
            housed_on=k.housed_on,
        )
        for k, name in session.execute(query)
    ]


def pack_file_name(dossier_id: int, handover_id: int, kind: HandoverKind) -> str:
    """Same shape as ``app.io.pdf.packs.pack_filename``: ASCII, safe on every file system."""
    return f"overdracht-dossier-{dossier_id}-overdracht-{handover_id}-{kind.value.replace('_', '-')}.pdf"
