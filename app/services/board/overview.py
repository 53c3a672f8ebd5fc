"""What the board's overview loads in one round trip (no Qt): the board of a period, COA's check on
that period's peildatum per municipality, the next peildatum and the forecast.

COA checks on 1 April (H1) and 1 October (H2) whether it linked enough persons to each
municipality. The overview shows that check for the chosen period as columns (linked, needed,
shortfall). For a period after the running one "needed" is an expectation: the forecast's corrected
taakstelling (its taakstelling, or the running one's while it is not known, plus the backlog the
running period is expected to leave), and "linked" is who is linked and still waiting today.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Koppeling, KoppelingStatus
from app.domain import quota
from app.domain.peildatum import NextCheck, next_check
from app.domain.periods import Period, offered_periods
from app.services.access import Actor
from app.services.board.figures import Board, BoardRow, board_figures

if TYPE_CHECKING:
    from app.domain.forecast import Outlook


@dataclass(frozen=True)
class OverviewRow(BoardRow):
    """A board row plus COA's check on the period's peildatum and the forecast for the period."""

    linked: int = 0  # persons linked by the peildatum (for a later peildatum: linked so far)
    needed: int = 0  # the corrected taakstelling (for a later period: the forecast's expectation)
    outlook: Outlook | None = None  # the forecast for this period; None for a past period
    upcoming: bool = False  # the period has not begun: nothing can be housed in it yet

    @property
    def shortfall(self) -> int:
        """Persons COA still has to link by the peildatum (0 when enough are linked)."""
        return max(0, self.needed - self.linked)

    @property
    def expected(self) -> float | None:
        return None if self.outlook is None else self.outlook.expected

    @property
    def probability(self) -> float | None:
        return None if self.outlook is None else self.outlook.probability

    def share(self, persons: float) -> float:
        """``persons`` as a share of what is needed (the corrected taakstelling; for a later period
        the expected one), 1.0 when nothing is needed: the chart's scale."""
        return persons / self.needed if self.needed > 0 else 1.0


@dataclass(frozen=True)
class OverviewData:
    board: Board
    rows: list[OverviewRow]
    periods: list[Period]  # what the user can choose: the database's plus the running and the next
    check_date: date  # the peildatum of the chosen period
    reached: bool  # that peildatum has passed (else "linked" is the stand so far)
    expectation: bool  # the chosen period lies after the running one: "needed" is an expectation
    next_check: NextCheck  # the first peildatum from today, whichever period is chosen
    taakstelling_known: bool = True  # some municipality has a taakstelling for the chosen period
    forecast_note: str = ""  # why there is no forecast, when there is none


def linked_by_check(session: Session, period: Period) -> dict[int, int]:
    """Persons linked per municipality that count on the period's peildatum: linked in the period
    up to and including the peildatum, plus those linked before it and not housed when it began
    (they make up the carried-in backlog). One aggregate query."""
    check_date = quota.coa_check_dates(period)[0]
    counted = or_(
        and_(Koppeling.linked_on >= period.start, Koppeling.linked_on <= check_date),
        and_(
            Koppeling.linked_on < period.start,
            or_(Koppeling.housed_on.is_(None), Koppeling.housed_on >= period.start),
        ),
    )
    query = (
        select(Koppeling.gemeente_id, func.sum(Koppeling.persons))
        .where(Koppeling.status != KoppelingStatus.VERVALLEN, Koppeling.linked_on <= check_date, counted)
        .group_by(Koppeling.gemeente_id)
    )
    return {g: int(n or 0) for g, n in session.execute(query)}


@dataclass(frozen=True)
class CoaCheck:
    """COA's check for one municipality on the period's reference date (the printed overview's)."""

    cbs_code: str
    name: str
    result: quota.LinkedVsNeeded
    reached: bool  # the reference date has passed (else the figures are "so far")


def coa_checks(session: Session, board: Board, today: date | None = None) -> list[CoaCheck]:
    """Linked vs needed on the peildatum of ``board``'s period, for every municipality on it."""
    period = board.period
    check_date = quota.coa_check_dates(period)[0]
    today = today or date.today()
    linked = linked_by_check(session, period)
    return [
        CoaCheck(
            row.cbs_code,
            row.name,
            quota.linked_vs_needed(check_date, row.corrected, linked.get(row.gemeente_id, 0)),
            reached=check_date <= today,
        )
        for row in board.rows
    ]


def _outlooks(
    session: Session, actor: Actor, period: Period, today: date
) -> tuple[dict[int, Outlook], str]:
    """The forecast per municipality for ``period`` if it is the running or the next one."""
    current = Period.containing(today)
    if period not in (current, current.next()):
        return {}, "Een voorspelling is er alleen voor de lopende en de volgende periode."
    from app.services.forecast import forecast_region

    region = forecast_region(session, actor, current, today=today)
    pick = (lambda r: r.current) if period == current else (lambda r: r.next)
    return {r.gemeente_id: pick(r) for r in region.rows}, ""


def load_overview(
    session: Session,
    actor: Actor,
    period: Period | None = None,
    today: date | None = None,
    *,
    with_forecast: bool = True,
) -> OverviewData:
    """The board for ``period`` (default: the running half year if the database has it, else the
    latest one before today), COA's check on its peildatum, the next peildatum and the forecast.

    ``with_forecast=False`` leaves the forecast out: the figures come in a few aggregate queries
    even for a whole country, the forecast takes longer, so the window shows the figures first."""
    from app.services.board.views import default_period
    from app.services.region import list_periods

    today = today or date.today()
    known = list_periods(session, actor)
    chosen = period or default_period(known, today) or Period.containing(today)
    board = board_figures(session, actor, chosen, today=today)
    check_date = quota.coa_check_dates(chosen)[0]
    linked = linked_by_check(session, chosen)
    outlooks, note = _outlooks(session, actor, chosen, today) if with_forecast else ({}, "")
    names = [f.name for f in fields(BoardRow)]
    expectation = chosen > Period.containing(today)
    rows = []
    for row in board.rows:
        outlook = outlooks.get(row.gemeente_id)
        corrected = round(outlook.corrected) if expectation and outlook is not None else row.corrected
        check = quota.linked_vs_needed(check_date, corrected, linked.get(row.gemeente_id, 0))
        rows.append(
            OverviewRow(
                **{name: getattr(row, name) for name in names},
                linked=check.linked,
                needed=check.needed,
                outlook=outlook,
                upcoming=chosen.start > today,
            )
        )
    return OverviewData(
        board=board,
        rows=rows,
        periods=offered_periods(known, today),
        check_date=check_date,
        reached=check_date <= today,
        expectation=expectation,
        next_check=next_check(today),
        taakstelling_known=any(r.taakstelling for r in board.rows),
        forecast_note=note,
    )
