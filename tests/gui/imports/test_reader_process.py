"""The import dialog parses the user's file in a child process: when that process dies (here a
test hook makes it abort, as calamine does on a hostile file), the dialog shows a Dutch message,
the program runs on and the database is unchanged."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from sqlalchemy import func, select

from app.db.models import ImportBatch
from app.db.session import Database
from app.domain.roles import Role
from app.io.excel.isolated import ABORT_ENV
from app.ui.imports.wizard import ImportWizard
from tests.gui.imports.sheets import koppelingen, seed_existing, write_coa_sheet

TIMEOUT = 20_000


@pytest.fixture
def wizard(qtbot: Any, make_user: Any, make_context: Any) -> ImportWizard:
    dialog = ImportWizard(make_context(make_user("regio", Role.REGIO_COORDINATOR)))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def batch_count(db: Database) -> int:
    with db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(ImportBatch)) or 0)


def choose(qtbot: Any, wizard: ImportWizard, path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)


def test_a_reader_that_aborts_leaves_the_program_and_the_database_as_they_were(
    qtbot: Any, wizard: ImportWizard, fresh_database: Database, tmp_path: Path, monkeypatch: Any, errors: Any
) -> None:
    seed_existing(fresh_database)
    before = {k: (v.version, v.updated_at) for k, v in koppelingen(fresh_database).items()}
    batches = batch_count(fresh_database)
    path = write_coa_sheet(tmp_path / "COA koppelingen.xlsx")
    monkeypatch.setenv(ABORT_ENV, "1")
    choose(qtbot, wizard, path, monkeypatch)
    qtbot.waitUntil(lambda: wizard.file_page.message.text() != "", timeout=TIMEOUT)
    assert wizard.file_page.message.text() == (
        "Het bestand kon niet veilig worden gelezen: het leesproces stopte onverwacht (signaal "
        "SIGABRT). Het programma draait gewoon door; er is niets ingelezen."
    )
    assert not wizard.file_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert errors.shown == []
    after = {k: (v.version, v.updated_at) for k, v in koppelingen(fresh_database).items()}
    assert after == before
    assert batch_count(fresh_database) == batches

    # The same dialog reads the file once the reader behaves: nothing was left broken.
    monkeypatch.delenv(ABORT_ENV)
    started = time.perf_counter()
    choose(qtbot, wizard, path, monkeypatch)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TIMEOUT)
    assert wizard.state.inspection is not None
    assert time.perf_counter() - started < 10
