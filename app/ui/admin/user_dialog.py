"""New / edit user: validates, saves through the services in the background, and on a conflict
shows the message and the fresh data instead of overwriting someone else's change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from app.domain.roles import Role
from app.errors import ConflictError, UserError, ValidationError
from app.services.region import GemeenteInfo
from app.services.users import UserInfo
from app.ui.a11y import name_fields
from app.ui.admin.user_form import UserForm
from app.ui.context import AppContext
from app.ui.forms import set_field_errors


class UserDialog(QDialog):
    sig_saved = Signal(object)
    """The user was saved; carries the fresh ``UserInfo``."""

    def __init__(
        self,
        context: AppContext,
        gemeenten: list[GemeenteInfo],
        user: UserInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.user = user
        self.saved: UserInfo | None = None
        self.with_password = user is None and context.database.is_postgresql
        self.form = UserForm()
        self.form.setup(self, gemeenten, with_password=self.with_password)
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)
        if user is None:
            self.setWindowTitle(self.tr("Nieuwe gebruiker"))
            self.form.active.setVisible(False)
            default = context.actor.gemeente_code
            if default:
                self.form.gemeente.setCurrentIndex(max(0, self.form.gemeente.findData(default)))
            self.form.role.setCurrentIndex(self.form.role.findData(Role.CONTACTPERSOON.value))
        else:
            self.setWindowTitle(self.tr("Gebruiker wijzigen: {login}").format(login=user.login))
            self.form.login.setReadOnly(True)
            self.form.active.setVisible(False)  # the list's Uitschakelen/Inschakelen, with a question
            self.show_user(user)
        name_fields(self)  # labels whose fields sit in wrappers name them too

    def show_user(self, user: UserInfo) -> None:
        """Fill the form with this (fresh) data; later saves expect its version."""
        form = self.form
        self.user = user
        form.login.setText(user.login)
        form.name.setText(user.name)
        form.email.setText(user.email)
        form.phone.setText(user.phone)
        form.role.setCurrentIndex(form.role.findData(Role(user.role).value))
        index = form.gemeente.findText(user.gemeente_name) if user.gemeente_name else 0
        form.gemeente.setCurrentIndex(max(0, index))
        form.active.setChecked(user.active)

    def validate(self) -> dict[str, str]:
        form = self.form
        errors: dict[str, str] = {}
        login = form.login.text().strip()
        if not login:
            errors["login"] = self.tr("Vul een inlognaam in.")
        elif any(ch.isspace() for ch in login):
            errors["login"] = self.tr("Een inlognaam heeft geen spaties.")
        if not form.name.text().strip():
            errors["name"] = self.tr("Vul een naam in.")
        from app.services.users import contact_errors

        errors.update(contact_errors(form.phone.text(), form.email.text()))
        needs_gemeente = Role(form.role.currentData()) is not Role.BEHEERDER
        if needs_gemeente and not form.gemeente.currentData():
            errors["gemeente"] = self.tr("Kies de gemeente van deze gebruiker.")
        if self.with_password:
            from app.services.users import password_problem

            password = form.password.text()
            problem = password_problem(password, login) if password else self.tr("Vul een wachtwoord in.")
            if problem:
                errors["password"] = problem
            elif form.password_repeat.text() != password:
                errors["password_repeat"] = self.tr("De twee wachtwoorden zijn niet gelijk.")
        set_field_errors(form.fields, errors)
        self.adjustSize()  # grow to show the messages, never squeeze them over the fields
        return errors

    def accept(self) -> None:
        """Validate here, then save through the service on a worker; close only when it worked."""
        self._show_message("")
        if self.validate():
            return
        form = self.form
        actor = self.context.actor
        name, email = form.name.text().strip(), form.email.text().strip()
        phone = form.phone.text().strip()
        role = Role(form.role.currentData())
        user = self.user
        if user is None:
            from app.services.users import create_user

            login, gemeente_code = form.login.text().strip(), form.gemeente.currentData()
            password = form.password.text() if self.with_password else None

            def work(session: Any, _control: Any) -> UserInfo:
                return create_user(
                    session,
                    actor,
                    login=login,
                    name=name,
                    role=role,
                    gemeente_code=gemeente_code,
                    email=email,
                    password=password,
                    phone=phone,
                )
        else:
            from app.services.users import update_user

            code = form.gemeente.currentData()
            moved = code if code and code != self._gemeente_code(user) else None

            def work(session: Any, _control: Any) -> UserInfo:
                return update_user(
                    session, actor, user.id, user.version, name=name, email=email, role=role,
                    gemeente_code=moved, phone=phone,
                )  # fmt: skip

        self._set_busy(True)
        self.context.tasks.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            title=self.tr("Gebruiker opslaan"),
            parent=self,
            cancellable=False,
        )

    def _gemeente_code(self, user: UserInfo) -> str | None:
        index = self.form.gemeente.findText(user.gemeente_name) if user.gemeente_name else -1
        return self.form.gemeente.itemData(index) if index >= 0 else None

    def _saved(self, info: UserInfo) -> None:
        self._set_busy(False)
        self.saved = info
        self.sig_saved.emit(info)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            set_field_errors(self.form.fields, exc.fields)
            self._show_message(exc.message)
            self.adjustSize()
        elif isinstance(exc, ConflictError):
            self._show_message(exc.message)
            if isinstance(exc.current, UserInfo):
                self.show_user(exc.current)
            else:
                self._reload()
        elif isinstance(exc, UserError):
            self._show_message(exc.message)
        else:
            self._show_message(self.tr("Er ging iets onverwachts mis: {error}").format(error=exc))

    def _reload(self) -> None:
        """Fetch the fresh row after a conflict detected at commit time."""
        from app.services.users import list_users

        if self.user is None:
            return
        actor, user_id = self.context.actor, self.user.id

        def work(session: Any, _control: Any) -> UserInfo | None:
            return next((u for u in list_users(session, actor) if u.id == user_id), None)

        def done(fresh: UserInfo | None) -> None:
            if fresh is not None:
                self.show_user(fresh)

        self.context.tasks.run(work, on_success=done, parent=self, silent=True)

    def _show_message(self, message: str) -> None:
        self.form.message.setText(message)
        self.form.message.setVisible(bool(message))

    def _set_busy(self, busy: bool) -> None:
        self.form.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)
