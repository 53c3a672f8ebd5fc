"""Hostile and broken files: each must be refused quickly with a clear Dutch message."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.io.excel import safety
from app.io.excel.reader import MSG_UNSAFE_XML, open_workbook
from app.io.excel.safety import ImportFileError, SafetyLimits, check_file
from tests.io.builders import BILLION_LAUGHS_SHEET, add_zero_member, replace_member, write_cfb


def _valid_xlsx(path: Path, rows: int = 20) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["V-nummer", "Achternaam", "Gemeente"])
    for i in range(rows):
        ws.append([f"{i:010d}", f"Naam {i}", "Utrecht"])
    wb.save(path)
    return path


def _refused(path: Path, limits: SafetyLimits | None = None) -> str:
    started = time.perf_counter()
    with pytest.raises(ImportFileError) as info, open_workbook(path, limits=limits) as wb:
        for _ in wb.rows(0):
            pass
    assert time.perf_counter() - started < 5, "a hostile file must be refused within seconds"
    return info.value.message_nl


def test_valid_file_passes(tmp_path: Path) -> None:
    assert check_file(_valid_xlsx(tmp_path / "ok.xlsx")) == "xlsx"


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    src = _valid_xlsx(tmp_path / "src.xlsx")
    bomb = tmp_path / "bom.xlsx"
    replace_member(src, bomb, "xl/worksheets/sheet1.xml", BILLION_LAUGHS_SHEET)
    assert check_file(bomb) == "xlsx"  # small and well-formed as a zip: the reader must refuse it
    assert _refused(bomb) == MSG_UNSAFE_XML


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    src = _valid_xlsx(tmp_path / "src.xlsx")
    bomb = tmp_path / "zipbom.xlsx"
    add_zero_member(src, bomb, "xl/media/image1.png", 200 * 1024 * 1024)
    assert bomb.stat().st_size < 1024 * 1024
    assert _refused(bomb) == safety.MSG_BOMB


def test_zip_bomb_in_sheet_xml_by_total_size(tmp_path: Path) -> None:
    src = _valid_xlsx(tmp_path / "src.xlsx")
    bomb = tmp_path / "zipbom2.xlsx"
    add_zero_member(src, bomb, "xl/worksheets/sheet2.xml", 16 * 1024 * 1024)
    limits = SafetyLimits(max_uncompressed_bytes=8 * 1024 * 1024)
    assert _refused(bomb, limits) == safety.MSG_BOMB


def test_lying_size_header_is_caught(tmp_path: Path) -> None:
    """A member whose central-directory size understates what it inflates to."""
    src = _valid_xlsx(tmp_path / "src.xlsx")
    data = bytearray(src.read_bytes())
    # Halve the declared uncompressed size of every sheet entry in the central directory.
    import zipfile

    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    cd = data.rfind(b"PK\x01\x02", 0, len(data))
    while cd != -1:
        name_len = int.from_bytes(data[cd + 28 : cd + 30], "little")
        if data[cd + 46 : cd + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            data[cd + 24 : cd + 28] = (info.file_size // 2).to_bytes(4, "little")
        cd = data.rfind(b"PK\x01\x02", 0, cd)
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(data))
    assert _refused(liar) == safety.MSG_CORRUPT


def test_oversized_file_with_small_limit(tmp_path: Path) -> None:
    path = _valid_xlsx(tmp_path / "big.xlsx", rows=2000)
    message = _refused(path, SafetyLimits(max_file_bytes=10_000))
    assert message.startswith("Het bestand is te groot om in te lezen")
    assert "grens is 0,0 MB" in message or "grens is" in message


def test_truncated_xlsx(tmp_path: Path) -> None:
    src = _valid_xlsx(tmp_path / "src.xlsx", rows=500)
    cut = tmp_path / "afgebroken.xlsx"
    cut.write_bytes(src.read_bytes()[: src.stat().st_size * 6 // 10])
    assert _refused(cut) == safety.MSG_CORRUPT


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "willekeurig.xlsx"
    path.write_bytes(os.urandom(50_000))
    assert _refused(path) == safety.MSG_NOT_EXCEL


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.xlsx"
    path.write_bytes(b"")
    assert _refused(path) == safety.MSG_EMPTY


def test_missing_file(tmp_path: Path) -> None:
    assert "bestaat niet" in _refused(tmp_path / "weg.xlsx")


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "beveiligd.xlsx"
    write_cfb(path, ["EncryptionInfo", "EncryptedPackage"])
    message = _refused(path)
    assert message.startswith("Het bestand is beveiligd met een wachtwoord.")


def test_legacy_xls(tmp_path: Path) -> None:
    path = tmp_path / "oud.xls"
    write_cfb(path, ["Workbook"])
    assert _refused(path) == safety.MSG_LEGACY_XLS


def test_other_ole_file(tmp_path: Path) -> None:
    path = tmp_path / "brief.xlsx"
    write_cfb(path, ["WordDocument"])
    assert _refused(path) == safety.MSG_NOT_EXCEL


def test_docx_renamed_to_xlsx(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "brief.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    assert _refused(path) == safety.MSG_NOT_EXCEL


def test_binary_named_csv(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert _refused(path) == safety.MSG_BINARY_CSV


def test_thousands_of_empty_formatted_rows_are_fast(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "opgemaakt.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    fmt = wb.add_format({"bg_color": "#FFFF00", "border": 1})
    ws.write_row(0, 0, ["V-nummer", "Naam"])
    ws.write_row(1, 0, ["0123456789", "Aster"])
    for r in range(2, 20_002):
        ws.set_row(r, None, fmt)
        ws.write_blank(r, 0, None, fmt)
        ws.write_blank(r, 1, None, fmt)
    wb.close()
    started = time.perf_counter()
    with open_workbook(path) as book:
        rows = list(book.rows(0))
    assert time.perf_counter() - started < 2
    assert rows == [["V-nummer", "Naam"], ["0123456789", "Aster"]]


def test_thousands_of_empty_string_cells_stop_after_limit(tmp_path: Path) -> None:
    """Cells that hold an empty string count as empty: the run ends the sheet."""
    import xlsxwriter

    path = tmp_path / "lege-tekst.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["V-nummer", "Naam"])
    for r in range(1, 5_000):
        ws.write_string(r, 0, " ")
    ws.write_string(6_000, 0, "ver weg")
    wb.close()
    with open_workbook(path, max_empty_rows=1000) as book:
        rows = list(book.rows(0))
    assert rows == [["V-nummer", "Naam"]]
