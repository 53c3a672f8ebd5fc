"""Signing in to the shared PostgreSQL database with one's own login and password.

PostgreSQL checks the password; the program only asks. The login is remembered (in settings.ini),
the password only in the OS keyring and only when the user ticks "Wachtwoord onthouden". Signing
in runs on a worker; each failure shows its Dutch message here, and the user can try again or open
the connection settings.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.errors import UserError
from app.ui.forms import ERROR_STYLE, HINT_STYLE

if TYPE_CHECKING:
    from app.config import Settings
    from app.ui.connection import SignedIn
    from app.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)


def keyring_available() -> bool:
    """Whether the OS has a keyring the password could be kept in (not the 'fail' backend)."""
    try:
        import keyring

        backend = keyring.get_keyring()
        return float(getattr(backend, "priority", 0)) > 0
    except Exception:
        return False


def stored_password(account: str) -> str | None:
    from app.secrets import SecretStoreError, get_password

    if not keyring_available():
        return None
    try:
        return get_password(account)
    except SecretStoreError:
        return None


def forget_password(account: str) -> None:
    """Remove a kept password (the user unticked "Wachtwoord onthouden"); best effort."""
    if not keyring_available():
        return
    try:
        import keyring

        from app.secrets import SERVICE

        if keyring.get_password(SERVICE, account) is not None:
            keyring.delete_password(SERVICE, account)
    except Exception:
        log.debug("could not remove the stored password", exc_info=True)


class SignInForm:
    """The widgets of the sign-in dialog (layout only)."""

    def setup(self, dialog: QWidget, *, at_start: bool) -> None:
        tr = dialog.tr
        dialog.setWindowTitle(tr("Aanmelden — {name}").format(name=APP_NAME))
        dialog.setMinimumWidth(460)
        self.title = QLabel(tr("<b>Aanmelden bij de gedeelde database</b>"))
        self.where = QLabel()
        self.where.setStyleSheet(HINT_STYLE)
        self.where.setWordWrap(True)
        self.login = QLineEdit()
        self.login.setMaxLength(63)
        self.login.setObjectName("signInLogin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("signInPassword")
        self.remember = QCheckBox(tr("Wachtwoord onthouden (in de sleutelbos van het systeem)"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setVisible(False)
        self.message.setObjectName("signInMessage")

        form = QFormLayout()
        form.addRow(tr("Inlognaam:"), self.login)
        form.addRow(tr("Wachtwoord:"), self.password)
        form.addRow("", self.remember)

        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton(tr("Aanmelden"))
        self.sign_in_button.setDefault(True)
        self.settings_button = QPushButton(tr("Verbindingsinstellingen…"))
        self.leave_button = QPushButton(tr("Afsluiten") if at_start else tr("Annuleren"))
        # Added in the order they are shown (settings on the left): Tab follows the order of adding.
        self.buttons.addButton(self.settings_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(dialog)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)


class SignInDialog(QDialog):
    sig_signed_in = Signal(object)
    """PostgreSQL accepted the login; carries the ``SignedIn`` (connection and acting user)."""
    sig_settings_requested = Signal()
    """The user wants to change the connection settings (server, database, SSL)."""
    sig_failed = Signal(str)
    """A sign-in attempt failed; carries the Dutch message shown."""

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        claim: str = "",
        at_start: bool = True,
        message: str = "",
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.claim = claim
        self.form = SignInForm()
        self.form.setup(self, at_start=at_start)
        self.result_signed_in: SignedIn | None = None
        self._task: Task | None = None
        self._can_remember = keyring_available()
        self.form.sign_in_button.clicked.connect(self.submit)
        for button in (self.form.settings_button, self.form.leave_button):
            button.setAutoDefault(False)  # Return signs in, never leaves
        self.form.sign_in_button.setDefault(True)
        self.form.settings_button.clicked.connect(self.sig_settings_requested)
        self.form.leave_button.clicked.connect(self.reject)
        self.form.remember.setEnabled(self._can_remember)
        if not self._can_remember:
            self.form.remember.setToolTip(
                self.tr(
                    "Op deze computer is geen sleutelbos beschikbaar: het wachtwoord wordt nergens bewaard."
                )
            )
        self.set_settings(settings)
        if message:
            self.show_message(message)

    def set_settings(self, settings: Settings) -> None:
        """Sign in to the server these settings name (also after the connection settings changed)."""
        self.settings = settings
        pg = settings.postgres
        self.set_settings_text(settings)
        if not self.form.login.text():
            self.form.login.setText(pg.user)
        kept = stored_password(pg.keyring_account) if pg.user else None
        if kept:
            self.form.password.setText(kept)
            self.form.remember.setChecked(True)
        (self.form.password if self.form.login.text() else self.form.login).setFocus()

    def login(self) -> str:
        return self.form.login.text().strip()

    def show_message(self, message: str) -> None:
        self.form.message.setText(message)
        self.form.message.setVisible(bool(message))
        self.adjustSize()

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.is_running

    @Slot()
    def submit(self) -> None:
        """Ask PostgreSQL, on a worker; the outcome arrives in ``_succeeded`` / ``_failed``."""
        if self.busy:
            return
        login, password = self.login(), self.form.password.text()
        if not login or not password:
            field = self.form.login if not login else self.form.password
            message = self.tr("Vul uw inlognaam in.") if not login else self.tr("Vul uw wachtwoord in.")
            self.show_message(message)
            field.setFocus()
            self.sig_failed.emit(message)
            return
        settings = replace(self.settings, postgres=replace(self.settings.postgres, user=login))
        claim = self.claim
        self._set_busy(True)
        self.show_message("")
        self.form.where.setText(self.form.where.text() + " — " + self.tr("bezig met aanmelden…"))

        def work(_control: object) -> SignedIn:
            from app.ui.connection import sign_in_postgres

            return sign_in_postgres(settings, login, password, claim)

        self._task = self.runner.run_function(
            work,
            on_success=lambda result: self._succeeded(result, settings, password),
            on_failure=self._failed,
            parent=self,
            silent=True,
            cancellable=False,
        )

    def _succeeded(self, result: SignedIn, settings: Settings, password: str) -> None:
        self._set_busy(False)
        self.set_settings_text(settings)
        if not self.isVisible():  # closed meanwhile: nobody wants this connection
            result.database.dispose()
            return
        self._keep_password(settings, password)
        self.settings = settings
        self.result_signed_in = result
        self.form.password.clear()
        self.sig_signed_in.emit(result)
        self.accept()

    def _keep_password(self, settings: Settings, password: str) -> None:
        account = settings.postgres.keyring_account
        if not (self._can_remember and self.form.remember.isChecked()):
            forget_password(account)
            return
        from app.secrets import SecretStoreError, set_password

        try:
            set_password(account, password)
        except SecretStoreError as exc:
            log.warning("password not kept: %s", exc.args[0])

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.set_settings_text(self.settings)
        if isinstance(exc, UserError):
            message = exc.message
        else:
            log.error("sign-in failed", exc_info=exc)
            message = self.tr("Aanmelden lukte niet door een onverwachte fout: {error}").format(
                error=f"{type(exc).__name__}: {exc}"
            )
        self.show_message(message)
        self.form.password.selectAll()
        self.form.password.setFocus()
        self.sig_failed.emit(message)

    def set_settings_text(self, settings: Settings) -> None:
        pg = settings.postgres
        self.form.where.setText(
            self.tr("Database {db} op {host}:{port}").format(db=pg.database, host=pg.host, port=pg.port)
        )

    def _set_busy(self, busy: bool) -> None:
        form = self.form
        for widget in (form.login, form.password, form.sign_in_button, form.settings_button):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if self.busy and self._task is not None:
            self._task.cancel()
        super().reject()
