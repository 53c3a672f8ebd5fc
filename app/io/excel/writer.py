"""Export lists to .xlsx with XlsxWriter (imported lazily: ~2× faster than openpyxl here).

Safety: every text value goes through write_string, so nothing we export is ever a formula.
Text that *looks* like a formula ('=', '+', '-', '@', tab, CR, LF at the start; the one rule in
``app.io.safe_text``, shared with CSV and the clipboard) also gets Excel's
quotePrefix style, so editing the cell in Excel later does not turn it into one either, while the
stored value stays exactly the same ('+31 6 …' remains readable and round-trips).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from app.io.safe_text import starts_like_formula

ColumnKind = Literal["text", "int", "decimal", "date", "datetime", "bool"]

DATE_FORMAT = "dd-mm-yyyy"  # shown as dd-mm-jjjj in Dutch Excel
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
DECIMAL_FORMAT = "#,##0.00"
ERROR_COLUMN_TITLE = "Foutmelding"
INFO_SHEET = "Info"
MAX_CELL_TEXT = 32_767  # Excel's limit per cell
_WIDTH_SAMPLE_ROWS = 200
_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0
# Characters XML 1.0 forbids (XlsxWriter would write them and Excel would call the file corrupt),
# plus lone surrogates, which cannot be encoded at all.
_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Excels largest exact integer; beyond it digits are silently lost, so write text instead.
_MAX_EXACT_INT = 2**53
_SHEET_NAME_RE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    title: str
    kind: ColumnKind = "text"
    width: float | None = None


def clean_export_text(value: str) -> str:
    """Remove characters that are illegal in XML and cut to Excel's cell limit.

    CR becomes LF: Excel breaks lines on LF only, and a CR survives the file only as '_x000D_'
    escape text, which some readers (openpyxl) then show literally.
    """
    text = _ILLEGAL_XML_RE.sub("", value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[:MAX_CELL_TEXT] if len(text) > MAX_CELL_TEXT else text


def safe_sheet_name(name: str, fallback: str = "Gegevens") -> str:
    cleaned = _SHEET_NAME_RE.sub(" ", clean_export_text(name)).strip().strip("'")[:31]
    return cleaned or fallback


def _to_local_naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: aware datetimes (UTC in the database) are shown in Dutch time."""
    if value.tzinfo is None:
        return value
    try:
        from zoneinfo import ZoneInfo

        local = value.astimezone(ZoneInfo("Europe/Amsterdam"))
    except Exception:  # no tz database (Windows without tzdata): the PC's own zone
        local = value.astimezone()
    return local.replace(tzinfo=None)


class _Formats:
    def __init__(self, workbook: Any) -> None:
        header = {"bold": True, "bg_color": "#DDE5F0", "bottom": 1}
        error = {"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"}
        self.header = workbook.add_format(header)
        self.date = workbook.add_format({"num_format": DATE_FORMAT})
        self.datetime = workbook.add_format({"num_format": DATETIME_FORMAT})
        self.decimal = workbook.add_format({"num_format": DECIMAL_FORMAT})
        self.quoted = workbook.add_format({"quote_prefix": True})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.error = workbook.add_format(error)
        # The same styles with quotePrefix, for a title that starts like a formula.
        self._quoted_style = {
            id(self.header): workbook.add_format({**header, "quote_prefix": True}),
            id(self.error): workbook.add_format({**error, "quote_prefix": True}),
        }

    def quoted_style(self, style: Any) -> Any:
        return self.quoted if style is None else self._quoted_style.get(id(style), style)


def _write_text(ws: Any, row: int, col: int, value: Any, fmt: _Formats, style: Any = None) -> None:
    text = clean_export_text(value if isinstance(value, str) else str(value))
    if starts_like_formula(text):
        style = fmt.quoted_style(style)
    ws.write_string(row, col, text, style)


def _write_number(ws: Any, row: int, col: int, value: Any, fmt: _Formats, style: Any = None) -> None:
    number = float(value) if isinstance(value, Decimal) else value
    if isinstance(number, float) and not math.isfinite(number):
        return  # Excel has no NaN or infinity: leave the cell empty
    if isinstance(number, int) and abs(number) > _MAX_EXACT_INT:
        _write_text(ws, row, col, str(number), fmt)
        return
    ws.write_number(row, col, number, style)


def _write_value(ws: Any, row: int, col: int, value: Any, kind: ColumnKind | None, fmt: _Formats) -> None:
    """Write by column kind; values of another type than the kind fall back to their own type."""
    if value is None:
        return
    if isinstance(value, bool):
        _write_text(ws, row, col, "ja" if value else "nee", fmt)
    elif isinstance(value, dt.datetime):
        naive = _to_local_naive(value)
        if kind == "date":
            ws.write_datetime(row, col, naive.date(), fmt.date)
        else:
            ws.write_datetime(row, col, naive, fmt.datetime)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, fmt.date)
    elif isinstance(value, int | float | Decimal):
        if kind == "text":
            # A text column with a number in it (an identifier): keep it text, without '.0'.
            is_whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
            _write_text(ws, row, col, str(int(value)) if is_whole else str(value), fmt)
        else:
            _write_number(ws, row, col, value, fmt, fmt.decimal if kind == "decimal" else None)
    else:
        _write_text(ws, row, col, value, fmt)


