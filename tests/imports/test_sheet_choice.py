"""Issue 10: of several sheets that fit, the best visible one is imported and the others are named;
a hidden sheet is used only when no visible one fits, and then with a note (inspection, CLI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from app.db.session import Database
from app.imports.engine import inspect_file
from app.services.users import sign_in
from tests.cli.cli_fixtures import add_users, cli
from tests.imports.conftest import koppelingen

DAY = dt.date.today() - dt.timedelta(days=30)
HEADER = ["V-nummer", "Gemeente", "Gezinsgrootte", "Datum koppeling"]


def write_sheets(path: Path, sheets: Sequence[tuple[str, str, Sequence[Sequence[object]]]]) -> Path:
    """(name, 'visible'/'hidden', rows) per sheet; openpyxl, which writes the sheet state."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, state, rows in sheets:
        ws = wb.create_sheet(name)
        ws.sheet_state = state
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def juni_mei(path: Path, mei_state: str = "visible") -> Path:
    return write_sheets(
        path,
        [
            ("Toelichting", "visible", [["Koppelingen van mei en juni."]]),
            ("Juni", "visible", [HEADER, ["1000000031", "Zeist", 2, DAY]]),
            ("Mei", mei_state, [HEADER, ["1000000032", "Bunnik", 1, DAY]]),
        ],
    )


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)
    return fresh_database


def _inspect(db: Database, path: Path, sheet: str | None = None):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return inspect_file(session, sign_in(session, "regio"), path, "koppelingen", sheet=sheet)


def test_two_fitting_sheets_the_best_is_chosen_and_the_other_named(db: Database, tmp_path: Path) -> None:
    found = _inspect(db, juni_mei(tmp_path / "twee.xlsx"))
    assert found.sheet == "Juni"
    assert [name for name, _score in found.sheets] == ["Juni", "Mei", "Toelichting"]
    assert found.sheet_notes == [
        "Ook werkblad 'Mei' heeft gegevens die passen; alleen werkblad 'Juni' wordt ingelezen."
    ]
    assert found.hidden_sheets == []
    assert _inspect(db, tmp_path / "twee.xlsx", sheet="Mei").sheet_notes == []


def test_a_hidden_sheet_is_marked_and_not_preferred(db: Database, tmp_path: Path) -> None:
    path = write_sheets(
        tmp_path / "verborgen.xlsx",
        [
            ("Oud", "hidden", [[*HEADER, "Achternaam", "Taal"], ["1000000033", "Zeist", 2, DAY, "X", "Ar"]]),
            ("Nieuw", "visible", [HEADER, ["1000000034", "Bunnik", 1, DAY]]),
        ],
    )
    found = _inspect(db, path)
    assert found.sheet == "Nieuw"  # the hidden sheet scores higher, but is hidden
    assert found.hidden_sheets == ["Oud"]
    assert found.sheet_notes == [
        "Ook werkblad 'Oud' (verborgen) heeft gegevens die passen; alleen werkblad 'Nieuw' wordt ingelezen."
    ]
    assert _inspect(db, path, sheet="Oud").sheet_notes == ["Werkblad 'Oud' is in Excel verborgen."]


def test_only_a_hidden_sheet_fits_it_is_used_with_a_note(db: Database, tmp_path: Path) -> None:
    path = write_sheets(
        tmp_path / "alleen-verborgen.xlsx",
        [
            ("Voorblad", "visible", [["Overzicht"]]),
            ("Data", "hidden", [HEADER, ["1000000035", "Zeist", 2, DAY]]),
        ],
    )
    found = _inspect(db, path)
    assert found.sheet == "Data"
    assert found.sheet_notes == [
        "Werkblad 'Data' is in Excel verborgen; het wordt gebruikt omdat geen zichtbaar werkblad deze "
        "kolommen heeft."
    ]


def test_the_command_line_names_the_other_sheet_and_sheet_picks_it(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = juni_mei(tmp_path / "twee.xlsx", mei_state="hidden")
    assert cli(db, "--as", "regio", "import", str(path), "--kind", "koppelingen") == 0
    out = capsys.readouterr().out
    assert (
        "Let op: Ook werkblad 'Mei' (verborgen) heeft gegevens die passen; alleen werkblad 'Juni' wordt "
        "ingelezen." in out
    )
    sheets = "(werkbladen: 'Toelichting', 'Juni', 'Mei' (verborgen))"
    assert f"Kies zelf het werkblad met --sheet NAAM {sheets}." in out
    assert set(koppelingen(db)) == {"1000000031"}
    assert cli(db, "--as", "regio", "import", str(path), "--kind", "koppelingen", "--sheet", "Mei") == 0
    out = capsys.readouterr().out
    assert "Let op: Werkblad 'Mei' is in Excel verborgen." in out
    assert "--sheet NAAM" not in out
    assert set(koppelingen(db)) == {"1000000031", "1000000032"}, out
