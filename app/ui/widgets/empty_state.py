"""What an empty list says: a message painted over the list's viewport when it has no rows.

Two cases, each saying what to do: the list has no data yet (the page gives the text, e.g. "Nog geen
koppelingen. Importeer …"), or a search or filter hides every row ("Niets gevonden voor ‘abc’. Wis de
zoekterm of de filters."). One mechanism for every list page: ``EmptyState(view, text, search=…)``, or
``DataTableView.set_empty_state``.

The message is a word-wrapped label in the palette's own text colour (so the Windows high-contrast
theme and the system font size apply); it ignores the mouse, so the list's context menu still works,
and the view's accessible description carries the same words for a screen reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from shiboken6 import isValid

MAX_WIDTH = 560
"""The message wraps at this width on a wide list (a long line is hard to read)."""


def _t(text: str) -> str:
    return QCoreApplication.translate("EmptyState", text)


def no_match_text(term: str) -> str:
    """The text for a search or filter that hides every row."""
    term = " ".join(term.split())
    if term:
        return _t("Niets gevonden voor ‘{term}’. Wis de zoekterm of de filters.").format(term=term)
    return _t("Niets gevonden met deze filters. Wis de filters om alles te zien.")


def _widget_state(widget: QWidget) -> Any:
    if isinstance(widget, QComboBox):
        # A combo filled later (the gemeenten) keeps its wanted value in "pending_code" until then.
        return widget.currentData() or widget.property("pending_code") or widget.currentIndex()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    return None


class FilterSnapshot:
    """Whether filter widgets differ from how they started: ``FilterSnapshot(widgets).changed()``."""

    def __init__(self, widgets: Iterable[QWidget]) -> None:
        self.widgets = list(widgets)
        self.start = [_widget_state(w) for w in self.widgets]

    def changed(self) -> bool:
        return [_widget_state(w) for w in self.widgets] != self.start


class EmptyState(QObject):
    """The message over ``view`` while its model has no rows.

    ``empty_text``: what the page says when there is no data yet (and what to do about it); a
    function when that depends on the page's state.
    ``search``: the current search term (empty when none). ``filtered``: True when a filter other
    than the search is narrowing the list. Either makes an empty list a "niets gevonden".
    The message appears only after the model first reports its rows (a reset or an insert), so a
    list that is still loading does not claim to be empty.
    """

    def __init__(
        self,
        view: QAbstractItemView,
        empty_text: str | Callable[[], str],
        *,
        search: Callable[[], str] | None = None,
        filtered: Callable[[], bool] | Sequence[QWidget] | None = None,
        shown_before_load: bool = False,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.empty_text = empty_text
        self.search = search
        if filtered is not None and not callable(filtered):
            filtered = FilterSnapshot(filtered).changed
        self.filtered = filtered
        self._loaded = shown_before_load
        self._model: Any = None
        self.label = QLabel(view.viewport())
        self.label.setObjectName("emptyState")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setForegroundRole(QPalette.ColorRole.Text)  # the list's own text colour
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.label.setFont(font)
        self.label.hide()
        view.viewport().installEventFilter(self)
        self.attach(view.model())

    def attach(self, model: Any) -> None:
        """Follow ``model`` (called again when the view gets a new model)."""
        if model is self._model:
            return
        if self._model is not None:
            for signal in self._signals(self._model):
                signal.disconnect(self._on_rows)
        self._model = model
        if model is not None:
            for signal in self._signals(model):
                signal.connect(self._on_rows)
        self.update()

    @staticmethod
    def _signals(model: Any) -> list[Any]:
        return [model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged]

    @Slot()
    def _on_rows(self, *_args: Any) -> None:
        if not isValid(self.view) or not isValid(self.label):
            return  # the view is being destroyed (a QTableWidget clears its rows on the way out)
        self._loaded = True
        self.update()

    def set_loaded(self, loaded: bool = True) -> None:
        """Say the rows are in (a list filled without a model signal) or not yet (nothing chosen)."""
        self._loaded = loaded
        self.update()

    def set_empty_text(self, text: str | Callable[[], str]) -> None:
        self.empty_text = text
        self.update()

    def text(self) -> str:
        """The message the list would show now ("" when it has rows or is still loading)."""
        model = self.view.model()
        if not self._loaded or model is None or model.rowCount() > 0:
            return ""
        term = self.search().strip() if self.search is not None else ""
        if term or (self.filtered is not None and self.filtered()):
            return no_match_text(term)
        return self.empty_text() if callable(self.empty_text) else self.empty_text

    def is_shown(self) -> bool:
        return not self.label.isHidden()

    def update(self) -> None:
        text = self.text()
        self.label.setText(text)
        self.label.setVisible(bool(text))
        self.view.setAccessibleDescription(text)
        if text:
            self._place()

    def _place(self) -> None:
        area = self.view.viewport().rect().adjusted(16, 16, -16, -16)
        width = max(120, min(MAX_WIDTH, area.width()))
        height = self.label.heightForWidth(width)
        x = area.left() + (area.width() - width) // 2
        # In the upper part of the list, where the eye goes after the headers; centred when low.
        y = area.top() + max(0, min(area.height() // 3, (area.height() - height) // 2))
        self.label.setGeometry(x, y, width, max(height, self.label.fontMetrics().height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and not self.label.isHidden():
            self._place()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.update()
        return False
