"""One definition of "te laat" for a koppeling, used by the overview's count, the koppelingen
filter "Alleen te laat", the row colour and the Vandaag page alike (they used to differ: the
overview counted only a missed move-in deadline, the filter also a missed offer deadline).

A koppeling is te laat on a day when it is still waiting (linked, not housed, not lapsed) and
either its move-in deadline has passed, or its offer deadline has passed without an offer. This is
exactly :attr:`app.domain.deadlines.DeadlineStatus.overdue`; the cut-off dates below let a query say
the same in SQL (see ``app.services.board.lateness``). History-aware: an offer or move after ``on``
does not count yet, so the overview of a past period counts what was late on its reference day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.deadlines import MOVE_IN_WEEKS, OFFER_WEEKS, deadline_status

#: The same words wherever lateness is shown (column, filter, legend, glossary, help).
LATE_LABEL = "Te laat"
LATE_EXPLANATION = (
    f"Een huishouden dat nog niet gehuisvest is en na {OFFER_WEEKS} weken nog geen woning aangeboden "
    f"kreeg, of na {OFFER_WEEKS + MOVE_IN_WEEKS} weken ({OFFER_WEEKS} + {MOVE_IN_WEEKS}) nog niet "
    "verhuisd is."
)


@dataclass(frozen=True)
class LateCutoffs:
    """Linked before these days means the deadline had passed on ``on`` (the deadline day itself
    is still on time)."""

    on: date
    #: Linked before this and not offered by ``on``: the offer is late.
    offer_linked_before: date
    #: Linked before this and not housed by ``on``: the move-in is late.
    move_linked_before: date


def late_cutoffs(on: date) -> LateCutoffs:
    return LateCutoffs(
        on,
        offer_linked_before=on - timedelta(weeks=OFFER_WEEKS),
        move_linked_before=on - timedelta(weeks=OFFER_WEEKS + MOVE_IN_WEEKS),
    )


def is_late(
    linked_on: date,
    on: date,
    offered_on: date | None = None,
    housed_on: date | None = None,
    *,
    lapsed: bool = False,
) -> bool:
    """Whether a koppeling is te laat on ``on`` (steps after ``on`` have not happened yet)."""
    if lapsed or linked_on > on:
        return False
    offered = offered_on if offered_on is not None and offered_on <= on else None
    housed = housed_on if housed_on is not None and housed_on <= on else None
    return deadline_status(linked_on, on, offered, housed).overdue
