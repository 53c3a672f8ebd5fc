"""Print every handover pack due this week into a folder: progress, cancel, and afterwards a summary
that offers to open the folder. Each printed pack is in the access log (the service writes it)."""

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

    def start(self, folder: Path | None = None) -> Task | None:
        folder = folder or self.ask_folder()
        if folder is None:
            return None
        self.folder = folder
        database, actor = self.context.database, self.context.actor
        code, mine = self.gemeente_code, self.mine

        # Its own unit of work, not ``tasks.run``: a cancel must keep (and commit the log rows of)
        # the packs already written, instead of rolling everything back.
        def work(control: TaskControl) -> BatchResult:
            from app.services.cases.packs import print_packs_due

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

        self.task = self.context.tasks.run_function(
            work,
            on_success=self._done,
            title=self.tr("Overdrachtspakketten van deze week afdrukken"),
            parent=self.parent_widget,
        )
        return self.task

    def _done(self, result: BatchResult) -> None:
        self.result = result
        n = len(result.written)
        if result.cancelled:
            text = self.tr("Afgebroken: {n} overdrachtspakket(ten) gemaakt.").format(n=n)
        elif n:
            text = self.tr("{n} overdrachtspakket(ten) gemaakt ({pages} pagina's).").format(
                n=n, pages=result.pages
            )
        else:
            text = self.tr("Er is deze week geen overdrachtspakket om af te drukken.")
        if n:
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
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Overdrachtspakketten"))
        box.setText(text)
        self.open_button = None
        if n:
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
