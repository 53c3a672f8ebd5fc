"""Issue 10 in the import dialog: two sheets fit and one is hidden — the file step says so, marks the
hidden sheet in the sheet choice, and imports the sheet the user picks (checked in the database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from app.db.session import Database
from app.domain.roles import Role
from app.ui.imports.wizard import ImportWizard
from tests.imports.conftest import koppelingen
from tests.imports.test_sheet_choice import juni_mei

TIMEOUT = 20_000


@pytest.fixture
def wizard(qtbot: Any, make_user: Any, make_context: Any) -> ImportWizard:
    dialog = ImportWizard(make_context(make_user("regio", Role.REGIO_COORDINATOR)))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _next(qtbot: Any, wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _sheet(wizard: ImportWizard) -> str | None:
    inspection = wizard.state.inspection
    return None if inspection is None else inspection.sheet


def test_the_dialog_names_the_other_sheet_and_imports_the_chosen_one(
    qtbot: Any, wizard: ImportWizard, fresh_database: Database, tmp_path: Path, monkeypatch: Any
) -> None:
    path = juni_mei(tmp_path / "mei en juni.xlsx", mei_state="hidden")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    page = wizard.file_page
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.isComplete, timeout=TIMEOUT)
    combo = page.sheet_combo
    assert page.form.isRowVisible(page.sheet_row)
    assert [combo.itemData(i) for i in range(combo.count())] == ["Juni", "Mei", "Toelichting"]
    assert combo.itemText(1) == "Mei  (verborgen)"
    assert combo.currentData() == "Juni"  # the best visible sheet
    assert page.sheet_hint.text() == (
        "Ook werkblad 'Mei' (verborgen) heeft gegevens die passen; alleen werkblad 'Juni' wordt "
        "ingelezen. Kies hier een ander werkblad."
    )
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.isComplete() and _sheet(wizard) == "Mei", timeout=TIMEOUT)
    assert page.sheet_hint.text() == "Werkblad 'Mei' is in Excel verborgen. Kies hier een ander werkblad."
    _next(qtbot, wizard)  # Kolommen
    _next(qtbot, wizard)  # Voorbeeld
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=TIMEOUT)
    assert wizard.state.preview is not None and wizard.state.preview.sheet == "Mei"
    _next(qtbot, wizard)  # Inlezen
    qtbot.waitUntil(wizard.run_page.isComplete, timeout=TIMEOUT)
    assert set(koppelingen(fresh_database)) == {"1000000032"}
