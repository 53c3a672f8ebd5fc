"""The import dialog with the directory's kinds: it recognises an initiatives sheet, previews it
(languages and target groups in Dutch, the refused row marked) and imports; the database is
checked afterwards. A screenshot of the preview is saved when SHOTS_DIR is set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from app.db.session import Database
from app.domain.roles import Role
from app.ui.imports.preview_model import ERROR_CELL_BG
from app.ui.imports.wizard import ImportWizard
from tests.directory.import_support import initiatives, write_xlsx

TIMEOUT = 20_000
ZEIST = "GM0355"
SHEET = [
    ["Sociale kaart Zeist: vrijwilligersaanbod"],
    [],
    ["Naam activiteit", "Organisatie", "Soort", "Talen", "Doelgroep", "Leeftijd", "Contactpersoon",
     "Telefoon", "E-mail", "Adres", "Open voor regio", "Wanneer", "Kosten"],
    ["Taalcafé De Brug", "Stichting Samen", "taalcafé", "Arabisch, Tigrinya, via tolk", "volwassenen", "",
     "Anna de Vries", "030-1234567", "anna@samen.nl", "Dorpsstraat 1", "ja", "Woensdag 19-21 uur", "gratis"],
    ["Huiswerkklas", "Bibliotheek", "huiswerkbegeleiding", "Nederlands", "jeugd", "12-18 jaar", "Jan",
     "030-7654321", "jan@bieb.nl", "Markt 3", "nee", "Ma en do 15-17 uur", ""],
    ["Voetbal", "VV Zeist", "sport", "Nederlands", "jongeren", "8-300", "Kees", "", "kees@vv.nl",
     "Sportpark 2", "ja", "Za 10 uur", "€ 5"],
]  # fmt: skip


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


def test_an_initiatives_sheet_through_the_dialog(
    qtbot: Any, wizard: ImportWizard, fresh_database: Database, tmp_path: Path, monkeypatch: Any,
    errors: Any,
) -> None:  # fmt: skip
    path = write_xlsx(tmp_path / "aanbod zeist.xlsx", SHEET)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    page = wizard.file_page
    offered = {page.kind_combo.itemData(i) for i in range(page.kind_combo.count())}
    assert {"initiatieven", "controleronde"} <= offered  # a contactpersoon may import both
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.isComplete, timeout=TIMEOUT)
    assert page.kind_combo.currentData() == "initiatieven"  # recognised by its column names
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=TIMEOUT)
    model = preview.model
    assert [(r.row_number, r.status) for r in model.rows()] == [(4, "new"), (5, "new"), (6, "error")]
    languages = model.index(0, model.column_of("field", "talen"))
    assert languages.data() == "Arabisch, Tigrinya, via tolk"
    groups = model.index(1, model.column_of("field", "doelgroep"))
    assert groups.data() == "Kinderen (tot 12), Jongeren (12–23)"
    age = model.index(2, model.column_of("field", "leeftijd"))
    assert age.data(Qt.ItemDataRole.BackgroundRole) == ERROR_CELL_BG
    assert "Leeftijd 300 kan niet" in age.data(Qt.ItemDataRole.ToolTipRole)
    assert initiatives(fresh_database) == {}  # the preview saved nothing
    shots = os.environ.get("SHOTS_DIR")
    if shots:
        qtbot.wait(50)
        wizard.grab().save(str(Path(shots) / "import-initiatieven-preview-1280.png"))
        wizard.resize(1920, 1080)
        qtbot.wait(50)
        wizard.grab().save(str(Path(shots) / "import-initiatieven-preview-1920.png"))

    with qtbot.waitSignal(wizard.sig_imported, timeout=TIMEOUT):
        _next(qtbot, wizard)
        qtbot.waitUntil(wizard.run_page.isComplete, timeout=TIMEOUT)
    found = initiatives(fresh_database)
    assert sorted(found) == ["Huiswerkklas", "Taalcafé De Brug"]
    cafe, homework = found["Taalcafé De Brug"], found["Huiswerkklas"]
    got = (cafe["owner"], cafe["kind"], cafe["languages"], cafe["via_interpreter"], cafe["open_to_region"])
    assert got == (ZEIST, "taalcafe", "ar ti", True, True)
    assert (homework["kind"], homework["target_groups"], homework["min_age"], homework["max_age"]) == (
        "huiswerk", "kinderen jongeren", 12, 18,
    )  # fmt: skip
    assert cafe["checked_on"] is None
    assert wizard.run_page.headline.text() == (
        "⚠ Het bestand is deels ingelezen: 2 nieuw, 0 gewijzigd; 1 van de 3 rijen zijn niet ingelezen "
        "(1 met fouten). Zie het verslag hieronder."
    )
    assert errors.shown == []


def test_the_answers_of_a_verification_round_through_the_dialog(
    qtbot: Any, wizard: ImportWizard, fresh_database: Database, tmp_path: Path, monkeypatch: Any,
    errors: Any,
) -> None:  # fmt: skip
    from datetime import date

    import openpyxl

    from app.services.directory.excel import export_verification_round
    from tests.directory.fixtures import gemeente_id, initiative

    actor = wizard.context.actor
    with fresh_database.unit_of_work() as session:
        cafe = initiative(session, actor, today=date(2024, 1, 5))
        bike = initiative(session, actor, today=date(2024, 1, 5), name="Fietsles", kind="fietsles")
        initiative(session, actor, today=date(2024, 1, 5), name="Zwemles", kind="sport")
        round_file = tmp_path / "controleronde.xlsx"
        export_verification_round(session, actor, gemeente_id(session, ZEIST), round_file)
    book = openpyxl.load_workbook(round_file)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == cafe.id:
            row[header.index("Klopt nog (ja/nee)")].value = "ja"
        if row[0].value == bike.id:
            row[header.index("Klopt nog (ja/nee)")].value = "nee"
            row[header.index("Nieuw: Plaatsen vrij")].value = 6
            row[header.index("Nieuw: Talen")].value = "Nederlands, Oekraïens"
    answered = tmp_path / "antwoorden controleronde.xlsx"
    book.save(answered)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(answered), "")))
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TIMEOUT)
    assert wizard.file_page.kind_combo.currentData() == "controleronde"
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=TIMEOUT)
    statuses = {r.values["nummer"]: r.status for r in preview.model.rows()}
    assert statuses[cafe.id] == "changed" and statuses[bike.id] == "changed"
    assert sorted(statuses.values()) == ["changed", "changed", "unchanged"]
    bike_row = next(r for r in preview.model.rows() if r.values["nummer"] == bike.id)
    assert ("Talen", "Nederlands, Arabisch", "Nederlands, Oekraïens") in bike_row.changes
    shots = os.environ.get("SHOTS_DIR")
    if shots:
        qtbot.wait(50)
        wizard.grab().save(str(Path(shots) / "import-controleronde-preview-1280.png"))

    with qtbot.waitSignal(wizard.sig_imported, timeout=TIMEOUT):
        _next(qtbot, wizard)
        qtbot.waitUntil(wizard.run_page.isComplete, timeout=TIMEOUT)
    found = initiatives(fresh_database)
    assert found["Taalcafé De Brug"]["checked_on"] == date.today()
    assert (found["Fietsles"]["checked_on"], found["Fietsles"]["places_available"]) == (date.today(), 6)
    assert found["Fietsles"]["languages"] == "nl uk"
    assert found["Zwemles"]["checked_on"] is None  # not answered
    assert errors.shown == []
