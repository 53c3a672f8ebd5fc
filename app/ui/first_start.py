"""The first start on a new database on this computer (SQLite, no users, no demo): who is the
person at this PC? Their municipality and role make them the database's first user, so they can
work at once (``setup_first_user``; the same as ``python -m app setup``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
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
from app.domain.roles import Role
from app.errors import UserError
from app.ui.a11y import name_fields
from app.ui.forms import ERROR_STYLE, HINT_STYLE, FieldWithError, set_field_errors

if TYPE_CHECKING:
    from app.db.session import Database
    from app.services.access import Actor
    from app.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

ROLE_HINTS = {
    Role.CONTACTPERSOON: "koppelingen, woningen en dossiers van uw gemeente; importeren",
    Role.CONSULENT: "de dossiers van uw gemeente; het regiobord inzien",
    Role.REGIO_COORDINATOR: "het hele regiobord; de dossiers van uw gemeente",
    Role.ALLEEN_LEZEN: "het regiobord en de dossiers van uw gemeente inzien",
    Role.BEHEERDER: "gebruikers en het toegangslogboek; geen dossiers",
}


class FirstStartForm:
    def setup(self, dialog: QWidget, account: str) -> None:
        tr = dialog.tr
        dialog.setWindowTitle(tr("Eerste start — {name}").format(name=APP_NAME))
        dialog.setMinimumWidth(520)
        intro = QLabel(
            tr(
                "<b>Deze database is nieuw.</b><br>Vertel het programma wie u bent, dan kunt u meteen "
                "aan het werk. U meldt zich aan met uw account op deze computer (<b>{account}</b>); "
                "een apart wachtwoord is er niet."
            ).format(account=account)
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(account)
        self.name.setMaxLength(120)
        self.name_field = FieldWithError(self.name)
        self.gemeente = QComboBox()
        self.gemeente.addItem(tr("Bezig met laden…"), None)
        self.gemeente_field = FieldWithError(self.gemeente)
        self.role = QComboBox()
        for role in (
            Role.CONTACTPERSOON, Role.CONSULENT, Role.REGIO_COORDINATOR, Role.ALLEEN_LEZEN, Role.BEHEERDER,
        ):  # fmt: skip
            self.role.addItem(role.label, role.value)
        self.role_hint = QLabel()
        self.role_hint.setStyleSheet(HINT_STYLE)
        self.role_hint.setWordWrap(True)
        self.role_field = FieldWithError(self.role)
        form = QFormLayout()
        form.addRow(tr("Uw naam:"), self.name_field)
        form.addRow(tr("Uw gemeente:"), self.gemeente_field)
        form.addRow(tr("Uw rol:"), self.role_field)
        form.addRow("", self.role_hint)
        later = QLabel(tr("Andere gebruikers voegt u later toe in Beheer → Gebruikers (als beheerder)."))
        later.setStyleSheet(HINT_STYLE)
        later.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.start_button = QPushButton(tr("Beginnen"))
        self.start_button.setDefault(True)
        self.leave_button = QPushButton(tr("Afsluiten"))
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.leave_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(dialog)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(later)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {"name": self.name_field, "gemeente": self.gemeente_field, "role": self.role_field}


class FirstStartDialog(QDialog):
    sig_done = Signal(object)
    """The person is now the database's first user; carries their ``Actor``."""
    sig_loaded = Signal()
    """The municipalities are in the list: the form can be filled in."""

    def __init__(
        self, database: Database, runner: TaskRunner, account: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.runner = runner
        self.form = FirstStartForm()
        self.form.setup(self, account)
        self.actor: Actor | None = None
        self._task: Task | None = None
        self.form.start_button.clicked.connect(self.submit)
        self.form.leave_button.clicked.connect(self.reject)
        self.form.role.currentIndexChanged.connect(self._role_changed)
        self.form.start_button.setEnabled(False)
        self._role_changed()
        self._load_gemeenten()
        name_fields(self)  # labels whose fields sit in wrappers name them too

    def _load_gemeenten(self) -> None:
        database = self.database

        def work(_control: object) -> list[tuple[str, str]]:
            from sqlalchemy import select

            from app.db.models import Gemeente

            with database.unit_of_work() as session:
                rows = session.execute(
                    select(Gemeente.cbs_code, Gemeente.name)
                    .where(Gemeente.active.is_(True))
                    .order_by(Gemeente.name)
                )
                return [(str(code), str(name)) for code, name in rows]

        self.runner.run_function(
            work, on_success=self._gemeenten_loaded, on_failure=self._failed, parent=self
        )

    def _gemeenten_loaded(self, gemeenten: list[tuple[str, str]]) -> None:
        combo = self.form.gemeente
        combo.clear()
        combo.addItem(self.tr("— kies uw gemeente —"), None)
        for code, name in gemeenten:
            combo.addItem(name, code)
        self.form.start_button.setEnabled(True)
        self._role_changed()
        self.sig_loaded.emit()

    @Slot()
    def _role_changed(self) -> None:
        role = Role(self.form.role.currentData())
        self.form.role_hint.setText(self.tr("Mag: {what}.").format(what=ROLE_HINTS[role]))
        regional = role is Role.BEHEERDER
        self.form.gemeente.setEnabled(not regional and self.form.gemeente.count() > 1)

    def select(self, *, gemeente_code: str | None = None, role: Role | None = None) -> None:
        """Choose as a user would (tests and screenshots)."""
        if role is not None:
            self.form.role.setCurrentIndex(self.form.role.findData(role.value))
        if gemeente_code is not None:
            self.form.gemeente.setCurrentIndex(self.form.gemeente.findData(gemeente_code))

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.form.name.text().strip():
            errors["name"] = self.tr("Vul uw naam in.")
        role = Role(self.form.role.currentData())
        if role is not Role.BEHEERDER and not self.form.gemeente.currentData():
            errors["gemeente"] = self.tr("Kies de gemeente waarvoor u werkt.")
        set_field_errors(self.form.fields, errors)
        return errors

    @Slot()
    def submit(self) -> None:
        if (self._task is not None and self._task.is_running) or self.validate():
            return
        role = Role(self.form.role.currentData())
        code = None if role is Role.BEHEERDER else self.form.gemeente.currentData()
        name = self.form.name.text().strip()
        database = self.database
        self.form.start_button.setEnabled(False)
        self._show_message("")

        def work(_control: object) -> Any:
            from app.auth.identity import setup_first_user

            return setup_first_user(database, gemeente_code=code, role=role, name=name)

        self._task = self.runner.run_function(
            work, on_success=self._done, on_failure=self._failed, parent=self, cancellable=False,
            title=self.tr("Gebruiker aanmaken"),
        )  # fmt: skip

    def _done(self, actor: Actor) -> None:
        self.actor = actor
        self.sig_done.emit(actor)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.form.start_button.setEnabled(self.form.gemeente.count() > 1)
        if isinstance(exc, UserError):
            self._show_message(exc.message)
        else:
            log.error("first start failed", exc_info=exc)
            self._show_message(self.tr("Er ging iets onverwachts mis: {error}").format(error=exc))

    def _show_message(self, message: str) -> None:
        self.form.message.setText(message)
        self.form.message.setVisible(bool(message))
        self.adjustSize()
