"""A calm office look on top of Qt's Fusion style, the same on every Windows version."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

ACCENT = "#2b6cb0"
BORDER = "#d3d9df"

# A navigation item's horizontal padding and margin; app.ui.nav_fit wraps names by what is left.
NAV_ITEM_PADDING_X = 10
NAV_ITEM_MARGIN_X = 8
# TITLE_SIZE: the page title's size, filled in from the application font (see apply_style).
TITLE_SIZE = "@title-size@"
STYLESHEET = f"""
QListWidget#navigation {{
    background: #e8ecf0; border: none; border-right: 1px solid {BORDER}; padding-top: 10px; outline: 0;
}}
QListWidget#navigation::item {{
    padding: 8px {NAV_ITEM_PADDING_X}px; margin: 1px {NAV_ITEM_MARGIN_X}px;
    border-radius: 4px; color: #1f2933;
}}
QListWidget#navigation::item:hover {{ background: #dde3e9; }}
QListWidget#navigation::item:selected {{ background: {ACCENT}; color: white; }}
QLabel#pageTitle {{ font-size: {TITLE_SIZE}; font-weight: 600; color: #1f2933; padding: 2px 0 6px 0; }}
QLabel#welcome {{ color: #3e4c59; }}
QStatusBar {{ background: #eceff2; border-top: 1px solid {BORDER}; }}
QStatusBar QLabel {{ padding: 0 4px; }}
QTableView {{ border: 1px solid {BORDER}; gridline-color: #e4e8ec; selection-background-color: {ACCENT}; }}
QTabWidget::pane {{ border: none; }}
QGroupBox {{
    font-weight: 600; border: 1px solid {BORDER}; border-radius: 4px; margin-top: 12px; padding: 8px;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}
"""

# Under high contrast: the theme's own colours, named through palette() (so the chosen page in the
# navigation stands out in the theme's highlight, as the theme's other lists do).
HIGH_CONTRAST_SHEET = """
QListWidget#navigation::item:selected { background: palette(highlight); color: palette(highlighted-text); }
QListWidget#navigation { border-right: 1px solid palette(window-text); }
"""


def office_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#f4f5f7",
        QPalette.ColorRole.WindowText: "#1f2933",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f3f6f9",
        QPalette.ColorRole.Text: "#1f2933",
        QPalette.ColorRole.Button: "#eceff2",
        QPalette.ColorRole.ButtonText: "#1f2933",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#fffbe6",
        QPalette.ColorRole.ToolTipText: "#1f2933",
        QPalette.ColorRole.PlaceholderText: "#8a949e",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9aa5b1"))
    return palette


def apply_style(app: QApplication) -> None:
    """Fusion with the office palette; under a high-contrast theme (issue 17) the theme's own palette
    and no colours of ours (see app.ui.contrast). Sizes follow the system font: at least 10 pt, the
    page title 1.5 times it."""
    from app.ui.contrast import HighContrastGuard, palette_is_high_contrast, system_asks_high_contrast
    from app.ui.fonts import pt

    theme = QPalette(app.palette())  # before ours: on Windows the theme's, a high-contrast one too
    high = system_asks_high_contrast() or palette_is_high_contrast(theme)
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    app.setPalette(theme if high else office_palette())
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    sheet = STYLESHEET.replace(TITLE_SIZE, pt(1.5))
    if high:
        from app.ui.contrast import without_colours

        sheet = without_colours(sheet) + HIGH_CONTRAST_SHEET
        guard = HighContrastGuard(app)
        app.installEventFilter(guard)
    app.setStyleSheet(sheet)
