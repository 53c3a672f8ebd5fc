"""Werk: the work profile of each household member (what the candidate suggestions of the
employer challenges may use) and the places they are candidate for.

The profiles and candidacies are read on a worker whenever the dossier is shown (one logged read
each); saving goes through the window's ``change`` (the dossier and this tab are read again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.candidate_matching import EDUCATION_LEVELS
from app.domain.challenges import HOURS_MAX, LANGUAGE_LEVELS, SBI_SECTIONS
from app.ui.cases.columns import OVERDUE_COLOR
from app.ui.cases.fields import line_edit, message_label, optional_date, optional_date_edit, set_optional_date
from app.ui.contrast import late_step, tint
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.services.cases.views import DossierDetail
    from app.services.challenges.candidates import CandidateInfo
    from app.services.challenges.profiles import ProfileInfo
    from app.ui.cases.handle import DossierHandle
    from app.ui.context import AppContext


def _t(text: str) -> str:
    return QCoreApplication.translate("WorkTab", text)


@dataclass(frozen=True)
class MemberRow:
    member_id: int
    name: str
    role: str
    profile: ProfileInfo | None


def _sector_name(letter: str) -> str:
    label = SBI_SECTIONS[letter]
    return label.split("(")[-1].rstrip(")").capitalize() if "(" in label else label


def _sectors(letters: str) -> str:
    return ", ".join(_sector_name(c) for c in letters if c in SBI_SECTIONS)


def member_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("name", _t("Naam")),
        ColumnSpec("role", _t("Rol")),
        ColumnSpec(lambda r: r.profile.language_level if r.profile else "", _t("Taal")),
        ColumnSpec(lambda r: r.profile.available_hours if r.profile else None, _t("Uren"), kind="int"),
        ColumnSpec(lambda r: _sectors(r.profile.experience_sectors) if r.profile else "", _t("Ervaring")),
        ColumnSpec(lambda r: _t("ja") if r.profile else _t("nog niet"), _t("Werkprofiel")),
    ]


def candidacy_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("member_name", _t("Wie")),
        ColumnSpec(lambda c: f"{c.kind.label} bij {c.employer}", _t("Plaats")),
        ColumnSpec(lambda c: c.status.label, _t("Stap")),
        ColumnSpec(lambda c: late_step(c.next_step, c.overdue), _t("Volgende stap")),
        ColumnSpec("next_due", _t("Uiterlijk"), kind="date"),
    ]


class CandidacyModel(RowTableModel):
    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and self.row_at(index.row()).overdue:
            return tint(OVERDUE_COLOR)  # the row also says it in words (none under high contrast)
        return super().data(index, role)


def _spin(maximum: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, maximum)
    box.setSpecialValueText(_t("onbekend"))  # -1: not recorded
    box.setSuffix(suffix)
    box.setValue(-1)
    return box


class WorkTab(QWidget):
    def __init__(self, handle: DossierHandle, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle = handle
        self.context = context
        self.rows: list[MemberRow] = []
        self.profiles: dict[int, ProfileInfo] = {}
        self.candidacies: list[CandidateInfo] = []
        self.last_task: Any = None
        self.stale = False
        tr = self.tr
        self.model = RowTableModel(member_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sig_selection_changed.connect(self._selected)

        self.education = QComboBox()
        self.education.addItem(tr("(onbekend)"), "")
        for code, label in EDUCATION_LEVELS.items():
            self.education.addItem(label, code)
        self.language = QComboBox()
        self.language.addItem(tr("(onbekend)"), "")
        for level in LANGUAGE_LEVELS:
            self.language.addItem(level, level)
        sbi = ", ".join(
            f"{k} {v.split('(')[-1].rstrip(')')}" for k, v in SBI_SECTIONS.items() if k in "CFGHIQN"
        )
        self.sectors = line_edit(30, placeholder=tr("SBI-letters, bijv. I G"))
        self.sectors.setToolTip(
            tr("Sectoren met werkervaring, als SBI-letters: {examples} …").format(examples=sbi)
        )
        self.experience = line_edit(
            300, placeholder=tr("Kort en zonder namen, bijv. ‘kok in een restaurant, 5 jaar’")
        )
        self.interests = line_edit(30, placeholder=tr("SBI-letters, bijv. Q"))
        self.interests.setToolTip(self.sectors.toolTip())
        self.hours = _spin(HOURS_MAX, tr(" uur per week"))
        self.available_from = optional_date_edit(None, tr("nu al"))
        self.travel = _spin(240, tr(" minuten"))
        self.message = message_label()
        self.save_button = QPushButton(tr("Werkprofiel &opslaan"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(handle.can_write)

        form = QFormLayout()
        form.addRow(tr("Opleidingsniveau"), self.education)
        form.addRow(tr("Ervaring in sectoren"), self.sectors)
        form.addRow(tr("Werkervaring"), self.experience)
        form.addRow(tr("Taalniveau Nederlands"), self.language)
        form.addRow(tr("Beschikbaar"), self.hours)
        form.addRow(tr("Beschikbaar vanaf"), self.available_from)
        form.addRow(tr("Interesse in sectoren"), self.interests)
        form.addRow(tr("Hoogstens reizen"), self.travel)
        self.form_box = QGroupBox(tr("Werkprofiel"))
        box = QVBoxLayout(self.form_box)
        box.addLayout(form)
        box.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        hint = QLabel(tr("Alleen dit profiel en de woonplaats tellen mee bij het voorstellen van kandidaten "
                         "voor werkgevers; nooit naam, leeftijd, afkomst, geloof of geslacht."))  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6b76;")
        box.addWidget(hint)

        self.candidacy_model = CandidacyModel(candidacy_columns(), parent=self)
        self.candidacy_table = DataTableView()
        self.candidacy_table.setModel(self.candidacy_model)
        self.no_candidacies = QLabel(
            tr("Nog niemand uit dit huishouden is kandidaat voor een plaats bij een werkgever.")
        )
        self.no_candidacies.setStyleSheet("color: #5f6b76;")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        title = QLabel(tr("Kandidaat voor"))
        title.setStyleSheet("font-weight: 600;")
        lower_layout.addWidget(title)
        lower_layout.addWidget(self.no_candidacies)
        lower_layout.addWidget(self.candidacy_table, 1)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.table)
        upper.addWidget(self.form_box)
        upper.setSizes([420, 480])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([340, 160])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(splitter)
        self._fill(None)

    # -- loading -------------------------------------------------------------------------------

    def show_detail(self, detail: DossierDetail) -> None:
        self.rows = [MemberRow(m.id, m.name, m.role.label, self.profiles.get(m.id)) for m in detail.members]
        self._show_rows()
        self.stale = True
        if self.isVisible():  # read (and logged) only when someone looks at this tab
            self.load()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.load()

    def load(self) -> Any:
        from app.services.challenges.profiles import dossier_work

        self.stale = False
        actor, dossier_id, today = self.handle.actor, self.handle.dossier_id, date.today()
        self.last_task = self.context.tasks.run(
            lambda session, _control: dossier_work(session, actor, dossier_id, today=today),
            on_success=self._loaded, on_failure=self.handle.show_error,
            title=self.tr("Werkprofielen lezen"), parent=self, cancellable=False, silent=True,
        )  # fmt: skip
        return self.last_task

    def _loaded(self, pair: tuple[dict[int, ProfileInfo], list[CandidateInfo]]) -> None:
        self.profiles, self.candidacies = pair
        self.rows = [
            MemberRow(r.member_id, r.name, r.role, self.profiles.get(r.member_id)) for r in self.rows
        ]
        self._show_rows()
        self.candidacy_model.set_rows(self.candidacies)
        self.candidacy_table.fit_columns()
        self.no_candidacies.setVisible(not self.candidacies)
        self.candidacy_table.setVisible(bool(self.candidacies))

    def _show_rows(self) -> None:
        keep = self.current()
        self.model.set_rows(self.rows)
        self.table.fit_columns()
        if not (keep and self.table.select_row(lambda r: r.member_id == keep.member_id)) and self.rows:
            self.table.selectRow(0)
        self._selected()

    def current(self) -> MemberRow | None:
        return self.table.current_row()

    @Slot()
    def _selected(self) -> None:
        self._fill(self.current())

    def _fill(self, row: MemberRow | None) -> None:
        self.form_box.setEnabled(row is not None)
        p = row.profile if row else None
        self.form_box.setTitle(
            self.tr("Werkprofiel van {name}").format(name=row.name) if row else self.tr("Werkprofiel")
        )
        self.education.setCurrentIndex(max(self.education.findData(p.education_level if p else ""), 0))
        self.language.setCurrentIndex(max(self.language.findData(p.language_level if p else ""), 0))
        self.sectors.setText(" ".join(p.experience_sectors) if p else "")
        self.experience.setText(p.experience_text if p else "")
        self.interests.setText(" ".join(p.interests) if p else "")
        self.hours.setValue(p.available_hours if p and p.available_hours is not None else -1)
        set_optional_date(self.available_from, p.available_from if p else None)
        self.travel.setValue(p.max_travel_minutes if p and p.max_travel_minutes is not None else -1)
        recorded = f" · vastgelegd door {p.recorded_by}" if p and p.recorded_by else ""
        self.message.setText(recorded.strip(" ·"))

    # -- saving --------------------------------------------------------------------------------

    def profile_input(self) -> Any:
        from app.services.challenges.profiles import ProfileInput

        return ProfileInput(
            education_level=self.education.currentData() or "",
            experience_sectors=self.sectors.text(),
            experience_text=self.experience.text(),
            language_level=self.language.currentData() or "",
            available_hours=None if self.hours.value() < 0 else self.hours.value(),
            available_from=optional_date(self.available_from),
            interests=self.interests.text(),
            max_travel_minutes=None if self.travel.value() < 0 else self.travel.value(),
        )

    @Slot()
    def save(self) -> Any:
        from app.errors import ValidationError
        from app.services.challenges.profiles import set_profile

        row = self.current()
        if row is None or not self.handle.can_write:
            return None
        actor, data = self.handle.actor, self.profile_input()

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, ValidationError):
                self.message.setText(exc.message)
                self.message.setStyleSheet("color: #b00020;")
                return True
            return False

        self.message.setStyleSheet("")
        return self.handle.change(
            lambda s: set_profile(s, actor, row.member_id, data), title=self.tr("Werkprofiel opslaan"),
            failed=failed, success_text=self.tr("Het werkprofiel van {n} is opgeslagen.").format(n=row.name),
        )  # fmt: skip


__all__ = ["WorkTab"]
