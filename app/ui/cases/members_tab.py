"""Huishouden: the members of the household (role, date of birth, V-nummer, BSN, languages,
interpreter) and the expected nareizigers; add, edit and remove members."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.services.cases.views import DossierDetail, MemberInfo
from app.ui.cases.fields import hint_label, persons_text
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle


def _t(text: str) -> str:
    return QCoreApplication.translate("MembersTab", text)


def member_columns() -> list[ColumnSpec]:
    def age(m: MemberInfo) -> int | None:
        return m.age_on(date.today())

    return [
        ColumnSpec("name", _t("Naam")),
        ColumnSpec("role", _t("Rol")),
        ColumnSpec("birth_date", _t("Geboortedatum"), kind="date"),
        ColumnSpec(age, _t("Leeftijd"), kind="int"),
        ColumnSpec("v_nummer", _t("V-nummer")),
        ColumnSpec("bsn", _t("BSN"), format=lambda v: v or _t("nog niet")),
        ColumnSpec("languages", _t("Talen")),
        ColumnSpec("interpreter_needed", _t("Tolk"), kind="bool"),
        ColumnSpec("name_arabic", _t("Naam (Arabisch schrift)"), format=lambda v: v or ""),
    ]


class MembersTab(QWidget):
    def __init__(self, handle: DossierHandle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle = handle
        self.dialog: Any = None  # the dialog opened last (tests and screenshots reach it here)
        self.model = RowTableModel(member_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # household order: head, partner, children by age
        self.table.sig_row_activated.connect(self.edit_member)
        self.table.sig_selection_changed.connect(self.update_actions)
        self.table.set_empty_state(self.tr("Nog geen gezinsleden. Voeg er een toe met Gezinslid toevoegen."))
        self.add_button = QPushButton(self.tr("Gezinslid &toevoegen…"))
        self.add_button.clicked.connect(self.add_member)
        self.edit_button = QPushButton(self.tr("&Wijzigen…"))
        self.edit_button.setToolTip(self.tr("Het gekozen gezinslid wijzigen (Enter)"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(self.tr("Verwijderen…"))
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setVisible(handle.can_write)
        self.followers = QLabel()
        self.summary = QLabel()

        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.followers)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Een BSN wordt gecontroleerd met de elfproef en hoort bij één persoon. "
                    "Verwachte nareizigers (gezinshereniging) wijzigt u met 'Gegevens wijzigen…' bovenaan."
                )
            )
        )
        self.update_actions()

    def show_detail(self, detail: DossierDetail) -> None:
        selected = self.table.current_row()
        self.model.set_rows(detail.members)
        self.table.fit_columns()
        if selected is not None:
            self.table.select_row(lambda m: m.id == selected.id)
        interpreter = sum(1 for m in detail.members if m.interpreter_needed)
        text = persons_text(len(detail.members))
        if interpreter:
            text += self.tr(", {n} met tolk").format(n=interpreter)
        self.summary.setText(text)
        if detail.expected_followers:
            self.followers.setText(
                self.tr("Nareizigers verwacht (gezinshereniging): {n}").format(n=detail.expected_followers)
            )
        else:
            self.followers.setText(self.tr("Geen nareizigers verwacht."))
        self.update_actions()

    @Slot()
    def update_actions(self) -> None:
        chosen = self.table.current_row() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    @Slot()
    def add_member(self) -> Any:
        from app.ui.cases.member_dialog import MemberDialog

        if not self.handle.can_write:
            return None
        self.dialog = MemberDialog(self.handle, self.window())
        self.dialog.open()
        return self.dialog

    @Slot()
    def edit_selected(self) -> None:
        member = self.table.current_row()
        if member is not None:
            self.edit_member(member)

    @Slot(object)
    def edit_member(self, member: MemberInfo) -> Any:
        from app.ui.cases.member_dialog import MemberDialog

        if not self.handle.can_write:
            return None
        self.dialog = MemberDialog(self.handle, self.window(), member)
        self.dialog.open()
        return self.dialog

    @Slot()
    def remove_selected(self) -> Any:
        member: MemberInfo | None = self.table.current_row()
        if member is None or not self.handle.can_write:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Gezinslid verwijderen"),
            self.tr("{name} uit dit huishouden verwijderen?").format(name=member.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: (
                self._remove(member) if box.standardButton(button) == QMessageBox.StandardButton.Yes else None
            )
        )
        self.dialog = box
        box.open()
        return box

    def _remove(self, member: MemberInfo) -> None:
        from app.services.cases.members import remove_member

        actor = self.handle.actor
        self.handle.change(
            lambda session: remove_member(session, actor, member.id, member.version),
            title=self.tr("Gezinslid verwijderen"),
            success_text=self.tr("{name} is verwijderd uit het huishouden.").format(name=member.name),
        )
