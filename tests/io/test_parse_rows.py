"""parse_rows remembers what each distinct cell value of a column parsed to: repeated values must
give every row the same values, warnings and errors as parsing each cell afresh would."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.io.excel import table
from app.io.excel.headers import FieldSpec
from app.io.excel.table import parse_rows
from app.io.excel.values import FormulaCell, decimal_parser, int_parser, parse_text

FIELDS = [
    FieldSpec("naam", "Naam", (), True, parse_text),
    FieldSpec("aantal", "Aantal", (), False, int_parser(0, 20, warn_above=12)),
    FieldSpec("bedrag", "Bedrag", (), False, decimal_parser(-10, 10)),
]
MAPPING = {0: "naam", 1: "aantal", 2: "bedrag"}


def _parsed(rows: list[list[Any]]) -> list[tuple[int, dict[str, Any], dict[str, str], dict[str, str]]]:
    out = parse_rows(iter(rows), MAPPING, FIELDS, first_row_number=2)
    return [(p.row_number, p.values, p.errors, p.warnings) for p in out]


def test_repeated_values_give_every_row_its_own_warnings_and_errors() -> None:
    broken = FormulaCell("#DIV/0!")
    rows = [["a", 14.0, 1.0], ["b", 14.0, 1.0], ["a", 30.0, None], ["c", 30.0, None], ["#N/A", 3.0, None],
            ["#N/A", 3.0, None], [broken, "x", None], [FormulaCell("#DIV/0!"), "x", None]]  # fmt: skip
    got = _parsed(rows)
    assert got[0] == (2, {"naam": "a", "aantal": 14, "bedrag": Decimal("1.0")}, {},
                      {"aantal": "Aantal 14 is ongewoon hoog (meer dan 12); klopt dat?"})  # fmt: skip
    assert got[1][1:] == ({"naam": "b", "aantal": 14, "bedrag": Decimal("1.0")}, {}, got[0][3])
    assert got[2][2] == got[3][2] == {"aantal": "Aantal 30 is te groot (hoogstens 20)."}
    assert got[4][2] == got[5][2] and "#N/A" in got[4][2]["naam"]
    assert got[6][2] == got[7][2] and set(got[6][2]) == {"naam", "aantal"}
    assert [g[1] for g in got[4:6]] == [{"aantal": 3, "bedrag": None}] * 2


def test_negative_zero_is_not_taken_for_zero() -> None:
    got = _parsed([["a", 0.0, 0.0], ["b", 0.0, -0.0], ["c", 0.0, 0.0]])
    assert [str(g[1]["bedrag"]) for g in got] == ["0.0", "-0.0", "0.0"]


def test_a_full_memo_still_parses_every_cell(monkeypatch: Any) -> None:
    monkeypatch.setattr(table, "PARSE_MEMO_CAP", 2)
    rows = [[f"n{i}", float(i % 25), None] for i in range(60)]
    got = _parsed(rows)
    assert [g[1].get("aantal") for g in got if not g[2]] == [i % 25 for i in range(60) if i % 25 <= 20]
    assert sum(1 for g in got if g[2]) == sum(1 for i in range(60) if i % 25 > 20)


def test_unhashable_cells_are_parsed_too() -> None:
    class Odd(list):  # a reader could hand over anything; an unhashable value is parsed as is
        def __str__(self) -> str:
            return "odd"

    got = _parsed([[Odd(), 1.0, None], [Odd(), 1.0, None]])
    assert [g[1]["naam"] for g in got] == ["odd", "odd"]
