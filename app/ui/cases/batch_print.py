"""Print every handover pack due this week: into a folder (*opslaan als PDF*) or on a printer
(*afdrukken*, the system print dialog first, then all packs as one print job); progress, cancel, and
afterwards a summary (that offers to open the folder). Each printed pack is in the access log (the
service writes it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.ui.context import AppContext

if TYPE_CHECKING:
    from app.services.cases.packs import BatchResult
    from app.ui.tasks import Task, TaskControl

MAX_LISTED = 8


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


class BatchPrint(QObject):
    sig_done = Signal(object)
    """The batch ended (also when cancelled); carries the ``BatchResult``."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget,
        *,
        gemeente_code: str | None = None,
        mine: bool = False,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.parent_widget = parent
        self.gemeente_code = gemeente_code
        self.mine = mine
        self.folder: Path | None = None
        self.task: Task | None = None
        self.result: BatchResult | None = None
        self.box: QMessageBox | None = None  # the summary (tests read and press it)
        self.printer: Any = None  # the QPrinter when printing on paper
        self.dialog: Any = None  # the system print dialog (tests fill it in)
        self.printed_pages = 0  # pages that went to the printer

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.is_running

    def ask_folder(self) -> Path | None:
        name = QFileDialog.getExistingDirectory(
            self.parent_widget,
            self.tr("Map voor de overdrachtspakketten van deze week"),
            str(default_folder()),
        )
        return Path(name) if name else None

    def start_printer(self) -> Any:
        """The system print dialog first: a print the user cancels is never built nor logged."""
        from PySide6.QtWidgets import QDialog

        from app.ui.print_pdf import new_printer, print_dialog

        self.printer = new_printer()
        self.dialog = print_dialog(
            self.printer, self.parent_widget, self.tr("Overdrachtspakketten van deze week afdrukken")
        )
        self.dialog.accepted.connect(self._print_chosen)
        QDialog.open(self.dialog)  # window-modal; QPrintDialog.open wants a receiver in PySide6
        return self.dialog

    def _print_chosen(self) -> None:
        from app.ui.print_pdf import temporary_folder

        self.start(temporary_folder())

    def start(self, folder: Path | None = None) -> Task | None:
        folder = folder or self.ask_folder()
        if folder is None:
            return None
        self.folder = folder
        database, actor = self.context.database, self.context.actor
        code, mine, temporary = self.gemeente_code, self.mine, self.printer is not None

        # Its own unit of work, not ``tasks.run``: a cancel must keep (and commit the log rows of)
        # the packs already written, instead of rolling everything back.
        def work(control: TaskControl) -> BatchResult:
            from app.services.cases.packs import print_packs_due

            try:
                with database.unit_of_work() as session:
                    return print_packs_due(
                        session,
                        actor,
                        folder,
                        gemeente_code=code,
                        mine=mine,
                        progress=control.progress,
                        cancelled=lambda: control.cancelled,
                    )
            except BaseException:
                if temporary:  # nothing goes to the printer: leave no pack behind
                    from app.ui.print_pdf import remove_folder

                    remove_folder(folder)
                raise

        self.task = self.context.tasks.run_function(
            work,
            on_success=self._done,
            title=self.tr("Overdrachtspakketten van deze week afdrukken"),
            parent=self.parent_widget,
        )
        return self.task

    def _on_printer(self, result: BatchResult) -> str | None:
        """Send the packs written to the temporary folder to the printer and remove them; returns
        the message when that failed."""
        from app.ui.print_pdf import PrintError, print_pdfs, remove_folder

        try:
            self.printed_pages = print_pdfs(list(result.written), self.printer) if result.written else 0
        except PrintError as exc:
            return str(exc)
        finally:
            if self.folder is not None:
                remove_folder(self.folder)
        return None

    def _done(self, result: BatchResult) -> None:
        self.result = result
        n = len(result.written)
        on_paper = self.printer is not None
        error = self._on_printer(result) if on_paper else None
        if error:
            text = error
        elif on_paper and result.cancelled:
            text = self.tr("Afgebroken: {n} overdrachtspakket(ten) naar de printer gestuurd.").format(n=n)
        elif on_paper and n:
            text = self.tr(
                "{n} overdrachtspakket(ten) naar de printer gestuurd ({pages} pagina's): {printer}"
            ).format(
                n=n,
                pages=self.printed_pages,
                printer=self.printer.printerName() or self.printer.outputFileName(),
            )
        elif result.cancelled:
            text = self.tr("Afgebroken: {n} overdrachtspakket(ten) gemaakt.").format(n=n)
        elif n:
            text = self.tr("{n} overdrachtspakket(ten) gemaakt ({pages} pagina's).").format(
                n=n, pages=result.pages
            )
        else:
            text = self.tr("Er is deze week geen overdrachtspakket om af te drukken.")
        if n and not on_paper:
            text += "\n" + self.tr("Map: {folder}").format(folder=self.folder)
        if result.skipped:
            lines = [self.tr("Overgeslagen ({n}):").format(n=len(result.skipped))]
            lines += [
                self.tr("• overdracht {id}: {reason}").format(id=hid, reason=reason)
                for hid, reason in result.skipped[:MAX_LISTED]
            ]
            if len(result.skipped) > MAX_LISTED:
                lines.append(self.tr("… en {n} meer").format(n=len(result.skipped) - MAX_LISTED))
            text += "\n\n" + "\n".join(lines)
        box = QMessageBox(self.parent_widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Overdrachtspakketten"))
        box.setText(text)
        self.open_button = None
        if n and not on_paper:
            self.open_button = box.addButton(self.tr("Map openen"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.buttonClicked.connect(self._clicked)
        self.box = box
        box.open()
        self.context.show_status(text.splitlines()[0])
        self.sig_done.emit(result)

    @Slot(object)
    def _clicked(self, button: Any) -> None:
        if button is self.open_button and self.folder is not None:
            self.open_folder()

    def open_folder(self) -> None:
        if self.folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
