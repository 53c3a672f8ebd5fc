"""Beheer: a user's phone number in the user dialog, and a municipality's phone and e-mail in the
Gemeenten tab (issue 17). A bad number gets a Dutch message next to the field and saves nothing; a
good one lands in the database."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.db.models import Gemeente, User
from app.db.session import Database
from app.domain.roles import Role
from app.ui.admin.page import AdminPage


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    shots = os.environ.get("DL_SCREENSHOTS")
    if shots:
        widget.grab().save(os.path.join(shots, name))


def test_a_beheerder_gives_a_user_a_phone_number(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    admin = make_user("beheer", Role.BEHEERDER)
    make_user("cp-houten", Role.CONTACTPERSOON, "GM0321", name="Piet Bakker")
    page = AdminPage(make_context(admin))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    tab = page.users_tab
    qtbot.waitUntil(lambda: tab.table.select_row(lambda u: u.login == "cp-houten"), timeout=5000)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    save = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Save)

    dialog.form.phone.setText("bel mij")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "telefoonnummer bestaat uit cijfers" in dialog.form.phone_field.error.text()
    assert dialog.isVisible()
    _shot(dialog, "user-dialog-phone-error.png")

    dialog.form.phone.setText("030 123 45 67")
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with fresh_database.unit_of_work() as session:
        assert session.scalar(select(User.phone).where(User.login == "cp-houten")) == "030 123 45 67"
    qtbot.waitUntil(lambda: any(u.phone == "030 123 45 67" for u in tab.model.rows()), timeout=5000)
    _shot(page, "admin-users-1280.png")


def test_the_regio_coordinator_sets_a_municipalitys_phone_and_email(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    page = AdminPage(make_context(make_user("regio", Role.REGIO_COORDINATOR, "GM0321")))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    tab = page.gemeenten_tab
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.table.select_row(lambda g: g.name == "Houten"), timeout=5000)
    assert tab.editor.isEnabled() and tab.editor.title() == "Contactgegevens van Houten"

    tab.phone.setText("14 030")
    tab.email.setText("info@houten")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.email_field.error.text() == "Vul een e-mailadres in zoals naam@gemeente.nl."
    tab.email.setText("info@houten.example")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.text() == "Opgeslagen.", timeout=5000)
    with fresh_database.unit_of_work() as session:
        row = session.scalar(select(Gemeente).where(Gemeente.name == "Houten"))
        assert row is not None and (row.phone, row.email) == ("14 030", "info@houten.example")
    qtbot.waitUntil(lambda: any(g.phone == "14 030" for g in tab.model.rows()), timeout=5000)
    _shot(page, "admin-gemeenten-1280.png")
    page.resize(1920, 1080)
    _shot(page, "admin-gemeenten-1920.png")


def test_a_contactpersoon_has_no_gemeenten_tab(qtbot, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    page = AdminPage(make_context(make_user("cp", Role.CONTACTPERSOON, "GM0321")))
    qtbot.addWidget(page)
    assert page.gemeenten_tab is None
