"""Zoeken: the search line and filters, the chips of what is set, the results as a table or as
cards, and the detail pane beside them.

The whole directory is loaded once on a worker (``load_snapshot``) and filtered on the GUI thread
with the domain's own rules: 5,000 initiatives answer in milliseconds, where a service round trip
per key press took 200–400 ms on this machine. The directory reloads after a change and on F5."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.domain.directory import Freshness
from app.ui.directory.detail import DetailPane
from app.ui.directory.filter_bar import ChipBar, FilterBar
from app.ui.directory.results import ResultsView
from app.ui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:
    from app.services.directory.search import InitiativeRow
    from app.services.directory.snapshot import DirectorySnapshot
    from app.ui.context import AppContext
    from app.ui.tasks import Task


class SearchTab(QWidget):
    sig_data_changed = Signal()
    """An initiative was entered, changed or verified here."""
    sig_loaded = Signal()
    """The directory was (re)loaded and the results are shown."""
    sig_filtered = Signal()
    """The results were filtered again (after a filter change)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.snapshot: DirectorySnapshot | None = None
        self.stale = True
        self.last_task: Task | None = None
        self.last_filter_ms = 0.0
        self.dialog: Any = None
        self._generation = 0
        self.gemeente_names: dict[str, str] = {}
        self.filters = FilterBar(self)
        self.chips = ChipBar(self)
        self.results = ResultsView({}, self)
        self.detail = DetailPane(context, self)
        # Shortened with "…" (whole in its tooltip) when the buttons beside it need the room.
        self.count = ElidedLabel(self.tr("Bezig met laden…"))
        self.table_button = QPushButton(self.tr("Ta&bel"))
        self.cards_button = QPushButton(self.tr("&Kaarten"))
        toggle = QButtonGroup(self)
        for button in (self.table_button, self.cards_button):
            button.setCheckable(True)
            button.setAutoDefault(False)
            toggle.addButton(button)
        self.table_button.setChecked(True)
        self.table_button.setToolTip(self.tr("De resultaten als tabel (sorteren met een klik op een kop)"))
        self.cards_button.setToolTip(self.tr("De resultaten als kaarten"))
        self.cards_button.toggled.connect(self.results.set_cards)
        self.new_action = QAction(self.tr("Nieuw initiatief…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.new_initiative)
        self.new_action.setVisible(False)
        self.addAction(self.new_action)
        self.new_button = QPushButton(self.new_action.text())
        self.new_button.setToolTip(self.tr("Een initiatief van uw gemeente toevoegen (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_action.trigger)
        self.new_button.setVisible(False)
        self.refresh_button = QPushButton(self.tr("&Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("De gids opnieuw laden (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        from app.ui.directory.outputs import DirectoryOutputs

        self.outputs = DirectoryOutputs(
            context, self, lambda: [r.id for r in self.results.rows()],
            lambda: self.snapshot.gemeenten if self.snapshot is not None else [],
        )  # fmt: skip
        f = self.filters
        self.results.set_empty_state(
            lambda: self.tr("Nog geen initiatieven. Voeg er een toe met Nieuw initiatief (Ctrl+N) of "
                            "importeer ze via Bestand → Importeren (Ctrl+I).") if self.new_action.isVisible()
            else self.tr("Nog geen initiatieven in de gids."),
            search=f.search.text,
            filters=[w for w in f.controls() if w is not f.search],
        )
        # Ctrl+F is the main window's (it reaches focus_search from anywhere on the page).
        reload = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        reload.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload.activated.connect(self.refresh)

        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        bar.addWidget(QLabel(self.tr("Tonen als:")))
        bar.addWidget(self.table_button)
        bar.addWidget(self.cards_button)
        bar.addSpacing(12)
        bar.addWidget(self.new_button)
        bar.addWidget(self.outputs.button)
        bar.addWidget(self.refresh_button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.filters)
        layout.addWidget(self.chips)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self.filters.sig_changed.connect(self.apply_filter)
        self.chips.sig_clear.connect(self.filters.clear)
        self.chips.sig_clear_all.connect(self.filters.clear_all)
        self.results.sig_current_changed.connect(self._current_changed)
        self.results.sig_row_activated.connect(
            lambda row: row is not None and self.detail.show_initiative(row.id)
        )
        self.detail.sig_changed.connect(self._changed)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if not getattr(self, "_split", False) and self.width() > 200:
            self._split = True
            self.splitter.setSizes([int(self.width() * 0.58), int(self.width() * 0.42)])

    # -- loading ------------------------------------------------------------------------------

    def mark_stale(self) -> None:
        self.stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    @Slot()
    def refresh(self, select_id: int | None = None) -> Task:
        from app.services.directory.snapshot import load_snapshot

        self.stale = False
        self._generation += 1
        generation, actor = self._generation, self.context.actor
        keep = select_id if select_id is not None else self._current_id()

        def done(snapshot: DirectorySnapshot) -> None:
            if generation == self._generation:
                self.show_snapshot(snapshot, keep)

        self.last_task = self.context.tasks.run(
            lambda session, _control: load_snapshot(session, actor),
            on_success=done,
            title=self.tr("Initiatieven laden"),
            parent=self,
        )
        return self.last_task

    def show_snapshot(self, snapshot: DirectorySnapshot, keep_id: int | None = None) -> None:
        self.snapshot = snapshot
        self.gemeente_names = {code: name for _gid, code, name in snapshot.gemeenten}
        self.results.set_gemeente_names(self.gemeente_names)
        self.filters.set_choices([(code, name) for _gid, code, name in snapshot.gemeenten], snapshot.kinds)
        self.new_action.setVisible(snapshot.may_create)
        self.new_button.setVisible(snapshot.may_create)
        self.apply_filter(keep_id)
        self.sig_loaded.emit()

    @Slot()
    def apply_filter(self, keep_id: int | None = None) -> None:
        """Filter the loaded directory with the controls' filter (GUI thread: milliseconds)."""
        if self.snapshot is None:
            return
        started = time.perf_counter()
        flt = self.filters.current()
        keep = keep_id if isinstance(keep_id, int) else self._current_id()
        rows = self.snapshot.find(flt)
        self.results.set_rows(rows, keep)
        self.chips.show_filter(flt, self.gemeente_names, self.snapshot.kind_labels)
        self.last_filter_ms = (time.perf_counter() - started) * 1000
        total = len(self.snapshot.facts)
        stale = sum(1 for r in rows if r.freshness is not Freshness.OK)
        text = (self.tr("{n} van {total} initiatieven").format(n=len(rows), total=total) if not flt.is_empty()
                else self.tr("{n} actieve initiatieven").format(n=len(rows)))  # fmt: skip
        if stale:
            text += self.tr(" · {n} te controleren of mogelijk verouderd").format(n=stale)
        self.count.setText(text)
        shown = self.detail.initiative_id
        if self.results.current() is None and shown is not None and not any(r.id == shown for r in rows):
            self.detail.clear()  # the filter hides what the pane showed
        self.sig_filtered.emit()

    def _current_id(self) -> int | None:
        row = self.results.current()
        return row.id if row is not None else None

    @Slot(object)
    def _current_changed(self, row: InitiativeRow | None) -> None:
        if row is not None and row.id != self.detail.initiative_id:
            self.detail.show_initiative(row.id)

    @Slot(int)
    def _changed(self, initiative_id: int) -> None:
        self.refresh(select_id=initiative_id)
        self.context.report_change()
        self.sig_data_changed.emit()

    @Slot()
    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def show_initiative(self, initiative_id: int) -> None:
        """Select one initiative (when the filters show it) and show its detail."""
        self.results.select(initiative_id)
        self.detail.show_initiative(initiative_id)

    # -- new ----------------------------------------------------------------------------------

    @Slot()
    def new_initiative(self) -> Any:
        from app.ui.directory.edit_dialog import InitiativeDialog

        if self.snapshot is None or not self.snapshot.may_create:
            return None
        dialog = InitiativeDialog(
            self.context, self.snapshot.gemeenten, self.snapshot.kinds, None, parent=self
        )
        dialog.sig_saved.connect(lambda info: self._created(info.id))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _created(self, initiative_id: int) -> None:
        self.detail.show_initiative(initiative_id)
        self._changed(initiative_id)
