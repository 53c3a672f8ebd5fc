"""Cell parsers: what Dutch sheets contain, and the Dutch messages for what cannot be used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.io.excel.values import (
    CellError,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_gemeente,
    parse_int,
    parse_text,
    parse_vnummer,
)
from tests.io.coa_fields import GEMEENTEN

D = dt.date(2017, 5, 12)


@pytest.mark.parametrize(
    "raw",
    [D, dt.datetime(2017, 5, 12, 13, 0), 42867.0, 42867, "12-05-2017", "12-5-17", "12/05/2017", "12.05.2017",
     "2017-05-12", "2017-05-12T00:00:00", "12 mei 2017", "12-mei-17", "12052017", "12-05-2017 00:00",
     "\u00a012-05-2017 "],
)  # fmt: skip
def test_dates(raw: object) -> None:
    assert parse_date(raw) == D


def test_date_1904_and_errors() -> None:
    assert parse_date(41405.0, date1904=True) == D
    assert parse_date(None) is None and parse_date("  ") is None
    for bad, text in [("31-02-2017", "geen geldige datum"), ("morgen", "geen datum"), (dt.time(12), "tijd")]:
        with pytest.raises(CellError, match=text):
            parse_date(bad)


@pytest.mark.parametrize(
    "raw,expected", [("3", 3), ("3,0", 3), (3.0, 3), (" 1.234 ", 1234), ("-2", -2), (7, 7)]
)
def test_ints(raw: object, expected: int) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["3,5", 3.5, "drie", True])
def test_int_errors(raw: object) -> None:
    with pytest.raises(CellError):
        parse_int(raw)


@pytest.mark.parametrize(
    "raw,expected",
    [("1.234,56", "1234.56"), ("1,234.56", "1234.56"), ("3,5", "3.5"), ("€ 650,00", "650.00"), (0.1, "0.1"),
     ("1 234,5", "1234.5"), ("0.125", "0.125")],
)  # fmt: skip
def test_decimals(raw: object, expected: str) -> None:
    assert parse_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "raw,expected",
    [(123456789.0, "0123456789"), (123456789, "0123456789"), ("123456789", "0123456789"),
     ("0123456789", "0123456789"), ("0123 456 789", "0123456789"), ("V0123456789", "0123456789"),
     ("123456789.0", "0123456789")],
)  # fmt: skip
def test_vnummer(raw: object, expected: str) -> None:
    assert parse_vnummer(raw) == expected


@pytest.mark.parametrize(
    "raw,message",
    [("12345678901", "meer dan 10 cijfers"), ("AB12345678", "bestaat uit 10 cijfers"), ("123", "te weinig"),
     (1234.5, "10 cijfers"), ("1,23457E+09", "afgerond")],
)  # fmt: skip
def test_vnummer_errors(raw: object, message: str) -> None:
    with pytest.raises(CellError, match=message):
        parse_vnummer(raw)


@pytest.mark.parametrize(
    "raw,expected",
    [("GM0344", "GM0344"), ("344", "GM0344"), ("0344", "GM0344"), (344.0, "GM0344"), ("Utrecht", "GM0344"),
     ("gemeente Utrecht", "GM0344"), ("UTRECHT\u00a0", "GM0344"), ("Vianen", "GM1961"), ("GM0620", "GM1961"),
     ("de bilt", "GM0310"), ("Wijk-bij-Duurstede", "GM0352"), ("Utrecht (GM0344)", "GM0344")],
)  # fmt: skip
def test_gemeente(raw: object, expected: str) -> None:
    assert parse_gemeente(raw, GEMEENTEN) == expected


def test_gemeente_unknown() -> None:
    with pytest.raises(CellError, match="'Amsterdam' is onbekend"):
        parse_gemeente("Amsterdam", GEMEENTEN)


@pytest.mark.parametrize("raw", ["ja", "J", "x", "1", "waar", "Yes", True, 1.0])
def test_bool_true(raw: object) -> None:
    assert parse_bool(raw) is True


@pytest.mark.parametrize("raw", ["nee", "N", "0", "onwaar", "no", False, 0.0])
def test_bool_false(raw: object) -> None:
    assert parse_bool(raw) is False


def test_bool_error_and_empty() -> None:
    assert parse_bool("") is None
    with pytest.raises(CellError, match="geen ja/nee"):
        parse_bool("misschien")


def test_text_cleanup() -> None:
    assert parse_text("  Habte\u00a0\u200b ") == "Habte"
    assert parse_text("a \u00a0 b") == "a b"
    assert parse_text(12.0) == "12"
    assert parse_text("\u200b") is None
