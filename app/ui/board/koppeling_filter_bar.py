"""The filter bar above the koppelingen list: gemeente, status, size, overdue, search."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSpinBox, QWidget

from app.db.models.board import KoppelingStatus
from app.domain.lateness import LATE_EXPLANATION
from app.services.board.koppelingen import PENDING, KoppelingFilter
from app.services.region import GemeenteInfo
from app.ui.widgets import SearchBar
from app.ui.widgets.flow import FlowLayout, group

OPEN = "open"


def gemeente_combo(parent: QWidget, own_code: str | None = None) -> QComboBox:
    """A combo with "Alle gemeenten" first; filled later by ``fill_gemeenten``."""
    combo = QComboBox(parent)
    combo.addItem(parent.tr("Alle gemeenten"), None)
    combo.setMinimumContentsLength(16)
    combo.setAccessibleName(parent.tr("Gemeente"))  # a label beside it, if any, says the same
    combo.setProperty("pending_code", own_code)
    return combo


def fill_gemeenten(combo: QComboBox, gemeenten: list[GemeenteInfo]) -> None:
    """Fill the combo without emitting changes; select the pending (own) gemeente if any."""
    wanted = combo.currentData() or combo.property("pending_code")
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for gemeente in gemeenten:
        combo.addItem(gemeente.name, gemeente.cbs_code)
    combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted else 0)
    combo.setProperty("pending_code", None)
    combo.blockSignals(False)


def combo_code(combo: QComboBox) -> str | None:
    """The chosen gemeente code (or the pending own one while the list is still loading)."""
    return combo.currentData() or combo.property("pending_code") or None


def range_spin(parent: QWidget, maximum: int, empty: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(0, maximum)
    spin.setSpecialValueText(empty)  # 0 means: no limit
    spin.setFixedWidth(72)
    return spin


class KoppelingFilterBar(QWidget):
    sig_changed = Signal()
    """A filter changed (the search only after the user paused typing)."""

    def __init__(self, own_code: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gemeente = gemeente_combo(self, own_code)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Openstaand"), OPEN)
        self.status.addItem(self.tr("Alle statussen"), None)
        for status in KoppelingStatus:
            self.status.addItem(status.label, status.value)
        self.status.setToolTip(self.tr("Openstaand: gekoppeld, woning aangeboden of uitgeruild"))
        self.min_persons = range_spin(self, 20, self.tr("min."))
        self.max_persons = range_spin(self, 20, self.tr("max."))
        self.overdue = QCheckBox(self.tr("Alleen te laat"), self)
        self.overdue.setToolTip(self.tr(LATE_EXPLANATION))  # the one definition, as in the overview
        self.search = SearchBar(self, placeholder=self.tr("Zoek op V-nummer of AZC…"))

        # Wraps onto a second row on a narrow window instead of forcing it wider.
        layout = FlowLayout(self)
        layout.addWidget(group(QLabel(self.tr("Gemeente:")), self.gemeente))
        layout.addWidget(group(QLabel(self.tr("Status:")), self.status))
        layout.addWidget(group(QLabel(self.tr("Personen:")), self.min_persons, QLabel(self.tr("t/m")),
                               self.max_persons))
        layout.addWidget(group(self.overdue))
        layout.addWidget(group(self.search))

        for combo in (self.gemeente, self.status):
            combo.currentIndexChanged.connect(self._changed)
        for spin in (self.min_persons, self.max_persons):
            spin.valueChanged.connect(self._changed)
        self.overdue.toggled.connect(self._changed)
        self.search.sig_search_changed.connect(self._changed)

    def set_gemeenten(self, gemeenten: list[GemeenteInfo]) -> None:
        fill_gemeenten(self.gemeente, gemeenten)

    @Slot()
    def _changed(self) -> None:
        self.sig_changed.emit()

    def statuses(self) -> tuple[KoppelingStatus, ...]:
        value = self.status.currentData()
        if value == OPEN:
            return PENDING
        return (KoppelingStatus(value),) if value else ()

    def build(self, sort: tuple[str, bool], offset: int, limit: int) -> KoppelingFilter:
        return KoppelingFilter(
            gemeente_code=combo_code(self.gemeente),
            statuses=self.statuses(),
            min_persons=self.min_persons.value() or None,
            max_persons=self.max_persons.value() or None,
            overdue_only=self.overdue.isChecked(),
            text=self.search.text().strip(),
            sort=sort[0],
            descending=sort[1],
            limit=limit,
            offset=offset,
        )
