"""The case register's side of ``AppContext.open_link("dossier", id)``: another module (the board)
opens a dossier window without knowing this package.

One window per dossier and user; opening it again raises it. The window has no parent: it must stay
usable while the window that asked for it is a modal dialog (the koppeling dialog), and it closes
with its own "Sluiten". Reading the dossier is logged by the service, as from the Dossiers page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.ui.cases.dossier_view import DossierView
    from app.ui.context import AppContext

_open: dict[tuple[str, int], DossierView] = {}


def open_dossier(context: AppContext, dossier_id: int, parent: QWidget | None = None) -> DossierView:
    """Show dossier ``dossier_id`` in its own window (loaded in the background) and return it."""
    from app.ui.cases.dossier_view import DossierView

    key = (context.actor.login, dossier_id)
    view = _open.get(key)
    if view is not None:
        view.raise_()
        view.activateWindow()
        return view
    from app.ui.cases.dossier_view import WANTED_SIZE
    from app.ui.widgets.placement import place_on_screen

    view = DossierView(context, dossier_id, None)
    view.setModal(False)
    place_on_screen(view, WANTED_SIZE, parent)  # centred on the screen of the window it came from
    view.finished.connect(lambda _result, k=key: _closed(k))
    _open[key] = view
    view.show()
    view.load()
    return view


def _closed(key: tuple[str, int]) -> None:
    """A closed dossier window goes: its personal data does not linger in memory."""
    view = _open.pop(key, None)
    if view is not None:
        view.deleteLater()
