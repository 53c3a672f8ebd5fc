"""A list loaded page by page in the background, filtered and sorted in SQL, with "Meer laden".

The dossier list and the work lists share it. Subclasses say how one page is fetched (``fetch``) and
which row id to select after a reload (``row_id``); a header click on a column with an SQL key
reloads sorted in the database, other columns sort the loaded rows in the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.context import AppContext
from app.ui.widgets import DataTableView
from app.ui.widgets.formatting import sort_key
from app.ui.widgets.paged_model import PagedColumn, PagedRowModel, count_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.ui.tasks import Task

Fetch = Callable[["Session"], tuple[list[Any], int]]
SEARCH_PAUSE_MS = 200  # typing pause before a search runs; one SQL round trip after that


class PagedListTab(QWidget):
    PAGE_SIZE = 200

    sig_open_dossier = Signal(int)
    """Open this dossier (the page shows it)."""
    sig_data_changed = Signal()
    """This tab changed data the other tabs show."""

    def __init__(
        self,
        context: AppContext,
        columns: Sequence[PagedColumn],
        *,
        noun: str,
        noun_one: str = "",
        default_sort: tuple[str, bool],
        background: Callable[[Any], QColor | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.noun = noun
        self.noun_one = noun_one  # "1 dossier", not "1 dossiers"
        self.sort = default_sort
        self.total = 0
        self.stale = True
        self.last_task: Task | None = None  # tests and screenshots wait on this
        self._generation = 0

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
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.load())

        self.toolbar = QHBoxLayout()
        self.filter_row = QHBoxLayout()
        self.footer = QHBoxLayout()
        self.footer.addWidget(self.count_label)
        self.footer.addStretch(1)
        self.footer.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(self.toolbar)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.footer)

    # -- what subclasses provide -------------------------------------------------------------

    def fetch(self, offset: int, limit: int) -> Fetch:
        raise NotImplementedError

    def row_id(self, row: Any) -> int:
        return int(row.id)

    def extra_work(self) -> Callable[[Session], Any] | None:
        """Something more to load with the first page (counts, gemeenten); handed to ``loaded``."""
        return None

    def loaded(self, extra: Any) -> None:
        """The first page is shown; ``extra`` is what ``extra_work`` returned."""

    def update_actions(self) -> None:
        """Enable the buttons for the current row."""

    # -- loading -----------------------------------------------------------------------------

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.load()

    def refresh(self) -> None:
        self.load()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.load()

    @Slot()
    def load(self, select_id: int | None = None) -> Task:
        """Reload the first page with the current filter and sort order."""
        self.stale = False
        self._generation += 1
        generation = self._generation
        fetch = self.fetch(0, self.PAGE_SIZE)
        extra = self.extra_work()

        def work(session: Session, _control: Any) -> tuple[list[Any], int, Any]:
            rows, total = fetch(session)
            return rows, total, extra(session) if extra is not None else None

        def done(result: tuple[list[Any], int, Any]) -> None:
            if generation != self._generation:
                return  # a newer load is on its way
            rows, total, more = result
            self.model.set_rows(rows)
            self.total = total
            self._update_count()
            self.loaded(more)
            if select_id is not None:
                self.table.select_row(lambda r: self.row_id(r) == select_id)
            self.update_actions()

        self.last_task = self.context.tasks.run(
            work,
            on_success=done,
            title=self.tr("{noun} laden").format(noun=self.noun.capitalize()),
            parent=self,
        )
        return self.last_task

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
        self.last_task.sig_finished.connect(self._more_finished)

    @Slot()
    def _more_finished(self) -> None:
        self.more_button.setEnabled(True)

    def fetch_all(self) -> Callable[[Session], list[Any]]:
        """Every row matching the filter in the table's order, for the Excel export (run in a worker)."""
        from app.services.exports import EXCEL_MAX_ROWS

        fetch = self.fetch(0, EXCEL_MAX_ROWS + 1)  # one more than fits: the export then says so
        header = self.table.horizontalHeader()
        section, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        columns = self.model.paged_columns
        column = columns[section] if 0 <= section < len(columns) else None
        pick = None if column is None or column.sql_key else column.spec.value
        descending = order == Qt.SortOrder.DescendingOrder

        def run(session: Session) -> list[Any]:
            rows, _total = fetch(session)
            if pick is not None:
                rows.sort(key=lambda row: sort_key(pick(row)), reverse=descending)
            return rows

        return run

    @Slot(str, bool)
    def _sort_in_sql(self, key: str, descending: bool) -> None:
        self.sort = (key, descending)
        self.load()

    def _update_count(self) -> None:
        loaded = len(self.model.all_rows())
        self.count_label.setText(count_text(loaded, self.total, self.noun, self.noun_one))
        self.more_button.setVisible(loaded < self.total)

    def current(self) -> Any:
        return self.table.current_row()
