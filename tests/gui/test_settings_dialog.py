"""The connection dialog: saves the INI (server, database, SSL, idle lock; no login or password —
those belong to the sign-in dialog), validates, and tests a connection off the GUI thread."""

from __future__ import annotations

import configparser
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.config import Settings, load_settings, settings_path
from app.ui.settings_dialog import SettingsDialog
from app.ui.tasks import TaskRunner


@pytest.fixture
def plain_runner(qtbot) -> Iterator[TaskRunner]:
    runner = TaskRunner(lambda: pytest.fail("the dialog needs no database"))  # type: ignore[arg-type, return-value]
    yield runner
    runner.wait_for_done(10_000)
    qtbot.wait(10)


def _dialog(qtbot, settings: Settings, runner: TaskRunner) -> SettingsDialog:
    dialog = SettingsDialog(settings, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket is closed


def test_postgres_settings_are_saved_without_login_or_password(qtbot, plain_runner, memory_keyring) -> None:
    dialog = _dialog(qtbot, Settings().with_postgres(user="jvisser"), plain_runner)
    form = dialog.form
    qtbot.mouseClick(form.radio_sqlite, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.radio_postgres, Qt.MouseButton.LeftButton)
    assert form.pages.currentIndex() == 1
    for widget, text in (
        (form.host, "db.regio-utrecht.local"),
        (form.port, "5433"),
        (form.database, "doorlopende_lijn"),
    ):
        widget.clear()
        qtbot.keyClicks(widget, text)
    form.sslmode.setCurrentIndex(form.sslmode.findData("require"))
    form.idle_minutes.setValue(10)
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    ini = settings_path().read_text(encoding="utf-8")
    assert "password" not in ini.lower()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(ini)
    assert parser["database"]["backend"] == "postgresql"
    assert dict(parser["postgresql"]) == {
        "host": "db.regio-utrecht.local",
        "port": "5433",
        "database": "doorlopende_lijn",
        "user": "jvisser",  # the last login, kept for the sign-in dialog (not edited here)
        "sslmode": "require",
        "sslrootcert": "",
    }
    assert parser["session"]["idle_lock_minutes"] == "10"
    saved = load_settings()
    assert saved == dialog.saved_settings
    assert saved.idle_lock_minutes == 10
    assert memory_keyring.store == {}  # the connection dialog never handles a password


def test_the_dialog_no_longer_asks_who_you_are(qtbot, plain_runner) -> None:
    """No "Aanmelden als", no user or password field: PostgreSQL decides who you are."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    dialog = _dialog(qtbot, Settings().with_postgres(host="db", user="jan"), plain_runner)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Aanmelden als" not in labels
    assert "Gebruiker:" not in labels and "Wachtwoord:" not in labels
    assert not any(
        edit.echoMode() == QLineEdit.EchoMode.Password for edit in dialog.findChildren(QLineEdit)
    )
    assert not hasattr(dialog.form, "login") and not hasattr(dialog.form, "user")
    assert dialog.form.idle_minutes.value() == 15  # the BIO default


def test_validation_messages_appear_next_to_the_fields(qtbot, plain_runner, memory_keyring) -> None:
    dialog = _dialog(qtbot, Settings(), plain_runner)
    form = dialog.form
    form.radio_postgres.setChecked(True)
    form.host.clear()
    form.port.setText("70000")
    form.database.clear()
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert form.host_field.error.isVisibleTo(dialog)
    assert "65535" in form.port_field.error.text()
    assert form.database_field.error.text() == "Vul de naam van de database in."
    assert not form.sslrootcert_field.error.isVisibleTo(dialog)
    assert not settings_path().exists()
    assert memory_keyring.store == {}


def test_connection_test_on_sqlite_succeeds(qtbot, plain_runner, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, Settings(), plain_runner)
    dialog.form.sqlite_path.setText(str(tmp_path / "nieuw" / "regio.db"))
    with qtbot.waitSignal(dialog.sig_connection_tested, timeout=10_000) as blocker:
        qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
    ok, message = blocker.args
    assert ok, message
    assert message.startswith("Verbinding gelukt. SQLite ")
    assert dialog.form.test_result.text() == message
    assert not (tmp_path / "nieuw" / "regio.db").exists()  # testing creates nothing


def test_connection_test_on_existing_sqlite_database(qtbot, plain_runner, tmp_path: Path) -> None:
    from app.bootstrap import prepare
    from app.db.session import Database

    path = tmp_path / "bestaand.db"
    db = Database(f"sqlite+pysqlite:///{path}")
    prepare(db)
    db.dispose()
    dialog = _dialog(qtbot, Settings(sqlite_path=str(path)), plain_runner)
    with qtbot.waitSignal(dialog.sig_connection_tested, timeout=10_000) as blocker:
        dialog.test_connection()
    assert blocker.args[0] is True
    assert "met gegevens van Doorlopende Lijn" in blocker.args[1]


def test_connection_test_on_a_closed_port_fails_in_dutch(qtbot, plain_runner, memory_keyring) -> None:
    port = _closed_port()
    settings = Settings().with_postgres(host="127.0.0.1", port=port, user="niemand", database="dl")
    dialog = _dialog(qtbot, settings, plain_runner)
    with qtbot.waitSignal(dialog.sig_connection_tested, timeout=15_000) as blocker:
        qtbot.mouseClick(dialog.form.test_button, Qt.MouseButton.LeftButton)
    ok, message = blocker.args
    assert not ok
    assert message.startswith("Verbinding mislukt.")
    assert f"127.0.0.1:{port} weigert de verbinding" in message
    assert dialog.form.test_button.isEnabled()
    assert memory_keyring.store == {}  # testing stores nothing


def test_connection_test_refuses_invalid_fields(qtbot, plain_runner) -> None:
    dialog = _dialog(qtbot, Settings(), plain_runner)
    dialog.form.radio_postgres.setChecked(True)
    dialog.form.port.setText("poort")
    dialog.test_connection()
    assert "gemarkeerde velden" in dialog.form.test_result.text()
    assert "1 tot en met 65535" in dialog.form.port_field.error.text()
