"""Matching view: run on a small scenario, read the explanation, accept (reservation or swap
proposal), reject with a reason, and cancel without changing anything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.models import (
    Dwelling,
    DwellingStatus,
    Koppeling,
    KoppelingStatus,
    MatchRejection,
    SwapRow,
    SwapStatus,
)
from app.db.session import Database
from app.domain.periods import Period
from app.domain.roles import Role
from app.services.region import ensure_periods
from app.ui.confirm import yes_button
from tests.db import board_fixtures as bf
from tests.gui.board.test_koppelingen import make_context, wait_task

pytestmark = pytest.mark.usefixtures("qapp")

ZEIST, DE_BILT, WOERDEN = "GM0355", "GM0310", "GM0632"


@pytest.fixture
def db(fresh_database: Database) -> Database:
    """Zeist: a family of 4 and a fitting dwelling. De Bilt: a couple, but the only fitting
    dwelling left is in Woerden, so its proposal crosses municipalities."""
    today = date.today()
    with fresh_database.unit_of_work() as session:
        ensure_periods(session, Period.containing(today), Period.containing(today))  # swaps need one
        bf.koppeling(session, ZEIST, today - timedelta(days=30), 4)
        bf.koppeling(session, DE_BILT, today - timedelta(days=20), 2)
        bf.dwelling(session, ZEIST, 2, 4, today, address="Zeist 1")
        bf.dwelling(session, WOERDEN, 1, 2, today, address="Woerden 1")
    return fresh_database


@pytest.fixture
def tab(db: Database, qtbot: Any) -> Iterator[Any]:
    from app.ui.board.matching_tab import MatchingTab

    context, statuses, errors = make_context(db)
    widget = MatchingTab(context)
    widget.statuses, widget.errors = statuses, errors
    qtbot.addWidget(widget)
    widget.refresh()
    wait_task(qtbot, widget.last_task)
    yield widget
    context.tasks.wait_for_done()


def run(tab: Any, qtbot: Any) -> None:
    tab.run_action.trigger()
    wait_task(qtbot, tab.run_task)
    assert tab.run_task.outcome == "success", tab.run_task.error


def scalar(db: Database, query: Any) -> Any:
    with db.unit_of_work() as session:
        return session.scalar(query)


def test_run_shows_proposals_counts_and_explanation(tab: Any, qtbot: Any) -> None:
    run(tab, qtbot)
    assert tab.model.rowCount() == 2
    assert "2 huishoudens en 2 woningen bekeken" in tab.summary_label.text()
    assert "2 voorstellen" in tab.summary_label.text()
    assert tab.table.select_row(lambda r: r.household_gemeente == "Zeist")
    row = tab.current()
    assert row.persons == 4 and not row.cross
    detail = tab.detail
    keys = [c.key for c in detail.criteria_model.rows()]
    assert keys == [c.key for c in row.proposal.criteria] and "size_fit" in keys
    assert detail.criteria_model.columnCount() == 5
    assert "Past" in detail.constraints.text()
    assert not detail.swap_note.isVisibleTo(tab)
    assert tab.table.select_row(lambda r: r.cross)
    assert detail.swap_note.isVisibleTo(tab)
    assert "uitruilvoorstel aan Woerden" in detail.swap_note.text()


def test_run_for_one_gemeente(tab: Any, qtbot: Any) -> None:
    tab.scope.setCurrentIndex(tab.scope.findData(ZEIST))
    run(tab, qtbot)
    assert [r.household_gemeente for r in tab.model.rows()] == ["Zeist"]


def test_accept_reserves_the_dwelling(tab: Any, db: Database, qtbot: Any) -> None:
    run(tab, qtbot)
    assert tab.table.select_row(lambda r: r.household_gemeente == "Zeist")
    with qtbot.waitSignal(tab.sig_data_changed, timeout=10_000):
        tab.accept_button.click()
    assert tab.model.rowCount() == 1
    dwelling = scalar(db, select(Dwelling).where(Dwelling.address == "Zeist 1"))
    assert dwelling.status is DwellingStatus.GERESERVEERD
    koppeling = scalar(db, select(Koppeling).where(Koppeling.id == dwelling.reserved_for_id))
    assert koppeling.status is KoppelingStatus.WONING_AANGEBODEN
    assert any("gereserveerd" in s for s in tab.statuses)


def test_regio_proposes_a_swap_that_both_sides_must_agree_to(tab: Any, qtbot: Any) -> None:
    run(tab, qtbot)
    assert tab.table.select_row(lambda r: r.cross)
    assert tab.accept_button.isEnabled() and tab.reject_button.isEnabled()
    assert "allebei akkoord" in tab.accept_button.toolTip()
    tab.accept_button.click()  # asks first: an agreement between two municipalities
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10_000)
    assert "Wat dit verandert aan de voorspelling" in tab.dialog.informativeText()
    with qtbot.waitSignal(tab.sig_data_changed, timeout=10_000):
        yes_button(tab.dialog).click()
    swap = scalar(tab.context.database, select(SwapRow))
    assert swap.status is SwapStatus.VOORGESTELD
    assert swap.host_agreed_at is None and swap.owner_agreed_at is None


def test_accept_across_municipalities_becomes_a_swap_proposal(db: Database, qtbot: Any) -> None:
    from app.ui.board.matching_tab import MatchingTab

    context, _statuses, _errors = make_context(db, "cp-woerden", Role.CONTACTPERSOON, WOERDEN)
    tab = MatchingTab(context)
    qtbot.addWidget(tab)
    tab.refresh()
    run(tab, qtbot)
    assert tab.table.select_row(lambda r: r.cross)
    assert "uitruilvoorstel aan De Bilt" in tab.detail.swap_note.text()
    tab.accept_button.click()
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10_000)
    assert "uitruilvoorstel aan De Bilt" in tab.dialog.text()
    # Both sides' forecast, before and after, in the question.
    assert "Woerden: kans" in tab.dialog.informativeText() and "De Bilt: kans" in tab.dialog.informativeText()
    with qtbot.waitSignal(tab.sig_data_changed, timeout=10_000):
        yes_button(tab.dialog).click()
    assert scalar(db, select(func.count()).select_from(SwapRow)) == 1
    dwelling = scalar(db, select(Dwelling).where(Dwelling.address == "Woerden 1"))
    assert dwelling.status is DwellingStatus.BESCHIKBAAR  # reserved once De Bilt agrees (issue 11)
    assert tab.message_box is not None and "uitruilvoorstel" in tab.message_box.text()
    assert tab.model.rowCount() == 1
    context.tasks.wait_for_done()


def test_reject_needs_a_reason_and_is_recorded(tab: Any, db: Database, qtbot: Any) -> None:
    run(tab, qtbot)
    assert tab.table.select_row(lambda r: r.household_gemeente == "Zeist")
    dialog = tab.reject_selected()
    dialog.accept()
    assert dialog.reason_field.error.text() == "Geef een reden op."
    assert scalar(db, select(func.count()).select_from(MatchRejection)) == 0
    dialog.reason.setPlainText("Te ver van de school van de kinderen")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10_000)
    rejection = scalar(db, select(MatchRejection))
    assert rejection.reason == "Te ver van de school van de kinderen" and rejection.rejected_by == "regio"
    assert tab.model.rowCount() == 1
    run(tab, qtbot)  # the rejected pair is not proposed again
    assert tab.model.row_of(lambda r: r.id == (rejection.koppeling_id, rejection.dwelling_id)) == -1


def test_cancel_leaves_nothing_changed(tab: Any, db: Database, qtbot: Any) -> None:
    def state() -> tuple[Any, ...]:
        with db.unit_of_work() as session:
            return (
                tuple(session.scalars(select(Dwelling.status).order_by(Dwelling.id))),
                tuple(session.scalars(select(Koppeling.status).order_by(Koppeling.id))),
                session.scalar(select(func.count()).select_from(SwapRow)),
            )

    before = state()
    tab.run_action.trigger()
    tab.run_task.cancel()
    wait_task(qtbot, tab.run_task)
    assert tab.run_task.outcome in ("cancelled", "failure")
    assert "geannuleerd" in tab.summary_label.text()
    assert tab.model.rowCount() == 0 and not tab.errors
    assert state() == before
    assert tab.run_button.isEnabled()
