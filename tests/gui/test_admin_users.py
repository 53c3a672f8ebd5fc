"""Beheer → Gebruikers (issue 11): disable after a question, re-enable, change role and
municipality, and on PostgreSQL set a new password that the user then signs in with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import make_url, select

from app.db.models import User
from app.db.session import Database
from app.domain.roles import Role
from app.ui.admin.page import AdminPage
from tests.conftest import PG_URL
from tests.security.conftest import A, World, make_world


def _page(qtbot, context) -> AdminPage:
    page = AdminPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 500)
    page.show()
    tab = page.users_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0 and tab.new_button.isEnabled(), timeout=5000)
    return page


def _select(qtbot, tab, login: str) -> None:
    qtbot.waitUntil(lambda: tab.table.select_row(lambda u: u.login == login), timeout=5000)
    qtbot.waitUntil(lambda: tab.table.current_row() is not None and tab.table.current_row().login == login)


def _user(database: Database, login: str) -> User:
    with database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        session.expunge(user)
        return user


def _button(box: QMessageBox, text: str):  # type: ignore[no-untyped-def]
    return next(b for b in box.buttons() if b.text() == text)


def test_disable_asks_first_then_enable(qtbot, make_user, make_context, fresh_database: Database) -> None:
    admin = make_user("beheer", Role.BEHEERDER)
    make_user("cp-houten", Role.CONTACTPERSOON, "GM0321", name="Piet Bakker")
    page = _page(qtbot, make_context(admin))
    tab = page.users_tab
    assert not tab.password_button.isVisibleTo(tab) or fresh_database.is_postgresql

    _select(qtbot, tab, "beheer")
    assert not tab.active_button.isEnabled()  # not oneself
    _select(qtbot, tab, "cp-houten")
    assert tab.active_button.text() == "Uitschakelen…"
    qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)
    box = tab.confirmation
    assert box is not None and box.isVisible()
    assert "Piet Bakker (cp-houten) uitschakelen?" in box.text()
    qtbot.mouseClick(_button(box, "Annuleren"), Qt.MouseButton.LeftButton)
    assert _user(fresh_database, "cp-houten").active  # cancelled: nothing changed

    qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_button(tab.confirmation, "Uitschakelen"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not _user(fresh_database, "cp-houten").active, timeout=5000)
    _select(qtbot, tab, "cp-houten")
    qtbot.waitUntil(lambda: tab.active_button.text() == "Inschakelen", timeout=5000)

    qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)  # re-enable: no question
    qtbot.waitUntil(lambda: _user(fresh_database, "cp-houten").active, timeout=5000)


def test_change_role_and_municipality(qtbot, make_user, make_context, fresh_database: Database) -> None:
    admin = make_user("beheer", Role.BEHEERDER)
    make_user("cp-houten", Role.CONTACTPERSOON, "GM0321", name="Piet Bakker")
    page = _page(qtbot, make_context(admin))
    tab = page.users_tab
    _select(qtbot, tab, "cp-houten")
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert not dialog.form.password.isVisibleTo(dialog)  # no passwords when editing
    assert dialog.form.gemeente.isEnabled()
    dialog.form.role.setCurrentIndex(dialog.form.role.findData(Role.CONSULENT.value))
    dialog.form.gemeente.setCurrentIndex(dialog.form.gemeente.findText("Zeist"))
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        save = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with fresh_database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.login == "cp-houten"))
        assert user is not None and (user.role, user.gemeente.name) == (Role.CONSULENT, "Zeist")


@pytest.fixture
def world() -> Iterator[World]:
    with make_world() as made:
        made.add_person("beheer", Role.BEHEERDER, None, prefix="gui-beh")
        made.add_person("a", Role.CONTACTPERSOON, A, prefix="gui-pw")
        yield made


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on")
def test_a_new_password_on_postgresql(qtbot, world: World) -> None:
    """The beheerder signs in with their own login; the new password then opens a's login."""
    from app.auth.signin import sign_in
    from app.config import Settings
    from app.errors import UserError
    from app.ui.context import AppContext
    from app.ui.tasks import TaskRunner

    url = make_url(world.url)
    settings = Settings().with_postgres(
        host=url.host or "127.0.0.1", port=url.port or 5432, database=world.dbname,
        sslmode=str(url.query.get("sslmode", "disable")),  # the test server has no TLS
    )
    beheer, a = world.people["beheer"], world.people["a"]
    database, actor = sign_in(settings, beheer.login, beheer.password)
    runner = TaskRunner(lambda: database)
    try:
        page = _page(qtbot, AppContext(database, actor, settings, runner, show_status=lambda _m: None))
        tab = page.users_tab
        assert tab.password_button.isVisibleTo(tab)
        _select(qtbot, tab, a.login)
        qtbot.mouseClick(tab.password_button, Qt.MouseButton.LeftButton)
        dialog = tab.password_dialog
        save = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Save)
        dialog.form.password.setText(f"met-{a.login}-erin")
        dialog.form.repeat.setText(f"met-{a.login}-erin")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.form.password_field.error.text() == "Het wachtwoord mag de inlognaam niet bevatten."
        new = "een-heel-nieuw-wachtwoord"
        dialog.form.password.setText(new)
        dialog.form.repeat.setText(new)
        with qtbot.waitSignal(dialog.sig_saved, timeout=10_000):
            qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        with pytest.raises(UserError):
            sign_in(settings, a.login, a.password)  # the old one no longer works
        other, signed = sign_in(settings, a.login, new)
        assert signed.login == a.login
        other.dispose()
    finally:
        runner.wait_for_done()
        qtbot.wait(10)
        database.dispose()
