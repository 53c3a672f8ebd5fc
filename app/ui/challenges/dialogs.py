"""The challenge dialog and the pledge dialog: fields with their own error line; saving runs on the
task runner; a conflict (someone else saved first) is said above the buttons."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.challenges import SBI_SECTIONS, PlaceKind
from app.errors import ConflictError, UserError, ValidationError
from app.ui.a11y import name_fields
from app.ui.forms import ERROR_STYLE, FieldWithError, set_field_errors

if TYPE_CHECKING:
    from app.services.challenges.challenges import ChallengeInfo, ChallengeInput
    from app.services.challenges.pledges import PledgeInfo, PledgeInput
    from app.ui.context import AppContext
    from app.ui.tasks import Task


def _qdate(day: date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate.currentDate()


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _SaveDialog(QDialog):
    sig_saved = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.fields: dict[str, FieldWithError] = {}
        self.form = QFormLayout()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.last_task: Task | None = None
        self.saved: Any = None

    def _row(self, key: str, label: str, *widgets: QWidget, hint: str = "") -> None:
        self.fields[key] = FieldWithError(*widgets, hint=hint)
        self.form.addRow(label, self.fields[key])

    def _work(self, session: Any) -> Any:
        raise NotImplementedError

    def save(self) -> Task:
        self.problem.setVisible(False)
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            self.buttons.setEnabled(True)
            self.saved = result
            self.sig_saved.emit(result)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            errors = exc.fields if isinstance(exc, ValidationError) else {}
            set_field_errors(self.fields, errors)
            if isinstance(exc, ConflictError):
                self.problem.setText(
                    self.tr("Iemand anders heeft dit net opgeslagen. Sluit het venster en open het opnieuw.")
                )
            elif isinstance(exc, UserError) and not errors:
                self.problem.setText(exc.message)
            self.problem.setVisible(not errors)

        self.last_task = self.context.tasks.run(
            lambda s, _c: self._work(s),
            on_success=done,
            on_failure=failed,
            title=self.tr("Opslaan"),
            parent=self,
        )
        return self.last_task


class ChallengeDialog(_SaveDialog):
    """A new challenge (``info`` None) or the fields of an existing one."""

    def __init__(
        self, context: AppContext, gemeenten: list[tuple[int, str, str]], info: ChallengeInfo | None = None,
        parent: QWidget | None = None, today: date | None = None,
    ) -> None:  # fmt: skip
        super().__init__(context, parent)
        self.info = info
        self.setWindowTitle(self.tr("Challenge wijzigen") if info else self.tr("Nieuwe challenge"))
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Bijvoorbeeld: Challenge Zorg Zeist"))
        self.held_on = QDateEdit()
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("dd-MM-yyyy")
        self.from_time, self.to_time = QLineEdit(), QLineEdit()
        for edit, text in ((self.from_time, "14:00"), (self.to_time, "17:00")):
            edit.setPlaceholderText(text)
            edit.setMaximumWidth(70)
        self.venue = QLineEdit()
        self.lead = QComboBox()
        for gid, _code, name in gemeenten:
            self.lead.addItem(name, gid)
        self.organisers = QLineEdit()
        self.organisers.setPlaceholderText(self.tr("CBS-codes, bijvoorbeeld GM0312 GM0355"))
        self.target = QSpinBox(maximum=10_000)
        self.target.setMaximumWidth(90)
        self.kinds: dict[PlaceKind, QCheckBox] = {k: QCheckBox(k.label) for k in PlaceKind}
        kinds_box = QWidget()
        kinds_row = QHBoxLayout(kinds_box)
        kinds_row.setContentsMargins(0, 0, 0, 0)
        for box in self.kinds.values():
            kinds_row.addWidget(box)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self._row("title", self.tr("&Titel:"), self.title)
        self._row("held_on", self.tr("&Datum:"), self.held_on)
        self._row("from_time", self.tr("&Van:"), self.from_time, hint=self.tr("uu:mm"))
        self._row("to_time", self.tr("&Tot:"), self.to_time)
        self._row("venue", self.tr("&Locatie:"), self.venue)
        self._row("gemeente_id", self.tr("&Organiseert (houdt bij):"), self.lead)
        self._row("organisers", self.tr("&Mede-organisatoren:"), self.organisers)
        self._row("target_places", self.tr("Doel (&plekken):"), self.target)
        self._row("target_kinds", self.tr("Soorten plekken:"), kinds_box)
        self._row("notes", self.tr("&Notities:"), self.notes)
        if info is not None:
            d = info.data
            self.title.setText(d.title)
            self.held_on.setDate(_qdate(d.held_on))
            self.from_time.setText(d.from_time)
            self.to_time.setText(d.to_time)
            self.venue.setText(d.venue)
            self.lead.setCurrentIndex(max(self.lead.findData(d.gemeente_id), 0))
            self.organisers.setText(" ".join(c for c in d.organisers if c != info.owner_code))
            self.target.setValue(d.target_places)
            for k in d.target_kinds:
                self.kinds[k].setChecked(True)
            self.notes.setPlainText(d.notes)
        else:
            self.held_on.setDate(_qdate(today or date.today()))
            own = context.actor.gemeente_id
            self.lead.setCurrentIndex(max(self.lead.findData(own), 0))
        self.resize(620, self.sizeHint().height())
        name_fields(self)  # labels whose fields sit in wrappers name them too

    def input(self) -> ChallengeInput:
        from app.services.challenges.challenges import ChallengeInput

        return ChallengeInput(
            title=self.title.text(), held_on=_date(self.held_on.date()), gemeente_id=self.lead.currentData(),
            from_time=self.from_time.text(), to_time=self.to_time.text(), venue=self.venue.text(),
            organisers=self.organisers.text().replace(",", " ").split(), target_places=self.target.value(),
            target_kinds=[k for k, box in self.kinds.items() if box.isChecked()],
            notes=self.notes.toPlainText(),
        )  # fmt: skip

    def _work(self, session: Any) -> Any:
        from app.services.challenges import challenges as sc

        actor, data = self.context.actor, self.input()
        if self.info is None:
            return sc.create_challenge(session, actor, data)
        return sc.update_challenge(session, actor, self.info.id, self.info.version, data)


class PledgeDialog(_SaveDialog):
    """A new pledge at a challenge (``info`` None) or an existing one."""

    def __init__(
        self, context: AppContext, employers: list[tuple[int, str]], gemeente_id: int,
        challenge_id: int | None, info: PledgeInfo | None = None, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        from app.services.challenges.pledges import PLEDGE_LEVELS

        super().__init__(context, parent)
        self.info, self.gemeente_id, self.challenge_id = info, gemeente_id, challenge_id
        self.setWindowTitle(self.tr("Toezegging wijzigen") if info else self.tr("Nieuwe toezegging"))
        self.employer = QComboBox()
        for eid, name in employers:
            self.employer.addItem(name, eid)
        self.kind = QComboBox()
        for k in PlaceKind:
            self.kind.addItem(k.label, k)
        self.places = QSpinBox(minimum=0, maximum=999, value=1)
        self.places.setMaximumWidth(90)
        self.sector = QComboBox()
        self.sector.addItem(self.tr("(geen)"), "")
        for letter, label in SBI_SECTIONS.items():
            self.sector.addItem(f"{letter} – {label}", letter)
        self.job_title = QLineEdit()
        self.level = QComboBox()
        self.level.addItem(self.tr("Geen eis"), "")
        for level in PLEDGE_LEVELS:
            self.level.addItem(level, level)
        self.hours = QSpinBox(minimum=0, maximum=99)
        self.hours.setSpecialValueText(self.tr("onbekend"))
        self.hours.setMaximumWidth(110)
        self.location = QLineEdit()
        self.start_known = QCheckBox(self.tr("bekend"))
        self.start_on = QDateEdit()
        self.start_on.setCalendarPopup(True)
        self.start_on.setDisplayFormat("dd-MM-yyyy")
        self.start_on.setEnabled(False)
        self.start_known.toggled.connect(self.start_on.setEnabled)
        self.region = QCheckBox(self.tr("Meteen open voor de hele regio"))
        self._row("employer_id", self.tr("&Werkgever:"), self.employer)
        self._row("kind", self.tr("&Soort plek:"), self.kind)
        self._row("places", self.tr("&Aantal plekken:"), self.places, hint=self.tr("1 tot 500"))
        self._row("sector", self.tr("S&ector:"), self.sector)
        self._row("job_title", self.tr("&Functie:"), self.job_title)
        self._row("language_level", self.tr("&Taalniveau:"), self.level)
        self._row("hours", self.tr("&Uren per week:"), self.hours, hint=self.tr("1 tot 40"))
        self._row("location", self.tr("Werk&plek:"), self.location)
        self._row("start_on", self.tr("Start&datum:"), self.start_on, self.start_known)
        self._row("open_to_region", "", self.region)
        if info is not None:
            d = info.data
            self.employer.setCurrentIndex(max(self.employer.findData(d.employer_id), 0))
            self.kind.setCurrentIndex(max(self.kind.findData(d.kind), 0))
            self.places.setValue(d.places)
            self.sector.setCurrentIndex(max(self.sector.findData(d.sector), 0))
            self.job_title.setText(d.job_title)
            self.level.setCurrentIndex(max(self.level.findData(d.language_level), 0))
            self.hours.setValue(d.hours or 0)
            self.location.setText(d.location)
            self.start_known.setChecked(d.start_on is not None)
            self.start_on.setDate(_qdate(d.start_on))
            self.region.setChecked(d.open_to_region)
        self.resize(560, self.sizeHint().height())
        name_fields(self)  # labels whose fields sit in wrappers name them too

    def input(self) -> PledgeInput:
        from app.services.challenges.pledges import PledgeInput

        base = self.info.data if self.info is not None else None
        data = PledgeInput(
            employer_id=self.employer.currentData() or 0,
            gemeente_id=base.gemeente_id if base else self.gemeente_id,
            kind=self.kind.currentData(), places=self.places.value(),
            challenge_id=base.challenge_id if base else self.challenge_id, sector=self.sector.currentData(),
            job_title=self.job_title.text(), language_level=self.level.currentData(),
            hours=self.hours.value() or None, location=self.location.text(),
            start_on=_date(self.start_on.date()) if self.start_known.isChecked() else None,
            open_to_region=self.region.isChecked(),
        )  # fmt: skip
        return replace(data, notes=base.notes) if base else data

    def _work(self, session: Any) -> Any:
        from app.services.challenges import pledges as sp

        actor, data = self.context.actor, self.input()
        if self.info is None:
            return sp.create_pledge(session, actor, data)
        return sp.update_pledge(session, actor, self.info.id, self.info.version, data)
