"""What every board tab shares: the context, the stale flag and the data-changed signal."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.ui.context import AppContext


class BoardTab(QWidget):
    sig_data_changed = Signal()
    """This tab changed data that other tabs show (a swap, a status, a reservation)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.stale = True

    def mark_stale(self) -> None:
        self.stale = True

    def refresh(self) -> None:
        """Reload from the database (through the task runner). Subclasses override."""
        self.stale = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.stale:
            self.refresh()
