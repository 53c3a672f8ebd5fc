"""Colours that keep their meaning in Windows' high-contrast themes (issue 17).

In a high-contrast theme the user has chosen the colours: black on white, white or yellow on black.
Our tints (a pale red row for "te laat", a green cell for "voor") would then be light patches under
light text, or dark red text on black. So under high contrast a table's colours give way to the
system's (``tint`` returns None) and the text and symbol in the row carry the meaning alone — which
is why every status is also written: "⚠ aanbod 3 dagen te laat", "achterstand", "✓ akkoord".

``LATE_MARK`` is the one symbol for "te laat" in tables, next to the words.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

LATE_MARK = "⚠"

_cache: tuple[int, bool] | None = None


def late_step(step: str, overdue: bool) -> str:
    """A next step that is past its date, with the mark and the words ("⚠ te laat: bellen")."""
    return f"{LATE_MARK} te laat: {step}" if overdue and step else f"{LATE_MARK} te laat" if overdue else step


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 (same) to 21 (black on white); 4.5 is the floor for normal text."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette_is_high_contrast(palette: QPalette) -> bool:
    """A palette like Windows' high-contrast themes: a pure black or pure white window with text at a
    ratio of 15 or more (white or yellow on black, green on black, black on white). Windows' ordinary
    light (#f0f0f0) and dark (#202020) windows, and the office palette, are not pure."""
    window, text = palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.WindowText)
    pure = _luminance(window) < 0.003 or _luminance(window) > 0.99
    return pure and contrast_ratio(window, text) >= 15


def system_asks_high_contrast() -> bool:
    """The platform's own setting (Qt 6.10+ reads Windows' high-contrast switch)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    preference = getattr(Qt, "ContrastPreference", None)
    if preference is None:
        return False
    return bool(accessibility().contrastPreference() == preference.HighContrast)


def high_contrast() -> bool:
    """Whether the palette in use is a high-contrast one (cached per palette: table models ask this
    for every cell they paint)."""
    global _cache
    palette = QGuiApplication.palette()
    key = palette.cacheKey()
    if _cache is None or _cache[0] != key:
        _cache = (key, palette_is_high_contrast(palette))
    return _cache[1]


def tint(color: QColor | str | None) -> QColor | None:
    """A table cell's background or text colour, or None under high contrast (the system's colours
    then apply and the cell's text says what the colour would have said)."""
    if color is None or high_contrast():
        return None
    return QColor(color)


# Colour declarations in a widget's style sheet: under high contrast they give way to the theme's.
_COLOUR_DECLARATION = re.compile(
    r"(?<![-\w])(?:color|background|background-color|selection-background-color|selection-color|"
    r"alternate-background-color|gridline-color)\s*:[^;}]*;?",
    re.IGNORECASE,
)


def without_colours(style_sheet: str) -> str:
    """The style sheet with its colours taken out (sizes, padding and borders stay)."""
    return _COLOUR_DECLARATION.sub("", style_sheet)


class HighContrastGuard(QObject):
    """Installed on the application only under high contrast: takes the colours out of every widget's
    own style sheet when it is polished or its style sheet changes, so the hint greys, the red of an
    error and the dark banners do not fight the user's theme. The texts say what the colours said."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange) and isinstance(watched, QWidget):
            sheet = watched.styleSheet()
            if sheet:
                plain = without_colours(sheet)
                if plain != sheet:
                    watched.setStyleSheet(plain)
        return False
