"""The one formula-safe text rule (app.io.safe_text) on every output path: CSV of the commands
(print_table --csv: worklist, users list, match, board), the xlsx lists and the rejected-rows file.
Hypothesis texts: none of the written cells may be a formula."""

from __future__ import annotations

import contextlib
import csv
import io
import string
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.commands.common import print_table, write_csv
from app.io.excel.writer import ColumnSpec, write_rejected_rows, write_table
from app.io.safe_text import cell_text, formula_safe, is_safe_cell, starts_like_formula

ATTACKS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","klik")', "+31 6 12345678", "-2+3+cmd|' /C calc'!A0",
           "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1", "=", "-", "+", "@"]  # fmt: skip
formula_like = st.builds(lambda t, rest: t + rest, st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\n"]),
                         st.text(max_size=30))  # fmt: skip
texts = st.one_of(
    formula_like,
    st.sampled_from(ATTACKS),
    st.text(max_size=40),
    st.text(alphabet=string.printable, max_size=20),
)
decimals = st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**6, min_value=-(10**6))
values = st.one_of(texts, st.integers(-(10**6), 10**6), st.none(), st.booleans(), decimals)
rows_of_three = st.lists(values, min_size=3, max_size=3)
three_texts = st.lists(texts, min_size=3, max_size=3)


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_starts_get_a_quote(text: str) -> None:
    assert formula_safe(text) == "'" + text
    assert is_safe_cell(formula_safe(text)) and not is_safe_cell(text)


@pytest.mark.parametrize("text", ["Utrecht", "'=al gequote", "", " =spatie", "12", "GM0344", "V1234567"])
def test_other_text_stays_as_it_is(text: str) -> None:
    assert formula_safe(text) == text


def test_numbers_stay_numbers() -> None:
    """A saldo of -7, as a number or as the text a table shows, stays a number a spreadsheet reads."""
    assert cell_text(-7) == "-7" and cell_text(-7.5) == "-7.5" and cell_text(Decimal("-3.50")) == "-3.50"
    assert formula_safe("-7") == "-7" and formula_safe("+3,5") == "+3,5" and formula_safe("-0.25") == "-0.25"
    assert formula_safe("-7 ") == "'-7 " and formula_safe("-1e5") == "'-1e5"
    assert formula_safe("-１２") == "'-１２"  # only 0-9 count as digits
    assert cell_text(None) == ""


def _csv_cells(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out), delimiter=";"))


@settings(max_examples=150, deadline=None)
@given(three_texts, st.lists(rows_of_three, max_size=8))
def test_property_print_table_csv_has_no_formula(headers: list[str], rows: list[list[object]]) -> None:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        print_table(headers, rows, as_csv=True)
    cells = _csv_cells(buffer.getvalue())
    assert len(cells) == len(rows) + 1
    for line in cells:
        for cell in line:
            assert is_safe_cell(cell), cell
    # Nothing else changed: each cell is the value, or the value with one quote before it.
    for got, row in zip(cells[1:], rows, strict=True):
        for cell, value in zip(got, row, strict=True):
            plain = "" if value is None else str(value).replace("\r\n", "\n").replace("\r", "\n")
            assert cell in (plain, "'" + plain)
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                assert cell == str(value)


def test_write_csv_of_the_known_attacks() -> None:
    buffer = io.StringIO()
    write_csv(buffer, ["Naam", "Saldo"], [[a, -7] for a in ATTACKS])
    cells = _csv_cells(buffer.getvalue())
    assert [c[0] for c in cells[1:]] == ["'" + a.replace("\r", "\n") for a in ATTACKS]
    assert {c[1] for c in cells[1:]} == {"-7"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows_of_three, min_size=1, max_size=10), three_texts)
def test_property_xlsx_lists_have_no_formula(rows: list[list[object]], titles: list[str]) -> None:
    import openpyxl

    kinds = ["text", "int", "decimal"]
    columns = [ColumnSpec(f"c{i}", t, k) for i, (t, k) in enumerate(zip(titles, kinds, strict=True))]  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        list_path, rejected_path = Path(tmp) / "lijst.xlsx", Path(tmp) / "afgewezen.xlsx"
        write_table(list_path, columns, rows, {t: t for t in titles})
        rejected = [(row, str(row[0])) for row in rows]
        write_rejected_rows(rejected_path, titles, rejected, info={"x": titles[0]})
        for path in (list_path, rejected_path):
            wb = openpyxl.load_workbook(path)
            for ws in wb.worksheets:
                for line in ws.iter_rows():
                    for cell in line:
                        assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                        if isinstance(cell.value, str) and starts_like_formula(cell.value):
                            assert cell.quotePrefix


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # PostgreSQL needs a password; same rule
def test_users_list_csv_quotes_a_formula_name(fresh_database, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """The CLI path end to end (users list --csv; worklist/match/board --csv go through the same
    print_table): a user named like a formula is printed with a quote."""
    from tests.cli.cli_fixtures import cli

    assert cli(fresh_database, "setup", "--role", "beheerder") == 0
    name = "=cmd|' /C calc'!A0"
    assert cli(fresh_database, "users", "add", "fx-user", "--name", name, "--role", "contactpersoon",
               "--gemeente", "Zeist") == 0  # fmt: skip
    capsys.readouterr()
    assert cli(fresh_database, "users", "list", "--csv") == 0
    rows = [r for r in _csv_cells(capsys.readouterr().out) if r and r[0] == "fx-user"]
    assert rows == [["fx-user", "'" + name, "Contactpersoon", "Zeist", "ja"]]
