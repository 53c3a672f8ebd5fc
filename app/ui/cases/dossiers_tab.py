"""Dossiers: the case list of the own municipality, searched, filtered, sorted and paged in SQL.
Enter or a double click opens the dossier; "Nieuw dossier…" starts one from a koppeling or by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from app.domain.case_dossier import DossierStatus
from app.services.cases.queries import may_create_dossiers, may_read_other_gemeenten
from app.services.region import GemeenteInfo
from app.ui.cases.columns import CLOSED_COLOR, OVERDUE_COLOR, dossier_background, dossier_columns
from app.ui.cases.paged import SEARCH_PAUSE_MS, Fetch, PagedListTab
from app.ui.context import AppContext
from app.ui.widgets import SearchBar, TableExporter

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class DossierFilterBar(QWidget):
    sig_changed = Signal()
    """A filter changed (the search only after the user paused typing)."""

    def __init__(self, with_gemeente: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchBar(
            self, placeholder=self.tr("Zoek op naam, V-nummer of BSN… (Ctrl+F)"), delay_ms=SEARCH_PAUSE_MS
        )
        self.search.setMinimumWidth(320)
        self.status = QComboBox(self)
        self.status.setAccessibleName(self.tr("Status van het dossier"))
        self.status.addItem(self.tr("Open"), DossierStatus.OPEN.value)
        self.status.addItem(self.tr("Gesloten"), DossierStatus.GESLOTEN.value)
        self.status.addItem(self.tr("Alle statussen"), None)
        self.gemeente = QComboBox(self)
        self.gemeente.setAccessibleName(self.tr("Gemeente"))
        self.gemeente.addItem(self.tr("Eigen gemeente"), None)
        self.gemeente.setMinimumContentsLength(16)
        self.gemeente_label = QLabel(self.tr("Gemeente:"))
        for widget in (self.gemeente_label, self.gemeente):
            widget.setVisible(with_gemeente)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Status:")))
        layout.addWidget(self.status)
        layout.addSpacing(8)
        layout.addWidget(self.gemeente_label)
        layout.addWidget(self.gemeente)
        layout.addStretch(1)
        self.search.sig_search_changed.connect(lambda _text: self.sig_changed.emit())
        self.status.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        self.gemeente.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())

    def set_gemeenten(self, gemeenten: list[GemeenteInfo]) -> None:
        chosen = self.gemeente.currentData()
        self.gemeente.blockSignals(True)
        while self.gemeente.count() > 1:
            self.gemeente.removeItem(1)
        for g in gemeenten:
            self.gemeente.addItem(g.name, g.cbs_code)
        self.gemeente.setCurrentIndex(max(0, self.gemeente.findData(chosen)) if chosen else 0)
        self.gemeente.blockSignals(False)

    def statuses(self) -> tuple[DossierStatus, ...]:
        value = self.status.currentData()
        return (DossierStatus(value),) if value else ()


class DossiersTab(PagedListTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        self.with_gemeente = may_read_other_gemeenten(context.actor)
        super().__init__(
            context,
            dossier_columns(self.with_gemeente),
            noun=QCoreApplication.translate("DossiersTab", "dossiers"),
            noun_one=QCoreApplication.translate("DossiersTab", "dossier"),
            default_sort=("head_name", False),
            background=dossier_background,
            parent=parent,
        )
        self.gemeenten: list[GemeenteInfo] = []
        self.dialog: Any = None  # tests and screenshots reach the open dialog here
        self.filters = DossierFilterBar(self.with_gemeente, self)
        self.filters.sig_changed.connect(lambda: self.load())  # the search bar waits for a pause itself
        self.filter_row.addWidget(self.filters)
        # Ctrl+F is the main window's (it reaches focus_search from anywhere on the page).

        self.new_action = QAction(self.tr("Nieuw dossier…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_dossier)
        self.new_action.setVisible(may_create_dossiers(context.actor))
        self.addAction(self.new_action)
        self.open_action = QAction(self.tr("Dossier openen"), self)
        self.open_action.triggered.connect(self.open_selected)

        self.new_button = QPushButton(self.new_action.text())
        self.new_button.setToolTip(
            self.tr("Een dossier beginnen vanuit een koppeling of met de hand (Ctrl+N)")
        )
        self.new_button.clicked.connect(self.new_action.trigger)
        self.new_button.setVisible(self.new_action.isVisible())
        self.open_button = QPushButton(self.tr("Openen"))
        self.open_button.setToolTip(self.tr("Het gekozen dossier openen (Enter of dubbelklik)"))
        self.open_button.clicked.connect(self.open_selected)
        self.exporter = TableExporter(
            context, self.table, "dossiers", scope=self, filters=[self.filters], fetch_all=self.fetch_all
        )
        self.table.set_empty_state(
            self.tr("Nog geen dossiers. Begin er een met Nieuw dossier (Ctrl+N): vanuit een koppeling of "
                    "met de hand.") if self.new_action.isVisible()
            else self.tr("Nog geen dossiers die u mag zien."),
            search=self.filters.search.text,
            filtered=[self.filters.status, self.filters.gemeente],
        )
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.open_button)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.exporter.widget)
        self.toolbar.addWidget(self.refresh_button)
        self.footer.insertSpacing(1, 16)
        self.footer.insertWidget(2, _legend())

        self.table.sig_row_activated.connect(lambda row: self.sig_open_dossier.emit(row.id))
        self.table.sig_selection_changed.connect(self.update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.update_actions()

    # -- data ----------------------------------------------------------------------------------

    def fetch(self, offset: int, limit: int) -> Fetch:
        from app.services.cases.dossiers import DossierFilter, list_dossiers

        f = DossierFilter(
            gemeente_code=self.filters.gemeente.currentData() if self.with_gemeente else None,
            statuses=self.filters.statuses(),
            text=self.filters.search.text().strip(),
            sort=self.sort[0],
            descending=self.sort[1],
            limit=limit,
            offset=offset,
        )
        actor = self.context.actor
        return lambda session: list_dossiers(session, actor, f)

    def extra_work(self) -> Any:
        if not self.with_gemeente or self.gemeenten:
            return None
        actor = self.context.actor

        def gemeenten(session: Session) -> list[GemeenteInfo]:
            from app.services.region import list_gemeenten

            return list_gemeenten(session, actor)

        return gemeenten

    def loaded(self, extra: Any) -> None:
        if extra:
            self.gemeenten = extra
            self.filters.set_gemeenten(extra)

    @Slot()
    def update_actions(self) -> None:
        self.open_button.setEnabled(self.current() is not None)

    @Slot()
    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    # -- actions -------------------------------------------------------------------------------

    @Slot()
    def open_selected(self) -> None:
        row = self.current()
        if row is not None:
            self.sig_open_dossier.emit(row.id)

    @Slot()
    def new_dossier(self) -> Any:
        from app.ui.cases.new_dossier_dialog import NewDossierDialog

        if not self.new_action.isVisible():
            return None
        dialog = NewDossierDialog(self.context, self)
        dialog.sig_created.connect(self._created)
        dialog.open()
        self.dialog = dialog
        return dialog

    @Slot(object)
    def _created(self, detail: Any) -> None:
        self.context.show_status(self.tr("Dossier {id} is aangemaakt.").format(id=detail.id))
        self.load(select_id=detail.id)
        self.sig_data_changed.emit()
        self.sig_open_dossier.emit(detail.id)

    @Slot(QPoint)
    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        if self.current() is not None:
            menu.addAction(self.open_action)
            menu.addSeparator()
        if self.new_action.isVisible():
            menu.addAction(self.new_action)
        menu.addAction(self.exporter.action)
        menu.popup(self.table.viewport().mapToGlobal(pos))


def _legend() -> QWidget:
    widget = QWidget()
    row = QHBoxLayout(widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for color, text in (
        (OVERDUE_COLOR, QCoreApplication.translate("DossiersTab", "overdracht te laat")),
        (CLOSED_COLOR, QCoreApplication.translate("DossiersTab", "gesloten")),
    ):
        swatch = QLabel()
        swatch.setFixedSize(14, 14)
        swatch.setStyleSheet(f"background: {color.name()}; border: 1px solid {color.darker(140).name()};")
        row.addWidget(swatch)
        row.addWidget(QLabel(text))
        row.addSpacing(10)
    return widget
