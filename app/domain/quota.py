"""Quota arithmetic for the half-year taakstelling of a municipality.

Terms (see GLOSSARY.md):

* taakstelling: persons a municipality must house in a period (set pro rata to population).
* backlog (achterstand) carried in from the previous period; negative means a lead (voorsprong).
* corrected taakstelling = taakstelling + backlog carried in.
* realised (realisatie): persons housed in the period, counted by the household's move-in date.
* backlog carried out to the next period = corrected - realised.

COA checks on two reference dates (peildata), 1 April and 1 October, whether it has linked enough
persons to each municipality; :func:`linked_vs_needed` produces that comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise

from app.domain.periods import Period


class QuotaStatus(StrEnum):
    """Where a municipality stands against its corrected taakstelling."""

    BEHIND = "achter"
    ON_TRACK = "op_schema"
    AHEAD = "voor"

    @property
    def label_nl(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    QuotaStatus.BEHIND: "achterstand",
    QuotaStatus.ON_TRACK: "op schema",
    QuotaStatus.AHEAD: "voorsprong",
}


def corrected_taakstelling(taakstelling: int, backlog_in: int) -> int:
    """Taakstelling plus the backlog carried in (a lead is a negative backlog and lowers it)."""
    return taakstelling + backlog_in


def backlog_out(corrected: int, realised: int) -> int:
    """Backlog carried to the next period; negative when more was housed than needed (lead)."""
    return corrected - realised


def progress_ratio(corrected: int, realised: int) -> float:
    """Realised / corrected.

    When the corrected taakstelling is zero or negative (a lead covers the whole taakstelling)
    nothing is needed any more, so the ratio is 1.0 ("done") rather than a division by zero or a
    negative number that would sort such a municipality as being behind.
    """
    if corrected <= 0:
        return 1.0
    return realised / corrected


def quota_status(corrected: int, realised: int) -> QuotaStatus:
    """Behind when persons are still to be housed, ahead when more were housed than needed."""
    remaining = backlog_out(corrected, realised)
    if remaining > 0:
        return QuotaStatus.BEHIND
    if remaining < 0:
        return QuotaStatus.AHEAD
    return QuotaStatus.ON_TRACK


def count_realised(move_ins: Iterable[tuple[date, int]], period: Period) -> int:
    """Persons housed in ``period``: sum of persons whose move-in date lies in the period.

    ``move_ins`` holds (move-in date, persons) per household. The period's end is exclusive, so a
    move on 30 June counts for H1 and one on 1 July for H2.
    """
    return sum(persons for moved_on, persons in move_ins if period.contains(moved_on))


@dataclass(frozen=True)
class PeriodQuota:
    """The quota figures of one municipality for one period."""

    period: Period
    taakstelling: int
    backlog_in: int
    corrected: int
    realised: int
    backlog_out: int
    status: QuotaStatus
    progress: float


def quota_for_period(period: Period, taakstelling: int, backlog_in: int, realised: int) -> PeriodQuota:
    corrected = corrected_taakstelling(taakstelling, backlog_in)
    return PeriodQuota(
        period=period,
        taakstelling=taakstelling,
        backlog_in=backlog_in,
        corrected=corrected,
        realised=realised,
        backlog_out=backlog_out(corrected, realised),
        status=quota_status(corrected, realised),
        progress=progress_ratio(corrected, realised),
    )


def roll_forward(
    periods: Sequence[Period],
    taakstelling: Mapping[Period, int],
    realised: Mapping[Period, int],
    starting_backlog: int = 0,
) -> list[PeriodQuota]:
    """Carry the backlog from period to period.

    ``periods`` must be consecutive (each the ``next()`` of the one before): a gap would silently
    lose a backlog. A period missing from ``taakstelling`` or ``realised`` counts as 0.
    """
    for earlier, later in pairwise(periods):
        if earlier.next() != later:
            raise ValueError(f"perioden sluiten niet aan: {earlier.code} wordt gevolgd door {later.code}")
    rows: list[PeriodQuota] = []
    backlog = starting_backlog
    for period in periods:
        row = quota_for_period(period, taakstelling.get(period, 0), backlog, realised.get(period, 0))
        rows.append(row)
        backlog = row.backlog_out
    return rows


# --- COA reference dates ---------------------------------------------------------------------------


class CheckMode(StrEnum):
    """How much of the corrected taakstelling must be linked by a COA reference date."""

    FULL = "volledig"
    PRO_RATA = "naar_rato"


def coa_check_dates(period: Period) -> list[date]:
    """COA's reference dates (peildata) within ``period``: 1 April in H1, 1 October in H2."""
    return [date(period.year, 4, 1)] if period.half == 1 else [date(period.year, 10, 1)]


@dataclass(frozen=True)
class LinkedVsNeeded:
    """Persons linked by a COA reference date compared with what is needed by then."""

    check_date: date
    period: Period
    mode: CheckMode
    linked: int
    needed: int

    @property
    def shortfall(self) -> int:
        """Persons COA still has to link (0 when enough were linked)."""
        return max(0, self.needed - self.linked)

    @property
    def enough(self) -> bool:
        return self.linked >= self.needed

    @property
    def label_nl(self) -> str:
        if self.enough:
            return f"voldoende gekoppeld ({self.linked} van {self.needed})"
        return f"{self.shortfall} personen te weinig gekoppeld ({self.linked} van {self.needed})"


def count_linked(links: Iterable[tuple[date, int]], period: Period, check_date: date) -> int:
    """Persons linked in ``period`` up to and including ``check_date``.

    ``links`` holds (linking date, persons) per koppeling.
    """
    return sum(persons for linked_on, persons in links if period.start <= linked_on <= check_date)


def linked_vs_needed(
    check_date: date,
    corrected: int,
    linked_in_period: int,
    linked_carried_in: int = 0,
    mode: CheckMode = CheckMode.FULL,
) -> LinkedVsNeeded:
    """Compare persons linked so far with the corrected taakstelling on a COA reference date.

    ``linked_carried_in`` are persons linked before the period and not yet housed when it started:
    they are what the carried-in backlog consists of, so they count towards the corrected figure.

    Default :attr:`CheckMode.FULL`: by 1 April / 1 October the *whole* corrected taakstelling must
    be linked. A koppeling gives the municipality 12 weeks to move a household in, and 1 April plus
    12 weeks is 24 June: anyone linked later can hardly be housed within the half year, so a
    pro-rata target would report "enough" while the period is already lost.
    :attr:`CheckMode.PRO_RATA` (the share of the period's days elapsed before the check date,
    rounded up) is offered for reports that want the linear view.
    """
    period = Period.containing(check_date)
    if mode is CheckMode.FULL:
        needed = max(0, corrected)
    else:
        elapsed = (check_date - period.start).days
        total = (period.end - period.start).days
        needed = max(0, -((-corrected * elapsed) // total))  # ceiling without floats
    return LinkedVsNeeded(
        check_date=check_date,
        period=period,
        mode=mode,
        linked=linked_in_period + linked_carried_in,
        needed=needed,
    )
