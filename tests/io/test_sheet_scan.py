"""The streaming scan of a sheet's XML (sheet_limits.scan_sheet_xml): what it finds must not
depend on where the 1 MB chunks fall, on the element prefix or on the attribute spelling, and
the parts it skips after one look (no far reference, no formula) must be the parts where the
full patterns would find nothing."""

from __future__ import annotations

import io

import pytest

from app.io.excel import sheet_limits
from app.io.excel.formulas import may_hold_marker
from app.io.excel.safety import MSG_CORRUPT, ImportFileError
from app.io.excel.sheet_limits import scan_sheet_xml

CHUNK = sheet_limits._SCAN_CHUNK


def plain_row(r: int, p: str = "") -> str:
    cells = f'<{p}c r="A{r}" t="s"><{p}v>{r}</{p}v></{p}c><{p}c r="B{r}"><{p}v>1</{p}v></{p}c>'
    return f'<{p}row r="{r}">{cells}</{p}row>'


def sheet(body: str, p: str = "") -> bytes:
    ns = f"xmlns:{p[:-1]}" if p else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{p}worksheet {ns}="urn:x"><{p}sheetData>{body}'
        f"</{p}sheetData></{p}worksheet>"
    ).encode()


def filled(tail: str, at: int, p: str = "") -> bytes:
    """Plain rows, then `tail` starting exactly at byte `at` of the XML (a text cell pads)."""
    head = sheet("", p).split(f"</{p}sheetData>".encode())[0].decode()
    rows, n = [], 1
    size = len(head)
    while size + len(plain_row(n, p)) < at - 200:
        rows.append(plain_row(n, p))
        size += len(rows[-1])
        n += 1
    pad_row = f'<{p}row r="{n}"><{p}c r="A{n}" t="inlineStr"><{p}is><{p}t>'
    pad_end = f"</{p}t></{p}is></{p}c></{p}row>"
    pad = at - size - len(pad_row) - len(pad_end)
    rows.append(pad_row + "x" * pad + pad_end)
    xml = sheet("".join(rows) + tail, p)
    assert xml.index(tail.encode()) == at
    return xml


def scan(xml: bytes) -> tuple[object, ...]:
    s = scan_sheet_xml(io.BytesIO(xml))
    return s.rows, s.last_row, s.last_col, s.far_cell, s.far_row, s.formula_markers


@pytest.mark.parametrize("shift", [-17, -9, -6, -3, -1, 0, 1, 3])
def test_a_chunk_boundary_inside_a_far_row_tag_changes_nothing(shift: int) -> None:
    tail = '<row r="1000000"><c r="C1000000"><v>1</v></c></row>'
    xml = filled(tail, CHUNK + shift)
    rows = xml.count(b"<row ")
    assert scan(xml) == (rows, 1_000_000, 26, "C1000000", 1_000_000, False)


@pytest.mark.parametrize("shift", [-12, -5, -2, 0, 2])
def test_a_chunk_boundary_inside_a_far_cell_changes_nothing(shift: int) -> None:
    tail = '<row r="7"><c r="XFD1048576" t="s"><v>1</v></c></row>'
    xml = filled(tail, 2 * CHUNK + shift)
    rows = xml.count(b"<row ")
    assert scan(xml) == (rows, 1_048_576, 16_384, "XFD1048576", 1_048_576, False)


def test_a_namespaced_sheet_with_the_far_cell_in_the_last_chunk() -> None:
    tail = "<x:row r='9' spans='1:2'><x:c r = 'CZ1048576' s='1'><x:v>1</x:v></x:c></x:row><x:row/>"
    xml = filled(tail, 2 * CHUNK + 100, "x:")
    rows = xml.count(b"<x:row ")  # <x:row/> has no cells
    assert scan(xml) == (rows, 1_048_576, 104, "CZ1048576", 1_048_576, False)


def test_plain_parts_and_a_last_part_with_row_2e9_and_a_formula() -> None:
    tail = '<row r="2000000000"><c r="A2000000000"><f>1+1</f></c></row>'
    xml = filled(tail, 3 * CHUNK - 40)
    rows = xml.count(b"<row ")
    assert scan(xml) == (rows, 2_000_000_000, 26, "A2000000000", 2_000_000_000, True)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a row without cells is not a row; one without r counts on; near rows and cells bound
        # nothing (last_row is the row count), far ones do
        ('<row r="1"/><row r="2"><c r="A2"><v>1</v></c></row><row><c><v>1</v></c></row>', (2, 2, 26)),
        ("<row r='5'><c r='B5'><v>1</v></c></row>", (1, 1, 26)),
        ('<row r = "5"><c r= "AB5"><v>1</v></c></row>', (1, 5, 28)),
        ('<row r="1048577"><c r="A1048577"><v>1</v></c></row>', (1, 1_048_577, 26)),
        ('<row r="3"><c r="a100000"><v>1</v></c><c r="B50000"><v>1</v></c></row>', (1, 100_000, 26)),
    ],
)
def test_spellings_and_empty_rows(body: str, expected: tuple[int, int, int]) -> None:
    s = scan_sheet_xml(io.BytesIO(sheet(body)))
    assert (s.rows, s.last_row, s.last_col) == expected


