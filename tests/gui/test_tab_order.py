"""Tab goes through every dialog in the order shown (issue 17): for each QDialog subclass in app.ui
(the same discovery and factory table as the fit test), real Tab key presses from the first control
visit the controls in reading order — top to bottom, left to right by their mapped geometry, a group
of controls side by side (a column, a group box) read before the next — and come back round."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QTabBar,
    QWidget,
)

from tests.gui.dialog_factory import FACTORIES, NOT_CONSTRUCTED, dialog_classes

MAX_PRESSES = 80


def _control(widget: QWidget | None, dialog: QDialog) -> QWidget | None:
    """The control a focused widget belongs to (a spin box's, date edit's or editable combo's inner
    line edit is that spin box, date edit or combo); None outside the dialog."""
    if widget is None or widget is dialog or not dialog.isAncestorOf(widget):
        return None
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox | QComboBox):
        return parent
    return widget


def _rect(widget: QWidget, dialog: QDialog) -> QRect:
    return QRect(widget.mapTo(dialog, widget.rect().topLeft()), widget.size())


def _clusters(groups: list[Any], dialog: QDialog, axis: str) -> list[list[Any]]:
    """Siblings whose extents overlap along ``axis`` ("y": rows, "x": columns), transitively."""
    def span(group: Any) -> tuple[int, int]:
        r = _rect(group[0], dialog)
        return (r.top(), r.bottom()) if axis == "y" else (r.left(), r.right())

    clusters: list[list[Any]] = []
    end = -1
    for group in sorted(groups, key=lambda g: span(g)[0]):
        low, high = span(group)
        if clusters and low < end - 2:
            clusters[-1].append(group)
            end = max(end, high)
        else:
            clusters.append([group])
            end = high
    return clusters


def _reading_order(controls: list[QWidget], dialog: QDialog, mode: str) -> list[QWidget]:
    """The controls in reading order. Controls are grouped by their containers (a group box is read
    as a whole); within a container, "rows" reads bands of overlapping height top to bottom, each
    left to right; "columns" reads columns (of overlapping width) left to right, each by rows."""
    order: list[QWidget] = []

    def branch_of(control: QWidget, container: QWidget) -> QWidget:
        node = control
        while node.parentWidget() is not container:
            node = node.parentWidget()
        return node

    def read_rows(groups: list[Any]) -> list[Any]:
        out = []
        for band in _clusters(groups, dialog, "y"):
            out += sorted(band, key=lambda g: (_rect(g[0], dialog).left(), _rect(g[0], dialog).top()))
        return out

    def visit(container: QWidget, members: list[QWidget]) -> None:
        groups: dict[int, tuple[QWidget, list[QWidget]]] = {}
        for control in members:
            branch = branch_of(control, container)
            groups.setdefault(id(branch), (branch, []))[1].append(control)
        if mode == "rows":
            ordered = read_rows(list(groups.values()))
        else:  # full-width pieces (a button row) split the columns above from those below
            width = container.width()
            ordered = []
            segment: list[Any] = []
            for group in sorted(groups.values(), key=lambda g: _rect(g[0], dialog).top()):
                if group[0].width() >= 0.8 * width:
                    ordered += [g for col in _clusters(segment, dialog, "x") for g in read_rows(col)]
                    ordered.append(group)
                    segment = []
                else:
                    segment.append(group)
            ordered += [g for col in _clusters(segment, dialog, "x") for g in read_rows(col)]
        for branch, inside in ordered:
            if branch in inside:
                order.append(branch)
            rest = [c for c in inside if c is not branch]
            if rest:
                visit(branch, rest)

    visit(dialog, controls)
    return order


def _walk(dialog: QDialog, qtbot: Any) -> list[QWidget]:
    """Tab from the first control until focus comes back round: the controls in the order visited."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    dialog.focusNextChild()
    first = _control(QApplication.focusWidget(), dialog)
    visited: list[QWidget] = []
    current = first
    for _ in range(MAX_PRESSES):
        if current is None:
            break
        visited.append(current)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = _control(QApplication.focusWidget(), dialog)
        if current is first or current in visited:
            break
    return visited


@pytest.mark.parametrize("name", sorted(set(dialog_classes()) - set(NOT_CONSTRUCTED)))
def test_tab_goes_through_the_dialog_in_the_order_shown(name: str, demo, qtbot) -> None:
    dialog = FACTORIES[name](demo, qtbot)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    demo.runner.wait_for_done(5000)  # loaded before Tab (a list filled later moves things)
    qtbot.wait(20)
    visited = [w for w in _walk(dialog, qtbot) if not isinstance(w, QTabBar)]
    assert len(visited) >= 1
    # A form is read row by row, a dialog in columns column by column: either is the visual order.
    readings = [_reading_order(visited, dialog, mode) for mode in ("rows", "columns")]
    expected = readings[0]
    start = visited.index(expected[0])  # Tab may start anywhere in the cycle
    visited = visited[start:] + visited[:start]
    demo.runner.wait_for_done(5000)
    qtbot.wait(20)  # its tasks' outcomes delivered while it is alive (some delete on close)
    shown = [[_label(w) for w in reading] for reading in readings]
    assert visited in readings, f"Tab: {[_label(w) for w in visited]}\nrows: {shown[0]}\ncolumns: {shown[1]}"


def _label(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(widget).__name__}({widget.objectName() or shown[:18]})"
