"""Undo after someone changed an imported row: the refusal lists the row (V-nummer, what, by whom)
and offers to undo only the unchanged rows; that keeps the edit and undoes the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.db.models import ImportBatch
from app.db.models.imports import BatchStatus
from app.db.session import Database
from app.domain.roles import Role
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.services.board.koppelingen import KoppelingInput, update_koppeling
from app.ui.imports.history_dialog import ImportHistoryDialog, UndoRefusedDialog
from tests.gui.imports.sheets import SPREEKT, koppelingen, seed_existing, write_coa_sheet

TIMEOUT = 20_000
MAPPING = {0: "vnummer", 2: "gemeente", 3: "datum_koppeling", 4: "gezinsgrootte", 5: "volwassenen",
           6: "kinderen", SPREEKT: "taal", 8: "locatie"}  # fmt: skip


def _wait(qtbot: Any, dialog: ImportHistoryDialog) -> None:
    task = dialog.last_task
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=TIMEOUT):
            pass


def test_undo_only_the_unchanged_rows_from_the_refusal(
    qtbot: Any, fresh_database: Database, make_user: Any, make_context: Any, tmp_path: Path,
    monkeypatch: Any,
) -> None:  # fmt: skip
    db = fresh_database
    seed_existing(db)
    importer = make_user("regio", Role.REGIO_COORDINATOR)
    editor = make_user("regio-twee", Role.REGIO_COORDINATOR)
    with db.unit_of_work() as session:
        result = run_import(session, importer, ImportRequest(write_coa_sheet(tmp_path / "COA juni.xlsx"),
                                                             "koppelingen", mapping=MAPPING))  # fmt: skip
    assert result.batch_id is not None
    before = koppelingen(db)
    assert set(before) == {"0123456789", "2000000002", "4000000004", "5000000005"}
    assert before["4000000004"].persons == 4  # the import changed it (was 2)

    edited = before["0123456789"]  # new from the import; then someone else adds a note
    with db.unit_of_work() as session:
        update_koppeling(session, editor, edited.id, edited.version, KoppelingInput(
            v_nummer=edited.v_nummer, gemeente_code=edited.gemeente.cbs_code, linked_on=edited.linked_on,
            adults=edited.adults, children=edited.children, languages=edited.languages,
            azc_location=edited.azc_location, notes="Gebeld met het COA",
        ))  # fmt: skip

    dialog = ImportHistoryDialog(make_context(importer))
    qtbot.addWidget(dialog)
    dialog.show()
    _wait(qtbot, dialog)
    dialog.table.selectRow(0)
    asked: list[str] = []

    def yes(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.refusal is not None and dialog.refusal.isVisible(), timeout=TIMEOUT)
    refusal = dialog.refusal
    assert isinstance(refusal, UndoRefusedDialog)
    model = refusal.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [["0123456789", "1 keer gewijzigd", "regio-twee"]]
    assert "Er is niets veranderd." in dialog.message.text()
    assert "--only-unchanged" not in dialog.message.text()  # the command line is not the GUI's way
    assert koppelingen(db)["2000000002"] is not None  # nothing undone yet
    for size in ((1280, 720), (1920, 1080)):
        dialog.resize(*size)
        qtbot.wait(20)
        dialog.grab().save(f"/tmp/undo_history_{size[0]}.png")
    refusal.grab().save("/tmp/undo_refusal.png")

    qtbot.mouseClick(refusal.only_unchanged_button, Qt.MouseButton.LeftButton)
    assert "1 gewijzigde regel(s) blijven zoals ze nu zijn: 0123456789" in asked[-1]
    qtbot.waitUntil(lambda: "ongedaan gemaakt, behalve" in dialog.message.text(), timeout=TIMEOUT)
    _wait(qtbot, dialog)
    assert dialog.message.text() == (
        "De import van 'COA juni.xlsx' is ongedaan gemaakt, behalve 1 gewijzigde regel(s): 0123456789."
    )

    after = koppelingen(db)
    assert set(after) == {"0123456789", "4000000004", "5000000005"}  # the other new row is gone
    assert after["0123456789"].notes == "Gebeld met het COA"  # the edit is kept
    assert (after["4000000004"].persons, after["4000000004"].languages) == (2, "")  # back as before
    assert after["5000000005"].version == before["5000000005"].version  # untouched throughout
    with db.unit_of_work() as session:
        assert session.scalar(select(ImportBatch.status)) is BatchStatus.ONGEDAAN
