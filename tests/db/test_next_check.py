"""The overview looks ahead: the next period is choosable before it has a row, COA's check on its
peildatum per municipality (linked, needed, shortfall) and the forecast for the chosen period."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import KoppelingStatus, PeriodRow
from app.domain.periods import Period
from app.domain.roles import Role
from app.errors import NotFound
from app.services.board.figures import board_figures
from app.services.board.overview import load_overview
from app.services.region import ensure_periods
from tests.db.board_fixtures import koppeling, taakstelling

ZEIST, BUNNIK = "GM0355", "GM0312"
TODAY = date(2026, 12, 2)
H2, NEXT = Period(2026, 2), Period(2027, 1)


def _scenario(session: Session) -> None:
    """Only 2026-H2 has a row (as on 1 December, before anyone entered 2027-H1)."""
    [h2] = ensure_periods(session, H2, H2)
    taakstelling(session, ZEIST, h2.id, 30, backlog_in=4)  # corrected 34
    taakstelling(session, BUNNIK, h2.id, 5, backlog_in=0)
    koppeling(session, ZEIST, date(2026, 5, 20), 3)  # carried in: linked before H2, still waiting
    koppeling(session, ZEIST, date(2026, 5, 1), 2, housed_on=date(2026, 6, 20))  # housed in H1: not
    koppeling(session, ZEIST, date(2026, 8, 1), 6, housed_on=date(2026, 11, 1))  # by 1 October
    koppeling(session, ZEIST, date(2026, 9, 30), 4)  # by 1 October, waiting
    koppeling(session, ZEIST, date(2026, 10, 1), 2)  # on the peildatum itself: counts
    koppeling(session, ZEIST, date(2026, 10, 2), 5)  # after the peildatum
    koppeling(session, ZEIST, date(2026, 9, 1), 7, status=KoppelingStatus.VERVALLEN)  # lapsed: never
    koppeling(session, BUNNIK, date(2026, 7, 15), 5, housed_on=date(2026, 9, 1))


def _rows(data) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {r.cbs_code: r for r in data.rows}


def test_check_columns_for_the_running_period(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _scenario(session)
    viewer = make_actor(Role.ALLEEN_LEZEN, cbs_code=BUNNIK)
    data = load_overview(session, viewer, H2, today=TODAY)

    assert data.check_date == date(2026, 10, 1) and data.reached and not data.expectation
    assert (data.next_check.check_date, data.next_check.days_left) == (date(2027, 4, 1), 120)
    assert data.periods == [H2, NEXT]  # the next one is offered though it has no row
    zeist, bunnik = _rows(data)[ZEIST], _rows(data)[BUNNIK]
    assert (zeist.linked, zeist.needed, zeist.shortfall) == (3 + 6 + 4 + 2, 34, 19)
    assert (bunnik.linked, bunnik.needed, bunnik.shortfall) == (5, 5, 0)
    # The forecast of the running period: it includes those housed already.
    assert zeist.outlook is not None and zeist.outlook.period == H2
    assert zeist.expected >= zeist.housed_persons == 6
    assert 0.0 <= zeist.probability <= 1.0
    assert zeist.share(17) == pytest.approx(0.5) and bunnik.share(5) == 1.0


def test_the_next_period_without_a_row_is_an_expectation(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _scenario(session)
    viewer = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    rows_before = session.scalar(select(func.count()).select_from(PeriodRow))

    data = load_overview(session, viewer, NEXT, today=TODAY)

    assert data.board.period == NEXT and data.expectation and not data.reached
    assert data.check_date == date(2027, 4, 1)
    assert not data.taakstelling_known
    zeist = _rows(data)[ZEIST]
    # No taakstelling yet: the board carries the backlog as it stands today (34 − 6 housed) ...
    assert (zeist.taakstelling, zeist.backlog_in, zeist.corrected) == (0, 28, 28)
    # ... and what COA must have linked by 1 April is the forecast's expectation, which assumes the
    # running taakstelling (30) again plus what this period is expected to leave.
    assert zeist.outlook is not None and zeist.outlook.period == NEXT
    assert zeist.needed == round(zeist.outlook.corrected) > 30
    # Linked: everyone still waiting now carries into the next period.
    assert zeist.linked == 3 + 4 + 2 + 5 and zeist.shortfall == zeist.needed - zeist.linked
    # Reading does not write: the next period stays without a row until something refers to it.
    assert session.scalar(select(func.count()).select_from(PeriodRow)) == rows_before


def test_a_taakstelling_for_the_next_period_counts_once_entered(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _scenario(session)
    [row] = ensure_periods(session, NEXT, NEXT)
    taakstelling(session, ZEIST, row.id, 25)
    viewer = make_actor(Role.ALLEEN_LEZEN, cbs_code=BUNNIK)
    data = load_overview(session, viewer, NEXT, today=TODAY)
    zeist = _rows(data)[ZEIST]
    assert data.taakstelling_known
    assert (zeist.taakstelling, zeist.backlog_in, zeist.corrected) == (25, 28, 53)
    # The forecast uses the entered taakstelling: at most the 53 if nothing more were housed.
    assert 25 <= zeist.needed <= 53


def test_past_periods_have_no_forecast_and_far_periods_do_not_exist(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _scenario(session)
    viewer = make_actor(Role.ALLEEN_LEZEN, cbs_code=BUNNIK)
    later = date(2027, 8, 1)  # H2 is past, 2027-H1 past too (no row), 2027-H2 running
    data = load_overview(session, viewer, H2, today=later)
    assert all(r.outlook is None for r in data.rows) and data.forecast_note
    assert data.periods == [H2, Period(2027, 2), Period(2028, 1)]
    # A period two ahead is not on offer and not on the board.
    with pytest.raises(NotFound):
        board_figures(session, viewer, Period(2027, 2), today=TODAY)
