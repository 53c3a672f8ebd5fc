"""Periods and peildata as a user reads them: "1e helft 2027", "1 april 2027 — nog 120 dagen"."""

from __future__ import annotations

from datetime import date

from app.domain.peildatum import next_check
from app.domain.periods import Period, offered_periods
from app.domain.timefmt import long_date_nl


def test_periods_are_named_in_plain_dutch() -> None:
    assert Period(2027, 1).label_nl == "1e helft 2027"
    assert Period(2026, 2).label_nl == "2e helft 2026"
    assert Period.parse("2027-H1").label_nl == "1e helft 2027"


def test_the_running_and_the_next_period_are_always_offered() -> None:
    known = [Period(2017, 1), Period(2017, 2)]
    assert offered_periods(known, date(2026, 12, 2)) == [*known, Period(2026, 2), Period(2027, 1)]
    # Already known ones are not doubled; 30 June still belongs to the first half.
    assert offered_periods([Period(2027, 1)], date(2027, 6, 30)) == [Period(2027, 1), Period(2027, 2)]


def test_next_peildatum_and_days_left() -> None:
    check = next_check(date(2026, 12, 2))
    assert (check.check_date, check.period, check.days_left) == (date(2027, 4, 1), Period(2027, 1), 120)
    assert check.text_nl == "Volgende COA-peildatum: 1 april 2027 — nog 120 dagen"
    # On the peildatum itself it is still the next one; the day after, the next is 1 October.
    assert next_check(date(2027, 4, 1)).text_nl == "Volgende COA-peildatum: 1 april 2027 — vandaag"
    assert next_check(date(2027, 4, 2)).check_date == date(2027, 10, 1)
    assert next_check(date(2027, 9, 30)).days_left == 1
    assert next_check(date(2027, 9, 30)).text_nl.endswith("nog 1 dag")
    assert next_check(date(2027, 10, 2)).period == Period(2028, 1)
    assert long_date_nl(date(2027, 10, 1)) == "1 oktober 2027"
