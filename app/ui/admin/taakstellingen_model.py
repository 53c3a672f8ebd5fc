"""The table model of Beheer → Taakstellingen: one draft per municipality, the stored row and what
the user typed over it (checked as it is typed, marked until it is saved)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from app.services.board.taakstellingen import BACKLOG_MAX, BACKLOG_MIN, PERSONS_MAX, TaakstellingRow
from app.ui.contrast import tint
from app.ui.widgets.formatting import format_value
from app.ui.widgets.table import ColumnSpec, RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
PERSONS, BACKLOG, SOURCE = 1, 2, 3
CHANGED_BACKGROUND = QColor("#fff4c2")




@dataclass
class Draft:
    """One municipality's row as stored, and what the user typed over it (not saved yet)."""

    stored: TaakstellingRow
    persons: int | None
    backlog_in: int | None
    source: str

    @classmethod
    def of(cls, row: TaakstellingRow) -> Draft:
        return cls(row, row.persons, row.backlog_in, row.source)

    @property
    def name(self) -> str:
        return self.stored.name

    @property
    def changed(self) -> bool:
        s = self.stored
        return (self.persons, self.backlog_in, self.source) != (s.persons, s.backlog_in, s.source)

    def column_changed(self, column: int) -> bool:
        s = self.stored
        return {
            PERSONS: self.persons != s.persons,
            BACKLOG: self.backlog_in != s.backlog_in,
            SOURCE: self.source != s.source,
        }.get(column, False)


def _parse_int(text: str) -> int | None:
    cleaned = text.strip().replace(".", "").replace(" ", "")
    if not cleaned:
        return None
    return int(cleaned)  # ValueError: not a whole number


class DraftModel(RowTableModel):
    """The 16 municipalities; taakstelling, achterstand and bron editable, changes marked."""

    sig_invalid = Signal(str)
    """A typed value was refused (the Dutch message says what to type)."""
    sig_edited = Signal()
    """A draft changed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                ColumnSpec("name", "Gemeente"),
                ColumnSpec("persons", "Taakstelling (personen)", "int"),
                ColumnSpec(
                    "backlog_in",
                    "Achterstand (personen)",
                    "int",
                    tooltip="Meegenomen achterstand uit de vorige periode; negatief is een voorsprong. "
                    "Leeg: het programma rekent hem door.",
                ),
                ColumnSpec("source", "Bron"),
                ColumnSpec(lambda d: d.stored.updated_at, "Laatst gewijzigd", "datetime"),
            ],
            parent=parent,
        )

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (PERSONS, BACKLOG, SOURCE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        draft: Draft = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.EditRole:
            value = {PERSONS: draft.persons, BACKLOG: draft.backlog_in, SOURCE: draft.source}.get(column)
            return "" if value is None else str(value)
        if draft.column_changed(column):
            if role == Qt.ItemDataRole.BackgroundRole:
                return tint(CHANGED_BACKGROUND)  # bold and the tooltip say it too
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                was = {PERSONS: draft.stored.persons, BACKLOG: draft.stored.backlog_in}.get(
                    column, draft.stored.source
                )
                return self.tr("Nog niet opgeslagen; was: {was}").format(was=format_value(was) or "leeg")
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        draft: Draft = self.row_at(index.row())
        text = str(value if value is not None else "")
        column = index.column()
        try:
            if column == PERSONS:
                number = _parse_int(text)
                if number is None or not 0 <= number <= PERSONS_MAX:
                    raise ValueError
                draft.persons = number
            elif column == BACKLOG:
                number = _parse_int(text)
                if number is not None and not BACKLOG_MIN <= number <= BACKLOG_MAX:
                    raise ValueError
                draft.backlog_in = number
            elif column == SOURCE:
                draft.source = text.strip()
            else:
                return False
        except ValueError:
            self.sig_invalid.emit(self._refusal(column, draft.name))
            return False
        self.dataChanged.emit(index, index)
        self.sig_edited.emit()
        return True

    def _refusal(self, column: int, name: str) -> str:
        if column == PERSONS:
            return self.tr("Taakstelling van {name}: typ een heel getal van 0 tot en met {max}.").format(
                name=name, max=format_value(PERSONS_MAX)
            )
        return self.tr(
            "Achterstand van {name}: typ een heel getal van {min} tot en met {max}, of laat het leeg."
        ).format(name=name, min=format_value(BACKLOG_MIN), max=format_value(BACKLOG_MAX))

    def drafts(self) -> list[Draft]:
        return self.all_rows()

    def changed(self) -> list[Draft]:
        return [d for d in self.all_rows() if d.changed]


def change_text(old: int | None, new: int | None) -> str:
    """ "55 → 58", or just "58" when nothing changed; empty values as "leeg"."""
    old_text, new_text = format_value(old) or "leeg", format_value(new) or "leeg"
    return new_text if old == new else f"{old_text} → {new_text}"
