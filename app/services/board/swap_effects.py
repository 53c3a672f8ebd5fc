"""What a swap does to the two municipalities once it is decided: the only writes of a swap that
cross a municipal boundary, kept together in this module and nowhere else.

- ``apply_agreed_swap(session, actor, swap_row)`` — both sides agreed: the owner's household goes to
  the host (status "uitgeruild", housed by the host, which now records offer and move-in), its
  dossier (made now if it had none) moves along (with a timeline entry), a dwelling the owner had
  reserved for it is free again, the host's dwelling named in the swap is reserved for it, and
  the post the swap answered is done.
- ``release_swap(session, swap_row)`` — a swap that will not happen (withdrawn, declined) gives back
  the dwelling it had reserved.

The caller (``app.services.board.swaps``) has checked the actor's rights on their own side and that
the swap is agreed; these functions only carry out the consequences. On PostgreSQL no user may
write the other municipality's rows, so there the database functions ``dl_swap_take_effect`` and
``dl_swap_release`` (app.db.pg_functions) do it, after checking in the database that both sides
agreed (or that the swap ended); SQLite does the same here.
"""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.db.models import (
    BoardPost,
    Dossier,
    Dwelling,
    DwellingStatus,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    PostStatus,
    SwapRow,
)
from app.domain.case_dossier import TimelineKind
from app.domain.roles import Action, Area
from app.errors import NotFound
from app.services.access import Actor, authorize, current_actor

# A household a swap can still hand over: waiting at its own municipality.
WAITING = (KoppelingStatus.GEKOPPELD, KoppelingStatus.WONING_AANGEBODEN)


def _on_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def apply_agreed_swap(session: Session, actor: Actor, swap_row: SwapRow) -> None:
    """Both agreed: the household goes to the host (its dossier too), the dwelling is reserved,
    the post is done."""
    if _on_postgres(session):
        session.flush()  # the agreement must be in the database: the function checks it there
        moved = session.scalar(
            text("SELECT dl_swap_take_effect(:id, :login, :name)"),
            {"id": swap_row.id, "login": actor.login, "name": actor.name},
        )
        session.expire_all()  # the function changed rows this session may have loaded
        if moved is not None:
            _log_dossier_move(session, actor, swap_row, int(moved))
        return
    if swap_row.koppeling_id:
        koppeling = session.get(Koppeling, swap_row.koppeling_id)
        if koppeling is not None and koppeling.status in WAITING:
            from app.services.cases.auto_dossiers import ensure_dossiers

            ensure_dossiers(session, actor, [koppeling.id], why="uitruil")  # moves along below
            for held in session.scalars(
                select(Dwelling).where(
                    Dwelling.reserved_for_id == koppeling.id,
                    Dwelling.status == DwellingStatus.GERESERVEERD,
                    Dwelling.gemeente_id != swap_row.host_gemeente_id,
                )
            ):  # the owner's own offer goes back: the host houses the household now
                held.status, held.reserved_for_id = DwellingStatus.BESCHIKBAAR, None
            session.flush()
            koppeling.status = KoppelingStatus.UITGERUILD
            koppeling.housed_gemeente_id = swap_row.host_gemeente_id
            koppeling.offered_on = None
            _move_dossier(session, actor, koppeling.id, swap_row.host_gemeente_id, swap_id=swap_row.id)
    if swap_row.dwelling_id:
        dwelling = session.get(Dwelling, swap_row.dwelling_id)
        taken = swap_row.koppeling_id is not None and session.scalar(
            select(Dwelling.id).where(Dwelling.reserved_for_id == swap_row.koppeling_id)
        )
        if dwelling is not None and dwelling.status is DwellingStatus.BESCHIKBAAR and not taken:
            dwelling.status = DwellingStatus.GERESERVEERD
            dwelling.reserved_for_id = swap_row.koppeling_id
    if swap_row.post_id:
        post = session.get(BoardPost, swap_row.post_id)
        if post is not None and post.status is PostStatus.OPEN:
            post.status = PostStatus.AFGEHANDELD


def release_swap(session: Session, swap_row: SwapRow) -> None:
    """A swap that will not happen gives back the dwelling it had reserved."""
    if _on_postgres(session):
        session.flush()
        session.execute(text("SELECT dl_swap_release(:id)"), {"id": swap_row.id})
        session.expire_all()
        return
    if swap_row.dwelling_id:
        dwelling = session.get(Dwelling, swap_row.dwelling_id)
        if (
            dwelling is not None
            and dwelling.status is DwellingStatus.GERESERVEERD
            and dwelling.reserved_for_id == swap_row.koppeling_id
        ):
            dwelling.status, dwelling.reserved_for_id = DwellingStatus.BESCHIKBAAR, None


def _move_dossier(
    session: Session, actor: Actor, koppeling_id: int, to_gemeente_id: int, *, swap_id: int | None = None
) -> int | None:
    """An agreed swap moves the household to the host municipality; its dossier goes along and the
    timeline says so. Returns the dossier id, or None when the household has no dossier yet."""
    from app.services.cases.views import record_event  # the case register is loaded only when needed

    row = session.scalar(select(Dossier).where(Dossier.koppeling_id == koppeling_id))
    if row is None or row.gemeente_id == to_gemeente_id:
        return None
    source, target = row.gemeente, session.get(Gemeente, to_gemeente_id)
    if target is None:
        raise NotFound("De gemeente waarheen het dossier zou gaan bestaat niet.")
    # The acting user speaks for one of the two parties to the swap; that side is what is checked.
    own = current_actor(session, actor).gemeente_id
    side = own if own in (row.gemeente_id, to_gemeente_id) else to_gemeente_id
    text = f"Dossier overgedragen van {source.name} naar {target.name}"
    text += f" (uitruil {swap_id})." if swap_id else "."
    authorize(session, actor, Action.UPDATE, Area.DOSSIER, "dossier", row.id, gemeente_id=side, detail=text)
    row.gemeente_id = target.id
    record_event(session, actor, row.id, TimelineKind.VERPLAATST, text)
    session.flush()
    return row.id


def _log_dossier_move(session: Session, actor: Actor, swap_row: SwapRow, dossier_id: int) -> None:
    """The database moved the dossier (PostgreSQL): the same rights check and log row as above,
    for the side the actor speaks for."""
    source, target = (
        session.get(Gemeente, swap_row.owner_gemeente_id),
        session.get(Gemeente, swap_row.host_gemeente_id),
    )
    own = current_actor(session, actor).gemeente_id
    parties = (swap_row.owner_gemeente_id, swap_row.host_gemeente_id)
    side = own if own in parties else swap_row.host_gemeente_id
    names = (source.name if source else "?", target.name if target else "?")
    text_ = f"Dossier overgedragen van {names[0]} naar {names[1]} (uitruil {swap_row.id})."
    authorize(
        session, actor, Action.UPDATE, Area.DOSSIER, "dossier", dossier_id, gemeente_id=side, detail=text_
    )
