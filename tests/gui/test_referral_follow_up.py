"""The loop closes on the Vandaag page: with the clock frozen three weeks after a referral was
*aangemeld*, the referrer sees "is het gestart?"; "Openen" opens the dossier, where the answer is
given in the Doorverwijzingen tab, and the question is gone."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from app.db.models import Referral
from app.db.session import Database
from app.domain.directory import ReferralStatus
from app.domain.handover import ConsentMethod, ConsentStatus
from app.services.directory import referrals as dr
from app.services.today.directory import NO_NEWS
from app.ui.modules import available_modules
from app.ui.shell import MainWindow
from tests.gui.cases.conftest import wait_task
from tests.gui.referral_fixtures import HEAD, scene

pytestmark = pytest.mark.usefixtures("qapp")

REFERRED = dt.date(2026, 3, 2)
FROZEN = REFERRED + dt.timedelta(weeks=3)


class FrozenDate(dt.date):
    @classmethod
    def today(cls) -> FrozenDate:
        return cls(FROZEN.year, FROZEN.month, FROZEN.day)


def test_the_referrer_is_asked_on_vandaag_and_answers_in_the_dossier(
    qtbot, fresh_database: Database, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    s = scene(fresh_database)
    actor = s.consulent.actor
    with fresh_database.unit_of_work() as session:
        from app.services.cases.dossiers import get_dossier

        member = next(m for m in get_dossier(session, actor, s.dossier_id).members if m.name == HEAD)
        dr.refer(
            session, actor, s.dossier_id, s.fits, [member.id], consent=ConsentStatus.GEGEVEN,
            consent_on=REFERRED, consent_method=ConsentMethod.IN_PERSON, registered=True, today=REFERRED,
        )  # fmt: skip
    monkeypatch.setattr("app.services.today.date", FrozenDate)  # Vandaag's clock
    monkeypatch.setattr("app.services.directory.referrals.date", FrozenDate)  # the answer's day

    modules = available_modules(["app.ui.today", "app.ui.cases"])
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        s.consulent, modules, window_settings=settings, ping_interval_ms=0, badge_interval_ms=0
    )
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading, timeout=5000)
    page = window.page("today")
    qtbot.waitUntil(lambda: NO_NEWS in page.groups, timeout=10_000)
    group = page.groups[NO_NEWS]
    assert group.texts == [
        f"Buurtcafé Samen — {HEAD} — Aangemeld, maar al drie weken geen nieuws: is het gestart?"
    ]

    qtbot.mouseClick(group.buttons[0], Qt.MouseButton.LeftButton)
    cases = window.page("cases")
    view = cases.views[s.dossier_id]
    qtbot.waitUntil(lambda: view.detail is not None, timeout=10_000)
    tab = view.referrals
    assert view.tabs.currentWidget() is tab  # opened where the answer is given
    qtbot.waitUntil(lambda: tab.current() is not None, timeout=10_000)
    assert tab.current().follow_up is not None and tab.follow_up_button.isEnabled()
    dialog = tab.answer_follow_up()
    dialog.choices[True].setChecked(True)  # "Ja, het is gestart"
    dialog.accept()
    wait_task(qtbot, view.last_task)
    qtbot.waitUntil(
        lambda: tab.current() is not None and tab.current().status is ReferralStatus.GESTART, timeout=10_000
    )
    with fresh_database.unit_of_work() as session:
        row = session.scalars(select(Referral)).one()
        assert (row.status, row.started_on, row.last_news_on) == (ReferralStatus.GESTART, FROZEN, FROZEN)

    page.refresh()
    qtbot.waitUntil(lambda: NO_NEWS not in page.groups, timeout=10_000)
    view.close()
    window.close()
    s.consulent.tasks.wait_for_done(10_000)
    qtbot.wait(10)
