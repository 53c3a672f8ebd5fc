"""Woningen: vacant dwellings offered by corporations, filtered and sorted in SQL, with the new/edit
dialog and the status actions (release a reservation, mark expired)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.db.models.board import DwellingStatus
from app.domain.roles import Role
from app.services.board.dwellings import DwellingInfo
from app.services.region import GemeenteInfo
from app.ui.board.dwelling_filter_bar import DwellingFilterBar
from app.ui.board.dwelling_model import (
    RESERVED_COLOR,
    RESERVED_FOR_COLUMN,
    dwelling_background,
    dwelling_columns,
    export_reserved_for,
)
from app.ui.board.koppeling_paged_tab import Fetch, PagedBoardTab
from app.ui.context import AppContext

# target status → the statuses it may be set from
STATUS_FROM: dict[DwellingStatus, tuple[DwellingStatus, ...]] = {
    DwellingStatus.BESCHIKBAAR: (DwellingStatus.GERESERVEERD, DwellingStatus.VERLOPEN),
    DwellingStatus.VERLOPEN: (DwellingStatus.BESCHIKBAAR, DwellingStatus.GERESERVEERD),
}


class DwellingsTab(PagedBoardTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            dwelling_columns(),
            noun=QCoreApplication.translate("DwellingsTab", "woningen"),
            default_sort=("available_from", False),
            background=dwelling_background,
            legend=[(RESERVED_COLOR, QCoreApplication.translate("DwellingsTab", "gereserveerd"))],
            column_widths={1: 80, 2: 125, 4: 105, 5: 85, 6: 100, 7: 70, 8: 115, 9: 80, 10: 80, 12: 140},
            parent=parent,
        )
        self.dialog: Any = None  # tests and screenshots reach the open dialog here
        actor = context.actor
        own = actor.gemeente_code if actor.role is not Role.REGIO_COORDINATOR else None
        self.filters = DwellingFilterBar(own, self)
        self.filters.sig_changed.connect(self.schedule_load)
        self.filter_row.addWidget(self.filters)

        self.release_action = QAction(self.tr("Vrijgeven (beschikbaar)"), self)
        self.release_action.triggered.connect(lambda: self.set_status(DwellingStatus.BESCHIKBAAR))
        self.expire_action = QAction(self.tr("Verlopen"), self)
        self.expire_action.triggered.connect(lambda: self.set_status(DwellingStatus.VERLOPEN))
        status_menu = QMenu(self)
        status_menu.addAction(self.release_action)
        status_menu.addAction(self.expire_action)

        self.build_actions(
            noun=self.tr("woning"),
            on_new=self.new_dwelling,
            on_activated=self.open_dwelling,
            status_menu=status_menu,
            sort_column=8,
            list_name="woningen",
            filters=self.filters,
            export_overrides={RESERVED_FOR_COLUMN: export_reserved_for()},  # V-nummer and size apart
        )
        self.show_empty_state(
            self.filters,
            can_add=self.tr("Nog geen woningen. Importeer de lijst van de corporatie via Bestand → "
                            "Importeren (Ctrl+I), of voeg er een toe met Nieuwe woning (Ctrl+N)."),
            read_only=self.tr("Nog geen woningen. Ze staan hier zodra een gemeente ze heeft ingevoerd."),
        )

    def fetch(self, offset: int, limit: int) -> Fetch:
        from app.services.board.dwellings import list_dwellings

        query = self.filters.build(self.sort, offset, limit)
        actor = self.context.actor
        return lambda session: list_dwellings(session, actor, query)

    def set_gemeenten(self, gemeenten: list[GemeenteInfo]) -> None:
        super().set_gemeenten(gemeenten)
        self.filters.set_gemeenten(gemeenten)
        self.new_action.setEnabled(self.can_create())

    @Slot()
    def update_actions(self) -> None:
        row: DwellingInfo | None = self.current()
        self.open_button.setEnabled(row is not None)
        writable = row is not None and self.can_write(row.gemeente_code)
        self.release_action.setEnabled(writable and self._allowed(row, DwellingStatus.BESCHIKBAAR))
        self.expire_action.setEnabled(writable and self._allowed(row, DwellingStatus.VERLOPEN))
        self.status_button.setEnabled(self.release_action.isEnabled() or self.expire_action.isEnabled())

    @staticmethod
    def _allowed(row: DwellingInfo | None, target: DwellingStatus) -> bool:
        return row is not None and row.status in STATUS_FROM[target]

    @Slot()
    def new_dwelling(self) -> None:
        if self.can_create() and self.gemeenten:
            self._open_dialog(None)

    @Slot()
    def open_selected(self) -> None:
        row = self.current()
        if row is not None:
            self.open_dwelling(row)

    @Slot(object)
    def open_dwelling(self, row: DwellingInfo) -> None:
        self._open_dialog(row)

    def _open_dialog(self, row: DwellingInfo | None) -> Any:
        from app.ui.board.dwelling_dialog import DwellingDialog

        read_only = row is not None and not self.can_write(row.gemeente_code)
        dialog = DwellingDialog(self.context, self.gemeenten, row, read_only=read_only, parent=self)
        dialog.sig_saved.connect(self._saved)
        dialog.open()
        self.dialog = dialog
        return dialog

    def set_status(self, target: DwellingStatus) -> QMessageBox | None:
        """Ask for confirmation (non-blocking), then change the status in the background."""
        row = self.current()
        if row is None or not self._allowed(row, target):
            return None
        if target is DwellingStatus.BESCHIKBAAR:
            text = self.tr("Woning {ref} weer beschikbaar maken?").format(ref=row.reference)
            if row.status is DwellingStatus.GERESERVEERD and row.reserved_v_nummer:
                text += "\n" + self.tr("De reservering voor het huishouden met V-nummer {v} vervalt.").format(
                    v=row.reserved_v_nummer
                )
            elif row.status is DwellingStatus.GERESERVEERD:
                text += "\n" + self.tr("De reservering voor het huishouden vervalt.")
        else:
            text = self.tr("Woning {ref} als verlopen markeren? Ze doet dan niet meer mee in de matching.")
            text = text.format(ref=row.reference)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Status van de woning"), text, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Ja, wijzigen"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Nee"))
        box.accepted.connect(lambda: self._apply_status(row, target))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.dialog = box
        return box

    def _apply_status(self, row: DwellingInfo, target: DwellingStatus) -> None:
        from app.services.board.dwellings import set_dwelling_status

        actor = self.context.actor

        def done(fresh: DwellingInfo) -> None:
            self.context.show_status(
                self.tr("Woning {ref}: status is nu '{s}'.").format(ref=fresh.reference, s=fresh.status.label)
            )
            self.replace_row(fresh)
            self.sig_data_changed.emit()

        self.last_task = self.context.tasks.run(
            lambda session, _control: set_dwelling_status(session, actor, row.id, row.version, target),
            on_success=done,
            title=self.tr("Status van de woning wijzigen"),
            parent=self,
            cancellable=False,
        )

    @Slot(object)
    def _saved(self, info: DwellingInfo) -> None:
        self.context.show_status(
            self.tr("Woning {c} {ref} is opgeslagen.").format(c=info.corporation, ref=info.reference)
        )
        self.load(select_id=info.id)
        self.sig_data_changed.emit()

    @Slot(QPoint)
    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        if self.current() is not None:
            menu.addAction(self.open_action)
            menu.addSeparator()
            menu.addAction(self.release_action)
            menu.addAction(self.expire_action)
            menu.addSeparator()
        menu.addAction(self.exporter.action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
