"""Start-up and connection switching: open the database, offer demo data on a new one, sign in,
show the main window; later, switch live to the database chosen in the settings dialog.

Who acts is decided by the database: on PostgreSQL the login PostgreSQL authenticated (the sign-in
dialog asks login and password), on SQLite the account on this computer (a new database first asks
the person's municipality and role). ``--as`` / DOORLOPENDE_LIJN_USER choose a demo user to play,
and only in a demo database. After the configured idle time the session lock covers the windows.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.config import Settings, env_database_url, load_settings, save_settings
from app.errors import UserError
from app.ui.connection import (
    OpenedDatabase,
    SignedIn,
    open_and_prepare,
    resolve_with_claim,
    sign_in_settings,
    uses_postgres,
)
from app.ui.context import AppContext
from app.ui.controller_demo import DemoSteps
from app.ui.controller_welcome import WelcomeSteps
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.db.session import Database
    from app.services.access import Actor
    from app.ui.first_start import FirstStartDialog
    from app.ui.idle_lock import SessionLock
    from app.ui.modules import ModuleSpec
    from app.ui.shell import MainWindow
    from app.ui.sign_in_dialog import SignInDialog
    from app.ui.welcome import WelcomeDialog

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
# The database is opened once the window's loading state is painted; should no paint come (a window
# started minimised), it is opened after this anyway.
OPEN_WITHOUT_PAINT_MS = 500


class AppController(QObject, WelcomeSteps, DemoSteps):
    """Owns the current database, the acting user, the task runner and the main window."""

    sig_ready = Signal()
    """The main window is shown and signed in."""
    sig_switched = Signal(str)
    """The application now works with another database (its description)."""
    sig_dialog_shown = Signal(object)
    """A start-up dialog (sign-in, first start, a notice) is shown; carries it (tests, screenshots)."""

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        modules: list[ModuleSpec] | None = None,
        window_settings: QSettings | None = None,
        welcome: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._welcome = welcome  # a first start after installing: the welcome comes first
        self.settings = settings or load_settings()
        self.claim = self.settings.claimed_login  # --as / DOORLOPENDE_LIJN_USER: a demo user to play
        self.database: Database | None = None
        self.actor: Actor | None = None
        self.demo = False
        self.window: MainWindow | None = None
        """At a SQLite start: shown first, in its loading state, before anyone is signed in."""
        self._active = False  # someone signed in and the window shows their work
        self.sign_in_dialog: SignInDialog | None = None
        self.first_start_dialog: FirstStartDialog | None = None
        self.welcome_dialog: WelcomeDialog | None = None
        self._demo_chosen = False  # the welcome's "Demo bekijken": fill the new database unasked
        self.session_lock: SessionLock | None = None
        self.idle_timeout_ms: int | None = None  # tests: overrides settings.idle_lock_minutes
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
        """Open the configured database (asking for other settings while it fails) and go on. On
        SQLite the main window shows its loading state first (issue 17: painted before the database
        layer is imported); PostgreSQL asks who you are before any window."""
        QApplication.setQuitOnLastWindowClosed(False)
        if self._welcome:
            self._welcome = False
            self._show_welcome()
            return
        if self.window is None and not uses_postgres(self.settings):
            self._show_loading_window()
            return
        self._open(self.settings)

    def _make_window(self, context: AppContext | None) -> MainWindow:
        from app.ui.modules import available_modules
        from app.ui.shell import MainWindow

        modules = self._modules if self._modules is not None else available_modules()
        window = MainWindow(context, modules, window_settings=self._window_settings)
        window.sig_settings_requested.connect(self.open_settings)
        window.sig_switch_user_requested.connect(self.open_demo_users)
        return window

    def _show_loading_window(self) -> None:
        """The main window without a user ("Bezig met laden…"); once painted, the database opens on
        a worker (the import of SQLAlchemy and the models is most of a start)."""
        window = self.window = self._make_window(None)
        opened = False

        def open_now() -> None:
            nonlocal opened
            if not opened and self.window is window:
                opened = True
                self._open(self.settings)

        window.sig_first_paint.connect(open_now)
        QTimer.singleShot(OPEN_WITHOUT_PAINT_MS, open_now)
        window.show()
        QApplication.setQuitOnLastWindowClosed(True)  # closing it while it loads ends the program

    def _open(self, settings: Settings) -> None:
        """Before any window: PostgreSQL asks who you are; SQLite opens (and migrates) at once."""
        if uses_postgres(settings):
            self._start_postgres(settings)
            return
        if self.window is not None:  # the loading window is shown: it stays responsive meanwhile
            self.tasks.run_function(
                lambda _control: open_and_prepare(settings),
                on_success=self._continue_with,
                on_failure=self._open_failed,
                silent=True,
            )
            return
        try:
            opened = open_and_prepare(settings)
        except UserError as exc:
            self._open_failed(exc)
            return
        self._continue_with(opened)

    def _open_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc  # a bug, not a setting: as loud as before the loading window
        if self._fix_settings(exc.message):
            self._open(self.settings)
        else:
            self._give_up()

    def _continue_with(self, opened: OpenedDatabase) -> None:
        chosen, self._demo_chosen = self._demo_chosen, False
        if not opened.has_data and (chosen or self.ask_demo()):
            self._load_demo(opened)
        else:
            self._sign_in(opened)

    # -- SQLite: the account on this computer -----------------------------------------------

    def _sign_in(self, opened: OpenedDatabase) -> None:
        """Who acts on a database on this computer (a new one asks first: ``_first_start``)."""
        claim = self.claim
        if self.window is None:  # (a start without the loading window: PostgreSQL → SQLite, welcome)
            try:
                signed_in = resolve_with_claim(opened.database, claim)
            except UserError as exc:
                self._sign_in_failed(opened, exc)
                return
            self._activate(signed_in)
            return
        self.tasks.run_function(
            lambda _control: resolve_with_claim(opened.database, claim),
            on_success=self._activate,
            on_failure=lambda exc: self._sign_in_failed(opened, exc),
            title=self.tr("Aanmelden"),
        )

    def _sign_in_failed(self, opened: OpenedDatabase, exc: BaseException) -> None:
        from app.auth.identity import NeedsSetup

        if isinstance(exc, NeedsSetup):
            self._first_start(opened)
            return
        message = exc.message if isinstance(exc, UserError) else str(exc)
        if self._active:  # a switch: keep working with the previous database
            opened.database.dispose()
            self._warn(
                self.tr("Aanmelden mislukt"),
                message + "\n\n" + self.tr("U werkt verder met de vorige database."),
            )
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Aanmelden mislukt"), message)
        settings_button = box.addButton(self.tr("Instellingen openen…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Afsluiten"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        opened.database.dispose()
        if box.clickedButton() is settings_button and self._fix_settings(""):
            self.start()
        else:
            self._give_up()

    def _first_start(self, opened: OpenedDatabase) -> None:
        """A new database on this computer without users: ask the person's municipality and role."""
        from app.auth.identity import os_account
        from app.ui.first_start import FirstStartDialog

        dialog = FirstStartDialog(opened.database, self.tasks, os_account(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.window is not None:  # over the main window (also its loading state at a start)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def done(actor: Actor) -> None:
            self.first_start_dialog = None
            self._activate(SignedIn(opened.database, actor))

        def cancelled() -> None:
            self.first_start_dialog = None
            opened.database.dispose()
            if not self._active:
                self._give_up()

        dialog.sig_done.connect(done)
        dialog.rejected.connect(cancelled)
        self.first_start_dialog = dialog
        dialog.show()
        self.sig_dialog_shown.emit(dialog)

    # -- PostgreSQL: one's own login and password -------------------------------------------

    def _start_postgres(self, settings: Settings, message: str = "") -> None:
        """Sign in to PostgreSQL: a password in DOORLOPENDE_LIJN_DB_URL is tried first, else the
        sign-in dialog asks."""
        effective, url_password = sign_in_settings(settings)
        if url_password and not message:
            from app.ui.connection import sign_in_postgres

            claim = self.claim
            self.tasks.run_function(
                lambda _c: sign_in_postgres(effective, effective.postgres.user, url_password, claim),
                on_success=lambda result: self._signed_in_postgres(result, effective),
                on_failure=lambda exc: self._ask_sign_in(
                    settings, exc.message if isinstance(exc, UserError) else str(exc)
                ),
                title=self.tr("Aanmelden"),
                parent=self.window,
            )
            return
        self._ask_sign_in(settings, message)

    def _ask_sign_in(self, settings: Settings, message: str = "") -> None:
        from app.ui.sign_in_dialog import SignInDialog

        effective, _password = sign_in_settings(settings)
        at_start = not self._active
        dialog = SignInDialog(
            effective, self.tasks, self.window, claim=self.claim, at_start=at_start, message=message
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if not at_start:
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.sig_signed_in.connect(lambda result: self._signed_in_postgres(result, dialog.settings))
        dialog.sig_settings_requested.connect(lambda: self._settings_from_sign_in(dialog))

        def rejected() -> None:
            if self.sign_in_dialog is dialog:
                self.sign_in_dialog = None
                if not self._active:
                    self._give_up()

        dialog.rejected.connect(rejected)
        self.sign_in_dialog = dialog
        dialog.show()
        self.sig_dialog_shown.emit(dialog)

    def _signed_in_postgres(self, result: SignedIn, settings: Settings) -> None:
        """Remember the login (never the password; that only in the keyring, when ticked)."""
        self.sign_in_dialog = None
        if not env_database_url():
            self.settings = replace(
                self.settings, backend="postgresql", postgres=replace(settings.postgres)
            )
            try:
                save_settings(self.settings)
            except OSError as exc:
                log.warning("settings not saved: %s", exc)
        self._activate(result)

    def _settings_from_sign_in(self, sign_in: SignInDialog) -> None:
        """The connection settings over the sign-in dialog; a PostgreSQL choice stays in the
        sign-in dialog, SQLite closes it and opens that database."""
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.tasks, sign_in)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            settings = dialog.saved_settings
            if settings is None:
                return
            if not self._active:
                self.settings = settings
            if uses_postgres(settings):
                effective, _password = sign_in_settings(settings)
                sign_in.set_settings(effective)
                sign_in.show_message("")
                return
            self.sign_in_dialog = None  # leaving for SQLite: not a cancel
            sign_in.close()
            if not self._active:
                self._open(settings)
            else:
                self.switch_to(settings)

        dialog.accepted.connect(saved)
        dialog.open()
        self.sig_dialog_shown.emit(dialog)

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

    def quit(self) -> None:
        """Afsluiten from the session lock: the whole program ends."""
        if self.window is not None:
            self.window.close()
        QTimer.singleShot(0, lambda: QCoreApplication.exit(0))

    # -- the window -------------------------------------------------------------------------

    def _activate(self, signed_in: SignedIn) -> None:
        database, actor = signed_in.database, signed_in.actor
        previous = self.database
        self.database, self.actor, self.demo = database, actor, signed_in.demo
        context = AppContext(
            database, actor, self.settings, self.tasks, show_status=lambda _m: None, demo=signed_in.demo
        )
        if not self._active:
            self._active = True
            if self.window is None:
                self.window = self._make_window(context)
            else:  # the loading window shown at the start
                self.window.set_context(context)
            self.window.show()
            QApplication.setQuitOnLastWindowClosed(True)
            self._start_lock(context)
            self.sig_ready.emit()
            from app.services.backup import daily_backup  # the day's copy on SQLite (data folder)

            self.tasks.run_function(lambda _control: daily_backup(database), silent=True)
        else:
            assert self.window is not None  # active: the window shows someone's work
            self.window.set_context(context)
            if self.session_lock is not None:
                self.session_lock.set_context(self.window.context)
            self.window.show_status(self.tr("Verbonden met {db}.").format(db=database.description))
            self.sig_switched.emit(database.description)
        if previous is not None and previous is not database:
            previous.dispose()
        if signed_in.claim_refused:
            self._claim_refused(signed_in.claim_refused, actor)

    def _claim_refused(self, message: str, actor: Actor) -> None:
        """--as asked for someone this database does not let you play: say so, go on as yourself
        (or stop). Not modal-blocking, so a start never hangs on it."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Andere gebruiker niet mogelijk"),
            message + "\n\n" + self.tr("U werkt nu als uzelf: {name} ({login}).").format(
                name=actor.name, login=actor.login
            ),
        )
        box.setParent(self.window, box.windowFlags())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("claim_refused")
        box.addButton(self.tr("Doorgaan als mijzelf"), QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton(self.tr("Afsluiten"), QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda button: self.quit() if button is stop else None)
        box.open()
        self.sig_dialog_shown.emit(box)

    def _start_lock(self, context: AppContext) -> None:
        from app.ui.idle_lock import SessionLock

        assert self.window is not None
        self.session_lock = SessionLock(self.window.context, self._idle_ms(), self.window)
        self.session_lock.sig_quit_requested.connect(lambda: self.quit())

    def _idle_ms(self) -> int:
        if self.idle_timeout_ms is not None:
            return self.idle_timeout_ms
        return self.settings.idle_lock_minutes * MINUTE_MS

    def open_settings(self) -> QWidget:
        """The connection dialog over the main window; on save the application switches live
        (only the idle time changed: it applies at once, without signing in again)."""
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.tasks, self.window)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.saved_settings))
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings | None) -> None:
        if settings is None:
            return
        unchanged = replace(settings, idle_lock_minutes=self.settings.idle_lock_minutes)
        same_connection = unchanged == self.settings
        self.settings = settings
        if self.session_lock is not None:
            self.session_lock.set_timeout_ms(self._idle_ms())
        if not same_connection:
            self.switch_to(settings)

    def switch_to(self, settings: Settings | None) -> None:
        """Open, migrate and sign in to the database of ``settings`` in the background (PostgreSQL:
        the sign-in dialog first); the old connection stays in use until the new one works."""
        if settings is None:
            return
        self.settings = settings
        if uses_postgres(settings):
            self._start_postgres(settings)
            return

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
        self._close_welcome()  # not a "closed without a choice": that would ask the program to end
        if self.window is not None and not self._active:  # a start that never signed in
            self.window.close()
            self.window.deleteLater()
        if self.session_lock is not None:
            self.session_lock.stop()
        self.tasks.wait_for_done(3000)
        if self.database is not None:
            self.database.dispose()
