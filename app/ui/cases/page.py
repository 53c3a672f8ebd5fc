"""The Dossiers page: the case list and the handover work lists as tabs. Both open a dossier through
the page, which keeps one dossier window per dossier and refreshes the lists when one changes."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.cases.dossier_view import DossierView
from app.ui.cases.dossiers_tab import DossiersTab
from app.ui.cases.worklist_tab import WorklistTab
from app.ui.context import AppContext


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

    @Slot(int)
    def open_dossier(self, dossier_id: int) -> DossierView:
        """Show the dossier (reading it is logged by the service); raise it when it is already open."""
        view = self.views.get(dossier_id)
        if view is not None:
            view.raise_()
            view.activateWindow()
            return view
        view = DossierView(self.context, dossier_id, self)
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

    @Slot()
    def _refresh_lists(self) -> None:
        for tab in (self.dossiers, self.worklists):
            if tab is not self.sender():
                tab.mark_stale()
