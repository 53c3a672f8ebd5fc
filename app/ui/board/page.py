"""The board page: one tab per view. Tabs tell the page when they changed data (``sig_data_changed``)
so the others refresh; no tab knows another."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.today.board import DEADLINES, POSTS, RESERVATIONS, SWAPS
from app.ui.badges import TabBadges
from app.ui.board.base import BoardTab
from app.ui.context import AppContext

if TYPE_CHECKING:
    from app.services.today import Target

# (module, class, tab title). Each class: a BoardTab(context, parent); one with a classmethod
# ``available(context)`` is only added when that says so (e.g. only for the regio-coördinator).
TABS: list[tuple[str, str, str]] = [
    ("app.ui.board.overview_tab", "OverviewTab", "Overzicht"),
    ("app.ui.board.koppelingen_tab", "KoppelingenTab", "Koppelingen"),
    ("app.ui.board.dwellings_tab", "DwellingsTab", "Woningen"),
    ("app.ui.board.exchange_tab", "ExchangeTab", "Aanbod, vraag en uitruil"),
    ("app.ui.board.matching_tab", "MatchingTab", "Matching"),
    ("app.ui.board.swap_plan_tab", "SwapPlanTab", "Uitruilplan"),
]
# Which of Vandaag's kinds each tab handles: its count shows on the tab.
TAB_KINDS: dict[str, tuple[str, ...]] = {
    "ExchangeTab": (SWAPS, POSTS),
    "KoppelingenTab": (DEADLINES,),
    "DwellingsTab": (RESERVATIONS,),
}


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
            cls = getattr(importlib.import_module(module_name), class_name)
            if not getattr(cls, "available", lambda _context: True)(context):
                continue
            view: BoardTab = cls(context, self.tabs)
            self.tabs.addTab(view, self.tr(title))
            self.views.append(view)
        for view in self.views:
            view.sig_data_changed.connect(self._refresh_others)
        self.view("OverviewTab").sig_show_koppelingen.connect(self.show_koppelingen_of)
        from app.ui.board.regional_print import RegionalPrint

        self.regional_print = RegionalPrint(context, self)  # the buttons beside the tabs
        self.tabs.setCornerWidget(self.regional_print.widget, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(self._on_tab)
        self.badges = TabBadges(self.tabs, {v: TAB_KINDS[type(v).__name__] for v in self.views
                                            if type(v).__name__ in TAB_KINDS})  # fmt: skip

    def show_counts(self, counts: dict[str, int]) -> None:
        """The shell's latest counts per kind (no query of our own): on the tabs."""
        self.badges.show(counts)

    def _refresh_others(self) -> None:
        self.context.report_change()  # the badges and Vandaag count again
        sender = self.sender()
        for view in self.views:
            if view is not sender:
                view.mark_stale()
        self._on_tab(self.tabs.currentIndex())

    def _on_tab(self, index: int) -> None:
        view = self.tabs.widget(index)
        if isinstance(view, BoardTab) and view.stale:
            view.refresh()

    def show_koppelingen_of(self, cbs_code: str) -> None:
        """The overview's drill-down: one municipality's open koppelingen on "Koppelingen"."""
        tab = self.view("KoppelingenTab")
        self.tabs.setCurrentWidget(tab)
        tab.show_gemeente(cbs_code)

    # -- showing one object (Vandaag's "Openen") ------------------------------------------------

    def view(self, class_name: str) -> Any:
        return next((v for v in self.views if type(v).__name__ == class_name), None)

    def open_target(self, target: Target) -> None:
        """Show the tab where ``target`` is handled, with the object selected: a swap or post on
        "Aanbod, vraag en uitruil", a koppeling (found by its V-nummer) on "Koppelingen"."""
        kind, wanted = target.object_type, target.object_id
        if kind == "lijst":
            kind, wanted = {"uitruil": "uitruil", "berichten": "bericht"}.get(target.find, "koppeling"), 0
        if kind in ("uitruil", "bericht"):
            tab = self.view("ExchangeTab")
            self.tabs.setCurrentWidget(tab)
            if not wanted:
                return

            def select() -> None:
                if kind == "uitruil":  # a filter must not hide it
                    tab.status_filter.setCurrentIndex(0)
                    tab.mine_only.setChecked(False)
                    tab.swap_table.select_row(lambda s: s.id == wanted)
                    tab.swap_table.setFocus()
                else:
                    tab.post_table.select_row(lambda p: p.id == wanted)
                    tab.post_table.setFocus()

            _once(tab.sig_loaded, select)
            tab.refresh()  # the list may predate the item: load it fresh, then select
        elif kind == "koppeling":
            tab = self.view("KoppelingenTab")
            self.tabs.setCurrentWidget(tab)
            if not wanted:
                return
            filters = tab.filters
            for widget in (filters.gemeente, filters.status, filters.overdue, filters.search):
                widget.blockSignals(True)
            filters.gemeente.setProperty("pending_code", None)
            filters.gemeente.setCurrentIndex(0)  # all municipalities: after a swap it is the host's
            filters.status.setCurrentIndex(filters.status.findData(None))
            filters.overdue.setChecked(False)
            filters.search.setText(target.find)
            for widget in (filters.gemeente, filters.status, filters.overdue, filters.search):
                widget.blockSignals(False)
            tab.load(select_id=wanted)
            tab.table.setFocus()


def _once(signal: Any, slot: Callable[[], None]) -> None:
    """Run ``slot`` the next time ``signal`` fires, and only then."""

    def run(*_args: object) -> None:
        signal.disconnect(run)
        slot()

    signal.connect(run)
