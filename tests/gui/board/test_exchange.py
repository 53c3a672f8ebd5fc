"""Aanbod, vraag en uitruil: post a request, answer it with a swap proposal, accept it, and see the
ledger and the board change — driven through the real widgets, checked in the database."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.db.models import BoardPost, PostKind, PostStatus, SwapRow, SwapStatus
from app.db.session import Database
from app.domain.roles import Role
from app.ui.board.exchange_forms import PERSONS_ONLY
from app.ui.confirm import yes_button
from tests.gui.board.test_overview import BUNNIK, ZEIST, build_scenario, make_context


@pytest.fixture
def scenario(fresh_database: Database) -> Database:
    return build_scenario(fresh_database)


def _load(qtbot: Any, tab: Any) -> None:
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()


def _click_ok(qtbot: Any, dialog: Any) -> None:
    button = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _finish_dialog(qtbot: Any, tab: Any, dialog: Any) -> None:
    """Click OK and wait until the service ran and the tab reloaded."""
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        _click_ok(qtbot, dialog)
    assert dialog.result_value is not None, dialog.form.message.text()


def _swap_rows(db: Database) -> list[SwapRow]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(SwapRow)))


def _cells(model: Any) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_post_answer_accept_changes_ledger_and_board(qtbot, scenario: Database) -> None:  # type: ignore[no-untyped-def]
    from app.ui.board.exchange_tab import ExchangeTab
    from app.ui.board.overview_tab import OverviewTab

    bunnik_ctx = make_context(scenario, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    zeist_ctx = make_context(scenario, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    bunnik = ExchangeTab(bunnik_ctx, None)
    zeist = ExchangeTab(zeist_ctx, None)
    board = OverviewTab(bunnik_ctx, None)
    for widget in (bunnik, zeist, board):
        qtbot.addWidget(widget)
    _load(qtbot, bunnik)
    _load(qtbot, board)
    balance = {r.name: r.swap_balance for r in board.model.rows()}
    assert balance["Zeist"] == 0 and balance["Bunnik"] == 0

    # 1. Bunnik posts "Huishouden zoekt woning" through the dialog.
    assert bunnik.new_post_button.isEnabled()
    qtbot.mouseClick(bunnik.new_post_button, Qt.MouseButton.LeftButton)
    dialog = bunnik.dialog
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(PostKind.HUISHOUDEN_ZOEKT))
    _click_ok(qtbot, dialog)  # no text and no household chosen yet: refused in the dialog, nothing saved
    assert form.text_field.error.isVisibleTo(dialog) and dialog.isVisible()
    assert form.household_field.error.isVisibleTo(dialog)
    # Bunnik has no waiting household: the request is explicitly about a number of persons.
    qtbot.waitUntil(lambda: "geen wachtend huishouden" in form.household.itemText(0), timeout=10_000)
    form.household.setCurrentIndex(form.household.findData(PERSONS_ONLY))
    assert form.persons.isEnabled()
    form.persons.setValue(7)
    qtbot.keyClicks(form.text, "Gezin van 7, geen passende woning in Bunnik")
    _finish_dialog(qtbot, bunnik, dialog)
    with scenario.unit_of_work() as session:
        post = session.scalar(select(BoardPost))
        assert (post.kind, post.persons, post.status) == (PostKind.HUISHOUDEN_ZOEKT, 7, PostStatus.OPEN)
    assert [p.gemeente_name for p in bunnik.post_model.rows()] == ["Bunnik"]
    bunnik.post_table.selectRow(0)
    assert not bunnik.answer_button.isEnabled()  # not on your own post
    assert bunnik.withdraw_post_button.isEnabled()

    # 2. Zeist sees it and answers with a swap proposal for 2017-H2.
    _load(qtbot, zeist)
    zeist.post_table.selectRow(0)
    assert zeist.answer_button.isEnabled() and not zeist.withdraw_post_button.isEnabled()
    qtbot.mouseClick(zeist.answer_button, Qt.MouseButton.LeftButton)
    answer = zeist.dialog
    answer.form.period.setCurrentIndex(answer.form.period.findText("2017-H2"))
    # Bunnik has no waiting household: the swap is explicitly about a number of persons.
    household = answer.form.household
    qtbot.waitUntil(lambda: "geen wachtend huishouden" in household.itemText(0), timeout=10_000)
    _click_ok(qtbot, answer)  # nothing chosen yet: refused in the dialog
    assert answer.form.household_field.error.isVisibleTo(answer) and answer.isVisible()
    household.setCurrentIndex(household.findData(PERSONS_ONLY))
    qtbot.keyClicks(answer.form.note, "Wij hebben een eengezinswoning vrij")
    _finish_dialog(qtbot, zeist, answer)
    (row,) = _swap_rows(scenario)
    assert row.status is SwapStatus.VOORGESTELD and row.persons == 7
    zeist.swap_table.selectRow(0)
    assert not zeist.accept_button.isEnabled()  # Zeist agreed with its proposal
    assert zeist.withdraw_button.isEnabled()

    # 3. Bunnik accepts; the change reaches the board through sig_data_changed.
    bunnik.sig_data_changed.connect(board.refresh)
    _load(qtbot, bunnik)
    bunnik.swap_table.selectRow(0)
    swap = bunnik.swap_table.current_row()
    assert (swap.host_name, swap.owner_name, swap.status) == ("Zeist", "Bunnik", SwapStatus.VOORGESTELD)
    assert bunnik.accept_button.isEnabled() and bunnik.decline_button.isEnabled()
    qtbot.mouseClick(bunnik.accept_button, Qt.MouseButton.LeftButton)  # asks first
    qtbot.waitUntil(lambda: bunnik.dialog is not None and bunnik.dialog.isVisible(), timeout=10_000)
    with qtbot.waitSignals([bunnik.sig_loaded, board.sig_loaded], timeout=10_000):
        qtbot.mouseClick(yes_button(bunnik.dialog), Qt.MouseButton.LeftButton)

    (row,) = _swap_rows(scenario)
    assert row.status is SwapStatus.AKKOORD
    assert row.host_agreed_by == "cp-zeist" and row.owner_agreed_by == "cp-bunnik"
    with scenario.unit_of_work() as session:
        assert session.scalar(select(BoardPost)).status is PostStatus.AFGEHANDELD
    assert bunnik.post_model.rowCount() == 0  # the post is done
    assert _cells(bunnik.ledger_model) == [["Bunnik", "Zeist", "7"]]
    per = {cells[0]: cells[1:] for cells in _cells(bunnik.balance_model)}
    assert per["Zeist"] == ["7", "0", "+7"] and per["Bunnik"] == ["0", "7", "−7"]
    assert not bunnik.accept_button.isEnabled()

    balance = {r.name: r.swap_balance for r in board.model.rows()}
    assert balance["Zeist"] == 7 and balance["Bunnik"] == -7
    column = next(i for i, c in enumerate(board.model.columns) if c.title.startswith("Uitruil"))
    zeist_row = board.model.row_of(lambda r: r.name == "Zeist")
    assert board.model.index(zeist_row, column).data() == "+7"
    assert bunnik_ctx.tasks.errors == [] and zeist_ctx.tasks.errors == []  # type: ignore[attr-defined]
    for ctx in (bunnik_ctx, zeist_ctx):
        ctx.tasks.wait_for_done()


def test_decline_needs_a_reason_and_others_cannot_act(qtbot, scenario: Database) -> None:  # type: ignore[no-untyped-def]
    from app.services.board.swaps import propose_swap
    from app.services.users import sign_in
    from app.ui.board.exchange_tab import ExchangeTab
    from tests.db.board_fixtures import P2

    bunnik_ctx = make_context(scenario, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    zeist_ctx = make_context(scenario, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    reader_ctx = make_context(scenario, "lezer", Role.ALLEEN_LEZEN, ZEIST)
    with scenario.unit_of_work() as session:
        propose_swap(
            session,
            sign_in(session, "cp-bunnik"),
            host_code=ZEIST,
            owner_code=BUNNIK,
            persons=3,
            period=P2,
            note="Graag",
        )

    reader = ExchangeTab(reader_ctx, None)
    qtbot.addWidget(reader)
    _load(qtbot, reader)
    reader.swap_table.selectRow(0)
    assert not reader.accept_button.isVisibleTo(reader)
    assert not reader.rights.can_accept(reader.swap_table.current_row())

    zeist = ExchangeTab(zeist_ctx, None)
    qtbot.addWidget(zeist)
    _load(qtbot, zeist)
    zeist.status_filter.setCurrentIndex(zeist.status_filter.findData(SwapStatus.AKKOORD))
    assert zeist.swap_model.rowCount() == 0
    zeist.status_filter.setCurrentIndex(zeist.status_filter.findData(SwapStatus.VOORGESTELD))
    assert zeist.swap_model.rowCount() == 1
    zeist.mine_only.setChecked(True)
    assert zeist.swap_model.rowCount() == 1 and zeist.swap_count.text() == "1 van 1 uitruilen"
    zeist.swap_table.selectRow(0)
    assert zeist.decline_button.isEnabled()
    qtbot.mouseClick(zeist.decline_button, Qt.MouseButton.LeftButton)
    dialog = zeist.dialog
    _click_ok(qtbot, dialog)  # no reason: refused in the dialog
    assert dialog.form.reason_field.error.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.form.reason, "Geen passende woning vrij")
    _finish_dialog(qtbot, zeist, dialog)
    (row,) = _swap_rows(scenario)
    assert row.status is SwapStatus.AFGEWEZEN and row.close_reason == "Geen passende woning vrij"
    assert zeist.swap_model.rowCount() == 0  # the filter still shows only proposals
    for ctx in (bunnik_ctx, zeist_ctx, reader_ctx):
        ctx.tasks.wait_for_done()
