"""The Initiatieven page: Zoeken, Te controleren and (when that module is there) Hiaten as tabs.
A tab that changed data marks the others stale; each reloads when it is shown."""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.today.directory_check import TO_CHECK
from app.ui.badges import TabBadges
from app.ui.directory.check_tab import CheckTab
from app.ui.directory.search_tab import SearchTab

if TYPE_CHECKING:
    from app.services.today import Target
    from app.ui.context import AppContext

GAPS_MODULE = "app.ui.directory.gaps_tab"


class DirectoryPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.search = SearchTab(context, self.tabs)
        self.check = CheckTab(context, self.tabs)
        self.tabs.addTab(self.search, self.tr("&Zoeken"))
        self.tabs.addTab(self.check, self.tr("&Te controleren"))
        self.gaps: QWidget | None = None
        if importlib.util.find_spec(GAPS_MODULE) is not None:  # written by the gaps view's own package
            self.gaps = importlib.import_module(GAPS_MODULE).GapsTab(context)
            self.tabs.addTab(self.gaps, self.tr("&Hiaten"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.search.sig_data_changed.connect(self._changed)
        self.check.sig_data_changed.connect(self._changed)
        self.check.sig_open.connect(self.show_initiative)
        # Vandaag's count of initiatives past the check period, on the tab that handles them.
        self.badges = TabBadges(self.tabs, {self.check: (TO_CHECK,)})

    def show_counts(self, counts: dict[str, int]) -> None:
        """The shell's latest counts per kind (no query of our own): on the tabs."""
        self.badges.show(counts)

    @Slot()
    def _changed(self) -> None:
        sender = self.sender()
        for tab in (self.search, self.check, self.gaps):
            mark = getattr(tab, "mark_stale", None)
            if tab is not None and tab is not sender and callable(mark):
                mark()

    @Slot(int)
    def show_initiative(self, initiative_id: int) -> None:
        self.tabs.setCurrentWidget(self.search)
        self.search.show_initiative(initiative_id)

    def open_target(self, target: Target) -> None:
        """An initiative in the detail pane; a list ("Alles tonen") on Te controleren."""
        if target.object_type == "lijst":
            self.tabs.setCurrentWidget(self.check)
        elif target.object_id:
            self.show_initiative(target.object_id)

    def view(self, name: str) -> Any:
        return {"search": self.search, "check": self.check, "gaps": self.gaps}.get(name)
