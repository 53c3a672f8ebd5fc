"""Koppelingen: households COA linked to a municipality, filtered and sorted in SQL, with the detail
dialog and the status changes (offered a dwelling, moved in, lapsed, back to linked)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.db.models.board import KoppelingStatus
from app.domain.roles import Role
from app.services.board.koppelingen import KoppelingInfo
from app.services.board.views import KoppelingRow
from app.services.region import GemeenteInfo
from app.ui.board.koppeling_filter_bar import OPEN, KoppelingFilterBar
from app.ui.board.koppeling_model import (
    DOSSIER_COLUMN,
    OVERDUE_COLOR,
    SOON_COLOR,
    koppeling_background,
    koppeling_columns,
)
from app.ui.board.koppeling_paged_tab import Fetch, PagedBoardTab
from app.ui.board.koppeling_status_dialog import action_title, allowed
from app.ui.context import AppContext
from app.ui.widgets import ExportField

STATUS_ACTIONS = (
    KoppelingStatus.WONING_AANGEBODEN,
    KoppelingStatus.GEHUISVEST,
    KoppelingStatus.VERVALLEN,
    KoppelingStatus.GEKOPPELD,
)


class KoppelingenTab(PagedBoardTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            koppeling_columns(),
            noun=QCoreApplication.translate("KoppelingenTab", "koppelingen"),
            default_sort=("linked_on", False),
            background=koppeling_background,
            legend=[
                (OVERDUE_COLOR, QCoreApplication.translate("KoppelingenTab", "te laat")),
                (SOON_COLOR, QCoreApplication.translate("KoppelingenTab", "termijn bijna verstreken")),
            ],
            column_widths={3: 150, 4: 100},
            parent=parent,
        )
        self.dialog: Any = None  # tests and screenshots reach the open dialog here
        self.opener: Any = None  # the DossierOpener after "Dossier openen" (tests reach it)
        actor = context.actor
        own = actor.gemeente_code if actor.role is not Role.REGIO_COORDINATOR else None
        self.filters = KoppelingFilterBar(own, self)  # a contactpersoon starts with the own gemeente
        self.filters.sig_changed.connect(self.schedule_load)
        self.filter_row.addWidget(self.filters)

        self.status_actions: dict[KoppelingStatus, QAction] = {}
        self.status_menu = QMenu(self)
        for status in STATUS_ACTIONS:
            action = QAction(action_title(status), self)
            action.triggered.connect(lambda _=False, s=status: self.change_status(s))
            self.status_actions[status] = action
            self.status_menu.addAction(action)
        self.dossier_action = QAction(self.tr("Dossier openen"), self)
        self.dossier_action.triggered.connect(self.open_dossier)

        self.build_actions(
            noun=self.tr("koppeling"),
            on_new=self.new_koppeling,
            on_activated=self.open_koppeling,
            status_menu=self.status_menu,
            sort_column=2,
            list_name="koppelingen",
            filters=self.filters,
            # "3 (2/1)" → three number columns; the dossier number stays in the program (an export of
            # the board goes round the region, the dossier is the own municipality's).
            export_overrides={3: export_persons(), DOSSIER_COLUMN: []},
        )
        self.show_empty_state(
            self.filters,
            can_add=self.tr("Nog geen koppelingen. Importeer het COA-bestand via Bestand → Importeren "
                            "(Ctrl+I), of voeg er een toe met Nieuwe koppeling (Ctrl+N)."),
            read_only=self.tr("Nog geen koppelingen. Ze staan hier zodra het COA-bestand is ingelezen."),
        )

    # -- data ----------------------------------------------------------------------------------

    def fetch(self, offset: int, limit: int) -> Fetch:
        from app.services.board.views import list_koppeling_rows

        query = self.filters.build(self.sort, offset, limit)
        actor = self.context.actor
        return lambda session: list_koppeling_rows(session, actor, query)

    def show_gemeente(self, code: str) -> None:
        """One municipality's open koppelingen, the other filters back to their start (the overview's
        drill-down: a click on a municipality's bar or row)."""
        f = self.filters
        widgets = (f.gemeente, f.status, f.min_persons, f.max_persons, f.overdue, f.search)
        for widget in widgets:
            widget.blockSignals(True)
        index = f.gemeente.findData(code)
        if index < 0:  # the list of municipalities is still loading: it selects this one when it comes
            f.gemeente.setProperty("pending_code", code)
            index = 0
        f.gemeente.setCurrentIndex(index)
        f.status.setCurrentIndex(f.status.findData(OPEN))
        f.min_persons.setValue(0)
        f.max_persons.setValue(0)
        f.overdue.setChecked(False)
        f.search.setText("")
        for widget in widgets:
            widget.blockSignals(False)
        self.load()

    def set_gemeenten(self, gemeenten: list[GemeenteInfo]) -> None:
        super().set_gemeenten(gemeenten)
        self.filters.set_gemeenten(gemeenten)
        self.new_action.setEnabled(self.can_create())

    @Slot()
    def update_actions(self) -> None:
        row: KoppelingRow | None = self.current()
        self.open_button.setEnabled(row is not None)
        writable = row is not None and self.can_write(row.responsible_code)  # the host after a swap
        for status, action in self.status_actions.items():
            action.setEnabled(writable and allowed(row, status))
        self.status_button.setEnabled(any(a.isEnabled() for a in self.status_actions.values()))
        self._update_dossier_action(row)

    def _update_dossier_action(self, row: KoppelingRow | None) -> None:
        from app.ui.board.links import dossier_choice

        if row is None:
            self.dossier_action.setEnabled(False)
            return
        choice = dossier_choice(self.context.actor, row)
        self.dossier_action.setText(choice.text)
        self.dossier_action.setEnabled(choice.enabled)
        self.dossier_action.setToolTip(choice.tooltip)

    # -- actions -------------------------------------------------------------------------------

    @Slot()
    def new_koppeling(self) -> None:
        if self.can_create() and self.gemeenten:
            self._open_dialog(None)

    @Slot()
    def open_selected(self) -> None:
        row = self.current()
        if row is not None:
            self.open_koppeling(row)

    @Slot(object)
    def open_koppeling(self, row: KoppelingRow) -> None:
        """Enter or a double-click: the koppeling dialog, or in the Dossier column its dossier."""
        if self.table.currentIndex().column() == DOSSIER_COLUMN:
            self.open_dossier()
        else:
            self._open_dialog(row)

    @Slot()
    def open_dossier(self) -> Any:
        """The dossier of the selected koppeling, or after a confirmation a new one (logged)."""
        from app.ui.board.links import DossierOpener, dossier_choice

        row: KoppelingRow | None = self.current()
        if row is None:
            return None
        choice = dossier_choice(self.context.actor, row)
        if not choice.enabled:
            self.context.show_status(choice.tooltip)
            return None
        if self.opener is None:
            self.opener = DossierOpener(self.context, self)
            self.opener.sig_created.connect(self._dossier_created)
        return self.opener.open_for(row)

    def replace_row(self, fresh: Any) -> None:
        """A status dialog hands back the koppeling without its links: add them (the dwelling may
        have changed with the status) before showing it in place."""
        if isinstance(fresh, KoppelingRow):
            super().replace_row(fresh)
            return
        from dataclasses import fields

        from app.services.board.views import with_links

        old = next((r for r in self.model.all_rows() if r.id == fresh.id), None)
        if isinstance(old, KoppelingRow):  # the new status at once, with the links as they were
            values = {f.name: getattr(fresh, f.name) for f in fields(KoppelingInfo)}
            super().replace_row(replace(old, **values))

        actor = self.context.actor
        self.last_task = self.context.tasks.run(
            lambda session, _control: with_links(session, actor, [fresh])[0],
            on_success=super().replace_row,
            parent=self,
            silent=True,
        )

    @Slot(int)
    def _dossier_created(self, koppeling_id: int) -> None:
        self.load(select_id=koppeling_id)  # the row now names its dossier

    def _open_dialog(self, row: KoppelingInfo | None) -> Any:
        from app.ui.board.koppeling_dialog import KoppelingDialog

        read_only = row is not None and not self.can_write(row.gemeente_code)
        dialog = KoppelingDialog(self.context, self.gemeenten, row, read_only=read_only, parent=self)
        dialog.sig_saved.connect(self._saved)
        dialog.sig_dossier_created.connect(self._dossier_created)
        dialog.open()
        self.dialog = dialog
        return dialog

    def change_status(self, target: KoppelingStatus) -> Any:
        from app.ui.board.koppeling_status_dialog import KoppelingStatusDialog

        row = self.current()
        if row is None or not allowed(row, target):
            return None
        dialog = KoppelingStatusDialog(self.context, row, target, self)
        dialog.sig_changed.connect(self._status_changed)
        dialog.sig_refreshed.connect(self.replace_row)
        dialog.open()
        self.dialog = dialog
        return dialog

    @Slot(object)
    def _saved(self, info: KoppelingInfo) -> None:
        self.context.show_status(self.tr("Koppeling {v} is opgeslagen.").format(v=info.v_nummer))
        self.load(select_id=info.id)
        self.sig_data_changed.emit()

    @Slot(object)
    def _status_changed(self, info: KoppelingInfo) -> None:
        self.context.show_status(
            self.tr("Koppeling {v}: status is nu '{s}'.").format(v=info.v_nummer, s=info.status.label)
        )
        self.replace_row(info)
        self.sig_data_changed.emit()

    @Slot(QPoint)
    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        if self.current() is not None:
            menu.addAction(self.open_action)
            menu.addAction(self.dossier_action)
            menu.setToolTipsVisible(True)  # a disabled "Dossier openen" says why
            menu.addSeparator()
            for action in self.status_actions.values():
                menu.addAction(action)
            menu.addSeparator()
        menu.addAction(self.exporter.action)
        menu.popup(self.table.viewport().mapToGlobal(pos))


def export_persons() -> list[ExportField]:
    def title(text: str) -> str:
        return QCoreApplication.translate("KoppelingenTab", text)

    return [
        ExportField(title("Personen"), lambda r: r.persons, "int"),
        ExportField(title("Volwassenen"), lambda r: r.adults, "int"),
        ExportField(title("Kinderen"), lambda r: r.children, "int"),
    ]
