"""*Bestand → Reservekopie maken…*: the menu action with a chosen file name, the backup on the task
runner, the file and the message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.db.backup import find_pg_tool, read_sqlite_backup
from app.domain.roles import Role
from app.ui.shell import MainWindow


@pytest.fixture(autouse=True)
def _pg_tools(backend: str) -> None:
    if backend == "postgresql" and find_pg_tool("pg_dump") is None:
        pytest.skip("pg_dump/pg_restore not installed: no PostgreSQL backup to test")


def _window(qtbot, context, window_settings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(context, [], window_settings=window_settings, ping_interval_ms=0)
    qtbot.addWidget(window)
    window.show()
    return window


def _action(window: MainWindow):  # type: ignore[no-untyped-def]
    menu = window.menuBar().actions()[0].menu()
    return next(a for a in menu.actions() if a.text() == "&Reservekopie maken…")


def test_menu_action_makes_the_backup(
    qtbot, backend: str, make_user, make_context, window_settings, runner, errors, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    actor = make_user("beh", Role.BEHEERDER)
    window = _window(qtbot, make_context(actor), window_settings)
    suffix = ".dump" if backend == "postgresql" else ".db"
    target = tmp_path / f"kopie{suffix}"
    offered: list[tuple[Path, tuple[str, ...]]] = []

    def choose(_parent, suggested: Path, suffixes: tuple[str, ...]) -> Path:  # type: ignore[no-untyped-def]
        offered.append((suggested, suffixes))
        return target

    monkeypatch.setattr("app.ui.backup.ask_backup_path", choose)
    started: list[object] = []
    runner.sig_task_started.connect(started.append)
    _action(window).trigger()
    assert offered and offered[0][0].suffix == suffix
    qtbot.waitUntil(lambda: bool(started) and not runner.active_tasks(), timeout=30_000)
    assert errors.shown == []
    assert target.exists() and target.stat().st_mode & 0o777 == 0o600
    if backend == "sqlite":
        assert read_sqlite_backup(target)
        with sqlite3.connect(target) as conn:
            assert conn.execute("SELECT count(*) FROM users").fetchone() == (1,)
    else:
        assert target.read_bytes().startswith(b"PGDMP")
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "backup_done"]
    assert boxes and isinstance(boxes[0], QMessageBox) and str(target) in boxes[0].text()
    for box in boxes:
        box.close()


def test_cancelled_dialog_does_nothing(
    qtbot, make_user, make_context, window_settings, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, make_context(make_user("beh", Role.BEHEERDER)), window_settings)
    monkeypatch.setattr("app.ui.backup.ask_backup_path", lambda *_a: None)
    assert window.make_backup() is None
    assert not runner.active_tasks()


def test_a_refusal_is_shown(
    qtbot, backend: str, make_user, make_context, window_settings, runner, errors, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    if backend != "postgresql":
        pytest.skip("on SQLite the single user may always back up")
    window = _window(qtbot, make_context(make_user("cp", Role.CONTACTPERSOON)), window_settings)
    monkeypatch.setattr("app.ui.backup.ask_backup_path", lambda *_a: tmp_path / "k.dump")
    task = window.make_backup()
    assert task is not None
    qtbot.waitUntil(lambda: not runner.active_tasks(), timeout=30_000)
    qtbot.waitUntil(lambda: bool(errors.shown), timeout=5000)
    assert "Alleen een beheerder kan een reservekopie" in errors.shown[0][1]
    assert not (tmp_path / "k.dump").exists()
