"""Signing in to the GUI on a real PostgreSQL with one's own login and password (issue 11):
PostgreSQL decides who you are; each failure is one Dutch sentence in the dialog; the login is
remembered, the password only in the keyring when ticked; two users of different municipalities
each see only their own dossiers."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import make_url, text

from app.auth.signin import WRONG_PASSWORD
from app.config import Settings, load_settings, settings_path
from app.domain.roles import Role
from app.secrets import SERVICE
from app.ui.admin import MODULE as ADMIN
from app.ui.cases import MODULE as CASES
from app.ui.controller import AppController
from app.ui.sign_in_dialog import SignInDialog
from tests.security.conftest import POSTGRES_ONLY, A, B, World, build_case, make_world

pytestmark = POSTGRES_ONLY


@pytest.fixture
def world() -> Iterator[World]:
    with make_world() as made:
        made.add_person("a", Role.CONTACTPERSOON, A, prefix="gui-a")
        made.add_person("b", Role.CONTACTPERSOON, B, prefix="gui-b")
        yield made


def pg_settings(world: World, **changes: Any) -> Settings:
    url = make_url(world.url)
    pg = {"host": url.host or "127.0.0.1", "port": url.port or 5432, "database": world.dbname, "user": "",
          "sslmode": str(url.query.get("sslmode", "disable"))}  # the test server has no TLS
    pg.update(changes)
    return Settings().with_postgres(**pg)


@pytest.fixture
def make_controller(qtbot, window_settings: QSettings) -> Iterator[Any]:
    made: list[AppController] = []

    def make(settings: Settings, modules: list[Any] | None = None) -> AppController:
        controller = AppController(
            settings=settings, modules=modules or [CASES, ADMIN], window_settings=window_settings
        )
        controller.tasks.show_error = lambda _p, title, message: controller.__dict__.setdefault(
            "errors", []).append((title, message))
        controller.sig_ready.connect(lambda: qtbot.addWidget(controller.window))
        made.append(controller)
        return controller

    yield make
    for controller in made:
        dialog = controller.sign_in_dialog
        if dialog is not None and shiboken6.isValid(dialog):
            controller.sign_in_dialog = None
            dialog.close()
        controller.shutdown()
    qtbot.wait(10)


def sign_in_dialog(qtbot, controller: AppController) -> SignInDialog:
    qtbot.waitUntil(lambda: controller.sign_in_dialog is not None, timeout=10_000)
    dialog = controller.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def attempt(qtbot, dialog: SignInDialog, login: str | None, password: str) -> None:
    """Type as a user would and press Aanmelden; returns once the attempt failed."""
    if login is not None:
        dialog.form.login.clear()
        qtbot.keyClicks(dialog.form.login, login)
    dialog.form.password.clear()
    qtbot.keyClicks(dialog.form.password, password)
    with qtbot.waitSignal(dialog.sig_failed, timeout=20_000):
        qtbot.mouseClick(dialog.form.sign_in_button, Qt.MouseButton.LeftButton)


def test_wrong_then_right_password(qtbot, world: World, make_controller, memory_keyring) -> None:
    a = world.people["a"]
    controller = make_controller(pg_settings(world))
    controller.start()
    dialog = sign_in_dialog(qtbot, controller)
    assert dialog.form.leave_button.text() == "Afsluiten"
    assert world.dbname in dialog.form.where.text()

    attempt(qtbot, dialog, a.login, "fout-wachtwoord-123")
    assert dialog.form.message.isVisible()
    assert dialog.form.message.text().startswith(WRONG_PASSWORD)
    assert "Traceback" not in dialog.form.message.text()
    assert dialog.form.password.hasSelectedText()  # typing again replaces it
    assert controller.window is None

    dialog.form.password.clear()
    qtbot.keyClicks(dialog.form.password, a.password)
    with qtbot.waitSignal(controller.sig_ready, timeout=20_000):
        qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    actor = controller.actor
    assert actor is not None
    assert (actor.login, actor.role, actor.gemeente_name) == (a.login, Role.CONTACTPERSOON, "Zeist")
    assert controller.database is not None
    with controller.database.engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar() == a.login
    # The login is remembered for next time; the password nowhere (not ticked).
    assert load_settings().postgres.user == a.login
    assert a.password not in settings_path().read_text(encoding="utf-8")
    assert memory_keyring.store == {}
    assert not controller.window.demo_bar.isVisible()


def test_remember_password_keeps_it_in_the_keyring_only(
    qtbot, world: World, make_controller, memory_keyring
) -> None:
    a = world.people["a"]
    controller = make_controller(pg_settings(world, user=a.login))
    controller.start()
    dialog = sign_in_dialog(qtbot, controller)
    assert dialog.form.login.text() == a.login  # the last login, prefilled
    assert dialog.form.remember.isEnabled()  # a keyring exists (in memory here)
    dialog.form.remember.setChecked(True)
    qtbot.keyClicks(dialog.form.password, a.password)
    with qtbot.waitSignal(controller.sig_ready, timeout=20_000):
        qtbot.mouseClick(dialog.form.sign_in_button, Qt.MouseButton.LeftButton)
    account = controller.settings.postgres.keyring_account
    assert memory_keyring.store == {(SERVICE, account): a.password}
    assert a.password not in settings_path().read_text(encoding="utf-8")
    # The next sign-in offers it; unticking removes it again.
    again = SignInDialog(controller.settings, controller.tasks)
    qtbot.addWidget(again)
    assert again.form.password.text() == a.password and again.form.remember.isChecked()


def test_no_keyring_means_no_remembering(qtbot, world: World, make_controller, monkeypatch) -> None:
    monkeypatch.setattr("app.ui.sign_in_dialog.keyring_available", lambda: False)
    controller = make_controller(pg_settings(world))
    controller.start()
    dialog = sign_in_dialog(qtbot, controller)
    assert not dialog.form.remember.isEnabled()
    assert "geen sleutelbos" in dialog.form.remember.toolTip()


def test_failures_each_have_their_dutch_message(qtbot, world: World, make_controller) -> None:
    from app.services.access import Actor
    from app.services.users import find_user, update_user

    b = world.people["b"]
    controller = make_controller(pg_settings(world))
    controller.start()
    dialog = sign_in_dialog(qtbot, controller)

    attempt(qtbot, dialog, "", "x")
    assert dialog.form.message.text() == "Vul uw inlognaam in."
    attempt(qtbot, dialog, "iemand-die-niet-bestaat", "wat-dan-ook-123")
    assert dialog.form.message.text().startswith(WRONG_PASSWORD)  # no hint whether the login exists

    with world.db.unit_of_work() as session:  # the beheerder disables b
        system = Actor.system_actor("test")
        version = find_user(session, system, b.login).version
        info = update_user(session, system, b.user_id, version, active=False)
        assert not info.active
    attempt(qtbot, dialog, b.login, b.password)
    assert "uitgeschakeld of geblokkeerd" in dialog.form.message.text()
    assert b.login in dialog.form.message.text()
    assert controller.window is None  # still at the sign-in: try again, or change the settings


def test_unreachable_server_and_schema_behind(qtbot, world: World, make_controller) -> None:
    a = world.people["a"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = int(sock.getsockname()[1])
    controller = make_controller(pg_settings(world, port=closed))
    controller.start()
    dialog = sign_in_dialog(qtbot, controller)
    attempt(qtbot, dialog, a.login, a.password)
    assert f"127.0.0.1:{closed} weigert de verbinding" in dialog.form.message.text()

    # The right server, but its schema is one migration behind: the beheerder must upgrade.
    with world.admin() as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0004'")
    dialog.set_settings(pg_settings(world))
    attempt(qtbot, dialog, None, a.password)
    message = dialog.form.message.text()
    assert "python -m app db upgrade" in message, message
    assert controller.window is None


def test_the_connection_settings_from_the_sign_in(qtbot, world: World, make_controller, monkeypatch) -> None:
    """Verbindingsinstellingen… opens the connection dialog; a PostgreSQL choice comes back here."""
    from app.ui.settings_dialog import SettingsDialog

    a = world.people["a"]
    controller = make_controller(pg_settings(world, database="bestaat_niet"))
    controller.start()
    dialog = sign_in_dialog(qtbot, controller)
    opened: list[SettingsDialog] = []
    controller.sig_dialog_shown.connect(lambda d: opened.append(d) if isinstance(d, SettingsDialog) else None)
    qtbot.mouseClick(dialog.form.settings_button, Qt.MouseButton.LeftButton)
    settings_dialog = opened[0]
    settings_dialog.form.database.setText(world.dbname)
    settings_dialog.accept()
    assert world.dbname in dialog.form.where.text()
    qtbot.keyClicks(dialog.form.login, a.login)
    qtbot.keyClicks(dialog.form.password, a.password)
    with qtbot.waitSignal(controller.sig_ready, timeout=20_000):
        qtbot.mouseClick(dialog.form.sign_in_button, Qt.MouseButton.LeftButton)
    assert controller.actor.login == a.login


def test_as_is_refused_outside_a_demo(qtbot, world: World, make_controller, monkeypatch) -> None:
    """--as names someone else on a real database: you are told, and work as yourself."""
    from PySide6.QtWidgets import QMessageBox

    a, b = world.people["a"], world.people["b"]
    monkeypatch.setenv("DOORLOPENDE_LIJN_USER", b.login)
    controller = make_controller(pg_settings(world, user=a.login))
    controller.start()
    dialog = sign_in_dialog(qtbot, controller)
    qtbot.keyClicks(dialog.form.password, a.password)
    with qtbot.waitSignal(controller.sig_ready, timeout=20_000):
        qtbot.mouseClick(dialog.form.sign_in_button, Qt.MouseButton.LeftButton)
    assert controller.actor.login == a.login
    qtbot.waitUntil(lambda: controller.window.findChild(QMessageBox, "claim_refused") is not None)
    box = controller.window.findChild(QMessageBox, "claim_refused")
    assert "niet --as of DOORLOPENDE_LIJN_USER" in box.text() and "U werkt nu als uzelf" in box.text()
    box.accept()


def _dossier_heads(qtbot, controller: AppController) -> list[str]:
    from tests.gui.cases.conftest import wait_task

    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: window.page("cases") is not None, timeout=10_000)
    page = window.page("cases")
    wait_task(qtbot, page.dossiers.last_task)
    qtbot.waitUntil(lambda: not page.dossiers.last_task.is_running, timeout=10_000)
    return sorted(row.head_name for row in page.dossiers.model.rows())


def test_two_municipalities_each_see_only_their_own_dossiers(qtbot, world: World, make_controller) -> None:
    build_case(world, "a", A)
    build_case(world, "b", B)
    seen: dict[str, list[str]] = {}
    for key in ("a", "b"):
        person = world.people[key]
        controller = make_controller(pg_settings(world, user=person.login))
        controller.start()
        dialog = sign_in_dialog(qtbot, controller)
        qtbot.keyClicks(dialog.form.password, person.password)
        with qtbot.waitSignal(controller.sig_ready, timeout=20_000):
            qtbot.mouseClick(dialog.form.sign_in_button, Qt.MouseButton.LeftButton)
        assert controller.window.current_module_key() == "cases"
        seen[key] = _dossier_heads(qtbot, controller)
        controller.window.close()
    assert seen == {"a": [f"Hoofd {A}"], "b": [f"Hoofd {B}"]}


def test_switching_to_postgresql_from_the_window_asks_to_sign_in(
    qtbot, world: World, make_controller, tmp_path
) -> None:
    from tests.gui.test_controller import _answer_first_start

    a = world.people["a"]
    controller = make_controller(Settings(sqlite_path=str(tmp_path / "lokaal.db")), modules=[ADMIN])
    controller.ask_demo = lambda: False  # type: ignore[method-assign]
    _answer_first_start(controller, "GM0344", Role.BEHEERDER)
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    first = controller.database
    controller.switch_to(pg_settings(world, user=a.login))
    dialog = sign_in_dialog(qtbot, controller)
    assert dialog.form.leave_button.text() == "Annuleren"
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    # Cancel: nothing changes.
    qtbot.mouseClick(dialog.form.leave_button, Qt.MouseButton.LeftButton)
    assert controller.database is first and controller.sign_in_dialog is None
    controller.switch_to(pg_settings(world, user=a.login))
    dialog = sign_in_dialog(qtbot, controller)
    qtbot.keyClicks(dialog.form.password, a.password)
    with qtbot.waitSignal(controller.sig_switched, timeout=20_000):
        qtbot.mouseClick(dialog.form.sign_in_button, Qt.MouseButton.LeftButton)
    assert controller.actor.login == a.login
    assert controller.window.database_label.text().startswith(f"PostgreSQL: {a.login}@")
