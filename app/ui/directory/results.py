"""The search results twice over the same model: a sortable table and cards (a toggle). Stale
entries are marked in both, never hidden: a yellow "Te controleren", a red "Mogelijk verouderd"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.directory import Freshness
from app.services.directory.search import InitiativeRow
from app.ui.contrast import tint
from app.ui.directory.text import (
    FRESHNESS_COLORS,
    ages_text,
    groups_text,
    languages_text,
    places_text,
    where_text,
)
from app.ui.widgets.empty_state import EmptyState
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

CARD_SIZE = QSize(340, 128)
def result_columns(gemeente_names: dict[str, str]) -> list[ColumnSpec]:
    def fresh(row: InitiativeRow) -> str:
        return row.freshness.label or "bijgewerkt"

    return [
        ColumnSpec("name", "Naam"),
        ColumnSpec(lambda r: _fresh_rank(r.freshness), "Controle", format=lambda v: _FRESH_TEXT[v],
                   tooltip="Te controleren: langer dan de controletermijn niet nagekeken. "
                           "Mogelijk verouderd: ook daarna nog niet."),
        ColumnSpec("kind_label", "Soort"),
        ColumnSpec(lambda r: where_text(r, gemeente_names), "Waar"),
        ColumnSpec(lambda r: languages_text(r.languages, r.via_interpreter), "Talen"),
        ColumnSpec(lambda r: groups_text(r.target_groups), "Doelgroep"),
        ColumnSpec(lambda r: ages_text(r.min_age, r.max_age), "Leeftijd"),
        ColumnSpec(lambda r: r.places_available, "Plekken", kind="int",
                   format=lambda v: "?" if v is None else str(v), tooltip="Vrije plekken (? = niet bekend)"),
        ColumnSpec("status", "Status"),
        ColumnSpec("checked_on", "Laatst gecontroleerd", kind="date",
                   format=lambda v: v.strftime("%d-%m-%Y") if v else "nooit"),
    ]  # fmt: skip


_FRESH_ORDER = [Freshness.OK, Freshness.TE_CONTROLEREN, Freshness.MOGELIJK_VEROUDERD]
_FRESH_TEXT = {0: "", 1: "Te controleren", 2: "Mogelijk verouderd"}


def _fresh_rank(freshness: Freshness) -> int:
    return _FRESH_ORDER.index(freshness)


class InitiativeModel(RowTableModel):
    """The rows of a search, coloured by freshness (the whole row a tint, the Controle cell bold)."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
                                        Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole):  # fmt: skip
            row: InitiativeRow = self.row_at(index.row())
            colors = FRESHNESS_COLORS.get(row.freshness)
            last = self.columns[index.column()].title == "Controle"
            if role == Qt.ItemDataRole.BackgroundRole and colors:  # the Controle cell says it in words
                return tint(colors[0])
            if role == Qt.ItemDataRole.ForegroundRole and colors and last:
                return tint(colors[1])
            if role == Qt.ItemDataRole.FontRole and colors and last:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
                return row.organisation or None
            return None
        return super().data(index, role)


class CardDelegate(QStyledItemDelegate):
    """Paints one initiative as a card: name, kind, where, languages, places, the freshness badge.
    Painted, not widgets: 5,000 cards scroll as smoothly as 5 (a widget per card would not)."""

    def __init__(self, gemeente_names: dict[str, str], parent: Any = None) -> None:
        super().__init__(parent)
        self.gemeente_names = gemeente_names

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CARD_SIZE

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row: InitiativeRow | None = index.data(RowTableModel.ROW_ROLE)
        if row is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(4, 4, -4, -4)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        colors = FRESHNESS_COLORS.get(row.freshness)
        painter.setPen(QPen(QColor("#2b6cb0" if selected else "#c9d1d9"), 2 if selected else 1))
        painter.setBrush(QColor("#eef4fc" if selected else "white"))
        painter.drawRoundedRect(rect, 6, 6)
        inner = rect.adjusted(10, 8, -10, -8)
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        line = metrics.height() + 2
        badge_width = 0
        if colors:
            badge = row.freshness.label
            badge_width = metrics.horizontalAdvance(badge) + 14
            box = QRect(inner.right() - badge_width, inner.top(), badge_width, line)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors[0]))
            painter.drawRoundedRect(box, 8, 8)
            painter.setPen(QColor(colors[1]))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
        bold = QFont(option.font)  # type: ignore[attr-defined]
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#1f2328"))
        name_rect = QRect(inner.left(), inner.top(), inner.width() - badge_width - 6, line)
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(row.name, Qt.TextElideMode.ElideRight, name_rect.width()),
        )
        painter.setFont(option.font)  # type: ignore[attr-defined]
        status = "" if row.status.value == "actief" else f" · {row.status.label}"
        lines = [
            (f"{row.kind_label}{status}", "#5b6670"),
            (where_text(row, self.gemeente_names), "#1f2328"),
            ("Talen: " + (languages_text(row.languages, row.via_interpreter) or "niet opgegeven"), "#1f2328"),
            (places_text(row.places_available, row.waiting_list).capitalize(),
             "#1a7f37" if (row.places_available or 0) > 0 else "#5b6670"),
        ]  # fmt: skip
        top = inner.top() + line + 2
        for text, color in lines:
            painter.setPen(QColor(color))
            box = QRect(inner.left(), top, inner.width(), line)
            painter.drawText(
                box,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width()),
            )
            top += line
        painter.restore()


