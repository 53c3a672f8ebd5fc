"""Beheer → Sociale kaart: a regio-coördinator sets the check period and adds a kind; the database
holds both afterwards and the Te controleren list follows the new period."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import AppMeta, InitiativeKind
from app.db.session import Database
from app.domain.roles import Role
from app.services.directory.search import to_check
from app.ui.admin.page import AdminPage
from tests.directory.fixtures import ZEIST, initiative


def test_set_the_check_period_and_add_a_kind(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    cp = make_user("cp", Role.CONTACTPERSOON, ZEIST)
    four_months_ago = dt.date.today() - dt.timedelta(days=125)
    with fresh_database.unit_of_work() as session:
        initiative(session, cp, today=four_months_ago)
        assert to_check(session, cp) == []  # 6 months by default

    page = AdminPage(make_context(make_user("regio", Role.REGIO_COORDINATOR, ZEIST)))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    tab = page.directory_tab
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.months_label.text() == "Nu ingesteld: 6 maanden.", timeout=5000)
    assert tab.kinds.count() == 12

    tab.months.setValue(3)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.months_label.text() == "Opgeslagen: 3 maanden.", timeout=5000)
    tab.new_kind.setText("Schaakclub")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.kinds.count() == 13, timeout=5000)
    assert tab.kind_message.text() == "'Schaakclub' is toegevoegd."
    # The same again is refused with a message, not a crash.
    tab.new_kind.setText("Schaakclub")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "bestaat al" in tab.kind_message.text(), timeout=5000)
    shots = os.environ.get("DL_SCREENSHOTS")
    if shots:
        page.grab().save(os.path.join(shots, "admin-directory-1280.png"))

    with fresh_database.unit_of_work() as session:
        assert session.scalar(select(AppMeta.value).where(AppMeta.key == "directory_check_months")) == "3"
        assert (
            session.scalar(select(InitiativeKind.label).where(InitiativeKind.code == "schaakclub"))
            == "Schaakclub"
        )
        assert len(to_check(session, cp)) == 1  # now past the shorter period


def test_a_contactpersoon_has_no_such_tab(qtbot, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    page = AdminPage(make_context(make_user("cp", Role.CONTACTPERSOON, ZEIST)))
    qtbot.addWidget(page)
    assert page.directory_tab is None
