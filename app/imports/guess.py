"""Qt-free helpers for the import dialog: which kind a file probably is, which kinds a user may
import, and how a kind's database columns relate to the sheet fields the preview shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.roles import Action, Scope, scope_for
from app.imports.kinds import ImportKind, available_kinds
from app.io.excel.headers import FieldSpec, normalise_header
from app.io.excel.reader import open_workbook
from app.io.excel.table import sheet_header
from app.services.access import Actor

_MIN_CONTAINED = 4


def importable_kinds(actor: Actor) -> list[type[ImportKind]]:
    """The kinds this user may import at all (for some rows, at least)."""
    return [
        cls
        for cls in available_kinds()
        if actor.system or scope_for(actor.role, Action.IMPORT, cls.area) is not Scope.NONE
    ]


def guess_kind(
    session: Session, actor: Actor, path: Path, kinds: Iterable[type[ImportKind]] | None = None
) -> list[tuple[str, float]]:
    """Every kind with how well the file's best sheet fits it, best first (0.0: no header found).

    A kind whose required columns are all present beats one that merely matches more columns:
    a COA sheet also has a 'Gemeente' and a 'Locatie' that a vacancy list would recognise.
    Raises ImportFileError for a bad file, like the import itself.
    """
    classes = list(kinds) if kinds is not None else importable_kinds(actor)
    with open_workbook(Path(path)) as wb:
        field_lists = [(cls.name, cls(session, actor).fields(date1904=wb.date1904)) for cls in classes]  # type: ignore[call-arg]
        best: dict[str, float] = dict.fromkeys((name for name, _f in field_lists), 0.0)
        # Sheets outside, kinds inside: the reader keeps one loaded sheet at a time.
        for sheet in wb.sheet_names:
            for name, fields in field_lists:
                header = sheet_header(wb, sheet, fields)
                if header is None:
                    continue
                best[name] = max(best[name], _fit(header.mapping.values(), header.score, fields))
    return sorted(best.items(), key=lambda item: -item[1])


def _fit(mapped: Iterable[str], score: float, fields: Sequence[FieldSpec]) -> float:
    required = [f.key for f in fields if f.required]
    found = set(mapped)
    share = sum(k in found for k in required) / len(required) if required else 1.0
    return round(share * 10 + score, 3)


def column_fields(kind: type[ImportKind], fields: Sequence[FieldSpec]) -> dict[str, str]:
    """Database column -> the sheet field it comes from, matched on their Dutch labels.

    The preview marks a changed cell by field, while the engine reports changes by column.
    Columns derived from a field under another name (coordinates from 'Locatie', flags from
    'Bijzonderheden') have no match; their changes show in the explanation column only.
    """
    by_label = {normalise_header(f.label_nl): f.key for f in fields}
    out: dict[str, str] = {}
    for column, label in kind.column_labels.items():
        key = normalise_header(label)
        if key in by_label:
            out[column] = by_label[key]
            continue
        near = [
            field_key
            for field_label, field_key in by_label.items()
            if min(len(key), len(field_label)) >= _MIN_CONTAINED
            and (key in field_label or field_label in key)
        ]
        if len(near) == 1:
            out[column] = near[0]
    return out


def key_fields(kind: type[ImportKind], fields: Sequence[FieldSpec]) -> list[str]:
    """The sheet fields that make up the kind's natural key, in key order."""
    mapping = column_fields(kind, fields)
    return [mapping[c] for c in kind.key_columns if c in mapping]
