from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.deadlines import (
    DeadlinePhase,
    days_left,
    deadline_status,
    deadlines,
    move_in_deadline,
    offer_deadline,
)

LINKED = date(2017, 3, 1)


def test_deadlines_are_10_and_12_weeks_after_linking() -> None:
    assert offer_deadline(LINKED) == date(2017, 5, 10)
    assert move_in_deadline(LINKED) == date(2017, 5, 24)
    assert deadlines(LINKED) == (date(2017, 5, 10), date(2017, 5, 24))
    # Across a year boundary.
    assert deadlines(date(2017, 11, 20)) == (date(2018, 1, 29), date(2018, 2, 12))


def test_days_left() -> None:
    assert days_left(date(2017, 5, 10), date(2017, 5, 1)) == 9
    assert days_left(date(2017, 5, 10), date(2017, 5, 10)) == 0
    assert days_left(date(2017, 5, 10), date(2017, 5, 12)) == -2


def test_phases_while_waiting_for_an_offer() -> None:
    on_time = deadline_status(LINKED, date(2017, 4, 1))
    assert on_time.phase is DeadlinePhase.OP_TIJD and on_time.days_left == 39
    assert on_time.label_nl == "nog 39 dagen tot aanbod"
    assert not on_time.overdue
    assert on_time.running_deadline == date(2017, 5, 10)

    # 14 days before the offer deadline: "bijna"; 15 days: still on time.
    assert deadline_status(LINKED, date(2017, 4, 25)).phase is DeadlinePhase.OP_TIJD
    soon = deadline_status(LINKED, date(2017, 4, 26))
    assert soon.phase is DeadlinePhase.BIJNA and soon.days_left == 14

    last_day = deadline_status(LINKED, date(2017, 5, 10))
    assert last_day.phase is DeadlinePhase.BIJNA and last_day.label_nl == "aanbod uiterlijk vandaag"

    late = deadline_status(LINKED, date(2017, 5, 11))
    assert late.phase is DeadlinePhase.TE_LAAT_AANBOD and late.overdue
    assert late.days_left == -1 and late.label_nl == "aanbod 1 dag te laat"


def test_phases_after_the_offer() -> None:
    offered = date(2017, 4, 20)
    status = deadline_status(LINKED, date(2017, 5, 12), offered_on=offered)
    # Offered in time: from now on the move-in deadline (24 May) runs.
    assert status.phase is DeadlinePhase.BIJNA and status.days_left == 12
    assert status.label_nl == "nog 12 dagen tot verhuizing"
    assert status.running_deadline == date(2017, 5, 24)

    late_move = deadline_status(LINKED, date(2017, 5, 27), offered_on=offered)
    assert late_move.phase is DeadlinePhase.TE_LAAT_VERHUIZING and late_move.days_left == -3
    assert late_move.label_nl == "verhuizing 3 dagen te laat"


def test_past_twelve_weeks_without_offer_is_late_moving_in() -> None:
    status = deadline_status(LINKED, date(2017, 6, 1))
    assert status.phase is DeadlinePhase.TE_LAAT_VERHUIZING and status.days_left == -8


def test_housed_is_done() -> None:
    status = deadline_status(
        LINKED, date(2017, 9, 1), offered_on=date(2017, 4, 1), moved_in_on=date(2017, 4, 15)
    )
    assert status.phase is DeadlinePhase.GEHUISVEST and status.days_left is None
    assert not status.overdue and status.label_nl == "gehuisvest" and status.running_deadline is None


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(-30, 200), st.booleans())
def test_overdue_exactly_after_running_deadline(linked_on: date, day: int, offered: bool) -> None:
    today = linked_on + timedelta(days=day)
    status = deadline_status(linked_on, today, offered_on=linked_on if offered else None)
    move_by = move_in_deadline(linked_on)
    running = move_by if offered or today > move_by else offer_deadline(linked_on)
    assert status.running_deadline == running
    assert status.overdue == (today > running)
    assert status.days_left == (running - today).days
