"""What a module page is handed instead of the main window (Spyder-style: declare, don't reach)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.config import Settings
    from app.db.session import Database
    from app.services.access import Actor
    from app.services.today import Target
    from app.ui.tasks import TaskRunner

# Ways across modules, by name: the board opens a dossier window and the dossier window shows a
# koppeling without either module importing the other. Each target is ``module:function`` with the
# signature ``(context, object_id, parent) -> the window opened``; the module is imported on first
# use only. A new link is one line here and one function in the module that shows the object.
LINKS: dict[str, str] = {
    "dossier": "app.ui.cases.links:open_dossier",
    "koppeling": "app.ui.board.links:show_koppeling",
    "initiative": "app.ui.directory.links:show_initiative",
}


@dataclass(frozen=True)
class AppContext:
    """Everything a module needs: the database, who acts, the settings, the task runner and a way
    to put a short message in the status bar. Run all database work through ``tasks``."""

    database: Database
    actor: Actor
    settings: Settings
    tasks: TaskRunner
    show_status: Callable[[str], None]
    demo: bool = False  # a database made by ``python -m app demo``: the window says so
    # Show where an object is handled: the shell shows ``target.module`` and hands the page the
    # target (a page that can show objects offers ``open_target(target)``).
    open_target: Callable[[Target], None] = lambda _target: None
    # A page changed data: the shell refreshes what counts it (the sidebar badges, Vandaag).
    report_change: Callable[[], None] = lambda: None

    def open_link(self, kind: str, object_id: int, parent: QWidget | None = None) -> Any:
        """Open another module's window for one object (``LINKS``): e.g. ``open_link("dossier", 12)``.
        The target checks the rights and loads in the background; it returns the window it opened."""
        module, _, name = LINKS[kind].partition(":")
        opener: Callable[[AppContext, int, QWidget | None], Any]
        opener = getattr(importlib.import_module(module), name)
        return opener(self, object_id, parent)
