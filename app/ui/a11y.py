"""Accessibility of a widget tree (issue 17): what a screen reader announces for each control, the
controls it would announce as nothing, and a fix for the common case — a form label whose field is
wrapped (``FieldWithError``, a row of widgets), so Qt cannot find the label for the field itself.

Qt names an input after a QLabel only when that label is the input's *sibling* with the input as its
buddy (or after the QGroupBox it sits in). A label whose buddy is a wrapper names nothing: ``name_fields``
gives the wrapped input the label's text as its accessible name and makes the label's buddy the input
(so Alt+underlined letter lands in the field, not on the wrapper).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit)
# Controls a keyboard user operates: Tab must reach each (a tab bar is reached with Ctrl+Tab).
OPERABLE = (QAbstractButton, QAbstractItemView, QAbstractSlider, *INPUTS)
# A widget property: shown for reading only, Tab passes it by on purpose (a totals row that follows
# the table above it). Set with the reason next to it.
DISPLAY_ONLY = "a11y_display_only"


def clean_label(text: str) -> str:
    """ "&Naam:" → "Naam": the words a screen reader should say, without the mnemonic and colon."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return plain.strip().rstrip(":").strip()


def is_inner_part(widget: QWidget) -> bool:
    """The line edit inside a spin box, date edit or editable combo box: part of that control."""
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractSpinBox | QComboBox)


def label_of(widget: QWidget) -> str:
    """The text of the label Qt reads out for ``widget``: a sibling QLabel whose buddy it is, or the
    title of the group box it sits in directly (the same rule Qt's accessibility uses)."""
    parent = widget.parentWidget()
    if parent is None:
        return ""
    for child in parent.children():
        if isinstance(child, QLabel) and child.buddy() is widget:
            return clean_label(child.text())
    if isinstance(parent, QGroupBox):
        return clean_label(parent.title())
    return ""


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader announces for an input: its accessible name, else its label. (Not
    its value or placeholder: "Utrecht" alone does not say which field it is.)"""
    return widget.accessibleName().strip() or label_of(widget)


def first_input(container: QWidget | None) -> QWidget | None:
    """The first input inside a wrapper, in child order (the field a form label stands for)."""
    if container is None or isinstance(container, INPUTS):
        return container
    for child in container.findChildren(QWidget):
        if isinstance(child, INPUTS) and not is_inner_part(child):
            return child
    return None


def name_field(label: QLabel, field: QWidget) -> None:
    """Let ``label`` name ``field`` (or the first input inside it) for a screen reader, and let
    Alt+underlined letter land in it. Qt does the naming itself only for a sibling buddy."""
    target = first_input(field)
    if target is None:
        return
    if label.buddy() is None or label.buddy().focusPolicy() == Qt.FocusPolicy.NoFocus:
        label.setBuddy(target)
    text = clean_label(label.text())
    if text and not target.accessibleName() and target.parentWidget() is not label.parentWidget():
        target.setAccessibleName(text)


def name_fields(root: QWidget) -> int:
    """Let every form label in ``root`` name the input it stands for: a label with a buddy (wrapped in
    ``FieldWithError`` or a row of widgets) and a QFormLayout row whose field is a layout. Returns how
    many inputs got a name."""
    before = sum(1 for w in root.findChildren(QWidget) if isinstance(w, INPUTS) and w.accessibleName())
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None:
            name_field(label, buddy)
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            caption = label_item.widget() if label_item is not None else None
            if not isinstance(caption, QLabel) or caption.buddy() is not None or field_item is None:
                continue
            field = field_item.widget() or _first_widget(field_item.layout())
            if field is not None:
                name_field(caption, field)
    return sum(1 for w in root.findChildren(QWidget) if isinstance(w, INPUTS) and w.accessibleName()) - before


def _first_widget(layout: QLayout | None) -> QWidget | None:
    """The first input in a layout (a row of widgets in a form)."""
    if layout is None:
        return None
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        found = first_input(item.widget()) if item.widget() is not None else _first_widget(item.layout())
        if found is not None:
            return found
    return None


def is_icon_only(button: QAbstractButton) -> bool:
    """A button that shows an icon or a symbol ("×", "▸") but no word a reader could say."""
    return not any(ch.isalnum() for ch in button.text())


def problems(root: QWidget) -> list[str]:
    """What a screen-reader or keyboard user would miss in the shown, enabled controls of ``root``:
    icon-only buttons without a name, inputs without a name or label, controls Tab cannot reach."""
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isEnabled() or _is_qt_internal(widget):
            continue
        text = getattr(widget, "text", str)
        shown = text() if callable(text) else ""
        hint = getattr(widget, "placeholderText", str)() or shown or widget.toolTip()
        what = f"{type(widget).__name__} {widget.objectName() or hint[:40]}".strip()
        if isinstance(widget, QAbstractButton) and is_icon_only(widget):
            if not widget.accessibleName().strip():
                found.append(f"{what} ({widget.text()!r}): knop zonder naam")
            if not widget.toolTip().strip():
                found.append(f"{what} ({widget.text()!r}): knop zonder tooltip")
        if isinstance(widget, INPUTS) and not is_inner_part(widget) and not spoken_name(widget):
            found.append(f"{what}: invoerveld zonder naam of label")
        if (
            isinstance(widget, OPERABLE)
            and not is_inner_part(widget)
            and not widget.property(DISPLAY_ONLY)
            and not _tab_reaches(widget)
        ):
            found.append(f"{what}: niet met Tab te bereiken")
    return found


def _tab_reaches(widget: QWidget) -> bool:
    """Tab stops at it; for radio buttons of one group, Tab stops at the group (Qt keeps only one of
    them in the Tab chain, the arrow keys choose within)."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return True
    parent = widget.parentWidget()
    if isinstance(widget, QRadioButton) and widget.autoExclusive() and parent is not None:
        mates = [r for r in parent.findChildren(QRadioButton) if r.autoExclusive()]
        return any(r.focusPolicy() & Qt.FocusPolicy.TabFocus for r in mates)
    return False


def _is_qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds itself (a calendar's buttons, a tab bar's scroll arrows, a line edit's clear
    button, a scroll bar): Qt names them and decides how the keyboard reaches them."""
    node: QWidget | None = widget
    while node is not None:
        if node.objectName().startswith("qt_") or isinstance(node, QScrollBar | QTabBar | QHeaderView):
            return True
        node = node.parentWidget()
    parent = widget.parentWidget()
    return isinstance(parent, QLineEdit)  # its clear button (named by Qt, Esc-free: select and delete)
