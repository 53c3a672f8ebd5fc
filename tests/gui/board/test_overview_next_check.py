"""Overzicht looks ahead: the next COA peildatum above the table, COA's check and the forecast as
columns, the next period choosable before it has a row, and a click on a bar or a row showing that
municipality's koppelingen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt
from sqlalchemy import func, select

from app.db.models import PeriodRow
from app.db.session import Database
from app.domain.peildatum import next_check
from app.domain.periods import Period
from app.domain.quota import coa_check_dates
from app.domain.roles import Role
from app.domain.timefmt import date_text
from tests.db.board_fixtures import koppeling, taakstelling
from tests.gui.board.test_overview import make_context

ZEIST, BUNNIK = "GM0355", "GM0312"


def _scenario(db: Database) -> Period:
    """The running period has a row (Zeist 30 persons); the next one has none yet."""
    from app.services.region import ensure_periods

    current = Period.containing(date.today())
    with db.unit_of_work() as session:
        [row] = ensure_periods(session, current, current)
        taakstelling(session, ZEIST, row.id, 30, backlog_in=0)
        koppeling(session, ZEIST, current.start - timedelta(days=20), 6, housed_on=current.start)
        koppeling(session, ZEIST, current.start, 4)  # waiting
    return current


def _open(qtbot: Any, db: Database, code: str = ZEIST) -> Any:
    from app.ui.board.overview_tab import OverviewTab

    context = make_context(db, "cp", Role.CONTACTPERSOON, code)
    tab = OverviewTab(context, None)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    with qtbot.waitSignal(tab.sig_loaded, timeout=20_000):
        tab.show()
    return tab


def _cell(tab: Any, name: str, key: str) -> str:
    row = tab.model.row_of(lambda r: r.name == name)
    column = next(i for i, c in enumerate(tab.model.columns) if c.key == key)
    return str(tab.model.index(row, column).data())


def _title(tab: Any, key: str) -> str:
    column = next(i for i, c in enumerate(tab.model.columns) if c.key == key)
    return str(tab.model.headerData(column, Qt.Orientation.Horizontal))


def test_overview_shows_the_next_peildatum_and_the_check_as_columns(
    qtbot: Any, fresh_database: Database
) -> None:
    current = _scenario(fresh_database)
    tab = _open(qtbot, fresh_database)

    assert tab.next_label.text() == next_check(date.today()).text_nl
    assert "nog" in tab.next_label.text() or "vandaag" in tab.next_label.text()
    assert tab.period_combo.currentText() == current.label_nl
    day = date_text(coa_check_dates(current)[0])
    assert all(day in _title(tab, key) for key in ("linked", "needed", "shortfall"))
    # 6 carried in (linked before the period, housed in it) + 4 linked in it; 30 needed.
    assert [_cell(tab, "Zeist", key) for key in ("linked", "needed", "shortfall")] == ["10", "30", "20"]
    assert _cell(tab, "Bunnik", "shortfall") == "0"
    # The forecast for the running period: expected at least the 6 housed, a chance in percent.
    assert int(_cell(tab, "Zeist", "expected")) >= 6
    assert _cell(tab, "Zeist", "probability").endswith("%")
    assert tab.totals_model.rows()[0].shortfall == 20
    # The chart in percent of the corrected taakstelling: Zeist housed 6 of 30.
    names = [r.name for r in tab.model.rows()]
    values = tab.chart.values()
    assert values["Gehuisvest tot nu"][names.index("Zeist")] == 20.0
    assert "Verwacht aan het eind van de periode" in values
    assert tab.chart.housed.isBarSelected(names.index("Zeist"))  # the own municipality stands out
    assert not tab.chart.housed.isBarSelected(names.index("Bunnik"))
    assert tab.chart.bar_text(names.index("Zeist")).startswith("Zeist: 20% gehuisvest (6 van 30 personen)")
    # "Hoe werkt de voorspelling?" explains Verwacht and Kans.
    tab.help_link.linkActivated.emit("#")
    assert tab.help_dialog is not None and tab.help_dialog.isVisible()
    assert "voorspelling" in tab.help_dialog.browser.toPlainText().lower()
    tab.help_dialog.close()
    tab.context.tasks.wait_for_done()


def test_the_next_period_is_choosable_without_a_row(qtbot: Any, fresh_database: Database) -> None:
    current = _scenario(fresh_database)
    upcoming = current.next()
    tab = _open(qtbot, fresh_database)
    labels = [tab.period_combo.itemText(i) for i in range(tab.period_combo.count())]
    assert labels == [current.label_nl, upcoming.label_nl]

    with qtbot.waitSignal(tab.sig_loaded, timeout=20_000):
        tab.period_combo.setCurrentIndex(1)  # as the user picks it

    assert tab.data.board.period == upcoming
    assert "(verw.)" in _title(tab, "needed")
    assert date_text(coa_check_dates(upcoming)[0]) in _title(tab, "linked")
    zeist = next(r for r in tab.model.rows() if r.name == "Zeist")
    assert zeist.outlook is not None and zeist.outlook.period == upcoming
    assert zeist.linked == 4  # the one still waiting carries into the next period
    assert _cell(tab, "Zeist", "shortfall") == str(zeist.needed - 4)
    stand = next(i for i, c in enumerate(tab.model.columns) if c.title == "Stand")
    row = tab.model.row_of(lambda r: r.name == "Zeist")
    assert tab.model.index(row, stand).data() == "komt nog"  # no "achterstand" in red yet
    assert tab.model.index(row, stand).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "verwachting" in tab.check_note.text()
    assert upcoming.label_nl in tab.chart.chart.title()
    assert list(tab.chart.values()) == ["Verwacht aan het eind van de periode"]  # nothing housed yet
    with fresh_database.unit_of_work() as session:  # looking did not write a period
        assert session.scalar(select(func.count()).select_from(PeriodRow)) == 1
    tab.context.tasks.wait_for_done()


def test_a_click_on_a_bar_or_a_row_shows_that_municipalitys_koppelingen(
    qtbot: Any, fresh_database: Database
) -> None:
    from app.ui.board.koppelingen_tab import KoppelingenTab

    _scenario(fresh_database)
    with fresh_database.unit_of_work() as session:
        koppeling(session, BUNNIK, date.today() - timedelta(days=2), 3)
    tab = _open(qtbot, fresh_database, BUNNIK)
    koppelingen = KoppelingenTab(tab.context)
    qtbot.addWidget(koppelingen)
    # What the board page does with the overview's request (see the report: page.py wires it).
    tab.sig_show_koppelingen.connect(koppelingen.show_gemeente)

    names = [r.name for r in tab.model.rows()]
    qtbot.wait(50)
    with qtbot.waitSignal(tab.sig_show_koppelingen, timeout=5_000) as clicked:
        qtbot.mouseClick(tab.chart.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=tab.chart.bar_center(names.index("Zeist")))  # fmt: skip
    assert clicked.args == [ZEIST]
    qtbot.waitUntil(lambda: koppelingen.last_task is not None and not koppelingen.last_task.is_running)
    shown = koppelingen.model.rows()
    assert [r.gemeente_code for r in shown] == [ZEIST] and shown[0].persons == 4  # the open one
    assert koppelingen.filters.gemeente.currentData() == ZEIST

    # A double-click on Bunnik's row in the table does the same for Bunnik.
    row = tab.model.row_of(lambda r: r.name == "Bunnik")
    rect = tab.table.visualRect(tab.model.index(row, 0))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(tab.sig_show_koppelingen, timeout=5_000) as clicked:
        qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [BUNNIK]
    qtbot.waitUntil(lambda: koppelingen.filters.gemeente.currentData() == BUNNIK)
    qtbot.waitUntil(lambda: not koppelingen.last_task.is_running)
    assert [(r.gemeente_code, r.persons) for r in koppelingen.model.rows()] == [(BUNNIK, 3)]
    # The button does it for the selected row.
    tab.table.selectRow(tab.model.row_of(lambda r: r.name == "Zeist"))
    assert tab.koppelingen_button.isEnabled()
    with qtbot.waitSignal(tab.sig_show_koppelingen, timeout=5_000) as clicked:
        qtbot.mouseClick(tab.koppelingen_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert clicked.args == [ZEIST]
    tab.context.tasks.wait_for_done()
