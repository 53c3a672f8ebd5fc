"""What the koppelingen and woningen lists share: a filtered, SQL-sorted list loaded page by page in
the background, a count label ("123 van 2.380 koppelingen") and a "Meer laden" button.

Subclasses build the filter bar and the actions, and say how to fetch one page (``fetch``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from app.domain.roles import Action, Area, is_allowed
from app.services.region import GemeenteInfo
from app.ui.board.base import BoardTab
from app.ui.board.koppeling_model import BoardColumn
from app.ui.context import AppContext
from app.ui.widgets import DataTableView, ExportField, TableExporter
from app.ui.widgets.formatting import sort_key
from app.ui.widgets.paged_model import PagedRowModel, count_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.ui.tasks import Task

Fetch = Callable[["Session"], tuple[list[Any], int]]


def legend_widget(items: Sequence[tuple[QColor, str]]) -> QWidget:
    """Small coloured squares with their meaning, for below a list."""
    widget = QWidget()
    row = QHBoxLayout(widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for color, text in items:
        swatch = QLabel()
        swatch.setFixedSize(14, 14)
        swatch.setStyleSheet(f"background: {color.name()}; border: 1px solid {color.darker(140).name()};")
        row.addWidget(swatch)
        row.addWidget(QLabel(text))
        row.addSpacing(10)
    return widget


class PagedBoardTab(BoardTab):
    PAGE_SIZE = 200
    FILTER_DELAY_MS = 150

    def __init__(
        self,
        context: AppContext,
        columns: Sequence[BoardColumn],
        *,
        noun: str,
        default_sort: tuple[str, bool],
        background: Callable[[Any], QColor | None] | None = None,
        legend: Sequence[tuple[QColor, str]] = (),
        column_widths: dict[int, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.noun = noun
        self.gemeenten: list[GemeenteInfo] = []
        self.total = 0
        self.sort = default_sort
        self.last_task: Task | None = None  # tests and screenshots wait on this
        self._generation = 0
        self._column_widths = dict(column_widths or {})

        self.model = PagedRowModel(columns, background=background, parent=self)
        self.model.sql_sort = default_sort
        self.model.sig_sort_requested.connect(self._sort_in_sql)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.more_button = QPushButton(self.tr("Meer laden"))
        self.more_button.setToolTip(self.tr("De volgende {n} regels laden").format(n=self.PAGE_SIZE))
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setVisible(False)

        self.refresh_button = QPushButton(self.tr("Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("Opnieuw laden (F5)"))
        self.refresh_button.clicked.connect(lambda: self.load())
        refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh_shortcut.activated.connect(lambda: self.load())

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(self.FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(lambda: self.load())

        self.toolbar = QHBoxLayout()
        self.filter_row = QHBoxLayout()
        self.legend = legend_widget(legend)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addSpacing(16)
        footer.addWidget(self.legend)
        footer.addStretch(1)
        footer.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(self.toolbar)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

    def build_actions(
        self,
        *,
        noun: str,
        on_new: Callable[[], None],
        on_activated: Callable[[Any], None],
        status_menu: QMenu,
        sort_column: int,
        list_name: str,
        filters: QWidget,
        export_overrides: dict[int, Sequence[ExportField]] | None = None,
    ) -> None:
        """The toolbar every list has: new (Ctrl+N), open, a status menu, export (Ctrl+E), refresh;
        plus the table's activation, selection and context-menu wiring. ``noun`` is e.g. "koppeling",
        ``list_name`` the export's list (``app.services.exports.EXPORT_LISTS``)."""
        self.new_action = QAction(self.tr("Nieuwe {noun}…").format(noun=noun), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(on_new)
        self.new_action.setEnabled(False)
        self.addAction(self.new_action)
        self.open_action = QAction(self.tr("Openen…"), self)
        self.open_action.triggered.connect(self.open_selected)

        self.new_button = QPushButton(self.new_action.text())
        self.new_button.setToolTip(self.tr("Nieuwe {noun} (Ctrl+N)").format(noun=noun))
        self.new_button.clicked.connect(self.new_action.trigger)
        self.new_button.setVisible(self.can_create())
        self.open_button = QPushButton(self.tr("Openen…"))
        self.open_button.setToolTip(self.tr("Details van de gekozen {noun} (Enter)").format(noun=noun))
        self.open_button.clicked.connect(self.open_selected)
        self.status_button = QPushButton(self.tr("Status wijzigen"))
        self.status_button.setMenu(status_menu)
        for widget in (self.new_button, self.open_button, self.status_button):
            self.toolbar.addWidget(widget)
        self.toolbar.addStretch(1)
        # All rows matching the filter, not only the loaded pages (fetch_all).
        self.exporter = TableExporter(self.context, self.table, list_name, scope=self, filters=[filters],
                                      fetch_all=self.fetch_all, overrides=export_overrides)  # fmt: skip
        self.toolbar.addWidget(self.exporter.widget)
        self.toolbar.addWidget(self.refresh_button)

        self.table.sig_row_activated.connect(on_activated)
        self.table.sig_selection_changed.connect(self.update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
        self.update_actions()

    def show_empty_state(self, filters: Any, *, can_add: str, read_only: str) -> None:
        """The list's message when empty: ``can_add`` (how to add rows) for a user who may create
        them, ``read_only`` for one who only reads; "Niets gevonden voor …" when ``filters`` (the
        filter bar: its ``search`` and the other fields) hide every row."""
        widgets = [w for w in filters.findChildren(QWidget) if w is not filters.search
                   and w.parent() is not filters.search]  # fmt: skip
        self.table.set_empty_state(
            can_add if self.can_create() else read_only,
            search=filters.search.text,
            filtered=widgets,
        )

    # -- what subclasses provide -------------------------------------------------------------

    def fetch(self, offset: int, limit: int) -> Fetch:
        """A function that loads one page on a worker: (rows, total)."""
        raise NotImplementedError

    def set_gemeenten(self, gemeenten: list[GemeenteInfo]) -> None:
        self.gemeenten = gemeenten

    def fetch_all(self) -> Callable[[Session], list[Any]]:
        """Every row matching the current filter, in the table's order: the SQL sort, and on top the
        column the model sorts itself when that is the sorted one. Built here, run in a worker."""
        from app.services.exports import EXCEL_MAX_ROWS

        fetch = self.fetch(0, EXCEL_MAX_ROWS + 1)  # one more than fits: the export then says so
        header = self.table.horizontalHeader()
        section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        columns = self.model.paged_columns
        column = columns[section] if 0 <= section < len(columns) else None
        pick = None if column is None or column.sql_key else column.sort_value or column.spec.value
        descending = order == Qt.SortOrder.DescendingOrder

        def run(session: Session) -> list[Any]:
            rows, _total = fetch(session)
            if pick is not None:
                rows.sort(key=lambda row: sort_key(pick(row)), reverse=descending)
            return rows

        return run

    def update_actions(self) -> None:
        """Enable the buttons for the current row."""

    def open_selected(self) -> None:
        """Open the detail dialog of the selected row."""
        raise NotImplementedError

    def _context_menu(self, pos: Any) -> None:
        """The right-click menu of the table."""

    def can_write(self, gemeente_code: str | None) -> bool:
        actor = self.context.actor
        own = gemeente_code is not None and gemeente_code == actor.gemeente_code
        return actor.system or is_allowed(actor.role, Action.UPDATE, Area.BOARD, own_gemeente=own)

    def can_create(self) -> bool:
        actor = self.context.actor
        return actor.system or is_allowed(actor.role, Action.CREATE, Area.BOARD, own_gemeente=True)

    # -- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        super().refresh()
        self.load()

    @Slot()
    def schedule_load(self) -> None:
        """A filter changed: reload after a short pause (several quick changes load once)."""
        self._filter_timer.start()

    @Slot()
    def load(self, select_id: int | None = None) -> None:
        """Reload the first page with the current filter and sort order."""
        self._filter_timer.stop()
        self.stale = False
        self._generation += 1
        generation = self._generation
        fetch = self.fetch(0, self.PAGE_SIZE)
        need_gemeenten = not self.gemeenten
        actor = self.context.actor

        def work(session: Session, _control: Any) -> tuple[list[Any], int, list[GemeenteInfo] | None]:
            from app.services.region import list_gemeenten

            rows, total = fetch(session)
            return rows, total, list_gemeenten(session, actor) if need_gemeenten else None

        def done(result: tuple[list[Any], int, list[GemeenteInfo] | None]) -> None:
            if generation != self._generation:
                return  # a newer load is on its way
            rows, total, gemeenten = result
            if gemeenten is not None:
                self.set_gemeenten(gemeenten)
            self.model.set_rows(rows)
            self._apply_column_widths()
            self.total = total
            self._update_count()
            if select_id is not None:
                self.table.select_row(lambda r: r.id == select_id)
            self.update_actions()

        self.last_task = self.context.tasks.run(
            work,
            on_success=done,
            title=self.tr("{noun} laden").format(noun=self.noun.capitalize()),
            parent=self,
        )

    @Slot()
    def load_more(self) -> None:
        generation = self._generation
        fetch = self.fetch(len(self.model.all_rows()), self.PAGE_SIZE)
        self.more_button.setEnabled(False)

        def done(result: tuple[list[Any], int]) -> None:
            if generation != self._generation:
                return
            rows, self.total = result
            self.model.append_rows(rows)
            self._update_count()

        self.last_task = self.context.tasks.run(
            lambda session, _control: fetch(session),
            on_success=done,
            title=self.tr("Meer laden"),
            parent=self,
        )
        self.last_task.sig_finished.connect(lambda: self.more_button.setEnabled(True))

    def _apply_column_widths(self) -> None:
        """Narrow the short columns once, after the view sized them to their first contents."""
        for column, width in self._column_widths.items():
            self.table.setColumnWidth(column, width)
        self._column_widths.clear()

    @Slot(str, bool)
    def _sort_in_sql(self, key: str, descending: bool) -> None:
        self.sort = (key, descending)
        self.load()

    def _update_count(self) -> None:
        loaded = len(self.model.all_rows())
        self.count_label.setText(count_text(loaded, self.total, self.noun))
        self.more_button.setVisible(loaded < self.total)

    def current(self) -> Any:
        return self.table.current_row()

    def replace_row(self, fresh: Any) -> None:
        """Show a row's fresh data in place (after a status change) without reloading the list."""
        rows = self.model.all_rows()
        for i, row in enumerate(rows):
            if row.id == fresh.id:
                rows[i] = fresh
                break
        else:
            return
        self.model.set_rows(rows)
        self.table.select_row(lambda r: r.id == fresh.id)
        self.update_actions()
