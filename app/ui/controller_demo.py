"""The controller's demo steps: offering demo data on a new database, filling it on a worker, and
Demo → Andere gebruiker spelen. A mixin of ``AppController``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import UserError
from app.ui.connection import OpenedDatabase, SignedIn, resolve_with_claim

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from app.db.session import Database
    from app.ui.shell import MainWindow
    from app.ui.tasks import TaskRunner


class DemoSteps:
    """Demo data for a new database and playing another demo user."""

    demo: bool
    demo_scale: float
    database: Database | None
    claim: str
    tasks: TaskRunner
    window: MainWindow | None
    sig_dialog_shown: SignalInstance

    if TYPE_CHECKING:  # the controller's own methods (not defined here: they would shadow them)

        def tr(self, text: str) -> str: ...
        def _sign_in(self, opened: OpenedDatabase) -> None: ...
        def _activate(self, signed_in: SignedIn) -> None: ...
        def _warn(self, title: str, message: str) -> None: ...

    def ask_demo(self) -> bool:
        """Ask whether to fill the new, empty database with demo data (tests replace this)."""
        answer = QMessageBox.question(
            self.window,
            self.tr("Demo-gegevens laden?"),
            self.tr(
                "Deze database is nog leeg. Demo-gegevens laden?\n\n"
                "De demo bevat verzonnen gemeenten-, gebruikers- en huishoudgegevens, zodat u het "
                "programma kunt verkennen. Laad ze niet in een database voor echt gebruik.\n\n"
                "Kiest u Nee, dan vraagt het programma uw gemeente en rol."
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

    def open_demo_users(self) -> QWidget | None:
        """Demo → Andere gebruiker spelen…: the demo's users; choosing one re-signs in as them."""
        from app.ui.demo_users import DemoUsersDialog

        if self.window is None or not self.demo:
            return None
        dialog = DemoUsersDialog(self.window.context, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_chosen.connect(self.play)
        dialog.open()
        self.sig_dialog_shown.emit(dialog)
        return dialog

    def play(self, login: str) -> None:
        """Sign in again on the same demo database as ``login`` (resolve_actor decides)."""
        database = self.database
        if database is None:
            return

        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            self._warn(self.tr("Andere gebruiker spelen"), message)

        self.tasks.run_function(
            lambda _control: resolve_with_claim(database, login),
            on_success=self._played,
            on_failure=failed,
            title=self.tr("Aanmelden"),
            parent=self.window,
        )

    def _played(self, signed_in: SignedIn) -> None:
        if signed_in.claim_refused:
            self._warn(self.tr("Andere gebruiker spelen"), signed_in.claim_refused)
            return
        self.claim = signed_in.actor.login
        self._activate(signed_in)
