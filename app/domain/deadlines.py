"""Deadlines of a koppeling: 10 weeks to offer a dwelling, then 2 more weeks to move in.

Both deadlines are counted from the linking date, so the move-in deadline is always 12 weeks
after linking, whenever the offer was made: an early offer does not buy extra time and a late
offer does not move the move-in deadline. A deadline day itself is still on time; a household is
overdue from the day after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

OFFER_WEEKS = 10
MOVE_IN_WEEKS = 2
#: Within this many days of the running deadline a koppeling is flagged "bijna".
SOON_DAYS = 14


class DeadlinePhase(StrEnum):
    OP_TIJD = "op_tijd"
    BIJNA = "bijna"
    TE_LAAT_AANBOD = "te_laat_aanbod"
    TE_LAAT_VERHUIZING = "te_laat_verhuizing"
    GEHUISVEST = "gehuisvest"

    @property
    def overdue(self) -> bool:
        return self in (DeadlinePhase.TE_LAAT_AANBOD, DeadlinePhase.TE_LAAT_VERHUIZING)


def offer_deadline(linked_on: date) -> date:
    """Last day on which a dwelling must be offered."""
    return linked_on + timedelta(weeks=OFFER_WEEKS)


def move_in_deadline(linked_on: date) -> date:
    """Last day on which the household must have moved in (12 weeks after linking)."""
    return linked_on + timedelta(weeks=OFFER_WEEKS + MOVE_IN_WEEKS)


def deadlines(linked_on: date) -> tuple[date, date]:
    """(offer deadline, move-in deadline)."""
    return offer_deadline(linked_on), move_in_deadline(linked_on)


def days_left(deadline: date, today: date) -> int:
    """Days from ``today`` to ``deadline``: 0 on the day itself, negative once overdue."""
    return (deadline - today).days


@dataclass(frozen=True)
class DeadlineStatus:
    linked_on: date
    offer_deadline: date
    move_in_deadline: date
    phase: DeadlinePhase
    #: True once a dwelling was offered: from then on the move-in deadline is the running one.
    offered: bool
    #: Days left to the running deadline; 0 on the day itself, negative when overdue; None once
    #: the household has moved in.
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.phase.overdue

    @property
    def running_deadline(self) -> date | None:
        if self.phase is DeadlinePhase.GEHUISVEST:
            return None
        if self.offered or self.phase is DeadlinePhase.TE_LAAT_VERHUIZING:
            return self.move_in_deadline
        return self.offer_deadline

    @property
    def label_nl(self) -> str:
        return deadline_label(self)


def deadline_status(
    linked_on: date,
    today: date,
    offered_on: date | None = None,
    moved_in_on: date | None = None,
) -> DeadlineStatus:
    """Phase of a koppeling on ``today``.

    Not yet offered: the offer deadline runs. Offered: the move-in deadline runs. Past the move-in
    deadline without moving in is the more serious lateness and wins over a missed offer deadline.
    """
    offer_by, move_by = deadlines(linked_on)
    offered = offered_on is not None
    if moved_in_on is not None:
        return DeadlineStatus(linked_on, offer_by, move_by, DeadlinePhase.GEHUISVEST, offered, None)
    move_left = days_left(move_by, today)
    if move_left < 0:
        late = DeadlinePhase.TE_LAAT_VERHUIZING
        return DeadlineStatus(linked_on, offer_by, move_by, late, offered, move_left)
    left = move_left if offered else days_left(offer_by, today)
    if left < 0:
        phase = DeadlinePhase.TE_LAAT_AANBOD  # only reachable when not offered, see above
    elif left <= SOON_DAYS:
        phase = DeadlinePhase.BIJNA
    else:
        phase = DeadlinePhase.OP_TIJD
    return DeadlineStatus(linked_on, offer_by, move_by, phase, offered, left)


def _days(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagen"


def deadline_label(status: DeadlineStatus) -> str:
    """Short Dutch text for lists, e.g. 'nog 12 dagen tot aanbod' or 'verhuizing 3 dagen te laat'."""
    phase, left = status.phase, status.days_left
    if phase is DeadlinePhase.GEHUISVEST or left is None:
        return "gehuisvest"
    if phase is DeadlinePhase.TE_LAAT_AANBOD:
        return f"aanbod {_days(-left)} te laat"
    if phase is DeadlinePhase.TE_LAAT_VERHUIZING:
        return f"verhuizing {_days(-left)} te laat"
    what = "verhuizing" if status.offered else "aanbod"
    if left == 0:
        return f"{what} uiterlijk vandaag"
    return f"nog {_days(left)} tot {what}"
