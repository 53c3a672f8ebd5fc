"""Tolerant date parsing for cells: Excel serials (1900 and 1904 systems), day-first text in the
styles Dutch sheets use, Dutch and English month names, and date ranges with warnings near the
edge. Part of the cell parsers in ``values`` (CellError, Warned)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from app.io.excel.values import CellError, Warned, clean_text, show_cell

_EXCEL_1900 = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, after Lotus' fictitious 29-02-1900
_EXCEL_1904 = dt.date(1904, 1, 1)
_MAX_SERIAL = 2_958_465  # 31-12-9999

MONTHS_NL: dict[str, int] = {
    "jan": 1, "januari": 1, "feb": 2, "februari": 2, "mrt": 3, "maart": 3, "mar": 3, "apr": 4,
    "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8,
    "augustus": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
# English names that differ from the Dutch ones ('mar', 'may', 'oct' are in MONTHS_NL already).
MONTHS_EN: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
}  # fmt: skip
_MONTHS = MONTHS_NL | MONTHS_EN

_DMY_RE = re.compile(r"^(\d{1,2})[-/.\s](\d{1,2})[-/.\s](\d{2}|\d{4})$")
# Text is lower-cased before matching, hence 't' and 'z'.
_ISO_RE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$"
)
_YMD_SLASH_RE = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_DMY_TIME_RE = re.compile(r"^(.+?)\s+\d{1,2}:\d{2}(?::\d{2})?$")
_MONTH_NAME_RE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[-\s.]*([a-z]+)\.?,?[-\s.]*(\d{2}|\d{4})$")
# English order: 'Mar 3 2026', 'March 3, 2026', 'Tuesday, March 3rd 2026' (weekday dropped first).
_MONTH_FIRST_RE = re.compile(r"^([a-z]+)\.?[-\s.]*(\d{1,2})(?:st|nd|rd|th)?,?[-\s.]+(\d{4})$")
_WEEKDAY_RE = re.compile(
    r"^(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|ma|di|wo|do|vr|za|zo|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
)
_DIGITS8_RE = re.compile(r"^\d{8}$")


def excel_serial_to_date(serial: float, *, date1904: bool = False) -> dt.date:
    if not (1 <= serial <= _MAX_SERIAL):
        raise CellError(f"'{show_cell(serial)}' is geen datum.")
    days = int(serial)
    if date1904:
        return _EXCEL_1904 + dt.timedelta(days=days)
    if days == 60:
        raise CellError("29-02-1900 bestaat niet (een bekende fout in Excel).")
    if days < 60:  # before Excel's fictitious leap day
        days += 1
    return _EXCEL_1900 + dt.timedelta(days=days)


def _year(two_or_four: str, today: dt.date) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 4:
        return year
    # Two-digit years: the latest year not more than one year ahead ('17' → 2017, '83' → 1983).
    return 2000 + year if 2000 + year <= today.year + 1 else 1900 + year


def _make_date(y: int, m: int, d: int, raw: Any) -> dt.date:
    try:
        return dt.date(y, m, d)
    except ValueError as exc:
        raise CellError(f"'{show_cell(raw)}' is geen geldige datum.") from exc


_SERIAL_TEXT_RE = re.compile(r"^\d{3,6}([.,]\d+)?$")


def _text_to_date(text: str, raw: Any, today: dt.date, date1904: bool = False) -> dt.date:
    s = clean_text(text).lower()
    if m := _ISO_RE.match(s):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _YMD_SLASH_RE.match(s):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw)
    if (m := _DMY_TIME_RE.match(s)) and not _MONTH_NAME_RE.match(s):
        s = m[1]  # '12-05-2017 00:00' as Excel writes datetimes in CSV
    if m := _DMY_RE.match(s):
        return _make_date(_year(m[3], today), int(m[2]), int(m[1]), raw)
    s = _WEEKDAY_RE.sub("", s)
    if m := _MONTH_NAME_RE.match(s):
        month = _MONTHS.get(m[2])
        if month is None:
            raise CellError(f"'{show_cell(raw)}' is geen datum (onbekende maand '{m[2]}').")
        return _make_date(_year(m[3], today), month, int(m[1]), raw)
    if (m := _MONTH_FIRST_RE.match(s)) and (month := _MONTHS.get(m[1])) is not None:
        return _make_date(int(m[3]), month, int(m[2]), raw)
    if _DIGITS8_RE.match(s):  # 12052017 or 20170512
        if s[:2] in ("19", "20") and 1 <= int(s[4:6]) <= 12:
            return _make_date(int(s[:4]), int(s[4:6]), int(s[6:]), raw)
        return _make_date(int(s[4:]), int(s[2:4]), int(s[:2]), raw)
    if _SERIAL_TEXT_RE.match(s):
        # A serial number that lost its date format on the way through a CSV.
        return excel_serial_to_date(float(s.replace(",", ".")), date1904=date1904)
    raise CellError(f"'{show_cell(raw)}' is geen datum (verwacht bijvoorbeeld 31-12-2017).")


def parse_date(value: Any, *, date1904: bool = False, today: dt.date | None = None) -> dt.date | None:
    """Date from an Excel date, a serial number (1900 or 1904 system) or Dutch/ISO text."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time | dt.timedelta):
        raise CellError(f"'{value}' is een tijd, geen datum.")
    if isinstance(value, bool):
        raise CellError(f"'{show_cell(value)}' is geen datum.")
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        if value == int(value) and 10_000_000 <= value <= 99_999_999:
            # 12052017 typed into a number cell: a date without separators, not a serial.
            return _text_to_date(str(int(value)), value, today or dt.date.today())
        return excel_serial_to_date(value, date1904=date1904)
    text = clean_text(str(value))
    if not text:
        return None
    return _text_to_date(text, value, today or dt.date.today(), date1904)


def date_parser(*, date1904: bool = False) -> Callable[[Any], dt.date | None]:
    """A parse_date bound to the workbook's date system (see Workbook.date1904)."""

    def parse(value: Any) -> dt.date | None:
        return parse_date(value, date1904=date1904)

    return parse


def _d(day: dt.date) -> str:
    return day.strftime("%d-%m-%Y")


def date_range_parser(
    *,
    earliest: dt.date,
    latest: dt.date,
    warn_before: dt.date | None = None,
    warn_after: dt.date | None = None,
    date1904: bool = False,
) -> Callable[[Any], dt.date | Warned | None]:
    """Dates in [earliest, latest] (a row error beyond, naming the date); a Warned date before
    `warn_before` or after `warn_after`."""

    def parse(value: Any) -> dt.date | Warned | None:
        day = parse_date(value, date1904=date1904)
        if day is None:
            return None
        if day < earliest:
            raise CellError(f"{_d(day)} ligt te ver terug (niet eerder dan {_d(earliest)}).", labelled=True)
        if day > latest:
            raise CellError(
                f"{_d(day)} ligt te ver in de toekomst (niet later dan {_d(latest)}).", labelled=True
            )
        if warn_before is not None and day < warn_before:
            return Warned(day, f"{_d(day)} ligt ongewoon ver terug (vóór {_d(warn_before)}); klopt dat?")
        if warn_after is not None and day > warn_after:
            return Warned(day, f"{_d(day)} ligt ongewoon ver vooruit (na {_d(warn_after)}); klopt dat?")
        return day

    return parse


