"""The module interface the shell knows. A module is a package under ``app/ui/`` that exposes
``MODULE: ModuleSpec``; the shell is handed the list and never imports module packages itself.

To add a module: create ``app/ui/<name>/__init__.py`` with a cheap ``MODULE = ModuleSpec(...)``
whose ``factory`` imports the real page lazily, and list the package in ``MODULE_PACKAGES``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStyle, QWidget
    from sqlalchemy.orm import Session

    from app.services.access import Actor
    from app.ui.context import AppContext

# In navigation order. A package that does not exist (yet) is skipped: no placeholder pages.
MODULE_PACKAGES: list[str] = [
    "app.ui.today",
    "app.ui.board",
    "app.ui.cases",
    "app.ui.directory",
    "app.ui.challenges",
    "app.ui.admin",
]


def _always(_actor: Actor) -> bool:
    return True


@dataclass(frozen=True)
class ModuleSpec:
    """One entry in the navigation. ``factory`` builds the page on first visit."""

    key: str
    title: str
    factory: Callable[[AppContext], QWidget]
    visible: Callable[[Actor], bool] = _always
    shortcut: str | None = None  # None: Ctrl+<position> in the Beeld menu
    icon: QStyle.StandardPixmap | None = None
    description: str = ""
    # Module key → how many things wait there, for the badges in the navigation; runs on a worker
    # (never the GUI thread) every few minutes and after a change. None: this module counts nothing.
    # A key "<module>/<kind>" is a kind's count: the module's page gets its own in ``show_counts``.
    counts: Callable[[Session, Actor], dict[str, int]] | None = None
    # Shown at every start instead of the page last visited (Vandaag: what waits for me).
    start_page: bool = False


def available_modules(packages: list[str] | None = None) -> list[ModuleSpec]:
    """The specs of the module packages that exist, in navigation order."""
    specs = []
    for name in MODULE_PACKAGES if packages is None else packages:
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        spec = getattr(module, "MODULE", None)
        if isinstance(spec, ModuleSpec):
            specs.append(spec)
    return specs
