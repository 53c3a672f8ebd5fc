"""A one-line label that shortens its text with "…" when there is too little room, instead of
forcing its window wider (issue 17: at a large system font the status bar alone was wider than a
1280 px screen). The whole text is then in its tooltip, so nothing is lost."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStyle, QStyleOption, QWidget

SHORTEST_CHARACTERS = 8  # never narrower than this many average characters: something stays readable


class ElidedLabel(QLabel):
    """Plain text on one line; elided on the right when narrower than the text. ``set_hint`` sets
    what the tooltip says besides the text (the tooltip is the hint, and the whole text when cut)."""

    def __init__(self, text: str = "", *, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._hint = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._update_tooltip()

    def set_hint(self, hint: str) -> None:
        self._hint = hint
        self._update_tooltip()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def minimumSizeHint(self) -> QSize:
        whole = super().minimumSizeHint()
        margins = self.contentsMargins()
        short = self.fontMetrics().averageCharWidth() * SHORTEST_CHARACTERS + margins.left() + margins.right()
        return QSize(min(whole.width(), short), whole.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option, painter, self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)

    def _update_tooltip(self) -> None:
        if self.text() and self.is_elided():
            self.setToolTip("\n".join(part for part in (self.text(), self._hint) if part))
        else:
            self.setToolTip(self._hint)
