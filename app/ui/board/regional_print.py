""" "Regio-overzicht afdrukken (PDF)": the regional overview for the regio-overleg, saved where the
user chooses and opened. The PDF is made on the task runner (app.services.board.regional_overview
checks the rights and logs the print); the page only places the button."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton, QWidget

from app.ui.context import AppContext


class RegionalPrint(QObject):
    sig_written = Signal(object)
    """The PDF was written (its Path)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context, self.parent_widget = context, parent
        self.open_after = True  # open the PDF in the viewer once written (tests turn it off)
        self.last_path: Path | None = None
        self.button = QPushButton(self.tr("Regio-overzicht afdrukken (PDF)…"), parent)
        self.button.setAutoDefault(False)
        self.button.setToolTip(
            self.tr(
                "Eén PDF op A4 liggend voor het regio-overleg: de cijfers per gemeente, de grafiek in "
                "procenten, de volgende COA-peildatum, de prognose en het grootboek."
            )
        )
        self.button.clicked.connect(lambda: self.print_overview())

    def print_overview(self, path: Path | None = None) -> Any:
        """Ask where to save (unless ``path``), then make the PDF in the background."""
        from app.ui.save_file import ask_save_file

        path = path or ask_save_file(
            self.parent_widget, f"regio-overzicht-{date.today():%Y-%m-%d}.pdf", "pdf"
        )
        if path is None:
            return None
        actor, region = self.context.actor, self.context.settings.letterhead.organisation
        step = self.tr("Cijfers en prognose verzamelen")  # translated here: work runs on a worker

        def work(session: Any, control: Any) -> int:
            from app.io.pdf.packs import write_private
            from app.services.board.regional_overview import regional_overview_pdf

            control.progress(0.1, step)
            data, pages = regional_overview_pdf(session, actor, region=region)
            control.check_cancelled()
            write_private(path, data)
            return pages

        def done(pages: int) -> None:
            self.last_path = path
            self.context.show_status(
                self.tr("Regio-overzicht opgeslagen ({pages} pagina's): {file}").format(
                    pages=pages, file=path
                )
            )
            self.sig_written.emit(path)
            if self.open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        return self.context.tasks.run(
            work, on_success=done, title=self.tr("Regio-overzicht maken"), parent=self.parent_widget
        )
