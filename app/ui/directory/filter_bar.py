"""The search line and filters of the Zoeken tab, and the chips that show (and clear) what is set.

``FilterBar.current()`` is the ``InitiativeFilter`` the controls describe; ``clear(field)`` resets one
filter (a chip's ×), ``clear_all()`` every one. ``sig_changed`` fires after a change (typing only
after a short pause)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.directory import (
    COMPOUND_GROUPS,
    LANGUAGES,
    TARGET_GROUPS,
    InitiativeFilter,
    InitiativeStatus,
    describe,
)
from app.ui.widgets import SearchBar
from app.ui.widgets.flow import FlowLayout, group

SEARCH_PAUSE_MS = 150  # filtering itself takes milliseconds: wait only for the typing to pause
CHIP_STYLE = (
    "QToolButton#chip { background: #e8f0fb; border: 1px solid #a9c4eb; border-radius: 11px;"
    " padding: 2px 8px; color: #17365d; }"
    " QToolButton#chip:hover { background: #d3e3f8; }"
)
_ALL_STATUSES = "alle"


class FilterBar(QWidget):
    sig_changed = Signal()
    """A filter changed (the search line only after the user paused typing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchBar(
            self,
            placeholder=self.tr("Zoek op naam, organisatie, omschrijving of plaats… (Ctrl+F)"),
            delay_ms=SEARCH_PAUSE_MS,
        )
        self.search.setMinimumWidth(360)
        self.gemeente = QComboBox(self)
        self.gemeente.addItem(self.tr("Alle gemeenten"), None)
        self.gemeente.setMinimumContentsLength(14)
        self.include_region = QCheckBox(self.tr("ook open voor de regio"), self)
        self.include_region.setChecked(True)
        self.include_region.setToolTip(
            self.tr("Ook initiatieven uit andere gemeenten die open zijn voor inwoners van de regio")
        )
        self.include_region.setEnabled(False)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Alle soorten"), None)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("Alle talen"), None)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.group = QComboBox(self)
        self.group.addItem(self.tr("Alle doelgroepen"), None)
        for code, label in TARGET_GROUPS.items():
            if code != "iedereen":
                self.group.addItem(label, code)
        for code, members in COMPOUND_GROUPS.items():
            if len(members) > 1:  # "jeugd": children and young people together
                names = " en ".join(TARGET_GROUPS[m].split(" (")[0].lower() for m in sorted(members))
                self.group.addItem(f"{code.capitalize()} ({names})", code)
        self.age = QSpinBox(self)
        self.age.setRange(-1, 120)
        self.age.setSpecialValueText(self.tr("elke"))
        self.age.setValue(-1)
        self.age.setSuffix(self.tr(" jaar"))
        self.age.setToolTip(self.tr("Alleen initiatieven waar iemand van deze leeftijd terecht kan"))
        self.places_only = QCheckBox(self.tr("alleen met vrije plek"), self)
        self.status = QComboBox(self)
        self.status.addItem(InitiativeStatus.ACTIEF.label, InitiativeStatus.ACTIEF.value)
        self.status.addItem(
            InitiativeStatus.TIJDELIJK_GESTOPT.label, InitiativeStatus.TIJDELIJK_GESTOPT.value
        )
        self.status.addItem(InitiativeStatus.GESTOPT.label, InitiativeStatus.GESTOPT.value)
        self.status.addItem(self.tr("Alle statussen"), _ALL_STATUSES)
        self.unchecked = QSpinBox(self)
        self.unchecked.setRange(0, 60)
        self.unchecked.setSpecialValueText(self.tr("maakt niet uit"))
        self.unchecked.setSuffix(self.tr(" maanden"))
        self.unchecked.setToolTip(
            self.tr("Alleen initiatieven die langer dan zoveel maanden niet zijn gecontroleerd")
        )

        # Three rows of their own (no shared grid columns: a long label would widen the others);
        # each wraps onto a second line at a large system font instead of widening the window.
        first, second, third = (FlowLayout(spacing=14, row_spacing=4) for _ in range(3))
        first.addWidget(group(self.search))
        first.addWidget(group(_label(self.tr("&Gemeente:"), self.gemeente), self.gemeente,
                              self.include_region))  # fmt: skip
        for row, text, field in (
            (second, self.tr("Soor&t:"), self.kind), (second, self.tr("T&aal:"), self.language),
            (second, self.tr("&Doelgroep:"), self.group), (second, self.tr("&Leeftijd:"), self.age),
            (third, self.tr("&Status:"), self.status),
            (third, self.tr("Niet gecontroleerd in meer dan:"), self.unchecked),
        ):  # fmt: skip
            row.addWidget(group(_label(text, field), field))
        third.addWidget(group(self.places_only))
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        for row in (first, second, third):
            rows.addLayout(row)

        self.search.sig_search_changed.connect(lambda _text: self.sig_changed.emit())
        self.gemeente.currentIndexChanged.connect(self._gemeente_changed)
        for combo in (self.kind, self.language, self.group, self.status):
            combo.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())
        for spin in (self.age, self.unchecked):
            spin.valueChanged.connect(lambda _v: self.sig_changed.emit())
        for check in (self.include_region, self.places_only):
            check.toggled.connect(lambda _on: self.sig_changed.emit())

    def set_choices(self, gemeenten: list[tuple[str, str]], kinds: dict[str, str]) -> None:
        """The pick lists that come from the database: (cbs code, name) and kind code → label."""
        for combo, items in ((self.gemeente, gemeenten), (self.kind, list(kinds.items()))):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for code, label in items:
                combo.addItem(label, code)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.blockSignals(False)

    @Slot(int)
    def _gemeente_changed(self, _index: int) -> None:
        self.include_region.setEnabled(self.gemeente.currentData() is not None)
        self.sig_changed.emit()

    def current(self) -> InitiativeFilter:
        status = self.status.currentData()
        statuses = frozenset() if status == _ALL_STATUSES else frozenset({InitiativeStatus(status)})
        return InitiativeFilter(
            text=self.search.text().strip(),
            gemeente=self.gemeente.currentData(),
            include_region=self.include_region.isChecked(),
            kinds=_one(self.kind.currentData()),
            languages=_one(self.language.currentData()),
            groups=_one(self.group.currentData()),
            ages=(self.age.value(),) if self.age.value() >= 0 else (),
            places_only=self.places_only.isChecked(),
            statuses=statuses,
            unchecked_months=self.unchecked.value() or None,
        )

    def clear(self, field: str) -> None:
        """Undo one filter (the chip's ×)."""
        widgets = {
            "text": lambda: self.search.setText(""),
            "gemeente": self._clear_gemeente,
            "kinds": lambda: self.kind.setCurrentIndex(0),
            "languages": lambda: self.language.setCurrentIndex(0),
            "groups": lambda: self.group.setCurrentIndex(0),
            "ages": lambda: self.age.setValue(-1),
            "places_only": lambda: self.places_only.setChecked(False),
            "statuses": lambda: self.status.setCurrentIndex(0),
            "unchecked_months": lambda: self.unchecked.setValue(0),
        }
        self.blockSignals(True)  # one change signal, not one per widget
        try:
            for child in self.controls():
                child.blockSignals(True)
            widgets[field]()
            self.include_region.setEnabled(self.gemeente.currentData() is not None)
        finally:
            for child in self.controls():
                child.blockSignals(False)
            self.blockSignals(False)
        self.sig_changed.emit()

    def _clear_gemeente(self) -> None:
        self.gemeente.setCurrentIndex(0)
        self.include_region.setChecked(True)

    def clear_all(self) -> None:
        for child in self.controls():
            child.blockSignals(True)
        self.search.setText("")
        for combo in (self.gemeente, self.kind, self.language, self.group, self.status):
            combo.setCurrentIndex(0)
        self.include_region.setChecked(True)
        self.include_region.setEnabled(False)
        self.age.setValue(-1)
        self.unchecked.setValue(0)
        self.places_only.setChecked(False)
        for child in self.controls():
            child.blockSignals(False)
        self.sig_changed.emit()

    def controls(self) -> list[QWidget]:
        return [self.search, self.gemeente, self.include_region, self.kind, self.language, self.group,
                self.age, self.places_only, self.status, self.unchecked]  # fmt: skip


