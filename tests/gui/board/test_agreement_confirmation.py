"""An agreement between municipalities is never given by one keystroke: the akkoord on a swap
(button or Ctrl+Enter) and accepting a cross-border matching proposal ask first, with No as the
default answer; No changes nothing in the database."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.db.models import SwapRow, SwapStatus
from app.db.session import Database
from app.domain.periods import Period
from app.domain.roles import Role
from app.services.board import swaps
from app.ui.confirm import no_button, yes_button
from tests.gui.board.test_overview import BUNNIK, ZEIST, build_scenario, make_context

pytestmark = pytest.mark.usefixtures("qapp")


def _status(db: Database) -> SwapStatus:
    with db.unit_of_work() as session:
        return session.scalar(select(SwapRow.status))


def _open_question() -> QMessageBox:
    [box] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    return box


def test_ctrl_enter_on_a_swap_asks_and_no_leaves_it_unchanged(qtbot: Any, fresh_database: Database) -> None:
    from app.ui.board.exchange_tab import ExchangeTab

    db = build_scenario(fresh_database)
    zeist_ctx = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with db.unit_of_work() as session:
        swaps.propose_swap(
            session,
            zeist_ctx.actor,
            host_code=ZEIST,
            owner_code=BUNNIK,
            persons=3,
            period=Period.parse("2017-H2"),
        )
    bunnik_ctx = make_context(db, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    tab = ExchangeTab(bunnik_ctx, None)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.show()
    qtbot.waitExposed(tab)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()
    tab.swap_table.selectRow(0)
    tab.swap_table.setFocus()
    assert tab.accept_button.isEnabled()

    qtbot.keyClick(tab.swap_table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10_000)
    box = _open_question()
    assert box is tab.dialog and "Akkoord geven op uitruil" in box.text()
    # What it does to both forecasts, before → after, is in the question.
    assert "Bunnik: kans om de taakstelling te halen" in box.informativeText()
    assert "Zeist: kans om de taakstelling te halen" in box.informativeText()
    assert "Zeist huisvest 3 personen voor Bunnik (2017-H2)" in box.text()
    assert box.defaultButton() is no_button(box)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter answers No
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5_000)
    bunnik_ctx.tasks.wait_for_done()
    assert _status(db) is SwapStatus.VOORGESTELD

    # Yes, named for what it does, gives the akkoord.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab, timeout=5_000)
    qtbot.keyClick(tab.swap_table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10_000)
    box = _open_question()
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        qtbot.mouseClick(yes_button(box), Qt.MouseButton.LeftButton)
    assert _status(db) is SwapStatus.AKKOORD


def test_a_cross_border_matching_proposal_asks_and_no_proposes_nothing(
    qtbot: Any, fresh_database: Database
) -> None:
    from app.services.region import ensure_periods
    from app.ui.board.matching_tab import MatchingTab
    from tests.db import board_fixtures as bf
    from tests.gui.board.test_koppelingen import make_context as board_context
    from tests.gui.board.test_koppelingen import wait_task

    today = date.today()
    with fresh_database.unit_of_work() as session:
        ensure_periods(session, Period.containing(today), Period.containing(today))
        bf.koppeling(session, "GM0310", today - timedelta(days=20), 2)  # De Bilt
        bf.dwelling(session, "GM0632", 1, 2, today, address="Woerden 1")
    context, _statuses, _errors = board_context(fresh_database)
    tab = MatchingTab(context)
    qtbot.addWidget(tab)
    tab.refresh()
    wait_task(qtbot, tab.last_task)
    tab.run_action.trigger()
    wait_task(qtbot, tab.run_task)
    assert tab.table.select_row(lambda r: r.cross)
    tab.accept_button.click()
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10_000)
    box = tab.dialog
    assert isinstance(box, QMessageBox) and "uitruilvoorstel" in box.text()
    assert box.defaultButton() is no_button(box)
    qtbot.mouseClick(no_button(box), Qt.MouseButton.LeftButton)
    context.tasks.wait_for_done()
    with fresh_database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(SwapRow)) == 0
    assert tab.model.rowCount() == 1  # still there to decide on
