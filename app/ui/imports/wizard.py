"""The import dialog: Bestand → Kolommen → Voorbeeld → Inlezen.

The wizard holds what the steps share (``ImportState``); each page does its own background work
through the task runner and says when it is complete. Nothing is written until the last step, and
that step is one unit of work: cancelled or failed means nothing saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.ui.context import AppContext
from app.ui.widgets.placement import place_on_screen

if TYPE_CHECKING:
    from app.imports.engine import FileInspection
    from app.imports.results import ImportResult
    from app.ui.imports.work import FileLook


@dataclass
class ImportState:
    path: Path | None = None
    kind: str | None = None
    look: FileLook | None = None
    sheets: list[tuple[str, float]] = field(default_factory=list)  # ranked once per file and kind
    profile: str | None = None
    mapping: dict[int, str] = field(default_factory=dict)  # the user's choice, from the proposal
    preview: ImportResult | None = None
    result: ImportResult | None = None

    @property
    def inspection(self) -> FileInspection | None:
        return None if self.look is None else self.look.inspection


class ImportWizard(QWizard):
    sig_imported = Signal(int)
    """An import was saved (its batch id): lists showing imported data should reload."""

    PAGE_FILE, PAGE_MAPPING, PAGE_PREVIEW, PAGE_RUN = range(4)

    def __init__(self, context: AppContext, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        from app.ui.imports.file_page import FilePage
        from app.ui.imports.mapping_page import MappingPage
        from app.ui.imports.preview_page import PreviewPage
        from app.ui.imports.run_page import RunPage

        self.context = context
        self.state = ImportState()
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Gegevens importeren"))
        # One look on every platform (Windows would otherwise pick its Aero style).
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Vorige"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Volgende >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Sluiten"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Annuleren"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        self.setPage(self.PAGE_FILE, self.file_page)
        self.setPage(self.PAGE_MAPPING, self.mapping_page)
        self.setPage(self.PAGE_PREVIEW, self.preview_page)
        self.setPage(self.PAGE_RUN, self.run_page)
        place_on_screen(self, QSize(1040, 700), parent)  # at most the screen, centred on it
        if path is not None:
            self.file_page.set_path(Path(path))

    def running_task(self):  # type: ignore[no-untyped-def]
        for page in (self.file_page, self.mapping_page, self.preview_page, self.run_page):
            task = page.panel.task if hasattr(page, "panel") else None
            if task is not None and task.is_running:
                return task
        return None

    def reject(self) -> None:
        """Closing stops the work in progress; an import being saved is rolled back first."""
        if self.run_page.importing:
            self.run_page.cancel_and_close()
            return
        task = self.running_task()
        if task is not None:
            task.cancel()
        super().reject()
