"""Counts as badges on the navigation: "Uitwisselbord (3)". The modules that count declare a
``counts`` function in their ``ModuleSpec``; this runs them on a worker (one at a time) every few
minutes and whenever the shell is told that data changed. The GUI thread only sets texts.

A count keyed ``"<module>/<kind>"`` is one kind of item; ``kinds(module)`` hands a page its own, and
``TabBadges`` puts them on the page's tabs: "Koppelingen (2)"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QListWidget, QTabWidget, QWidget

from app.ui.modules import ModuleSpec

if TYPE_CHECKING:
    from app.ui.context import AppContext
    from app.ui.tasks import Task

REFRESH_MS = 120_000
KEY_ROLE = Qt.ItemDataRole.UserRole
KIND_SEP = "/"  # as app.services.today.KIND_SEP (not imported: this module stays cheap)


def badge_text(title: str, count: int) -> str:
    return f"{title} ({count})" if count else title


class NavBadges(QObject):
    sig_counts = Signal(object)
    """New counts arrived (module key → number); the navigation shows them already."""

    def __init__(
        self, nav: QListWidget, parent: QObject | None = None, interval_ms: int = REFRESH_MS
    ) -> None:
        super().__init__(parent)
        self.nav = nav
        self.counts: dict[str, int] = {}
        self._specs: list[ModuleSpec] = []
        self._context: AppContext | None = None
        self._task: Task | None = None
        self._again = False
        self._generation = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)

    def set_modules(self, context: AppContext, specs: list[ModuleSpec]) -> None:
        """Another user or database: forget the old counts and count anew."""
        self._context = context
        self._specs = list(specs)
        self._generation += 1
        self.counts = {}
        self._show()
        if any(spec.counts for spec in specs):
            if self.timer.interval() > 0:
                self.timer.start()
            self.refresh()
        else:
            self.timer.stop()

    @Slot()
    def refresh(self) -> None:
        """Count in the background; a request while counting runs once more afterwards."""
        context = self._context
        functions = [spec.counts for spec in self._specs if spec.counts is not None]
        if context is None or not functions:
            return
        if self._task is not None and self._task.is_running:
            self._again = True
            return
        actor, generation = context.actor, self._generation

        def work(session: Any, _control: Any) -> dict[str, int]:
            merged: dict[str, int] = {}
            for fn in functions:
                merged.update(fn(session, actor))
            return merged

        def done(counts: dict[str, int]) -> None:
            if generation == self._generation:
                self.counts = counts
                self._show()
                self.sig_counts.emit(counts)
            if self._again:
                self._again = False
                self.refresh()

        self._task = context.tasks.run(work, on_success=done, on_failure=lambda _exc: None,
                                       title="", silent=True, cancellable=False)  # fmt: skip

    def kinds(self, module: str) -> dict[str, int]:
        """The module's counts per kind, as its page shows them on its tabs."""
        prefix = module + KIND_SEP
        return {key[len(prefix) :]: n for key, n in self.counts.items() if key.startswith(prefix)}

    def stop(self) -> None:
        self.timer.stop()

    def _show(self) -> None:
        titles = {spec.key: spec.title for spec in self._specs}
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = str(item.data(KEY_ROLE))
            count = self.counts.get(key, 0)
            item.setText(badge_text(titles.get(key, item.text()), count))
            if count:
                item.setToolTip(self.tr("{n} wacht op u — zie Vandaag").format(n=count))
            else:
                spec = next((s for s in self._specs if s.key == key), None)
                item.setToolTip(spec.description if spec else "")
        # A count can make a name wrap onto a second line (a narrow navigation at a large font); the
        # list does not re-measure its rows when their text changes, so ask it to.
        self.nav.doItemsLayout()


class TabBadges:
    """The counts on a page's tabs. The page says which kinds each tab handles; a tab's text is
    its own title plus the sum of those ("Uitruil (2)"), or the bare title when nothing waits."""

    def __init__(self, tabs: QTabWidget, kinds: dict[QWidget, tuple[str, ...]]) -> None:
        self.tabs = tabs
        self.kinds = kinds
        self.titles = {tab: tabs.tabText(tabs.indexOf(tab)) for tab in kinds}

    def show(self, counts: dict[str, int]) -> None:
        for tab, kinds in self.kinds.items():
            index = self.tabs.indexOf(tab)
            if index >= 0:
                count = sum(counts.get(kind, 0) for kind in kinds)
                self.tabs.setTabText(index, badge_text(self.titles[tab], count))
