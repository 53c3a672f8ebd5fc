"""The directory's side of ``AppContext.open_link("initiative", id)``: another module (a dossier's
referrals, the gaps view) shows one initiative without knowing this package.

A small window with the detail pane (loaded in the background; its buttons follow the rights like
on the Zoeken tab). One window per initiative and user; opening it again raises it. No parent, so it
stays usable beside a modal dialog, like the dossier window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.ui.directory.detail import DetailPane
from app.ui.widgets.placement import place_on_screen

if TYPE_CHECKING:
    from app.ui.context import AppContext

_open: dict[tuple[str, int], InitiativeWindow] = {}


class InitiativeWindow(QDialog):
    sig_changed = Signal(int)
    """The initiative was changed or verified in this window."""

    def __init__(self, context: AppContext, initiative_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Initiatief"))
        place_on_screen(self, QSize(640, 680), parent)  # at most the screen, centred on it
        self.detail = DetailPane(context, self)
        self.detail.sig_loaded.connect(self._titled)
        self.detail.sig_changed.connect(self.sig_changed.emit)
        self.detail.sig_changed.connect(lambda _id: context.report_change())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detail, 1)
        layout.addWidget(buttons)
        self.initiative_id = initiative_id

    def load(self) -> None:
        self.detail.show_initiative(self.initiative_id)

    def _titled(self) -> None:
        if self.detail.data is not None:
            self.setWindowTitle(self.tr("Initiatief: {name}").format(name=self.detail.data.info.data.name))


def show_initiative(
    context: AppContext, initiative_id: int, parent: QWidget | None = None
) -> InitiativeWindow:
    """Show initiative ``initiative_id`` in its own window (loaded in the background) and return it."""
    key = (context.actor.login, initiative_id)
    window = _open.get(key)
    if window is not None:
        window.raise_()
        window.activateWindow()
        return window
    window = InitiativeWindow(context, initiative_id, None)
    window.setModal(False)
    window.finished.connect(lambda _result, k=key: _closed(k))
    _open[key] = window
    window.show()
    window.load()
    return window


def _closed(key: tuple[str, int]) -> None:
    window = _open.pop(key, None)
    if window is not None:
        window.deleteLater()
