"""Step 4, Inlezen: the real import (one unit of work, cancellable) and its report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from app.imports.results import ImportRequest, ImportResult
from app.ui.forms import ERROR_STYLE, HINT_STYLE
from app.ui.imports.progress import TaskPanel
from app.ui.imports.work import error_text, rows_text
from app.ui.tasks import Cancelled

if TYPE_CHECKING:
    from app.ui.imports.wizard import ImportWizard

OK_STYLE = "color: #1e6b34; font-weight: 600;"
BAD_STYLE = "color: #8a1c14; font-weight: 600;"
# Saved, but not every row: amber, and a sign and words, so it does not depend on colour alone.
PARTLY_STYLE = "color: #8a5a00; font-weight: 600;"


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.context = wizard.context
        self.setTitle(self.tr("Inlezen"))
        self.setSubTitle(
            self.tr("Alles of niets: als het inlezen niet helemaal lukt, wordt er niets opgeslagen.")
        )
        self.headline = QLabel()
        self.headline.setObjectName("runHeadline")
        self.headline.setWordWrap(True)
        self.report = QLabel()
        self.report.setObjectName("runReport")
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report.setStyleSheet("background: #ffffff; border: 1px solid #d3d9df; padding: 10px;")
        self.report.setWordWrap(True)
        self.report.hide()
        self.rejected_button = QPushButton(self.tr("&Afgewezen rijen opslaan…"))
        self.rejected_button.setToolTip(
            self.tr("Een Excel-bestand met de rijen die niet zijn ingelezen en per rij de fout")
        )
        self.rejected_button.clicked.connect(self.save_rejected)
        self.back_button = QPushButton(self.tr("< &Terug naar het voorbeeld"))
        self.back_button.clicked.connect(self._back)
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        self.panel = TaskPanel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.rejected_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(self.headline)
        layout.addWidget(self.report)
        layout.addLayout(buttons)
        layout.addWidget(self.saved)
        layout.addStretch(1)
        self.importing = False
        self._close_when_done = False

    def initializePage(self) -> None:
        state = self._wizard.state
        inspection = state.inspection
        if inspection is None or state.kind is None:
            return
        state.result = None
        self.headline.clear()
        self.report.hide()
        self.saved.clear()
        self.rejected_button.hide()
        self.back_button.hide()
        mode = self._wizard.preview_page.mode()
        request = ImportRequest(
            path=inspection.path,
            kind=state.kind,
            sheet=inspection.sheet,
            mapping=dict(state.mapping),
            mode=mode,  # type: ignore[arg-type]
        )
        self.importing = True
        self._close_when_done = False
        self.completeChanged.emit()
        actor = self.context.actor
        from app.ui.imports.work import import_isolated

        # The user's file is parsed in a child process here too: a native abort ends only that.
        task = self.context.tasks.run(
            lambda session, control: import_isolated(session, actor, request, dry_run=False, control=control),
            on_success=self._done,
            on_failure=self._failed,
            title=self.tr("Inlezen"),
            parent=self,
            silent=True,
        )
        self.panel.watch(task, self.tr("Het bestand wordt ingelezen…"))
        self.headline.setStyleSheet(HINT_STYLE)
        self.headline.setText(self.tr("Bezig met inlezen. Annuleren kan: dan wordt er niets opgeslagen."))

    def cancel_and_close(self) -> None:
        """The dialog is being closed while importing: roll back, then close."""
        self._close_when_done = True
        self.panel.cancel()

    @Slot(object)
    def _done(self, result: ImportResult) -> None:
        self.importing = False
        self._wizard.state.result = result
        self.report.setText("\n".join(result.summary_lines()))
        self.report.show()
        if result.committed:
            c = result.counts
            if result.refused:
                self.headline.setStyleSheet(PARTLY_STYLE)
                self.headline.setText(
                    self.tr(
                        "⚠ Het bestand is deels ingelezen: {new} nieuw, {changed} gewijzigd; "
                        "{refused} van de {total} rijen zijn niet ingelezen ({detail}). "
                        "Zie het verslag hieronder."
                    ).format(
                        new=c["new"], changed=c["changed"], refused=result.refused, total=result.total,
                        detail=_refused_detail(result),
                    )
                )
            else:
                self.headline.setStyleSheet(OK_STYLE)
                self.headline.setText(
                    self.tr("Het bestand is ingelezen: {new} nieuw, {changed} gewijzigd.").format(
                        new=c["new"], changed=c["changed"]
                    )
                )
            assert result.batch_id is not None
            self._wizard.sig_imported.emit(result.batch_id)
            self.context.show_status(
                self.tr("Import opgeslagen: {new} nieuw, {changed} gewijzigd.").format(
                    new=c["new"], changed=c["changed"]
                )
            )
        else:
            self.headline.setStyleSheet(BAD_STYLE)
            self.headline.setText(self.tr("Er is niets opgeslagen."))
            self.back_button.show()
        self.rejected_button.setVisible(bool(result.rejected))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.importing = False
        if self._close_when_done:
            self._wizard.done(0)
            return
        self.headline.setStyleSheet(BAD_STYLE)
        if isinstance(exc, Cancelled):
            self.headline.setText(self.tr("Het inlezen is geannuleerd; er is niets opgeslagen."))
        else:
            self.headline.setText(error_text(exc) + "\n" + self.tr("Er is niets opgeslagen."))
        self.back_button.show()
        self.completeChanged.emit()

    @Slot()
    def _back(self) -> None:
        self._wizard.back()

    @Slot()
    def save_rejected(self) -> None:
        result = self._wizard.state.result
        if result is None or not result.rejected:
            return
        source = Path(result.request.path)
        suggestion = source.with_name(f"{source.stem} - afgewezen rijen.xlsx")
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Afgewezen rijen opslaan"), str(suggestion), self.tr("Excel-werkmap (*.xlsx)")
        )
        if not name:
            return
        target = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        from app.imports.engine import write_rejected_file

        task = self.context.tasks.run_function(
            lambda _control: write_rejected_file(result, target),
            on_success=lambda count: self._rejected_saved(target, count),
            on_failure=self._rejected_failed,
            title=self.tr("Afgewezen rijen opslaan"),
            parent=self,
            silent=True,
        )
        self.panel.watch(task, self.tr("De afgewezen rijen worden opgeslagen…"), cancellable=False)

    def _rejected_saved(self, target: Path, count: int) -> None:
        self.saved.setStyleSheet(HINT_STYLE)
        self.saved.setText(
            self.tr("Opgeslagen: {n} in {path}. Verbeter ze daar en lees dat bestand opnieuw in.").format(
                n=rows_text(count, "afgewezen"), path=target
            )
        )

    def _rejected_failed(self, exc: BaseException) -> None:
        self.saved.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, OSError):
            self.saved.setText(
                self.tr(
                    "Het bestand kon niet worden opgeslagen ({reason}). Is het nog geopend in Excel?"
                ).format(reason=exc.strerror or exc)
            )
        else:
            self.saved.setText(error_text(exc))

    def isComplete(self) -> bool:
        return not self.importing


def _refused_detail(result: ImportResult) -> str:
    """'3 met fouten, 2 van een andere gemeente'."""
    parts = []
    if result.faulty:
        parts.append(f"{result.faulty} met fouten")
    if result.not_yours:
        parts.append(f"{result.not_yours} van een andere gemeente")
    return ", ".join(parts)
