"""The "voor dit huishouden" search: initiatives for the people of one dossier, pre-filled with the
household's municipality (and what is open to the region), the languages its members speak and
their ages. Each pre-filled part can be switched off; the user picks one initiative.

The dialog receives narrow things: who searches and the task runner (``AppContext``), and the
household as ``Household`` (made from a dossier by ``household_of``). The search itself is
``app.services.directory.search.search_initiatives``, on a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.directory import Freshness, InitiativeFilter, language_name, parse_languages
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.services.cases.views import DossierDetail, MemberInfo
    from app.services.directory.search import InitiativeRow
    from app.ui.context import AppContext
    from app.ui.tasks import Task

HINT = "color: #5f6b76;"


def _t(text: str) -> str:
    return QCoreApplication.translate("HouseholdSearch", text)


@dataclass(frozen=True)
class Person:
    name: str
    age: int | None
    languages: tuple[str, ...]  # ISO codes, from the member's Dutch names


@dataclass(frozen=True)
class Household:
    gemeente_code: str
    gemeente_name: str
    persons: tuple[Person, ...]

    def languages(self) -> tuple[str, ...]:
        """Every language someone speaks, in the order first met; Dutch last (everyone's aim)."""
        seen: list[str] = []
        for p in self.persons:
            seen += [c for c in p.languages if c not in seen]
        return tuple([c for c in seen if c != "nl"] + [c for c in seen if c == "nl"])

    def ages(self) -> tuple[int, ...]:
        return tuple(sorted({p.age for p in self.persons if p.age is not None}))


def person_of(member: MemberInfo, today: date) -> Person:
    codes, _interpreter, _unknown = parse_languages(member.languages or "")
    return Person(member.name, member.age_on(today), tuple(codes))


def household_of(detail: DossierDetail, today: date, member_ids: list[int] | None = None) -> Household:
    """The household as the search sees it; ``member_ids``: only those people (the ones referred)."""
    members = [m for m in detail.members if not member_ids or m.id in member_ids]
    return Household(detail.gemeente_code, detail.gemeente_name, tuple(person_of(m, today) for m in members))


def household_filter(
    household: Household, *, gemeente: bool = True, languages: bool = True, ages: bool = True, text: str = ""
) -> InitiativeFilter:
    return InitiativeFilter(
        text=text.strip(),
        gemeente=household.gemeente_code if gemeente else None,
        include_region=True,
        languages=frozenset(household.languages()) if languages else frozenset(),
        ages=household.ages() if ages else (),
    )


def _ages_text(row: InitiativeRow) -> str:
    if row.min_age is None and row.max_age is None:
        return _t("alle leeftijden")
    if row.max_age is None:
        return _t("vanaf {n}").format(n=row.min_age)
    if row.min_age is None:
        return _t("tot en met {n}").format(n=row.max_age)
    return f"{row.min_age}–{row.max_age}"


def _places_text(row: InitiativeRow) -> str:
    if row.places_available:
        return _t("{n} plekken").format(n=row.places_available)
    return _t("wachtlijst") if row.waiting_list else ""


def result_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("name", _t("Initiatief")),
        ColumnSpec("kind_label", _t("Soort")),
        ColumnSpec(
            lambda r: r.owner_name + (_t(" (open voor de regio)") if r.open_to_region else ""), _t("Gemeente")
        ),
        ColumnSpec(lambda r: ", ".join(language_name(c) for c in r.languages), _t("Talen")),
        ColumnSpec(_ages_text, _t("Leeftijd")),
        ColumnSpec(_places_text, _t("Plek")),
        ColumnSpec(lambda r: "" if r.freshness is Freshness.OK else r.freshness.label, _t("Let op")),
    ]


