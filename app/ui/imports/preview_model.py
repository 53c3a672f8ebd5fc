"""The preview table: one row per sheet row, coloured by what the import would do with it.

Error cells are red with the reason as tooltip; changed cells are amber with "old → new"; a
value that is accepted but implausible (a warning) is yellow with the warning as tooltip. The
model sorts and filters its own list (up to 20,000 rows; no proxy, see DESIGN §3).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.imports.guess import column_fields, key_fields
from app.imports.kinds import kind_class
from app.imports.results import STATUS_LABELS, ImportResult, PreviewRow
from app.io.excel.headers import FieldSpec
from app.ui.contrast import tint
from app.ui.imports.work import cell_text
from app.ui.widgets.table import ColumnSpec, RowTableModel

STATUS_ORDER = {"error": 0, "changed": 1, "new": 2, "unchanged": 3}
STATUS_BG = {
    "new": QColor("#dcf1e1"),
    "changed": QColor("#fdebc4"),
    "unchanged": QColor("#eceff2"),
    "error": QColor("#f8d3ce"),
}
STATUS_FG = {
    "new": QColor("#1e6b34"),
    "changed": QColor("#7a4d00"),
    "unchanged": QColor("#52606d"),
    "error": QColor("#8a1c14"),
}
ERROR_CELL_BG = QColor("#f8d3ce")
ERROR_CELL_FG = QColor("#8a1c14")
CHANGED_CELL_BG = QColor("#fdebc4")
WARNING_CELL_BG = QColor("#fff3a6")
WARNING_FG = QColor("#6b5200")
UNCHANGED_FG = QColor("#7b8794")

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PreviewColumn:
    """Which fields a column shows (for its error and change marks)."""

    spec: ColumnSpec
    fields: tuple[str, ...] = ()
    role: str = "field"  # "line", "status", "key", "field", "message"


class PreviewModel(RowTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent=parent)
        self.preview_columns: list[PreviewColumn] = []
        self._statuses: set[str] = set(STATUS_LABELS)
        self._label_field: dict[str, str] = {}  # change label -> field key
        self._column_field: dict[str, str] = {}  # DB column -> field key

    def show_result(self, result: ImportResult, fields: Sequence[FieldSpec], names: dict[str, str]) -> None:
        """Columns for the mapped fields of `result`, then its rows."""
        kind = kind_class(result.request.kind)
        self._column_field = column_fields(kind, fields)
        self._label_field = {kind.column_labels[c]: f for c, f in self._column_field.items()}
        keys = key_fields(kind, fields)
        mapped = set(result.mapping.values())
        by_key = {f.key: f for f in fields}

        def shown(field_key: str, value: Any) -> str:
            if field_key == "gemeente" and isinstance(value, str) and value in names:
                return names[value]
            return cell_text(value)

        def key_value(row: PreviewRow) -> str:
            if row.key_text:
                return row.key_text
            return " / ".join(shown(k, row.values.get(k)) for k in keys if row.values.get(k) is not None)

        key_title = " / ".join(by_key[k].label_nl for k in keys) or "Sleutel"
        layout = [
            PreviewColumn(ColumnSpec("row_number", "Regel", "int", format=str), role="line"),
            PreviewColumn(
                ColumnSpec(
                    lambda r: STATUS_ORDER[r.status],
                    "Status",
                    format=lambda order: STATUS_LABELS[_STATUS_BY_ORDER[order]],
                ),
                role="status",
            ),
            PreviewColumn(ColumnSpec(key_value, key_title), tuple(keys), "key"),
            # Right after the key, so the reason is in view without scrolling sideways.
            PreviewColumn(ColumnSpec(lambda r: r.message(), "Toelichting"), role="message"),
        ]
        for spec in fields:
            if spec.key in mapped and spec.key not in keys:
                column = ColumnSpec(
                    _value_of(spec.key),
                    spec.label_nl,
                    "number" if _numeric(result.rows, spec.key) else "text",
                    format=_shown_as(spec.key, shown),
                )
                layout.append(PreviewColumn(column, (spec.key,)))
        self.beginResetModel()
        self.preview_columns = layout
        self.columns = [c.spec for c in layout]
        self._sort = None  # the old column numbers mean nothing now
        self.endResetModel()
        self.set_rows(sorted(result.rows, key=lambda r: r.row_number))

    # -- filter by status -----------------------------------------------------------------

    def set_statuses(self, statuses: Iterable[str]) -> None:
        self.beginResetModel()
        self._statuses = set(statuses)
        self._visible = self._filtered(self._all)
        if self._sort is not None:
            self._sort_list(*self._sort)
        self.endResetModel()

    def _filtered(self, rows: list[Any]) -> list[Any]:
        return super()._filtered([r for r in rows if r.status in self._statuses])

    # -- marks ----------------------------------------------------------------------------

    def column_of(self, role: str, field_key: str | None = None) -> int:
        """The column number of the status/message column, or of a field's column."""
        for number, column in enumerate(self.preview_columns):
            if column.role == role and (field_key is None or field_key in column.fields):
                return number
        return -1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return super().data(index, role)
        value = self._marked(index, role)
        # Under high contrast no colours of ours: the status column and the messages say it in words.
        return value if role == Qt.ItemDataRole.ToolTipRole else tint(value)

    def _marked(self, index: AnyIndex, role: int) -> Any:
        column = self.preview_columns[index.column()]
        row: PreviewRow = self._visible[index.row()]
        errors = [row.errors[k] for k in column.fields if k in row.errors]
        if column.role == "status":
            return _pick(role, STATUS_BG[row.status], STATUS_FG[row.status], row.message() or None)
        if column.role == "message":
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(_message_lines(row)) or None
            if role == Qt.ItemDataRole.ForegroundRole:
                return ERROR_CELL_FG if row.status == "error" else WARNING_FG if row.warnings else None
            return None
        if errors:
            return _pick(role, ERROR_CELL_BG, ERROR_CELL_FG, "\n".join(errors))
        warnings = [row.warnings[k] for k in column.fields if k in row.warnings]
        if warnings and row.status != "error":
            return _pick(role, WARNING_CELL_BG, WARNING_FG, "\n".join(warnings))
        changes = [c for c in row.changes if self._label_field.get(c[0]) in column.fields]
        if changes and column.role == "field":
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{label}: {old} → {new}" for label, old, new in changes)
            return CHANGED_CELL_BG if role == Qt.ItemDataRole.BackgroundRole else None
        if row.status == "unchanged" and role == Qt.ItemDataRole.ForegroundRole:
            return UNCHANGED_FG
        return None


_STATUS_BY_ORDER = {order: status for status, order in STATUS_ORDER.items()}


def _pick(role: int, background: Any, foreground: Any, tooltip: Any) -> Any:
    if role == Qt.ItemDataRole.BackgroundRole:
        return background
    if role == Qt.ItemDataRole.ForegroundRole:
        return foreground
    return tooltip


def _value_of(field_key: str) -> Callable[[PreviewRow], Any]:
    return lambda row: row.values.get(field_key)


def _shown_as(field_key: str, shown: Callable[[str, Any], str]) -> Callable[[Any], str]:
    return lambda value: shown(field_key, value)


def _numeric(rows: Sequence[PreviewRow], field_key: str, sample: int = 200) -> bool:
    """A column of counts reads best right-aligned; decided on the first rows that parsed."""
    values = [r.values.get(field_key) for r in rows[:sample] if field_key not in r.errors]
    present = [v for v in values if v is not None]
    return bool(present) and all(
        isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present
    )


def _message_lines(row: PreviewRow) -> list[str]:
    if row.errors:
        return list(row.errors.values())
    changes = [f"{label}: {old} → {new}" for label, old, new in row.changes]
    return changes + [f"Let op: {text}" for text in row.warnings.values()]
