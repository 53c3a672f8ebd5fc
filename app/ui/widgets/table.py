"""A table over a Python list of rows: ``RowTableModel`` sorts and filters its own list (no
QSortFilterProxyModel, which is far too slow on large tables — DESIGN §9), ``DataTableView`` shows it.

Rows are any objects (dataclasses, dicts, named tuples); each ``ColumnSpec`` names an attribute or
key, or gives a function that picks the value from a row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QHelpEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QToolTip, QWidget

from app.ui.widgets.formatting import format_value, sort_key

if TYPE_CHECKING:
    from app.ui.widgets.empty_state import EmptyState

_NUMERIC = {"int", "number", "money"}
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec:
    """One column: ``key`` is an attribute/dict key or a function of the row; ``kind`` is one of
    text, int, number, bool, date, datetime (it sets formatting and default alignment)."""

    key: str | Callable[[Any], Any]
    title: str
    kind: str = "text"
    align: Qt.AlignmentFlag | None = None
    format: Callable[[Any], str] | None = None
    tooltip: str = ""

    def value(self, row: Any) -> Any:
        if callable(self.key):
            return self.key(row)
        if isinstance(row, dict):
            return row.get(self.key)
        return getattr(row, self.key, None)

    def text(self, row: Any) -> str:
        value = self.value(row)
        return self.format(value) if self.format else format_value(value, self.kind)

    @property
    def alignment(self) -> Qt.AlignmentFlag:
        if self.align is not None:
            return self.align | Qt.AlignmentFlag.AlignVCenter
        if self.kind in _NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if self.kind == "bool":
            return Qt.AlignmentFlag.AlignCenter
        return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class RowTableModel(QAbstractTableModel):
    """Read-only model over a list of rows, with its own sort and text filter."""

    ROW_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, columns: Sequence[ColumnSpec], rows: Iterable[Any] = (), parent: Any = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._all: list[Any] = list(rows)
        self._visible: list[Any] = list(self._all)
        self._search_text: dict[int, str] = {}
        self._filter = ""
        self._filter_raw = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- data -------------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[Any]) -> None:
        """Replace all rows; the current filter and sort order stay."""
        self.beginResetModel()
        self._all = list(rows)
        self._search_text.clear()
        self._visible = self._filtered(self._all)
        if self._sort is not None:
            self._sort_list(*self._sort)
        self.endResetModel()

    def rows(self) -> list[Any]:
        """The rows as shown (filtered and sorted)."""
        return list(self._visible)

    def all_rows(self) -> list[Any]:
        return list(self._all)

    def row_at(self, row: int) -> Any:
        return self._visible[row]

    def row_of(self, predicate: Callable[[Any], bool]) -> int:
        return next((i for i, r in enumerate(self._visible) if predicate(r)), -1)

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        row = self._visible[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        if role == self.ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.alignment
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the model's own list and emit layoutChanged (persistent indexes follow their rows)."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        old = list(self._visible)
        self._sort = (column, order)
        self._sort_list(column, order)
        position = {id(row): i for i, row in enumerate(self._visible)}
        old_indexes = self.persistentIndexList()
        moved = [
            self.index(position[id(old[idx.row()])], idx.column()) if 0 <= idx.row() < len(old)
            else QModelIndex()
            for idx in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, moved)
        self.layoutChanged.emit()

    def _sort_list(self, column: int, order: Qt.SortOrder) -> None:
        spec = self.columns[column]
        self._visible.sort(
            key=lambda row: sort_key(spec.value(row)), reverse=order == Qt.SortOrder.DescendingOrder
        )

    # -- filter -----------------------------------------------------------------------------

    def set_filter_text(self, text: str) -> None:
        """Show only rows whose shown text contains every word of ``text`` (case-insensitive)."""
        self._filter_raw = " ".join(text.split())
        text = text.strip().casefold()
        if text == self._filter:
            return
        self.beginResetModel()
        self._filter = text
        self._visible = self._filtered(self._all)
        if self._sort is not None:
            self._sort_list(*self._sort)
        self.endResetModel()

    def filter_text(self) -> str:
        """The filter as the user typed it (for "Niets gevonden voor …")."""
        return self._filter_raw if self._filter else ""

    def _filtered(self, rows: list[Any]) -> list[Any]:
        if not self._filter:
            return list(rows)
        words = self._filter.split()
        return [row for row in rows if all(word in self._haystack(row) for word in words)]

    def _haystack(self, row: Any) -> str:
        key = id(row)
        text = self._search_text.get(key)
        if text is None:
            text = " ".join(column.text(row) for column in self.columns).casefold()
            self._search_text[key] = text
        return text


class DataTableView(QTableView):
    """The standard table: sortable headers, alternating rows, whole-row selection, Ctrl+C copies."""

    sig_row_activated = Signal(object)
    """A row was double-clicked or Enter was pressed on it (the row object)."""
    sig_selection_changed = Signal()
    """The selected rows changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.doubleClicked.connect(self._activated)
        self._sized = False
        self.empty_state: EmptyState | None = None

    def set_empty_state(
        self,
        empty_text: str | Callable[[], str],
        *,
        search: Callable[[], str] | None = None,
        filtered: Callable[[], bool] | Sequence[QWidget] | None = None,
        before_load: bool = False,
    ) -> EmptyState:
        """Say what to do when the list is empty: ``empty_text`` when there is no data yet, "Niets
        gevonden voor …" when the search (``search``) or a filter (``filtered``) hides every row. A
        RowTableModel's own filter text counts as the search when no ``search`` is given.
        ``before_load``: show it at once (a list that fills only when the user asks, e.g. a run)."""
        from app.ui.widgets.empty_state import EmptyState

        if search is None:
            search = self._model_filter_text
        self.empty_state = EmptyState(self, empty_text, search=search, filtered=filtered,
                                      shown_before_load=before_load)
        return self.empty_state

    def _model_filter_text(self) -> str:
        model = self.model()
        return model.filter_text() if isinstance(model, RowTableModel) else ""

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        if self.empty_state is not None:
            self.empty_state.attach(model)
        if model is not None:
            self.selectionModel().selectionChanged.connect(lambda *_: self.sig_selection_changed.emit())
            model.modelReset.connect(self._fit_columns_once)
            self._fit_columns_once()

    @Slot()
    def _fit_columns_once(self) -> None:
        """Size columns to their content the first time there is data (on a sample: cheap)."""
        model = self.model()
        if self._sized or model is None or model.rowCount() == 0:
            return
        self._sized = True
        self.fit_columns()

    def fit_columns(self, max_width: int = 300) -> None:
        """Columns as wide as their content (first 200 rows) and title, within ``max_width``."""
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(200)
        count = self.model().columnCount()
        if header.stretchLastSection():
            count -= 1  # the last column takes the remaining width
        for column in range(count):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column) + 8, max_width))

    def elide_columns(self, *columns: int) -> None:
        """These (text) columns share the width the others leave and elide what does not fit (the
        cell's tooltip shows it whole); the others keep their fitted width, so a narrow window
        still shows every number."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column in columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def viewportEvent(self, event: QEvent) -> bool:
        # A cell cut off by its column says what it holds when hovered (unless it has a tooltip).
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.indexAt(event.pos())
            if index.isValid() and index.data(Qt.ItemDataRole.ToolTipRole) is None:
                text = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(text, str) and text:
                    needed = self.fontMetrics().horizontalAdvance(text) + 8
                    if needed > self.visualRect(index).width():
                        QToolTip.showText(event.globalPos(), text, self.viewport())
                        return True
        return super().viewportEvent(event)

    def selected_rows(self) -> list[Any]:
        model = self.model()
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [model.data(model.index(r, 0), RowTableModel.ROW_ROLE) for r in rows]

    def current_row(self) -> Any:
        index = self.currentIndex()
        if not index.isValid():
            selected = self.selected_rows()
            return selected[0] if selected else None
        return self.model().data(self.model().index(index.row(), 0), RowTableModel.ROW_ROLE)

    def select_row(self, predicate: Callable[[Any], bool]) -> bool:
        model = self.model()
        if isinstance(model, RowTableModel):
            row = model.row_of(predicate)
            if row >= 0:
                self.selectRow(row)
                self.scrollTo(model.index(row, 0))
                return True
        return False

    def copy_selection(self) -> str:
        """Copy the selected cells as tab-separated text (Excel pastes it into cells), formula-safe
        like every output (``app.io.safe_text``): a cell that starts like a formula gets a ``'``."""
        from app.io.safe_text import formula_safe

        indexes = sorted(self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return ""
        lines: dict[int, list[str]] = {}
        for index in indexes:
            value = formula_safe(str(index.data() or ""))
            value = value.replace("\t", " ").replace("\r", " ").replace("\n", " ")
            lines.setdefault(index.row(), []).append(value)
        text = "\n".join("\t".join(cells) for cells in lines.values())
        QGuiApplication.clipboard().setText(text)
        return text

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activated(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_row_activated.emit(self.model().data(self.model().index(index.row(), 0),
                                                          RowTableModel.ROW_ROLE))
