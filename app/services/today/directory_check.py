"""What the directory asks of a municipality today: its own initiatives that have gone unchecked
past the region's check period (the *Te controleren* list), oldest check first.

Who: whoever keeps the municipality's entries (a contactpersoon, consulent or regio-coördinator of
a municipality; the rights matrix decides through ``is_permitted``). The directory is not personal
data: counting and listing leave one ``SEARCH`` row in the log when the items are read.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from app.db.models import Initiative
from app.domain.directory import InitiativeStatus, months_before
from app.domain.roles import Action, Area, is_allowed
from app.domain.timefmt import date_text
from app.services.access import Actor, authorize, current_actor, is_permitted
from app.services.directory.reference import check_months
from app.services.today import KindInfo, Target, TodayItem

MODULE = "directory"
TO_CHECK = "te-controleren"
_KEPT = (InitiativeStatus.ACTIEF, InitiativeStatus.TIJDELIJK_GESTOPT)  # a stopped one needs no check


def _scope(session: Session, actor: Actor) -> int | None:
    own = current_actor(session, actor).gemeente_id
    if own is None or not is_permitted(session, actor, Action.UPDATE, Area.DIRECTORY, gemeente_id=own):
        return None
    return own


def _unchecked(g: int, cutoff: date) -> ColumnElement[bool]:
    # The same rule as app.domain.directory.freshness: from the last check, else from entering it.
    return and_(
        Initiative.gemeente_id == g,
        Initiative.status.in_(_KEPT),
        func.coalesce(Initiative.checked_on, Initiative.entered_on) <= cutoff,
    )


class DirectoryCheckProvider:
    kinds = (KindInfo(TO_CHECK, "Initiatieven te controleren", MODULE, 60),)

    def applies(self, actor: Actor) -> bool:
        return (
            not actor.system
            and actor.gemeente_id is not None
            and is_allowed(actor.role, Action.UPDATE, Area.DIRECTORY, own_gemeente=True)
        )

    def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]:
        g = _scope(session, actor)
        if g is None:
            return {}
        cutoff = months_before(today, check_months(session))
        n = session.scalar(select(func.count()).select_from(Initiative).where(_unchecked(g, cutoff)))
        return {TO_CHECK: int(n or 0)}

    def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[TodayItem]:
        g = _scope(session, actor)
        if g is None:
            return []
        authorize(
            session, actor, Action.SEARCH, Area.DIRECTORY, "initiatieven", gemeente_id=g, detail="vandaag"
        )
        cutoff = months_before(today, check_months(session))
        since = func.coalesce(Initiative.checked_on, Initiative.entered_on)
        rows = session.execute(
            select(Initiative.id, Initiative.name, Initiative.checked_on, Initiative.entered_on)
            .where(_unchecked(g, cutoff))
            .order_by(since, Initiative.name)
            .limit(limit)
        )
        out = []
        for r in rows:
            when = (
                f"laatst gecontroleerd {date_text(r.checked_on)}"
                if r.checked_on
                else f"nooit gecontroleerd (ingevoerd {date_text(r.entered_on)})"
            )
            out.append(
                TodayItem(TO_CHECK, r.name, f"{when} — klopt het nog?", Target(MODULE, "initiatief", r.id))
            )
        return out


PROVIDER = DirectoryCheckProvider()
