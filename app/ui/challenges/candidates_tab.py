"""Kandidaten: for one challenge, its open places and the suggested members of the own case register
(each with why), proposing one with a click, and the pipeline of the own municipality's candidates
by step — next step and due date (late ones marked), the next step, stopping with a reason, the two
consents, the anonymous list for the employer and the introduction letter.

Built as ``CandidatesTab(context)``; every read and change runs on the task runner.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.domain.challenges import PIPELINE, CandidateStatus, StopReason
from app.domain.timefmt import date_text
from app.ui.contrast import late_step, tint
from app.ui.latest import LatestOnly
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel
from app.ui.widgets.flow import FlowLayout

S = CandidateStatus
LATE = "#fde2e1"
PROPOSE_STEP, PROPOSE_DAYS = "Kandidaat bellen: wil hij of zij voorgesteld worden?", 7


def _t(text: str) -> str:
    return QCoreApplication.translate("CandidatesTab", text)


def place_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("employer", _t("Werkgever")),
        ColumnSpec(lambda p: p.kind.label, _t("Soort")),
        ColumnSpec("open", _t("Open"), kind="int", tooltip=_t("Plaatsen zonder kandidaat in de pijplijn")),
        ColumnSpec("job_title", _t("Functie")),
        ColumnSpec(lambda p: p.language_level or "—", _t("Taal")),
        ColumnSpec("hours", _t("Uren"), kind="int"),
        ColumnSpec(lambda p: p.gemeente + (_t(" (regio)") if p.open_to_region else ""), _t("Gemeente")),
    ]


def suggestion_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec(lambda s: f"{s.employer} – {s.kind.label}", _t("Plaats")),
        ColumnSpec("member_name", _t("Voorgesteld")),
        ColumnSpec("score", _t("Score"), kind="int"),
        ColumnSpec("explanation", _t("Waarom")),
    ]


def _consents(c: Any) -> str:
    parts = [_t("kandidaat ✓") if c.candidate_consent_on else _t("kandidaat –"),
             _t("consulent ✓") if c.consulent_consent_on else _t("consulent –")]  # fmt: skip
    return ", ".join(parts)


def candidate_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec(lambda c: c.code, _t("Code")),
        ColumnSpec("member_name", _t("Naam")),
        ColumnSpec(lambda c: f"{c.employer} – {c.kind.label}", _t("Plaats")),
        ColumnSpec(lambda c: c.status.label, _t("Stap")),
        ColumnSpec(_consents, _t("Toestemming")),
        ColumnSpec(lambda c: late_step(c.next_step or (c.reason.label if c.reason else ""), c.overdue),
                   _t("Volgende stap")),
        ColumnSpec("next_due", _t("Uiterlijk"), kind="date"),
    ]


class CandidateModel(RowTableModel):
    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and self.row_at(index.row()).overdue:
            return tint(LATE)  # the row also says it in words (none under high contrast)
        return super().data(index, role)


def _next(status: CandidateStatus) -> CandidateStatus | None:
    i = PIPELINE.index(status) if status in PIPELINE else -1
    return PIPELINE[i + 1] if 0 <= i < len(PIPELINE) - 1 else None


class StepDialog(QDialog):
    """The next step of the pipeline, or stopping (``stop=True``): what comes after, and by when."""

    def __init__(self, parent: QWidget | None, c: Any, *, stop: bool, today: date) -> None:
        super().__init__(parent)
        self.stop, self.target = stop, S.GESTOPT if stop else _next(c.status)
        tr = self.tr
        self.setWindowTitle(tr("Kandidaat stoppen") if stop else tr("Volgende stap"))
        label = self.target.label.lower() if self.target else ""
        head = tr("{code} ({name}): van ‘{a}’ naar ‘{b}’.").format(
            code=c.code, name=c.member_name, a=c.status.label.lower(), b=label
        )
        self.reason = QComboBox()
        for r in StopReason:
            self.reason.addItem(r.label, r)
        self.reason_text = QLineEdit()
        self.reason_text.setPlaceholderText(tr("Toelichting (verplicht bij ‘Anders’)"))
        self.next_step = QLineEdit()
        self.next_step.setPlaceholderText(
            tr("Wat moet er nu gebeuren? Bijv. ‘Werkgever bellen voor een gesprek’")
        )
        due = today + timedelta(days=7)
        self.due = QDateEdit(QDate(due.year, due.month, due.day))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd-MM-yyyy")
        form = QFormLayout()
        ending = stop or (self.target is not None and self.target.ended)
        if stop:
            form.addRow(tr("Reden"), self.reason)
            form.addRow(tr("Toelichting"), self.reason_text)
        if not ending:
            form.addRow(tr("Volgende stap"), self.next_step)
            form.addRow(tr("Uiterlijk"), self.due)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("Stoppen") if stop else tr("Vastleggen")
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Annuleren"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(head))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        ending = self.stop or (self.target is not None and self.target.ended)
        return {
            "next_step": "" if ending else self.next_step.text(),
            "next_due": None if ending else self.due.date().toPython(),
            "reason": self.reason.currentData() if self.stop else None,
            "reason_text": self.reason_text.text() if self.stop else "",
        }


class CandidatesTab(QWidget):
    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today = date.today  # a test may freeze it
        self.challenge_id: int | None = None
        self.last_task: Any = None
        self.dialog: Any = None
        tr = self.tr
        self.challenge = QComboBox()
        self.challenge.setAccessibleName(tr("Challenge"))
        self.challenge.setMinimumWidth(320)
        self.challenge.currentIndexChanged.connect(self._challenge_chosen)
        self.refresh_button = QPushButton(tr("&Vernieuwen"))
        self.refresh_button.clicked.connect(lambda: self.load())
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #8a1c12; padding: 6px;")
        self.banner.setVisible(False)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #2e6b30;")

        self.places = RowTableModel(place_columns(), parent=self)
        self.places_view = DataTableView()
        self.places_view.setModel(self.places)
        self.suggestions = RowTableModel(suggestion_columns(), parent=self)
        self.suggestions_view = DataTableView()
        self.suggestions_view.setModel(self.suggestions)
        self.propose_button = QPushButton(tr("Als kandidaat &voorstellen…"))
        self.propose_button.clicked.connect(self.propose_selected)
        self.candidates = CandidateModel(candidate_columns(), parent=self)
        self.candidates_view = DataTableView()
        self.candidates_view.setModel(self.candidates)
        self.candidates_view.sig_selection_changed.connect(self._selected)
        self.places_view.set_empty_state(tr("Geen open plekken: alle toegezegde plekken zijn bezet of er "
                                            "is nog niets toegezegd."))
        self.suggestions_view.set_empty_state(tr("Geen voorstellen: er is geen wachtende kandidaat die past "
                                                 "bij de open plekken."))
        self.candidates_view.set_empty_state(tr("Nog geen kandidaten. Kies een voorstel hierboven en klik op "
                                                "Als kandidaat voorstellen."))
        self.board = QLabel()
        self.board.setWordWrap(True)
        self.board.setStyleSheet("color: #3b4651;")
        self.next_button = QPushButton(tr("&Volgende stap…"))
        self.next_button.clicked.connect(self.next_step)
        self.stop_button = QPushButton(tr("&Stoppen…"))
        self.stop_button.clicked.connect(self.stop)
        self.consent_candidate = QPushButton(tr("Toestemming &kandidaat"))
        self.consent_candidate.clicked.connect(lambda: self.record_consent("kandidaat"))
        self.consent_consulent = QPushButton(tr("Toestemming &consulent"))
        self.consent_consulent.clicked.connect(lambda: self.record_consent("consulent"))
        self.letter_button = QPushButton(tr("Voorstellings&brief…"))
        self.letter_button.clicked.connect(lambda: self.print_letter())
        self.dossier_button = QPushButton(tr("&Dossier openen"))
        self.dossier_button.clicked.connect(self.open_dossier)
        self.export_button = QPushButton(tr("&Anonieme lijst voor de werkgever…"))
        self.export_button.clicked.connect(lambda: self.export_anonymous())

        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Challenge")))
        top.addWidget(self.challenge)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        left = self._box(tr("Open plaatsen"), self.places_view)
        right = self._box(tr("Voorgestelde kandidaten uit uw dossiers (alleen op werkprofiel)"),
                          self.suggestions_view, self.propose_button)  # fmt: skip
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(left)
        upper.addWidget(right)
        upper.setSizes([420, 620])
        actions = [self.next_button, self.stop_button, self.consent_candidate, self.consent_consulent,
                   self.letter_button, self.dossier_button]  # fmt: skip
        lower = self._box(
            tr("Kandidaten van uw gemeente, per stap"), self.board, self.candidates_view, *actions
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setSizes([300, 320])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        layout.addWidget(splitter, 1)
        self._selected()
        self._started = False
        self._candidates_load = LatestOnly()  # another challenge chosen while one loads: the last one shows

    def showEvent(self, event: Any) -> None:
        """The challenges are read the first time the tab is shown (not when the page is built)."""
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.load_challenges()

    @staticmethod
    def _box(title: str, *widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: 600;")
        heading.setWordWrap(True)  # a long title or row of buttons wraps at a large system font
        layout.addWidget(heading)
        row = QWidget()
        buttons = FlowLayout(row, spacing=6)
        for w in widgets:
            if isinstance(w, QPushButton):
                buttons.addWidget(w)
            else:
                layout.addWidget(w, 1 if isinstance(w, DataTableView) else 0)
        layout.addWidget(row)
        return box

    # -- loading -------------------------------------------------------------------------------

    def _run(self, work: Any, done: Any, title: str) -> Any:
        def failed(exc: BaseException) -> None:
            self.show_error(exc)

        self.last_task = self.context.tasks.run(
            lambda session, _control: work(session), on_success=done, on_failure=failed, title=title,
            parent=self, cancellable=False,
        )  # fmt: skip
        return self.last_task

    def show_error(self, exc: BaseException | str | None) -> None:
        text = "" if exc is None else getattr(exc, "message", None) or str(exc)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def load_challenges(self) -> Any:
        from app.services.challenges.suggestions import challenge_choices

        actor = self.context.actor
        return self._run(
            lambda s: challenge_choices(s, actor), self._show_challenges, self.tr("Challenges lezen")
        )

    def _show_challenges(self, choices: list[Any]) -> None:
        self.challenge.blockSignals(True)
        self.challenge.clear()
        for c in choices:
            self.challenge.addItem(f"{date_text(c.held_on)} · {c.title}", c.id)
        self.challenge.blockSignals(False)
        if choices:
            self.challenge.setCurrentIndex(0)
            self._challenge_chosen()

    @Slot()
    def _challenge_chosen(self) -> None:
        self.challenge_id = self.challenge.currentData()
        if self.challenge_id is not None:
            self.load()

    def load(self) -> Any:
        from app.services.challenges.candidates import challenge_candidates
        from app.services.challenges.suggestions import open_places, suggest_candidates

        actor, cid, today = self.context.actor, self.challenge_id, self.today()
        if cid is None:
            return None

        def work(s: Any) -> tuple[Any, Any, Any]:
            return (open_places(s, actor, cid), suggest_candidates(s, actor, cid),
                    challenge_candidates(s, actor, cid, today=today))  # fmt: skip

        turn = self._candidates_load.start()
        return self._run(work, turn(self._show), self.tr("Kandidaten zoeken"))

    def _show(self, triple: tuple[list[Any], list[Any], list[Any]]) -> None:
        places, suggestions, candidates = triple
        self.places.set_rows(places)
        self.suggestions.set_rows(suggestions)
        keep = self.current()
        self.candidates.set_rows(sorted(candidates, key=self._order))
        for view in (self.places_view, self.suggestions_view, self.candidates_view):
            view.fit_columns()
        if suggestions:
            self.suggestions_view.selectRow(0)
        kept = keep is not None and self.candidates_view.select_row(lambda c: c.id == keep.id)
        if not kept and candidates:
            self.candidates_view.selectRow(0)
        counts = Counter(c.status for c in candidates)
        late = sum(c.overdue for c in candidates)
        steps = [f"{s.label} {counts[s]}" for s in [*PIPELINE, S.GESTOPT] if counts[s]]
        text = " · ".join(steps) or self.tr("Nog geen kandidaten voor deze challenge.")
        self.board.setText(text + (self.tr("  —  {n} te laat").format(n=late) if late else ""))
        self._selected()

    @staticmethod
    def _order(c: Any) -> tuple[int, date, int]:
        step = PIPELINE.index(c.status) if c.status in PIPELINE else len(PIPELINE)
        return step, c.next_due or date.max, c.id

    def current(self) -> Any:
        return self.candidates_view.current_row()

    @Slot()
    def _selected(self) -> None:
        c = self.current()
        open_ = c is not None and not c.status.ended
        self.next_button.setEnabled(open_)
        self.stop_button.setEnabled(open_)
        self.consent_candidate.setEnabled(open_ and c.candidate_consent_on is None)
        self.consent_consulent.setEnabled(open_ and c.consulent_consent_on is None)
        self.letter_button.setEnabled(c is not None and c.both_agreed)
        self.dossier_button.setEnabled(c is not None)
        self.propose_button.setEnabled(self.suggestions.rowCount() > 0)

    # -- actions -------------------------------------------------------------------------------

    def _done(self, text: str) -> Any:
        def done(_result: Any) -> None:
            self.show_error(None)
            self.info.setText(text)
            self.context.report_change()
            self.load()

        return done

    @Slot()
    def propose_selected(self) -> Any:
        s = self.suggestions_view.current_row()
        if s is None:
            return None
        question = self.tr(
            "{name} voorstellen als kandidaat voor {kind} bij {employer}?\n\nWaarom: {why}\n\nDe volgende "
            "stap wordt: {step} (uiterlijk over {days} dagen). Het komt ook in het plan van aanpak."
        ).format(
            name=s.member_name, kind=s.kind.label.lower(), employer=s.employer, why=s.explanation,
            step=PROPOSE_STEP, days=PROPOSE_DAYS,
        )  # fmt: skip
        yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Kandidaat voorstellen"), question, yes_no, self)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(self.tr("Voorstellen"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Annuleren"))
        box.finished.connect(lambda _code: self._propose(s) if box.clickedButton() is yes else None)
        self.dialog = box
        box.open()
        return box

    def _propose(self, s: Any) -> Any:
        from app.services.challenges.candidates import propose

        actor, today = self.context.actor, self.today()
        return self._run(
            lambda session: propose(
                session, actor, s.pledge_id, s.member_id, next_step=PROPOSE_STEP,
                next_due=today + timedelta(days=PROPOSE_DAYS), score=s.score, explanation=s.explanation,
                today=today,
            ),
            self._done(self.tr("{n} is voorgesteld als kandidaat.").format(n=s.member_name)),
            self.tr("Kandidaat voorstellen"),
        )  # fmt: skip

    def _step_dialog(self, stop: bool) -> Any:
        c = self.current()
        if c is None or c.status.ended:
            return None
        dialog = StepDialog(self, c, stop=stop, today=self.today())
        dialog.accepted.connect(lambda: self._move(c, dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def next_step(self) -> Any:
        return self._step_dialog(stop=False)

    @Slot()
    def stop(self) -> Any:
        return self._step_dialog(stop=True)

    def _move(self, c: Any, dialog: StepDialog) -> Any:
        from app.services.challenges.candidates import move_candidate

        actor, today, values, target = self.context.actor, self.today(), dialog.values(), dialog.target
        if target is None:
            return None
        text = self.tr("{code} staat nu op ‘{step}’.").format(
            code=c.code, step=target.label.lower() if target else ""
        )
        return self._run(lambda s: move_candidate(s, actor, c.id, c.version, target, today=today, **values),
                         self._done(text), self.tr("Stap vastleggen"))  # fmt: skip

    def record_consent(self, party: str) -> Any:
        from app.services.challenges.candidates import record_consent

        c = self.current()
        if c is None or c.status.ended:
            return None
        actor, today = self.context.actor, self.today()
        who = self.tr("De kandidaat") if party == "kandidaat" else self.tr("De consulent")
        text = self.tr("{who} geeft toestemming voor {code} (vandaag vastgelegd).").format(
            who=who, code=c.code
        )
        return self._run(lambda s: record_consent(s, actor, c.id, c.version, party, on=today, today=today),  # type: ignore[arg-type]
                         self._done(text), self.tr("Toestemming vastleggen"))  # fmt: skip

    def _ask_path(self, title: str, name: str, pattern: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), pattern)
        return Path(chosen) if chosen else None

    def export_anonymous(self, path: Path | None = None) -> Any:
        from app.services.challenges.anonymous import export_anonymous_list

        cid, actor = self.challenge_id, self.context.actor
        if cid is None:
            return None
        path = path or self._ask_path(
            self.tr("Anonieme lijst opslaan"), f"kandidaten-{cid}.xlsx", "Excel (*.xlsx)"
        )
        if path is None:
            return None
        target = path
        text = self.tr("{n} kandidaten staan in {p} (zonder namen, behalve met toestemming).")
        return self._run(
            lambda s: export_anonymous_list(s, actor, cid, target),
            lambda n: self.info.setText(text.format(n=n, p=target.name)),
            self.tr("Anonieme lijst maken"),
        )

    def print_letter(self, path: Path | None = None) -> Any:
        from app.services.challenges.introduction import write_introduction_letter

        c, actor, today = self.current(), self.context.actor, self.today()
        if c is None:
            return None
        path = path or self._ask_path(
            self.tr("Voorstellingsbrief opslaan"), f"voorstelling-{c.code}.pdf", "PDF (*.pdf)"
        )
        if path is None:
            return None
        target = path
        text = self.tr("De voorstellingsbrief staat in {p}.").format(p=target.name)
        return self._run(
            lambda s: write_introduction_letter(s, actor, c.id, target, today=today),
            lambda _pages: self.info.setText(text),
            self.tr("Voorstellingsbrief maken"),
        )

    @Slot()
    def open_dossier(self) -> Any:
        c = self.current()
        return None if c is None else self.context.open_link("dossier", c.dossier_id, self.window())


__all__ = ["CandidatesTab", "StepDialog"]
