"""Glue for an import: pick sheet and header, then parse data rows against a kind's fields.

This is where a database-backed "kind" plugs in: it supplies FieldSpecs, takes the ParsedRows,
and decides new/changed/unchanged itself. Nothing here touches a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from app.io.excel.headers import (
    DEFAULT_HEADER_SCAN_ROWS,
    FieldSpec,
    HeaderDetection,
    detect_header,
    propose_mapping,
)
from app.io.excel.reader import Workbook
from app.io.excel.safety import ImportFileError
from app.io.excel.values import CellError, FormulaCell, Warned, formula_problem, is_empty, parse_text

MSG_NO_HEADER = (
    "In het werkblad '{sheet}' is geen kopregel gevonden met bekende kolomnamen "
    "(zoals {examples}). Controleer of dit het goede bestand is."
)
MSG_REQUIRED = "{label} is verplicht maar leeg."
# A closing 'Totaal' / 'Totaal 16 gemeenten' / 'Som' / 'Eindtotaal' row: skipped, not an error.
_SUMMARY_RE = re.compile(r"^(?:sub|eind|grand\s*)?tota(?:al|alen|len|l)\b|^som\b|^totaal", re.IGNORECASE)


@dataclass
class TableLayout:
    sheet: str
    header: HeaderDetection

    @property
    def mapping(self) -> dict[int, str]:
        return self.header.mapping


def detect_layout(
    workbook: Workbook,
    fields: Sequence[FieldSpec],
    sheet: str | int | None = None,
    *,
    max_scan: int = DEFAULT_HEADER_SCAN_ROWS,
) -> TableLayout:
    """Header of `sheet`, or of the best-matching sheet when `sheet` is None."""
    names = [workbook._sheet_name(sheet)] if sheet is not None else workbook.sheet_names
    scored = [(s, h) for s, h in ((n, sheet_header(workbook, n, fields, max_scan)) for n in names) if h]
    if not scored:
        examples = ", ".join(f"'{f.label_nl}'" for f in fields[:3])
        raise ImportFileError(MSG_NO_HEADER.format(sheet=names[0], examples=examples))
    name, header = max(scored, key=lambda sh: sh[1].score)
    return TableLayout(name, header)


def rank_sheets(workbook: Workbook, fields: Sequence[FieldSpec]) -> list[tuple[str, float]]:
    """Every sheet with its header score, best first: for the 'which sheet?' question."""
    ranked = []
    for name in workbook.sheet_names:
        header = sheet_header(workbook, name, fields)
        ranked.append((name, header.score if header else 0.0))
    return sorted(ranked, key=lambda x: -x[1])


def sheet_header(
    workbook: Workbook,
    sheet: str | int,
    fields: Sequence[FieldSpec],
    max_scan: int = DEFAULT_HEADER_SCAN_ROWS,
) -> HeaderDetection | None:
    top = list(islice(workbook.rows(sheet), max_scan))
    return detect_header(top, fields, merged=workbook.merged_ranges(sheet), max_scan=max_scan)


@dataclass
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
    for offset, raw in enumerate(rows):
        if not raw or all(is_empty(v) for v in raw):
            continue
        parsed = ParsedRow(first_row_number + offset, raw)
        width = len(raw)
        for col, spec in plan:
            value = raw[col] if col < width else None
            try:
                if (value.__class__ is FormulaCell or (value.__class__ is str and value[:1] == "#")) and (
                    problem := formula_problem(value)
                ):
                    raise CellError(problem)
                result = spec.parser(value) if spec.parser else parse_text(value)
            except CellError as exc:
                sep = " " if exc.labelled else ": "
                parsed.errors[spec.key] = f"{spec.label_nl}{sep}{exc.message_nl}"
                continue
            if result.__class__ is Warned:
                parsed.warnings[spec.key] = f"{spec.label_nl} {result.message_nl}"
                result = result.value
            if result is None and spec.required:
                parsed.errors[spec.key] = MSG_REQUIRED.format(label=spec.label_nl)
            parsed.values[spec.key] = result
        for spec in fields:
            if spec.required and spec.key not in parsed.values and spec.key not in parsed.errors:
                parsed.errors[spec.key] = MSG_REQUIRED.format(label=spec.label_nl)
        if parsed.errors:
            parsed.summary = summary_text(raw)
        if raw.__class__ is not list and (problem := getattr(raw, "problem_nl", "")):
            parsed.errors = {"_row": problem}  # a CSV line the reader could not split (reader.CsvRowProblem)
        yield parsed


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
