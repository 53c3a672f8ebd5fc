"""The automatic session lock (BIO): after the idle time every window is covered, a half-filled
form survives the lock and the unlock, a wrong password keeps it locked, Afsluiten quits, and
activity keeps it open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from app.config import Settings, load_settings
from app.db.models import User
from app.domain.roles import Role
from app.ui.admin import MODULE as ADMIN
from app.ui.controller import AppController
from app.ui.idle_lock import Cover
from tests.conftest import PG_URL
from tests.gui.test_controller import _answer_first_start

LONG = 3_600_000  # an hour: no lock while the test sets things up


@pytest.fixture
def controller(qtbot, window_settings: QSettings, tmp_path: Path) -> Iterator[AppController]:
    settings = Settings(sqlite_path=str(tmp_path / "lock.db"))
    made = AppController(settings=settings, modules=[ADMIN], window_settings=window_settings)
    made.ask_demo = lambda: False  # type: ignore[method-assign]
    made.idle_timeout_ms = LONG
    _answer_first_start(made, "GM0344", Role.BEHEERDER)
    made.sig_ready.connect(lambda: qtbot.addWidget(made.window))
    yield made
    made.shutdown()
    qtbot.wait(10)


def _half_filled_user_dialog(qtbot, controller: AppController) -> Any:
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    window = controller.window
    qtbot.waitUntil(lambda: window.page("admin") is not None, timeout=5000)
    tab = window.page("admin").users_tab
    qtbot.waitUntil(lambda: tab.new_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    qtbot.keyClicks(dialog.form.login, "h.half")
    qtbot.keyClicks(dialog.form.name, "Half Ingevuld")
    dialog.form.gemeente.setCurrentIndex(dialog.form.gemeente.findText("Zeist"))
    return dialog


def _covered(widget: Any) -> bool:
    """The window's centre shows the lock cover, not the window's own contents."""
    child = widget.childAt(QPoint(widget.width() // 2, widget.height() // 2))
    while child is not None and not isinstance(child, Cover):
        child = child.parentWidget()
    return isinstance(child, Cover) and child.isVisible() and child.geometry() == widget.rect()


def test_idle_locks_and_unlocking_keeps_the_half_filled_form(qtbot, controller: AppController) -> None:
    dialog = _half_filled_user_dialog(qtbot, controller)
    lock = controller.session_lock
    assert lock is not None and not lock.locked
    with qtbot.waitSignal(lock.sig_locked, timeout=5000):
        lock.set_timeout_ms(150)  # nobody touches anything from now on
    window = controller.window
    assert lock.dialog is not None and lock.dialog.isVisible()
    assert lock.dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert _covered(window) and _covered(dialog)
    assert dialog.isVisible()  # covered, not closed: its open() and contents live on
    # SQLite: no password; the dialog says the account on this computer is the identity.
    assert not lock.dialog.password.isVisible()
    assert "zonder apart wachtwoord" in lock.dialog.explanation.text()
    assert lock.dialog.unlock_button.text() == "Ik ben tester: ontgrendelen"

    with qtbot.waitSignal(lock.sig_unlocked, timeout=5000):
        lock.set_timeout_ms(LONG)
        qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not _covered(window) and not _covered(dialog)
    assert not window.findChildren(Cover) and not dialog.findChildren(Cover)
    assert (dialog.form.login.text(), dialog.form.name.text()) == ("h.half", "Half Ingevuld")
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        save = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    with controller.database.unit_of_work() as session:
        user = session.scalar(select(User).where(User.login == "h.half"))
        assert user is not None and user.name == "Half Ingevuld"


def test_activity_keeps_it_unlocked(qtbot, controller: AppController) -> None:
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    lock = controller.session_lock
    assert lock is not None
    lock.set_timeout_ms(400)
    window = controller.window
    for step in range(8):  # 8 × 100 ms of mouse and keys: twice the idle time, never idle long
        qtbot.mouseMove(window, QPoint(100 + step * 5, 100))
        qtbot.keyClick(window.nav, Qt.Key.Key_Shift)
        qtbot.wait(100)
        assert not lock.locked
    with qtbot.waitSignal(lock.sig_locked, timeout=5000):
        pass  # and then, left alone, it locks


def test_a_message_shown_while_locked_is_covered_too(qtbot, controller: AppController) -> None:
    from PySide6.QtWidgets import QMessageBox

    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    lock = controller.session_lock
    lock.lock()
    box = QMessageBox(QMessageBox.Icon.Warning, "Melding", "Een taak is klaar.", parent=controller.window)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    qtbot.waitUntil(lambda: _covered(box), timeout=2000)
    lock.unlock()
    assert not _covered(box)
    box.close()


def test_afsluiten_quits(qtbot, controller: AppController, monkeypatch) -> None:
    quits: list[bool] = []
    monkeypatch.setattr(controller, "quit", lambda: quits.append(True))
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    controller.session_lock.lock()
    qtbot.mouseClick(controller.session_lock.dialog.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [True]
    # Escape and the window's close button do not unlock.
    qtbot.keyClick(controller.session_lock.dialog, Qt.Key.Key_Escape)
    controller.session_lock.dialog.close()
    assert controller.session_lock.locked


def test_the_idle_time_comes_from_the_settings(qtbot, controller: AppController) -> None:
    controller.idle_timeout_ms = None
    controller.settings = Settings(sqlite_path=controller.settings.sqlite_path, idle_lock_minutes=7)
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    assert controller.session_lock.timeout_ms == 7 * 60_000
    # Changing only the idle time in the connection dialog applies at once, without a new sign-in.
    database = controller.database
    controller.apply_settings(Settings(sqlite_path=controller.settings.sqlite_path, idle_lock_minutes=3))
    assert controller.session_lock.timeout_ms == 3 * 60_000
    assert controller.database is database
    assert load_settings().idle_lock_minutes == 15  # apply_settings does not save; the dialog does
    QApplication.processEvents()


# -- PostgreSQL: the password again ---------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on")
def test_postgresql_lock_asks_the_password(qtbot, window_settings: QSettings) -> None:
    from sqlalchemy import make_url

    from app.ui.cases import MODULE as CASES
    from tests.security.conftest import A, make_world

    with make_world() as world:
        a = world.add_person("a", Role.CONTACTPERSOON, A, prefix="gui-lock")
        url = make_url(world.url)
        settings = Settings().with_postgres(
            host=url.host or "127.0.0.1", port=url.port or 5432, database=world.dbname, user=a.login,
            sslmode=str(url.query.get("sslmode", "disable")),  # the test server has no TLS
        )
        controller = AppController(settings=settings, modules=[CASES, ADMIN], window_settings=window_settings)
        controller.idle_timeout_ms = LONG
        controller.sig_ready.connect(lambda: qtbot.addWidget(controller.window))
        try:
            controller.start()
            qtbot.waitUntil(lambda: controller.sign_in_dialog is not None, timeout=10_000)
            sign_in = controller.sign_in_dialog
            qtbot.keyClicks(sign_in.form.password, a.password)
            with qtbot.waitSignal(controller.sig_ready, timeout=20_000):
                qtbot.mouseClick(sign_in.form.sign_in_button, Qt.MouseButton.LeftButton)
            window = controller.window
            # A half-filled form: the search field of the dossier list.
            qtbot.waitUntil(lambda: window.page("cases") is not None, timeout=10_000)
            search = window.page("cases").dossiers.filters.search
            search.setText("Özdemir half")
            lock = controller.session_lock
            with qtbot.waitSignal(lock.sig_locked, timeout=5000):
                lock.set_timeout_ms(150)
            lock.set_timeout_ms(LONG)
            assert _covered(window)
            dialog = lock.dialog
            assert dialog.password.isVisible() and a.login in dialog.explanation.text()

            qtbot.keyClicks(dialog.password, "fout-fout-fout")
            qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
            assert dialog.message.text().startswith("Inlognaam of wachtwoord klopt niet")
            assert lock.locked and _covered(window)

            dialog.password.clear()
            qtbot.keyClicks(dialog.password, a.password)
            with qtbot.waitSignal(lock.sig_unlocked, timeout=10_000):
                qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
            assert not _covered(window)
            assert search.text() == "Özdemir half"
        finally:
            controller.shutdown()
            qtbot.wait(10)
