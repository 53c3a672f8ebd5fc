"""The shape every dossier dialog shares: a form with a message line per field, an overall message,
Save/Cancel, and a save that runs through the dossier's ``change`` (``DossierHandle``) so the dossier
shows the result.

A subclass builds its rows with ``add_row`` and implements ``accept`` by calling ``submit`` with the
service call. Field messages from a ``ValidationError`` land next to their fields (the keys are the
service's field names); a conflict shows the message and, through ``on_conflict``, the fresh data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import ValidationError
from app.ui.a11y import name_field
from app.ui.cases.fields import hint_label, message_label, show_failure, show_message
from app.ui.forms import FieldWithError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.ui.cases.handle import DossierHandle


class FormDialog(QDialog):
    def __init__(
        self, handle: DossierHandle, parent: QWidget, title: str, *, intro: str = "", width: int = 480
    ) -> None:
        super().__init__(parent)
        self.handle = handle
        self.result_value: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.fields: dict[str, FieldWithError] = {}
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(hint_label(intro))
        self.top = QVBoxLayout()  # whole-width text above the form (a warning)
        layout.addLayout(self.top)
        layout.addLayout(self.form)
        self.extra = QVBoxLayout()  # group boxes below the form (contacts, risk signal)
        layout.addLayout(self.extra)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def add_row(
        self, label: str, key: str | None, *widgets: QWidget, hint: str = "", form: QFormLayout | None = None
    ) -> FieldWithError:
        """A form row; ``key`` is the service's field name whose messages show under it."""
        holder = FieldWithError(*widgets, hint=hint)
        caption = QLabel(label)
        if widgets:
            caption.setBuddy(widgets[0])  # Alt+<underlined letter> jumps to the field
        (form or self.form).addRow(caption, holder)
        name_field(caption, holder)  # the field sits in a wrapper: Qt would not read the label out
        if key:
            self.fields[key] = holder
        return holder

    def alias(self, key: str, holder: FieldWithError) -> None:
        """Show the messages of another service field name under the same row."""
        self.fields[key] = holder

    def set_ok_text(self, text: str) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if button is not None:
            button.setText(text)

    def submit(self, work: Callable[[Session], Any], *, title: str, success_text: str = "") -> None:
        show_message(self.message, "")
        for holder in self.fields.values():
            holder.set_error(None)
        self._set_busy(True)
        self.handle.change(
            work, title=title, done=self._saved, failed=self._failed, success_text=success_text
        )

    def _saved(self, result: Any) -> None:
        self._set_busy(False)
        self.result_value = result
        super().accept()

    def _failed(self, exc: BaseException) -> bool:
        self._set_busy(False)
        show_failure(exc, message=self.message, on_conflict=self.on_conflict, tr=self.tr)
        self.show_field_errors(exc.fields if isinstance(exc, ValidationError) else {})
        return True

    def on_conflict(self, current: Any) -> None:
        """Show the fresh data someone else saved (subclasses fill their fields from it)."""

    def show_field_errors(self, errors: dict[str, str]) -> None:
        """Each message under its field; several service names may share one field (aliases)."""
        shown: dict[int, tuple[FieldWithError, list[str]]] = {}
        for key, holder in self.fields.items():
            entry = shown.setdefault(id(holder), (holder, []))
            if errors.get(key) and errors[key] not in entry[1]:
                entry[1].append(errors[key])
        for holder, messages in shown.values():
            holder.set_error(" ".join(messages) or None)
        QTimer.singleShot(0, self.fit_height)

    def fit_height(self) -> None:
        """Grow (never shrink) to fit messages that appeared: wrapped labels need the room."""
        layout = self.layout()
        needed = -1
        if layout is not None and layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
        needed = max(needed, self.sizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def show_local_errors(self, errors: dict[str, str]) -> bool:
        """Checks that need no database; True when something is wrong (and shown)."""
        self.show_field_errors(errors)
        if errors:
            show_message(self.message, self.tr("Controleer de gemarkeerde velden."))
        return bool(errors)

    def _set_busy(self, busy: bool) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if button is not None:
            button.setEnabled(not busy)
