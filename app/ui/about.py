"""Over Doorlopende Lijn: name, version, database and the versions of Python and Qt."""

from __future__ import annotations

import platform
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from app import APP_NAME, __version__


class AboutDialog(QDialog):
    def __init__(self, database_description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Over {name}").format(name=APP_NAME))
        self.setMinimumWidth(540)
        icon = QLabel()
        info = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        icon.setPixmap(info.pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2 style='margin:0'>{escape(APP_NAME)}</h2>")
        intro = QLabel(
            self.tr(
                "Regionale uitwisseling, dossiers en warme overdracht voor vergunninghouders in de "
                "regio Utrecht (U16)."
            )
        )
        intro.setWordWrap(True)
        rows = [
            (self.tr("Versie"), __version__),
            (self.tr("Database"), database_description),
            (self.tr("Python"), platform.python_version()),
            (self.tr("Qt"), f"{qVersion()} (PySide6 {pyside_version})"),
        ]
        self.details = QLabel(
            "<table cellspacing='0' cellpadding='2'>"
            + "".join(
                f"<tr><td style='color:#555;padding-right:12px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(intro)
        text.addSpacing(8)
        text.addWidget(self.details)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addSpacing(8)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(buttons)
