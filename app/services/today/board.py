"""What the exchange board asks of a municipality today: swaps waiting for its akkoord, posts nobody
answered, koppelingen past (or this week reaching) the 10- or 12-week deadline, and reservations
without a move-in.

Who: those who may change the board — a contactpersoon for the own municipality, a
regio-coördinator for the whole region (the rights matrix decides, through ``is_permitted``).
The counts are numbers only and leave no log row; reading the items logs one ``READ`` of the board.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import (
    BoardPost,
    Dwelling,
    DwellingStatus,
    Gemeente,
    Koppeling,
    PostKind,
    PostStatus,
    SwapRow,
    SwapStatus,
)
from app.domain.deadlines import MOVE_IN_WEEKS, OFFER_WEEKS, deadline_status
from app.domain.handover import week_bounds
from app.domain.roles import Action, Area, is_allowed
from app.services.access import Actor, authorize, current_actor, is_permitted
from app.services.board.koppelingen import PENDING
from app.services.today import KindInfo, Target, TodayItem

MODULE = "board"
SWAPS, POSTS, DEADLINES, RESERVATIONS = "uitruil", "berichten", "termijnen", "reserveringen"
_NO_SCOPE = -1  # the actor may not change the board at all


def _persons(n: int) -> str:
    return "1 persoon" if n == 1 else f"{n} personen"


def board_scope(session: Session, actor: Actor) -> int | None:
    """None: region-wide; a gemeente id: that municipality only; ``_NO_SCOPE``: no board work."""
    if is_permitted(session, actor, Action.UPDATE, Area.BOARD):  # a region-wide object: scope ALL
        return None
    own = current_actor(session, actor).gemeente_id
    if own is not None and is_permitted(session, actor, Action.UPDATE, Area.BOARD, gemeente_id=own):
        return own
    return _NO_SCOPE


def _swaps_where(g: int | None) -> ColumnElement[bool]:
    waiting = SwapRow.status == SwapStatus.VOORGESTELD
    if g is None:
        return waiting
    return and_(
        waiting,
        or_(
            and_(SwapRow.host_gemeente_id == g, SwapRow.host_agreed_at.is_(None)),
            and_(SwapRow.owner_gemeente_id == g, SwapRow.owner_agreed_at.is_(None)),
        ),
    )


def _posts_where(g: int | None) -> ColumnElement[bool]:
    """Open posts that no running swap answers yet (of other municipalities, for a municipality)."""
    # Not a correlated EXISTS: that re-read the running swaps for every post.
    answered = select(SwapRow.post_id).where(
        SwapRow.status == SwapStatus.VOORGESTELD, SwapRow.post_id.is_not(None)
    )
    clause = and_(BoardPost.status == PostStatus.OPEN, BoardPost.id.not_in(answered))
    return clause if g is None else and_(clause, BoardPost.gemeente_id != g)


def _responsible(g: int) -> ColumnElement[bool]:
    """The municipality that must house the household: the host after a swap, else its own."""
    return or_(
        and_(Koppeling.housed_gemeente_id.is_(None), Koppeling.gemeente_id == g),
        Koppeling.housed_gemeente_id == g,
    )


def _deadlines_where(g: int | None, today: date) -> ColumnElement[bool]:
    """Not housed, and the running deadline falls on or before this week's Sunday."""
    sunday = week_bounds(today)[1]
    offer_by = sunday - timedelta(weeks=OFFER_WEEKS)  # linked on or before: offer deadline this week
    move_by = sunday - timedelta(weeks=OFFER_WEEKS + MOVE_IN_WEEKS)
    clause = and_(
        Koppeling.status.in_(PENDING),
        Koppeling.housed_on.is_(None),
        Koppeling.linked_on <= offer_by,
        or_(Koppeling.offered_on.is_(None), Koppeling.linked_on <= move_by),
    )
    return clause if g is None else and_(clause, _responsible(g))


def _reservations_where(g: int | None) -> ColumnElement[bool]:
    clause = and_(
        Dwelling.status == DwellingStatus.GERESERVEERD,
        Dwelling.reserved_for_id.is_not(None),
        Koppeling.housed_on.is_(None),
    )
    return clause if g is None else and_(clause, Dwelling.gemeente_id == g)


