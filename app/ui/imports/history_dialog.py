"""Importgeschiedenis: every saved import as a batch, and undoing one as a whole — or, when rows
were changed since the import, only the unchanged rows after the user saw which ones changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.forms import ERROR_STYLE, HINT_STYLE
from app.ui.imports.work import error_text
from app.ui.latest import LatestOnly
from app.ui.widgets.formatting import format_value
from app.ui.widgets.placement import place_on_screen
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.imports.history import BatchInfo, ChangedSince, UndoConflict
    from app.ui.context import AppContext
    from app.ui.tasks import Task

OK_STYLE = "color: #1e6b34;"


def _status(info: BatchInfo) -> str:
    if info.undone_at is None:
        return info.status.label
    return f"{info.status.label} door {info.undone_by_name or info.undone_by}"


COLUMNS = [
    ColumnSpec("imported_at", "Datum en tijd", "datetime"),
    ColumnSpec(_status, "Status"),
    ColumnSpec("kind_title", "Soort"),
    ColumnSpec(lambda b: b.imported_by_name or b.imported_by, "Door"),
    ColumnSpec("rows_new", "Nieuw", "int"),
    ColumnSpec("rows_changed", "Gewijzigd", "int"),
    ColumnSpec("rows_unchanged", "Ongewijzigd", "int"),
    ColumnSpec("rows_error", "Fouten", "int", tooltip="Rijen met fouten die zijn overgeslagen"),
    # Last, so a long file name takes the remaining width.
    ColumnSpec(lambda b: f"{b.file_name} (werkblad {b.sheet})" if b.sheet else b.file_name, "Bestand"),
]


CHANGED_COLUMNS = [
    ColumnSpec("key", "V-nummer"),
    ColumnSpec("what", "Wat is er veranderd"),
    ColumnSpec(lambda c: c.by or "onbekend", "Door"),
]


class UndoRefusedDialog(QDialog):
    """Undo changed nothing because rows were changed since the import: which ones, by whom, and
    the choice to undo only the others. Accepted means "only the unchanged rows"."""

    def __init__(self, batch: BatchInfo, changed: list[ChangedSince], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoRefused")
        self.setWindowTitle(self.tr("Import niet ongedaan gemaakt"))
        self.batch = batch
        self.changed = changed
        text = QLabel(
            self.tr(
                "De import van '{file}' is niet ongedaan gemaakt: {n} regel(s) zijn na de import door "
                "iemand gewijzigd of verwijderd. Er is niets veranderd.\n\n"
                "U kunt alleen de ongewijzigde regels terugdraaien. De regels hieronder blijven dan "
                "zoals ze nu zijn."
            ).format(file=batch.file_name, n=len(changed))
        )
        text.setWordWrap(True)
        self.model = RowTableModel(CHANGED_COLUMNS, parent=self)
        self.model.set_rows(changed)
        self.table = DataTableView()
        self.table.setObjectName("changedRows")
        self.table.setModel(self.model)
        self.table.fit_columns(max_width=360)
        self.only_unchanged_button = QPushButton(self.tr("Alleen &ongewijzigde regels terugdraaien…"))
        self.only_unchanged_button.clicked.connect(self.accept)
        self.close_button = QPushButton(self.tr("&Niets terugdraaien"))
        self.close_button.setDefault(True)  # the safe answer for Enter
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.only_unchanged_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        place_on_screen(self, QSize(640, 360), parent)  # at most the screen, centred on it


class ImportHistoryDialog(QDialog):
    sig_undone = Signal(int)
    """A batch was undone (its id): lists showing imported data should reload."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("importHistory")
        self.setWindowTitle(self.tr("Importgeschiedenis"))
        intro = QLabel(
            self.tr(
                "Elke import is als geheel ongedaan te maken, zolang niemand de ingelezen rijen daarna "
                "heeft gewijzigd. Is dat wel gebeurd, dan kunt u alleen de ongewijzigde rijen terugdraaien."
            )
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        self.model = RowTableModel(COLUMNS, parent=self)
        self.table = DataTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the extension and the sheet
        self.table.set_empty_state(
            self.tr("Nog geen imports. Lees een bestand in via Bestand → Importeren (Ctrl+I).")
        )
        self.table.sig_selection_changed.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("historyMessage")
        self.message.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("&Ongedaan maken…"))
        self.undo_button.clicked.connect(self.undo_selected)
        self.reload_button = QPushButton(self.tr("&Vernieuwen"))
        self.reload_button.clicked.connect(self.reload)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addWidget(self.reload_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        place_on_screen(self, QSize(1100, 480), parent)  # at most the screen, centred on it
        self.last_task: Task | None = None
        self.refusal: UndoRefusedDialog | None = None
        self._batches_load = LatestOnly()  # "Vernieuwen" during a reload (or an undo): the last one shows
        self._update_buttons()
        self.reload()

    @Slot()
    def reload(self) -> None:
        from app.imports.history import list_batches

        actor, turn = self.context.actor, self._batches_load.start()
        self.last_task = self.context.tasks.run(
            lambda session, _control: list_batches(session, actor),
            on_success=turn(self._loaded),
            on_failure=self._failed,
            title=self.tr("Importgeschiedenis laden"),
            parent=self,
        )

    def _loaded(self, batches: list[BatchInfo]) -> None:
        selected = self.table.current_row()
        self.model.set_rows(batches)
        self._size_columns()
        if selected is not None:
            self.table.select_row(lambda b: b.id == selected.id)
        if not batches:
            self._say(self.tr("Er zijn nog geen imports."), HINT_STYLE)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc), ERROR_STYLE)

    def _size_columns(self) -> None:
        """Content width, but counts only as wide as their title: the file name needs the room."""
        self.table.fit_columns(max_width=320)
        metrics = self.table.horizontalHeader().fontMetrics()
        for column, spec in enumerate(COLUMNS):
            if spec.kind == "int":
                self.table.setColumnWidth(column, metrics.horizontalAdvance(spec.title) + 26)

    @Slot()
    def _update_buttons(self) -> None:
        selected = self.table.current_row() if self.table.selected_rows() else None
        self.undo_button.setEnabled(selected is not None and selected.undone_at is None)

    @Slot()
    def undo_selected(self) -> None:
        batch = self.table.selected_rows()[0] if self.table.selected_rows() else None
        if batch is None or batch.undone_at is not None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Import ongedaan maken?"),
            self.tr(
                "De import van '{file}' ({when}) ongedaan maken?\n\n"
                "Nieuwe rijen die worden verwijderd: {new}\n"
                "Gewijzigde rijen die hun vorige waarden terugkrijgen: {changed}"
            ).format(
                file=batch.file_name,
                when=format_value(batch.imported_at),
                new=batch.rows_new,
                changed=batch.rows_changed,
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run_undo(batch, only_unchanged=False)

    def _run_undo(self, batch: BatchInfo, *, only_unchanged: bool) -> None:
        from app.imports.history import undo_batch

        actor, batch_id = self.context.actor, batch.id
        self.message.clear()
        self.last_task = self.context.tasks.run(
            lambda session, _control: undo_batch(session, actor, batch_id, only_unchanged=only_unchanged),
            on_success=self._undone,
            on_failure=lambda exc: self._undo_failed(batch, exc),
            title=self.tr("Import ongedaan maken"),
            parent=self,
            cancellable=False,
        )

    def _undo_failed(self, batch: BatchInfo, exc: BaseException) -> None:
        from app.imports.history import UndoConflict

        if not isinstance(exc, UndoConflict):
            self._failed(exc)
            return
        # The service's text ends with the command-line way out; here the refusal dialog offers it.
        self._say(exc.message.split(" U kunt alleen")[0], ERROR_STYLE)
        self._offer_unchanged_only(batch, exc)

    def _offer_unchanged_only(self, batch: BatchInfo, conflict: UndoConflict) -> None:
        """Show the changed rows; "only the unchanged rows" goes on after one more confirmation."""
        self.refusal = UndoRefusedDialog(batch, conflict.rows, self)
        self.refusal.accepted.connect(lambda: self._confirm_unchanged_only(batch, conflict.rows))
        self.refusal.open()  # window-modal, without a nested event loop

    def _confirm_unchanged_only(self, batch: BatchInfo, changed: list[ChangedSince]) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Alleen ongewijzigde regels terugdraaien?"),
            self.tr(
                "Van de import van '{file}' ({when}) alleen de ongewijzigde regels terugdraaien?\n\n"
                "{n} gewijzigde regel(s) blijven zoals ze nu zijn: {rows}"
            ).format(
                file=batch.file_name,
                when=format_value(batch.imported_at),
                n=len(changed),
                rows=", ".join(c.key for c in changed[:10]) + (", …" if len(changed) > 10 else ""),
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run_undo(batch, only_unchanged=True)

    def _undone(self, info: BatchInfo) -> None:
        if info.kept:
            text = self.tr(
                "De import van '{file}' is ongedaan gemaakt, behalve {n} gewijzigde regel(s): {rows}."
            ).format(file=info.file_name, n=len(info.kept), rows=", ".join(info.kept))
        else:
            text = self.tr("De import van '{file}' is ongedaan gemaakt.").format(file=info.file_name)
        self._say(text, OK_STYLE)
        self.sig_undone.emit(info.id)
        self.context.show_status(self.tr("Import ongedaan gemaakt."))
        self.reload()

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
