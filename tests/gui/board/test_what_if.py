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
