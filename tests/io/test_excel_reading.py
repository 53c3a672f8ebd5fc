"""Real files with the quirks of sheets from the field, read end to end (no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.io.excel.headers import make_profile, normalise_header, propose_mapping
from app.io.excel.reader import open_workbook
from app.io.excel.safety import ImportFileError
from app.io.excel.table import rank_sheets, read_table
from tests.io.coa_fields import COA_FIELDS


def _rows(path: Path, sheet: str | int | None = None) -> list[dict]:
    with open_workbook(path) as wb:
        _layout, parsed = read_table(wb, COA_FIELDS, sheet)
        out = []
        for row in parsed:
            assert row.ok, (row.row_number, row.errors)
            out.append(row.values)
        return out


def test_sample_sheet(tmp_path: Path) -> None:
    from app.demo.coa_sheet import write_sample_sheet

    path = tmp_path / "koppelingen.xlsx"
    write_sample_sheet(path, today=dt.date(2026, 12, 1))
    rows = _rows(path)
    assert len(rows) == 40
    assert rows[0]["vnummer"] == "0594646481"
    assert rows[0]["gemeente"] == "GM0344"
    assert rows[1]["gemeente"] == "GM0353"  # written as CBS code
    assert rows[0]["datum_koppeling"] == dt.date(2026, 11, 13)
    assert rows[0]["gezinsgrootte"] == 1


def test_title_rows_header_variants_order_extras_and_quirks(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export COA"
    ws["A1"] = "Overzicht koppelingen regio Utrecht"
    ws.merge_cells("A1:H1")
    ws["A2"] = "Aangemaakt op 03-07-2017"
    # Row 3 empty, header on row 4: variants, other order, an extra column.
    ws.append([])
    ws.append(
        [
            "Gekoppelde gemeente",
            "Opmerking",
            "V nr.",
            "Koppeldatum",
            "AANTAL  PERSONEN",
            "Achternaam\u00a0",
            "Geb. datum",
            "Voornaam",
        ]
    )
    ws.append(
        ["Utrecht ", "x", 123456789, dt.datetime(2017, 5, 12), "3", "Habte\u00a0", "29-12-1983", "Aster "]
    )
    ws.append([])
    ws.append([])
    ws.append(["gemeente Zeist", None, "0987654321", "12-5-17", 4.0, "Ghebre\u200b", "1998-07-16", "Senait"])
    ws.append(["GM0620", None, 12345678.0, "2017-01-03", "2,0", "Abraha", dt.date(1992, 10, 6), "Dawit"])
    ws.append(["344", None, " 01 2345 6789 ", 42873, "1", "X", None, "Y"])
    path = tmp_path / "variant.xlsx"
    wb.save(path)

    with open_workbook(path) as book:
        layout, parsed = read_table(book, COA_FIELDS)
        rows = list(parsed)
    assert layout.header.header_row == 3
    assert set(layout.mapping.values()) == {f.key for f in COA_FIELDS}
    assert [r.row_number for r in rows] == [5, 8, 9, 10]
    assert [r.errors for r in rows] == [{}, {}, {}, {}]
    values = [r.values for r in rows]
    assert values[0] == {
        "gemeente": "GM0344",
        "vnummer": "0123456789",
        "datum_koppeling": dt.date(2017, 5, 12),
        "gezinsgrootte": 3,
        "achternaam": "Habte",
        "geboortedatum": dt.date(1983, 12, 29),
        "voornaam": "Aster",
    }
    assert values[1]["vnummer"] == "0987654321"
    assert values[1]["achternaam"] == "Ghebre"
    assert values[1]["datum_koppeling"] == dt.date(2017, 5, 12)
    assert values[2]["gemeente"] == "GM1961"
    assert values[2]["vnummer"] == "0012345678"
    assert values[2]["gezinsgrootte"] == 2
    assert values[3]["vnummer"] == "0123456789"
    assert values[3]["datum_koppeling"] == dt.date(2017, 5, 18)  # serial 42873


def test_errors_are_collected_per_cell_in_dutch(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["V-nummer", "Gemeente", "Gezinsgrootte", "Datum koppeling"])
    ws.append(["12AB", "Amsterdam", "3,5", "31-02-2017"])
    ws.append([None, "Utrecht", 2, "01-01-2017"])
    path = tmp_path / "fouten.xlsx"
    wb.save(path)
    with open_workbook(path) as book:
        _layout, parsed = read_table(book, COA_FIELDS)
        rows = list(parsed)
    assert rows[0].errors == {
        "vnummer": "V-nummer: '12AB' is geen V-nummer: een V-nummer bestaat uit 10 cijfers.",
        "gemeente": "Gemeente: Gemeente 'Amsterdam' is onbekend (geef de naam of de CBS-code, zoals GM0344).",
        "gezinsgrootte": "Gezinsgrootte: '3,5' is geen geheel getal.",
        "datum_koppeling": "Datum koppeling: '31-02-2017' is geen geldige datum.",
    }
    assert rows[1].errors == {"vnummer": "V-nummer is verplicht maar leeg."}


def test_1904_date_system(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["V-nummer", "Gemeente", "Gezinsgrootte", "Datum koppeling", "Geboortedatum"])
    ws.append(["0123456789", "Utrecht", 1, dt.date(2017, 5, 12), 41405])  # bare serial, 1904 system
    ws["D2"].number_format = "dd-mm-yyyy"
    path = tmp_path / "mac.xlsx"
    wb.save(path)
    with open_workbook(path) as book:
        assert book.date1904 is True
        assert list(book.rows(0))[1][3] == dt.date(2017, 5, 12)  # calamine applies date1904 itself
    from app.io.excel.dates import parse_date

    assert parse_date(41405, date1904=True) == dt.date(2017, 5, 12)
    assert parse_date(41405) == dt.date(2013, 5, 11)


def test_merged_and_stacked_header_cells(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Koppelingen 2017"
    ws["A2"] = "Hoofdaanvrager"
    ws.merge_cells("A2:C2")
    ws["D2"] = "Datum"
    ws.merge_cells("D2:E2")
    ws["F2"] = "Gemeente"
    ws.merge_cells("F2:F3")
    ws["G2"] = "Gezinsgrootte"
    ws.merge_cells("G2:G3")
    for col, text in zip(
        "ABCDE", ["V-nummer", "Achternaam", "Voornaam", "koppeling", "geboorte"], strict=True
    ):
        ws[f"{col}3"] = text
    ws.append(["0123456789", "Habte", "Aster", dt.date(2017, 5, 12), dt.date(1983, 12, 29), "Zeist", 3])
    path = tmp_path / "samengevoegd.xlsx"
    wb.save(path)
    with open_workbook(path) as book:
        layout, parsed = read_table(book, COA_FIELDS)
        rows = list(parsed)
    assert layout.header.header_rows == 2
    assert layout.header.data_start == 3
    assert layout.mapping == {
        0: "vnummer",
        1: "achternaam",
        2: "voornaam",
        3: "datum_koppeling",
        4: "geboortedatum",
        5: "gemeente",
        6: "gezinsgrootte",
    }
    assert rows[0].values["gemeente"] == "GM0355"
    assert rows[0].values["geboortedatum"] == dt.date(1983, 12, 29)


def test_several_sheets_best_one_ranked_first(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Toelichting"
    notes.append(["Dit bestand bevat de koppelingen van juni."])
    data = wb.create_sheet("Juni")
    data.append(["V-nummer", "Gemeente", "Gezinsgrootte", "Datum koppeling"])
    data.append(["0123456789", "Utrecht", 2, "01-06-2017"])
    other = wb.create_sheet("Mei")
    other.append(["Vnummer", "Gemeente", "Aantal personen", "Datum koppeling"])
    other.append(["0123456780", "Zeist", 1, "01-05-2017"])
    path = tmp_path / "bladen.xlsx"
    wb.save(path)
    with open_workbook(path) as book:
        assert book.sheet_names == ["Toelichting", "Juni", "Mei"]
        ranked = rank_sheets(book, COA_FIELDS)
        assert ranked[-1] == ("Toelichting", 0.0)
        assert {name for name, _ in ranked[:2]} == {"Juni", "Mei"}
    assert _rows(path, "Mei")[0]["gemeente"] == "GM0355"
    with open_workbook(path) as book, pytest.raises(ImportFileError, match="geen kopregel"):
        read_table(book, COA_FIELDS, "Toelichting")


def test_csv_cp1252_semicolon_decimal_comma(tmp_path: Path) -> None:
    text = (
        "V-nummer;Gemeente;Gezinsgrootte;Datum koppeling;Achternaam;Huur\r\n"
        "123456789;Utrecht;3;12-05-2017;Müller-Ça;1.234,50\r\n"
        ";;;;;\r\n"
        "0987654321;Gemeente Zeist;2,0;2017-01-03;Señor;650,00\r\n"
        ";;;;;\r\n"
    )
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1252"))
    with open_workbook(path) as book:
        assert book.encoding == "cp1252"
        assert book.delimiter == ";"
        raw = list(book.rows(0))
    assert raw[1][5] == "1.234,50"
    assert len(raw) == 4  # the trailing empty line is not yielded
    rows = _rows(path)
    assert rows[0]["vnummer"] == "0123456789"
    assert rows[0]["achternaam"] == "Müller-Ça"
    assert rows[1]["gezinsgrootte"] == 2
    from app.io.excel.values import parse_decimal

    assert str(parse_decimal(raw[1][5])) == "1234.50"


def test_csv_utf8_bom_comma(tmp_path: Path) -> None:
    text = (
        "sep=,\nV-nummer,Gemeente,Gezinsgrootte,Datum koppeling,Achternaam\n"
        '0123456789,"De Bilt",1,1-2-17,"Ḥabte, A."\n'
    )
    path = tmp_path / "utf8.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with open_workbook(path) as book:
        assert book.encoding == "utf-8-sig"
        assert book.delimiter == ","
    rows = _rows(path)
    assert rows == [
        {
            "vnummer": "0123456789",
            "gemeente": "GM0310",
            "gezinsgrootte": 1,
            "datum_koppeling": dt.date(2017, 2, 1),
            "achternaam": "Ḥabte, A.",
        }
    ]


def test_header_normalisation() -> None:
    keys = {normalise_header(h) for h in ["V-nummer", "Vnummer", "V nr.", "V-nr", "v\u00a0nummer ", "V-NR:"]}
    assert keys == {"vnummer"}
    assert normalise_header("Géboortedatum") == normalise_header("geboorte datum")
    assert normalise_header("Datum van koppeling") == normalise_header("Datum koppeling")


def test_profile_follows_columns_by_name() -> None:
    header = ["Nr", "Plaats", "Aantal"]
    mapping = {0: "vnummer", 1: "gemeente", 2: "gezinsgrootte"}
    profile = make_profile("COA juni", "koppelingen", header, mapping)
    import json

    profile = json.loads(json.dumps(profile))
    moved = ["Aantal", "Extra", "Plaats", "Nr"]
    assert propose_mapping(moved, COA_FIELDS, profile) == {0: "gezinsgrootte", 2: "gemeente", 3: "vnummer"}


def test_exact_match_beats_containment() -> None:
    mapping = propose_mapping(["Gemeente van vestiging", "Gemeente", "V-nummer"], COA_FIELDS)
    assert mapping[1] == "gemeente"
    assert 0 not in mapping
