"""The board page: a click on a municipality's bar in the overview chart opens "Koppelingen" filtered
on that municipality (the drill-down from the overview)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.db.session import Database
from app.domain.roles import Role
from tests.gui.board.test_overview import make_context
from tests.gui.board.test_overview_next_check import ZEIST, _scenario


def test_page_drills_down(qtbot: Any, fresh_database: Database) -> None:
    from app.ui.board.page import BoardPage

    _scenario(fresh_database)
    context = make_context(fresh_database, "cp", Role.CONTACTPERSOON, "GM0312")
    page = BoardPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    overview = page.view("OverviewTab")
    with qtbot.waitSignal(overview.sig_loaded, timeout=20_000):
        page.show()
    names = [r.name for r in overview.model.rows()]
    qtbot.mouseClick(overview.chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=overview.chart.bar_center(names.index("Zeist")))
    tab = page.view("KoppelingenTab")
    assert page.tabs.currentWidget() is tab
    def loaded() -> bool:
        return tab.last_task is not None and not tab.last_task.is_running and tab.model.rowCount() > 0

    qtbot.waitUntil(loaded)
    assert [r.gemeente_code for r in tab.model.rows()] == [ZEIST]
    assert tab.filters.gemeente.currentData() == ZEIST
    context.tasks.wait_for_done()
