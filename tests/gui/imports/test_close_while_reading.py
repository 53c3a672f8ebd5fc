"""Closing the import dialog while it still reads a file: the reading ends in the background and
nothing fails when it does (its signals outlive the dialog's widgets)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.domain.roles import Role
from app.ui.imports.wizard import ImportWizard
from tests.imports.hostile import CATALOGUE


def test_closing_the_dialog_while_a_file_is_read(
    qtbot: Any, make_user: Any, make_context: Any, fresh_database: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    context = make_context(make_user("regio", Role.REGIO_COORDINATOR))
    slow = CATALOGUE["many-sheets-300"].make(tmp_path).path  # a few seconds of looking for a header
    dialog = ImportWizard(context)  # not qtbot.addWidget: the test deletes it itself
    dialog.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(slow), "")))
    page = dialog.file_page
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    task = page.panel.task
    assert task is not None and task.is_running
    dialog.close()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not task.is_running, timeout=60_000)
    qtbot.wait(100)  # the finished signal is delivered; pytest-qt fails the test on an error in it