class BoardProvider:
    kinds = (
        KindInfo(SWAPS, "Uitruil wacht op akkoord", MODULE, 10),
        KindInfo(POSTS, "Berichten op het bord zonder reactie", MODULE, 20),
        KindInfo(DEADLINES, "Termijn verstreken of verstrijkt deze week", MODULE, 30),
        KindInfo(RESERVATIONS, "Woning gereserveerd, verhuizing nog niet vastgelegd", MODULE, 40),
    )

    def applies(self, actor: Actor) -> bool:
        return actor.system or is_allowed(actor.role, Action.UPDATE, Area.BOARD, own_gemeente=True)

    def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]:
        g = board_scope(session, actor)
        if g == _NO_SCOPE:
            return {}

        def n(query: Any) -> int:
            return int(session.scalar(query) or 0)

        return {
            SWAPS: n(select(func.count()).select_from(SwapRow).where(_swaps_where(g))),
            POSTS: n(select(func.count()).select_from(BoardPost).where(_posts_where(g))),
            DEADLINES: n(select(func.count()).select_from(Koppeling).where(_deadlines_where(g, today))),
            RESERVATIONS: n(
                select(func.count())
                .select_from(Dwelling)
                .join(Koppeling, Koppeling.id == Dwelling.reserved_for_id)
                .where(_reservations_where(g))
            ),
        }

    def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[TodayItem]:
        g = board_scope(session, actor)
        if g == _NO_SCOPE:
            return []
        authorize(session, actor, Action.READ, Area.BOARD, "bord", gemeente_id=g, detail="vandaag")
        names: dict[int, str] = dict(session.execute(select(Gemeente.id, Gemeente.name)).all())  # type: ignore[arg-type]
        return [
            *self._swaps(session, g, names, limit),
            *self._posts(session, g, names, limit),
            *self._deadlines(session, g, names, today, limit),
            *self._reservations(session, g, names, limit),
        ]

    def _swaps(self, session: Session, g: int | None, names: dict[int, str], limit: int) -> list[TodayItem]:
        rows = session.scalars(
            select(SwapRow).where(_swaps_where(g)).order_by(SwapRow.proposed_at, SwapRow.id).limit(limit)
        )
        out = []
        for s in rows:
            host, owner = names.get(s.host_gemeente_id, "?"), names.get(s.owner_gemeente_id, "?")
            waiting = [
                name
                for name, agreed, gid in ((host, s.host_agreed_at, s.host_gemeente_id),
                                          (owner, s.owner_agreed_at, s.owner_gemeente_id))
                if agreed is None and (g is None or gid == g)
            ]  # fmt: skip
            who = "uw akkoord" if g is not None else "akkoord van " + " en ".join(waiting)
            text = f"{host} huisvest {_persons(s.persons)} voor {owner} — wacht op {who}"
            out.append(TodayItem(SWAPS, f"Uitruil #{s.id}", text, Target(MODULE, "uitruil", s.id)))
        return out

    def _posts(self, session: Session, g: int | None, names: dict[int, str], limit: int) -> list[TodayItem]:
        rows = session.scalars(
            select(BoardPost).where(_posts_where(g)).order_by(BoardPost.created_at, BoardPost.id).limit(limit)
        )
        out = []
        for p in rows:
            what = (
                f"huishouden van {_persons(p.persons)} zoekt een woning"
                if p.kind is PostKind.HUISHOUDEN_ZOEKT
                else f"woning beschikbaar voor {_persons(p.persons)}"
            )
            text = f"{names.get(p.gemeente_id, '?')}: {what} — nog geen reactie"
            out.append(TodayItem(POSTS, f"Bericht #{p.id}", text, Target(MODULE, "bericht", p.id)))
        return out

    def _deadlines(
        self, session: Session, g: int | None, names: dict[int, str], today: date, limit: int
    ) -> list[TodayItem]:
        rows = session.scalars(
            select(Koppeling)
            .where(_deadlines_where(g, today))
            .order_by(Koppeling.linked_on, Koppeling.id)
            .limit(limit)
        )
        out = []
        for k in rows:
            status = deadline_status(k.linked_on, today, k.offered_on, k.housed_on)
            where = f"{names.get(k.housed_gemeente_id or k.gemeente_id, '?')} · " if g is None else ""
            text = f"{where}{_persons(k.persons)} · {status.label_nl}"
            target = Target(MODULE, "koppeling", k.id, find=k.v_nummer)
            out.append(TodayItem(DEADLINES, f"V-nummer {k.v_nummer}", text, target, urgent=status.overdue))
        return out

    def _reservations(
        self, session: Session, g: int | None, names: dict[int, str], limit: int
    ) -> list[TodayItem]:
        rows = session.execute(
            select(Dwelling, Koppeling)
            .join(Koppeling, Koppeling.id == Dwelling.reserved_for_id)
            .where(_reservations_where(g))
            .order_by(Dwelling.available_from, Dwelling.id)
            .limit(limit)
        )
        out = []
        for d, k in rows:
            place = d.address or d.reference
            where = f" ({names.get(d.gemeente_id, '?')})" if g is None else ""
            text = f"{place}{where} voor V-nummer {k.v_nummer}, {_persons(k.persons)} — verhuizing vastleggen"
            target = Target(MODULE, "koppeling", k.id, find=k.v_nummer)
            out.append(TodayItem(RESERVATIONS, f"Woning {d.reference}", text, target))
        return out


PROVIDER = BoardProvider()
