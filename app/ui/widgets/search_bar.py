"""A search field with a clear button that reports its text after the user pauses typing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLineEdit, QWidget


class SearchBar(QLineEdit):
    sig_search_changed = Signal(str)
    """The search text, after the user stopped typing for ``delay_ms``."""

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "", delay_ms: int = 250):
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(placeholder or self.tr("Zoeken…"))
        # The placeholder says what it searches; a screen reader needs that as the field's name.
        self.setAccessibleName(self.placeholderText().rstrip("…. "))
        self.setMinimumWidth(220)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._emit)
        self.textChanged.connect(self._restart)
        self.returnPressed.connect(self._emit)

    def setPlaceholderText(self, text: str) -> None:
        super().setPlaceholderText(text)
        self.setAccessibleName(text.rstrip("…. "))

    @Slot()
    def _restart(self) -> None:
        self._timer.start()

    @Slot()
    def _emit(self) -> None:
        self._timer.stop()
        self.sig_search_changed.emit(self.text())


def focus_page_search(page: QWidget | None) -> bool:
    """Ctrl+F anywhere on a page: the search field shown on it gets the focus, its text selected. A
    widget on the page that offers ``focus_search()`` is asked first (it knows its own field); else the
    first SearchBar on screen. False: the page has no search field in view."""
    if page is None:
        return False
    for widget in [page, *page.findChildren(QWidget)]:
        focus = getattr(widget, "focus_search", None)
        if callable(focus) and widget.isVisible():
            focus()
            return True
    for bar in page.findChildren(SearchBar):
        if bar.isVisible() and bar.isEnabled():
            bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
            bar.selectAll()
            return True
    return False
