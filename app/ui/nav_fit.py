"""The navigation list is as wide as its longest module name with a count beside it ("Werkgevers &
challenges (12)"), so no name is cut short; the main window's splitter keeps at least that width."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.ui.badges import badge_text
from app.ui.style import NAV_ITEM_MARGIN_X, NAV_ITEM_PADDING_X

WIDEST_COUNT = 999  # the count shown beside a name is at most three digits in practice
# At most this wide: at a large system font a long name wraps onto a second line instead of taking a
# third of a 1280 px screen (issue 17); at the ordinary font every name fits on one line.
WIDEST_NAVIGATION = 250
# The style sheet's item padding and margin, on both sides.
ITEM_BOX = 2 * (NAV_ITEM_PADDING_X + NAV_ITEM_MARGIN_X)


class _WrappingDelegate(QStyledItemDelegate):
    """Wraps a name by the width the item really paints in. The style sheet's padding and margin
    are not taken off the width Qt wraps by, so a name just too long was cut ("challenge…") instead
    of wrapped onto a second line."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        narrowed = QStyleOptionViewItem(option)
        rect = narrowed.rect  # a copy: set it back
        rect.setWidth(max(1, rect.width() - ITEM_BOX))
        narrowed.rect = rect
        return super().sizeHint(narrowed, index)


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
    if not isinstance(nav.itemDelegate(), _WrappingDelegate):
        nav.setItemDelegate(_WrappingDelegate(nav))
    nav.setMinimumWidth(max(170, min(items + frame + scroll + 4, WIDEST_NAVIGATION)))
    return nav.minimumWidth()
