"""``run_gui``: the QApplication with Dutch translations and the office style, then the controller.

Only PySide6 and light modules are imported before the window is shown; SQLAlchemy comes in with
the database, other heavy libraries only where they are used.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSettings, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from app import APP_ID, APP_NAME, __version__
from app.ui.controller import AppController

SMOKE_EXIT = "DOORLOPENDE_LIJN_SMOKE_EXIT"  # set: quit with 0 once the main window is shown
# Set to a file: the wall-clock time (time.time()) the main window was shown is written there, so
# bench/bench_bundle.py can time a frozen build's start, into which it cannot put code.
READY_FILE = "DOORLOPENDE_LIJN_READY_FILE"
# The same for the moment the main window is first painted (on SQLite in its loading state, before
# the database layer is imported): what bench_startup calls "painted", for the frozen build.
PAINTED_FILE = "DOORLOPENDE_LIJN_PAINTED_FILE"


class _FirstPaint(QObject):
    """Writes the wall-clock time of the main window's first paint into a file, then removes
    itself (an application-wide event filter costs every event while it is installed)."""

    def __init__(self, app: QApplication, controller: AppController, path: Path) -> None:
        super().__init__(app)
        self._app, self._controller, self._path = app, controller, path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = self._controller.window
        if (event.type() == QEvent.Type.Paint and window is not None and isinstance(watched, QWidget)
                and watched.window() is window):  # fmt: skip
            self._path.write_text(f"{time.time():.6f}", encoding="ascii")
            self._app.removeEventFilter(self)
        return False


def install_translations(app: QApplication) -> list[QTranslator]:
    """Qt's own Dutch texts (standard buttons: Opslaan, Annuleren, …) and the program's, if any."""
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_nl",):
        translator = QTranslator(app)
        if translator.load(name, qt_dir):
            app.installTranslator(translator)
            installed.append(translator)
            from app.ui.qt_dutch import MnemonicFallback

            fallback = MnemonicFallback(translator, app)  # "&Look in:" is not in qtbase_nl yet
            app.installTranslator(fallback)
            installed.append(fallback)
    from app.resources import resource

    own = QTranslator(app)
    if own.load("doorlopende_lijn_nl", str(resource("translations"))):
        app.installTranslator(own)
        installed.append(own)
    return installed


def window_settings() -> QSettings:
    """Window geometry and last page, next to the INI file (and isolated with it in tests)."""
    from app.config import config_dir

    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def build_gui(argv: list[str] | None = None) -> tuple[QApplication, AppController]:
    """The application object, translated and styled, with a controller not yet started."""
    app = QApplication.instance() or QApplication(sys.argv if argv is None else [sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    app.setOrganizationName(APP_ID)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    from app.ui.icon import application_icon

    app.setWindowIcon(application_icon())  # every window and dialog, and the task bar (issue 18)
    install_translations(app)
    from app.ui.style import apply_style

    apply_style(app)
    from app.ui.welcome import needs_welcome

    return app, AppController(window_settings=window_settings(), welcome=needs_welcome(), parent=app)


def run_gui(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app, controller = build_gui(argv)
    if os.environ.get(SMOKE_EXIT):
        # The README check starts the program exactly as a user would, then needs it to end.
        controller.sig_ready.connect(lambda: QTimer.singleShot(0, lambda: app.exit(0)))
    if os.environ.get(READY_FILE):
        ready_file = Path(os.environ[READY_FILE])
        controller.sig_ready.connect(lambda: ready_file.write_text(f"{time.time():.6f}", encoding="ascii"))
    if os.environ.get(PAINTED_FILE):
        app.installEventFilter(_FirstPaint(app, controller, Path(os.environ[PAINTED_FILE])))
    controller.start()
    try:
        return int(app.exec())
    finally:
        controller.shutdown()
