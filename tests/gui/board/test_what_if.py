"""Proposing a swap is agreeing for one's own side: the proposal dialog shows, while it is filled
in, what the swap does to both municipalities' forecasts (before → after)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from app.db.session import Database
from app.domain.periods import Period
from app.domain.roles import Role
from app.services.region import ensure_periods
from tests.db import board_fixtures as bf
from tests.gui.board.test_overview import BUNNIK, ZEIST, make_context

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def two_sides(fresh_database: Database) -> date:
    """Zeist and Bunnik, each with a taakstelling of 10 in the running period; returns today."""
    today = date.today()
    period = Period.containing(today)
    with fresh_database.unit_of_work() as session:
        ids = {r.code: r.id for r in ensure_periods(session, period, period)}
        for code in (ZEIST, BUNNIK):
            bf.taakstelling(session, code, ids[period.code], 10, backlog_in=0)
    return today


def _exchange_tab(qtbot: Any, db: Database, login: str, code: str) -> tuple[Any, Any]:
    """The exchange page of ``login`` (a contact person of ``code``), loaded; and its context."""
    from app.ui.board.exchange_tab import ExchangeTab

    context = make_context(db, login, Role.CONTACTPERSOON, code)
    tab = ExchangeTab(context, None)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()
    return tab, context


def test_the_swap_dialog_shows_the_effect_on_both_forecasts(
    qtbot: Any, fresh_database: Database, two_sides: date
) -> None:
    from app.ui.board.exchange_dialogs import SwapDialog

    today = two_sides
    with fresh_database.unit_of_work() as session:
        family = bf.koppeling(session, BUNNIK, today - timedelta(days=20), 5).id
        bf.koppeling(session, ZEIST, today - timedelta(days=25), 5)  # Zeist's own household of five
        bf.dwelling(session, ZEIST, 3, 6, today + timedelta(days=5))  # the one dwelling that fits
    tab, _ = _exchange_tab(qtbot, fresh_database, "cp-bunnik", BUNNIK)
    dialog = tab.new_swap()
    assert isinstance(dialog, SwapDialog)
    form = dialog.form
    form.host.setCurrentIndex(form.host.findData(ZEIST))
    form.owner.setCurrentIndex(form.owner.findData(BUNNIK))
    qtbot.waitUntil(lambda: form.household.findData(family) >= 0, timeout=10_000)
    form.household.setCurrentIndex(form.household.findData(family))

    def shown() -> bool:
        effect = dialog.what_if.last_effect
        return effect is not None and effect.owner.code == BUNNIK and "Bunnik: kans" in dialog.what_if.text()

    qtbot.waitUntil(shown, timeout=15_000)
    effect = dialog.what_if.last_effect
    assert effect.owner.expected_change > 0  # Bunnik's family gets Zeist's dwelling
    assert effect.host.expected_change < 0  # which no longer houses Zeist's own household of five
    assert "Zeist: kans" in dialog.what_if.text()
    dialog.reject()


def test_a_slow_list_of_an_earlier_owner_never_replaces_the_chosen_owners_households(
    qtbot: Any, fresh_database: Database, two_sides: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog of a Zeist user starts loading Bunnik's households; the user turns the swap round
    (Zeist's household to Bunnik) before that list arrives. The late list must not overwrite
    Zeist's households (the race behind the CI failure of stop 25)."""
    from app.services.board import swaps
    from tests.gui.late_results import HoldFirstCall

    with fresh_database.unit_of_work() as session:
        family = bf.koppeling(session, ZEIST, two_sides - timedelta(days=20), 5).id
    tab, zeist = _exchange_tab(qtbot, fresh_database, "cp-zeist", ZEIST)
    hold = HoldFirstCall(monkeypatch, swaps, "waiting_households")  # Bunnik's list: it arrives last
    started: list[Any] = []
    zeist.tasks.sig_task_started.connect(started.append)
    dialog = tab.new_swap()
    form = dialog.form
    assert form.owner.currentData() == BUNNIK  # the dialog starts with the other side's households
    hold.wait_held(qtbot)
    late = next(t for t in started if t.title == "Huishoudens laden")
    form.host.setCurrentIndex(form.host.findData(BUNNIK))
    form.owner.setCurrentIndex(form.owner.findData(ZEIST))
    qtbot.waitUntil(lambda: form.household.findData(family) >= 0, timeout=10_000)
    zeist.tasks.sig_task_started.disconnect(started.append)

    hold.finish_late(qtbot, late)
    assert form.household.findData(family) >= 0, "the earlier owner's list replaced Zeist's households"
    dialog.reject()
