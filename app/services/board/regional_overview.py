"""The printable regional overview (issue 16): everything the regio-overleg looks at, in one PDF.

- ``gather_regional_overview(session, actor, period=None, ...) -> RegionalOverviewDoc``: the board
  per municipality, the next COA check (date, days left, linked vs needed), the forecast of this
  period and the next with their 80% intervals, the swap ledger and the time the data stand at.
- ``regional_overview_pdf(session, actor, ...) -> (bytes, pages)``: that, written by
  app.io.pdf.regional_overview.

Region data and counts only (no household is named): every role of the region may print it; the
print is logged like any read.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Dwelling, Koppeling, PeriodRow, SwapRow, Taakstelling
from app.domain import quota
from app.domain.periods import Period
from app.domain.roles import Action, Area
from app.domain.timefmt import local
from app.errors import UserError
from app.services.access import Actor, authorize
from app.services.people import actor_display

if TYPE_CHECKING:
    from app.io.pdf.regional_model import CheckLine, ForecastLine, RegionalOverviewDoc
    from app.services.board.figures import Board

OBJECT = "regio_overzicht"
DEFAULT_REGION = "Regio Utrecht (U16)"




def next_check(period: Period, today: date) -> tuple[date, Period]:
    """The first COA reference date on or after ``today``: in ``period`` or the one after it (for a
    period already past, counted from the running half year)."""
    start = max(period, Period.containing(today))
    for p in (start, start.next()):
        for day in quota.coa_check_dates(p):
            if day >= today:
                return day, p
    raise AssertionError("every half year has a COA reference date")  # pragma: no cover


def _default_period(session: Session, today: date) -> Period:
    """The running half year when the database has it, else the latest one before today."""
    from app.services.board.views import default_period

    known = [p.period for p in session.scalars(select(PeriodRow).order_by(PeriodRow.year, PeriodRow.half))]
    return default_period(known, today) or Period.containing(today)


def stand_per(session: Session) -> datetime | None:
    """The latest change to what the overview counts: the data "stand per" this moment."""
    latest = [
        session.scalar(select(func.max(model.updated_at)))
        for model in (Koppeling, Dwelling, SwapRow, Taakstelling)
    ]
    known = [t for t in latest if t is not None]
    if not known:
        return None
    # SQLite hands back naive UTC; the column type tags it, but max() is a plain expression.
    from datetime import UTC

    return max(t if t.tzinfo else t.replace(tzinfo=UTC) for t in known)


def _check_lines(session: Session, actor: Actor, board: Board, today: date) -> list[CheckLine]:
    from app.io.pdf.regional_model import CheckLine
    from app.services.board.views import coa_checks

    if not any(r.taakstelling for r in board.rows):
        return []  # that period's taakstelling is not known yet
    return [CheckLine(c.name, c.result.needed, c.result.linked) for c in coa_checks(session, board, today)]


def _forecast(
    session: Session, actor: Actor, period: Period, today: date
) -> tuple[dict[str, ForecastLine], str]:
    from app.io.pdf.regional_model import ForecastLine, OutlookLine
    from app.services.forecast import forecast_region

    try:
        region = forecast_region(session, actor, period, today=today)
    except UserError as exc:
        return {}, f"Geen prognose: {exc.message}"

    def line(o):  # type: ignore[no-untyped-def]
        return OutlookLine(o.corrected, o.realised, o.expected, o.low, o.high, o.probability)

    return {r.code: ForecastLine(r.name, line(r.current), line(r.next)) for r in region.rows}, ""


def gather_regional_overview(
    session: Session,
    actor: Actor,
    period: Period | None = None,
    *,
    today: date | None = None,
    now: datetime | None = None,
    region: str = "",
) -> RegionalOverviewDoc:
    """All parts of the overview for ``period`` (default: the running half year)."""
    from app.io.pdf.regional_model import BoardLine, LedgerLine, RegionalOverviewDoc
    from app.services.board.figures import board_figures
    from app.services.board.swaps import ledger

    today = today or date.today()
    period = period or _default_period(session, today)
    authorize(session, actor, Action.PRINT, Area.REGION, OBJECT, period.code)
    board = board_figures(session, actor, period, today=today)
    forecasts, note = _forecast(session, actor, period, today)
    lines = [
        BoardLine(
            r.name,
            r.taakstelling,
            r.backlog_in,
            r.corrected,
            r.housed_persons,
            r.pending_persons,
            r.vacancies_total,
            r.swap_balance,
            r.status.label_nl,
            forecasts[r.cbs_code].current.expected if r.cbs_code in forecasts else None,
            own=r.gemeente_id == actor.gemeente_id,
        )
        for r in board.rows
    ]
    check_day, check_period = next_check(period, today)
    check: list[CheckLine] = []
    if check_period == period:
        check = _check_lines(session, actor, board, today)
    elif session.scalar(select(PeriodRow.id).where(PeriodRow.code == check_period.code)) is not None:
        check = _check_lines(session, actor, board_figures(session, actor, check_period, today=today), today)
    made = now or datetime.now().astimezone()
    stand = stand_per(session)
    return RegionalOverviewDoc(
        region=region or DEFAULT_REGION,
        period_label=period.label_nl,
        next_period_label=period.next().label_nl,
        printed_at=local(made),
        printed_by=actor_display(actor),
        stand_per=local(stand) if stand else None,
        board=lines,
        check_date=check_day,
        check_days_left=(check_day - today).days,
        check_period_label=check_period.label_nl,
        check=check,
        forecast=[forecasts[r.cbs_code] for r in board.rows if r.cbs_code in forecasts],
        forecast_note=note,
        ledger=[LedgerLine(e.debtor_name, e.creditor_name, e.persons) for e in ledger(session, actor)],
    )


def regional_overview_pdf(
    session: Session,
    actor: Actor,
    period: Period | None = None,
    *,
    today: date | None = None,
    region: str = "",
) -> tuple[bytes, int]:
    """The overview as PDF bytes and its number of pages."""
    from app.io.pdf.regional_overview import render_regional_overview

    return render_regional_overview(
        gather_regional_overview(session, actor, period, today=today, region=region)
    )
