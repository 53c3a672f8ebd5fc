"""The import history dialog: undo a batch as a whole, and the refusal once rows changed since."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, update

from app.db.models import ImportBatch, Koppeling
from app.db.models.imports import BatchStatus
from app.db.session import Database
from app.domain.roles import Role
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.services.access import Actor
from app.ui.imports.history_dialog import ImportHistoryDialog
from tests.gui.imports.sheets import SPREEKT, koppelingen, seed_existing, write_coa_sheet

TIMEOUT = 20_000
MAPPING = {0: "vnummer", 2: "gemeente", 3: "datum_koppeling", 4: "gezinsgrootte", 5: "volwassenen",
           6: "kinderen", SPREEKT: "taal", 8: "locatie"}  # fmt: skip


def _import(db: Database, actor: Actor, path: Path) -> int:
    with db.unit_of_work() as session:
        result = run_import(session, actor, ImportRequest(path, "koppelingen", mapping=MAPPING))
    assert result.batch_id is not None
    return result.batch_id


def _snapshot(db: Database) -> dict[str, tuple[Any, ...]]:
    return {v: (k.persons, k.adults, k.children, k.languages) for v, k in koppelingen(db).items()}


@pytest.fixture
def setup(qtbot: Any, fresh_database: Database, make_user: Any, make_context: Any, tmp_path: Path):  # type: ignore[no-untyped-def]
    seed_existing(fresh_database)
    actor = make_user("regio", Role.REGIO_COORDINATOR)
    return fresh_database, make_context(actor), actor, write_coa_sheet(tmp_path / "COA juni.xlsx")


def _open(qtbot: Any, context: Any) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    _wait(qtbot, dialog)
    return dialog


def _wait(qtbot: Any, dialog: ImportHistoryDialog) -> None:
    task = dialog.last_task
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=TIMEOUT):
            pass


def _confirm(monkeypatch: Any, answers: list[str]) -> None:
    def yes(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        answers.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))


def test_undo_in_the_history_dialog_restores_the_database(qtbot: Any, setup: Any, monkeypatch: Any) -> None:
    db, context, actor, sheet = setup
    before = _snapshot(db)
    batch_id = _import(db, actor, sheet)
    assert _snapshot(db) != before

    dialog = _open(qtbot, context)
    model = dialog.model
    assert model.rowCount() == 1
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[1:] == [
        "Ingelezen", "COA-koppelingen", "Regio", "2", "1", "1", "1", "COA juni.xlsx (werkblad Koppelingen)",
    ]  # fmt: skip
    assert not dialog.undo_button.isEnabled()  # nothing selected yet
    dialog.table.selectRow(0)
    assert dialog.undo_button.isEnabled()
    asked: list[str] = []
    _confirm(monkeypatch, asked)
    undone: list[int] = []
    dialog.sig_undone.connect(undone.append)

    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT)
    _wait(qtbot, dialog)
    assert "Nieuwe rijen die worden verwijderd: 2" in asked[0]
    assert dialog.message.text() == "De import van 'COA juni.xlsx' is ongedaan gemaakt."
    assert _snapshot(db) == before  # the two new rows gone, 4000000004 back to 2 persons
    assert undone == [batch_id]
    with db.unit_of_work() as session:
        assert session.scalar(select(ImportBatch.status)) is BatchStatus.ONGEDAAN
    qtbot.waitUntil(lambda: model.index(0, 1).data() == "Ongedaan gemaakt door Regio")
    dialog.table.selectRow(0)
    assert not dialog.undo_button.isEnabled()  # once is enough


def test_undo_is_refused_when_rows_changed_since(qtbot: Any, setup: Any, monkeypatch: Any) -> None:
    db, context, actor, sheet = setup
    _import(db, actor, sheet)
    with db.unit_of_work() as session:  # someone edits an imported household afterwards
        session.execute(
            update(Koppeling)
            .where(Koppeling.v_nummer == "0123456789")
            .values(persons=4, adults=3, version=Koppeling.version + 1)
        )
    after = _snapshot(db)

    dialog = _open(qtbot, context)
    dialog.table.selectRow(0)
    _confirm(monkeypatch, [])
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=TIMEOUT)
    message = dialog.message.text()  # which rows changed since, and that nothing was changed
    assert message.startswith("Deze import is niet ongedaan gemaakt: 1 van de rijen zijn daarna nog")
    assert "0123456789" in message and "Er is niets veranderd." in message
    assert _snapshot(db) == after
    with db.unit_of_work() as session:
        assert session.scalar(select(ImportBatch.status)) is BatchStatus.INGELEZEN
