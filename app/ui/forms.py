"""Small helpers for dialogs: a field with its own error line, a hint line, a section title."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #b3261e;"
HINT_STYLE = "color: #5f6b76;"


class FieldWithError(QWidget):
    """A field (or a row of widgets) with a red message line below it, hidden until needed."""

    def __init__(self, *widgets: QWidget, hint: str = "") -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for index, widget in enumerate(widgets):
            row.addWidget(widget, 1 if index == 0 else 0)
        if widgets and widgets[0].maximumWidth() < 1000:  # a short field stays left-aligned
            row.addStretch(1)
        layout.addLayout(row)
        self.hint = QLabel(hint)  # keep hints to one short line: wrapped labels squeeze in forms
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(bool(hint))
        layout.addWidget(self.hint)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        layout.addWidget(self.error)

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        if message:  # the dialog makes room, or the fields above get squeezed into slivers
            grow_to_fit_later(self.window())


def grow_to_fit(window: QWidget) -> None:
    """Make a dialog tall enough for what it shows now (never smaller, never taller than its
    screen): a message that appeared, wrapped over lines, is not counted in a form's minimum size,
    so without this the other fields shrink to make room for it."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = max(window.sizeHint().height(), window.minimumSizeHint().height())
    if layout.hasHeightForWidth():
        needed = max(needed, layout.totalHeightForWidth(window.width()))
    screen = window.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height() - 40)  # the title bar stays on it
    if needed > window.height():
        window.resize(window.width(), needed)


def grow_to_fit_later(window: QWidget) -> None:
    """``grow_to_fit`` once the pending layout requests ran (so new texts are measured); dialogs
    only (the main window has room and is sized by the user)."""
    if isinstance(window, QDialog):
        QTimer.singleShot(0, window, lambda: grow_to_fit(window))


def set_field_errors(fields: dict[str, FieldWithError], errors: dict[str, str]) -> None:
    """Show each message next to its field and clear the others."""
    for key, field in fields.items():
        field.set_error(errors.get(key))
