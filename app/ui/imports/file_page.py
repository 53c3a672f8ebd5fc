"""Step 1, Bestand: the file, what kind of data it holds, which sheet, which saved profile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.imports.guess import importable_kinds
from app.ui.forms import ERROR_STYLE, HINT_STYLE
from app.ui.imports.progress import TaskPanel
from app.ui.imports.work import FileLook, error_text, look_at_file
from app.ui.tasks import Cancelled

if TYPE_CHECKING:
    from app.ui.imports.wizard import ImportWizard

FILE_FILTER = "Excel- en CSV-bestanden (*.xlsx *.xlsm *.csv);;Alle bestanden (*)"
NO_PROFILE = "(geen)"
SHEET_HINT = "Het werkblad dat het best past staat bovenaan."
WARNING_STYLE = "color: #8a5a00;"
_last_folder: list[str] = [str(Path.home())]  # where the next file dialog opens, for this session


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.context = wizard.context
        self.setTitle(self.tr("Bestand"))
        self.setSubTitle(
            self.tr("Kies het bestand. De soort gegevens en het werkblad worden herkend aan de kolomnamen.")
        )
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Een .xlsx-, .xlsm- of .csv-bestand"))
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.editingFinished.connect(self._on_path_edited)
        self.browse_button = QPushButton(self.tr("Blade&ren…"))
        self.browse_button.clicked.connect(self.browse)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(self.tr("Soort gegevens"))
        self.kind_combo.setMinimumWidth(320)
        for cls in sorted(importable_kinds(self.context.actor), key=lambda c: c.title.casefold()):
            self.kind_combo.addItem(cls.title, cls.name)
        self.kind_combo.setPlaceholderText(self.tr("wordt herkend aan de kolomnamen"))
        self.kind_combo.setCurrentIndex(-1)
        self.kind_combo.activated.connect(self._on_kind_chosen)
        self.kind_hint = QLabel()
        self.kind_hint.setStyleSheet(HINT_STYLE)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumWidth(320)
        self.sheet_combo.activated.connect(self._on_sheet_chosen)
        self.sheet_hint = QLabel(self.tr(SHEET_HINT))
        self.sheet_hint.setObjectName("sheetHint")
        self.sheet_hint.setWordWrap(True)
        self.sheet_hint.setStyleSheet(HINT_STYLE)
        self.profile_combo = QComboBox()
        self.profile_combo.setMinimumWidth(320)
        self.profile_combo.activated.connect(self._on_profile_chosen)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("fileMessage")
        self.panel = TaskPanel()

        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.sheet_row = _stacked(self.sheet_combo, self.sheet_hint)
        self.form.addRow(_label(self.tr("&Bestand:"), self.path_edit), file_row)
        self.form.addRow(_label(self.tr("&Soort gegevens:"), self.kind_combo),
                         _stacked(self.kind_combo, self.kind_hint))  # fmt: skip
        self.form.addRow(_label(self.tr("&Werkblad:"), self.sheet_combo), self.sheet_row)
        self.form.addRow(_label(self.tr("&Profiel:"), self.profile_combo), self.profile_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(8)
        layout.addWidget(self.panel)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._seq = 0
        self._loading = False
        self._set_sheet_row(False)
        self._set_profiles([], None)
        if self.kind_combo.count() == 0:
            self._show_error(self.tr("Met uw rol kunt u geen gegevens inlezen."))
            for widget in (self.path_edit, self.browse_button, self.kind_combo, self.profile_combo):
                widget.setEnabled(False)

    # -- choosing -------------------------------------------------------------------------

    @Slot()
    def browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Bestand kiezen"), _last_folder[0], self.tr(FILE_FILTER)
        )
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        """Use this file (chosen, typed or dropped on the main window) and look at it."""
        _last_folder[0] = str(path.parent)
        self.path_edit.setText(str(path))
        self._wizard.state.path = path
        self._wizard.state.sheets = []
        self.kind_combo.setCurrentIndex(-1)
        self.kind_hint.clear()
        self.load(kind=None)

    @Slot()
    def _on_path_edited(self) -> None:
        text = self.path_edit.text().strip()
        if text and Path(text) != self._wizard.state.path:
            self.set_path(Path(text))

    @Slot(int)
    def _on_kind_chosen(self, _index: int) -> None:
        self.kind_hint.clear()
        if self.kind_combo.currentData() != self._wizard.state.kind:
            self._wizard.state.sheets = []
            self.load(kind=self.kind_combo.currentData())

    @Slot(int)
    def _on_sheet_chosen(self, _index: int) -> None:
        state = self._wizard.state
        if state.inspection is None or self.sheet_combo.currentData() != state.inspection.sheet:
            self.load(kind=state.kind, sheet=self.sheet_combo.currentData(), profile=state.profile)

    @Slot(int)
    def _on_profile_chosen(self, _index: int) -> None:
        state = self._wizard.state
        sheet = self.sheet_combo.currentData() if state.sheets else None
        self.load(kind=state.kind, sheet=sheet, profile=self.profile_combo.currentData())

    # -- loading --------------------------------------------------------------------------

    def load(self, *, kind: str | None, sheet: str | None = None, profile: str | None = None) -> None:
        state = self._wizard.state
        path = state.path
        if path is None:
            return
        running = self.panel.task
        if running is not None and running.is_running:
            running.cancel()
        self._seq += 1
        seq = self._seq
        state.look = None
        state.preview = None
        self._loading = True
        self.message.clear()
        self.completeChanged.emit()
        actor = self.context.actor
        task = self.context.tasks.run(
            lambda session, control: look_at_file(
                session, actor, path, kind, sheet=sheet, profile=profile, control=control
            ),
            on_success=lambda look: self._loaded(seq, look, sheet is not None),
            on_failure=lambda exc: self._failed(seq, exc),
            title=self.tr("Bestand lezen"),
            parent=self,
            silent=True,
        )
        self.panel.watch(task, self.tr("Het bestand wordt gelezen…"))

    def _loaded(self, seq: int, look: FileLook, sheet_given: bool) -> None:
        if seq != self._seq:
            return
        self._loading = False
        state = self._wizard.state
        inspection = look.inspection
        state.look = look
        state.kind = inspection.kind
        state.profile = inspection.profile
        state.mapping = dict(inspection.mapping)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(inspection.kind)))
        if look.guesses is not None:
            self.kind_hint.setText(self.tr("Herkend aan de kolomnamen; kies zelf als dit niet klopt."))
        if not sheet_given or not state.sheets:
            state.sheets = list(inspection.sheets)
            self.sheet_combo.clear()
            hidden = set(inspection.hidden_sheets)
            for name, score in state.sheets:
                label = (
                    name
                    if score > 0 or len(state.sheets) == 1
                    else self.tr("{sheet}  (geen herkende kolommen)").format(sheet=name)
                )
                if name in hidden:
                    label += self.tr("  (verborgen)")
                self.sheet_combo.addItem(label, name)
        self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findData(inspection.sheet)))
        self._set_sheet_row(len(state.sheets) > 1)
        # Several sheets fit, or the sheet is hidden in Excel: say so where the sheet is chosen.
        notes = " ".join(inspection.sheet_notes)
        self.sheet_hint.setText(
            notes + " " + self.tr("Kies hier een ander werkblad.") if notes else self.tr(SHEET_HINT)
        )
        self.sheet_hint.setStyleSheet(WARNING_STYLE if notes else HINT_STYLE)
        self._set_profiles(look.profiles, inspection.profile)
        headers = sum(1 for cell in inspection.header_cells if cell not in (None, ""))
        text = self.tr(
            "Werkblad '{sheet}': kopregel op regel {row}; {mapped} van de {columns} kolommen herkend."
        ).format(
            sheet=inspection.sheet, row=inspection.header_row, mapped=len(inspection.mapping), columns=headers
        )
        if inspection.missing:
            names = ", ".join(f.label_nl for f in inspection.missing)
            text += " " + self.tr("Nog te koppelen in de volgende stap: {names}.").format(names=names)
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.completeChanged.emit()

    def _failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._seq or isinstance(exc, Cancelled):
            return
        self._loading = False
        self._wizard.state.look = None
        self._show_error(error_text(exc))
        self.completeChanged.emit()

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def _set_sheet_row(self, visible: bool) -> None:
        self.form.setRowVisible(self.sheet_row, visible)

    def _set_profiles(self, names: list[str], current: str | None) -> None:
        self.profile_combo.clear()
        self.profile_combo.addItem(self.tr(NO_PROFILE), None)
        for name in names:
            self.profile_combo.addItem(name, name)
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(current)) if current else 0)

    def profile_saved(self, name: str) -> None:
        """The mapping step saved a profile: offer it here too."""
        look = self._wizard.state.look
        if look is not None and name not in look.profiles:
            look.profiles = sorted([*look.profiles, name], key=str.casefold)
        self._wizard.state.profile = name
        self._set_profiles(look.profiles if look else [name], name)

    # -- QWizardPage ----------------------------------------------------------------------

    def isComplete(self) -> bool:
        return not self._loading and self._wizard.state.look is not None


def _stacked(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose Alt+letter focuses `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
