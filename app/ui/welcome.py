"""The welcome on the very first start after installing: look at a demo, or connect to the
regional database (with the values IT preset on this PC, if any), and a way to the help.

Shown by the controller when this user has no settings file yet and nothing else says which
database to use (``needs_welcome``). The dialog only offers the choice; the controller acts on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.config import Settings
from app.ui.forms import HINT_STYLE

INDENT = 33  # the notes under a choice line up with the choice's text, past its arrow


class _CommandLink(QCommandLinkButton):
    """A choice whose description is never cut off: Qt measures the wrapped description with one
    font and, where the style's description font differs (seen under Wine's font substitutes),
    draws it with another, so the last line lost its lower half. Half a line of room more."""

    def heightForWidth(self, width: int) -> int:
        return super().heightForWidth(width) + self.fontMetrics().lineSpacing() // 2

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), hint.height() + self.fontMetrics().lineSpacing() // 2)
DEMO_FILE_NAME = "doorlopende-lijn-DEMO.db"  # the name says it: never mistaken for real data


def needs_welcome() -> bool:
    """A first start: no settings.ini of one's own, no database given (--db, the environment)
    and no default database from an earlier ``python -m app demo`` or ``setup``."""
    from app.config import default_sqlite_path, env_database_url, has_own_settings

    return not (has_own_settings() or env_database_url() or default_sqlite_path().exists())


def demo_database_path() -> Path:
    from app.config import data_dir

    return data_dir() / DEMO_FILE_NAME


def preset_summary(preset: Settings | None) -> str:
    """What IT preset, in one line for the dialog, or "" when there is no PostgreSQL preset."""
    if preset is None or preset.backend != "postgresql":
        return ""
    pg = preset.postgres
    text = f"server {pg.host}, poort {pg.port}, database {pg.database}"
    if pg.user:
        text += f", gebruiker {pg.user}"
    return text


class WelcomeForm:
    def setup(self, dialog: QWidget, preset: Settings | None, demo_path: Path) -> None:
        tr = dialog.tr
        dialog.setWindowTitle(tr("Welkom — {name}").format(name=APP_NAME))
        dialog.setMinimumWidth(560)
        title = QLabel(tr("<h2>Welkom bij {name}</h2>").format(name=APP_NAME))
        intro = QLabel(
            tr(
                "Met dit programma werken de gemeenten van de regio samen aan de huisvesting van "
                "statushouders en de warme overdracht naar zorg, school en werk. Hoe wilt u beginnen?"
            )
        )
        intro.setWordWrap(True)
        self.demo_button = _CommandLink(
            tr("Demo bekijken"),
            tr(
                "Verken het programma met verzonnen gegevens, in een aparte demodatabase op deze "
                "computer. Niet voor echt werk: alles in de demo is verzonnen."
            ),
        )
        self.demo_button.setObjectName("welcomeDemo")
        # The path on a line of its own: a wrap inside it (after "C:") made it hard to read.
        self.demo_path = QLabel(tr("Demodatabase:\n{path}").format(path=demo_path))
        self.demo_path.setStyleSheet(HINT_STYLE)
        self.demo_path.setWordWrap(True)
        self.demo_path.setIndent(INDENT)
        self.demo_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = preset_summary(preset)
        self.connect_button = _CommandLink(
            tr("Verbinden met de regionale database"),
            tr("Met de gegevens die uw IT-afdeling al op deze computer heeft klaargezet.")
            if summary
            else tr("Vul de gegevens in die u van uw IT-afdeling of functioneel beheerder kreeg."),
        )
        self.connect_button.setObjectName("welcomeConnect")
        self.preset = QLabel(tr("Klaargezet door IT: {preset}.").format(preset=summary))
        self.preset.setObjectName("welcomePreset")
        self.preset.setWordWrap(True)
        self.preset.setStyleSheet(HINT_STYLE)
        self.preset.setIndent(INDENT)
        self.preset.setVisible(bool(summary))
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.help_link = QLabel(
            tr('Hulp nodig? Lees de <a href="help">handleiding</a> (ook later, met F1 in het programma).')
        )
        self.help_link.setObjectName("welcomeHelp")
        flag = Qt.TextInteractionFlag
        links = flag.LinksAccessibleByMouse | flag.LinksAccessibleByKeyboard
        self.help_link.setTextInteractionFlags(links)
        self.buttons = QDialogButtonBox()
        self.quit_button = self.buttons.addButton(tr("Afsluiten"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(dialog)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.demo_path)
        layout.addSpacing(4)
        layout.addWidget(self.connect_button)
        layout.addWidget(self.preset)
        layout.addSpacing(8)
        layout.addWidget(line)
        layout.addWidget(self.help_link)
        layout.addWidget(self.buttons)


class WelcomeDialog(QDialog):
    sig_demo = Signal()
    """The user chose the demo."""
    sig_connect = Signal()
    """The user chose to connect to the regional database."""

    def __init__(self, preset: Settings | None, demo_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = WelcomeForm()
        self.form.setup(self, preset, demo_path)
        self.help_window: QWidget | None = None
        self.form.demo_button.clicked.connect(self.sig_demo)
        self.form.connect_button.clicked.connect(self.sig_connect)
        self.form.help_link.linkActivated.connect(lambda _link: self.open_help())
        self.form.buttons.rejected.connect(self.reject)
        self.form.connect_button.setDefault(bool(self.form.preset.isVisibleTo(self)))

    @Slot()
    def open_help(self) -> QWidget:
        from app.ui.help.window import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        assert isinstance(self.help_window, HelpWindow)
        self.help_window.show_topic()
        return self.help_window
