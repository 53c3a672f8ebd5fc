"""The regional overview for the regio-overleg: *Afdrukken…* (Ctrl+P on the board) opens the system
print dialog and sends the overview to the printer; *Opslaan als PDF…* saves it where the user
chooses and opens it. The PDF is made on the task runner (app.services.board.regional_overview
checks the rights and logs the print); the page only places the two buttons beside its tabs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.ui.context import AppContext


class RegionalPrint(QObject):
    sig_written = Signal(object)
    """The PDF was written (its Path)."""
    sig_printed = Signal(int)
    """The overview went to the printer (the number of pages printed)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context, self.parent_widget = context, parent
        self.open_after = True  # open the PDF in the viewer once written (tests turn it off)
        self.last_path: Path | None = None
        self.printer: Any = None  # the QPrinter of the last Afdrukken…
        self.dialog: Any = None  # the system print dialog (tests fill it in)
        about = self.tr(
            "Eén PDF op A4 liggend voor het regio-overleg: de cijfers per gemeente, de grafiek in "
            "procenten, de volgende COA-peildatum, de prognose en het grootboek."
        )
        self.print_button = QPushButton(self.tr("Regio-overzicht afdrukken…"))
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip(self.tr("Op de printer (Ctrl+P). ") + about)
        self.print_button.clicked.connect(lambda: self.print_on_printer())
        self.button = QPushButton(self.tr("Opslaan als PDF…"))
        self.button.setAutoDefault(False)
        self.button.setToolTip(self.tr("Het regio-overzicht als PDF-bestand. ") + about)
        self.button.clicked.connect(lambda: self.print_overview())
        self.widget = QWidget(parent)  # the corner widget beside the board's tabs
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.print_button)
        row.addWidget(self.button)
        shortcut = QShortcut(QKeySequence.StandardKey.Print, parent)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.setWhatsThis(self.tr("Regio-overzicht afdrukken…"))
        shortcut.activated.connect(lambda: self.print_on_printer())

    def print_on_printer(self) -> Any:
        """The system print dialog first: a print the user cancels is never built nor logged."""
        from PySide6.QtWidgets import QDialog

        from app.ui.print_pdf import new_printer, print_dialog

        self.printer = new_printer(landscape=True)
        self.dialog = print_dialog(self.printer, self.parent_widget, self.tr("Regio-overzicht afdrukken"))
        self.dialog.accepted.connect(self._print_chosen)
        QDialog.open(self.dialog)  # window-modal; QPrintDialog.open wants a receiver in PySide6
        return self.dialog

    def _print_chosen(self) -> Any:
        from app.ui.print_pdf import temporary_folder

        folder = temporary_folder()
        return self._make(folder / f"regio-overzicht-{date.today():%Y-%m-%d}.pdf", self.printer)

    def print_overview(self, path: Path | None = None) -> Any:
        """Ask where to save (unless ``path``), then make the PDF in the background."""
        from app.ui.save_file import ask_save_file

        path = path or ask_save_file(
            self.parent_widget, f"regio-overzicht-{date.today():%Y-%m-%d}.pdf", "pdf"
        )
        if path is None:
            return None
        return self._make(path, None)

    def _make(self, path: Path, printer: Any) -> Any:
        """Make the PDF at ``path`` in the background; then print it (and remove it) when
        ``printer`` is given, else report and open it."""
        actor, region = self.context.actor, self.context.settings.letterhead.organisation
        step = self.tr("Cijfers en prognose verzamelen")  # translated here: work runs on a worker

        def work(session: Any, control: Any) -> int:
            from app.io.pdf.packs import write_private
            from app.services.board.regional_overview import regional_overview_pdf

            try:
                control.progress(0.1, step)
                data, pages = regional_overview_pdf(session, actor, region=region)
                control.check_cancelled()
                write_private(path, data)
            except BaseException:
                if printer is not None:
                    from app.ui.print_pdf import remove_folder

                    remove_folder(path.parent)
                raise
            return pages

        def done(pages: int) -> None:
            if printer is not None:
                self._send(path, printer)
                return
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

    def _send(self, path: Path, printer: Any) -> None:
        from app.ui.print_pdf import PrintError, print_pdf, remove_folder

        try:
            pages = print_pdf(path, printer)
        except PrintError as exc:
            self.context.tasks.show_error(self.parent_widget, self.tr("Regio-overzicht afdrukken"), str(exc))
            return
        finally:
            remove_folder(path.parent)
        self.context.show_status(
            self.tr("Regio-overzicht naar de printer gestuurd ({pages} pagina's): {printer}").format(
                pages=pages, printer=printer.printerName() or printer.outputFileName()
            )
        )
        self.sig_printed.emit(pages)
