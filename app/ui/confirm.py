"""One way to ask "are you sure?" before a step that binds someone else (an agreement between
municipalities, personal data going out): a non-blocking question whose default answer is *No*.

Enter, Escape and a second Ctrl+Enter all land on No; only the named Yes button (its text says what
happens) goes on. ``on_yes`` runs after the box closed with Yes; nothing runs otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


def ask_confirmation(
    parent: QWidget,
    title: str,
    text: str,
    yes_text: str,
    on_yes: Callable[[], object],
    *,
    no_text: str = "",
    detail: str = "",
) -> QMessageBox:
    """Open the question (window-modal, returns at once) and return it, so tests can answer it."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(no_text or box.tr("Nee, terug"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("confirmation")
    box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    box.open()
    no.setFocus()
    return box


def yes_button(box: QMessageBox) -> QAbstractButton:
    """The button that goes on (tests press it)."""
    return next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole)


def no_button(box: QMessageBox) -> QAbstractButton:
    return next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.RejectRole)
