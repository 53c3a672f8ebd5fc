"""Where a window opens: centred on the screen of the window it belongs to and never larger than
that screen's free area (issue 17: a 1160×800 dossier window opened at the top edge of a
768-pixel laptop screen, its buttons below the taskbar)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

# Room left for the window frame (title bar, borders) that the geometry does not include.
FRAME_MARGIN = QSize(16, 40)


def screen_of(anchor: QWidget | None) -> QScreen | None:
    """The screen ``anchor`` (or else the active window) is on; the primary screen otherwise."""
    widget = anchor if anchor is not None else QApplication.activeWindow()
    if widget is not None:
        screen = widget.window().screen()
        if screen is not None:
            return screen
    return QGuiApplication.primaryScreen()


def fitted_geometry(wanted: QSize, available: QRect) -> QRect:
    """``wanted`` shrunk to fit ``available`` (less the frame), centred in it."""
    width = min(wanted.width(), available.width() - FRAME_MARGIN.width())
    height = min(wanted.height(), available.height() - FRAME_MARGIN.height())
    rect = QRect(0, 0, max(width, 200), max(height, 150))
    rect.moveCenter(available.center())
    # The title bar stays on the screen, so the window can always be moved.
    rect.moveTop(max(rect.top(), available.top() + FRAME_MARGIN.height() // 2))
    return rect


def place_on_screen(window: QWidget, wanted: QSize, anchor: QWidget | None = None) -> None:
    """Size ``window`` to ``wanted`` (at most the free screen) and centre it on the anchor's screen."""
    screen = screen_of(anchor)
    if screen is None:
        window.resize(wanted)
        return
    window.setGeometry(fitted_geometry(wanted, screen.availableGeometry()))
