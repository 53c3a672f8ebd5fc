"""The Werkgevers & challenges page: Planner, and (when their packages are there) Werkgevers,
Kandidaten and Dashboard as tabs. A tab that changed data marks the others stale."""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.today.challenges import FOR_REGION, UNFILLED
from app.ui.badges import TabBadges
from app.ui.challenges.planner_tab import PlannerTab

if TYPE_CHECKING:
    from app.services.today import Target
    from app.ui.context import AppContext

# module → (class, tab title); each written by its own part of the planner.
OPTIONAL_TABS = {
    "app.ui.challenges.employers_tab": ("EmployersTab", "&Werkgevers"),
    "app.ui.challenges.candidates_tab": ("CandidatesTab", "&Kandidaten"),
    "app.ui.challenges.dashboard_tab": ("DashboardTab", "&Dashboard"),
}


class ChallengesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.planner = PlannerTab(context, self.tabs)
        self.tabs.addTab(self.planner, self.tr("&Planner"))
        self.extra: dict[str, QWidget] = {}
        for module, (name, title) in OPTIONAL_TABS.items():
            if importlib.util.find_spec(module) is not None:
                tab = getattr(importlib.import_module(module), name)(context)
                self.extra[module.rsplit(".", 1)[1].removesuffix("_tab")] = tab
                self.tabs.addTab(tab, self.tr(title))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for tab in (self.planner, *self.extra.values()):
            signal = getattr(tab, "sig_data_changed", None)
            if signal is not None:
                signal.connect(self._changed)
        self.badges = TabBadges(self.tabs, {self.planner: (UNFILLED, FOR_REGION)})

    def show_counts(self, counts: dict[str, int]) -> None:
        """The shell's latest counts per kind (no query of our own): on the tabs."""
        self.badges.show(counts)

    @Slot()
    def _changed(self) -> None:
        sender = self.sender()
        for tab in (self.planner, *self.extra.values()):
            mark = getattr(tab, "mark_stale", None)
            if tab is not sender and callable(mark):
                mark()
        self.context.report_change()

    def open_target(self, target: Target) -> None:
        """A pledge or a challenge in the planner's pane; other objects to the tab that knows them."""
        if target.object_type in ("toezegging", "challenge"):
            self.tabs.setCurrentWidget(self.planner)
            self.planner.open_target(target)
            return
        for tab in self.extra.values():
            opener = getattr(tab, "open_target", None)
            if callable(opener) and opener(target):
                self.tabs.setCurrentWidget(tab)
                return

    def view(self, name: str) -> Any:
        return self.planner if name == "planner" else self.extra.get(name)
