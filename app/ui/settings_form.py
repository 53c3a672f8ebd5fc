"""The widgets of the connection dialog (layout only; behaviour is in ``settings_dialog``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import MAX_IDLE_LOCK_MINUTES, SSL_MODES
from app.ui.forms import HINT_STYLE, FieldWithError

# (libpq sslmode, Dutch label) in the order offered: the safe one first.
SSL_CHOICES = [
    ("verify-full", "Versleuteld en servercertificaat gecontroleerd (aanbevolen)"),
    ("verify-ca", "Versleuteld, certificaat gecontroleerd maar servernaam niet"),
    ("require", "Versleuteld, certificaat niet gecontroleerd"),
    ("disable", "Niet versleuteld"),
]
assert [mode for mode, _label in SSL_CHOICES] == list(SSL_MODES)
WARNING_STYLE = "color: #8a5300;"


class SettingsForm:
    """Builds the dialog's widgets on ``dialog`` and keeps references to them."""

    def setup(self, dialog: QWidget) -> None:
        tr = dialog.tr
        dialog.setWindowTitle(tr("Databaseverbinding"))

        self.radio_sqlite = QRadioButton(tr("SQLite-bestand op deze computer"))
        self.radio_postgres = QRadioButton(tr("Gedeelde PostgreSQL-database (netwerk)"))
        self.backend_group = QButtonGroup(dialog)
        self.backend_group.addButton(self.radio_sqlite, 0)
        self.backend_group.addButton(self.radio_postgres, 1)
        choice = QVBoxLayout()
        choice.addWidget(self.radio_sqlite)
        choice.addWidget(self.radio_postgres)

        # SQLite page
        self.sqlite_path = QLineEdit()
        self.sqlite_path.setMinimumWidth(340)
        self.sqlite_browse = QPushButton(tr("Bladeren…"))
        self.sqlite_field = FieldWithError(self.sqlite_path, self.sqlite_browse)
        sqlite_page = QWidget()
        sqlite_form = QFormLayout(sqlite_page)
        sqlite_form.setContentsMargins(0, 8, 0, 0)
        sqlite_form.addRow(tr("Bestand:"), self.sqlite_field)
        sqlite_note = QLabel(
            tr(
                "Leeg: het standaardbestand in uw gebruikersmap.\n"
                "Een bestand op een netwerkschijf wordt geweigerd; gebruik\n"
                "om samen te werken de gedeelde PostgreSQL-database."
            )
        )
        sqlite_note.setStyleSheet(HINT_STYLE)
        sqlite_form.addRow("", sqlite_note)

        # PostgreSQL page
        self.host = QLineEdit()
        self.host.setMinimumWidth(340)
        self.host_field = FieldWithError(self.host)
        self.port = QLineEdit()
        self.port.setMaximumWidth(90)
        self.port_field = FieldWithError(self.port)
        self.database = QLineEdit()
        self.database_field = FieldWithError(self.database)
        self.sslmode = QComboBox()
        for mode, label in SSL_CHOICES:
            self.sslmode.addItem(tr(label), mode)
        self.sslmode_field = FieldWithError(self.sslmode)
        self.sslmode_warning = QLabel()
        self.sslmode_warning.setObjectName("sslmodeWarning")
        self.sslmode_warning.setWordWrap(True)
        self.sslmode_warning.setStyleSheet(WARNING_STYLE)
        self.sslmode_warning.setMinimumWidth(400)  # wrapped at the field's width, not a narrow guess
        self.sslmode_warning.setVisible(False)
        self.sslrootcert = QLineEdit()
        self.sslrootcert.setPlaceholderText(tr("Leeg: de certificaten die deze computer vertrouwt"))
        self.sslrootcert_browse = QPushButton(tr("Bladeren…"))
        self.sslrootcert_field = FieldWithError(self.sslrootcert, self.sslrootcert_browse)
        postgres_page = QWidget()
        pg_form = QFormLayout(postgres_page)
        pg_form.setContentsMargins(0, 8, 0, 0)
        pg_form.addRow(tr("Server:"), self.host_field)
        pg_form.addRow(tr("Poort:"), self.port_field)
        pg_form.addRow(tr("Database:"), self.database_field)
        pg_form.addRow(tr("Versleuteling:"), self.sslmode_field)
        pg_form.addRow("", self.sslmode_warning)
        pg_form.addRow(tr("CA-certificaat:"), self.sslrootcert_field)
        pg_note = QLabel(
            tr(
                "Uw inlognaam en wachtwoord vraagt het programma bij het aanmelden;\n"
                "ze horen niet bij de verbinding."
            )
        )
        pg_note.setStyleSheet(HINT_STYLE)
        pg_form.addRow("", pg_note)

        self.pages = QStackedWidget()
        self.pages.addWidget(sqlite_page)
        self.pages.addWidget(postgres_page)
        self.pages.currentChanged.connect(self.fit_page)

        connection_box = QGroupBox(tr("Waar staan de gegevens?"))
        connection_layout = QVBoxLayout(connection_box)
        connection_layout.addLayout(choice)
        connection_layout.addWidget(self.pages)

        self.test_button = QPushButton(tr("Verbinding testen"))
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setVisible(False)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        connection_layout.addLayout(test_row)
        connection_layout.addWidget(self.test_result)

        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, MAX_IDLE_LOCK_MINUTES)
        self.idle_minutes.setSuffix(tr(" minuten"))
        self.idle_minutes.setMaximumWidth(140)
        self.idle_minutes.setToolTip(
            tr("Na zo lang zonder toetsaanslag of muisbeweging wordt het venster vergrendeld.")
        )
        self.idle_field = FieldWithError(self.idle_minutes)
        session_box = QGroupBox(tr("Beveiliging"))
        session_form = QFormLayout(session_box)
        session_form.addRow(tr("Vergrendelen na:"), self.idle_field)

        self.environment_note = QLabel()
        self.environment_note.setWordWrap(True)
        self.environment_note.setStyleSheet("color: #8a5300;")
        self.environment_note.setVisible(False)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )

        layout = QVBoxLayout(dialog)
        layout.addWidget(connection_box)
        layout.addWidget(session_box)
        layout.addWidget(self.environment_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def fit_page(self, index: int) -> None:
        """Only the shown page counts for the dialog's size (no empty space under SQLite)."""
        for i in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.pages.widget(i)
            assert page is not None  # i < count()
            page.setSizePolicy(policy, policy)
        window = self.pages.window()
        window_layout = window.layout()
        if window_layout is not None:
            window_layout.activate()
        window.adjustSize()

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {
            "sqlite_path": self.sqlite_field,
            "host": self.host_field,
            "port": self.port_field,
            "database": self.database_field,
            "sslmode": self.sslmode_field,
            "sslrootcert": self.sslrootcert_field,
            "idle_lock_minutes": self.idle_field,
        }
