"""The import dialog, driven like a user would: choose the file, correct a column, read the preview,
import, and check exactly what landed in the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWizard
from sqlalchemy import select

from app.db.models import ImportBatch, ImportProfile, KoppelingStatus
from app.db.models.imports import BatchStatus
from app.db.session import Database
from app.domain.roles import Role
from app.io.excel import safety
from app.ui.imports.preview_model import CHANGED_CELL_BG, ERROR_CELL_BG
from app.ui.imports.wizard import ImportWizard
from tests.gui.imports.sheets import (
    HOUTEN,
    SPREEKT,
    UTRECHT,
    ZEIST,
    koppelingen,
    seed_existing,
    write_coa_sheet,
    write_workbook_with_sheets,
)
from tests.io.builders import write_cfb

TIMEOUT = 20_000
PROPOSED = {0: "vnummer", 1: "achternaam", 2: "gemeente", 3: "datum_koppeling", 4: "gezinsgrootte",
            5: "volwassenen", 6: "kinderen", 8: "locatie"}  # fmt: skip


@pytest.fixture
def sheet(fresh_database: Database, tmp_path: Path) -> Path:
    seed_existing(fresh_database)
    return write_coa_sheet(tmp_path / "COA koppelingen juni.xlsx")


@pytest.fixture(autouse=True)
def sheet_era(monkeypatch: Any) -> None:
    """The sheets' koppelingen are from 2017: judge their dates from then (ten years back is the limit)."""
    monkeypatch.setattr("app.imports.kinds.current_date", lambda: date(2017, 6, 1))


