"""Glue for an import: pick sheet and header, then parse data rows against a kind's fields.

This is where a database-backed "kind" plugs in: it supplies FieldSpecs, takes the ParsedRows,
and decides new/changed/unchanged itself. Nothing here touches a database.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from app.io.excel.headers import (
    DEFAULT_HEADER_SCAN_ROWS,
    FILE_CELL_BUDGET,
    HEADER_SCAN_COLUMNS,
    MAX_SCANNED_SHEETS,
    SHEET_CELL_BUDGET,
    FieldSpec,
    HeaderDetection,
    ScanBudget,
    detect_header,
    missing_required,
    propose_mapping,
)
from app.io.excel.reader import Workbook
from app.io.excel.safety import ImportFileError
from app.io.excel.values import CellError, FormulaCell, Warned, formula_problem, is_empty, parse_text

MSG_NO_HEADER = (
    "In het werkblad '{sheet}' is geen kopregel gevonden met bekende kolomnamen "
    "(zoals {examples}). Controleer of dit het goede bestand is."
)
MSG_NO_HEADER_SHEETS = (
    "In geen van de {count} werkbladen is een kopregel gevonden met bekende kolomnamen "
    "(zoals {examples}). Controleer of dit het goede bestand is."
)
MSG_SCAN_BOUNDED = " Gezocht is in de eerste {rows} regels en {columns} kolommen{sheets}."
MSG_SHEET_HIDDEN = (
    "Werkblad '{sheet}' is in Excel verborgen; het wordt gebruikt omdat geen zichtbaar werkblad "
    "deze kolommen heeft."
)
MSG_SHEET_HIDDEN_CHOSEN = "Werkblad '{sheet}' is in Excel verborgen."
MSG_OTHER_SHEETS = "Ook {sheets} {verb} gegevens die passen; alleen werkblad '{sheet}' wordt ingelezen."
# A sheet 'fits' when all required fields have a column and the header is not a stray match.
MIN_FIT_SCORE = 1.5
MSG_REQUIRED = "{label} is verplicht maar leeg."
# A closing 'Totaal' / 'Totaal 16 gemeenten' / 'Som' / 'Eindtotaal' row: skipped, not an error.
# Distinct values remembered per column while parsing (a column of all-different V-nummers fills it
# and is parsed cell by cell from then on).
PARSE_MEMO_CAP = 4096
_Outcome = tuple[Any, str | None]  # a cell's parsed value and its error text (None: no error)
_SUMMARY_RE = re.compile(r"^(?:sub|eind|grand\s*)?tota(?:al|alen|len|l)\b|^som\b|^totaal", re.IGNORECASE)


@dataclass
class TableLayout:
    sheet: str
    header: HeaderDetection
    notes: list[str] = field(default_factory=list)  # several sheets fit, or the sheet is hidden

    @property
    def mapping(self) -> dict[int, str]:
        return self.header.mapping


@dataclass
class SheetCandidate:
    """A sheet as the 'which sheet?' question sees it."""

    name: str
    header: HeaderDetection | None
    hidden: bool
    fits: bool  # every required field has a column (and the header is a real one)

    @property
    def score(self) -> float:
        return self.header.score if self.header else 0.0

    @property
    def label(self) -> str:
        return f"'{self.name}'" + (" (verborgen)" if self.hidden else "")


@dataclass
class _FileScan:
    """Header detection's work on one open file: results per sheet and fields, and the budget."""

    budget: ScanBudget = field(default_factory=lambda: ScanBudget(FILE_CELL_BUDGET))
    headers: dict[tuple[Any, ...], HeaderDetection | None] = field(default_factory=dict)
    scanned: set[str] = field(default_factory=set)
    skipped: set[str] = field(default_factory=set)  # not looked at: the file's budget was spent
    cut: set[str] = field(default_factory=set)  # looked at until the budget ran out
    cells: int = 0  # text cells scored, over all sheets and kinds


_SCANS: weakref.WeakKeyDictionary[Workbook, _FileScan] = weakref.WeakKeyDictionary()


def _file_scan(workbook: Workbook) -> _FileScan:
    scan = _SCANS.get(workbook)
    if scan is None:
        scan = _SCANS[workbook] = _FileScan()
    return scan


def header_cells_scored(workbook: Workbook) -> int:
    """How many text cells header detection has scored in this open file (bounded by the budgets)."""
    return _file_scan(workbook).cells


def sheet_candidates(workbook: Workbook, fields: Sequence[FieldSpec]) -> list[SheetCandidate]:
    """Every sheet, the one to import first: sheets that fit before those that do not, visible
    before hidden, then by header score."""
    out = []
    for name in workbook.sheet_names:
        header = sheet_header(workbook, name, fields)
        fits = header is not None and header.score >= MIN_FIT_SCORE
        fits = fits and header is not None and not missing_required(header.mapping, fields)
        out.append(SheetCandidate(name, header, name in workbook.hidden_sheets, fits))
    return sorted(out, key=lambda c: (not c.fits, c.hidden, -c.score))


