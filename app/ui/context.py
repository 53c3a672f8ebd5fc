"""What a module page is handed instead of the main window (Spyder-style: declare, don't reach)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.config import Settings
    from app.db.session import Database
    from app.services.access import Actor
    from app.services.today import Target
    from app.ui.tasks import TaskRunner


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
