"""Uitruilplan tab: only for the regio-coördinator; compute in the background, read why, choose, confirm
(naming the municipalities it binds) and send — the swap is then a proposal in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import SwapRow, SwapStatus
from app.db.session import Database
from app.domain.periods import Period
from app.domain.roles import Role
from app.services.region import ensure_periods
from app.ui.confirm import no_button, yes_button
from tests.db import board_fixtures as bf
from tests.gui.board.test_koppelingen import make_context, wait_task

pytestmark = pytest.mark.usefixtures("qapp")

ZEIST, OUDEWATER, UTRECHT = "GM0355", "GM0589", "GM0344"


@pytest.fixture
def db(fresh_database: Database) -> Database:
    """Oudewater: a family of five and a small flat; Zeist: a single and a family house."""
    today = date.today()
    with fresh_database.unit_of_work() as session:
        ensure_periods(session, Period.containing(today), Period.containing(today))
        bf.koppeling(session, OUDEWATER, today - timedelta(days=20), 5)
        bf.koppeling(session, ZEIST, today - timedelta(days=10), 1)
        bf.dwelling(session, ZEIST, 3, 6, today, address="Zeist 1")
        bf.dwelling(session, OUDEWATER, 1, 2, today, address="Oudewater 1")
    return fresh_database


@pytest.fixture
def tab(db: Database, qtbot: Any) -> Iterator[Any]:
    from app.ui.board.swap_plan_tab import SwapPlanTab

    context, statuses, errors = make_context(db)  # a regio-coördinator of Utrecht
    widget = SwapPlanTab(context)
    widget.statuses, widget.errors = statuses, errors
    qtbot.addWidget(widget)
    yield widget
    context.tasks.wait_for_done()


def compute(tab: Any, qtbot: Any) -> None:
    tab.run_action.trigger()
    wait_task(qtbot, tab.run_task)
    assert tab.run_task.outcome == "success", tab.run_task.error


def test_regio_sends_a_planned_swap_and_it_is_a_proposal(tab: Any, db: Database, qtbot: Any) -> None:
    compute(tab, qtbot)
    assert tab.model.rowCount() == 2
    assert "2 van 2 wachtende huishoudens op tijd een woning (0 zonder uitruil)" in tab.summary_label.text()
    assert tab.table.select_row(lambda r: r.owner_code == OUDEWATER)
    assert "3 slaapkamers, tot 6 bewoners" in tab.detail.toPlainText()
    assert "Zeist krijgt 5 personen tegoed" in tab.detail.toPlainText()
    assert not tab.send_button.isEnabled()
    row = tab.model.row_of(lambda r: r.owner_code == OUDEWATER)
    assert tab.model.setData(
        tab.model.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert tab.send_button.isEnabled() and tab.chosen_label.text() == "1 van 2 gekozen"

    box = tab.send_chosen()
    assert box.text() == "Eén uitruilvoorstel versturen? Dit vraagt akkoord van: Oudewater, Zeist."
    no_button(box).click()  # first: back, nothing sent
    with db.unit_of_work() as session:
        assert session.scalar(select(SwapRow.id)) is None

    box = tab.send_chosen()
    yes_button(box).click()
    wait_task(qtbot, tab.send_task)
    assert tab.send_task.outcome == "success", tab.send_task.error
    with db.unit_of_work() as session:
        [swap] = session.scalars(select(SwapRow)).all()
        assert (swap.host.cbs_code, swap.owner.cbs_code, swap.persons) == (ZEIST, OUDEWATER, 5)
        assert swap.status is SwapStatus.VOORGESTELD
        assert swap.host_agreed_at is None and swap.owner_agreed_at is None
    assert tab.model.rowCount() == 1 and "Eén uitruilvoorstel verstuurd" in tab.statuses[-1]


def test_a_stale_choice_is_refused_with_a_message(tab: Any, db: Database, qtbot: Any) -> None:
    compute(tab, qtbot)
    tab.model.choose_all(True)
    with db.unit_of_work() as session:
        first = tab.model.all_rows()[0]
        from app.db.models import Koppeling, KoppelingStatus

        row = session.get(Koppeling, first.koppeling_id)
        row.status, row.housed_on, row.housed_gemeente_id = (
            KoppelingStatus.GEHUISVEST,
            date.today(),
            row.gemeente_id,
        )
    yes_button(tab.send_chosen()).click()
    wait_task(qtbot, tab.send_task)
    assert tab.errors and "Er is niets verstuurd" in tab.errors[-1] and first.v_nummer in tab.errors[-1]
    with db.unit_of_work() as session:
        assert session.scalar(select(SwapRow.id)) is None


def test_only_the_regio_coordinator_gets_the_tab(db: Database, qtbot: Any) -> None:
    from app.ui.board.page import BoardPage

    for login, role, has_tab in (("regio", Role.REGIO_COORDINATOR, True), ("cp", Role.CONTACTPERSOON, False)):
        context, _, _ = make_context(db, login, role, UTRECHT)
        page = BoardPage(context)
        qtbot.addWidget(page)
        titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
        assert ("Uitruilplan" in titles) is has_tab, titles
        context.tasks.wait_for_done()