class CardView(QListView):
    sig_row_activated = Signal(object)
    """A card was double-clicked or Enter was pressed on it (the row object)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.doubleClicked.connect(
            lambda index: self.sig_row_activated.emit(index.data(RowTableModel.ROW_ROLE))
        )

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_row_activated.emit(self.currentIndex().data(RowTableModel.ROW_ROLE))
            event.accept()
            return
        super().keyPressEvent(event)


class ResultsView(QWidget):
    """Table or cards over one model, with the empty-result message in their place when nothing is found."""

    sig_current_changed = Signal(object)
    """The row the user is on changed (an ``InitiativeRow`` or None)."""
    sig_row_activated = Signal(object)
    """Enter or a double click on a row or card."""

    def __init__(self, gemeente_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = InitiativeModel(result_columns(gemeente_names), parent=self)
        self.table = DataTableView(self)
        self.table.setModel(self.model)
        self.cards = CardView(self)
        self.cards.setModel(self.model)
        self.cards.setItemDelegate(CardDelegate(gemeente_names, self.cards))
        self.empty_states: list[EmptyState] = []
        self.stack = QStackedWidget(self)
        for widget in (self.table, self.cards):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._cards = False
        self.table.selectionModel().currentRowChanged.connect(self._current)
        self.cards.selectionModel().currentChanged.connect(self._current)
        self.table.sig_row_activated.connect(self.sig_row_activated.emit)
        self.cards.sig_row_activated.connect(self.sig_row_activated.emit)

    def set_empty_state(
        self, empty_text: str | Callable[[], str], *, search: Callable[[], str], filters: list[QWidget]
    ) -> None:
        """The shared empty-list message, on the table and on the cards alike."""
        self.empty_states = [
            EmptyState(view, empty_text, search=search, filtered=filters) for view in (self.table, self.cards)
        ]

    def empty_text(self) -> str:
        """The message the results show now ("" when there are rows)."""
        state = next((s for s in self.empty_states if s.view is self.view()), None)
        return state.text() if state is not None else ""

    def set_gemeente_names(self, names: dict[str, str]) -> None:
        self.model.columns = result_columns(names)
        delegate = self.cards.itemDelegate()
        if isinstance(delegate, CardDelegate):
            delegate.gemeente_names = names

    def set_rows(self, rows: list[InitiativeRow], keep_id: int | None = None) -> None:
        self.model.set_rows(rows)
        self._show()
        if keep_id is not None:
            self.select(keep_id)

    def rows(self) -> list[InitiativeRow]:
        """The rows the filter found (what an export writes)."""
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def set_cards(self, cards: bool) -> None:
        current = self.current()
        self._cards = cards
        self._show()
        if current is not None:
            self.select(current.id)

    def _show(self) -> None:
        self.stack.setCurrentWidget(self.cards if self._cards else self.table)

    def view(self) -> QAbstractItemView:
        return self.cards if self._cards else self.table

    def current(self) -> InitiativeRow | None:
        index = self.view().currentIndex()
        return index.data(RowTableModel.ROW_ROLE) if index.isValid() else None

    def selected(self) -> list[InitiativeRow]:
        view = self.view()
        rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
        return [self.model.row_at(r) for r in rows]

    def select(self, initiative_id: int) -> bool:
        row = self.model.row_of(lambda r: r.id == initiative_id)
        if row < 0:
            return False
        for view in (self.table, self.cards):
            index = self.model.index(row, 0)
            view.setCurrentIndex(index)
            view.scrollTo(index)
        return True

    @Slot()
    def _current(self, *_args: object) -> None:
        if self.sender() is self.view().selectionModel():
            self.sig_current_changed.emit(self.current())