class HouseholdSearchDialog(QDialog):
    """Search initiatives for this household; ``chosen`` is the picked ``InitiativeRow``."""

    sig_chosen = Signal(object)

    def __init__(
        self,
        context: AppContext,
        household: Household,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.household = household
        self.today = today or date.today()
        self.chosen: InitiativeRow | None = None
        self.last_task: Task | None = None  # tests and screenshots wait on this
        self._again = False
        tr = self.tr
        self.setWindowTitle(tr("Zoeken voor dit huishouden"))
        self.resize(980, 560)
        names = ", ".join(
            f"{p.name} ({p.age})" if p.age is not None else p.name for p in household.persons
        ) or tr("(nog geen gezinsleden)")
        intro = QLabel(
            tr("Initiatieven voor: {names}. Zet een vinkje uit om breder te zoeken.").format(names=names)
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT)
        self.use_gemeente = QCheckBox(
            tr("In {g} of open voor de regio").format(g=household.gemeente_name or household.gemeente_code)
        )
        languages = household.languages()
        self.use_languages = QCheckBox(
            tr("Spreekt een taal van het huishouden: {l}").format(
                l=", ".join(language_name(c) for c in languages)
            )
            if languages
            else tr("Talen: bij de gezinsleden niet ingevuld")
        )
        ages = household.ages()
        self.use_ages = QCheckBox(
            tr("Past bij de leeftijden: {a}").format(a=", ".join(str(a) for a in ages))
            if ages
            else tr("Leeftijden: geen geboortedatum bekend")
        )
        for box, usable in (
            (self.use_gemeente, True),
            (self.use_languages, bool(languages)),
            (self.use_ages, bool(ages)),
        ):
            box.setChecked(usable)
            box.setEnabled(usable)
            box.toggled.connect(self.search)
        self.text = QLineEdit()
        self.text.setAccessibleName(tr("Zoek op naam, organisatie of omschrijving"))
        self.text.setPlaceholderText(tr("Zoek op naam, organisatie of omschrijving (niet verplicht)"))
        self.text.setClearButtonEnabled(True)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(250)
        self._typing.timeout.connect(self.search)
        self.text.textChanged.connect(lambda _t: self._typing.start())
        self.count = QLabel()
        self.count.setStyleSheet(HINT)
        self.model = RowTableModel(result_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sig_selection_changed.connect(self._selected)
        self.table.sig_row_activated.connect(lambda _row: self.accept())
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(54)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Dit initiatief &kiezen"))
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Annuleren"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        filters = QVBoxLayout()
        filters.setSpacing(2)
        for box in (self.use_gemeente, self.use_languages, self.use_ages):
            filters.addWidget(box)
        bar = QHBoxLayout()
        bar.addWidget(self.text, 1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.buttons)

    def current_filter(self) -> InitiativeFilter:
        return household_filter(
            self.household,
            gemeente=self.use_gemeente.isChecked(),
            languages=self.use_languages.isChecked(),
            ages=self.use_ages.isChecked(),
            text=self.text.text(),
        )

    @Slot()
    def search(self) -> Task | None:
        """Search with the filters as they stand (the log gets the filter, never a name)."""
        from app.services.directory.search import search_initiatives

        if self.last_task is not None and self.last_task.is_running:
            self._again = True  # one more search when this one is back: the latest filters win
            return self.last_task
        actor, flt, today = self.context.actor, self.current_filter(), self.today
        self.count.setText(self.tr("zoeken…"))
        self.last_task = self.context.tasks.run(
            lambda session, _control: search_initiatives(session, actor, flt, today),
            on_success=self._show,
            on_failure=lambda exc: self.count.setText(self.tr("Zoeken mislukt: {e}").format(e=exc)),
            parent=self,
            silent=True,
        )
        return self.last_task

    def _show(self, rows: list[InitiativeRow]) -> None:
        if self._again:
            self._again = False
            self.last_task = None
            self.search()
            return
        keep = self.chosen.id if self.chosen else None
        self.model.set_rows(rows)
        self.table.fit_columns()
        n = len(rows)
        self.count.setText(self.tr("1 initiatief") if n == 1 else self.tr("{n} initiatieven").format(n=n))
        if not (keep is not None and self.table.select_row(lambda r: r.id == keep)) and rows:
            self.table.selectRow(0)
        self._selected()

    @Slot()
    def _selected(self) -> None:
        row: InitiativeRow | None = self.table.current_row()
        self.chosen = row
        self.ok.setEnabled(row is not None)
        if row is None:
            self.detail.setText(self.tr("Geen initiatief gevonden. Zet een vinkje uit om breder te zoeken."))
            return
        parts = [f"<b>{row.name}</b>" + (f" — {row.organisation}" if row.organisation else "")]
        if row.description:
            parts.append(row.description[:240] + ("…" if len(row.description) > 240 else ""))
        where = self.tr("online") if row.online else row.address
        facts = [f for f in (where, row.schedule, row.contact_name) if f]
        if facts:
            parts.append(" · ".join(facts))
        self.detail.setText("<br>".join(parts))

    def accept(self) -> None:
        if self.chosen is None:
            return
        self.sig_chosen.emit(self.chosen)
        super().accept()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.last_task is None:
            self.search()
