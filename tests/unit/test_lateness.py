"""The one definition of "te laat" (app.domain.lateness): the deadline days themselves are on time."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.deadlines import deadline_status
from app.domain.lateness import is_late, late_cutoffs

LINKED = date(2026, 1, 5)
OFFER_DAY = LINKED + timedelta(weeks=10)
MOVE_DAY = LINKED + timedelta(weeks=12)


def test_offer_late_from_the_day_after_the_offer_deadline() -> None:
    assert not is_late(LINKED, OFFER_DAY)
    assert is_late(LINKED, OFFER_DAY + timedelta(days=1))
    assert not is_late(LINKED, OFFER_DAY + timedelta(days=1), offered_on=OFFER_DAY)


def test_move_late_even_with_an_offer_but_not_once_housed_or_lapsed() -> None:
    after = MOVE_DAY + timedelta(days=1)
    assert not is_late(LINKED, MOVE_DAY, offered_on=OFFER_DAY)
    assert is_late(LINKED, after, offered_on=OFFER_DAY)
    assert not is_late(LINKED, after, offered_on=OFFER_DAY, housed_on=MOVE_DAY)
    assert not is_late(LINKED, after, lapsed=True)


def test_steps_after_the_day_do_not_count_yet() -> None:
    after = MOVE_DAY + timedelta(days=1)
    assert is_late(LINKED, after, offered_on=after + timedelta(days=3), housed_on=after + timedelta(days=9))
    assert not is_late(LINKED, LINKED - timedelta(days=1))  # not linked yet


def test_same_as_the_deadline_status_today() -> None:
    for days in range(0, 120, 3):
        today = LINKED + timedelta(days=days)
        for offered in (None, LINKED + timedelta(days=20)):
            if offered and offered > today:
                continue
            assert is_late(LINKED, today, offered) == deadline_status(LINKED, today, offered).overdue


def test_cutoffs() -> None:
    cut = late_cutoffs(MOVE_DAY)
    assert cut.move_linked_before == LINKED and cut.offer_linked_before == LINKED + timedelta(weeks=2)
