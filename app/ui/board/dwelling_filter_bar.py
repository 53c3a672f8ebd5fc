"""The filter bar above the woningen list: gemeente, status, bedrooms, accessible, search."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from app.db.models.board import DwellingStatus
from app.services.board.dwellings import DwellingFilter
from app.services.region import GemeenteInfo
from app.ui.board.koppeling_filter_bar import combo_code, fill_gemeenten, gemeente_combo, range_spin
from app.ui.widgets import SearchBar
from app.ui.widgets.flow import FlowLayout, group

OPEN = "open"
OPEN_STATUSES = (DwellingStatus.BESCHIKBAAR, DwellingStatus.GERESERVEERD)


class DwellingFilterBar(QWidget):
    sig_changed = Signal()
    """A filter changed (the search only after the user paused typing)."""

    def __init__(self, own_code: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gemeente = gemeente_combo(self, own_code)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Beschikbaar of gereserveerd"), OPEN)
        self.status.addItem(self.tr("Alle statussen"), None)
        for status in DwellingStatus:
            self.status.addItem(status.label, status.value)
        self.min_bedrooms = range_spin(self, 10, self.tr("min."))
        self.max_bedrooms = range_spin(self, 10, self.tr("max."))
        self.accessible = QCheckBox(self.tr("Alleen toegankelijk"), self)
        self.search = SearchBar(self, placeholder=self.tr("Zoek op corporatie, kenmerk of adres…"))
        self.search.setMinimumWidth(260)

        # Wraps onto a second row on a narrow window instead of forcing it wider.
        layout = FlowLayout(self)
        layout.addWidget(group(QLabel(self.tr("Gemeente:")), self.gemeente))
        layout.addWidget(group(QLabel(self.tr("Status:")), self.status))
        layout.addWidget(group(QLabel(self.tr("Slaapkamers:")), self.min_bedrooms, QLabel(self.tr("t/m")),
                               self.max_bedrooms))
        layout.addWidget(group(self.accessible))
        layout.addWidget(group(self.search))

        for combo in (self.gemeente, self.status):
            combo.currentIndexChanged.connect(self._changed)
        for spin in (self.min_bedrooms, self.max_bedrooms):
            spin.valueChanged.connect(self._changed)
        self.accessible.toggled.connect(self._changed)
        self.search.sig_search_changed.connect(self._changed)

    def set_gemeenten(self, gemeenten: list[GemeenteInfo]) -> None:
        fill_gemeenten(self.gemeente, gemeenten)

    @Slot()
    def _changed(self) -> None:
        self.sig_changed.emit()

    def statuses(self) -> tuple[DwellingStatus, ...]:
        value = self.status.currentData()
        if value == OPEN:
            return OPEN_STATUSES
        return (DwellingStatus(value),) if value else ()

    def build(self, sort: tuple[str, bool], offset: int, limit: int) -> DwellingFilter:
        # 0 shows "min."/"max." and means no limit (so "studios only" is not a filter here).
        return DwellingFilter(
            gemeente_code=combo_code(self.gemeente),
            statuses=self.statuses(),
            min_bedrooms=self.min_bedrooms.value() or None,
            max_bedrooms=self.max_bedrooms.value() or None,
            accessible_only=self.accessible.isChecked(),
            text=self.search.text().strip(),
            sort=sort[0],
            descending=sort[1],
            limit=limit,
            offset=offset,
        )
