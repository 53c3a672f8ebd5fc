"""What the regional overview PDF shows, as plain data (the service fills it, the writer draws it),
and how its numbers are written: Dutch thousands, signed balances, whole percents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class BoardLine:
    name: str
    taakstelling: int
    backlog_in: int
    corrected: int
    housed: int
    pending: int
    vacancies: int
    swap_balance: int
    status: str  # "achterstand", "op schema", "voorsprong"
    expected: float | None  # forecast: persons housed by the period's end (None: no forecast)
    own: bool = False  # the printing user's own municipality: in bold


@dataclass(frozen=True)
class CheckLine:
    name: str
    needed: int
    linked: int

    @property
    def shortfall(self) -> int:
        return max(0, self.needed - self.linked)


@dataclass(frozen=True)
class OutlookLine:
    corrected: float
    realised: int
    expected: float
    low: int
    high: int
    probability: float


@dataclass(frozen=True)
class ForecastLine:
    name: str
    current: OutlookLine
    next: OutlookLine


@dataclass(frozen=True)
class LedgerLine:
    debtor: str
    creditor: str
    persons: int


@dataclass(frozen=True)
class RegionalOverviewDoc:
    region: str  # "Regio Utrecht" (the letterhead's organisation, else this)
    period_label: str  # "2e helft 2026"
    next_period_label: str
    printed_at: datetime  # local time
    printed_by: str
    stand_per: datetime | None  # the latest change in the data (local time); None: no data yet
    board: list[BoardLine]
    check_date: date | None
    check_days_left: int | None
    check_period_label: str
    check: list[CheckLine]  # empty: the taakstelling for that period is not known yet
    forecast: list[ForecastLine]  # empty: no forecast could be made (forecast_note says why)
    forecast_note: str
    ledger: list[LedgerLine]


# --- formatting -------------------------------------------------------------------------------


def number(value: float) -> str:
    return f"{round(value):,}".replace(",", ".")


def signed(value: int) -> str:
    return f"+{number(value)}" if value > 0 else number(value)


def percent(part: float, whole: float) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def stamp(moment: datetime) -> str:
    return moment.strftime("%d-%m-%Y %H:%M")
