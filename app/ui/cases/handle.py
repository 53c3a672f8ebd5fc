"""What the tabs and dialogs of one open dossier use of the window that shows it — and nothing more:
which dossier and who works on it, whether they may change it, the dossier as last shown, a way to
change it, and the window's two message lines.

``DossierView`` makes one for its tabs; a test can make one of its own and build a tab without the
window. Dialogs and the pack print get their Qt parent separately (the window a tab lives in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.access import Actor
    from app.services.cases.views import DossierDetail
    from app.ui.tasks import Task


class Change(Protocol):
    """Run ``work(session)`` (a service call) on a worker, then show the fresh dossier.

    ``done(result)`` runs after a success; ``failed(exc)`` may handle an error itself (a dialog
    showing field messages) and return True, otherwise the window shows the message. This is the
    shape of ``DossierView.change``."""

    def __call__(
        self,
        work: Callable[[Session], Any],
        *,
        title: str,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], bool] | None = None,
        success_text: str = "",
    ) -> Task: ...


@dataclass(frozen=True)
class DossierHandle:
    """One open dossier as its tabs and dialogs see it."""

    dossier_id: int
    actor: Actor
    """Who works on the dossier (the signed-in user); every service call is made as them."""
    can_write: bool
    """Whether the actor may change dossiers (the buttons that change something show only then)."""
    detail: Callable[[], DossierDetail | None]
    """The dossier as last shown (None before the first load)."""
    change: Change
    show_info: Callable[[str], None]
    """Show a confirmation in the window's info line."""
    show_error: Callable[[BaseException | str | None], None]
    """Show a problem in the window's banner (None clears it)."""
