"""Uitruilplan (regio-coördinator only): compute the regional swap plan in the background, read why
each swap is proposed, choose some and send them as ordinary swap proposals, which each
municipality still accepts or refuses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Role
from app.errors import UserError
from app.services.board.swap_plan import PlannedSwap, PlanRun
from app.ui.board.base import BoardTab
from app.ui.board.swap_plan_rows import PlanModel
from app.ui.context import AppContext
from app.ui.forms import HINT_STYLE
from app.ui.widgets import DataTableView

HELP = (
    "Het plan zoekt de uitruil van huishoudens tussen gemeenten waarmee de meeste huishoudens in de regio "
    "binnen hun termijn een passende woning krijgen: in de eigen gemeente of door uitruil. Het telt de "
    "aangekondigde woningen en de woningen die elke gemeente volgens het afgelopen jaar nog kan verwachten. "
    "Uitruil wordt alleen voorgesteld waar die iets oplevert, en elk grootboek blijft binnen de grens "
    "(lopende voorstellen tellen mee). Nationaliteit, religie, geslacht, leeftijd, taal en naam tellen "
    "nooit mee."
)


class SwapPlanTab(BoardTab):
    @classmethod
    def available(cls, context: AppContext) -> bool:
        """Only a regio-coördinator plans for the region and sends the proposals."""
        return context.actor.role is Role.REGIO_COORDINATOR

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.run: PlanRun | None = None
        self.run_task: Any = None  # tests wait on these
        self.send_task: Any = None
        self.dialog: Any = None

        self.bound = QSpinBox()
        self.bound.setAccessibleName(self.tr("Grens grootboek in personen"))
        self.bound.setRange(0, 500)
        self.bound.setValue(15)
        self.bound.setPrefix("±")
        self.bound.setSuffix(self.tr(" personen"))
        self.bound.setToolTip(
            self.tr("Hoe ver het grootboek van elke gemeente na het plan van nul mag liggen")
        )
        self.run_action = QAction(self.tr("Plan berekenen"), self)
        self.run_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.run_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.run_action.triggered.connect(self.compute)
        self.addAction(self.run_action)
        self.run_button = QPushButton(self.tr("Plan berekenen"))
        self.run_button.setToolTip(
            self.tr("Het uitruilplan voor de regio berekenen (F9); er wordt niets verstuurd")
        )
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_action.trigger)
        self.summary_label = QLabel(
            self.tr("Bereken het plan (F9). Er wordt niets verstuurd tot u dat kiest.")
        )
        self.summary_label.setObjectName("countLabel")
        self.summary_label.setWordWrap(True)

        self.model = PlanModel(self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
        self.table.sig_selection_changed.connect(self._selected)
        self.table.set_empty_state(
            self.tr("Nog geen plan. Klik op Plan berekenen (F9) om voorstellen voor uitruil te zien."),
            before_load=True,
        )
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Waarom dit voorstel"))
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(self.tr("Kies een voorstel om te zien waarom het wordt voorgesteld."))
        help_label = QLabel(self.tr(HELP))
        help_label.setWordWrap(True)
        help_label.setStyleSheet(HINT_STYLE)

        self.all_button = QPushButton(self.tr("Alles kiezen"))
        self.all_button.clicked.connect(lambda: self._choose_all(True))
        self.none_button = QPushButton(self.tr("Niets kiezen"))
        self.none_button.clicked.connect(lambda: self._choose_all(False))
        self.send_button = QPushButton(self.tr("Verstuur gekozen voorstellen…"))
        self.send_button.setToolTip(
            self.tr("Als gewone uitruilvoorstellen; beide gemeenten geven zelf akkoord of wijzen af")
        )
        self.send_button.clicked.connect(self.send_chosen)
        self.chosen_label = QLabel()
        self.model.dataChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Grens grootboek:")))
        top.addWidget(self.bound)
        top.addWidget(self.run_button)
        top.addSpacing(12)
        top.addWidget(self.summary_label, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Waarom dit voorstel")))
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(help_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.all_button)
        bottom.addWidget(self.none_button)
        bottom.addWidget(self.chosen_label, 1)
        bottom.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    def refresh(self) -> None:
        """Nothing to load: the plan is computed on request, and marked outdated after changes."""
        if self.run is not None and self.stale:
            self.summary_label.setText(
                self.run.summary + " " + self.tr("De gegevens zijn gewijzigd: bereken het plan opnieuw.")
            )
        super().refresh()

    # -- computing -------------------------------------------------------------------------------

    @Slot()
    def compute(self) -> None:
        from app.domain.swap_plan import LedgerBound
        from app.services.board.swap_plan import compute_swap_plan

        if self.run_task is not None and self.run_task.is_running:
            return
        actor, bound = self.context.actor, LedgerBound(self.bound.value())
        text = self.tr("Uitruilplan berekenen…")

        def work(session: Any, control: Any) -> PlanRun:
            return compute_swap_plan(
                session,
                actor,
                bound=bound,
                progress=lambda f: control.progress(f, text),
                cancelled=lambda: control.cancelled,
            )

        self.run_button.setEnabled(False)
        self.summary_label.setText(self.tr("Het plan wordt berekend…"))
        self.run_task = self.context.tasks.run(
            work, on_success=self._computed, on_failure=self._failed, title=text, parent=self
        )
        self.run_task.sig_finished.connect(lambda: self.run_button.setEnabled(True))

    def _computed(self, run: PlanRun) -> None:
        self.run = run
        if self.table.empty_state is not None:
            self.table.empty_state.empty_text = self.tr(
                "Geen uitruil nodig of mogelijk binnen deze grens. Lees de samenvatting hierboven."
            )
        self.model.set_rows(run.swaps)
        for column, width in ((0, 40), (1, 94), (2, 124), (3, 124), (4, 44), (5, 170), (6, 82), (7, 82)):
            self.table.setColumnWidth(column, width)
        total = max(self.splitter.width(), 800)  # the table with all its columns, the reasons beside
        self.splitter.setSizes([int(total * 0.63), total - int(total * 0.63)])
        self.summary_label.setText(run.summary)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._selected()

    def _failed(self, exc: BaseException) -> None:
        from app.domain.swap_plan import Cancelled as PlanCancelled
        from app.ui.tasks import Cancelled

        if isinstance(exc, Cancelled | PlanCancelled):
            self.summary_label.setText(self.tr("Berekening geannuleerd; er is niets gewijzigd."))
            return
        message = exc.message if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
        self.summary_label.setText(self.tr("Het plan kon niet worden berekend."))
        self.context.tasks.show_error(self, self.tr("Uitruilplan"), message)

    # -- choosing and sending ----------------------------------------------------------------------

    def current(self) -> PlannedSwap | None:
        rows = self.table.selected_rows()
        return rows[0] if rows else None

    @Slot()
    def _selected(self) -> None:
        row = self.current()
        if row is None:
            self.detail.clear()
            return
        title = self.tr("Huishouden {v}: van {owner} naar {host}").format(
            v=row.v_nummer, owner=row.owner_name, host=row.host_name
        )
        items = "".join(f"<li>{_escape(line)}</li>" for line in row.explanation)
        self.detail.setHtml(f"<p><b>{_escape(title)}</b></p><ul>{items}</ul>")

    def _choose_all(self, chosen: bool) -> None:
        self.model.choose_all(chosen)

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        n = len(self.model.chosen)
        self.send_button.setEnabled(n > 0)
        self.all_button.setEnabled(self.model.rowCount() > 0)
        self.none_button.setEnabled(n > 0)
        self.chosen_label.setText(self.tr("{n} van {total} gekozen").format(n=n, total=self.model.rowCount()))

    def parties(self, rows: list[PlannedSwap]) -> list[str]:
        """The municipalities the chosen proposals ask to agree, by name."""
        return sorted({r.owner_name for r in rows} | {r.host_name for r in rows})

    @Slot()
    def send_chosen(self) -> Any:
        """Sending asks other municipalities to agree: confirm first, naming them."""
        from app.ui.confirm import ask_confirmation

        rows = self.model.chosen_rows()
        if not rows:
            return None
        names = self.parties(rows)
        what = self.tr("Eén uitruilvoorstel") if len(rows) == 1 else self.tr("{n} uitruilvoorstellen")
        text = self.tr("{what} versturen? Dit vraagt akkoord van: {names}.").format(
            what=what.format(n=len(rows)), names=", ".join(names)
        )
        detail = self.tr(
            "Elke gemeente geeft zelf akkoord of wijst af; een uitruil telt pas als beide akkoord zijn."
        )
        own = self.context.actor.gemeente_name
        if own and own in names:
            detail += " " + self.tr("Voor {own} geldt versturen meteen als akkoord.").format(own=own)
        self.dialog = ask_confirmation(
            self, self.tr("Voorstellen versturen"), text, self.tr("&Ja, versturen"),
            lambda: self._send(rows), detail=detail,
        )  # fmt: skip
        return self.dialog

    def _send(self, rows: list[PlannedSwap]) -> None:
        from app.services.board.swap_plan import send_planned_swaps

        actor = self.context.actor

        def done(sent: list[Any]) -> None:
            keys = {r.key for r in rows}
            self.model.set_rows([r for r in self.model.all_rows() if r.key not in keys])
            self._selected()
            what = self.tr("Eén uitruilvoorstel") if len(sent) == 1 else self.tr("{n} uitruilvoorstellen")
            self.context.show_status(
                self.tr("{what} verstuurd; de gemeenten beslissen nu zelf.").format(
                    what=what.format(n=len(sent))
                )
            )
            self.sig_data_changed.emit()

        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
            self.context.tasks.show_error(self, self.tr("Niet verstuurd"), message)
            self._update_buttons()

        self.send_button.setEnabled(False)
        self.send_task = self.context.tasks.run(
            lambda session, _control: send_planned_swaps(session, actor, rows),
            on_success=done, on_failure=failed, title=self.tr("Voorstellen versturen"), parent=self,
            cancellable=False,
        )  # fmt: skip


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
