"""Cell parsers: what Dutch sheets contain, and the Dutch messages for what cannot be used."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.io.excel.dates import parse_date
from app.io.excel.values import (
    CellError,
    parse_bool,
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


# --- issue 10: ranges, warnings, ambiguous thousands, two municipalities, formula cells, months -----


def _range_error(parser, value):  # type: ignore[no-untyped-def]
    with pytest.raises(CellError) as info:
        parser(value)
    return info.value


@pytest.mark.parametrize(
    ("raw", "shown"),
    [(10**30, "1" + "0" * 30), ("1" + "0" * 30, "1" + "0" * 30),
     (2**63, "9223372036854775808"), ("9223372036854775808", "9223372036854775808"), (1e30, "1E+30"),
     (float(2**63), "9.22337E+18"), (9999, "9999"), (2**31, "2147483648"), ("21", "21"),
     ("9" * 70, "99999999999999999999…(70 cijfers)")],
)  # fmt: skip
def test_int_out_of_range_names_the_value(raw: object, shown: str) -> None:
    from app.io.excel.values import int_parser

    error = _range_error(int_parser(0, 20, warn_above=12), raw)
    assert error.labelled
    assert error.message_nl == f"{shown} is te groot (hoogstens 20)."


def test_int_range_warns_near_the_edge_and_refuses_negatives() -> None:
    from app.io.excel.values import Warned, int_parser

    parse = int_parser(0, 20, warn_above=12)
    assert parse(12) == 12 and parse("3") == 3 and parse(None) is None
    assert parse(13) == Warned(13, "13 is ongewoon hoog (meer dan 12); klopt dat?")
    assert _range_error(parse, -1).message_nl == "'-1' mag niet negatief zijn."
    assert _range_error(int_parser(1, 10), 0).message_nl == "0 is te klein (minstens 1)."


def test_decimal_range_and_warnings() -> None:
    from app.io.excel.values import Warned, decimal_parser

    parse = decimal_parser(0, 5000, warn_below=100, warn_above=1500)
    assert parse("1,5") == Warned(Decimal("1.5"), "1,5 is ongewoon laag (minder dan 100); klopt dat?")
    assert parse("645,50") == Decimal("645.50")
    assert parse(1600) == Warned(Decimal(1600), "1600 is ongewoon hoog (meer dan 1.500); klopt dat?")
    assert _range_error(parse, 1e30).message_nl == "1E+30 is te groot (hoogstens 5.000)."
    assert _range_error(parse, "-5").message_nl == "'-5' mag niet negatief zijn."


@pytest.mark.parametrize(
    ("raw", "message"),
    [("1,000", "'1,000' is geen geheel getal; bedoelt u 1 of 1000?"),
     ("12,000", "'12,000' is geen geheel getal; bedoelt u 12 of 12000?"),
     ("1,500", "'1,500' is geen geheel getal; bedoelt u 1500?")],
)  # fmt: skip
def test_a_single_comma_thousands_group_is_ambiguous_for_whole_numbers(raw: str, message: str) -> None:
    assert _range_error(parse_int, raw).message_nl == message


def test_unambiguous_separators_stay_as_they_were() -> None:
    assert parse_int("1.000") == 1000
    assert parse_int("1,000,000") == 1_000_000
    assert parse_int("3,0") == 3
    assert parse_decimal("1,5") == Decimal("1.5")
    assert parse_decimal("1,000") == Decimal("1.000")  # a decimal field keeps the decimal comma


@pytest.mark.parametrize(
    ("raw", "message"),
    [("Bunnik; Zeist", "'Bunnik; Zeist' noemt meer dan één gemeente; geef per rij één gemeente."),
     ("Utrecht/Zeist", "'Utrecht/Zeist' noemt meer dan één gemeente; geef per rij één gemeente."),
     ("Utrecht, Zeist", "'Utrecht, Zeist' noemt meer dan één gemeente; geef per rij één gemeente."),
     ("Bunnik en Zeist", "'Bunnik en Zeist' noemt meer dan één gemeente; geef per rij één gemeente."),
     ("Utrecht (provincie)", "'Utrecht (provincie)' is geen gemeente."),
     ("Provincie Utrecht", "'Provincie Utrecht' is geen gemeente."),
     ("Regio Utrecht", "'Regio Utrecht' is geen gemeente.")],
)  # fmt: skip
def test_a_cell_with_two_municipalities_or_a_province_is_refused(raw: str, message: str) -> None:
    with pytest.raises(CellError) as info:
        parse_gemeente(raw, GEMEENTEN)
    assert info.value.message_nl == message


@pytest.mark.parametrize(
    ("raw", "code"),
    [("De Bilt", "GM0310"), ("Utrechtse Heuvelrug", "GM1581"), ("Wijk bij Duurstede", "GM0352"),
     ("Gemeente Zeist", "GM0355"), ("GM0344", "GM0344"), ("344", "GM0344"), ("Utrecht (GM0344)", "GM0344"),
     ("GM0344 Utrecht", "GM0344"), ("Zeist (Huis ter Heide)", "GM0355")],
)  # fmt: skip
def test_legitimate_municipality_names_still_resolve(raw: str, code: str) -> None:
    assert parse_gemeente(raw, GEMEENTEN) == code


@pytest.mark.parametrize(
    "raw",
    ["3 March 2026", "Mar 3 2026", "March 3, 2026", "3rd March 2026", "Tuesday, 3 March 2026", "3-Mar-2026",
     "3 maart 2026", "3 mrt 2026", "dinsdag 3 maart 2026"],
)  # fmt: skip
def test_english_and_dutch_month_names(raw: str) -> None:
    assert parse_date(raw) == dt.date(2026, 3, 3)


@pytest.mark.parametrize(
    ("raw", "month"), [("3 mei 2026", 5), ("3 May 2026", 5), ("3 okt 2026", 10), ("3 October 2026", 10),
                       ("Oct 3, 2026", 10), ("3 juni 2026", 6), ("3 June 2026", 6)]
)  # fmt: skip
def test_month_names_that_differ_between_dutch_and_english(raw: str, month: int) -> None:
    assert parse_date(raw) == dt.date(2026, month, 3)


def test_an_unknown_month_is_named() -> None:
    with pytest.raises(CellError) as info:
        parse_date("3 Mrz 2026")
    assert info.value.message_nl == "'3 Mrz 2026' is geen datum (onbekende maand 'mrz')."


def test_date_range_parser() -> None:
    from app.io.excel.dates import date_range_parser
    from app.io.excel.values import Warned

    parse = date_range_parser(
        earliest=dt.date(2016, 12, 1), latest=dt.date(2027, 1, 1), warn_before=dt.date(2023, 12, 1)
    )
    assert parse("01-06-2026") == dt.date(2026, 6, 1)
    assert parse("01-01-2020") == Warned(
        dt.date(2020, 1, 1), "01-01-2020 ligt ongewoon ver terug (vóór 01-12-2023); klopt dat?"
    )
    for raw, message in [
        ("01-01-1850", "01-01-1850 ligt te ver terug (niet eerder dan 01-12-2016)."),
        ("31-12-9999", "31-12-9999 ligt te ver in de toekomst (niet later dan 01-01-2027)."),
    ]:
        error = _range_error(parse, raw)
        assert (error.message_nl, error.labelled) == (message, True)


FORMULA_ERROR = (
    "de cel bevat een formule met de fout {}; vul de waarde zelf in of herbereken en sla op in Excel."
)


@pytest.mark.parametrize(
    ("value", "message"),
    [("#N/A", FORMULA_ERROR.format("#N/A")), ("#div/0!", FORMULA_ERROR.format("#DIV/0!")),
     ("#123", None), ("x", None), (None, None), (3.0, None)],
)  # fmt: skip
def test_formula_problem_for_error_text(value: object, message: str | None) -> None:
    from app.io.excel.values import formula_problem

    assert formula_problem(value) == message


def test_formula_cell_markers() -> None:
    from app.io.excel.values import MSG_FORMULA_UNCACHED, FormulaCell, formula_problem, is_empty

    assert formula_problem(FormulaCell("#REF!")) == FORMULA_ERROR.format("#REF!")
    assert (
        formula_problem(FormulaCell())
        == MSG_FORMULA_UNCACHED
        == (
            "de cel bevat een formule zonder opgeslagen uitkomst; open het bestand in Excel en sla het "
            "opnieuw op."
        )
    )
    assert not is_empty(FormulaCell())  # a row of them is reported, not skipped
    assert str(FormulaCell("#N/A")) == "#N/A" and parse_text(FormulaCell()) == "=…"
