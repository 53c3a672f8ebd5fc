"""Font sizes relative to the system's (issue 17): a user who set larger text in Windows gets larger
titles too, never a title smaller than the body text. Style sheets say ``font-size`` in points, so
sizes are written through ``pt`` (the application font times a factor) instead of a fixed "11pt"."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

FALLBACK_POINTS = 10.0  # when the application font is given in pixels (never in practice on Windows)


def base_points() -> float:
    size = QApplication.font().pointSizeF()
    return size if size > 0 else FALLBACK_POINTS


def pt(scale: float = 1.0) -> str:
    """A style-sheet font size ``scale`` times the application font: pt(1.5) is "15pt" at 10 pt."""
    return f"{base_points() * scale:.1f}pt"


def scaled_font(scale: float = 1.0, *, bold: bool = False) -> QFont:
    """The application font times ``scale`` (for painted text and widgets without a style sheet)."""
    font = QFont(QApplication.font())
    font.setPointSizeF(base_points() * scale)
    font.setBold(bold)
    return font
