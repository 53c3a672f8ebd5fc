"""The navigation list is as wide as its longest module name with a count beside it ("Werkgevers &
challenges (12)"), so no name is cut short; the main window's splitter keeps at least that width."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QStyle

from app.ui.badges import badge_text

WIDEST_COUNT = 999  # the count shown beside a name is at most three digits in practice
# At most this wide: at a large system font a long name wraps onto a second line instead of taking a
# third of a 1280 px screen (issue 17); at the ordinary font every name fits on one line.
WIDEST_NAVIGATION = 250


def fit_navigation(nav: QListWidget) -> int:
    """Set ``nav``'s minimum width to show every item's text with a count whole (wrapped onto two
    lines past ``WIDEST_NAVIGATION``); returns it. The width is the item delegate's own (icon, gap,
    margins), measured with the widest counts."""
    texts = [nav.item(row).text() for row in range(nav.count())]
    for row, text in enumerate(texts):
        nav.item(row).setText(badge_text(text, WIDEST_COUNT))
    items = nav.sizeHintForColumn(0)
    for row, text in enumerate(texts):
        nav.item(row).setText(text)
    style = nav.style()
    frame = 2 * nav.frameWidth()
    scroll = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, nav)  # should it show
    nav.setWordWrap(True)
    nav.setMinimumWidth(max(170, min(items + frame + scroll + 4, WIDEST_NAVIGATION)))
    return nav.minimumWidth()
