"""Overzicht tab: the board table with real figures, sorting, the chart and changing the period."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.config import Settings
from app.db.models import Gemeente, KoppelingStatus, User
from app.db.session import Database
from app.domain.roles import Role
from app.services.users import sign_in
from app.ui.context import AppContext
from app.ui.tasks import TaskRunner
from tests.db.board_fixtures import dwelling, koppeling, setup_periods, taakstelling

ZEIST, BUNNIK = "GM0355", "GM0312"


def make_context(db: Database, login: str, role: Role, cbs_code: str | None) -> AppContext:
    """A user of this role in this municipality, signed in, with a task runner on ``db``."""
    with db.unit_of_work() as session:
        gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == cbs_code)) if cbs_code else None
        session.add(User(login=login, name=login, role=role, gemeente=gemeente))
    with db.unit_of_work() as session:
        actor = sign_in(session, login)
    tasks = TaskRunner(lambda: db)
    tasks.errors = []  # type: ignore[attr-defined]
    tasks.show_error = lambda _parent, _title, message: tasks.errors.append(message)  # type: ignore[attr-defined]
    return AppContext(database=db, actor=actor, settings=Settings(), tasks=tasks, show_status=lambda _s: None)


def build_scenario(db: Database) -> Database:
    """Zeist: 20 (+5 backlog) in 2017-H1, 18 in H2; moves on both sides of 1 July; two dwellings."""
    with db.unit_of_work() as session:
        ids = setup_periods(session)
        taakstelling(session, ZEIST, ids["2017-H1"], 20, backlog_in=5)
        taakstelling(session, ZEIST, ids["2017-H2"], 18)
        taakstelling(session, BUNNIK, ids["2017-H1"], 4, backlog_in=0)
        taakstelling(session, BUNNIK, ids["2017-H2"], 4)
        koppeling(session, ZEIST, date(2017, 2, 1), 6, housed_on=date(2017, 4, 1))
        koppeling(session, ZEIST, date(2017, 3, 1), 4, housed_on=date(2017, 6, 30))
        koppeling(session, ZEIST, date(2017, 5, 1), 5, housed_on=date(2017, 7, 1))
        koppeling(session, ZEIST, date(2017, 9, 1), 3)
        koppeling(session, ZEIST, date(2017, 1, 2), 2, status=KoppelingStatus.VERVALLEN)
        koppeling(session, BUNNIK, date(2017, 2, 1), 6, housed_on=date(2017, 3, 1))
        dwelling(session, ZEIST, 3, 6, date(2017, 8, 1))
        dwelling(session, ZEIST, 1, 2, date(2017, 8, 1))
    return db


@pytest.fixture
def scenario(fresh_database: Database) -> Database:
    return build_scenario(fresh_database)


def _column(tab: Any, title_start: str) -> int:
    return next(i for i, c in enumerate(tab.model.columns) if c.title.startswith(title_start))


def _row(tab: Any, name: str) -> Any:
    return next(r for r in tab.model.rows() if r.name == name)


def _load(qtbot: Any, tab: Any) -> None:
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()


def test_board_shows_all_municipalities_sorts_charts_and_follows_the_period(qtbot, scenario) -> None:  # type: ignore[no-untyped-def]
    from app.ui.board.overview_tab import OverviewTab

    context = make_context(scenario, "lezer", Role.ALLEEN_LEZEN, BUNNIK)
    tab = OverviewTab(context, None)
    qtbot.addWidget(tab)
    _load(qtbot, tab)

    # The latest period before today is chosen: 2017-H2, named in Dutch with the code in the tooltip.
    assert tab.period_combo.currentText() == "2e helft 2017"
    combo = tab.period_combo
    assert combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole) == "2017-H2"
    assert tab.model.rowCount() == 16
    zeist = _row(tab, "Zeist")
    assert (zeist.taakstelling, zeist.backlog_in, zeist.corrected) == (18, 15, 33)
    assert zeist.housed_persons == 5 and zeist.pending_persons == 3 and zeist.overdue_households == 1
    assert zeist.vacancies == {"0-1": 1, "2": 0, "3": 1, "4+": 0}
    row = tab.model.row_of(lambda r: r.name == "Zeist")
    shown = {c.title: tab.model.index(row, i).data() for i, c in enumerate(tab.model.columns)}
    assert shown["Achterstand (+)\nvoorsprong (−)"] == "+15"
    assert shown["Voortgang"] == "15%"
    assert shown["Stand"] == "achterstand"
    progress = tab.model.index(row, _column(tab, "Voortgang"))
    assert progress.data(Qt.ItemDataRole.BackgroundRole) is not None  # behind: coloured
    totals = tab.totals_model.rows()[0]
    assert totals.taakstelling == 22 and totals.housed_persons == 5

    # Sorting happens in the model: most housed first.
    tab.table.sortByColumn(_column(tab, "Gehuisvest\npers."), Qt.SortOrder.DescendingOrder)
    assert tab.model.row_at(0).name == "Zeist"
    tab.table.sortByColumn(_column(tab, "Gemeente"), Qt.SortOrder.AscendingOrder)
    assert tab.model.row_at(0).name == "Bunnik"

    # The chart: housed in percent of the corrected taakstelling, 16 municipalities; a past period has
    # no forecast, so no "expected" bars.
    values = tab.chart.values()
    assert list(values) == ["Gehuisvest tot nu"] and len(values["Gehuisvest tot nu"]) == 16
    names = [r.name for r in tab.model.rows()]
    assert values["Gehuisvest tot nu"][names.index("Zeist")] == pytest.approx(100 * 5 / 33)

    # Another period reloads the table and the chart.
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.select_period("2017-H1")
    zeist = _row(tab, "Zeist")
    assert (zeist.corrected, zeist.housed_persons, zeist.housed_households) == (25, 10, 2)
    assert _row(tab, "Bunnik").housed_persons == 6
    assert tab.chart.values()["Gehuisvest tot nu"][names.index("Zeist")] == pytest.approx(40)  # 10 of 25
    assert "1e helft 2017" in tab.chart.chart.title()
    assert context.tasks.errors == []  # type: ignore[attr-defined]
    context.tasks.wait_for_done()
