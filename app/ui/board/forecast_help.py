"""The help text on the forecast ("Hoe werkt de voorspelling?"), shown in the program (no browser):
the same model the code states in app.domain.forecast, in B1 Dutch for a coordinator or wethouder."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.resources import resource

HELP_FILE = ("help", "voorspelling.html")


def _t(text: str) -> str:
    return QCoreApplication.translate("ForecastHelp", text)


class ForecastHelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Hoe werkt de voorspelling?"))
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(_t("Uitleg van de voorspelling"))
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(resource(*HELP_FILE).read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_t("Sluiten"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 560)


def show_forecast_help(parent: QWidget | None) -> ForecastHelpDialog:
    dialog = ForecastHelpDialog(parent)
    dialog.open()
    return dialog
