"""The widgets of the user dialog (layout only; behaviour is in ``user_dialog``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.contact import PHONE_MAX
from app.domain.roles import Role
from app.services.region import GemeenteInfo
from app.ui.forms import ERROR_STYLE, FieldWithError


class UserForm:
    def setup(self, dialog: QWidget, gemeenten: list[GemeenteInfo], *, with_password: bool = False) -> None:
        tr = dialog.tr
        dialog.setMinimumWidth(440)
        self.login = QLineEdit()
        self.login.setMaxLength(64)
        self.login_field = FieldWithError(self.login)
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.name_field = FieldWithError(self.name)
        self.email = QLineEdit()
        self.email.setMaxLength(200)
        self.email_field = FieldWithError(self.email)
        self.phone = QLineEdit()
        self.phone.setMaxLength(PHONE_MAX)
        self.phone.setPlaceholderText(tr("bijvoorbeeld 030 286 00 00"))
        self.phone.setToolTip(
            tr("Het nummer waarop cliënten en collega's u bellen; het staat op de pakketten.")
        )
        self.phone_field = FieldWithError(self.phone)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.role_field = FieldWithError(self.role)
        self.gemeente = QComboBox()
        self.gemeente.addItem(tr("— geen (regionaal) —"), None)
        for gemeente in gemeenten:
            self.gemeente.addItem(gemeente.name, gemeente.cbs_code)
        self.gemeente_field = FieldWithError(self.gemeente)
        self.active = QCheckBox(tr("Actief (kan zich aanmelden)"))
        self.active.setChecked(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_field = FieldWithError(
            self.password, hint=tr("Minstens 12 tekens.")
        )
        self.password_repeat = QLineEdit()
        self.password_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_repeat_field = FieldWithError(self.password_repeat)

        form = QFormLayout()
        form.addRow(tr("Inlognaam:"), self.login_field)
        form.addRow(tr("Naam:"), self.name_field)
        form.addRow(tr("E-mail:"), self.email_field)
        form.addRow(tr("Telefoon:"), self.phone_field)
        form.addRow(tr("Rol:"), self.role_field)
        form.addRow(tr("Gemeente:"), self.gemeente_field)
        if with_password:  # PostgreSQL: the new user's own login gets this password
            form.addRow(tr("Wachtwoord:"), self.password_field)
            form.addRow(tr("Herhaal wachtwoord:"), self.password_repeat_field)
        form.addRow("", self.active)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(dialog)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {
            "login": self.login_field,
            "name": self.name_field,
            "email": self.email_field,
            "phone": self.phone_field,
            "role": self.role_field,
            "gemeente": self.gemeente_field,
            "password": self.password_field,
            "password_repeat": self.password_repeat_field,
        }
