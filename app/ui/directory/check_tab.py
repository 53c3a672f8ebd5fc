"""Te controleren: the initiatives of one owning municipality not checked within the check period,
the oldest check first. "Klopt nog" on a row is one click; several selected rows are verified in
one go. A regio-coördinator picks the municipality; everyone else sees their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.roles import Action, Area, Role, is_allowed
from app.errors import UserError
from app.ui.directory.results import InitiativeModel
from app.ui.fonts import pt
from app.ui.forms import HINT_STYLE
from app.ui.widgets.table import ColumnSpec, DataTableView

if TYPE_CHECKING:
    from app.services.directory.search import InitiativeRow
    from app.ui.context import AppContext
    from app.ui.tasks import Task


@dataclass(frozen=True)
class CheckList:
    gemeente_id: int | None
    rows: list[InitiativeRow]
    gemeenten: list[tuple[int, str, str]]
    check_months: int


@dataclass(frozen=True)
class VerifyOutcome:
    done: list[str]
    failed: list[tuple[str, str]]  # (name, why)


def check_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec(lambda _r: "", "", tooltip="Gecontroleerd en alles klopt nog: één klik"),
        ColumnSpec("name", "Naam"),
        ColumnSpec("kind_label", "Soort"),
        ColumnSpec("contact_name", "Contactpersoon"),
        ColumnSpec("contact_phone", "Telefoon"),
        ColumnSpec("contact_email", "E-mail"),
        ColumnSpec("checked_on", "Laatst gecontroleerd", kind="date",
                   format=lambda v: v.strftime("%d-%m-%Y") if v else "nooit"),
        ColumnSpec(lambda r: r.freshness.label, "Controle"),
    ]  # fmt: skip


def picks_gemeente(actor: Any) -> bool:
    return actor.system or actor.role is Role.REGIO_COORDINATOR or actor.gemeente_id is None


class CheckTab(QWidget):
    sig_data_changed = Signal()
    """Initiatives were verified here."""
    sig_loaded = Signal()
    """The list was (re)loaded."""
    sig_open = Signal(int)
    """Show this initiative's detail (on the Zoeken tab)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.stale = True
        self.data: CheckList | None = None
        self.last_task: Task | None = None
        self._generation = 0
        actor = context.actor
        self.gemeente = QComboBox(self)
        self.gemeente.setMinimumContentsLength(16)
        self.gemeente.setVisible(picks_gemeente(actor))
        self.gemeente_label = QLabel(self.tr("&Gemeente:"))
        self.gemeente_label.setBuddy(self.gemeente)
        self.gemeente_label.setVisible(self.gemeente.isVisible())
        self.gemeente.currentIndexChanged.connect(lambda _i: self.refresh())
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(HINT_STYLE)
        self.model = InitiativeModel(check_columns(), parent=self)
        self.table = DataTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # oldest check first: the order is the point
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: #5b6670; font-size: {pt(1.1)}; padding: 24px;")
        self.empty.setVisible(False)
        self.verify_selected_button = QPushButton(self.tr("Geselecteerde: &klopt nog"))
        self.verify_selected_button.setToolTip(
            self.tr(
                "Alle gekozen initiatieven zijn nagevraagd en kloppen nog "
                "(Ctrl+klik of Shift+klik kiest er meer)"
            )
        )
        self.verify_selected_button.clicked.connect(self.verify_selected)
        self.open_button = QPushButton(self.tr("&Openen"))
        self.open_button.setToolTip(self.tr("De gegevens tonen om ze te wijzigen (Enter of dubbelklik)"))
        self.open_button.clicked.connect(self._open_current)
        self.refresh_button = QPushButton(self.tr("&Vernieuwen"))
        self.refresh_button.clicked.connect(self.refresh)
        self.round_button = QPushButton(self.tr("Controleronde naar &Excel…"))
        self.round_button.setToolTip(
            self.tr(
                "Een werkmap voor een mailing aan de contactpersonen: de gegevens zoals ze nu staan, "
                "met kolommen voor hun antwoord. Lees de antwoorden terug met Importeren → Controleronde."
            )
        )
        self.round_button.clicked.connect(lambda: self.export_round())
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.table.sig_selection_changed.connect(self.update_actions)
        self.table.sig_row_activated.connect(lambda row: self.sig_open.emit(row.id))

        head = QHBoxLayout()
        head.addWidget(self.gemeente_label)
        head.addWidget(self.gemeente)
        head.addWidget(self.intro, 1)
        head.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.addWidget(self.verify_selected_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.round_button)
        actions.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(actions)
        self.update_actions()

    def mark_stale(self) -> None:
        self.stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def may_verify(self) -> bool:
        actor = self.context.actor
        if self.data is None or self.data.gemeente_id is None:
            return False
        own = self.data.gemeente_id == actor.gemeente_id
        return actor.system or is_allowed(actor.role, Action.UPDATE, Area.DIRECTORY, own_gemeente=own)

    @Slot()
    def refresh(self) -> Task:
        from app.services.directory.reference import check_months, gemeenten_by_id
        from app.services.directory.search import to_check

        self.stale = False
        self._generation += 1
        generation, actor = self._generation, self.context.actor
        chosen = self.gemeente.currentData()
        target = chosen if chosen is not None else actor.gemeente_id

        def work(session: Any, _control: Any) -> CheckList:
            names = gemeenten_by_id(session)
            gemeenten = sorted(((gid, code, name) for gid, (code, name) in names.items()), key=lambda g: g[2])
            pick = target if target is not None else (gemeenten[0][0] if gemeenten else None)
            rows = to_check(session, actor, pick) if pick is not None else []
            return CheckList(pick, rows, gemeenten, check_months(session))

        def done(data: CheckList) -> None:
            if generation == self._generation:
                self.show_list(data)

        self.last_task = self.context.tasks.run(
            work, on_success=done, title=self.tr("Te controleren laden"), parent=self
        )
        return self.last_task

    def export_round(self, path: Path | None = None) -> Task | None:
        """The mail-merge sheet of the municipality shown (the service checks the right)."""
        from app.services.directory.excel import export_verification_round
        from app.ui.save_file import ask_save_file

        if self.data is None or self.data.gemeente_id is None:
            return None
        gemeente_id = self.data.gemeente_id
        path = path or ask_save_file(self, f"controleronde-{date.today():%Y-%m-%d}.xlsx", "xlsx")
        if path is None:
            return None
        actor = self.context.actor

        def work(session: Any, _control: Any) -> object:
            return export_verification_round(session, actor, gemeente_id, path)

        def done(_result: object) -> None:
            self.result.setText(self.tr("Controleronde opgeslagen: {file}").format(file=path))

        return self.context.tasks.run(
            work, on_success=done, title=self.tr("Controleronde maken"), parent=self
        )

    def show_list(self, data: CheckList) -> None:
        self.data = data
        if self.gemeente.count() == 0:
            self.gemeente.blockSignals(True)
            for gid, _code, name in data.gemeenten:
                self.gemeente.addItem(name, gid)
            self.gemeente.blockSignals(False)
        self.gemeente.blockSignals(True)
        self.gemeente.setCurrentIndex(max(0, self.gemeente.findData(data.gemeente_id)))
        self.gemeente.blockSignals(False)
        name = next((n for gid, _c, n in data.gemeenten if gid == data.gemeente_id), "")
        self.intro.setText(
            self.tr("Initiatieven van {g} die langer dan {m} maanden niet zijn nagevraagd, de oudste "
                    "controle eerst. Bel of mail de contactpersoon; klopt alles nog, kies dan "
                    "<b>Klopt nog</b>. Is er iets veranderd, kies dan <b>Openen</b>.")
            .format(g=name, m=data.check_months)
        )  # fmt: skip
        self.model.set_rows(data.rows)
        allowed = self.may_verify()
        for r in range(self.model.rowCount()):
            row = self.model.row_at(r)
            button = QPushButton(self.tr("Klopt nog"))
            button.setAutoDefault(False)
            button.setEnabled(allowed)
            button.setToolTip(self.tr("“{name}” is nagevraagd en klopt nog").format(name=row.name))
            button.clicked.connect(lambda _=False, rid=row.id: self.verify_rows([rid]))
            self.table.setIndexWidget(self.model.index(r, 0), button)
        if data.rows:
            self.table.fit_columns()
            self.table.setColumnWidth(0, 96)
        self.empty.setText(
            self.tr("Niets te controleren bij {g}: alle initiatieven zijn recent nagevraagd.").format(g=name)
        )
        self.empty.setVisible(not data.rows)
        self.table.setVisible(bool(data.rows))
        self.update_actions()
        self.sig_loaded.emit()

    @Slot()
    def update_actions(self) -> None:
        selected = self.table.selected_rows() if self.data else []
        allowed = self.may_verify()
        self.verify_selected_button.setEnabled(allowed and bool(selected))
        self.verify_selected_button.setText(
            self.tr("Geselecteerde ({n}): &klopt nog").format(n=len(selected)) if len(selected) > 1
            else self.tr("Geselecteerde: &klopt nog")
        )  # fmt: skip
        self.open_button.setEnabled(len(selected) == 1)
        if self.data is not None and not allowed:
            self.verify_selected_button.setToolTip(
                self.tr("Alleen de eigen gemeente (of de regio-coördinator) kan dit controleren.")
            )

    @Slot()
    def _open_current(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.sig_open.emit(row.id)

    @Slot()
    def verify_selected(self) -> Task | None:
        return self.verify_rows([r.id for r in self.table.selected_rows()])

    def verify_rows(self, ids: list[int]) -> Task | None:
        """Record "gecontroleerd, klopt nog" for each; one that someone changed meanwhile is skipped
        and named (a conflict is never overwritten)."""
        from app.services.directory.initiatives import verify_initiative

        if self.data is None or not ids or not self.may_verify():
            return None
        by_id = {r.id: r for r in self.data.rows}
        chosen = [(i, by_id[i].version, by_id[i].name) for i in ids if i in by_id]
        actor = self.context.actor

        def work(session: Any, _control: Any) -> VerifyOutcome:
            done, failed = [], []
            for initiative_id, version, name in chosen:
                try:
                    verify_initiative(session, actor, initiative_id, version)
                    done.append(name)
                except UserError as exc:  # raised before anything of this one was written
                    failed.append((name, exc.message))
            return VerifyOutcome(done, failed)

        def finished(outcome: VerifyOutcome) -> None:
            parts = []
            if len(outcome.done) > 1:
                parts.append(self.tr("{n} gecontroleerd: klopt nog.").format(n=len(outcome.done)))
            elif outcome.done:
                parts.append(self.tr("“{name}” gecontroleerd: klopt nog.").format(name=outcome.done[0]))
            for name, why in outcome.failed:
                parts.append(self.tr("“{name}” niet: {why}").format(name=name, why=why))
            self.result.setText(" ".join(parts))
            self.result.setStyleSheet("color: #b3261e;" if outcome.failed else "color: #1a7f37;")
            self.context.show_status(parts[0] if parts else "")
            if outcome.done:
                self.context.report_change()
                self.sig_data_changed.emit()
            self.refresh()

        self.verify_selected_button.setEnabled(False)
        self.last_task = self.context.tasks.run(
            work, on_success=finished, title=self.tr("Controle opslaan"), parent=self, cancellable=False
        )
        return self.last_task
