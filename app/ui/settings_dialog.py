"""The connection dialog's behaviour: fill from ``Settings``, validate, test off the GUI thread,
save the INI file. Who signs in (login and password) is asked by the sign-in dialog, not here."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from app.config import (
    DEFAULT_SSLMODE,
    Settings,
    default_sqlite_path,
    env_database_url,
    normalise_sslmode,
    save_settings,
)
from app.errors import UserError
from app.ui.a11y import name_fields
from app.ui.forms import set_field_errors
from app.ui.settings_form import SettingsForm
from app.ui.tasks import Task, TaskRunner

# What a weaker choice means, shown under the choice; the status bar keeps warning while it is used.
WEAK_EXPLANATION = {
    "verify-ca": (
        "Het certificaat van de server wordt gecontroleerd, maar niet of het bij deze servernaam "
        "hoort. Zolang u zo verbindt, staat er een waarschuwing in de statusbalk."
    ),
    "require": (
        "De verbinding is versleuteld, maar het programma controleert niet met welke server het "
        "verbindt: iemand op het netwerk kan zich als de server voordoen. Zolang u zo verbindt, staat "
        "er een waarschuwing in de statusbalk."
    ),
    "disable": (
        "Gegevens en wachtwoorden gaan leesbaar over het netwerk. Kies dit alleen als de beheerder "
        "van de server zegt dat het niet anders kan. Zolang u zo verbindt, staat er een waarschuwing "
        "in de statusbalk."
    ),
}
OK_STYLE = "color: #2e7d32;"
FAIL_STYLE = "color: #b3261e;"


class SettingsDialog(QDialog):
    sig_connection_tested = Signal(bool, str)
    """The connection test finished: whether it worked and the Dutch message shown."""

    def __init__(self, settings: Settings, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = SettingsForm()
        self.form.setup(self)
        self.runner = runner
        self.original = settings
        self.saved_settings: Settings | None = None
        self._test_task: Task | None = None

        form = self.form
        form.backend_group.idToggled.connect(self._on_backend_toggled)
        form.sqlite_browse.clicked.connect(self._browse_sqlite)
        form.sqlite_path.setPlaceholderText(str(default_sqlite_path()))
        form.sslrootcert_browse.clicked.connect(self._browse_certificate)
        form.sslmode.currentIndexChanged.connect(self._show_sslmode_warning)
        form.sslmode.activated.connect(self._confirm_sslmode)  # only a choice made by the user
        self._confirmed_sslmode = DEFAULT_SSLMODE
        form.test_button.clicked.connect(self.test_connection)
        form.buttons.accepted.connect(self.accept)
        form.buttons.rejected.connect(self.reject)
        form.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self._load(settings)
        if env_database_url():
            form.environment_note.setText(
                self.tr(
                    "Let op: de omgevingsvariabele DOORLOPENDE_LIJN_DB_URL is gezet en gaat voor op "
                    "deze instellingen zolang het programma zo wordt gestart."
                )
            )
            form.environment_note.setVisible(True)
        name_fields(self)  # labels whose fields sit in wrappers name them too

    # -- settings <-> form ------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        form = self.form
        pg = settings.postgres
        form.sqlite_path.setText(settings.sqlite_path)
        form.host.setText(pg.host)
        form.port.setText(str(pg.port))
        form.database.setText(pg.database)
        mode = normalise_sslmode(pg.sslmode)
        self._confirmed_sslmode = mode  # a weaker mode in the file was chosen (and confirmed) before
        form.sslmode.setCurrentIndex(form.sslmode.findData(mode))
        self._show_sslmode_warning()
        form.sslrootcert.setText(pg.sslrootcert)
        form.idle_minutes.setValue(settings.idle_lock_minutes)
        is_pg = settings.backend == "postgresql"
        (form.radio_postgres if is_pg else form.radio_sqlite).setChecked(True)
        form.pages.setCurrentIndex(1 if is_pg else 0)
        form.fit_page(form.pages.currentIndex())

    def settings_from_form(self) -> Settings:
        """The settings as filled in (port 0 when it is not a number; ``validate`` reports that).
        The last login (``postgres.user``) is kept: the sign-in dialog offers it again."""
        form = self.form
        try:
            port = int(form.port.text().strip())
        except ValueError:
            port = 0
        return replace(
            self.original,
            backend="postgresql" if form.radio_postgres.isChecked() else "sqlite",
            sqlite_path=form.sqlite_path.text().strip(),
            postgres=replace(
                self.original.postgres,
                host=form.host.text().strip(),
                port=port,
                database=form.database.text().strip(),
                sslmode=str(form.sslmode.currentData()),
                sslrootcert=form.sslrootcert.text().strip(),
            ),
            idle_lock_minutes=form.idle_minutes.value(),
        )

    # -- validation -------------------------------------------------------------------------

    def validate(self) -> dict[str, str]:
        """Field → Dutch message for each problem; empty when the form can be saved."""
        form = self.form
        errors: dict[str, str] = {}
        if form.radio_postgres.isChecked():
            if not form.host.text().strip():
                errors["host"] = self.tr("Vul de naam of het adres van de server in.")
            port = form.port.text().strip()
            if not port.isdigit() or not 1 <= int(port) <= 65535:
                errors["port"] = self.tr("De poort is een getal van 1 tot en met 65535 (meestal 5432).")
            if not form.database.text().strip():
                errors["database"] = self.tr("Vul de naam van de database in.")
            cert = form.sslrootcert.text().strip()
            if cert and not Path(cert).is_file():
                errors["sslrootcert"] = self.tr("Dit certificaatbestand bestaat niet.")
            if form.sslmode.currentData() == "verify-ca" and not cert:
                errors["sslrootcert"] = self.tr("Kies bij deze versleuteling het CA-certificaat.")
        else:
            path = form.sqlite_path.text().strip()
            if path:
                problem = _sqlite_path_problem(Path(path))
                if problem:
                    errors["sqlite_path"] = problem
        set_field_errors(form.fields, errors)
        self._grow()
        return errors

    def show_problem(self, message: str) -> None:
        """Explain why the dialog is shown (the configured database could not be opened)."""
        text = self.tr("De database kon niet worden geopend. {reason}").format(reason=message)
        self._show_result(False, text)

    # -- actions ----------------------------------------------------------------------------

    def accept(self) -> None:
        """Validate, write the settings file, close."""
        if self.validate():
            return
        settings = self.settings_from_form()
        try:
            save_settings(settings)
        except OSError as exc:
            self._show_result(False, self.tr("De instellingen konden niet worden opgeslagen: {error}")
                              .format(error=exc))
            return
        self.saved_settings = settings
        super().accept()

    @Slot()
    def test_connection(self) -> None:
        """Try the connection as filled in, on a worker thread; the result appears in the dialog."""
        if self._test_task is not None and self._test_task.is_running:
            return
        if self.validate():
            self._show_result(False, self.tr("Verbeter eerst de gemarkeerde velden."))
            return
        settings = self.settings_from_form()
        self.form.test_button.setEnabled(False)
        self._show_result(None, self.tr("Bezig met verbinden…"))

        def work(_control: object) -> str:
            from app.ui.connection import check_connection

            return check_connection(settings)

        self._test_task = self.runner.run_function(
            work,
            on_success=lambda message: self._tested(True, str(message)),
            on_failure=self._test_failed,
            parent=self,
            silent=True,
        )

    def _test_failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            message = self.tr("Verbinding mislukt. {reason}").format(reason=exc.message)
        else:
            message = self.tr("Verbinding mislukt: {error}").format(error=exc)
        self._tested(False, message)

    def _tested(self, ok: bool, message: str) -> None:
        self.form.test_button.setEnabled(True)
        self._show_result(ok, message)
        self.sig_connection_tested.emit(ok, message)

    def _show_result(self, ok: bool | None, message: str) -> None:
        label = self.form.test_result
        label.setStyleSheet("" if ok is None else OK_STYLE if ok else FAIL_STYLE)
        label.setText(message)
        label.setVisible(True)
        self._grow()

    def _grow(self) -> None:
        """Grow to fit messages that appeared (wrapped labels are not counted in the minimum);
        after the pending layout requests, so the new texts are measured."""
        QTimer.singleShot(0, self._grow_now)

    @Slot()
    def _grow_now(self) -> None:
        layout = self.layout()
        assert layout is not None  # set by SettingsForm.setup()
        layout.activate()
        hint = self.sizeHint()
        if layout.hasHeightForWidth():
            hint.setHeight(max(hint.height(), layout.totalHeightForWidth(self.width())))
        self.resize(self.size().expandedTo(hint))

    @Slot(int, bool)
    def _on_backend_toggled(self, button_id: int, checked: bool) -> None:
        if checked:
            self.form.pages.setCurrentIndex(button_id)
            self.form.test_result.setVisible(False)
            set_field_errors(self.form.fields, {})

    @Slot(int)
    def _confirm_sslmode(self, _index: int) -> None:
        """A weaker mode only after an explicit yes; otherwise back to the previous choice."""
        form = self.form
        mode = str(form.sslmode.currentData())
        if mode == self._confirmed_sslmode or mode == DEFAULT_SSLMODE:
            self._confirmed_sslmode = mode
            return
        answer = QMessageBox.question(
            self,
            self.tr("Minder veilig verbinden?"),
            self.tr("U kiest: {label}.\n\n{explanation}\n\nWeet u zeker dat u zo wilt verbinden?").format(
                label=form.sslmode.currentText(), explanation=self.tr(WEAK_EXPLANATION[mode])
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._confirmed_sslmode = mode
        else:
            form.sslmode.setCurrentIndex(form.sslmode.findData(self._confirmed_sslmode))

    @Slot()
    def _show_sslmode_warning(self) -> None:
        label = self.form.sslmode_warning
        explanation = WEAK_EXPLANATION.get(str(self.form.sslmode.currentData()))
        label.setText(self.tr(explanation) if explanation else "")
        label.setVisible(bool(explanation))
        self._grow()

    @Slot()
    def _browse_sqlite(self) -> None:
        start = self.form.sqlite_path.text() or str(default_sqlite_path())
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Databasebestand kiezen"),
            start,
            self.tr("SQLite-database (*.db *.sqlite);;Alle bestanden (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.form.sqlite_path.setText(path)

    @Slot()
    def _browse_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("CA-certificaat kiezen"),
            self.form.sslrootcert.text(),
            self.tr("Certificaten (*.crt *.pem *.cer);;Alle bestanden (*)"),
        )
        if path:
            self.form.sslrootcert.setText(path)

    def done(self, result: int) -> None:
        if self._test_task is not None and self._test_task.is_running:
            self._test_task.cancel()
        super().done(result)


def _sqlite_path_problem(path: Path) -> str | None:
    from app.db.location import check_local_sqlite_path

    if path.is_dir():
        return "Dit is een map; kies of typ een bestandsnaam."
    try:
        check_local_sqlite_path(path)
    except UserError as exc:
        return exc.message
    return None
