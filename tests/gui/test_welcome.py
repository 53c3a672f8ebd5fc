"""The first start after installing: the welcome offers the demo (a database of its own, marked as
demo) or the connection dialog (with IT's machine-wide preset filled in), and the help."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog

from app.config import load_settings, preset_settings, save_settings, settings_path, site_settings_path
from app.ui.admin import MODULE as ADMIN
from app.ui.controller import AppController
from app.ui.settings_dialog import SettingsDialog
from app.ui.welcome import DEMO_FILE_NAME, WelcomeDialog, demo_database_path, needs_welcome

PRESET = """\
[database]
backend = postgresql

[postgresql]
host = db.regio-utrecht.example
port = 6432
database = doorlopende_lijn
sslmode = verify-full
"""


def _write_preset(text: str = PRESET) -> Path:
    path = site_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def controller(qtbot, window_settings: QSettings) -> Iterator[AppController]:
    made = AppController(
        settings=load_settings(), modules=[ADMIN], window_settings=window_settings, welcome=True
    )
    made.demo_scale = 0.05  # a small demo: the test is about the way there
    made.sig_ready.connect(lambda: qtbot.addWidget(made.window))
    yield made
    made.shutdown()
    qtbot.wait(10)


def _welcome(qtbot, controller: AppController) -> WelcomeDialog:
    controller.start()
    dialog = controller.welcome_dialog
    assert dialog is not None and dialog.isVisible()
    # Not qtbot.addWidget: the dialog deletes itself on close, and the controller's shutdown
    # closes it (a second close by qtbot of the deleted dialog upset the next test's database).
    return dialog


def test_the_welcome_shows_only_on_a_first_start(tmp_path: Path, monkeypatch) -> None:
    assert needs_welcome()
    monkeypatch.setenv("DOORLOPENDE_LIJN_DB_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert not needs_welcome()  # a database given: no questions
    monkeypatch.delenv("DOORLOPENDE_LIJN_DB_URL")
    save_settings(load_settings())
    assert not needs_welcome()  # settings of one's own: not a first start
    settings_path().unlink()
    from app.config import default_sqlite_path

    default_sqlite_path().parent.mkdir(parents=True, exist_ok=True)
    default_sqlite_path().write_bytes(b"")
    assert not needs_welcome()  # `python -m app demo` or `setup` made the default database


def test_the_machine_wide_preset_is_the_default_under_the_users_own_settings(tmp_path: Path) -> None:
    assert preset_settings() is None
    assert load_settings().backend == "sqlite"
    _write_preset()
    preset = preset_settings()
    assert preset is not None and preset.postgres.host == "db.regio-utrecht.example"
    settings = load_settings()
    assert settings.backend == "postgresql"
    assert (settings.postgres.host, settings.postgres.port) == ("db.regio-utrecht.example", 6432)
    # The user's own file wins, key by key.
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("[postgresql]\nport = 5432\n", encoding="utf-8")
    mine = load_settings()
    assert (mine.postgres.host, mine.postgres.port) == ("db.regio-utrecht.example", 5432)
    # An explicit path reads only that file.
    assert load_settings(tmp_path / "none.ini").backend == "sqlite"
    # A damaged preset does not stop the program.
    _write_preset("[postgresql\nhost = x\n")
    assert load_settings().postgres.port == 5432


def test_demo_bekijken_fills_a_demo_database_of_its_own(qtbot, controller: AppController) -> None:
    dialog = _welcome(qtbot, controller)
    assert dialog.form.demo_button.text() == "Demo bekijken"
    assert DEMO_FILE_NAME in dialog.form.demo_path.text() and "DEMO" in DEMO_FILE_NAME
    assert "verzonnen" in dialog.form.demo_button.description()
    assert not dialog.form.preset.isVisibleTo(dialog)  # no preset from IT here
    with qtbot.waitSignal(controller.sig_ready, timeout=60_000):
        qtbot.mouseClick(dialog.form.demo_button, Qt.MouseButton.LeftButton)
    assert controller.welcome_dialog is None
    assert controller.demo and controller.window is not None
    assert controller.window.demo_bar.isVisible()  # the window says it is a demo
    assert demo_database_path().is_file()
    assert load_settings().effective_sqlite_path == demo_database_path()  # the next start opens it
    assert not needs_welcome()


def test_connect_shows_the_connection_dialog_with_its_preset(qtbot, controller: AppController) -> None:
    _write_preset()
    controller.settings = load_settings()
    dialog = _welcome(qtbot, controller)
    assert dialog.form.connect_button.text() == "Verbinden met de regionale database"
    assert dialog.form.preset.isVisibleTo(dialog)
    assert "db.regio-utrecht.example" in dialog.form.preset.text() and "6432" in dialog.form.preset.text()
    assert "IT-afdeling" in dialog.form.connect_button.description()
    shown: list[QDialog] = []
    controller.sig_dialog_shown.connect(shown.append)
    qtbot.mouseClick(dialog.form.connect_button, Qt.MouseButton.LeftButton)
    settings_dialog = shown[-1]
    assert isinstance(settings_dialog, SettingsDialog)
    form = settings_dialog.form
    assert form.radio_postgres.isChecked()
    assert (form.host.text(), form.port.text()) == ("db.regio-utrecht.example", "6432")
    settings_dialog.reject()  # cancelled: back to the welcome, nothing saved
    assert controller.welcome_dialog is dialog and dialog.isVisible()
    assert not settings_path().exists()


def test_connect_without_a_preset_offers_postgresql_empty(qtbot, controller: AppController) -> None:
    dialog = _welcome(qtbot, controller)
    assert "functioneel beheerder" in dialog.form.connect_button.description()
    shown: list[QDialog] = []
    controller.sig_dialog_shown.connect(shown.append)
    qtbot.mouseClick(dialog.form.connect_button, Qt.MouseButton.LeftButton)
    assert isinstance(shown[-1], SettingsDialog) and shown[-1].form.radio_postgres.isChecked()
    shown[-1].reject()


def test_the_help_link_opens_the_manual(qtbot, controller: AppController) -> None:
    dialog = _welcome(qtbot, controller)
    assert 'href="help"' in dialog.form.help_link.text()
    dialog.form.help_link.linkActivated.emit("help")
    assert dialog.help_window is not None and dialog.help_window.isVisible()


def test_the_welcome_fits_a_small_screen(qtbot, controller: AppController) -> None:
    _write_preset()
    dialog = _welcome(qtbot, controller)
    hint = dialog.sizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720 - 60  # room for a task bar
    if os.environ.get("DL_SHOTS"):
        from tests.gui.welcome_shots import save_shots

        save_shots(dialog, Path(os.environ["DL_SHOTS"]))
