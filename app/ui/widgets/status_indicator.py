"""The connection light in the status bar: green when the database answers, red when it does not."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.widgets.elided_label import ElidedLabel

_STYLE = "QLabel {{ color: {color}; padding: 0 6px; font-weight: {weight}; }}"


class ConnectionIndicator(ElidedLabel):
    """Shows whether the database can be reached."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.connected = True
        self.set_connected(True)

    def set_connected(self, connected: bool, message: str = "") -> None:
        self.connected = connected
        if connected:
            self.setText("● " + self.tr("Verbonden"))
            self.set_hint(self.tr("De database is bereikbaar."))
            self.setStyleSheet(_STYLE.format(color="#2e7d32", weight="normal"))
        else:
            self.setText("● " + self.tr("Geen verbinding met de database"))
            self.set_hint(message or self.tr("De database reageert niet."))
            self.setStyleSheet(_STYLE.format(color="#c62828", weight="bold"))
        self.setProperty("connected", connected)
