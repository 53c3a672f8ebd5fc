"""Issue 10, CSV and header detection: a mixed-encoding CSV is refused with its lines, a genuine
cp1252 one still read; NUL bytes and an unclosed quote are reported (the quote's swallowed lines
still import); header detection stops after a bounded number of cells and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.io.excel.csv_reader import CsvWorkbook
from app.io.excel.headers import FILE_CELL_BUDGET, HEADER_SCAN_COLUMNS, SHEET_CELL_BUDGET
from app.io.excel.reader import open_workbook
from app.io.excel.safety import ImportFileError
from app.io.excel.table import detect_layout, header_cells_scored, read_table
from tests.io.coa_fields import COA_FIELDS

HEADER = "V-nummer;Gemeente;Gezinsgrootte;Datum koppeling;Achternaam\n"


def _rows(n: int, name: str = "ትግርኛ عربي") -> list[str]:
    return [f"01234567{i:02d};Utrecht;2;01-06-2017;{name}\n" for i in range(n)]


def _read(path: Path) -> list:
    with open_workbook(path) as wb:
        _layout, parsed = read_table(wb, COA_FIELDS)
        return list(parsed)


def test_one_cp1252_line_in_a_utf8_csv_is_refused_with_its_line(tmp_path: Path) -> None:
    data = (HEADER + "".join(_rows(20))).encode()
    data = data.replace(b"0123456716;Utrecht", "0123456716;Utrécht".encode("cp1252"))
    path = tmp_path / "gemengd.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as exc:
        open_workbook(path)
    assert exc.value.message_nl == (
        "Regel 18: tekens die geen UTF-8 zijn (byte 0xE9), terwijl de rest van het bestand UTF-8 is; "
        "sla het bestand op als 'CSV UTF-8' en lees het opnieuw in."
    )


def test_several_bad_lines_are_named(tmp_path: Path) -> None:
    lines = _rows(20)
    for i in (3, 9):
        lines[i] = f"01234567{i:02d};Utr\xe9cht;2;01-06-2017;Fatima\n"
    path = tmp_path / "gemengd.csv"
    path.write_bytes(HEADER.encode() + b"".join(
        line.encode("cp1252") if "\xe9" in line else line.encode() for line in lines
    ))  # fmt: skip
    bad = r"^Regels 5 en 11: tekens die geen UTF-8 zijn \(byte 0xE9 op regel 5, byte 0xE9 op regel 11\)"
    with pytest.raises(ImportFileError, match=bad):
        open_workbook(path)


def test_a_genuine_cp1252_csv_and_a_bom_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes((HEADER + "".join(_rows(3, "Müller-Çelik"))).encode("cp1252"))
    with open_workbook(path) as wb:
        assert isinstance(wb, CsvWorkbook) and wb.encoding == "cp1252"
    assert [r.values["achternaam"] for r in _read(path)] == ["Müller-Çelik"] * 3
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "".join(_rows(3))).encode())
    with open_workbook(path) as wb:
        assert isinstance(wb, CsvWorkbook) and wb.encoding == "utf-8-sig"
    assert [r.values["achternaam"] for r in _read(path)] == ["ትግርኛ عربي"] * 3


def test_nul_bytes_are_named_by_line(tmp_path: Path) -> None:
    lines = _rows(3000)  # the NUL sits beyond the first 64 KB the file check looks at
    lines[2500] = lines[2500].replace("Utrecht", "Utr\0echt")
    path = tmp_path / "nul.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    with pytest.raises(ImportFileError) as exc:
        open_workbook(path)
    assert exc.value.message_nl.startswith("Regel 2502: een NUL-teken (byte 0x00)")


def test_an_unclosed_quote_is_a_row_error_and_the_swallowed_lines_import(tmp_path: Path) -> None:
    lines = _rows(15)
    lines[10] = '0123456710;Utrecht;2;"01-06-2017;Naam\n'  # line 12 of the file
    path = tmp_path / "quote.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    parsed = _read(path)
    errors = [(p.row_number, p.error_text()) for p in parsed if not p.ok]
    assert errors == [
        (
            12,
            'Regel 12: een aanhalingsteken (") wordt niet gesloten; regels 12–16 zouden daardoor als één '
            "rij gelezen worden. Regel 12 is overgeslagen, de regels erna zijn elk als eigen rij gelezen. "
            "Controleer regel 12.",
        )
    ]
    good = [p for p in parsed if p.ok]
    assert len(good) == 14
    assert [p.row_number for p in good][-4:] == [13, 14, 15, 16]
    assert good[-1].values["vnummer"] == "0123456714"


def test_a_multi_line_cell_is_not_a_broken_quote(tmp_path: Path) -> None:
    lines = _rows(3)
    lines[1] = '0123456701;Utrecht;2;01-06-2017;"Naam\nmet een tweede regel"\n'
    path = tmp_path / "multi.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    parsed = _read(path)
    assert all(p.ok for p in parsed)
    assert [p.row_number for p in parsed] == [2, 3, 5]  # the lines of the file
    assert parsed[1].values["achternaam"].startswith("Naam")


# --- bounded header detection -------------------------------------------------------------------


def test_sixteen_thousand_unknown_csv_headers_give_up_within_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "breed.csv"
    heads = ";".join(f"kop{c:05d}" for c in range(16_384))
    path.write_text(heads + "\n" + ";".join(f"w{c}" for c in range(16_384)) + "\n")
    with open_workbook(path) as wb:
        with pytest.raises(ImportFileError) as exc:
            detect_layout(wb, COA_FIELDS)
        assert header_cells_scored(wb) <= 4 * HEADER_SCAN_COLUMNS
    assert "geen kopregel gevonden" in exc.value.message_nl
    assert "Gezocht is in de eerste 30 regels en 256 kolommen." in exc.value.message_nl


def test_a_sheet_of_distinct_texts_stops_at_the_sheet_budget(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "teksten.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Blad1")
    for r in range(64):
        for c in range(256):
            ws.write_string(r, c, f"t{r}x{c}")
    wb.close()
    with open_workbook(path) as book:
        with pytest.raises(ImportFileError, match="geen kopregel gevonden"):
            detect_layout(book, COA_FIELDS)
        assert header_cells_scored(book) <= SHEET_CELL_BUDGET


def test_many_sheets_without_a_header_stop_at_the_file_budget(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "bladen.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for s in range(60):
        ws = wb.add_worksheet(f"Blad{s}")
        for r in range(30):
            ws.write_row(r, 0, [f"x{s}_{r}_{c}" for c in range(20)])
    wb.close()
    with open_workbook(path) as book:
        with pytest.raises(ImportFileError) as exc:
            detect_layout(book, COA_FIELDS)
        assert header_cells_scored(book) <= FILE_CELL_BUDGET
    message = exc.value.message_nl
    assert message.startswith("In geen van de 60 werkbladen is een kopregel gevonden")
    assert "Gezocht is in de eerste 30 regels en 256 kolommen van " in message
    assert message.endswith(" van de 60 werkbladen.")


def test_the_budget_does_not_hide_a_real_header(tmp_path: Path) -> None:
    path = tmp_path / "gewoon.csv"
    title = ";".join(f"titel{c}" for c in range(40)) + "\n"
    path.write_text(title * 5 + HEADER + "".join(_rows(40)), encoding="utf-8")
    with open_workbook(path) as wb:
        layout = detect_layout(wb, COA_FIELDS)
    assert layout.header.header_row == 5
    assert set(layout.mapping.values()) >= {"vnummer", "gemeente", "gezinsgrootte", "datum_koppeling"}


def test_a_csv_over_the_row_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    from app.io.excel.safety import SafetyLimits

    path = tmp_path / "groot.csv"
    lines = ["V-nummer;Gemeente", *[f"{3000000000 + i};Zeist" for i in range(6)], "", ""]
    path.write_text("\r\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        open_workbook(path, limits=SafetyLimits(max_rows=5))
    assert refused.value.message_nl.startswith("Het bestand heeft 6 rijen onder de kopregel; de grens is 5.")
    # Exactly at the limit (blank lines not counted) it is read.
    assert open_workbook(path, limits=SafetyLimits(max_rows=6)).sheet_names == ["groot"]


def test_a_stray_nul_near_the_top_is_named_and_utf16_without_bom_is_read(tmp_path: Path) -> None:
    stray = tmp_path / "nul.csv"
    stray.write_bytes(b"V-nummer;Gemeente\r\n300000\x000001;Zeist\r\n")
    with pytest.raises(ImportFileError) as refused:
        _read(stray)
    assert refused.value.message_nl.startswith("Regel 2: een NUL-teken (byte 0x00)")
    wide = tmp_path / "unicode.csv"  # Excel's "Unicode-tekst" without its BOM
    wide.write_bytes("V-nummer;Gemeente\r\n3000000001;Zeist\r\n".encode("utf-16-le"))
    assert open_workbook(wide).rows().__next__()[:2] == ["V-nummer", "Gemeente"]
    binary = tmp_path / "binair.csv"
    binary.write_bytes(b"\x00\x01\x02PK" * 2000)
    with pytest.raises(ImportFileError) as refused:
        open_workbook(binary)
    assert refused.value.message_nl == "Het bestand heeft de naam van een CSV-bestand, maar bevat geen tekst."


@pytest.mark.parametrize(
    "data",
    [
        b"a;b\r\n1;2\r\n\r\n  \r\n3;4",
        b"\xef\xbb\xbfa;b\n1;2\n\n3;4\n",
        b"naam;plaats\nJos\xe9;Zeist\n\t\n" + b"x;y\n" * 300,
        "kop;taal\nአስቴር;ትግርኛ\n".encode() * 40 + b"\n\n",
        b"",
        b"\n\n\n",
        b"a" * 5000 + b"\n" + b"b;c\n" * 10,
    ],
)
def test_the_encoding_scan_counts_the_lines_as_the_row_limit_would(
    tmp_path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSV is read once for its encoding and its row count together (block edges included)."""
    from app.io.excel import csv_reader

    monkeypatch.setattr(csv_reader, "_SCAN_BLOCK", 64)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    encoding, counted = csv_reader._scan_encoding(path)
    assert counted == csv_reader._count_text_lines(path, encoding)
