"""The import dialog with the planner's kinds: it offers and recognises a list of employers and a list
of pledges, previews them (a wrong KvK number and an out-of-range number of places marked on their
cell, a known KvK number shown as a change, not a second employer) and imports; the database is
checked afterwards. Screenshots of the previews go to /tmp/shots-planner/ (PLANNER_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard
from sqlalchemy import select

from app.db.models import Employer, Pledge
from app.db.session import Database
from app.domain.roles import Role
from app.services.challenges import employers as em
from app.ui.imports.preview_model import ERROR_CELL_BG
from app.ui.imports.wizard import ImportWizard
from tests.directory.import_support import write_xlsx

TIMEOUT = 20_000
ZEIST = "GM0355"
SHOTS = Path(os.environ.get("PLANNER_SHOTS", "/tmp/shots-planner"))


@pytest.fixture
def wizard(qtbot: Any, make_user: Any, make_context: Any) -> ImportWizard:
    context = make_context(make_user("anna", Role.CONTACTPERSOON, ZEIST))
    dialog = ImportWizard(context)
    qtbot.addWidget(dialog)
    dialog.resize(1280, 720)
    dialog.show()
    return dialog


def _next(qtbot: Any, wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _preview(qtbot: Any, wizard: ImportWizard, path: Path, kind: str, monkeypatch: Any) -> Any:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    page = wizard.file_page
    offered = {page.kind_combo.itemData(i) for i in range(page.kind_combo.count())}
    assert {"werkgevers", "toezeggingen"} <= offered
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.isComplete, timeout=TIMEOUT)
    assert page.kind_combo.currentData() == kind  # recognised by its column names
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=TIMEOUT)
    return wizard.preview_page.model


def _shots(qtbot: Any, wizard: ImportWizard, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in ((1280, 720), (1920, 1080)):
        wizard.resize(*size)
        qtbot.wait(50)
        wizard.grab().save(str(SHOTS / f"import-{name}-{size[0]}x{size[1]}.png"))


def _import(qtbot: Any, wizard: ImportWizard) -> None:
    with qtbot.waitSignal(wizard.sig_imported, timeout=TIMEOUT):
        _next(qtbot, wizard)
        qtbot.waitUntil(wizard.run_page.isComplete, timeout=TIMEOUT)


def test_employers_through_the_dialog(
    qtbot: Any, wizard: ImportWizard, fresh_database: Database, tmp_path: Path, monkeypatch: Any, errors: Any
) -> None:
    with fresh_database.unit_of_work() as s:
        em.create_employer(s, wizard.context.actor, em.EmployerInput(
            name="Hotel De Linde", gemeente_code=ZEIST, kvk="87654321"))  # fmt: skip
    path = write_xlsx(tmp_path / "werkgevers.xlsx", [
        ["Bedrijfsnaam", "KvK-nummer", "Vestigingsplaats", "Sector", "Aantal medewerkers", "Contactpersoon",
         "E-mail"],
        ["Bakkerij De Korenbloem", "12345678", "Zeist", "C", 12, "Anna de Vries", "anna@korenbloem.example"],
        ["Hotel De Linde", "87654321", "Zeist", "I", 60, "", ""],
        ["Garage Kort", "1234", "Zeist", "G", 4, "", ""],
    ])  # fmt: skip
    model = _preview(qtbot, wizard, path, "werkgevers", monkeypatch)
    assert [(r.row_number, r.status) for r in model.rows()] == [(2, "new"), (3, "changed"), (4, "error")]
    kvk = model.index(2, model.column_of("key", "kvk"))
    assert kvk.data(Qt.ItemDataRole.BackgroundRole) == ERROR_CELL_BG
    assert "8 cijfers" in kvk.data(Qt.ItemDataRole.ToolTipRole)
    _shots(qtbot, wizard, "werkgevers-preview")
    _import(qtbot, wizard)
    with fresh_database.session() as s:
        rows = {e.name: (e.kvk, e.sector, e.size_class) for e in s.scalars(select(Employer))}
    assert rows == {
        "Bakkerij De Korenbloem": ("12345678", "C", "10-49"),
        "Hotel De Linde": ("87654321", "I", "50-249"),
    }
    assert errors.shown == []


def test_pledges_through_the_dialog(
    qtbot: Any, wizard: ImportWizard, fresh_database: Database, tmp_path: Path, monkeypatch: Any, errors: Any
) -> None:
    with fresh_database.unit_of_work() as s:
        em.create_employer(s, wizard.context.actor, em.EmployerInput(
            name="Bakkerij De Korenbloem", gemeente_code=ZEIST, kvk="12345678"))  # fmt: skip
    path = write_xlsx(tmp_path / "toezeggingen.xlsx", [
        ["KvK-nummer", "Soort plek", "Aantal plekken", "Functie", "Taalniveau", "Uren per week"],
        ["12345678", "werkstage", 2, "Inpakker", "A2", 24],
        ["12345678", "taalstage", 900, "Verkoper", "A1", 16],
    ])  # fmt: skip
    model = _preview(qtbot, wizard, path, "toezeggingen", monkeypatch)
    assert [(r.row_number, r.status) for r in model.rows()] == [(2, "new"), (3, "error")]
    places = model.index(1, model.column_of("field", "aantal"))
    assert places.data(Qt.ItemDataRole.BackgroundRole) == ERROR_CELL_BG
    assert "te groot" in places.data(Qt.ItemDataRole.ToolTipRole)
    _shots(qtbot, wizard, "toezeggingen-preview")
    _import(qtbot, wizard)
    with fresh_database.session() as s:
        assert [(p.job_title, p.places, p.hours) for p in s.scalars(select(Pledge))] == [("Inpakker", 2, 24)]
    assert errors.shown == []
