"""Table model for lists loaded page by page and sorted in SQL (board lists, dossiers, work lists).

``PagedRowModel`` holds the pages loaded so far. A click on a header whose column has an SQL sort
key asks the owner (``sig_sort_requested``) to reload sorted in the database; other columns sort the
loaded rows in the model itself. Rows can carry a soft background colour (overdue, almost due).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.ui.contrast import tint
from app.ui.widgets.formatting import format_value, sort_key
from app.ui.widgets.table import ColumnSpec, RowTableModel


def _t(text: str) -> str:
    return QCoreApplication.translate("PagedList", text)


@dataclass(frozen=True)
class PagedColumn:
    """A column plus how it sorts: in SQL (``sql_key``) or on a value of the row (``sort_value``)."""

    spec: ColumnSpec
    sql_key: str | None = None
    sort_value: Callable[[Any], Any] | None = None


class PagedRowModel(RowTableModel):
    sig_sort_requested = Signal(str, bool)
    """Reload sorted in the database on this key (descending when True)."""

    def __init__(
        self,
        columns: Sequence[PagedColumn],
        *,
        background: Callable[[Any], QColor | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__([c.spec for c in columns], parent=parent)
        self.paged_columns = list(columns)
        self._background = background
        self.sql_sort: tuple[str, bool] | None = None

    def append_rows(self, rows: Iterable[Any]) -> None:
        """Add the next page below the loaded rows."""
        new = list(rows)
        if not new:
            return
        if self._sort is not None:
            self.set_rows(self._all + new)
            return
        first = len(self._visible)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._all.extend(new)
        self._visible.extend(new)
        self.endInsertRows()

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and self._background is not None and index.isValid():
            color = tint(self._background(self._visible[index.row()]))  # none under high contrast
            return QBrush(color) if color is not None else None
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.paged_columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = self.paged_columns[column].sql_key
        if key is not None:
            self._sort = None  # the database orders the rows; keep them as they come
            if self.sql_sort != (key, descending):
                self.sql_sort = (key, descending)
                self.sig_sort_requested.emit(key, descending)
            return
        super().sort(column, order)

    def _sort_list(self, column: int, order: Qt.SortOrder) -> None:
        pick = self.paged_columns[column].sort_value or self.columns[column].value
        self._visible.sort(key=lambda row: sort_key(pick(row)), reverse=order == Qt.SortOrder.DescendingOrder)


def count_text(shown: int, total: int, noun: str, one: str = "") -> str:
    """'123 van 2.380 koppelingen', '12 koppelingen' when all are shown, '1 dossier' with `one`."""
    if total == 1 and one:
        return f"1 {one}"
    if shown >= total:
        return _t("{total} {noun}").format(total=format_value(total), noun=noun)
    return _t("{shown} van {total} {noun}").format(
        shown=format_value(shown), total=format_value(total), noun=noun
    )
