"""Step 3, Voorbeeld: what the import would do with every row, before anything is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.imports.results import MODE_LABELS, STATUS_LABELS, ImportRequest, ImportResult
from app.ui.forms import ERROR_STYLE, HINT_STYLE
from app.ui.imports.preview_model import STATUS_BG, STATUS_FG, PreviewModel
from app.ui.imports.progress import TaskPanel
from app.ui.imports.work import error_text, number_text, rows_text
from app.ui.tasks import Cancelled
from app.ui.widgets.table import DataTableView

if TYPE_CHECKING:
    from app.ui.imports.wizard import ImportWizard

WARNING_STYLE = "color: #7a4d00;"
FILTER_ORDER = ("new", "changed", "unchanged", "error")
# Filter chips: filled in the status colour when shown, plain when hidden.
CHIP_STYLE = """
QPushButton {{ background: #ffffff; color: #52606d; border: 1px solid #c5cdd5; border-radius: 11px;
              padding: 3px 12px; }}
QPushButton:checked {{ background: {bg}; color: {fg}; border: 1px solid {fg}; font-weight: 600; }}
QPushButton:disabled {{ color: #a7b1bb; border: 1px solid #e1e5ea; background: #f7f8fa; font-weight: 400; }}
QPushButton:focus {{ border-width: 2px; }}
"""


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.context = wizard.context
        self.setTitle(self.tr("Voorbeeld"))
        self.setSubTitle(self.tr("Zo wordt het bestand ingelezen. Er is nog niets opgeslagen."))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Inlezen"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.filters: dict[str, QPushButton] = {}
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Tonen:")))
        for status in FILTER_ORDER:
            box = QPushButton(STATUS_LABELS[status])
            box.setObjectName(f"filter_{status}")
            box.setCheckable(True)
            box.setChecked(True)
            box.setStyleSheet(CHIP_STYLE.format(bg=STATUS_BG[status].name(), fg=STATUS_FG[status].name()))
            box.setToolTip(
                self.tr("Rijen met de status '{status}' tonen of verbergen").format(
                    status=STATUS_LABELS[status]
                )
            )
            box.toggled.connect(self._apply_filters)
            self.filters[status] = box
            filter_row.addWidget(box)
        filter_row.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Zoeken in het voorbeeld…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.search.textChanged.connect(self._search)
        filter_row.addWidget(self.search)
        self.model = PreviewModel(self)
        self.table = DataTableView()
        self.table.setObjectName("previewTable")
        self.table.setModel(self.model)
        self.table.setSelectionMode(DataTableView.SelectionMode.ExtendedSelection)
        self.table.set_empty_state(
            self.tr("Het bestand heeft geen regels om in te lezen. Kies een ander bestand of werkblad."),
            search=self.search.text,
            filtered=lambda: not all(box.isChecked() for box in self.filters.values()),
        )
        self.shown = QLabel()
        self.shown.setStyleSheet(HINT_STYLE)
        self.skip_radio = QRadioButton(MODE_LABELS["skip"])
        self.stop_radio = QRadioButton(MODE_LABELS["stop"])
        self.skip_radio.setChecked(True)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.skip_radio)
        self.mode_group.addButton(self.stop_radio)
        self.stop_radio.toggled.connect(self._update_mode_warning)
        self.mode_warning = QLabel()
        self.mode_warning.setWordWrap(True)
        mode_box = QGroupBox(self.tr("Rijen met fouten"))
        mode_layout = QVBoxLayout(mode_box)
        radios = QHBoxLayout()
        radios.addWidget(self.skip_radio)
        radios.addSpacing(16)
        radios.addWidget(self.stop_radio)
        radios.addStretch(1)
        mode_layout.addLayout(radios)
        mode_layout.addWidget(self.mode_warning)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.panel = TaskPanel()

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown)
        layout.addWidget(self.panel)
        layout.addWidget(self.message)
        layout.addWidget(mode_box)
        self._loading = False

    # -- running the preview --------------------------------------------------------------

    def initializePage(self) -> None:
        state = self._wizard.state
        inspection = state.inspection
        if inspection is None or state.kind is None:
            return
        state.preview = None
        self.model.set_rows([])
        self.summary.clear()
        self.message.clear()
        self._set_counts(None)
        request = ImportRequest(
            path=inspection.path,
            kind=state.kind,
            sheet=inspection.sheet,
            mapping=dict(state.mapping),
            mode="skip",  # the preview shows every row; the chosen mode applies to the import
        )
        self._loading = True
        self.completeChanged.emit()
        actor = self.context.actor
        from app.ui.imports.work import import_isolated

        task = self.context.tasks.run(
            lambda session, control: import_isolated(session, actor, request, dry_run=True, control=control),
            on_success=self._previewed,
            on_failure=self._failed,
            title=self.tr("Voorbeeld maken"),
            parent=self,
            silent=True,
        )
        self.panel.watch(task, self.tr("Het voorbeeld wordt gemaakt…"))

    def cleanupPage(self) -> None:
        task = self.panel.task
        if task is not None and task.is_running:
            task.cancel()
        self._loading = False

    @Slot(object)
    def _previewed(self, result: ImportResult) -> None:
        state = self._wizard.state
        if not self._loading or state.inspection is None:
            return  # the user went back meanwhile
        self._loading = False
        state.preview = result
        look = state.look
        self.model.show_result(result, state.inspection.fields, look.gemeente_names if look else {})
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        explained = any(r.errors or r.changes or r.warnings for r in result.rows)
        self.table.setColumnHidden(self.model.column_of("message"), not explained)
        self._size_columns()
        c = result.counts
        self.summary.setText(
            self.tr(
                "<b>{kind}</b> uit werkblad '{sheet}' (kopregel op regel {row}): {total} gelezen. "
                "<b>{new}</b> nieuw, <b>{changed}</b> gewijzigd, {unchanged} ongewijzigd, "
                "<b>{errors}</b> met fouten."
            ).format(
                kind=result.kind_title,
                sheet=result.sheet,
                row=result.header_row,
                total=rows_text(result.total),
                new=number_text(c["new"]),
                changed=number_text(c["changed"]),
                unchanged=number_text(c["unchanged"]),
                errors=number_text(c["error"]),
            )
        )
        self._set_counts(result)
        notes = []
        if result.rows_truncated:
            notes.append(
                self.tr(
                    "Het voorbeeld toont de eerste {n} rijen; de aantallen gelden voor het hele bestand."
                ).format(n=number_text(len(result.rows)))
            )
        if result.warned:
            notes.append(
                self.tr(
                    "{rows} met een waarschuwing (geel): die worden wel ingelezen; controleer ze."
                ).format(rows=rows_text(result.warned))
            )
        if result.skipped:
            notes.append(result.skipped_text() + ".")
        if not c["new"] and not c["changed"]:
            notes.append(self.tr("Er is niets nieuws of gewijzigds om in te lezen."))
        self.message.setStyleSheet(HINT_STYLE)
        self.message.setText(" ".join(notes))
        self._apply_filters()
        self._update_mode_warning()
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        if isinstance(exc, Cancelled):
            self.message.setStyleSheet(HINT_STYLE)
            self.message.setText(self.tr("Het voorbeeld is geannuleerd. Ga terug of probeer het opnieuw."))
        else:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(error_text(exc))
        self.completeChanged.emit()

    def _size_columns(self) -> None:
        """Content width plus air; the explanation gets more room but never the whole view."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(200)
        message = self.model.column_of("message")
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            limit = 380 if column == message else 240
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 16, limit))

    # -- filters and mode -----------------------------------------------------------------

    def _set_counts(self, result: ImportResult | None) -> None:
        for status, box in self.filters.items():
            count = result.counts[status] if result else 0
            box.setText(f"{STATUS_LABELS[status]}  {number_text(count)}" if result else STATUS_LABELS[status])
            box.setEnabled(bool(result and count))
            bold = QFont(box.font())
            bold.setBold(True)  # the checked look; size for it so the text never clips
            box.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(box.text()) + 32)

    @Slot()
    def _apply_filters(self) -> None:
        self.model.set_statuses(s for s, box in self.filters.items() if box.isChecked())
        self._update_shown()

    @Slot(str)
    def _search(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._update_shown()

    def _update_shown(self) -> None:
        total = len(self.model.all_rows())
        self.shown.setText(
            self.tr("{shown} van {total} rijen getoond").format(
                shown=number_text(self.model.rowCount()), total=number_text(total)
            )
            if total
            else ""
        )

    @Slot()
    def _update_mode_warning(self) -> None:
        preview = self._wizard.state.preview
        errors = preview.counts["error"] if preview else 0
        if not errors:
            self.mode_warning.setStyleSheet(HINT_STYLE)
            self.mode_warning.setText(self.tr("Er zijn geen rijen met fouten."))
        elif self.stop_radio.isChecked():
            self.mode_warning.setStyleSheet(ERROR_STYLE)
            self.mode_warning.setText(
                self.tr(
                    "Let op: {n} met fouten. Met 'stoppen bij een fout' wordt er niets ingelezen; kies "
                    "'rijen met fouten overslaan' om de goede rijen wel in te lezen."
                ).format(n=rows_text(errors))
            )
        else:
            self.mode_warning.setStyleSheet(WARNING_STYLE)
            self.mode_warning.setText(
                self.tr(
                    "Overgeslagen: {n} met fouten. Na het inlezen kunt u ze als Excel-bestand opslaan, "
                    "verbeteren en opnieuw inlezen."
                ).format(n=rows_text(errors))
            )

    def mode(self) -> str:
        return "stop" if self.stop_radio.isChecked() else "skip"

    def isComplete(self) -> bool:
        preview = self._wizard.state.preview
        return (
            not self._loading
            and preview is not None
            and bool(preview.counts["new"] + preview.counts["changed"])
        )
