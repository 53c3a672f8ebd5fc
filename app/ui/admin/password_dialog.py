"""Beheer → Gebruikers → Nieuw wachtwoord…: a beheerder sets (resets) a user's password on
PostgreSQL (``set_password``; the database function changes the login's password)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import UserError, ValidationError
from app.services.users import UserInfo
from app.ui.a11y import name_fields
from app.ui.context import AppContext
from app.ui.forms import ERROR_STYLE, FieldWithError, set_field_errors


class PasswordForm:
    def setup(self, dialog: QWidget, user: UserInfo) -> None:
        tr = dialog.tr
        dialog.setWindowTitle(tr("Nieuw wachtwoord: {login}").format(login=user.login))
        dialog.setMinimumWidth(440)
        intro = QLabel(
            tr(
                "Een nieuw wachtwoord voor <b>{name}</b> ({login}). Het oude werkt daarna niet meer; "
                "geef het nieuwe persoonlijk door, nooit per e-mail."
            ).format(name=user.name, login=user.login)
        )
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_field = FieldWithError(self.password, hint=tr("Minstens 12 tekens."))
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_field = FieldWithError(self.repeat)
        form = QFormLayout()
        form.addRow(tr("Wachtwoord:"), self.password_field)
        form.addRow(tr("Herhaal wachtwoord:"), self.repeat_field)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(dialog)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {"password": self.password_field, "repeat": self.repeat_field}


class PasswordDialog(QDialog):
    sig_saved = Signal(object)
    """The password was set; carries the ``UserInfo``."""

    def __init__(self, context: AppContext, user: UserInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.user = user
        self.form = PasswordForm()
        self.form.setup(self, user)
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)
        name_fields(self)  # labels whose fields sit in wrappers name them too

    def validate(self) -> dict[str, str]:
        from app.services.users import password_problem

        password = self.form.password.text()
        errors: dict[str, str] = {}
        problem = (
            password_problem(password, self.user.login) if password else self.tr("Vul een wachtwoord in.")
        )
        if problem:
            errors["password"] = problem
        elif self.form.repeat.text() != password:
            errors["repeat"] = self.tr("De twee wachtwoorden zijn niet gelijk.")
        set_field_errors(self.form.fields, errors)
        return errors

    def accept(self) -> None:
        self._show_message("")
        if self.validate():
            return
        from app.services.users import set_password

        actor, user_id, password = self.context.actor, self.user.id, self.form.password.text()

        def work(session: Any, _control: Any) -> None:
            set_password(session, actor, user_id, password)

        self.form.buttons.setEnabled(False)
        self.context.tasks.run(
            work, on_success=lambda _r: self._saved(), on_failure=self._failed, parent=self,
            title=self.tr("Wachtwoord instellen"), cancellable=False,
        )  # fmt: skip

    def _saved(self) -> None:
        self.form.buttons.setEnabled(True)
        self.form.password.clear()
        self.form.repeat.clear()
        self.sig_saved.emit(self.user)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.form.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            set_field_errors(self.form.fields, exc.fields)
        message = exc.message if isinstance(exc, UserError) else str(exc)
        self._show_message(message)

    def _show_message(self, message: str) -> None:
        self.form.message.setText(message)
        self.form.message.setVisible(bool(message))
