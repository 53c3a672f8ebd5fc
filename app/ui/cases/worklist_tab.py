"""Werklijsten: the warm handovers that need attention (due this week, overdue, waiting for receipt,
all running), per municipality, sorted and paged in SQL, exportable; the packs due this week are
printed in one go from here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QLabel,
    QMenu,
    QPushButton,
    QWidget,
)

from app.domain.handover import HandoverKind
from app.services.cases.queries import may_read_other_gemeenten
from app.services.cases.worklists import WorkList
from app.services.region import GemeenteInfo
from app.ui.cases.columns import worklist_background, worklist_columns
from app.ui.cases.paged import SEARCH_PAUSE_MS, Fetch, PagedListTab
from app.ui.context import AppContext
from app.ui.widgets import SearchBar, TableExporter
from app.ui.widgets.flow import FlowLayout, group

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SHORT_LABELS = {
    WorkList.DEZE_WEEK: "Deze week",
    WorkList.TE_LAAT: "Te laat",
    WorkList.WACHT_OP_ONTVANGST: "Wacht op ontvangst",
    WorkList.OPEN: "Alle lopende",
}


class WorklistFilterBar(QWidget):
    sig_changed = Signal()
    """A filter changed (the search only after the user paused typing)."""

    def __init__(self, with_gemeente: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_label = QLabel(self.tr("Lijst:"))
        self.buttons: dict[WorkList, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for n, worklist in enumerate(WorkList):
            button = QPushButton(self.tr(SHORT_LABELS[worklist]))
            button.setCheckable(True)
            button.setToolTip(worklist.label + f" (Alt+{n + 1})")
            button.setShortcut(f"Alt+{n + 1}")
            self.group.addButton(button)
            self.buttons[worklist] = button
        self.buttons[WorkList.DEZE_WEEK].setChecked(True)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Alle soorten"), None)
        for kind in HandoverKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(22)
        self.mine = QCheckBox(self.tr("Alleen mijn overdrachten"), self)
        self.gemeente_label = QLabel(self.tr("Gemeente:"))
        self.gemeente = QComboBox(self)
        self.gemeente.addItem(self.tr("Eigen gemeente"), None)
        self.search = SearchBar(
            self, placeholder=self.tr("Zoek naam, V-nummer, BSN…"), delay_ms=SEARCH_PAUSE_MS
        )

        # Wraps onto a second row on a narrow window instead of forcing it wider.
        layout = FlowLayout(self)
        layout.addWidget(group(*self.buttons.values(), spacing=0))
        layout.addWidget(group(QLabel(self.tr("Soort:")), self.kind))
        self.gemeente_group = group(self.gemeente_label, self.gemeente)
        self.gemeente_group.setVisible(with_gemeente)
        layout.addWidget(self.gemeente_group)
        layout.addWidget(group(self.mine))
        layout.addWidget(group(self.search))
        self.group.buttonToggled.connect(self._list_toggled)
        self.kind.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        self.gemeente.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        self.mine.toggled.connect(lambda _on: self.sig_changed.emit())
        self.search.sig_search_changed.connect(lambda _t: self.sig_changed.emit())

    def _list_toggled(self, _button: object, on: bool) -> None:
        if on:  # the button that went off says nothing new
            self.sig_changed.emit()

    def worklist(self) -> WorkList:
        return next((wl for wl, b in self.buttons.items() if b.isChecked()), WorkList.DEZE_WEEK)

    def set_worklist(self, worklist: WorkList) -> None:
        self.buttons[worklist].setChecked(True)

    def set_counts(self, counts: dict[WorkList, int]) -> None:
        for worklist, button in self.buttons.items():
            button.setText(f"{self.tr(SHORT_LABELS[worklist])} ({counts.get(worklist, 0)})")

    def set_gemeenten(self, gemeenten: list[GemeenteInfo]) -> None:
        chosen = self.gemeente.currentData()
        self.gemeente.blockSignals(True)
        for g in gemeenten:
            self.gemeente.addItem(g.name, g.cbs_code)
        self.gemeente.setCurrentIndex(max(0, self.gemeente.findData(chosen)) if chosen else 0)
        self.gemeente.blockSignals(False)

    def kinds(self) -> tuple[HandoverKind, ...]:
        value = self.kind.currentData()
        return (HandoverKind(value),) if value else ()

    def describe(self) -> str:
        parts = [self.worklist().label]
        if self.kinds():
            parts.append(self.kind.currentText())
        if self.gemeente.isVisibleTo(self) and self.gemeente.currentData():
            parts.append(f"Gemeente: {self.gemeente.currentText()}")
        if self.mine.isChecked():
            parts.append(self.mine.text())
        if self.search.text().strip():
            parts.append(f"zoekterm '{self.search.text().strip()}'")
        return "; ".join(parts)


class WorklistTab(PagedListTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        self.with_gemeente = may_read_other_gemeenten(context.actor)
        super().__init__(
            context,
            worklist_columns(self.with_gemeente),
            noun=QCoreApplication.translate("WorklistTab", "overdrachten"),
            noun_one=QCoreApplication.translate("WorklistTab", "overdracht"),
            default_sort=("due_on", False),
            background=worklist_background,
            parent=parent,
        )
        self.counts: dict[WorkList, int] = {}
        self.gemeenten: list[GemeenteInfo] = []
        self.printer: Any = None  # the batch print of the last click (tests wait on it)
        self._widths_set = False
        self.filters = WorklistFilterBar(self.with_gemeente, self)
        self.filters.sig_changed.connect(lambda: self.load())  # the search bar waits for a pause itself
        self.filter_row.addWidget(self.filters)

        f = self.filters
        self.table.set_empty_state(
            self._empty_text, search=f.search.text, filtered=[f.kind, f.gemeente, f.mine]
        )
        self.open_button = QPushButton(self.tr("Dossier openen"))
        self.open_button.setToolTip(self.tr("Het dossier van de gekozen overdracht openen (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        # Printing packs is a daily task: the printer first (Ctrl+P), the PDFs for mail or the archive.
        self.print_button = QPushButton(self.tr("Packs van deze week afdrukken…"))
        self.print_button.setToolTip(
            self.tr(
                "Elke overdracht die deze week af moet op de printer, in één afdruk (Ctrl+P). "
                "Overdrachten zonder toestemming worden overgeslagen."
            )
        )
        self.print_button.clicked.connect(self.print_week_on_printer)
        # Ctrl+P from anywhere on this tab (a button's own shortcut would also fire on other tabs).
        self.print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        self.print_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_shortcut.setWhatsThis(self.tr("Packs van deze week afdrukken…"))
        self.print_shortcut.activated.connect(self._print_key)
        self.save_button = QPushButton(self.tr("Packs van deze week opslaan als PDF…"))
        self.save_button.setToolTip(
            self.tr(
                "Eén PDF per overdracht die deze week af moet, in een map naar keuze. "
                "Overdrachten zonder toestemming worden overgeslagen."
            )
        )
        self.save_button.clicked.connect(self.print_week)
        self.exporter = TableExporter(
            context,
            self.table,
            "werklijst",
            scope=self,
            describe=self.filters.describe,
            fetch_all=self.fetch_all,
        )
        # The three wrap onto a second row at a large system font instead of widening the window.
        actions = QWidget(self)
        flow = FlowLayout(actions, spacing=6)
        for button in (self.open_button, self.print_button, self.save_button):
            flow.addWidget(button)
        self.toolbar.addWidget(actions, 1)
        self.toolbar.addWidget(self.exporter.widget, 0, Qt.AlignmentFlag.AlignTop)
        self.toolbar.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        self.table.sig_row_activated.connect(lambda row: self.sig_open_dossier.emit(row.dossier_id))
        self.table.sig_selection_changed.connect(self.update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.update_actions()

    def _empty_text(self) -> str:
        """An empty work list is good news: say so, and where the other work is."""
        texts = {
            WorkList.DEZE_WEEK: self.tr("Deze week hoeft er niets af. Kies hierboven een andere lijst om "
                                        "alle lopende overdrachten te zien."),
            WorkList.TE_LAAT: self.tr("Niets is te laat. Goed zo."),
            WorkList.WACHT_OP_ONTVANGST: self.tr("Er wacht niets op ontvangst."),
            WorkList.OPEN: self.tr("Nog geen lopende overdrachten. U begint een overdracht in het dossier, "
                                   "op het tabblad Overdrachten."),
        }
        return texts.get(self.filters.worklist(), "")

    def row_id(self, row: Any) -> int:
        return int(row.handover_id)

    def _filter(self, offset: int, limit: int) -> Any:
        from app.services.cases.worklists import WorkListFilter

        return WorkListFilter(
            worklist=self.filters.worklist(),
            gemeente_code=self.filters.gemeente.currentData() if self.with_gemeente else None,
            mine=self.filters.mine.isChecked(),
            kinds=self.filters.kinds(),
            text=self.filters.search.text().strip(),
            sort=self.sort[0],
            descending=self.sort[1],
            limit=limit,
            offset=offset,
        )

    def fetch(self, offset: int, limit: int) -> Fetch:
        from app.services.cases.worklists import list_worklist

        f, actor = self._filter(offset, limit), self.context.actor
        return lambda session: list_worklist(session, actor, f)

    def extra_work(self) -> Any:
        actor = self.context.actor
        code = self.filters.gemeente.currentData() if self.with_gemeente else None
        mine, need_gemeenten = self.filters.mine.isChecked(), self.with_gemeente and not self.gemeenten

        def counts(session: Session) -> tuple[dict[WorkList, int], list[GemeenteInfo] | None]:
            from app.services.cases.worklists import worklist_counts
            from app.services.region import list_gemeenten

            found = worklist_counts(session, actor, code, mine=mine)
            return found, list_gemeenten(session, actor) if need_gemeenten else None

        return counts

    def loaded(self, extra: Any) -> None:
        if not self._widths_set and self.model.rowCount():
            # The first list may hold only short kinds; leave room for the longest ones.
            self._widths_set = True
            for column, spec in enumerate(self.model.columns):
                width = {"kind_label": 250, "receiver": 290, "member_name": 130}.get(str(spec.key))
                if width:
                    self.table.setColumnWidth(column, width)
        self.counts, gemeenten = extra
        self.filters.set_counts(self.counts)
        if gemeenten:
            self.gemeenten = gemeenten
            self.filters.set_gemeenten(gemeenten)
        week = self.counts.get(WorkList.DEZE_WEEK, 0)
        self.print_button.setEnabled(week > 0)
        self.save_button.setEnabled(week > 0)

    @Slot()
    def update_actions(self) -> None:
        self.open_button.setEnabled(self.current() is not None)

    @Slot()
    def open_selected(self) -> None:
        row = self.current()
        if row is not None:
            self.sig_open_dossier.emit(row.dossier_id)

    @Slot()
    def print_week(self) -> Any:
        """Ask for a folder and save every pack due this week into it (progress, cancel)."""
        return self._batch(on_printer=False)

    @Slot()
    def print_week_on_printer(self) -> Any:
        """The system print dialog, then every pack due this week as one print job."""
        return self._batch(on_printer=True)

    @Slot()
    def _print_key(self) -> None:
        if self.print_button.isEnabled():
            self.print_week_on_printer()

    def _batch(self, *, on_printer: bool) -> Any:
        from app.ui.cases.batch_print import BatchPrint

        if self.printer is not None and self.printer.running:
            return self.printer
        self.printer = BatchPrint(
            self.context,
            self,
            gemeente_code=self.filters.gemeente.currentData() if self.with_gemeente else None,
            mine=self.filters.mine.isChecked(),
        )
        self.printer.sig_done.connect(self._printed)
        if on_printer:
            self.printer.start_printer()
        else:
            self.printer.start()
        return self.printer

    @Slot()
    def _printed(self) -> None:
        self.sig_data_changed.emit()

    @Slot(QPoint)
    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        if self.current() is not None:
            menu.addAction(self.tr("Dossier openen"), self.open_selected)
            menu.addSeparator()
        menu.addAction(self.exporter.action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
