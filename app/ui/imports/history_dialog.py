"""Importgeschiedenis: every saved import as a batch, and undoing one as a whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
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
from app.ui.widgets.formatting import format_value
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.imports.history import BatchInfo
    from app.ui.context import AppContext
    from app.ui.tasks import Task

OK_STYLE = "color: #1e6b34;"


def _status(info: BatchInfo) -> str:
    if info.undone_at is None:
        return info.status.label
    return f"{info.status.label} door {info.undone_by}"


COLUMNS = [
    ColumnSpec("imported_at", "Datum en tijd", "datetime"),
    ColumnSpec(_status, "Status"),
    ColumnSpec("kind_title", "Soort"),
    ColumnSpec("imported_by", "Door"),
    ColumnSpec("rows_new", "Nieuw", "int"),
    ColumnSpec("rows_changed", "Gewijzigd", "int"),
    ColumnSpec("rows_unchanged", "Ongewijzigd", "int"),
    ColumnSpec("rows_error", "Fouten", "int", tooltip="Rijen met fouten die zijn overgeslagen"),
    # Last, so a long file name takes the remaining width.
    ColumnSpec(lambda b: f"{b.file_name} (werkblad {b.sheet})" if b.sheet else b.file_name, "Bestand"),
]


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
                "heeft gewijzigd."
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
        self.resize(1100, 480)
        self.last_task: Task | None = None
        self._update_buttons()
        self.reload()

    @Slot()
    def reload(self) -> None:
        from app.imports.history import list_batches

        actor = self.context.actor
        self.last_task = self.context.tasks.run(
            lambda session, _control: list_batches(session, actor),
            on_success=self._loaded,
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
        from app.imports.history import undo_batch

        actor, batch_id = self.context.actor, batch.id
        self.message.clear()
        self.last_task = self.context.tasks.run(
            lambda session, _control: undo_batch(session, actor, batch_id),
            on_success=self._undone,
            on_failure=self._failed,
            title=self.tr("Import ongedaan maken"),
            parent=self,
            cancellable=False,
        )

    def _undone(self, info: BatchInfo) -> None:
        self._say(
            self.tr("De import van '{file}' is ongedaan gemaakt.").format(file=info.file_name), OK_STYLE
        )
        self.sig_undone.emit(info.id)
        self.context.show_status(self.tr("Import ongedaan gemaakt."))
        self.reload()

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
