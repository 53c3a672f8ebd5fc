"""The board page: one tab per view. Tabs tell the page when they changed data (``sig_data_changed``)
so the others refresh; no tab knows another."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.board.base import BoardTab
from app.ui.context import AppContext

# (module, class, tab title). Each class: a BoardTab(context, parent).
TABS: list[tuple[str, str, str]] = [
    ("app.ui.board.overview_tab", "OverviewTab", "Overzicht"),
    ("app.ui.board.koppelingen_tab", "KoppelingenTab", "Koppelingen"),
    ("app.ui.board.dwellings_tab", "DwellingsTab", "Woningen"),
    ("app.ui.board.exchange_tab", "ExchangeTab", "Aanbod, vraag en uitruil"),
    ("app.ui.board.matching_tab", "MatchingTab", "Matching"),
]


class BoardPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.views: list[BoardTab] = []
        for module_name, class_name, title in TABS:
            view: BoardTab = getattr(importlib.import_module(module_name), class_name)(context, self.tabs)
            self.tabs.addTab(view, self.tr(title))
            self.views.append(view)
        for view in self.views:
            view.sig_data_changed.connect(self._refresh_others)
        self.tabs.currentChanged.connect(self._on_tab)

    def _refresh_others(self) -> None:
        sender = self.sender()
        for view in self.views:
            if view is not sender:
                view.mark_stale()
        self._on_tab(self.tabs.currentIndex())

    def _on_tab(self, index: int) -> None:
        view = self.tabs.widget(index)
        if isinstance(view, BoardTab) and view.stale:
            view.refresh()