class ChipBar(QWidget):
    """The filters that are set, each a chip with × that clears it, and "Alles wissen"."""

    sig_clear = Signal(str)
    """Clear this filter (a field name of ``InitiativeFilter``)."""
    sig_clear_all = Signal()
    """Clear every filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(CHIP_STYLE)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.intro = QLabel(self.tr("Filters:"))
        self.clear_all_button = QPushButton(self.tr("Alles wissen"))
        self.clear_all_button.setFlat(True)
        self.clear_all_button.setToolTip(self.tr("Alle filters en de zoektekst wissen"))
        self.clear_all_button.clicked.connect(self.sig_clear_all.emit)
        self.chips: dict[str, QToolButton] = {}
        self.row.addWidget(self.intro)
        self.row.addStretch(1)
        self.row.addWidget(self.clear_all_button)
        self.setVisible(False)

    def show_filter(
        self, flt: InitiativeFilter, gemeente_names: dict[str, str], kind_labels: dict[str, str]
    ) -> None:
        for chip in self.chips.values():  # out of the row now; deleted when Qt gets to it
            self.row.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self.chips = {}
        items = describe(flt, gemeente_names=gemeente_names, kind_labels=kind_labels)
        for position, (field, text) in enumerate(items, start=1):
            chip = QToolButton(self)
            chip.setObjectName("chip")
            chip.setText(f"{text}  ✕")
            chip.setToolTip(self.tr("Dit filter wissen"))
            chip.setAccessibleName(self.tr("Filter {text} wissen").format(text=text))  # not "✕"
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.clicked.connect(lambda _=False, f=field: self.sig_clear.emit(f))
            self.row.insertWidget(position, chip)
            self.chips[field] = chip
        self.setVisible(bool(items))


def _one(value: str | None) -> frozenset[str]:
    return frozenset({value}) if value else frozenset()


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
