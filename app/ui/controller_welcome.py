"""The controller's first start after installing: the welcome's two ways on ("Demo bekijken",
"Verbinden met de regionale database"). A mixin of ``AppController``, kept apart so the start-up
module holds only what every start does."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from app.config import Settings, save_settings

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from app.ui.shell import MainWindow
    from app.ui.tasks import TaskRunner
    from app.ui.welcome import WelcomeDialog

log = logging.getLogger("app.ui.controller")


class WelcomeSteps:
    """The welcome dialog and what its choices start."""

    welcome_dialog: WelcomeDialog | None
    _demo_chosen: bool
    # What these steps use of the controller (declared for the type checker; AppController has them).
    settings: Settings
    tasks: TaskRunner
    window: MainWindow | None
    sig_dialog_shown: SignalInstance

    if TYPE_CHECKING:  # the controller's own methods (not defined here: they would shadow them)

        def _open(self, settings: Settings) -> None: ...
        def _give_up(self) -> None: ...

    def _show_welcome(self) -> None:
        from app.config import preset_settings
        from app.ui.welcome import WelcomeDialog, demo_database_path

        dialog = WelcomeDialog(preset_settings(), demo_database_path())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_demo.connect(self._welcome_demo)
        dialog.sig_connect.connect(self._welcome_connect)

        def rejected() -> None:
            if self.welcome_dialog is dialog:  # closed without a choice: nothing to work with
                self.welcome_dialog = None
                self._give_up()

        dialog.rejected.connect(rejected)
        self.welcome_dialog = dialog
        dialog.show()
        self.sig_dialog_shown.emit(dialog)

    def _close_welcome(self) -> None:
        dialog, self.welcome_dialog = self.welcome_dialog, None
        if dialog is not None:
            dialog.close()

    def _welcome_demo(self) -> None:
        """A demo database of its own in the data folder, remembered in the settings (so the
        next start opens it), filled with the demo at once."""
        from app.ui.welcome import demo_database_path

        self.settings = replace(self.settings, backend="sqlite", sqlite_path=str(demo_database_path()))
        try:
            save_settings(self.settings)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
        self._demo_chosen = True
        self._close_welcome()
        self._open(self.settings)

    def _welcome_connect(self) -> None:
        """The connection settings, on PostgreSQL with IT's preset filled in; saved: go on."""
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(replace(self.settings, backend="postgresql"), self.tasks, self.welcome_dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            if dialog.saved_settings is None:
                return
            self.settings = dialog.saved_settings
            self._close_welcome()
            self._open(self.settings)

        dialog.accepted.connect(saved)  # cancelled: the welcome stays
        dialog.open()
        self.sig_dialog_shown.emit(dialog)