@pytest.fixture
def wizard(qtbot: Any, make_user: Any, make_context: Any) -> ImportWizard:
    context = make_context(make_user("regio", Role.REGIO_COORDINATOR))
    dialog = ImportWizard(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click_next(qtbot: Any, wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_file(qtbot: Any, wizard: ImportWizard, path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TIMEOUT)


def to_preview(qtbot: Any, wizard: ImportWizard, *, map_language: bool = True) -> None:
    click_next(qtbot, wizard)
    mapping = wizard.mapping_page
    assert wizard.currentPage() is mapping
    if map_language:
        combo = mapping.combos[mapping.columns.index(SPREEKT)]
        combo.setCurrentIndex(combo.findData("taal"))
    click_next(qtbot, wizard)
    qtbot.waitUntil(wizard.preview_page.isComplete, timeout=TIMEOUT)


def import_now(qtbot: Any, wizard: ImportWizard) -> None:
    click_next(qtbot, wizard)  # "Inlezen"
    assert wizard.currentPage() is wizard.run_page
    qtbot.waitUntil(wizard.run_page.isComplete, timeout=TIMEOUT)


def batches(db: Database) -> list[ImportBatch]:
    with db.unit_of_work() as session:
        rows = list(session.scalars(select(ImportBatch).order_by(ImportBatch.id)))
        session.expunge_all()
    return rows


def test_whole_dialog_imports_the_accepted_rows_and_saves_the_rejected_ones(
    qtbot: Any, wizard: ImportWizard, sheet: Path, fresh_database: Database, tmp_path: Path,
    monkeypatch: Any, errors: Any,
) -> None:  # fmt: skip
    choose_file(qtbot, wizard, sheet, monkeypatch)
    page = wizard.file_page
    assert page.kind_combo.currentData() == "koppelingen"  # recognised by its column names
    assert "kopregel op regel 3" in page.message.text()  # below the title row
    assert not page.form.isRowVisible(page.sheet_row)  # one sheet: no question

    click_next(qtbot, wizard)
    mapping = wizard.mapping_page
    assert wizard.state.mapping == PROPOSED
    language = mapping.combos[mapping.columns.index(SPREEKT)]
    assert language.currentText() == "niet inlezen"
    assert mapping.combos[0].currentText() == "V-nummer *"  # required fields carry a star
    language.setCurrentIndex(language.findData("taal"))
    assert wizard.state.mapping == PROPOSED | {SPREEKT: "taal"}
    click_next(qtbot, wizard)

    preview = wizard.preview_page
    qtbot.waitUntil(preview.isComplete, timeout=TIMEOUT)
    assert {s: b.text() for s, b in preview.filters.items()} == {
        "new": "Nieuw  2", "changed": "Gewijzigd  1", "unchanged": "Ongewijzigd  1", "error": "Fout  1",
    }  # fmt: skip
    model = preview.model
    assert [(r.row_number, r.status) for r in model.rows()] == [
        (4, "new"), (5, "new"), (6, "error"), (8, "changed"), (9, "unchanged"),
    ]  # fmt: skip
    key_column = model.column_of("key")
    assert model.index(0, key_column).data() == "0123456789"  # the lost leading zero is back
    date_cell = model.index(2, model.column_of("field", "datum_koppeling"))
    assert date_cell.data() == "31-02-2017"
    assert (
        date_cell.data(Qt.ItemDataRole.ToolTipRole) == "Datum koppeling: '31-02-2017' is geen geldige datum."
    )
    assert date_cell.data(Qt.ItemDataRole.BackgroundRole) == ERROR_CELL_BG
    size_cell = model.index(3, model.column_of("field", "gezinsgrootte"))
    assert size_cell.data(Qt.ItemDataRole.ToolTipRole) == "Gezinsgrootte: 2 → 4"
    assert size_cell.data(Qt.ItemDataRole.BackgroundRole) == CHANGED_CELL_BG
    assert model.index(3, model.column_of("message")).data() == (
        "Gezinsgrootte: 2 → 4; Kinderen: 0 → 2; Taal: (leeg) → Farsi"
    )
    assert model.index(0, model.column_of("field", "gemeente")).data() == "Zeist"  # the name, not GM0355
    preview.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [r.row_number for r in model.rows()] == [9, 8, 6, 5, 4]
    preview.table.sortByColumn(model.column_of("status"), Qt.SortOrder.AscendingOrder)
    assert [r.status for r in model.rows()][:2] == ["error", "changed"]  # what needs a look first
    for status in ("new", "changed", "unchanged"):
        qtbot.mouseClick(preview.filters[status], Qt.MouseButton.LeftButton)
    assert [r.row_number for r in model.rows()] == [6]
    assert preview.shown.text() == "1 van 5 rijen getoond"
    assert preview.skip_radio.isChecked()
    assert batches(fresh_database) == []  # the preview saved nothing

    with qtbot.waitSignal(wizard.sig_imported, timeout=TIMEOUT) as imported:
        import_now(qtbot, wizard)
    rows = koppelingen(fresh_database)
    assert sorted(rows) == ["0123456789", "2000000002", "4000000004", "5000000005"]
    got = {
        v: (k.gemeente.cbs_code, k.linked_on, k.persons, k.adults, k.children, k.languages, k.azc_location,
            k.version)
        for v, k in rows.items()
    }  # fmt: skip
    assert got == {
        "0123456789": (ZEIST, date(2017, 4, 3), 3, 2, 1, "Arabisch", "AZC Zeist", 1),
        "2000000002": (UTRECHT, date(2017, 5, 12), 1, 1, 0, "Tigrinya", "AZC Budel", 1),
        "4000000004": (HOUTEN, date(2017, 1, 10), 4, 2, 2, "Farsi", "", 2),
        "5000000005": ("GM0312", date(2017, 2, 1), 1, 1, 0, "Dari", "", 1),
    }
    assert {k.status for k in rows.values()} == {KoppelingStatus.GEKOPPELD}
    [batch] = batches(fresh_database)
    assert imported.args == [batch.id]
    assert (batch.kind, batch.file_name, batch.sheet, batch.mode, batch.imported_by, batch.status) == (
        "koppelingen", "COA koppelingen juni.xlsx", "Koppelingen", "skip", "regio", BatchStatus.INGELEZEN,
    )  # fmt: skip
    counts = (batch.rows_new, batch.rows_changed, batch.rows_unchanged, batch.rows_error)
    assert counts == (2, 1, 1, 1)
    run = wizard.run_page
    # One row was refused: saved, but amber and said in words, not "ingelezen" in green.
    assert run.headline.text() == (
        "⚠ Het bestand is deels ingelezen: 2 nieuw, 1 gewijzigd; 1 van de 5 rijen zijn niet ingelezen "
        "(1 met fouten). Zie het verslag hieronder."
    )
    assert "#8a5a00" in run.headline.styleSheet()
    assert f"Opgeslagen als importbatch {batch.id}" in run.report.text()

    target = tmp_path / "afgewezen"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    assert run.rejected_button.isVisible()
    qtbot.mouseClick(run.rejected_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: run.saved.text().startswith("Opgeslagen"), timeout=TIMEOUT)
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "afgewezen.xlsx", read_only=True)
    values = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert values[0][-1] == "Foutmelding"
    assert values[1][0] == "3000000003"
    assert values[1][-1] == "Datum koppeling: '31-02-2017' is geen geldige datum."
    assert len(values) == 2
    assert errors.shown == []


def test_stop_mode_with_an_error_leaves_the_database_unchanged(
    qtbot: Any, wizard: ImportWizard, sheet: Path, fresh_database: Database, monkeypatch: Any
) -> None:
    before = {v: (k.persons, k.languages, k.version) for v, k in koppelingen(fresh_database).items()}
    choose_file(qtbot, wizard, sheet, monkeypatch)
    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    qtbot.mouseClick(preview.stop_radio, Qt.MouseButton.LeftButton)
    assert preview.stop_radio.isChecked()
    assert "wordt er niets ingelezen" in preview.mode_warning.text()
    emitted: list[int] = []
    wizard.sig_imported.connect(emitted.append)

    import_now(qtbot, wizard)
    run = wizard.run_page
    assert run.headline.text() == "Er is niets opgeslagen."
    assert "Gestopt bij de fout op regel 6" in run.report.text()
    assert {v: (k.persons, k.languages, k.version) for v, k in koppelingen(fresh_database).items()} == before
    assert batches(fresh_database) == []
    assert emitted == []

    # Back to the preview, skip the bad row this time.
    assert run.back_button.isVisible()
    qtbot.mouseClick(run.back_button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is preview
    qtbot.mouseClick(preview.skip_radio, Qt.MouseButton.LeftButton)
    import_now(qtbot, wizard)
    assert len(koppelingen(fresh_database)) == 4
    assert [b.mode for b in batches(fresh_database)] == ["skip"]


def test_cancelling_or_closing_during_the_import_saves_nothing(
    qtbot: Any, wizard: ImportWizard, sheet: Path, fresh_database: Database, monkeypatch: Any
) -> None:
    before = {v: (k.persons, k.languages, k.version) for v, k in koppelingen(fresh_database).items()}
    choose_file(qtbot, wizard, sheet, monkeypatch)
    to_preview(qtbot, wizard)
    click_next(qtbot, wizard)
    run = wizard.run_page
    assert run.importing
    run.panel.cancel()  # the progress panel's "Annuleren"
    qtbot.waitUntil(run.isComplete, timeout=TIMEOUT)
    assert run.headline.text() == "Het inlezen is geannuleerd; er is niets opgeslagen."
    assert {v: (k.persons, k.languages, k.version) for v, k in koppelingen(fresh_database).items()} == before
    assert batches(fresh_database) == []

    qtbot.mouseClick(run.back_button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.preview_page
    click_next(qtbot, wizard)
    assert run.importing
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # closing the dialog rolls the import back first
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=TIMEOUT)
    assert batches(fresh_database) == []
    assert len(koppelingen(fresh_database)) == 2


def test_a_workbook_with_several_sheets_asks_which_best_first(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path, monkeypatch: Any
) -> None:
    choose_file(qtbot, wizard, write_workbook_with_sheets(tmp_path / "mei en juni.xlsx"), monkeypatch)
    page = wizard.file_page
    combo = page.sheet_combo
    assert page.form.isRowVisible(page.sheet_row)
    assert [combo.itemData(i) for i in range(combo.count())] == ["Juni", "Mei", "Toelichting"]
    assert combo.itemText(2) == "Toelichting  (geen herkende kolommen)"
    assert combo.currentText() == "Juni"
    assert wizard.state.inspection.sheet == "Juni"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.isComplete() and wizard.state.inspection.sheet == "Mei", timeout=TIMEOUT)
    assert [combo.itemData(i) for i in range(combo.count())] == ["Juni", "Mei", "Toelichting"]
    assert wizard.state.mapping == {0: "vnummer", 1: "gemeente"}


def test_a_text_file_named_xlsx_gets_a_dutch_message(
    qtbot: Any, wizard: ImportWizard, tmp_path: Path, monkeypatch: Any, errors: Any
) -> None:
    fake = tmp_path / "koppelingen.xlsx"
    fake.write_text("Dit is geen spreadsheet maar een briefje.\n", encoding="utf-8")
    choose_hostile(qtbot, wizard, fake, monkeypatch)
    assert wizard.file_page.message.text() == safety.MSG_NOT_EXCEL

    locked = tmp_path / "beveiligd.xlsx"
    write_cfb(locked, ["EncryptionInfo", "EncryptedPackage"])
    choose_hostile(qtbot, wizard, locked, monkeypatch)
    assert wizard.file_page.message.text().startswith("Het bestand is beveiligd met een wachtwoord")
    assert errors.shown == []  # shown in the dialog, no error box, no traceback


def choose_hostile(qtbot: Any, wizard: ImportWizard, path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.file_page.message.text() != "", timeout=TIMEOUT)
    assert not wizard.file_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_a_saved_profile_maps_the_next_file(
    qtbot: Any, wizard: ImportWizard, sheet: Path, fresh_database: Database, monkeypatch: Any,
    make_context: Any,
) -> None:  # fmt: skip
    choose_file(qtbot, wizard, sheet, monkeypatch)
    click_next(qtbot, wizard)
    mapping = wizard.mapping_page
    language = mapping.combos[mapping.columns.index(SPREEKT)]
    language.setCurrentIndex(language.findData("taal"))
    # Choosing a field that another column has moves it: each field at most once.
    locatie = mapping.combos[mapping.columns.index(8)]
    locatie.setCurrentIndex(locatie.findData("taal"))
    assert language.currentData() is None
    assert "stond bij kolom H" in mapping.status.text()
    locatie.setCurrentIndex(locatie.findData("locatie"))
    language.setCurrentIndex(language.findData("taal"))

    save_profile(qtbot, mapping, "COA juni")
    with fresh_database.unit_of_work() as session:
        assert session.scalars(select(ImportProfile.name)).all() == ["COA juni"]
    asked: list[str] = []

    def yes(*args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
        asked.append(args[1])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    save_profile(qtbot, mapping, "COA juni")
    assert asked == ["Profiel vervangen?"]

    # A second dialog on the same file: without the profile 'Spreekt' is not read, with it it is.
    again = ImportWizard(wizard.context)
    qtbot.addWidget(again)
    again.show()
    choose_file(qtbot, again, sheet, monkeypatch)
    combo = again.file_page.profile_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["(geen)", "COA juni"]
    assert SPREEKT not in again.state.mapping
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(
        lambda: again.file_page.isComplete() and again.state.profile == "COA juni", timeout=TIMEOUT
    )
    assert again.state.mapping == PROPOSED | {SPREEKT: "taal"}


def save_profile(qtbot: Any, mapping: Any, name: str) -> None:
    mapping.status.clear()
    qtbot.mouseClick(mapping.save_button, Qt.MouseButton.LeftButton)
    dialog = mapping.name_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue(name)
    dialog.accept()
    qtbot.waitUntil(lambda: mapping.status.text() == f"Profiel '{name}' is opgeslagen.", timeout=TIMEOUT)


def test_rows_of_other_municipalities_are_counted_apart_from_faulty_ones(
    qtbot: Any, make_user: Any, make_context: Any, sheet: Path, fresh_database: Database, monkeypatch: Any
) -> None:
    """A contactpersoon of Zeist reads COA's regional sheet: the Zeist row is imported; the rows of
    Utrecht, Houten and Bunnik are "niet voor uw gemeente", not errors; the row with an impossible
    date is an error either way."""
    wizard = ImportWizard(make_context(make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)))
    qtbot.addWidget(wizard)
    wizard.show()
    choose_file(qtbot, wizard, sheet, monkeypatch)
    to_preview(qtbot, wizard)
    import_now(qtbot, wizard)
    run = wizard.run_page
    assert run.headline.text() == (
        "⚠ Het bestand is deels ingelezen: 1 nieuw, 0 gewijzigd; 4 van de 5 rijen zijn niet ingelezen "
        "(1 met fouten, 3 van een andere gemeente). Zie het verslag hieronder."
    )
    report = " ".join(run.report.text().split())
    assert "Met fouten: 1" in report
    assert "Niet voor uw gemeente: 3" in report
    assert "1 rij met fouten overgeslagen, 3 rijen van een andere gemeente overgeslagen." in report
    assert sorted(v for v, k in koppelingen(fresh_database).items() if k.gemeente.cbs_code == ZEIST) == [
        "0123456789"
    ]
    [batch] = batches(fresh_database)
    assert (batch.rows_new, batch.rows_error) == (1, 4)


def test_a_contactpersoon_is_offered_only_the_kinds_they_may_import(
    qtbot: Any, make_user: Any, make_context: Any
) -> None:
    dialog = ImportWizard(make_context(make_user("cp", Role.CONTACTPERSOON)))
    qtbot.addWidget(dialog)
    combo = dialog.file_page.kind_combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert "koppelingen" in names
    assert "taakstellingen" not in names  # the region's targets are for the coordinator
