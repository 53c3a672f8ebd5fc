"""Exports: layout, formula safety and round-trips (read back with openpyxl and our own reader)."""

from __future__ import annotations

import datetime as dt
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.io.excel.reader import open_workbook
from app.io.excel.writer import (
    ERROR_COLUMN_TITLE,
    ColumnSpec,
    clean_export_text,
    write_rejected_rows,
    write_table,
)

COLUMNS = [
    ColumnSpec("naam", "Naam"),
    ColumnSpec("telefoon", "Telefoon"),
    ColumnSpec("personen", "Personen", "int"),
    ColumnSpec("huur", "Huur", "decimal"),
    ColumnSpec("datum", "Datum koppeling", "date"),
    ColumnSpec("gewijzigd", "Gewijzigd", "datetime"),
    ColumnSpec("actief", "Actief", "bool"),
]


def test_layout_and_values(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "lijst.xlsx"
    rows = [
        ["=HYPERLINK(\"http://x\")", "+31 6 12345678", 3, 650.5, dt.date(2017, 5, 12),
         dt.datetime(2017, 5, 12, 8, 0, tzinfo=dt.UTC), True],
        ["-5", "@SUM(A1)", None, None, None, None, False],
    ]  # fmt: skip
    n = write_table(path, COLUMNS, rows, {"Exporttijd": "03-07-2017 10:00", "Gebruiker": "j.jansen",
                                          "Filter": "gemeente = Utrecht"})  # fmt: skip
    assert n == 2
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Gegevens", "Info"]
    ws = wb["Gegevens"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G3"
    assert ws["A1"].font.b
    assert ws["A2"].data_type == "s" and ws["A2"].value == '=HYPERLINK("http://x")'
    assert ws["A2"].quotePrefix and ws["B3"].quotePrefix and ws["A3"].quotePrefix
    assert ws["B2"].value == "+31 6 12345678"
    assert ws["C2"].value == 3 and ws["D2"].value == 650.5
    assert ws["E2"].value == dt.datetime(2017, 5, 12) and ws["E2"].number_format == "dd-mm-yyyy"
    assert ws["F2"].value == dt.datetime(2017, 5, 12, 10, 0)  # UTC → Amsterdam summer time
    assert ws["G2"].value == "ja" and ws["G3"].value == "nee"
    assert all(ws.column_dimensions[c].width >= 6 for c in "ABCDEFG")
    info = {r[0]: r[1] for r in wb["Info"].iter_rows(min_row=2, values_only=True)}
    assert info["Gebruiker"] == "j.jansen" and info["Aantal rijen"] == "2"
    with open_workbook(path) as book:  # and no formula anywhere in the XML
        assert list(book.rows(0))[1][0] == '=HYPERLINK("http://x")'
    import zipfile

    with zipfile.ZipFile(path) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")


def test_control_characters_removed(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "ctrl.xlsx"
    write_table(path, COLUMNS[:1], [["a\x00b\x0bc\x1fd\ud800e\r\nf"]], {})
    assert openpyxl.load_workbook(path)["Gegevens"]["A2"].value == "abcde\nf"


def test_rejected_rows_file(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "afgewezen.xlsx"
    header = ["V-nummer", "Gemeente", "Datum koppeling"]
    rows = [(["12AB", "Amsterdam", dt.date(2017, 5, 12)], "V-nummer: '12AB' is geen V-nummer."),
            (["0123456789", "=cmd", None], "Gemeente: onbekend")]  # fmt: skip
    assert write_rejected_rows(path, header, rows) == 2
    ws = openpyxl.load_workbook(path).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == ("V-nummer", "Gemeente", "Datum koppeling", ERROR_COLUMN_TITLE)
    assert values[1] == ("12AB", "Amsterdam", dt.datetime(2017, 5, 12), "V-nummer: '12AB' is geen V-nummer.")
    assert values[2][1] == "=cmd"


# Text that starts like a formula, plus anything else printable or not.
formula_like = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n", "=SUM(", "+31 6 ", ""]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
texts = st.one_of(formula_like, st.text(max_size=40), st.text(alphabet=string.printable, max_size=20))
ints = st.integers(min_value=-(2**53), max_value=2**53)
dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts, ints, dates, st.booleans()), min_size=1, max_size=15))
def test_property_export_round_trips_and_never_makes_formulas(
    rows: list[tuple[str, int, dt.date, bool]],
) -> None:
    import openpyxl

    columns = [ColumnSpec("t", "Tekst"), ColumnSpec("i", "Getal", "int"), ColumnSpec("d", "Datum", "date"),
               ColumnSpec("b", "Ja/nee", "bool")]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.xlsx"
        write_table(path, columns, rows, {"Filter": rows[0][0]})
        ws = openpyxl.load_workbook(path)["Gegevens"]
        back = list(ws.iter_rows(min_row=2, values_only=True))
        assert len(back) == len(rows)
        for (text, number, day, flag), (t2, n2, d2, b2) in zip(rows, back, strict=True):
            expected = clean_export_text(text)
            assert (t2 or "") == expected
            assert n2 == number
            assert d2 == dt.datetime.combine(day, dt.time())
            assert b2 == ("ja" if flag else "nee")
        for row in ws.iter_rows(min_row=2, max_col=1):
            cell = row[0]
            assert cell.data_type != "f"
            assert cell.value is None or isinstance(cell.value, str)


# Every column kind, empty cells, and generated text in the titles and on the Info sheet too.
AMSTERDAM = "Europe/Amsterdam"
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
moments = st.datetimes(
    min_value=dt.datetime(1901, 1, 1),
    max_value=dt.datetime(9998, 12, 31),
    timezones=st.sampled_from([None, dt.UTC]),
).map(lambda d: d.replace(microsecond=0))
mixed_rows = st.lists(
    st.tuples(
        st.one_of(st.none(), texts),
        st.one_of(st.none(), ints),
        st.one_of(st.none(), finite),
        st.one_of(st.none(), dates),
        st.one_of(st.none(), moments),
        st.one_of(st.none(), st.booleans()),
    ),
    min_size=1,
    max_size=12,
)


def _expected_moment(value: dt.datetime) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return value if value.tzinfo is None else value.astimezone(ZoneInfo(AMSTERDAM)).replace(tzinfo=None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_rows, st.lists(texts, min_size=6, max_size=6), st.dictionaries(texts, texts, max_size=4))
def test_property_every_kind_round_trips_and_nothing_anywhere_is_a_formula(
    rows: list[tuple], titles: list[str], info: dict[str, str]
) -> None:
    import zipfile

    import openpyxl

    kinds = ["text", "int", "decimal", "date", "datetime", "bool"]
    columns = [
        ColumnSpec(f"c{i}", title, kind) for i, (title, kind) in enumerate(zip(titles, kinds, strict=True))
    ]  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.xlsx"
        write_table(path, columns, rows, info)
        with zipfile.ZipFile(path) as zf:  # no formula element in any sheet, whatever the text was
            for name in zf.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name)
        wb = openpyxl.load_workbook(path)
        ws = wb["Gegevens"]
        header = [c.value or "" for c in ws[1]]
        assert header == [clean_export_text(t) for t in titles]
        back = list(ws.iter_rows(min_row=2, max_row=len(rows) + 1, max_col=6, values_only=True))
        assert len(back) == len(rows)
        for (text, number, real, day, moment, flag), got in zip(rows, back, strict=True):
            assert (got[0] or "") == clean_export_text(text or "")
            assert got[1] == number
            assert got[2] == real or (real is not None and abs(got[2] - real) <= abs(real) * 1e-15)
            assert got[3] == (None if day is None else dt.datetime.combine(day, dt.time()))
            expected = None if moment is None else _expected_moment(moment)
            assert (
                got[4] is None if expected is None else abs(got[4] - expected) < dt.timedelta(milliseconds=1)
            )
            assert got[5] == (None if flag is None else ("ja" if flag else "nee"))
        for row in ws.iter_rows(min_row=2, max_col=1):
            cell = row[0]
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\n")):
                assert cell.quotePrefix  # editing the cell in Excel keeps it text
        written = {k: v for k, v in wb["Info"].iter_rows(min_row=2, values_only=True)}
        expected_info = {clean_export_text(k): clean_export_text(v) for k, v in info.items()}
        for key, value in expected_info.items():
            if key and key != "Aantal rijen":
                assert (written.get(key) or "") == value
