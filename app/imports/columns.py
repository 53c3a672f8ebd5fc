"""Which sheet column is which field: the user's ``--map``/dialog corrections over a saved profile
over the recognised headers, and the messages when that cannot be settled."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from app.errors import UserError
from app.io.excel.headers import FieldSpec, normalise_header, propose_mapping
from app.io.excel.safety import ImportFileError

MSG_MISSING = "Deze verplichte kolommen zijn niet gekoppeld: {labels}. Koppel ze in de stap 'Kolommen'."
# A column choice (ImportRequest.columns) that does not fit the file or the kind.
MSG_UNKNOWN_FIELD = "Onbekend veld '{field}' voor {kind}. Velden: {fields}."
MSG_UNKNOWN_COLUMN = (
    "De kolom '{column}' staat niet in de kopregel (regel {row} van werkblad '{sheet}'). "
    "Kolommen in het bestand: {headers}."
)
MSG_COLUMN_TWICE = "De kolom '{column}' is twee keer gekoppeld; geef elke kolom één keer op."
MSG_FIELD_TWICE = "Het veld '{field}' is aan twee kolommen gekoppeld: '{first}' en '{second}'."
MSG_COLUMN_AMBIGUOUS = (
    "De kolom '{column}' staat {count} keer in de kopregel; geef de kolommen in het bestand "
    "verschillende namen."
)


class MissingColumnsError(ImportFileError):
    """Required fields without a column. ``message_nl`` gives the import dialog's advice; another
    caller (the command line) words its own from ``missing``, ``fields`` and ``header_cells``."""

    def __init__(
        self, missing: Sequence[FieldSpec], fields: Sequence[FieldSpec], header_cells: Sequence[Any],
        mapping: Mapping[int, str],
    ) -> None:  # fmt: skip
        super().__init__(MSG_MISSING.format(labels=", ".join(f"'{f.label_nl}'" for f in missing)))
        self.missing = list(missing)
        self.fields = list(fields)
        self.header_cells = list(header_cells)
        self.mapping = dict(mapping)


class ColumnChoiceError(UserError):
    """An entry of ``ImportRequest.columns`` names a column or a field that does not exist."""


def describe_fields(fields: Iterable[FieldSpec]) -> str:
    """'vnummer (V-nummer), gemeente (Gemeente), …': what a column may be mapped to."""
    return ", ".join(f"{f.key} ({f.label_nl})" for f in fields)


def describe_headers(header_cells: Sequence[Any], mapping: Mapping[int, str] | None = None) -> str:
    """The header texts in quotes; a mapped one followed by its field: "'Omvang' (= gezinsgrootte)"."""
    mapping = mapping or {}
    texts = [
        f"'{cell}'" + (f" (= {mapping[col]})" if col in mapping else "")
        for col, cell in enumerate(header_cells)
        if normalise_header(cell)
    ]
    return ", ".join(texts) or "geen"


def find_field(text: str, fields: Sequence[FieldSpec], kind_title: str) -> FieldSpec:
    """The field named by its key ('datum_koppeling') or its Dutch label ('Datum koppeling'),
    tolerant of case, spaces and punctuation like header matching is."""
    wanted = normalise_header(text)
    for spec in fields:
        if text.strip().casefold() == spec.key.casefold():
            return spec
    for spec in fields:
        if wanted and wanted in (normalise_header(spec.key), normalise_header(spec.label_nl)):
            return spec
    raise ColumnChoiceError(
        MSG_UNKNOWN_FIELD.format(field=text.strip(), kind=kind_title, fields=describe_fields(fields))
    )


def with_columns(
    fields: Sequence[FieldSpec], chosen: Sequence[tuple[str, FieldSpec | None]]
) -> list[FieldSpec]:
    """The fields with the user's column names as extra synonyms, so the header row is found even
    when the program knows none of its names."""
    extra: dict[str, tuple[str, ...]] = {}
    for text, spec in chosen:
        if spec is not None:
            extra[spec.key] = (*extra.get(spec.key, ()), text)
    return [replace(f, synonyms=(*f.synonyms, *extra[f.key])) if f.key in extra else f for f in fields]


def apply_columns(
    header_cells: Sequence[Any],
    mapping: Mapping[int, str],
    chosen: Sequence[tuple[str, FieldSpec | None]],
    *,
    sheet: str,
    header_row: int,
) -> dict[int, str]:
    """``mapping`` with the user's choices over it: a column named (as headers are matched) gets
    its field, which no other column keeps; a column with None is not imported."""
    positions: dict[str, list[int]] = {}
    for col, cell in enumerate(header_cells):
        key = normalise_header(cell)
        if key:
            positions.setdefault(key, []).append(col)
    out = dict(mapping)
    columns_done: set[str] = set()
    fields_done: dict[str, str] = {}
    for text, spec in chosen:
        key = normalise_header(text)
        cols = positions.get(key)
        if not cols:
            raise ColumnChoiceError(
                MSG_UNKNOWN_COLUMN.format(
                    column=text.strip(), row=header_row, sheet=sheet, headers=describe_headers(header_cells)
                )
            )
        if key in columns_done:
            raise ColumnChoiceError(MSG_COLUMN_TWICE.format(column=text.strip()))
        columns_done.add(key)
        if spec is None:
            for col in cols:
                out.pop(col, None)
            continue
        if len(cols) > 1:
            raise ColumnChoiceError(MSG_COLUMN_AMBIGUOUS.format(column=text.strip(), count=len(cols)))
        if spec.key in fields_done:
            raise ColumnChoiceError(
                MSG_FIELD_TWICE.format(field=spec.key, first=fields_done[spec.key], second=text.strip())
            )
        fields_done[spec.key] = text.strip()
        out = {c: k for c, k in out.items() if k != spec.key}
        out[cols[0]] = spec.key
    return dict(sorted(out.items()))


def profile_mapping(
    header_cells: Sequence[Any], fields: Sequence[FieldSpec], profile: Mapping[str, Any]
) -> dict[int, str]:
    """The mapping a saved profile gives; columns it marks as not imported ('ignored') stay out."""
    ignored = set(profile.get("ignored", ()))
    blanked = {c for c, cell in enumerate(header_cells) if normalise_header(cell) in ignored}
    cells = [None if c in blanked else cell for c, cell in enumerate(header_cells)]
    return {c: k for c, k in propose_mapping(cells, fields, profile).items() if c not in blanked}
