"""The connection dialog offers encryption in words, asks before a weaker choice is taken, and the
main window keeps a warning in the status bar while such a connection is used."""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.config import Settings, load_settings, settings_path
from app.db.session import Database
from app.domain.roles import Role
from app.ui.settings_dialog import SettingsDialog
from app.ui.shell import MainWindow
from app.ui.tasks import TaskRunner


@pytest.fixture
def plain_runner(qtbot: Any) -> Iterator[TaskRunner]:
    runner = TaskRunner(lambda: pytest.fail("the dialog needs no database"))  # type: ignore[arg-type, return-value]
    yield runner
    runner.wait_for_done(10_000)


def _dialog(qtbot: Any, runner: TaskRunner, settings: Settings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(settings or Settings().with_postgres(host="db.regio.local"), runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton, asked: list[str]) -> None:
    def question(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))


def _choose(qtbot: Any, dialog: SettingsDialog, label: str) -> None:
    """Pick an entry as a user does: the list's own ``activated`` follows the change (a
    programmatic ``setCurrentIndex`` alone is not a user's choice)."""
    combo = dialog.form.sslmode
    index = combo.findText(label)
    assert index >= 0, label
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_the_choices_are_in_dutch_with_the_safe_one_first(qtbot: Any, plain_runner: TaskRunner) -> None:
    form = _dialog(qtbot, plain_runner).form
    labels = [form.sslmode.itemText(i) for i in range(form.sslmode.count())]
    assert labels == [
        "Versleuteld en servercertificaat gecontroleerd (aanbevolen)",
        "Versleuteld, certificaat gecontroleerd maar servernaam niet",
        "Versleuteld, certificaat niet gecontroleerd",
        "Niet versleuteld",
    ]
    assert form.sslmode.currentIndex() == 0
    assert not form.sslmode_warning.isVisibleTo(form.sslmode.window())


def test_no_encryption_only_after_saying_yes(
    qtbot: Any, plain_runner: TaskRunner, monkeypatch: pytest.MonkeyPatch, memory_keyring: Any
) -> None:
    dialog = _dialog(qtbot, plain_runner)
    form = dialog.form
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.No, asked)
    _choose(qtbot, dialog, "Niet versleuteld")
    assert asked and "leesbaar over het netwerk" in asked[-1]
    assert form.sslmode.currentData() == "verify-full"  # "Nee": back to the safe choice

    _answer(monkeypatch, QMessageBox.StandardButton.Yes, asked)
    _choose(qtbot, dialog, "Niet versleuteld")
    assert form.sslmode.currentData() == "disable"
    assert form.sslmode_warning.isVisibleTo(dialog)
    assert "waarschuwing in de statusbalk" in form.sslmode_warning.text()
    qtbot.wait(50)  # the dialog grows to fit the explanation
    dialog.grab().save("/tmp/tls_dialog.png")
    qtbot.mouseClick(form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(settings_path(), encoding="utf-8")
    assert parser["postgresql"]["sslmode"] == "disable"
    assert load_settings().postgres.sslmode == "disable"


def test_going_back_to_the_safe_choice_asks_nothing(
    qtbot: Any, plain_runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, plain_runner, Settings().with_postgres(host="db", sslmode="require"))
    asked: list[str] = []
    _answer(monkeypatch, QMessageBox.StandardButton.No, asked)
    assert dialog.form.sslmode.currentData() == "require"  # chosen before: kept, warning shown
    assert dialog.form.sslmode_warning.isVisibleTo(dialog)
    _choose(qtbot, dialog, "Versleuteld en servercertificaat gecontroleerd (aanbevolen)")
    assert asked == [] and dialog.form.sslmode.currentData() == "verify-full"
    assert not dialog.form.sslmode_warning.isVisibleTo(dialog)


def test_verify_ca_needs_a_certificate_but_verify_full_does_not(qtbot: Any, plain_runner: TaskRunner) -> None:
    dialog = _dialog(qtbot, plain_runner, Settings().with_postgres(host="db", sslmode="verify-ca"))
    assert "sslrootcert" in dialog.validate()
    assert dialog.form.sslrootcert_field.error.text() == "Kies bij deze versleuteling het CA-certificaat."
    dialog.form.sslmode.setCurrentIndex(0)
    assert dialog.validate() == {}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_status_bar_keeps_warning_while_the_connection_is_weaker(
    qtbot: Any, make_user: Any, make_context: Any, window_settings: Any
) -> None:
    context = make_context(make_user("beh", Role.BEHEERDER))
    window = MainWindow(context, [], window_settings=window_settings, ping_interval_ms=0)
    qtbot.addWidget(window)
    window.show()
    assert not window.tls_warning_label.isVisible()  # SQLite on this computer: nothing to warn

    plain = Database("postgresql+psycopg://jan@db.regio.local/dl?sslmode=disable")  # never connects here
    checked = Database("postgresql+psycopg://jan@db.regio.local/dl?sslmode=verify-full&sslrootcert=system")
    try:
        window.set_context(replace(context, database=plain))
        assert window.tls_warning_label.isVisible()
        text = window.tls_warning_label.text()
        assert text == "⚠ Let op: de verbinding met de database is niet versleuteld."
        window.show_status("Import ongedaan gemaakt.", 1)  # a passing message does not replace it
        qtbot.wait(20)
        assert window.tls_warning_label.isVisible()
        for size in ((1280, 720), (1920, 1080)):
            window.resize(*size)
            qtbot.wait(20)
            window.grab().save(f"/tmp/tls_status_{size[0]}.png")
        window.set_context(replace(context, database=checked))
        assert not window.tls_warning_label.isVisible()
    finally:
        plain.dispose()
        checked.dispose()
