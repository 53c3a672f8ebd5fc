"""Start-up and connection switching: open the database, offer demo data on a new one, sign in,
show the main window; later, switch live to the database chosen in the settings dialog."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.config import Settings, load_settings
from app.errors import NotFound, UserError
from app.ui.connection import OpenedDatabase, open_and_prepare, sign_in_as
from app.ui.context import AppContext
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.db.session import Database
    from app.services.access import Actor
    from app.ui.modules import ModuleSpec
    from app.ui.shell import MainWindow

log = logging.getLogger(__name__)


class AppController(QObject):
    """Owns the current database, the acting user, the task runner and the main window."""

    sig_ready = Signal()
    """The main window is shown and signed in."""
    sig_switched = Signal(str)
    """The application now works with another database (its description)."""

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        modules: list[ModuleSpec] | None = None,
        window_settings: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or load_settings()
        self.database: Database | None = None
        self.actor: Actor | None = None
        self.window: MainWindow | None = None
        self._modules = modules
        self._window_settings = window_settings
        self.demo_scale = 1.0  # the first-run demo: a region's real size
        self.tasks = TaskRunner(self._current_database, self)

    def _current_database(self) -> Database:
        if self.database is None:
            raise UserError(self.tr("Er is nog geen database geopend."))
        return self.database

    # -- start-up ---------------------------------------------------------------------------

    def start(self) -> None:
        """Open the configured database (asking for other settings while it fails) and go on."""
        QApplication.setQuitOnLastWindowClosed(False)
        while True:
            try:
                opened = open_and_prepare(self.settings)
                break
            except UserError as exc:
                if not self._fix_settings(exc.message):
                    self._give_up()
                    return
        self._continue_with(opened)

    def _continue_with(self, opened: OpenedDatabase) -> None:
        if not opened.has_data and self.ask_demo():
            self._load_demo(opened)
        else:
            self._sign_in(opened)

    def ask_demo(self) -> bool:
        """Ask whether to fill the new, empty database with demo data (tests replace this)."""
        answer = QMessageBox.question(
            self.window,
            self.tr("Demo-gegevens laden?"),
            self.tr(
                "Deze database is nog leeg. Demo-gegevens laden?\n\n"
                "De demo bevat verzonnen gemeenten-, gebruikers- en huishoudgegevens, zodat u het "
                "programma kunt verkennen. Laad ze niet in een database voor echt gebruik."
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _load_demo(self, opened: OpenedDatabase) -> None:
        from app.auth.identity import own_login

        login = own_login(opened.database)
        database = opened.database
        scale = self.demo_scale

        def work(control: Any) -> dict[str, int]:
            from app.demo.fill import fill_demo
            from app.services.access import Actor

            def progress(fraction: float, step: str) -> None:
                control.check_cancelled()
                control.progress(fraction, step)

            with database.unit_of_work() as session:
                return fill_demo(
                    session, Actor.system_actor("demo"), login=login, scale=scale, progress=progress
                )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self._warn(self.tr("Demo-gegevens"), exc.message)
            self._sign_in(opened)

        self.tasks.run_function(
            work,
            on_success=lambda _report: self._sign_in(opened),
            on_failure=failed,
            title=self.tr("Demo-gegevens laden"),
            parent=self.window,
        )

    def _sign_in(self, opened: OpenedDatabase) -> None:
        login = self.settings.claimed_login
        notices: list[str] = []
        if self.window is None:
            try:
                actor = sign_in_as(opened.database, login)
            except UserError as exc:
                self._sign_in_failed(opened, exc)
                return
            self._activate(opened.database, actor)
            self._show_notices(notices)
            return

        def signed_in(actor: Actor) -> None:
            self._activate(opened.database, actor)
            self._show_notices(notices)

        self.tasks.run_function(
            lambda _control: sign_in_as(opened.database, login),
            on_success=signed_in,
            on_failure=lambda exc: self._sign_in_failed(opened, exc),
            title=self.tr("Aanmelden"),
        )

    def _show_notices(self, notices: list[str]) -> None:
        """What a new database's first user must know (they became beheerder), once, after the window."""
        for notice in notices:  # not modal-blocking: the window is usable behind it
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Eerste gebruiker"), notice)
            box.setParent(self.window, box.windowFlags())
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.setObjectName("first_user_notice")
            box.open()

    def _sign_in_failed(self, opened: OpenedDatabase, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, UserError) else str(exc)
        if self.window is not None:  # a switch: keep working with the previous database
            opened.database.dispose()
            self._warn(
                self.tr("Aanmelden mislukt"),
                message + "\n\n" + self.tr("U werkt verder met de vorige database."),
            )
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Aanmelden mislukt"), message)
        if isinstance(exc, NotFound):
            box.setInformativeText(
                self.tr("U kunt in de instellingen een andere inlognaam of database kiezen.")
            )
        settings_button = box.addButton(self.tr("Instellingen openen…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Afsluiten"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        opened.database.dispose()
        if box.clickedButton() is settings_button and self._fix_settings(""):
            self.start()
        else:
            self._give_up()

    def _fix_settings(self, problem: str) -> bool:
        """The settings dialog before any window exists; True when the user saved new settings."""
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.tasks)
        if problem:
            dialog.show_problem(problem)
        if dialog.exec() and dialog.saved_settings is not None:
            self.settings = dialog.saved_settings
            return True
        return False

    def _give_up(self) -> None:
        QTimer.singleShot(0, lambda: QCoreApplication.exit(1))

    # -- the window -------------------------------------------------------------------------

    def _activate(self, database: Database, actor: Actor) -> None:
        previous = self.database
        self.database, self.actor = database, actor
        context = AppContext(database, actor, self.settings, self.tasks, show_status=lambda _m: None)
        if self.window is None:
            from app.ui.modules import available_modules
            from app.ui.shell import MainWindow

            modules = self._modules if self._modules is not None else available_modules()
            self.window = MainWindow(context, modules, window_settings=self._window_settings)
            self.window.sig_settings_requested.connect(self.open_settings)
            self.window.show()
            QApplication.setQuitOnLastWindowClosed(True)
            self.sig_ready.emit()
        else:
            self.window.set_context(context)
            self.window.show_status(self.tr("Verbonden met {db}.").format(db=database.description))
            self.sig_switched.emit(database.description)
        if previous is not None and previous is not database:
            previous.dispose()

    def open_settings(self) -> QWidget:
        """The connection dialog over the main window; on save the application switches live."""
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.tasks, self.window)
        dialog.accepted.connect(lambda: self.switch_to(dialog.saved_settings))
        dialog.open()
        return dialog

    def switch_to(self, settings: Settings | None) -> None:
        """Open, migrate and sign in to the database of ``settings`` in the background; the old
        connection stays in use until the new one works."""
        if settings is None:
            return
        self.settings = settings

        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            self._warn(
                self.tr("Andere database"),
                self.tr("De nieuwe verbinding werkt niet: {reason}\n\nU werkt verder met {db}.").format(
                    reason=message, db=self.database.description if self.database else "-"
                ),
            )

        self.tasks.run_function(
            lambda _control: open_and_prepare(settings),
            on_success=self._continue_with,
            on_failure=failed,
            title=self.tr("Verbinden met de database"),
            parent=self.window,
        )

    def _warn(self, title: str, message: str) -> None:
        self.tasks.show_error(self.window, title, message)

    def shutdown(self) -> None:
        self.tasks.wait_for_done(3000)
        if self.database is not None:
            self.database.dispose()
