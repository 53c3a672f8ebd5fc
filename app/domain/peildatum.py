"""The next COA reference date (peildatum) seen from a day, and how a user reads a date in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.periods import Period
from app.domain.quota import coa_check_dates
from app.domain.timefmt import long_date_nl


@dataclass(frozen=True)
class NextCheck:
    """COA's next reference date on or after ``today`` and the period it belongs to."""

    check_date: date
    period: Period
    today: date

    @property
    def days_left(self) -> int:
        return (self.check_date - self.today).days

    @property
    def text_nl(self) -> str:
        """``Volgende COA-peildatum: 1 april 2027 — nog 120 dagen`` (or ``vandaag``)."""
        day = long_date_nl(self.check_date)
        if self.days_left == 0:
            return f"Volgende COA-peildatum: {day} — vandaag"
        unit = "dag" if self.days_left == 1 else "dagen"
        return f"Volgende COA-peildatum: {day} — nog {self.days_left} {unit}"


def next_check(today: date) -> NextCheck:
    """The first peildatum (1 April, 1 October) on or after ``today``: on the day itself it is still
    the next one, since COA counts what was linked up to and including that day."""
    period = Period.containing(today)
    for candidate in (period, period.next()):
        for day in coa_check_dates(candidate):
            if day >= today:
                return NextCheck(day, candidate, today)
    raise AssertionError("every period has a peildatum")  # pragma: no cover
