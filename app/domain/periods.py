"""Half-year periods (1 Jan–1 Jul and 1 Jul–1 Jan) in which taakstellingen are set."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_CODE = re.compile(r"^\s*(\d{4})\s*-?\s*[Hh]\s*([12])\s*$")


@dataclass(frozen=True, order=True)
class Period:
    """A half year; ``half`` is 1 (January–June) or 2 (July–December)."""

    year: int
    half: int

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError(f"half year must be 1 or 2, not {self.half}")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"year out of range: {self.year}")

    @property
    def code(self) -> str:
        """The code used in the UI and in files, e.g. ``2017-H1``."""
        return f"{self.year}-H{self.half}"

    @property
    def label_nl(self) -> str:
        """The name a user reads (B1 Dutch), e.g. ``1e helft 2027``; the code goes in a tooltip."""
        return f"{self.half}e helft {self.year}"

    @property
    def start(self) -> date:
        """First day of the period (inclusive)."""
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        """First day after the period (exclusive)."""
        return date(self.year, 7, 1) if self.half == 1 else date(self.year + 1, 1, 1)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def next(self) -> Period:
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    def previous(self) -> Period:
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year, 1)

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2017-H1``, ``2017H2``, ``2017 h1``; raise ValueError in Dutch otherwise."""
        match = _CODE.match(text or "")
        if not match:
            raise ValueError(f"'{text}' is geen geldige periode (verwacht bijvoorbeeld 2017-H1)")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return self.code


def offered_periods(known: Iterable[Period], today: date) -> list[Period]:
    """The periods a user can choose: those in the database plus always the running one and the next.

    The next half year often has no row yet on 1 December, while its COA check (1 April) is the one
    that matters then; it must be choosable before anything refers to it.
    """
    current = Period.containing(today)
    return sorted(set(known) | {current, current.next()})


def periods_between(first: Period, last: Period) -> list[Period]:
    """All periods from ``first`` up to and including ``last``."""
    out: list[Period] = []
    current = first
    while current <= last:
        out.append(current)
        current = current.next()
    return out
