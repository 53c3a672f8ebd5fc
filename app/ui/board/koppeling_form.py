"""The widgets of the koppeling dialog (layout only; behaviour is in ``koppeling_dialog``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.region import GemeenteInfo
from app.ui.forms import ERROR_STYLE, HINT_STYLE, FieldWithError


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date | None = None) -> QDateEdit:
    """A Dutch date field (dd-mm-jjjj) with a calendar."""
    edit = QDateEdit()
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(value or date.today()))
    edit.setFixedWidth(130)
    return edit


def spin(maximum: int, minimum: int = 0, width: int = 72) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    box.setFixedWidth(width)
    return box


def message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


class KoppelingForm:
    def setup(self, dialog: QWidget, gemeenten: list[GemeenteInfo]) -> None:
        tr = dialog.tr
        self.v_nummer = QLineEdit()
        self.v_nummer.setMaxLength(14)
        self.v_nummer.setFixedWidth(150)
        self.v_nummer.setPlaceholderText("0123456789")
        self.v_nummer_field = FieldWithError(self.v_nummer, hint=tr("10 cijfers; voorloopnullen mogen weg"))
        self.gemeente = QComboBox()
        self.gemeente.addItem(tr("— kies een gemeente —"), None)
        for gemeente in gemeenten:
            self.gemeente.addItem(gemeente.name, gemeente.cbs_code)
        self.gemeente_field = FieldWithError(self.gemeente)
        self.linked_on = date_edit()
        self.linked_on_field = FieldWithError(self.linked_on)
        self.adults = spin(20, minimum=0)
        self.adults.setValue(1)
        self.children = spin(20)
        self.children.setAccessibleName(tr("Kinderen"))
        self.adults_field = FieldWithError(self.adults, QLabel(tr("  Kinderen:")), self.children)
        self.expected_followers = spin(20)
        self.followers_field = FieldWithError(self.expected_followers)
        self.azc_location = QLineEdit()
        self.azc_location.setMaxLength(80)
        self.azc_location.setPlaceholderText(tr("bijv. AZC Amersfoort"))
        self.languages = QLineEdit()
        self.languages.setMaxLength(120)
        self.needs_accessible = QCheckBox(tr("Toegankelijke woning nodig"))
        self.needs_ground_floor = QCheckBox(tr("Gelijkvloers (geen trappen)"))
        self.medical_proximity = QCheckBox(tr("Nabij medische zorg"))
        needs = QVBoxLayout()
        needs.setSpacing(2)
        for box in (self.needs_accessible, self.needs_ground_floor, self.medical_proximity):
            needs.addWidget(box)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(64)

        form = QFormLayout()
        form.addRow(tr("V-nummer:"), self.v_nummer_field)
        form.addRow(tr("Gekoppeld aan:"), self.gemeente_field)
        form.addRow(tr("Koppelingsdatum:"), self.linked_on_field)
        form.addRow(tr("Volwassenen:"), self.adults_field)
        form.addRow(tr("Nareizigers verwacht:"), self.followers_field)
        form.addRow(tr("AZC:"), self.azc_location)
        form.addRow(tr("Talen:"), self.languages)
        form.addRow(tr("Behoeften:"), needs)
        form.addRow(tr("Notities:"), self.notes)

        self.info = QGroupBox(tr("Stand van zaken"))
        self.status_label = QLabel()
        self.deadline_label = QLabel()
        self.offered_label = QLabel()
        self.dwelling_label = QLabel()  # the dwelling offered or reserved (address or reference)
        self.dwelling_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.housed_label = QLabel()
        info_form = QFormLayout(self.info)
        info_form.addRow(tr("Status:"), self.status_label)
        info_form.addRow(tr("Termijn:"), self.deadline_label)
        info_form.addRow(tr("Woning aangeboden op:"), self.offered_label)
        info_form.addRow(tr("Woning:"), self.dwelling_label)
        info_form.addRow(tr("Gehuisvest:"), self.housed_label)
        self.info.setVisible(False)

        self.message = message_label()
        self.privacy = QLabel(tr("Geen namen of BSN hier: het bord is voor de hele regio zichtbaar."))
        self.privacy.setStyleSheet(HINT_STYLE)
        self.privacy.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        # The state beside the fields, not under them: under them the dialog was taller than a
        # 1280×720 screen at a large system font (issue 17).
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.info, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(dialog)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.privacy)
        layout.addWidget(self.buttons)

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {
            "v_nummer": self.v_nummer_field,
            "gemeente": self.gemeente_field,
            "linked_on": self.linked_on_field,
            "adults": self.adults_field,
            "expected_followers": self.followers_field,
        }
