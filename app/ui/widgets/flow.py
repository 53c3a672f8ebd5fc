"""A layout that wraps its items onto the next row when the width runs out, so a filter bar or a row
of buttons takes two rows on a narrow window instead of forcing the window wider (issue 17: every
window usable at 1280×720). Keep what belongs together (a label and its field) in one item with
``group``."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items left to right at their size hint, wrapping to a new row when the next one does not fit.

    Within a row the space left over goes to items whose horizontal size policy expands (a search
    field fills the rest of its row); without such an item the row is placed by ``alignment``
    (``Qt.AlignmentFlag.AlignRight`` for a row of buttons). The minimum width is that of the widest
    item; the height follows the width (``heightForWidth``).
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8, row_spacing: int = 6,
                 alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._row_spacing = row_spacing
        self._row_alignment = alignment
        if parent is not None:
            self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout -----------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        hints = [item.sizeHint() for item in self._visible()]
        width = sum(h.width() for h in hints) + self._spacing * max(0, len(hints) - 1)
        height = max((h.height() for h in hints), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size + self._margin_size()

    # -- layout ------------------------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _margin_size(self) -> QSize:
        m: QMargins = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            w = item.sizeHint().width()
            if rows[-1] and used + self._spacing + w > width:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + w
            rows[-1].append(item)
        return [row for row in rows if row]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        """Place the items in ``rect`` (if ``apply``); the height they take."""
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = area.y()
        for n, row in enumerate(self._rows(area.width())):
            if n:
                y += self._row_spacing
            widths = [min(max(item.sizeHint().width(), item.minimumSize().width()), area.width())
                      for item in row]
            spare = area.width() - sum(widths) - self._spacing * (len(row) - 1)
            growing = [i for i, item in enumerate(row)
                       if item.expandingDirections() & Qt.Orientation.Horizontal]
            x = area.x()
            if spare > 0 and growing:
                for i in growing:
                    widths[i] += spare // len(growing)
            elif spare > 0 and self._row_alignment & Qt.AlignmentFlag.AlignRight:
                x += spare
            elif spare > 0 and self._row_alignment & Qt.AlignmentFlag.AlignHCenter:
                x += spare // 2
            heights = [item.heightForWidth(w) if item.hasHeightForWidth() else item.sizeHint().height()
                       for item, w in zip(row, widths, strict=True)]
            row_height = max(heights)
            if apply:
                for item, w, h in zip(row, widths, heights, strict=True):
                    item.setGeometry(QRect(QPoint(x, y + (row_height - h) // 2), QSize(w, h)))
                    x += w + self._spacing
            y += row_height
        return y - area.y() + m.top() + m.bottom()


def _label_fields(widgets: tuple[QWidget, ...]) -> None:
    """A label before a field names it for a screen reader (it becomes the label's buddy). In
    "Personen: [min] t/m [max]" the second field is named "Personen t/m", not just "t/m"."""
    from app.ui.a11y import INPUTS, clean_label

    lead = ""
    label: QLabel | None = None
    for widget in widgets:
        if isinstance(widget, QLabel):
            label = widget
        elif isinstance(widget, INPUTS) and label is not None:
            text = clean_label(label.text())
            if label.buddy() is None:
                label.setBuddy(widget)
            if lead and not widget.accessibleName():
                widget.setAccessibleName(f"{lead} {text}")
            lead = lead or text
            label = None


def group(*widgets: QWidget, spacing: int = 4, parent: QWidget | None = None) -> QWidget:
    """Widgets that stay together on one row of a ``FlowLayout`` (a label and its field).

    Put every item of a bar in a group, in the order shown: a widget that gets a new parent moves
    to the end of the focus chain, so grouping all of them in order keeps Tab in the visual order."""
    box = QWidget(parent)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    _label_fields(widgets)
    expanding = any(w.sizePolicy().expandingDirections() & Qt.Orientation.Horizontal for w in widgets)
    box.setSizePolicy(QSizePolicy.Policy.Expanding if expanding else QSizePolicy.Policy.Preferred,
                      QSizePolicy.Policy.Fixed)
    return box



def button_row(*widgets: QWidget, alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignRight,
               spacing: int = 6) -> QWidget:
    """Buttons side by side that wrap onto a second row when there is too little room (at a large
    system font), instead of widening the window. Right-aligned, as a toolbar's end usually is."""
    row = QWidget()
    flow = FlowLayout(row, spacing=spacing, alignment=alignment)
    for widget in widgets:
        flow.addWidget(widget)
    return row
