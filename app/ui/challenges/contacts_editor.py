"""An employer's contact persons in the employer dialog: a small table edited in place, with a button
to add one and one to remove the chosen one. Fully empty rows are left out when saving."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.challenges.employers import ContactInput

_FIELDS = ("name", "role", "phone", "email")


class ContactsEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(_FIELDS))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Naam"), self.tr("Functie"), self.tr("Telefoon"), self.tr("E-mail")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setWordWrap(False)
        self.table.setMinimumWidth(540)  # four columns that can be read without widening the dialog
        self.table.setMinimumHeight(96)
        self.table.setMaximumHeight(150)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(self.tr("Contactpersoon &toevoegen"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_contact(edit=True))
        self.remove_button = QPushButton(self.tr("Ve&rwijderen"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_contacts(self, contacts: list[ContactInput]) -> None:
        self.table.setRowCount(0)
        for contact in contacts:
            self.add_contact(contact)

    def add_contact(self, contact: ContactInput | None = None, *, edit: bool = False) -> int:
        """A row for ``contact`` (an empty one to type in); its row number."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, name in enumerate(_FIELDS):
            self.table.setItem(row, column, QTableWidgetItem(getattr(contact, name) if contact else ""))
        self.table.selectRow(row)
        first = self.table.item(row, 0)
        if edit and first is not None:
            self.table.setFocus()
            self.table.editItem(first)
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
        self._selection_changed()

    def set_cell(self, row: int, field: str, text: str) -> None:
        """Fill one cell as typing would (for code that fills the dialog)."""
        item = self.table.item(row, _FIELDS.index(field))
        assert item is not None
        item.setText(text)

    def contacts(self) -> list[ContactInput]:
        out = []
        for row in range(self.table.rowCount()):
            values = [
                (self.table.item(row, c) or QTableWidgetItem()).text().strip() for c in range(len(_FIELDS))
            ]
            if any(values):
                out.append(ContactInput(*values))
        return out

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.table.currentRow() >= 0 and bool(self.table.selectedItems()))
