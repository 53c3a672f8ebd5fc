"""Step 2, Kolommen: per column of the sheet, which field it holds (or none); save as a profile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.io.excel.headers import FieldSpec, missing_required
from app.ui.a11y import DISPLAY_ONLY
from app.ui.forms import ERROR_STYLE, HINT_STYLE
from app.ui.imports.progress import TaskPanel
from app.ui.imports.work import cell_text, column_letter, error_text

if TYPE_CHECKING:
    from app.ui.imports.wizard import ImportWizard

NOT_IMPORTED = "niet inlezen"
SAMPLE_VALUES = 3
UNUSED_FG = QColor("#8a949e")
OK_STYLE = "color: #1e6b34;"
COL_LETTER, COL_HEADER, COL_SAMPLE, COL_FIELD = range(4)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.context = wizard.context
        self.setTitle(self.tr("Kolommen"))
        self.setSubTitle(
            self.tr("Kies per kolom welk gegeven erin staat. Wat u niet nodig hebt, leest u niet in.")
        )
        self.info = QLabel()
        self.info.setStyleSheet(HINT_STYLE)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kolom"),
                self.tr("Kop in het bestand"),
                self.tr("Voorbeeldwaarden"),
                self.tr("Inlezen als"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the combos
        self.table.setProperty(DISPLAY_ONLY, True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_LETTER, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SAMPLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.Fixed)
        self.warning = QLabel()
        self.warning.setObjectName("mappingWarning")
        self.warning.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(HINT_STYLE)
        self.save_button = QPushButton(self.tr("Opslaan als &profiel…"))
        self.save_button.setToolTip(
            self.tr("Bewaar deze kolomkeuze onder een naam, voor het volgende bestand van dezelfde afzender")
        )
        self.save_button.clicked.connect(self.ask_profile_name)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.panel = TaskPanel()
        self.combos: list[QComboBox] = []
        self.columns: list[int] = []  # sheet column index per table row
        self.fields: list[FieldSpec] = []
        self.name_dialog: QInputDialog | None = None

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.note)
        layout.addWidget(self.panel)
        layout.addLayout(buttons)

    # -- building -------------------------------------------------------------------------

    def initializePage(self) -> None:
        state = self._wizard.state
        inspection = state.inspection
        if inspection is None:
            return
        self.fields = list(inspection.fields)
        headers = list(inspection.header_cells)
        width = max([len(headers), *(len(r) for r in inspection.sample)], default=0)
        self.columns = [
            c
            for c in range(width)
            if c in state.mapping or _text(headers, c) or any(_text(r, c) for r in inspection.sample)
        ]
        self.table.setRowCount(0)
        self.combos = []
        self.table.setRowCount(len(self.columns))
        for row, col in enumerate(self.columns):
            samples = [cell_text(r[col]) for r in inspection.sample if _text(r, col)][:SAMPLE_VALUES]
            self._set_item(row, COL_LETTER, column_letter(col), Qt.AlignmentFlag.AlignCenter)
            self._set_item(row, COL_HEADER, _text(headers, col) or self.tr("(zonder kop)"))
            sample_item = self._set_item(row, COL_SAMPLE, "  ·  ".join(samples))
            sample_item.setToolTip("\n".join(samples))
            combo = QComboBox()
            combo.setObjectName(f"mappingCombo{col}")
            combo.addItem(self.tr(NOT_IMPORTED), None)
            for spec in self.fields:
                combo.addItem(spec.label_nl + (" *" if spec.required else ""), spec.key)
            combo.setCurrentIndex(
                max(0, combo.findData(state.mapping.get(col))) if col in state.mapping else 0
            )
            combo.setAccessibleName(self.tr("Kolom {letter} inlezen als").format(letter=column_letter(col)))
            combo.currentIndexChanged.connect(lambda _i, r=row: self._on_choice(r))
            self.table.setCellWidget(row, COL_FIELD, _padded(combo))
            self.combos.append(combo)
        self.info.setText(
            self.tr("Werkblad '{sheet}', kopregel op regel {row} van {path}.").format(
                sheet=inspection.sheet, row=inspection.header_row, path=inspection.path.name
            )
        )
        self.status.clear()
        self._refresh()
        self._size_columns()

    def _set_item(self, row: int, column: int, text: str, align: Any = None) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if align is not None:
            item.setTextAlignment(align)
        self.table.setItem(row, column, item)
        return item

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(COL_LETTER, metrics.horizontalAdvance("Kolom") + 24)
        self.table.resizeColumnToContents(COL_HEADER)
        self.table.setColumnWidth(COL_HEADER, min(max(self.table.columnWidth(COL_HEADER) + 16, 160), 300))
        widest = max(
            (metrics.horizontalAdvance(c.itemText(i)) for c in self.combos[:1] for i in range(c.count())),
            default=120,
        )
        self.table.setColumnWidth(COL_FIELD, widest + 70)
        self.table.verticalHeader().setDefaultSectionSize(max(32, metrics.height() + 16))

    # -- choosing -------------------------------------------------------------------------

    def _on_choice(self, row: int) -> None:
        key = self.combos[row].currentData()
        note = ""
        if key is not None:
            for other, combo in enumerate(self.combos):
                if other != row and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    label = next(f.label_nl for f in self.fields if f.key == key)
                    note = self.tr(
                        "'{field}' stond bij kolom {letter}; die kolom wordt nu niet ingelezen."
                    ).format(field=label, letter=column_letter(self.columns[other]))
        state = self._wizard.state
        state.mapping = {
            self.columns[r]: combo.currentData()
            for r, combo in enumerate(self.combos)
            if combo.currentData() is not None
        }
        state.preview = None
        self.status.setStyleSheet(HINT_STYLE)
        self.status.setText(note)
        self._refresh()

    def _refresh(self) -> None:
        mapping = self._wizard.state.mapping
        for row, col in enumerate(self.columns):
            used = col in mapping
            for column in (COL_LETTER, COL_HEADER, COL_SAMPLE):
                item = self.table.item(row, column)
                if item is None:
                    continue
                item.setForeground(QBrush() if used else QBrush(UNUSED_FG))
                font = QFont(item.font())
                font.setBold(used and column == COL_HEADER)
                item.setFont(font)
        missing = missing_required(mapping, self.fields)
        if missing:
            names = ", ".join(f"'{f.label_nl}'" for f in missing)
            self.warning.setStyleSheet(ERROR_STYLE)
            self.warning.setText(
                self.tr(
                    "Nog niet gekoppeld (verplicht): {names}. Kies bij de kolom waarin dit staat het "
                    "veld met een *."
                ).format(names=names)
            )
        else:
            self.warning.setStyleSheet(OK_STYLE)
            self.warning.setText(self.tr("Alle verplichte velden (met *) zijn gekoppeld."))
        absent = [f.label_nl for f in self.fields if not f.required and f.key not in mapping.values()]
        self.note.setText(
            self.tr("Niet in dit bestand (blijven zoals ze zijn): {names}.").format(names=", ".join(absent))
            if absent
            else ""
        )
        self.note.setVisible(bool(absent))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        state = self._wizard.state
        return state.inspection is not None and not missing_required(state.mapping, self.fields)

    # -- profiles -------------------------------------------------------------------------

    @Slot()
    def ask_profile_name(self) -> None:
        state = self._wizard.state
        if not state.mapping:
            self._set_status(self.tr("Er is geen enkele kolom gekoppeld; er valt niets op te slaan."), True)
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Opslaan als profiel"))
        dialog.setLabelText(
            self.tr("Naam van het profiel (iedereen die dit soort bestanden inleest, kan het kiezen):")
        )
        dialog.setTextValue(state.profile or "")
        dialog.setOkButtonText(self.tr("Opslaan"))
        dialog.setCancelButtonText(self.tr("Annuleren"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.save_profile)
        self.name_dialog = dialog
        dialog.open()

    @Slot(str)
    def save_profile(self, name: str) -> None:
        state = self._wizard.state
        name = " ".join(name.split())
        if not name or state.look is None or state.kind is None:
            self._set_status(self.tr("Geef het profiel een naam."), True)
            return
        if name in state.look.profiles:
            answer = QMessageBox.question(
                self,
                self.tr("Profiel vervangen?"),
                self.tr("Er is al een profiel '{name}'. Wilt u het vervangen door deze kolomkeuze?").format(
                    name=name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        from app.imports.profiles import save_profile

        actor, kind = self.context.actor, state.kind
        headers, mapping = list(state.inspection.header_cells), dict(state.mapping)  # type: ignore[union-attr]
        task = self.context.tasks.run(
            lambda session, _control: save_profile(session, actor, kind, name, headers, mapping),
            on_success=lambda info: self._saved(info.name),
            on_failure=lambda exc: self._set_status(error_text(exc), True),
            title=self.tr("Profiel opslaan"),
            parent=self,
            silent=True,
        )
        self.panel.watch(task, self.tr("Het profiel wordt opgeslagen…"), cancellable=False)

    def _saved(self, name: str) -> None:
        self._wizard.file_page.profile_saved(name)
        self._set_status(self.tr("Profiel '{name}' is opgeslagen.").format(name=name), False)

    def _set_status(self, text: str, error: bool) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)


def _padded(widget: QWidget) -> QWidget:
    """A little air around a combo in a table cell."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(4, 2, 6, 2)
    layout.addWidget(widget)
    return box


def _text(row: list[Any], col: int) -> str:
    return cell_text(row[col]) if col < len(row) else ""
