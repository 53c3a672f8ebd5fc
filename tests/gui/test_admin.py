"""Beheer: users table, new/edit dialogs (through the services, in the background), access log."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select, text

from app.db.models import User
from app.db.session import Database
from app.domain.roles import Action, Role
from app.errors import CONFLICT
from app.services.access import Actor
from app.ui.admin import MODULE, can_see
from app.ui.admin.page import AdminPage
from app.ui.admin.user_dialog import UserDialog


def _page(qtbot, context) -> AdminPage:
    page = AdminPage(context)
    qtbot.addWidget(page)
    page.show()
    tab = page.users_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0 and (tab.new_button.isEnabled() or not tab.can_create),
                    timeout=5000)
    return page


def _save(qtbot, dialog: UserDialog) -> None:
    save = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_module_visibility_follows_the_rights() -> None:
    def actor(role: Role) -> Actor:
        return Actor(login="x", name="X", role=role, gemeente_id=1)

    assert MODULE.title == "Beheer"
    assert can_see(actor(Role.BEHEERDER))
    assert can_see(actor(Role.REGIO_COORDINATOR))
    assert can_see(actor(Role.CONTACTPERSOON))
    assert not can_see(actor(Role.CONSULENT))
    assert not can_see(actor(Role.ALLEEN_LEZEN))


PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture
def new_logins(fresh_database: Database) -> Iterator[list[str]]:
    """PostgreSQL logins a test makes (cluster-wide): dropped afterwards."""
    made: list[str] = []
    yield made
    if fresh_database.is_postgresql:
        from tests.security.conftest import _drop_logins

        fresh_database.dispose()
        _drop_logins(made)


def _login(database: Database, base: str, made: list[str]) -> str:
    """On PostgreSQL a unique name (logins are cluster-wide); on SQLite the name itself."""
    login = f"{base}-{uuid.uuid4().hex[:6]}" if database.is_postgresql else base
    made.append(login)
    return login


def test_add_a_user_through_the_dialog(
    qtbot, make_user, make_context, fresh_database: Database, new_logins: list[str]
) -> None:
    admin = make_user("beheer", Role.BEHEERDER)
    page = _page(qtbot, make_context(admin))
    tab = page.users_tab
    assert [tab.model.row_at(r).login for r in range(tab.model.rowCount())] == ["beheer"]

    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog  # a child of the page: closed with it
    # On PostgreSQL the new user's own login gets a password, typed twice; on SQLite there is none.
    assert dialog.form.password.isVisibleTo(dialog) == fresh_database.is_postgresql
    login = _login(fresh_database, "e.jansen", new_logins)
    qtbot.keyClicks(dialog.form.login, login)
    if dialog.with_password:
        qtbot.keyClicks(dialog.form.password, PASSWORD)
        qtbot.keyClicks(dialog.form.password_repeat, PASSWORD)
    qtbot.keyClicks(dialog.form.name, "Els Jansen")
    qtbot.keyClicks(dialog.form.email, "e.jansen@houten.example")
    dialog.form.role.setCurrentIndex(dialog.form.role.findData(Role.CONSULENT.value))
    dialog.form.gemeente.setCurrentIndex(dialog.form.gemeente.findText("Houten"))
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        _save(qtbot, dialog)
    assert dialog.result() == UserDialog.DialogCode.Accepted

    with fresh_database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.login == login))
        assert user is not None
        assert (user.name, user.email, user.role, user.gemeente.name) == (
            "Els Jansen", "e.jansen@houten.example", Role.CONSULENT, "Houten"
        )
        if fresh_database.is_postgresql:  # and their own login role exists
            assert session.scalar(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": login})
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    assert tab.table.current_row().login == login


def test_new_user_validation_in_dialog_and_service(qtbot, make_user, make_context, fresh_database) -> None:
    admin = make_user("beheer", Role.BEHEERDER)
    page = _page(qtbot, make_context(admin))
    dialog = page.users_tab._open_dialog(None)
    _save(qtbot, dialog)  # empty: caught in the dialog itself
    assert dialog.form.login_field.error.text() == "Vul een inlognaam in."
    assert dialog.form.name_field.error.text() == "Vul een naam in."

    dialog.form.login.setText("BEHEER")  # exists (case-insensitive): only the service knows
    dialog.form.name.setText("Dubbel")
    dialog.form.role.setCurrentIndex(dialog.form.role.findData(Role.BEHEERDER.value))
    if dialog.with_password:
        dialog.form.password.setText("kort")
        _save(qtbot, dialog)
        assert dialog.form.password_field.error.text() == "Een wachtwoord heeft minstens 12 tekens."
        dialog.form.password.setText(PASSWORD)
        dialog.form.password_repeat.setText(PASSWORD + "x")
        _save(qtbot, dialog)
        assert dialog.form.password_repeat_field.error.text() == "De twee wachtwoorden zijn niet gelijk."
        dialog.form.password_repeat.setText(PASSWORD)
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.form.login_field.error.isVisibleTo(dialog), timeout=5000)
    assert "al in gebruik" in dialog.form.login_field.error.text()
    assert dialog.result() != UserDialog.DialogCode.Accepted
    with fresh_database.unit_of_work() as session:
        assert session.scalar(select(User).where(User.name == "Dubbel")) is None


def test_edit_conflict_shows_message_and_fresh_data(qtbot, make_user, make_context, fresh_database) -> None:
    from app.services.users import list_users, update_user

    admin = make_user("beheer", Role.BEHEERDER)
    make_user("cp-houten", Role.CONTACTPERSOON, "GM0321", name="Piet Bakker")
    page = _page(qtbot, make_context(admin))
    tab = page.users_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5000)
    loaded = next(u for u in tab.model.all_rows() if u.login == "cp-houten")
    dialog = tab._open_dialog(loaded)
    assert dialog.form.login.isReadOnly()

    with fresh_database.unit_of_work() as session:  # someone else saves first
        update_user(session, Actor.system_actor("ander"), loaded.id, loaded.version, name="Piet de Bakker")

    dialog.form.name.setText("P. Bakker")
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.form.message.isVisibleTo(dialog), timeout=5000)
    assert dialog.form.message.text() == CONFLICT
    assert dialog.form.name.text() == "Piet de Bakker"  # the fresh data, nothing overwritten
    assert dialog.user.version == loaded.version + 1

    dialog.form.name.setText("P. Bakker")  # now on the fresh version: works
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        _save(qtbot, dialog)
    with fresh_database.unit_of_work() as session:
        names = {u.login: u.name for u in list_users(session, admin)}
    assert names["cp-houten"] == "P. Bakker"


def test_regio_coordinator_sees_users_but_no_log_and_cannot_add(qtbot, make_user, make_context) -> None:
    regio = make_user("regio", Role.REGIO_COORDINATOR)
    page = _page(qtbot, make_context(regio))
    assert page.audit_tab is None
    # Users (to read), the directory's reference data, the taakstellingen and the municipalities'
    # contact details (which a regio-coördinator keeps).
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Gebruikers",
        "Sociale kaart",
        "Taakstellingen",
        "Gemeenten",
    ]
    assert not page.users_tab.new_button.isVisibleTo(page)


def test_access_log_tab_lists_and_filters(qtbot, make_user, make_context) -> None:
    admin = make_user("beheer", Role.BEHEERDER)
    page = _page(qtbot, make_context(admin))
    audit = page.audit_tab
    assert audit is not None and not audit.loaded
    page.tabs.setCurrentWidget(audit)
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=5000)
    entries = audit.model.all_rows()
    assert {e.action for e in entries} >= {Action.LOGIN, Action.READ}
    assert entries[0].at >= entries[-1].at  # newest first

    audit.action_filter.setCurrentIndex(audit.action_filter.findData(Action.LOGIN.value))
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0 and
                    all(e.action is Action.LOGIN for e in audit.model.all_rows()), timeout=5000)
    index = audit.model.index(0, 3)
    assert audit.model.data(index) == "aanmelden"
