"""Add or edit a household member. The service checks the BSN (11-proef, one person per BSN) and the
V-nummer; its messages appear under the fields. Nothing is saved while any field is wrong."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from app.domain.case_dossier import MemberRole
from app.services.cases.views import MemberInfo
from app.ui.cases.fields import line_edit, optional_date, optional_date_edit, set_optional_date
from app.ui.cases.form_dialog import FormDialog

if TYPE_CHECKING:
    from app.services.cases.members import MemberInput
    from app.ui.cases.handle import DossierHandle


def _t(text: str) -> str:
    return QCoreApplication.translate("MemberDialog", text)


class MemberDialog(FormDialog):
    def __init__(self, handle: DossierHandle, parent: QWidget, member: MemberInfo | None = None) -> None:
        title = _t("Gezinslid toevoegen") if member is None else _t("Gezinslid wijzigen")
        super().__init__(handle, parent, title, width=520)
        self.member = member
        tr = self.tr
        self.name = line_edit(120, placeholder=tr("Voornaam en achternaam"))
        self.name_arabic = line_edit(
            120, placeholder=tr("alleen als de naam ook in Arabisch schrift bekend is")
        )
        self.role = QComboBox()
        for role in MemberRole:
            self.role.addItem(role.label, role.value)
        self.birth_date = optional_date_edit(None)
        self.v_nummer = line_edit(14, 150, "0123456789")
        self.bsn = line_edit(11, 150, "123456782")
        self.languages = line_edit(120, placeholder=tr("bijv. Tigrinya, Arabisch, Engels"))
        self.interpreter = QCheckBox(tr("Tolk nodig bij gesprekken"))
        self.add_row(tr("&Naam:"), "name", self.name)
        self.add_row(tr("Naam in Arabisch schrift:"), "name_arabic", self.name_arabic)
        self.add_row(tr("&Rol:"), "role", self.role)
        self.add_row(tr("&Geboortedatum:"), "birth_date", self.birth_date)
        self.add_row(
            tr("&V-nummer:"), "v_nummer", self.v_nummer, hint=tr("10 cijfers; voorloopnullen mogen weg")
        )
        self.add_row(tr("&BSN:"), "bsn", self.bsn, hint=tr("9 cijfers, pas na inschrijving in de BRP"))
        self.add_row(tr("&Talen:"), "languages", self.languages)
        self.add_row("", None, self.interpreter)
        if member is None:
            detail = handle.detail()
            has_head = detail is not None and any(
                m.role is MemberRole.HOOFDAANVRAGER for m in detail.members
            )
            self.role.setCurrentIndex(
                self.role.findData((MemberRole.KIND if has_head else MemberRole.HOOFDAANVRAGER).value)
            )
        else:
            self.show_member(member)
        self.name.setFocus()

    def show_member(self, member: MemberInfo) -> None:
        """Fill the fields (also with the fresh data after a conflict); a save expects its version."""
        self.member = member
        self.name.setText(member.name)
        self.name_arabic.setText(member.name_arabic or "")
        self.role.setCurrentIndex(self.role.findData(member.role.value))
        set_optional_date(self.birth_date, member.birth_date)
        self.v_nummer.setText(member.v_nummer or "")
        self.bsn.setText(member.bsn or "")
        self.languages.setText(member.languages)
        self.interpreter.setChecked(member.interpreter_needed)

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, MemberInfo):
            self.show_member(current)

    def values(self) -> MemberInput:
        from app.services.cases.members import MemberInput

        return MemberInput(
            name=self.name.text(),
            role=MemberRole(self.role.currentData()),
            birth_date=optional_date(self.birth_date),
            v_nummer=self.v_nummer.text(),
            bsn=self.bsn.text(),
            languages=self.languages.text(),
            interpreter_needed=self.interpreter.isChecked(),
            name_arabic=self.name_arabic.text(),
        )

    def accept(self) -> None:
        from app.services.cases import members as dm

        data, actor, member = self.values(), self.handle.actor, self.member
        dossier_id = self.handle.dossier_id
        if member is None:
            self.submit(
                lambda session: dm.add_member(session, actor, dossier_id, data),
                title=self.tr("Gezinslid toevoegen"),
                success_text=self.tr("{name} is toegevoegd aan het huishouden.").format(
                    name=data.name.strip()
                ),
            )
        else:
            self.submit(
                lambda session: dm.update_member(session, actor, member.id, member.version, data),
                title=self.tr("Gezinslid opslaan"),
                success_text=self.tr("De gegevens van {name} zijn opgeslagen.").format(
                    name=data.name.strip()
                ),
            )
