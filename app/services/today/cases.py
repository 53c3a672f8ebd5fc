"""What the case register asks of a municipality today: handovers overdue or waiting for receipt,
consent still to ask, and dossiers that arrived through a swap and still wait for their move-in.

Who: those who change the dossiers of their own municipality but not the board (a consulent; a
contactpersoon and a regio-coördinator get the board's items). The rights matrix decides, through
``is_permitted``; on PostgreSQL row-level security keeps other municipalities' dossiers out anyway.
Counts leave no log row; reading the items (names, V-nummers) logs one ``SEARCH`` of the work lists.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Dossier, Gemeente, Handover, Koppeling
from app.domain.case_dossier import DossierStatus
from app.domain.handover import PENDING, ConsentStatus, HandoverStatus, days_overdue
from app.domain.roles import Action, Area, is_allowed
from app.services.access import Actor, authorize, current_actor, is_permitted
from app.services.today import KindInfo, Target, TodayItem

MODULE = "cases"
LATE, RECEIPT, CONSENT, ARRIVED = "overdracht-te-laat", "wacht-op-ontvangst", "toestemming", "via-uitruil"
#: Consent is asked before a handover is sent; once sent without it, that was an explicit override.
BEFORE_SENDING = (HandoverStatus.TE_DOEN, HandoverStatus.AANGEVRAAGD)


def _days(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagen"


def case_scope(session: Session, actor: Actor) -> int | None:
    """The municipality whose dossiers the actor works on, or None: no case items for them."""
    own = current_actor(session, actor).gemeente_id
    if own is None or not is_permitted(session, actor, Action.UPDATE, Area.DOSSIER, gemeente_id=own):
        return None
    if is_permitted(session, actor, Action.UPDATE, Area.BOARD, gemeente_id=own):
        return None  # works the board: the board's items are theirs
    return own


def _late(today: date) -> ColumnElement[bool]:
    return and_(Handover.status.in_(PENDING), Handover.due_on < today)


_RECEIPT = Handover.status == HandoverStatus.VERZONDEN
_CONSENT = and_(Handover.status.in_(BEFORE_SENDING), Handover.consent == ConsentStatus.NIET_GEVRAAGD)


def _arrived(g: int) -> ColumnElement[bool]:
    """Our dossier, of a household another municipality was linked to and we now house (a swap)."""
    return and_(
        Dossier.gemeente_id == g,
        Dossier.status == DossierStatus.OPEN,
        Koppeling.housed_gemeente_id == g,
        Koppeling.gemeente_id != g,
        Koppeling.housed_on.is_(None),
    )


def _who(head_name: str, v_nummer: str) -> str:
    return head_name or f"V-nummer {v_nummer}"


class CasesProvider:
    kinds = (
        KindInfo(LATE, "Overdrachten te laat", MODULE, 15),
        KindInfo(RECEIPT, "Overdrachten wachten op ontvangst", MODULE, 25),
        KindInfo(ARRIVED, "Dossiers binnengekomen via uitruil", MODULE, 35),
        KindInfo(CONSENT, "Toestemming nog vragen", MODULE, 45),
    )

    def applies(self, actor: Actor) -> bool:
        role = actor.role
        return (
            not actor.system
            and is_allowed(role, Action.UPDATE, Area.DOSSIER, own_gemeente=True)
            and not is_allowed(role, Action.UPDATE, Area.BOARD, own_gemeente=True)
        )

    def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]:
        g = case_scope(session, actor)
        if g is None:
            return {}
        late, receipt, consent = _late(today), _RECEIPT, _CONSENT
        handovers = (
            select(func.count()).select_from(Handover).join(Dossier, Dossier.id == Handover.dossier_id)
        )
        handovers = handovers.where(Dossier.gemeente_id == g)
        if session.get_bind().dialect.name == "postgresql":
            # One pass for the three kinds: each query also pays for the row-level security check
            # on the dossiers, so three queries cost three times that.
            sums = (func.coalesce(func.sum(case((c, 1), else_=0)), 0) for c in (late, receipt, consent))
            query = (
                select(*sums)
                .select_from(Handover)
                .join(Dossier, Dossier.id == Handover.dossier_id)
                .where(Dossier.gemeente_id == g, Handover.status.in_(PENDING), or_(late, receipt, consent))
            )
            row: tuple[Any, ...] = tuple(session.execute(query).one())
        else:  # SQLite: each kind alone reads only its part of the (status, due date) index
            row = tuple(session.scalar(handovers.where(c)) or 0 for c in (late, receipt, consent))

        def n(query: Any) -> int:
            return int(session.scalar(query) or 0)

        return {
            LATE: int(row[0]),
            RECEIPT: int(row[1]),
            CONSENT: int(row[2]),
            ARRIVED: n(
                select(func.count())
                .select_from(Dossier)
                .join(Koppeling, Koppeling.id == Dossier.koppeling_id)
                .where(_arrived(g))
            ),
        }

    def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[TodayItem]:
        g = case_scope(session, actor)
        if g is None:
            return []
        authorize(session, actor, Action.SEARCH, Area.DOSSIER, "werklijst", gemeente_id=g, detail="vandaag")
        out = []
        for kind, clause, order in (
            (LATE, _late(today), Handover.due_on),
            (RECEIPT, _RECEIPT, Handover.status_changed_at),
            (CONSENT, _CONSENT, Handover.due_on),
        ):
            rows = session.execute(
                select(Handover.id, Handover.dossier_id, Handover.kind, Handover.due_on, Handover.status,
                       Handover.receiver_org, Dossier.head_name, Dossier.v_nummer)
                .join(Dossier, Dossier.id == Handover.dossier_id)
                .where(Dossier.gemeente_id == g, clause)
                .order_by(order.asc().nulls_last(), Handover.id)
                .limit(limit)
            )  # fmt: skip
            for r in rows:
                who = _who(r.head_name, r.v_nummer)
                if kind == LATE:
                    text = f"{who} — {_days(days_overdue(r.due_on, r.status, today))} te laat"
                elif kind == RECEIPT:
                    text = f"{who} — verzonden{' aan ' + r.receiver_org if r.receiver_org else ''}, " \
                           "ontvangst nog niet bevestigd"  # fmt: skip
                else:
                    text = f"{who} — vraag toestemming voordat u verzendt"
                target = Target(MODULE, "overdracht", r.id, parent_id=r.dossier_id)
                out.append(TodayItem(kind, r.kind.label, text, target, urgent=kind == LATE))
        arrived = session.execute(
            select(Dossier.id, Dossier.head_name, Dossier.v_nummer, Gemeente.name)
            .join(Koppeling, Koppeling.id == Dossier.koppeling_id)
            .join(Gemeente, Gemeente.id == Koppeling.gemeente_id)
            .where(_arrived(g))
            .order_by(Dossier.id)
            .limit(limit)
        )
        for a in arrived:
            text = f"{_who(a.head_name, a.v_nummer)} — overgenomen van {a.name}, nog niet verhuisd"
            out.append(TodayItem(ARRIVED, f"Dossier {a.id}", text, Target(MODULE, "dossier", a.id)))
        return out


PROVIDER = CasesProvider()