def _display_len(value: Any, kind: ColumnKind | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime) and kind != "date":
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float | Decimal):
        return len(f"{value:,.2f}")
    text = str(value)
    return max((len(line) for line in text.split("\n")), default=0)


def _widths(titles: Sequence[str], kinds: Sequence[ColumnKind | None], sample: Sequence[Sequence[Any]],
            fixed: Sequence[float | None]) -> list[float]:
    widths = []
    for c, title in enumerate(titles):
        if c < len(fixed) and fixed[c] is not None:
            widths.append(float(fixed[c]))  # type: ignore[arg-type]
            continue
        longest = max((_display_len(r[c] if c < len(r) else None, kinds[c]) for r in sample), default=0)
        # Header is bold and carries the autofilter button: a little extra room.
        wanted = max(longest + 2, len(title) * 1.1 + 4)
        widths.append(min(max(wanted, _MIN_WIDTH), _MAX_WIDTH))
    return widths


def _write_info(workbook: Any, fmt: _Formats, info: Mapping[str, str]) -> None:
    ws = workbook.add_worksheet(INFO_SHEET)
    ws.write_string(0, 0, "Gegeven", fmt.header)
    ws.write_string(0, 1, "Waarde", fmt.header)
    for r, (key, value) in enumerate(info.items(), start=1):
        _write_text(ws, r, 0, str(key), fmt)
        if isinstance(value, dt.date | dt.datetime | int | float | Decimal):
            _write_value(ws, r, 1, value, None, fmt)
        else:
            _write_text(ws, r, 1, "" if value is None else str(value), fmt)
    width = max((len(str(k)) for k in info), default=10)
    ws.set_column(0, 0, min(max(width + 2, 12), 40))
    ws.set_column(1, 1, 70, fmt.wrap)


def write_table(
    path: str | os.PathLike[str],
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Any]],
    info: Mapping[str, str] | None = None,
    *,
    sheet_name: str = "Gegevens",
    constant_memory: bool = False,
) -> int:
    """Write one list to `path`; returns the number of data rows written.

    Rows are consumed once (a generator is fine); widths come from the first 200 rows.
    `constant_memory` keeps memory flat for very long lists at ~40 % more time.
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        os.fspath(path),
        {"constant_memory": constant_memory, "strings_to_formulas": False, "strings_to_urls": False,
         "strings_to_numbers": False, "default_date_format": DATE_FORMAT},
    )
    try:
        fmt = _Formats(wb)
        ws = wb.add_worksheet(safe_sheet_name(sheet_name))
        titles = [c.title for c in columns]
        kinds: list[ColumnKind | None] = [c.kind for c in columns]
        iterator = iter(rows)
        sample: list[Sequence[Any]] = []
        for row in iterator:
            sample.append(row)
            if len(sample) >= _WIDTH_SAMPLE_ROWS:
                break
        for c, width in enumerate(_widths(titles, kinds, sample, [col.width for col in columns])):
            ws.set_column(c, c, width)
        for c, title in enumerate(titles):
            _write_text(ws, 0, c, title, fmt, fmt.header)
        ws.freeze_panes(1, 0)
        n = 0
        for n, row in enumerate(_chain(sample, iterator), start=1):
            for c, kind in enumerate(kinds):
                if c < len(row):
                    _write_value(ws, n, c, row[c], kind, fmt)
        if columns:
            ws.autofilter(0, 0, max(n, 1), len(columns) - 1)
        info_rows = dict(info or {})
        info_rows.setdefault("Aantal rijen", str(n))
        _write_info(wb, fmt, info_rows)
    finally:
        wb.close()
    return n


def _chain(first: list[Sequence[Any]], rest: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    yield from first
    yield from rest


def write_rejected_rows(
    path: str | os.PathLike[str],
    header: Sequence[Any],
    rows_with_error_message: Iterable[tuple[Sequence[Any], str]],
    *,
    info: Mapping[str, str] | None = None,
) -> int:
    """The rows an import refused, in their original columns plus 'Foutmelding', ready to fix
    and import again. Values keep their type (dates stay dates) so the re-import sees the same."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        os.fspath(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    try:
        fmt = _Formats(wb)
        ws = wb.add_worksheet("Afgewezen rijen")
        titles = [("" if h is None else str(h)) for h in header]
        for c, title in enumerate(titles):
            _write_text(ws, 0, c, title, fmt, fmt.header)
        error_col = len(titles)
        _write_text(ws, 0, error_col, ERROR_COLUMN_TITLE, fmt, fmt.error)
        ws.freeze_panes(1, 0)
        n = 0
        sample: list[Sequence[Any]] = []
        for n, (row, message) in enumerate(rows_with_error_message, start=1):
            for c in range(min(len(row), error_col)):
                _write_value(ws, n, c, row[c], None, fmt)
            _write_text(ws, n, error_col, message, fmt)
            if len(sample) < _WIDTH_SAMPLE_ROWS:
                sample.append(list(row[:error_col]) + [None] * (error_col - len(row)) + [message])
        kinds: list[ColumnKind | None] = [None] * (error_col + 1)
        fixed: list[float | None] = [None] * (error_col + 1)
        for c, width in enumerate(_widths([*titles, ERROR_COLUMN_TITLE], kinds, sample, fixed)):
            ws.set_column(c, c, width)
        ws.autofilter(0, 0, max(n, 1), error_col)
        if info:
            _write_info(wb, fmt, info)
    finally:
        wb.close()
    return n
