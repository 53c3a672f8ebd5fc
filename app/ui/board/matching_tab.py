"""Matching: run the household ↔ dwelling matching for the region or one gemeente (in the
background, with progress and cancel), see every proposal with its explanation, accept one
(reserves the dwelling; a swap proposal when it crosses municipalities) or reject it with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Action, Area, Role, is_allowed
from app.errors import UserError
from app.services.board.matching import MatchRun
from app.services.region import GemeenteInfo
from app.ui.board.base import BoardTab
from app.ui.board.koppeling_filter_bar import fill_gemeenten, gemeente_combo
from app.ui.board.matching_detail import ProposalDetail
from app.ui.board.matching_model import (
    ProposalRow,
    RunSummary,
    proposal_columns,
    proposal_rows,
    summary_text,
)
from app.ui.context import AppContext
from app.ui.forms import HINT_STYLE
from app.ui.widgets import DataTableView, RowTableModel, TableExporter


def _t(text: str) -> str:
    return QCoreApplication.translate("MatchingTab", text)


class MatchingTab(BoardTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.gemeenten: list[GemeenteInfo] = []
        self.run_task: Any = None  # the running (or last) matching task; tests wait on it
        self.last_task: Any = None
        self.dialog: Any = None
        self.message_box: QMessageBox | None = None
        self.summary: RunSummary | None = None

        actor = context.actor
        own = actor.gemeente_code if actor.role is not Role.REGIO_COORDINATOR else None
        self.scope = gemeente_combo(self, own)  # a contactpersoon starts with the own gemeente
        self.scope.setItemText(0, self.tr("Hele regio"))
        self.run_action = QAction(self.tr("Matching uitvoeren"), self)
        self.run_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.run_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.run_action.triggered.connect(self.run_matching)
        self.addAction(self.run_action)
        self.run_button = QPushButton(self.tr("Matching uitvoeren"))
        self.run_button.setToolTip(self.tr("Voorstellen berekenen (F9)"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_action.trigger)
        self.summary_label = QLabel(
            self.tr(
                "Kies de regio of een gemeente en voer de matching uit (F9). Er wordt niets "
                "vastgelegd tot u een voorstel accepteert."
            )
        )
        self.summary_label.setObjectName("countLabel")
        self.summary_label.setWordWrap(True)

        self.model = RowTableModel(proposal_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
        self.table.sig_selection_changed.connect(self._selected)
        self.table.set_empty_state(
            self.tr("Nog geen voorstellen. Kies de regio of een gemeente en klik op Matching uitvoeren "
                    "(F9)."),
            before_load=True,
        )
        self.detail = ProposalDetail()
        self.accept_button = QPushButton(self.tr("Accepteren"))
        self.accept_button.setToolTip(self.tr("De woning reserveren voor dit huishouden"))
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button = QPushButton(self.tr("Afwijzen…"))
        self.reject_button.setToolTip(self.tr("Dit voorstel afwijzen met een reden"))
        self.reject_button.clicked.connect(self.reject_selected)
        note = QLabel(
            self.tr("Accepteren reserveert de woning; over gemeentegrenzen wordt het een uitruilvoorstel.")
        )
        note.setStyleSheet(HINT_STYLE)
        note.setWordWrap(True)

        # The run's own scope and counts, not the combo (which may have changed since the run).
        self.exporter = TableExporter(
            context, self.table, "matching", scope=self,
            describe=lambda: summary_text(self.summary) if self.summary else "",
        )  # fmt: skip

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Matching voor:")))
        top.addWidget(self.scope)
        top.addWidget(self.run_button)
        top.addSpacing(12)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.exporter.widget)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(8, 0, 0, 0)
        buttons.addWidget(note, 1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)
        right_layout.addLayout(buttons)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([740, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._selected()

    # -- loading the gemeenten ------------------------------------------------------------------

    def refresh(self) -> None:
        """Only the gemeente list; proposals are computed on request, and marked outdated otherwise."""
        from app.services.region import list_gemeenten

        if self.summary is not None and self.stale:
            self.summary_label.setText(
                summary_text(self.summary)
                + " · "
                + self.tr("gegevens gewijzigd: voer de matching opnieuw uit")
            )
        super().refresh()
        if self.gemeenten:
            return
        actor = self.context.actor

        def done(gemeenten: list[GemeenteInfo]) -> None:
            self.gemeenten = gemeenten
            fill_gemeenten(self.scope, gemeenten)

        self.last_task = self.context.tasks.run(
            lambda session, _control: list_gemeenten(session, actor),
            on_success=done,
            parent=self,
            silent=True,
        )

    # -- running ---------------------------------------------------------------------------------

    @Slot()
    def run_matching(self) -> None:
        from app.services.board.matching import run_matching

        if self.run_task is not None and self.run_task.is_running:
            return
        actor, code = self.context.actor, self.scope.currentData()
        scope_name = self.scope.currentText()
        text = self.tr("Matching…")

        def work(session: Any, control: Any) -> tuple[MatchRun, dict[int, int]]:
            run = run_matching(
                session,
                actor,
                gemeente_code=code,
                progress=lambda f: control.progress(f, text),
                cancelled=lambda: control.cancelled,
            )
            return run, _persons(session, [p.household_id for p in run.result.proposals])

        def done(result: tuple[MatchRun, dict[int, int]]) -> None:
            run, persons = result
            if self.table.empty_state is not None:
                self.table.empty_state.empty_text = self.tr(
                    "Geen voorstellen: er is geen vrije woning die past bij een wachtend huishouden. "
                    "Voer vrijgekomen woningen in of kies een andere gemeente."
                )
            self.model.set_rows(proposal_rows(run, persons))
            for column, width in ((0, 100), (1, 130), (2, 72), (3, 170), (4, 130), (5, 60), (6, 55)):
                self.table.setColumnWidth(column, width)
            self.summary = RunSummary(
                run.households,
                run.dwellings,
                len(run.result.proposals),
                len(run.result.households_without_fitting_dwelling),
                scope_name,
            )
            self.summary_label.setText(summary_text(self.summary))
            if self.model.rowCount():
                self.table.selectRow(0)
            self._selected()

        self.run_button.setEnabled(False)
        self.summary_label.setText(self.tr("Matching wordt uitgevoerd…"))
        self.run_task = self.context.tasks.run(
            work,
            on_success=done,
            on_failure=self._run_failed,
            title=self.tr("Matching uitvoeren"),
            parent=self,
        )
        self.run_task.sig_finished.connect(lambda: self.run_button.setEnabled(True))

    def _run_failed(self, exc: BaseException) -> None:
        from app.domain.matching import Cancelled as EngineCancelled
        from app.ui.tasks import Cancelled

        if isinstance(exc, Cancelled | EngineCancelled):
            self.summary_label.setText(self.tr("Matching geannuleerd; er is niets gewijzigd."))
            return
        message = exc.message if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
        self.summary_label.setText(self.tr("De matching is mislukt."))
        self.context.tasks.show_error(self, self.tr("Matching"), message)

    # -- a proposal ------------------------------------------------------------------------------

    def current(self) -> ProposalRow | None:
        rows = self.table.selected_rows()
        return rows[0] if rows else None

    def counterpart(self, row: ProposalRow) -> str:
        """The gemeente that must agree to the swap: the other party than the acting one."""
        if self.context.actor.gemeente_code == row.proposal.dwelling_gemeente:
            return row.household_gemeente
        return row.dwelling_gemeente

    def _can_decide(self, row: ProposalRow | None) -> bool:
        if row is None:
            return False
        actor = self.context.actor
        own = actor.gemeente_code in (row.proposal.household_gemeente, row.proposal.dwelling_gemeente)
        return actor.system or is_allowed(actor.role, Action.UPDATE, Area.BOARD, own_gemeente=own)

    @Slot()
    def _selected(self) -> None:
        row = self.current()
        self.detail.show_proposal(row, self.counterpart(row) if row else "")
        allowed = self._can_decide(row)
        self.reject_button.setEnabled(allowed)
        self.accept_button.setEnabled(allowed)
        party = row is None or self.context.actor.gemeente_code in (
            row.proposal.household_gemeente,
            row.proposal.dwelling_gemeente,
        )
        if row is not None and row.cross and not party:
            self.accept_button.setToolTip(
                self.tr("Wordt een uitruilvoorstel waar {a} en {b} allebei akkoord op moeten geven.").format(
                    a=row.household_gemeente, b=row.dwelling_gemeente
                )
            )
        else:
            self.accept_button.setToolTip(self.tr("De woning reserveren voor dit huishouden"))

    @Slot()
    def accept_selected(self) -> Any:
        """Across municipalities accepting proposes an agreement to another gemeente: ask first,
        with what it does to both forecasts (the question opens once that is computed)."""
        from app.domain.forecast import SwapChange
        from app.domain.periods import Period
        from app.ui.board.what_if import confirm_with_what_if

        row = self.current()
        if not self._can_decide(row):
            return None
        assert row is not None
        if not row.cross:
            self._accept(row)
            return None
        text = self.tr(
            "Voorstel accepteren? Woning {w} in {g} wordt voorgesteld voor huishouden {v} van {owner}; "
            "dat wordt een uitruilvoorstel aan {other}."
        ).format(
            w=row.dwelling, g=row.dwelling_gemeente, v=row.v_nummer, owner=row.household_gemeente,
            other=self.counterpart(row),
        )  # fmt: skip
        p = row.proposal
        persons = row.persons or 1
        change = SwapChange(p.household_gemeente, p.dwelling_gemeente, persons, p.household_id, p.dwelling_id)
        self.dialog = None

        def shown(box: Any) -> None:
            self.dialog = box

        return confirm_with_what_if(
            self, self.context, change, Period.containing(date.today()),
            title=self.tr("Voorstel over gemeentegrenzen"), text=text, yes_text=self.tr("&Ja, accepteren"),
            on_yes=lambda: self._accept(row), shown=shown,
            detail=self.tr("Het telt pas als beide gemeenten akkoord geven."),
        )  # fmt: skip

    def _accept(self, row: ProposalRow) -> None:
        from app.services.board.matching import accept_proposal

        actor, proposal = self.context.actor, row.proposal
        counterpart = self.counterpart(row)

        def done(swap_id: int | None) -> None:
            self._remove(row)
            if swap_id is None:
                text = self.tr("Woning {w} is gereserveerd voor huishouden {v}.").format(
                    w=row.dwelling, v=row.v_nummer
                )
                self.context.show_status(text)
            else:
                text = self.tr(
                    "Woning {w} is gereserveerd voor huishouden {v}. Omdat de woning in {g} ligt, is er een "
                    "uitruilvoorstel aan {other} gedaan (nummer {id}); het telt pas als {other} akkoord gaat."
                ).format(
                    w=row.dwelling, v=row.v_nummer, g=row.dwelling_gemeente, other=counterpart, id=swap_id
                )
                self.context.show_status(
                    self.tr("Uitruilvoorstel {id} gedaan aan {other}.").format(id=swap_id, other=counterpart)
                )
                self._inform(self.tr("Uitruilvoorstel gedaan"), text)
            self.sig_data_changed.emit()

        self.accept_button.setEnabled(False)
        self.last_task = self.context.tasks.run(
            lambda session, _control: accept_proposal(
                session, actor, proposal.household_id, proposal.dwelling_id
            ),
            on_success=done,
            on_failure=self._decision_failed,
            title=self.tr("Voorstel accepteren"),
            parent=self,
            cancellable=False,
        )

    @Slot()
    def reject_selected(self) -> Any:
        from app.ui.board.matching_reject_dialog import RejectDialog

        row = self.current()
        if not self._can_decide(row):
            return None
        assert row is not None
        dialog = RejectDialog(self.context, row, self)
        dialog.sig_rejected.connect(self._rejected)
        dialog.open()
        self.dialog = dialog
        return dialog

    @Slot(object)
    def _rejected(self, row: ProposalRow) -> None:
        self._remove(row)
        self.context.show_status(
            self.tr("Voorstel voor huishouden {v} afgewezen; het komt niet meer terug.").format(
                v=row.v_nummer
            )
        )

    def _decision_failed(self, exc: BaseException) -> None:
        self._selected()
        message = exc.message if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
        self._inform(self.tr("Voorstel niet geaccepteerd"), message, QMessageBox.Icon.Warning)

    def _remove(self, row: ProposalRow) -> None:
        index = self.model.row_of(lambda r: r.id == row.id)
        rows = [r for r in self.model.all_rows() if r.id != row.id]
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(min(max(index, 0), len(self.model.rows()) - 1))
        self._selected()

    def _inform(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message_box = box


def _persons(session: Any, household_ids: list[int]) -> dict[int, int]:
    """Household sizes for the proposals (MatchRun does not carry them)."""
    from sqlalchemy import select

    from app.db.models import Koppeling

    if not household_ids:
        return {}
    query = select(Koppeling.id, Koppeling.persons).where(Koppeling.id.in_(household_ids))
    return {kid: persons for kid, persons in session.execute(query)}
