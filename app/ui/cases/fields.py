"""Small building blocks of the dossier dialogs: Dutch date fields (one that may stay empty), the
red message line, and how a failed save is shown (per field, a conflict with fresh data)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.errors import ConflictError, UserError, ValidationError
from app.ui.forms import ERROR_STYLE, HINT_STYLE, FieldWithError, set_field_errors

_EMPTY = QDate(1900, 1, 1)


def date_edit(value: date | None = None, *, maximum_today: bool = False) -> QDateEdit:
    """A Dutch date field (dd-mm-jjjj) with a calendar."""
    edit = QDateEdit()
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setCalendarPopup(True)
    day = value or date.today()
    edit.setDate(QDate(day.year, day.month, day.day))
    edit.setFixedWidth(130)
    if maximum_today:
        edit.setMaximumDate(QDate.currentDate())
    return edit


def optional_date_edit(value: date | None = None, empty_text: str = "onbekend") -> QDateEdit:
    """A date field that can stay empty: its lowest date shows ``empty_text`` and means None."""
    edit = date_edit()
    edit.setMinimumDate(_EMPTY)
    edit.setSpecialValueText(empty_text)
    set_optional_date(edit, value)
    return edit


def set_optional_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(QDate(value.year, value.month, value.day) if value else edit.minimumDate())


def optional_date(edit: QDateEdit) -> date | None:
    value = edit.date()
    if edit.specialValueText() and value == edit.minimumDate():
        return None
    return value.toPython()  # type: ignore[return-value]


def persons_text(n: int) -> str:
    return (
        QCoreApplication.translate("Cases", "1 persoon")
        if n == 1
        else (QCoreApplication.translate("Cases", "{n} personen").format(n=n))
    )


def line_edit(max_length: int, width: int | None = None, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    if width:
        edit.setFixedWidth(width)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def text_box(height: int = 60) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box


def message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def show_message(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def show_failure(
    exc: BaseException,
    *,
    message: QLabel,
    fields: dict[str, FieldWithError] | None = None,
    on_conflict: Callable[[Any], None] | None = None,
    tr: Callable[[str], str] = lambda text: text,
) -> None:
    """A failed save: field messages next to their fields, the overall message below; a conflict
    shows the other person's data (``on_conflict(current)``) instead of overwriting it."""
    if fields is not None:
        set_field_errors(fields, exc.fields if isinstance(exc, ValidationError) else {})
    if isinstance(exc, ConflictError):
        show_message(message, exc.message)
        if on_conflict is not None:
            on_conflict(exc.current)
    elif isinstance(exc, UserError):
        show_message(message, exc.message)
    else:
        show_message(message, tr("Er ging iets onverwachts mis: {error}").format(error=exc))


def field(*widgets: QWidget, hint: str = "") -> FieldWithError:
    return FieldWithError(*widgets, hint=hint)