def detect_layout(
    workbook: Workbook,
    fields: Sequence[FieldSpec],
    sheet: str | int | None = None,
    *,
    max_scan: int = DEFAULT_HEADER_SCAN_ROWS,
) -> TableLayout:
    """Header of `sheet`, or of the best sheet when `sheet` is None: the best-scoring visible one
    that fits, a hidden one only when no visible one fits. `notes` say when other sheets fit too
    or the sheet is hidden, so that no sheet is left out (or used) without a word."""
    examples = ", ".join(f"'{f.label_nl}'" for f in fields[:3])
    if sheet is not None:
        name = workbook._sheet_name(sheet)
        header = sheet_header(workbook, name, fields, max_scan, whole_file=False)
        if header is None:
            message = MSG_NO_HEADER.format(sheet=name, examples=examples)
            raise ImportFileError(message + _bounds(workbook, max_scan))
        notes = [MSG_SHEET_HIDDEN_CHOSEN.format(sheet=name)] if name in workbook.hidden_sheets else []
        return TableLayout(name, header, notes)
    candidates = [c for c in sheet_candidates(workbook, fields) if c.header is not None]
    if not candidates:
        names = workbook.sheet_names
        if len(names) == 1:
            message = MSG_NO_HEADER.format(sheet=names[0], examples=examples)
        else:
            message = MSG_NO_HEADER_SHEETS.format(count=len(names), examples=examples)
        raise ImportFileError(message + _bounds(workbook, max_scan))
    best = candidates[0]
    assert best.header is not None
    notes = []
    if best.hidden:
        notes.append(MSG_SHEET_HIDDEN.format(sheet=best.name))
    others = [c for c in candidates[1:] if c.fits]
    if others:
        names_text = _and([c.label for c in others])
        sheets = f"werkblad {names_text}" if len(others) == 1 else f"de werkbladen {names_text}"
        verb = "heeft" if len(others) == 1 else "hebben"
        notes.append(MSG_OTHER_SHEETS.format(sheets=sheets, verb=verb, sheet=best.name))
    return TableLayout(best.name, best.header, notes)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _bounds(workbook: Workbook, max_scan: int) -> str:
    """How far the search went, when it stopped before the end of what it could have looked at."""
    scan = _file_scan(workbook)
    if not scan.cut and not scan.skipped:
        return ""
    count = len(workbook.sheet_names)
    looked = count - len(scan.skipped - scan.scanned)
    sheets = f" van {looked} van de {count} werkbladen" if looked < count else ""
    return MSG_SCAN_BOUNDED.format(rows=max_scan, columns=HEADER_SCAN_COLUMNS, sheets=sheets)


def rank_sheets(workbook: Workbook, fields: Sequence[FieldSpec]) -> list[tuple[str, float]]:
    """Every sheet with its header score, the one to import first (see sheet_candidates)."""
    return [(c.name, c.score) for c in sheet_candidates(workbook, fields)]


def sheet_header(
    workbook: Workbook,
    sheet: str | int,
    fields: Sequence[FieldSpec],
    max_scan: int = DEFAULT_HEADER_SCAN_ROWS,
    *,
    whole_file: bool = True,
) -> HeaderDetection | None:
    """The header of one sheet, or None. Remembered per open file, sheet and fields. With
    `whole_file` the sheet is one of many looked at: it draws on the file's budget (and no more than
    MAX_SCANNED_SHEETS sheets are read); without it (a sheet the user named) only the sheet's own."""
    name = workbook._sheet_name(sheet)
    scan = _file_scan(workbook)
    key = (name, tuple(fields), max_scan)
    if key in scan.headers:
        return scan.headers[key]
    left = scan.budget.cells - scan.budget.used
    if whole_file:
        if left <= 0 or (name not in scan.scanned and len(scan.scanned) >= MAX_SCANNED_SHEETS):
            scan.skipped.add(name)
            return None
        budget = ScanBudget(min(SHEET_CELL_BUDGET, left))
    else:
        budget = ScanBudget(SHEET_CELL_BUDGET)
    top = list(islice(workbook.rows(name), max_scan))
    if any(len(row) > HEADER_SCAN_COLUMNS for row in top):
        scan.cut.add(name)
    header = detect_header(top, fields, merged=workbook.merged_ranges(name), max_scan=max_scan, budget=budget)
    scan.cells += budget.used
    scan.scanned.add(name)
    if whole_file:
        scan.budget.used += budget.used
        if budget.exhausted and budget.cells < SHEET_CELL_BUDGET:
            scan.budget.used = scan.budget.cells  # the file's budget ran out on this sheet
    if budget.exhausted:
        scan.cut.add(name)
    scan.headers[key] = header
    return header


@dataclass(slots=True)
class ParsedRow:
    """One data row. `row_number` is the Excel row number (1-based) for messages."""

    row_number: int
    raw: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # Usable but implausible values, keyed like `errors` ("Gezinsgrootte 14 is ongewoon hoog …").
    warnings: dict[str, str] = field(default_factory=dict)
    # A summary row ('Totaal', 'Som') that did not parse: skipped, not an error. Its first text.
    summary: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_text(self) -> str:
        return "; ".join(self.errors.values())


