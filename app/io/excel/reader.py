"""Open .xlsx/.xlsm (python-calamine) and Dutch-Excel .csv files behind one small interface.

Every file passes safety.check_file first. Rows come out as lists of raw cell values with empty
cells as None, column 0 = column A (calamine trims leading empty columns; we put them back so
column indices match what the user sees in Excel). Empty rows in the middle are yielded (row
numbers stay honest for error messages); a run of `max_empty_rows` empty rows ends the sheet,
and trailing empty rows are never yielded.

Memory: calamine has no streaming reader (python-calamine issue #42: pyo3 cannot iterate a Rust
iterator, upstream calamine has no lazy worksheet reader). Loading a sheet holds its cells in
Rust memory (~30 bytes per cell plus strings: ~60 MB for 100,000 × 15); `iter_rows` converts one
row at a time, so no Python list of the whole sheet is built. CSV is truly streamed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.io.excel.safety import (
    MSG_CORRUPT,
    MSG_PASSWORD,
    ImportFileError,
    Pending,
    SafetyLimits,
    check_file_deferred,
    workbook_uses_1904,
)
from app.io.excel.sheet_limits import SheetScan, check_workbook_limits, sole_sheet

DEFAULT_MAX_EMPTY_ROWS = 1000

MSG_UNSAFE_XML = (
    "Het bestand bevat ongeldige of onveilige XML (bijvoorbeeld een 'XML-bom') en wordt niet "
    "ingelezen. Open het in Excel en sla het opnieuw op."
)
MSG_NO_SHEET = "Het werkblad '{sheet}' bestaat niet in dit bestand."
MSG_NO_SHEETS = "Het bestand bevat geen werkbladen met gegevens."


class Workbook:
    """Common interface of the xlsx and csv readers."""

    path: Path
    sheet_names: list[str]
    hidden_sheets: frozenset[str] = frozenset()
    # True when bare serial numbers in date columns count from 1904 (see dates.parse_date).
    date1904: bool = False

    def rows(self, sheet: str | int = 0, start: int = 0) -> Iterator[list[Any]]:
        """Rows of `sheet` (name or index) from row index `start` (0 = Excel row 1)."""
        raise NotImplementedError

    def merged_ranges(self, sheet: str | int = 0) -> list[tuple[int, int, int, int]]:
        """Merged cells as (first_row, first_col, last_row, last_col), 0-based, inclusive."""
        return []

    def row_count(self, sheet: str | int = 0) -> int | None:
        """Rows the sheet claims to have (for progress); None when unknown without reading it all."""
        return None

    def close(self) -> None:
        """Release the file; readers without resources keep this no-op."""

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sheet_name(self, sheet: str | int) -> str:
        if isinstance(sheet, int):
            if not 0 <= sheet < len(self.sheet_names):
                raise ImportFileError(MSG_NO_SHEET.format(sheet=sheet + 1))
            return self.sheet_names[sheet]
        if sheet not in self.sheet_names:
            raise ImportFileError(MSG_NO_SHEET.format(sheet=sheet))
        return sheet


def open_workbook(
    path: str | os.PathLike[str],
    *,
    limits: SafetyLimits | None = None,
    max_empty_rows: int = DEFAULT_MAX_EMPTY_ROWS,
) -> Workbook:
    """Check and open a file; raises ImportFileError with a Dutch message for anything wrong."""
    fmt, pending = check_file_deferred(path, limits)
    if fmt == "csv":
        from app.io.excel.csv_reader import CsvWorkbook

        return CsvWorkbook(Path(path), max_empty_rows=max_empty_rows, limits=limits)
    from app.io.excel import isolated

    if isolated.isolation_active():  # the GUI: calamine runs in a child process
        if pending is not None:
            pending()
        return isolated.IsolatedWorkbook(Path(path), limits=limits, max_empty_rows=max_empty_rows)
    return XlsxWorkbook(Path(path), max_empty_rows=max_empty_rows, limits=limits, pending=pending)


def trim_empty_runs(rows: Iterator[list[Any]], max_empty_rows: int) -> Iterator[list[Any]]:
    """Hold back empty rows until a non-empty one follows; stop after `max_empty_rows` of them.

    Sheets with formatting applied to whole columns end in thousands of 'used' empty rows; this
    ends them without stopping on the few blank lines people leave between blocks.
    """
    pending = 0
    for row in rows:
        # The loop stops at the first real value, so ordinary rows cost one or two checks (a plain
        # loop: a generator expression per row was a tenth of a 10,000-row import).
        for v in row:
            if v is not None and not (isinstance(v, str) and (not v or v.isspace())):
                break
        else:
            pending += 1
            if pending >= max_empty_rows:
                return
            continue
        for _ in range(pending):
            yield []
        pending = 0
        yield row


class XlsxWorkbook(Workbook):
    def __init__(
        self,
        path: Path,
        *,
        max_empty_rows: int = DEFAULT_MAX_EMPTY_ROWS,
        limits: SafetyLimits | None = None,
        pending: Pending | None = None,
    ) -> None:
        """`pending`: the package check still running (safety.check_file_deferred); it is waited
        for before calamine opens the file, and a sole sheet is scanned for its limits meanwhile
        (the scan reads the XML in Python, the check inflates it in zlib: they go on together)."""
        import python_calamine as pc

        self.path = path
        self.max_empty_rows = max_empty_rows
        self.limits = limits
        self._cached: tuple[str, Any] | None = None
        self._formulas: dict[str, Any] = {}  # sheet -> formula cells without a value (formulas.py)
        self._scanned: dict[str, SheetScan | ImportFileError | None] = {}  # scanned ahead, see _sheet
        try:
            # calamine reserves room for the shared strings the file claims when it opens the
            # file, and a box for the sheet's used cells when it loads a sheet: both are checked
            # first. Both checks read with bounds of their own, so they need not wait.
            check_workbook_limits(path, None, limits)
            if pending is not None and (only := sole_sheet(path)) is not None:
                try:
                    self._scanned[only] = check_workbook_limits(path, only, limits)
                except ImportFileError as exc:  # raised when the sheet is asked for, as before
                    self._scanned[only] = exc
        finally:
            if pending is not None:
                pending()  # what the package check found comes first
        try:
            self._book = pc.CalamineWorkbook.from_path(str(path))
            metadata = self._book.sheets_metadata
        except BaseException as exc:
            raise _translate(exc) from exc
        self.sheet_names = [m.name for m in metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
        self.hidden_sheets = frozenset(
            m.name for m in metadata if m.visible != pc.SheetVisibleEnum.Visible
        )
        if not self.sheet_names:
            raise ImportFileError(MSG_NO_SHEETS)
        self.date1904 = workbook_uses_1904(path)

    def _sheet(self, sheet: str | int) -> Any:
        name = self._sheet_name(sheet)
        # Loading a sheet parses all of it; header detection and the data pass share one load.
        if self._cached is not None and self._cached[0] == name:
            return self._cached[1]
        self._cached = None  # let the previous sheet go before loading the next
        if name in self._scanned:
            scan = self._scanned.pop(name)
            if isinstance(scan, ImportFileError):
                raise scan
        else:
            scan = check_workbook_limits(self.path, name, self.limits)
        try:
            data = self._book.get_sheet_by_name(name)
        except BaseException as exc:
            raise _translate(exc) from exc
        if name not in self._formulas:  # calamine reads #N/A and a formula without result as ''
            from app.io.excel.formulas import unusable_formula_cells

            # The limits scan read the sheet's XML already: when it saw no formula and no error
            # value there, the formula scan need not read it again.
            clean = scan.member if scan is not None and not scan.formula_markers else None
            self._formulas[name] = unusable_formula_cells(self.path, name, clean_member=clean)
        self._cached = (name, data)
        return data

    def rows(self, sheet: str | int = 0, start: int = 0) -> Iterator[list[Any]]:
        return trim_empty_runs(self._raw_rows(sheet, start), self.max_empty_rows)

    def _raw_rows(self, sheet: str | int, start: int) -> Iterator[list[Any]]:
        data = self._sheet(sheet)
        if data.start is None:  # an empty sheet
            return
        # iter_rows starts at Excel row 1 but at the first used column (python-calamine #177).
        pad: list[Any] = [None] * data.start[1]
        from app.io.excel.formulas import fill_formula_cells

        formulas = self._formulas[self._sheet_name(sheet)]
        try:
            for index, row in enumerate(data.iter_rows()):
                if index < start:
                    continue
                # calamine gives a new list per row: only a row with empty cells is copied.
                cells = [None if v == "" else v for v in row] if "" in row else row
                if pad:
                    cells = pad + cells
                if formulas and index in formulas:
                    fill_formula_cells(cells, formulas[index])
                yield cells
        except BaseException as exc:
            raise _translate(exc) from exc

    def row_count(self, sheet: str | int = 0) -> int | None:
        return int(self._sheet(sheet).height)

    def merged_ranges(self, sheet: str | int = 0) -> list[tuple[int, int, int, int]]:
        ranges = self._sheet(sheet).merged_cell_ranges or []
        return [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]

    def close(self) -> None:
        self._cached = None
        with contextlib.suppress(Exception):  # already closed: nothing to release
            self._book.close()


def _translate(exc: BaseException) -> ImportFileError:
    """calamine's exceptions → one Dutch message per cause.

    Callers catch BaseException because a Rust panic surfaces as pyo3's PanicException, which
    derives from BaseException; interpreter exits and generator shutdown are passed on untouched.
    """
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit | MemoryError):
        raise exc
    if isinstance(exc, ImportFileError):
        return exc
    import python_calamine as pc

    if isinstance(exc, pc.PasswordError):
        return ImportFileError(MSG_PASSWORD)
    if isinstance(exc, pc.XmlError):
        return ImportFileError(MSG_UNSAFE_XML)
    if isinstance(exc, pc.WorksheetNotFound):
        return ImportFileError(MSG_NO_SHEETS)
    # ZipError, CalamineError and whatever a malformed file provokes in the Rust code.
    return ImportFileError(MSG_CORRUPT)
