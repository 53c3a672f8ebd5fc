"""What leaves the directory as a file: the initiatives found (Excel), a verification round
(mail-merge Excel), the newcomer guide (PDF) and the HSDS export (a folder of CSVs). Each asks for a
place, runs on the task runner and says where the file went; the services check the rights and log.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QPushButton,
    QWidget,
)

from app.domain.directory import LANGUAGES
from app.ui.context import AppContext
from app.ui.save_file import ask_folder, ask_save_file, remember

HSDS_MODULE = "app.services.directory.hsds"
class GuideDialog(QDialog):
    """Which municipality's guide, in which language's order."""

    def __init__(
        self, gemeenten: list[tuple[int, str, str]], own: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gids voor nieuwkomers"))
        self.gemeente = QComboBox()
        for gid, _code, name in gemeenten:
            self.gemeente.addItem(name, gid)
        if own is not None and self.gemeente.findData(own) >= 0:
            self.gemeente.setCurrentIndex(self.gemeente.findData(own))
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(f"{name} ({code})", code)
        self.language.setToolTip(
            self.tr("Initiatieven in deze taal komen eerst; de kopjes staan ook in deze taal.")
        )
        form = QFormLayout(self)
        form.addRow(self.tr("&Gemeente:"), self.gemeente)
        form.addRow(self.tr("&Taal:"), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("PDF maken…"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[int, str, str]:
        return self.gemeente.currentData(), self.language.currentData(), self.gemeente.currentText()


class DirectoryOutputs(QObject):
    """The search tab's "Exporteren en afdrukken" menu. ``found_ids`` gives the ids shown now;
    ``gemeenten`` the (id, code, name) list of the loaded directory."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget,
        found_ids: Callable[[], list[int]],
        gemeenten: Callable[[], list[tuple[int, str, str]]],
    ) -> None:
        super().__init__(parent)
        self.context, self.parent_widget = context, parent
        self.found_ids, self.gemeenten = found_ids, gemeenten
        self.last_path: Path | None = None
        # A push button with a menu: its arrow gets room of its own (a tool button's overlaps the text).
        self.button = QPushButton(self.tr("&Exporteren en afdrukken"), parent)
        self.button.setAutoDefault(False)
        menu = QMenu(self.button)
        self.found_action = menu.addAction(self.tr("Gevonden initiatieven naar Excel…"), self.export_found)
        self.guide_action = menu.addAction(self.tr("Gids voor nieuwkomers (PDF)…"), self.print_guide)
        self.hsds_action = None
        if importlib.util.find_spec(HSDS_MODULE) is not None:
            self.hsds_action = menu.addAction(self.tr("Hele gids als HSDS (map met CSV)…"), self.export_hsds)
        self.button.setMenu(menu)

    # -- the three outputs -------------------------------------------------------------------------

    def export_found(self, path: Path | None = None) -> Any:
        from app.services.directory.excel import export_initiatives

        ids = self.found_ids()
        if not ids:
            self.context.show_status(self.tr("Er zijn geen initiatieven gevonden om te exporteren."))
            return None
        path = path or self._ask_file(f"initiatieven-{date.today():%Y-%m-%d}.xlsx", "xlsx")
        if path is None:
            return None
        actor = self.context.actor
        return self._run(
            lambda session: export_initiatives(session, actor, ids, path),
            path, self.tr("{n} initiatieven geëxporteerd naar {file}").format(n=len(ids), file=path),
        )  # fmt: skip

    def print_guide(self, choice: tuple[int, str, str] | None = None, path: Path | None = None) -> Any:
        from app.services.directory.guide import write_guide

        if choice is None:
            dialog = GuideDialog(self.gemeenten(), self.context.actor.gemeente_id, self.parent_widget)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            choice = dialog.choice()
        gemeente_id, language, name = choice
        path = path or self._ask_file(f"gids-{name.lower().replace(' ', '-')}-{language}.pdf", "pdf")
        if path is None:
            return None
        actor = self.context.actor
        return self._run(
            lambda session: write_guide(session, actor, gemeente_id, language, path),
            path, self.tr("Gids voor nieuwkomers gemaakt: {file}").format(file=path), open_it=True,
        )  # fmt: skip

    def export_hsds(self, folder: Path | None = None) -> Any:
        export_hsds = importlib.import_module(HSDS_MODULE).export_hsds
        if folder is None:
            folder = ask_folder(self.parent_widget, self.tr("Map voor de HSDS-export (leeg of nieuw)"))
            if folder is None:
                return None
        actor = self.context.actor
        return self._run(
            lambda session: export_hsds(session, actor, folder),
            folder, self.tr("HSDS-export geschreven in {folder}").format(folder=folder),
        )  # fmt: skip

    # -- helpers -----------------------------------------------------------------------------------

    def _ask_file(self, name: str, suffix: str) -> Path | None:
        return ask_save_file(self.parent_widget, name, suffix)

    def _run(self, work: Callable[[Any], object], path: Path, message: str, *, open_it: bool = False) -> Any:
        remember(path)

        def done(_result: object) -> None:
            self.last_path = path
            self.context.show_status(message)
            if open_it:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        return self.context.tasks.run(
            lambda session, _control: work(session), on_success=done,
            title=self.tr("Bestand maken"), parent=self.parent_widget,
        )  # fmt: skip