def test_the_first_of_equally_far_cells_is_named_in_capitals() -> None:
    body = "".join(
        f'<row r="{r}"><c r="{ref}"><v>1</v></c></row>'
        for r, ref in [(1, "b100000"), (2, "A200000"), (3, "AA1"), (4, "A0000200000"), (5, "Z99999")]
    )
    assert scan(sheet(body)) == (5, 200_000, 27, "B100000", 100_000, False)
    # digits beyond thirteen are cut, as before: row 1234567890123
    long_ref = '<row r="1"><c r="A12345678901234567"><v>1</v></c></row>'
    assert scan(sheet(long_ref))[1:5] == (1_234_567_890_123, 26, "A12345678901234567", 1_234_567_890_123)


def test_many_far_cells_in_every_part() -> None:
    cells = '<c r="A{r}"><v>1</v></c><c r="AD{r}"><v>1</v></c>'
    body = "".join(f'<row r="{r}">' + cells.format(r=r) + "</row>" for r in range(100_000, 160_000))
    assert scan(sheet(body)) == (60_000, 159_999, 30, "AD159999", 159_999, False)


def test_a_tag_of_megabytes_is_refused() -> None:
    xml = sheet('<row r="1"><c r="A1" t="s"' + " " * (sheet_limits._SCAN_TAIL_CAP + 2 * CHUNK) + "/></row>")
    with pytest.raises(ImportFileError) as err:
        scan_sheet_xml(io.BytesIO(xml))
    assert str(err.value) == MSG_CORRUPT


def test_an_empty_or_rootless_stream() -> None:
    assert scan(b"") == (0, 0, 0, "", 0, False)
    assert scan(b'<row r="3"><c r="A3"/></row>') == (1, 1, 26, "", 0, False)


@pytest.mark.parametrize(
    ("block", "marker"),
    [
        (b'<c r="A1"><v>1</v></c>', False),
        (b"<c><f>1</f></c>", True),
        (b"<x:c><x:f>1</x:f></x:c>", True),
        (b'<c t="e"><v>#N/A</v></c>', True),
        (b"<c t='e'><v>#N/A</v></c>", True),
        (b"<c t='s'><v>O'Brien, fout</v></c>", False),
        (b"<t>" + b"fff " * 500 + b"</t><f>", True),  # more f's than are looked at one by one
        (b"<t>" + b"fff " * 500 + b"</t>", False),
    ],
)
def test_may_hold_marker(block: bytes, marker: bool) -> None:
    assert may_hold_marker(block) is marker
    assert may_hold_marker(block + b"<f", len(block)) is marker  # only block[:end] counts


@pytest.mark.parametrize("space", ["\n", "\t", "\r\n"])
def test_a_far_cell_or_row_after_a_line_break_or_tab_is_seen(space: str) -> None:
    """calamine reads <c\nr="XFD1048576"> as that cell: a box of 1,048,576 × 16,384."""
    cell = f'<row r="1"><c{space}r="XFD1048576"><v>1</v></c></row>'
    assert scan(sheet(cell))[1:5] == (1_048_576, 16_384, "XFD1048576", 1_048_576)
    row = f'<row{space}r="2000000000"><c r="A5"><v>1</v></c></row>'
    assert scan(sheet(row))[1:3] == (2_000_000_000, 26)


@pytest.mark.parametrize("p", ["", "x:"])
def test_rows_without_cells_never_hide_real_rows_from_the_row_limit(p: str) -> None:
    """<row/> adds nothing and takes nothing away, with or without a prefix: 300,000 of them in
    front of 250,001 real rows leave 250,001 rows, and the sheet is refused for its size."""
    empties = f"<{p}row/>" * 300_000 + f'<{p}row r="7"/>' + f"<{p}row\t/>"
    s = scan_sheet_xml(io.BytesIO(sheet(empties + "".join(plain_row(r, p) for r in range(1, 250_002)), p)))
    assert s.rows == 250_001
    with pytest.raises(ImportFileError, match=r"250\.000 rijen; de grens is 200\.000"):
        sheet_limits.check_sheet_scan("Blad1", s)
    one = f'<{p}row\tr="1"><{p}c r="A1"><{p}v>1</{p}v></{p}c></{p}row>'
    tabbed = scan_sheet_xml(io.BytesIO(sheet(one, p)))
    assert tabbed.rows == 1
