"""The Dossiers page: the case list and the handover work lists as tabs. Both open a dossier through
the page, which keeps one dossier window per dossier and refreshes the lists when one changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.today.cases import ARRIVED, CONSENT, LATE, RECEIPT
from app.ui.badges import TabBadges
from app.ui.cases.dossier_view import WANTED_SIZE, DossierView
from app.ui.cases.dossiers_tab import DossiersTab
from app.ui.cases.worklist_tab import WorklistTab
from app.ui.context import AppContext
from app.ui.widgets.placement import place_on_screen

if TYPE_CHECKING:
    from app.services.today import Target

# Vandaag's "Alles tonen": which work list shows a kind of item.
LISTS = {"overdracht-te-laat": "te-laat", "wacht-op-ontvangst": "wacht-op-ontvangst", "toestemming": "open"}


class CasesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.dossiers = DossiersTab(context, self.tabs)
        self.worklists = WorklistTab(context, self.tabs)
        self.tabs.addTab(self.dossiers, self.tr("&Dossiers"))
        self.tabs.addTab(self.worklists, self.tr("&Werklijsten"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.views: dict[int, DossierView] = {}
        for tab in (self.dossiers, self.worklists):
            tab.sig_open_dossier.connect(self.open_dossier)
            tab.sig_data_changed.connect(self._refresh_lists)
        # Vandaag's kinds on the tab that handles them: dossiers that came through a swap are in
        # the list, the handovers in the work lists.
        kinds: dict[QWidget, tuple[str, ...]] = {
            self.dossiers: (ARRIVED,),
            self.worklists: (LATE, RECEIPT, CONSENT),
        }
        self.badges = TabBadges(self.tabs, kinds)

    def show_counts(self, counts: dict[str, int]) -> None:
        """The shell's latest counts per kind (no query of our own): on the tabs."""
        self.badges.show(counts)

    @Slot(int)
    def open_dossier(self, dossier_id: int) -> DossierView:
        """Show the dossier (reading it is logged by the service); raise it when it is already open."""
        view = self.views.get(dossier_id)
        if view is not None:
            view.raise_()
            view.activateWindow()
            return view
        view = DossierView(self.context, dossier_id, self)
        place_on_screen(view, WANTED_SIZE, self)  # centred on this window's screen, never taller
        view.sig_changed.connect(self._refresh_lists)
        view.finished.connect(lambda _result, did=dossier_id: self._closed(did))
        self.views[dossier_id] = view
        view.show()
        view.load()
        return view

    def _closed(self, dossier_id: int) -> None:
        """A closed dossier window goes: its personal data does not linger in memory. Detached
        from the page first, so deleting the page later never meets a half-deleted window."""
        view = self.views.pop(dossier_id, None)
        if view is not None:
            view.setParent(None)
            view.deleteLater()

    def open_target(self, target: Target) -> None:
        """Show where ``target`` is handled: a dossier in its window, a handover in its dossier's
        Overdrachten tab (selected once loaded), a referral in its Doorverwijzingen tab, a kind of
        item in its work list."""
        if target.object_type == "dossier":
            self.open_dossier(target.object_id)
        elif target.object_type == "overdracht" and target.parent_id is not None:
            view = self.open_dossier(target.parent_id)
            view.tabs.setCurrentWidget(view.handovers)
            handover_id = target.object_id
            if view.detail is not None:
                view.handovers.select(handover_id)
            else:

                def select() -> None:
                    view.sig_loaded.disconnect(select)
                    view.handovers.select(handover_id)

                view.sig_loaded.connect(select)
        elif target.object_type == "doorverwijzing" and target.parent_id is not None:
            # A referral the program asks about (Vandaag): its dossier, on the Doorverwijzingen tab.
            view = self.open_dossier(target.parent_id)
            view.tabs.setCurrentWidget(view.referrals)
            view.referrals.show_when_loaded(target.object_id)
        elif target.object_type == "lijst":
            from app.services.cases.worklists import WorkList

            listed = LISTS.get(target.find)
            self.tabs.setCurrentWidget(self.worklists if listed else self.dossiers)
            if listed:
                self.worklists.filters.set_worklist(WorkList(listed))

    @Slot()
    def _refresh_lists(self) -> None:
        self.context.report_change()  # the badges and Vandaag count again
        for tab in (self.dossiers, self.worklists):
            if tab is not self.sender():
                tab.mark_stale()
