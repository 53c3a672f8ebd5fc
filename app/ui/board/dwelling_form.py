"""The widgets of the woning dialog (layout only; behaviour is in ``dwelling_dialog``)."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.db.models.board import DwellingKind
from app.services.region import GemeenteInfo
from app.ui.board.koppeling_form import date_edit, message_label, spin
from app.ui.forms import FieldWithError

DUTCH = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


class DwellingForm:
    def setup(self, dialog: QWidget, gemeenten: list[GemeenteInfo]) -> None:
        tr = dialog.tr
        dialog.setMinimumWidth(480)
        self.gemeente = QComboBox()
        self.gemeente.addItem(tr("— kies een gemeente —"), None)
        for gemeente in gemeenten:
            self.gemeente.addItem(gemeente.name, gemeente.cbs_code)
        self.gemeente_field = FieldWithError(self.gemeente)
        self.corporation = QLineEdit()
        self.corporation.setMaxLength(80)
        self.corporation.setPlaceholderText(tr("bijv. Mitros"))
        self.corporation_field = FieldWithError(self.corporation)
        self.reference = QLineEdit()
        self.reference.setMaxLength(40)
        self.reference.setFixedWidth(180)
        self.reference_field = FieldWithError(self.reference, hint=tr("Het kenmerk van de corporatie"))
        self.address = QLineEdit()
        self.address.setMaxLength(120)
        self.kind = QComboBox()
        for kind in DwellingKind:
            self.kind.addItem(kind.label, kind.value)
        self.bedrooms = spin(10)
        self.bedrooms.setValue(2)
        self.bedrooms_field = FieldWithError(self.bedrooms)
        self.max_occupants = spin(20, minimum=0)
        self.max_occupants.setValue(4)
        self.max_occupants_field = FieldWithError(self.max_occupants)
        self.rent = QDoubleSpinBox()
        self.rent.setLocale(DUTCH)
        self.rent.setRange(0, 9999.99)
        self.rent.setDecimals(2)
        self.rent.setSingleStep(10)
        self.rent.setPrefix("€ ")
        self.rent.setSpecialValueText(tr("onbekend"))
        self.rent.setGroupSeparatorShown(True)
        self.rent.setFixedWidth(130)
        self.rent_field = FieldWithError(self.rent, hint=tr("Kale huur per maand"))
        self.available_from = date_edit()
        self.available_from_field = FieldWithError(self.available_from)
        self.accessible = QCheckBox(tr("Toegankelijk (rolstoel, lift)"))
        self.ground_floor = QCheckBox(tr("Gelijkvloers"))
        features = QVBoxLayout()
        features.setSpacing(2)
        features.addWidget(self.accessible)
        features.addWidget(self.ground_floor)

        form = QFormLayout()
        form.addRow(tr("Gemeente:"), self.gemeente_field)
        form.addRow(tr("Corporatie:"), self.corporation_field)
        form.addRow(tr("Kenmerk:"), self.reference_field)
        form.addRow(tr("Adres:"), self.address)
        form.addRow(tr("Soort:"), self.kind)
        form.addRow(tr("Slaapkamers:"), self.bedrooms_field)
        form.addRow(tr("Max. bewoners:"), self.max_occupants_field)
        form.addRow(tr("Huur:"), self.rent_field)
        form.addRow(tr("Beschikbaar per:"), self.available_from_field)
        form.addRow(tr("Kenmerken:"), features)
        self.status_label = QLabel()
        form.addRow(tr("Status:"), self.status_label)
        # The household it is reserved for or assigned to (V-nummer and size; no names).
        self.reserved_label = QLabel("—")
        self.reserved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(tr("Voor huishouden:"), self.reserved_label)

        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(dialog)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {
            "gemeente": self.gemeente_field,
            "corporation": self.corporation_field,
            "reference": self.reference_field,
            "bedrooms": self.bedrooms_field,
            "max_occupants": self.max_occupants_field,
            "rent": self.rent_field,
            "available_from": self.available_from_field,
        }
