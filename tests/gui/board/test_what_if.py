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


def test_the_swap_dialog_shows_the_effect_on_both_forecasts(qtbot: Any, fresh_database: Database) -> None:
    from app.ui.board.exchange_dialogs import SwapDialog
    from app.ui.board.exchange_tab import ExchangeTab

    today = date.today()
    period = Period.containing(today)
    with fresh_database.unit_of_work() as session:
        ids = {r.code: r.id for r in ensure_periods(session, period, period)}
        for code in (ZEIST, BUNNIK):
            bf.taakstelling(session, code, ids[period.code], 10, backlog_in=0)
        family = bf.koppeling(session, BUNNIK, today - timedelta(days=20), 5).id
        bf.koppeling(session, ZEIST, today - timedelta(days=25), 5)  # Zeist's own household of five
        bf.dwelling(session, ZEIST, 3, 6, today + timedelta(days=5))  # the one dwelling that fits
    bunnik = make_context(fresh_database, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    tab = ExchangeTab(bunnik, None)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()
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
    qtbot: Any, fresh_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog of a Zeist user starts loading Bunnik's households; the user turns the swap round
    (Zeist's household to Bunnik) before that list arrives. The late list must not overwrite
    Zeist's households (the race behind the CI failure of stop 25)."""
    from app.services.board import swaps
    from app.ui.board.exchange_tab import ExchangeTab
    from tests.gui.late_results import HoldFirstCall

    today = date.today()
    period = Period.containing(today)
    with fresh_database.unit_of_work() as session:
        ids = {r.code: r.id for r in ensure_periods(session, period, period)}
        for code in (ZEIST, BUNNIK):
            bf.taakstelling(session, code, ids[period.code], 10, backlog_in=0)
        family = bf.koppeling(session, ZEIST, today - timedelta(days=20), 5).id
    zeist = make_context(fresh_database, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    tab = ExchangeTab(zeist, None)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()
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