def parse_rows(
    rows: Iterator[list[Any]],
    mapping: Mapping[int, str],
    fields: Sequence[FieldSpec],
    *,
    first_row_number: int,
) -> Iterator[ParsedRow]:
    """Parse data rows; empty rows are skipped. Errors are collected per field, never raised."""
    by_key = {f.key: f for f in fields}
    plan = [(col, by_key[key]) for col, key in sorted(mapping.items()) if key in by_key]
    # A mapped field always ends in values or errors; only required fields without a column
    # need the check after the cells (computed once, not per row).
    planned = {spec.key for _col, spec in plan}
    unmapped_required = [spec for spec in fields if spec.required and spec.key not in planned]
    # Per mapped column what the loop needs, looked up once (the loop runs for every cell), and
    # what each distinct cell value parsed to: a column repeats the same few municipalities,
    # dates, sizes and texts, and a parser is a function of the cell value alone.
    steps: list[tuple[int, str, Callable[[Any], Any], bool, str, dict[tuple[Any, ...], _Outcome]]] = [
        (col, s.key, s.parser or parse_text, s.required, s.label_nl, {}) for col, s in plan
    ]
    memo_cap = PARSE_MEMO_CAP
    for offset, raw in enumerate(rows):
        if not raw:
            continue
        for v in raw:  # the reader gives None for an empty cell: only other values need a look
            if v is None:
                continue
            if v.__class__ is str and v.isascii() and v.isprintable():
                if v.strip():  # plain text (is_empty's fast path): empty only when all spaces
                    break
            elif not is_empty(v):
                break
        else:
            continue
        parsed = ParsedRow(first_row_number + offset, raw)
        values, errors = parsed.values, parsed.errors
        width = len(raw)
        for col, key, parse, required, label, memo in steps:
            value: Any = raw[col] if col < width else None
            cls = value.__class__
            # -0.0 == 0.0, but a decimal parser keeps the sign: zeros are told apart by it.
            memo_key = (cls, value) if cls is not float or value else (cls, value, math.copysign(1.0, value))
            try:
                outcome = memo[memo_key]
            except KeyError:
                outcome = _parse_cell(value, parse, label)
                if len(memo) < memo_cap:
                    memo[memo_key] = outcome
            except TypeError:  # an unhashable value: parsed every time
                outcome = _parse_cell(value, parse, label)
            result, error = outcome
            if error is not None:
                errors[key] = error
                continue
            if result.__class__ is Warned:
                parsed.warnings[key] = f"{label} {result.message_nl}"
                result = result.value
            if result is None and required:
                errors[key] = MSG_REQUIRED.format(label=label)
            values[key] = result
        for spec in unmapped_required:
            parsed.errors[spec.key] = MSG_REQUIRED.format(label=spec.label_nl)
        if parsed.errors:
            parsed.summary = summary_text(raw)
        if raw.__class__ is not list and (problem := getattr(raw, "problem_nl", "")):
            parsed.errors = {"_row": problem}  # csv_reader.CsvRowProblem: a line not split
        yield parsed


def _parse_cell(value: Any, parse: Callable[[Any], Any], label: str) -> _Outcome:
    """One cell through its field's parser: (result, None), or (None, the row error's text)."""
    try:
        if (value.__class__ is FormulaCell or (value.__class__ is str and value[:1] == "#")) and (
            problem := formula_problem(value)
        ):
            raise CellError(problem)
        return parse(value), None
    except CellError as exc:
        sep = " " if exc.labelled else ": "
        return None, f"{label}{sep}{exc.message_nl}"


def summary_text(raw: Sequence[Any]) -> str | None:
    """The first filled cell of a row when it starts like a total ('Totaal 16 gemeenten'), else None."""
    first = next((v for v in raw if not is_empty(v)), None)
    if not isinstance(first, str):
        return None
    text = parse_text(first) or ""
    return text if _SUMMARY_RE.match(text) else None


def read_table(
    workbook: Workbook,
    fields: Sequence[FieldSpec],
    sheet: str | int | None = None,
    *,
    profile: Mapping[str, Any] | None = None,
    mapping: Mapping[int, str] | None = None,
) -> tuple[TableLayout, Iterator[ParsedRow]]:
    """Detect the layout, then stream the parsed data rows (one pass over the sheet).

    An explicit `mapping` (the user's corrections) wins over a `profile`, which wins over synonyms.
    """
    layout = detect_layout(workbook, fields, sheet)
    if mapping is not None:
        layout.header.mapping = dict(mapping)
    elif profile is not None:
        layout.header.mapping = propose_mapping(layout.header.header_cells, fields, profile)
    start = layout.header.data_start
    rows = workbook.rows(layout.sheet, start=start)
    return layout, parse_rows(rows, layout.mapping, fields, first_row_number=start + 1)
