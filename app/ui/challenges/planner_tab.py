"""Planner: the challenges on a timeline grouped by month (today marked), and one challenge's pane:
its fields, the checklist with ticks, the invited employers, and the pledges with their unfilled
flag and the button that opens the places to the whole region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.challenges import CHALLENGE_ORDER
from app.domain.timefmt import MONTHS_NL, date_text
from app.errors import UserError
from app.ui.challenges import pledge_actions
from app.ui.contrast import tint
from app.ui.forms import ERROR_STYLE, HINT_STYLE
from app.ui.latest import LatestOnly
from app.ui.widgets.flow import button_row

if TYPE_CHECKING:
    from app.services.challenges.challenges import ChallengeInfo, Planner
    from app.services.challenges.pledges import PledgeInfo
    from app.services.today import Target
    from app.ui.context import AppContext
    from app.ui.tasks import Task

FLAG = QColor("#b3261e")


@dataclass(frozen=True)
class PlannerData:
    planner: Planner
    gemeenten: list[tuple[int, str, str]]
    employers: list[tuple[int, str]]


@dataclass(frozen=True)
class ChallengeView:
    info: ChallengeInfo
    pledges: list[PledgeInfo]


def load_planner(session: Any, actor: Any, today: date) -> PlannerData:
    from sqlalchemy import select

    from app.db.models import Employer
    from app.services.challenges.challenges import planner
    from app.services.directory.reference import gemeenten_by_id

    names = gemeenten_by_id(session)
    gemeenten = sorted(((gid, code, name) for gid, (code, name) in names.items()), key=lambda g: g[2])
    employers = [
        (e.id, e.name)
        for e in session.scalars(select(Employer).where(Employer.active).order_by(Employer.name))
    ]
    return PlannerData(planner(session, actor, today), gemeenten, employers)


def load_challenge(session: Any, actor: Any, challenge_id: int, today: date) -> ChallengeView:
    from app.services.challenges.challenges import get_challenge
    from app.services.challenges.pledges import challenge_pledges

    info = get_challenge(session, actor, challenge_id)
    return ChallengeView(info, challenge_pledges(session, actor, [challenge_id], today).get(challenge_id, []))


class PlannerTab(QWidget):
    sig_data_changed = Signal()
    sig_loaded = Signal()
    sig_challenge_shown = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today or date.today()
        self.stale = True
        self.data: PlannerData | None = None
        self.view: ChallengeView | None = None
        self.last_task: Task | None = None
        self._pending_pledge: int | None = None
        # Picks and reloads overlap (a click on the next challenge, actions in a row): the last one shows.
        self._planner_load, self._challenge_load = LatestOnly(), LatestOnly()
        # The timeline
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels([self.tr("Datum"), self.tr("Challenge"), self.tr("Nog open")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setColumnWidth(0, 95)
        self.timeline.setColumnWidth(1, 210)
        self.timeline.setWordWrap(True)
        self.timeline.itemSelectionChanged.connect(self._picked)
        self.new_button = QPushButton(self.tr("&Nieuwe challenge…"))
        self.new_button.clicked.connect(lambda: self.new_challenge())
        from app.ui.challenges.list_export import export_button

        tip = self.tr("Alle challenges met wat nog open staat, als Excel-bestand")
        self.export_button = export_button(context.actor, "challenges", tip, lambda: self.export())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("<b>Challenges</b>")))
        # Rows of buttons wrap at a large system font instead of widening the window (issue 17).
        head.addWidget(button_row(self.new_button, self.export_button), 1)
        left_layout.addLayout(head)
        left_layout.addWidget(self.timeline)
        # The pane
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        # Room for a few words a line: the buttons beside it wrap first (at a large system font).
        self.heading.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.edit_button = QPushButton(self.tr("&Wijzigen…"))
        self.edit_button.clicked.connect(lambda: self.edit_challenge())
        self.next_button = QPushButton()
        self.next_button.clicked.connect(lambda: self.next_step())
        from app.ui.challenges.prints_menu import ChallengePrints

        self.prints = ChallengePrints(context, self, lambda: self.view.info.id if self.view else None)
        self.checklist = QListWidget()
        self.checklist.itemChanged.connect(self._ticked)
        self.new_check = QLineEdit()
        self.new_check.setPlaceholderText(self.tr("Eigen punt toevoegen, bijvoorbeeld 'Koffie bestellen'"))
        self.new_check.returnPressed.connect(lambda: self.add_check())
        self.employers = QListWidget()
        self.employers.itemChanged.connect(self._participating)
        self.invite_pick = QComboBox()
        self.invite_pick.setMinimumContentsLength(18)
        self.invite_button = QPushButton(self.tr("&Uitnodigen"))
        self.invite_button.clicked.connect(lambda: self.invite())
        self.pledges = QTableWidget(0, 5)
        self.pledges.setHorizontalHeaderLabels(
            [
                self.tr("Werkgever"),
                self.tr("Soort"),
                self.tr("Plekken"),
                self.tr("Ingevuld"),
                self.tr("Signaal"),
            ]
        )
        self.pledges.horizontalHeader().setStretchLastSection(True)
        self.pledges.verticalHeader().setVisible(False)
        self.pledges.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.pledges.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.pledges.itemSelectionChanged.connect(self.update_actions)
        self.pledges.cellDoubleClicked.connect(lambda *_: self.edit_pledge())
        from app.ui.widgets.empty_state import EmptyState

        self.pledges_empty = EmptyState(
            self.pledges, self.tr("Nog geen toezeggingen. Voeg er een toe met Toezegging toevoegen.")
        )
        self.add_pledge_button = QPushButton(self.tr("&Toezegging toevoegen…"))
        self.add_pledge_button.clicked.connect(lambda: self.new_pledge())
        self.region_button = QPushButton(self.tr("Openstellen voor de &regio…"))
        self.region_button.setToolTip(self.tr("De open plekken worden aangekondigd bij de andere gemeenten"))
        self.region_button.clicked.connect(lambda: self.open_to_region())
        self.handled_button = QPushButton(self.tr("Signaal &afgehandeld"))
        self.handled_button.setToolTip(
            self.tr("De plekken blijven zoals ze zijn; het signaal verdwijnt van de pagina Vandaag")
        )
        self.handled_button.clicked.connect(lambda: self.mark_handled())
        self.message = QLabel()
        self.message.setWordWrap(True)
        pane = QWidget()
        p = QVBoxLayout(pane)
        p.setContentsMargins(8, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(button_row(self.next_button, self.edit_button, self.prints.button))
        p.addLayout(top)
        lists = QHBoxLayout()
        for title, widget, extra in (
            (self.tr("Checklist"), self.checklist, self.new_check),
            (self.tr("Werkgevers (vinkje: doet mee)"), self.employers, None),
        ):
            column = QVBoxLayout()
            heading = QLabel(f"<b>{title}</b>")
            heading.setWordWrap(True)
            column.addWidget(heading)
            column.addWidget(widget)
            if extra is not None:
                column.addWidget(extra)
            else:
                row = QHBoxLayout()
                row.addWidget(self.invite_pick, 1)
                row.addWidget(self.invite_button)
                column.addLayout(row)
            lists.addLayout(column, 1)
        p.addLayout(lists, 3)
        p.addWidget(QLabel(self.tr("<b>Toegezegde plekken</b>")))
        p.addWidget(self.pledges, 2)
        p.addWidget(button_row(self.add_pledge_button, self.region_button, self.handled_button,
                                alignment=Qt.AlignmentFlag.AlignLeft))  # fmt: skip
        p.addWidget(self.message)
        self.pane = pane
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(pane)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([560, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.show_challenge(None)

    # -- loading ------------------------------------------------------------------------------------

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    @Slot()
    def refresh(self) -> Task:
        self.stale = False
        actor, today, turn = self.context.actor, self.today, self._planner_load.start()
        self.last_task = self.context.tasks.run(
            lambda s, _c: load_planner(s, actor, today), on_success=turn(self.show_planner),
            title=self.tr("Planner laden"), parent=self,
        )  # fmt: skip
        return self.last_task

    def show_planner(self, data: PlannerData) -> None:
        self.data = data
        chosen = self.view.info.id if self.view else None
        self.timeline.blockSignals(True)
        self.timeline.clear()
        entries = [*reversed(data.planner.past), *data.planner.upcoming]
        month = None
        marked = False
        bold = QFont()
        bold.setBold(True)
        for entry in entries:
            held = entry.challenge.data.held_on
            assert held is not None
            if not marked and held >= data.planner.today:
                self._today_row()
                marked = True
            if (held.year, held.month) != month:
                month = (held.year, held.month)
                head = QTreeWidgetItem([f"{MONTHS_NL[held.month - 1]} {held.year}"])
                head.setFont(0, bold)
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.timeline.addTopLevelItem(head)
                head.setFirstColumnSpanned(True)
            c = entry.challenge
            who = ", ".join(c.organiser_names)
            still = entry.open_text() or self.tr("niets")
            item = QTreeWidgetItem([date_text(held), f"{c.data.title}\n{who} · {c.status.label}", still])
            item.setData(0, Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(2, entry.open_text())
            if entry.unfilled_pledges and (flag := tint(FLAG)) is not None:  # the text says it too
                item.setForeground(2, QBrush(flag))
            self.timeline.addTopLevelItem(item)
            if c.id == chosen:
                item.setSelected(True)
        if not marked:
            self._today_row()
        self.timeline.blockSignals(False)
        self.invite_pick.clear()
        for eid, name in data.employers:
            self.invite_pick.addItem(name, eid)
        self.sig_loaded.emit()
        if chosen is not None:
            self.load_challenge(chosen)

    def _today_row(self) -> None:
        row = QTreeWidgetItem([date_text(self.today), self.tr("◀ vandaag")])
        row.setFlags(Qt.ItemFlag.ItemIsEnabled)
        ink, paper = tint("#1a5fb4"), tint("#e8f0fb")  # "◀ vandaag" says it; none under high contrast
        for column in range(3):
            if ink is not None and paper is not None:
                row.setForeground(column, QBrush(ink))
                row.setBackground(column, QBrush(paper))
        self.timeline.addTopLevelItem(row)

    @Slot()
    def _picked(self) -> None:
        items = self.timeline.selectedItems()
        cid = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        if cid:
            self.load_challenge(int(cid))

    def load_challenge(self, challenge_id: int) -> Task:
        actor, today, turn = self.context.actor, self.today, self._challenge_load.start()
        self.last_task = self.context.tasks.run(
            lambda s, _c: load_challenge(s, actor, challenge_id, today), on_success=turn(self.show_challenge),
            title=self.tr("Challenge laden"), parent=self,
        )  # fmt: skip
        return self.last_task

    def show_challenge(self, view: ChallengeView | None) -> None:
        self.view = view
        self.pane.setEnabled(view is not None)
        self.checklist.blockSignals(True)
        self.employers.blockSignals(True)
        self.checklist.clear()
        self.employers.clear()
        self.pledges.setRowCount(0)
        if view is None:
            self.heading.setText(self.tr("Kies links een challenge, of maak een nieuwe."))
        else:
            c = view.info
            times = "–".join(t for t in (c.data.from_time, c.data.to_time) if t)
            kinds = ", ".join(k.label for k in c.data.target_kinds) or "alle soorten"
            venue = c.data.venue or "(geen locatie)"
            self.heading.setText(
                f"<h3>{c.data.title}</h3>{date_text(c.data.held_on)} {times} · {venue}"
                f"<br>Organisatie: {', '.join(c.organiser_names)} · <b>{c.status.label}</b>"
                f" · doel {c.data.target_places} plekken ({kinds})"
            )
            for check in c.checks:
                item = QListWidgetItem(
                    check.text + (f"  — {check.done_by}, {date_text(check.done_on)}" if check.done else "")
                )
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if check.done else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, (check.id, check.version))
                self.checklist.addItem(item)
            for e in c.employers:
                text = f"{e.employer_name} — uitgenodigd {date_text(e.invited_on)}"
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if e.participating else Qt.CheckState.Unchecked)
                item.setData(Qt.ItemDataRole.UserRole, (e.id, e.version))
                self.employers.addItem(item)
            for row, pl in enumerate(view.pledges):
                self.pledges.insertRow(row)
                flag = ""
                if pl.flag_waits:
                    flag = self.tr("Niet ingevuld na 6 weken")
                elif pl.data.open_to_region:
                    flag = self.tr("Open voor de regio sinds ") + date_text(pl.opened_to_region_on)
                elif pl.unfilled and pl.flag_handled_on is not None:
                    flag = self.tr("Niet ingevuld; signaal afgehandeld door {who} op {day}").format(
                        who=pl.flag_handled_by, day=date_text(pl.flag_handled_on)
                    )
                cells = [pl.employer_name, pl.data.kind.label, str(pl.data.places), str(pl.filled), flag]
                for column, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setData(Qt.ItemDataRole.UserRole, pl.id)
                    if pl.flag_waits and column == 4 and (red := tint(FLAG)) is not None:
                        cell.setForeground(QBrush(red))
                    self.pledges.setItem(row, column, cell)
                if pl.id == self._pending_pledge:
                    self.pledges.selectRow(row)
            self.pledges.resizeColumnsToContents()
        self._pending_pledge = None
        self.pledges_empty.set_loaded(view is not None)
        self.checklist.blockSignals(False)
        self.employers.blockSignals(False)
        self.update_actions()
        self.sig_challenge_shown.emit()

    def update_actions(self) -> None:
        view = self.view
        can = bool(view and view.info.can_edit)
        for w in (
            self.edit_button,
            self.next_button,
            self.new_check,
            self.invite_button,
            self.add_pledge_button,
        ):
            w.setEnabled(can)
        self.checklist.setEnabled(can)
        self.employers.setEnabled(can)
        self.prints.button.setEnabled(view is not None)
        pledge = self.current_pledge()
        self.region_button.setEnabled(bool(pledge and pledge.can_edit and not pledge.data.open_to_region))
        self.handled_button.setEnabled(bool(pledge and pledge.can_edit and pledge.flag_waits))
        if view is not None:
            index = CHALLENGE_ORDER.index(view.info.status)
            following = CHALLENGE_ORDER[index + 1] if index + 1 < len(CHALLENGE_ORDER) else None
            self.next_button.setText(
                self.tr("Naar: ") + following.label.lower() if following else self.tr("Afgerond")
            )
            self.next_button.setEnabled(can and following is not None)

    def current_pledge(self) -> PledgeInfo | None:
        if self.view is None:
            return None
        rows = {i.row() for i in self.pledges.selectedIndexes()}
        return self.view.pledges[min(rows)] if rows else None

    # -- acting -------------------------------------------------------------------------------------

    def export(self, path: Path | None = None) -> Task | None:
        """Every challenge to an Excel file (asked for when not given)."""
        from app.services.challenges.lists import export_challenges
        from app.ui.challenges.list_export import export_to_excel

        actor, today = self.context.actor, self.today
        write = lambda session, to: export_challenges(session, actor, to, today)  # noqa: E731
        self.last_task = export_to_excel(self, self.context, "challenges", "challenges", write, path)
        return self.last_task

    def _act(self, fn: Any, title: str, done_text: str = "") -> Task:
        self.message.setText("")

        def ok(result: Any) -> None:
            if done_text:
                self.message.setStyleSheet(HINT_STYLE)
                self.message.setText(done_text)
            self.sig_data_changed.emit()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(exc.message if isinstance(exc, UserError) else str(exc))
            if self.view is not None:
                self.load_challenge(self.view.info.id)

        self.last_task = self.context.tasks.run(
            lambda s, _c: fn(s), on_success=ok, on_failure=failed, title=title, parent=self
        )
        return self.last_task

    @Slot(QListWidgetItem)
    def _ticked(self, item: QListWidgetItem) -> None:
        from app.services.challenges.challenges import tick_check

        check_id, version = item.data(Qt.ItemDataRole.UserRole)
        done, actor, today = item.checkState() == Qt.CheckState.Checked, self.context.actor, self.today
        self._act(lambda s: tick_check(s, actor, check_id, version, done, today), self.tr("Afvinken"))

    @Slot(QListWidgetItem)
    def _participating(self, item: QListWidgetItem) -> None:
        from app.services.challenges.challenges import set_participating

        link_id, version = item.data(Qt.ItemDataRole.UserRole)
        on, actor = item.checkState() == Qt.CheckState.Checked, self.context.actor
        self._act(lambda s: set_participating(s, actor, link_id, version, on), self.tr("Deelname opslaan"))

    def add_check(self) -> Task | None:
        from app.services.challenges.challenges import add_check

        if self.view is None:
            return None
        cid, text, actor = self.view.info.id, self.new_check.text(), self.context.actor
        self.new_check.clear()
        return self._act(lambda s: add_check(s, actor, cid, text), self.tr("Punt toevoegen"))

    def invite(self) -> Task | None:
        from app.services.challenges.challenges import invite_employer

        if self.view is None or self.invite_pick.currentData() is None:
            return None
        cid, eid, actor, today = (
            self.view.info.id,
            int(self.invite_pick.currentData()),
            self.context.actor,
            self.today,
        )
        return self._act(lambda s: invite_employer(s, actor, cid, eid, today), self.tr("Uitnodigen"))

    def next_step(self) -> Task | None:
        from app.services.challenges.challenges import move_challenge

        if self.view is None:
            return None
        info, actor = self.view.info, self.context.actor
        following = CHALLENGE_ORDER[CHALLENGE_ORDER.index(info.status) + 1]
        return self._act(
            lambda s: move_challenge(s, actor, info.id, info.version, following), self.tr("Status")
        )

    def open_to_region(self, confirm: bool = True) -> Task | None:
        return pledge_actions.open_to_region(self, confirm)

    def mark_handled(self) -> Task | None:
        return pledge_actions.mark_handled(self)

    def new_pledge(self) -> Any:
        return pledge_actions.new_pledge(self)

    def edit_pledge(self) -> Any:
        return pledge_actions.edit_pledge(self)

    def _dialog_saved(self, _result: Any) -> None:
        self.sig_data_changed.emit()
        self.refresh()

    def new_challenge(self) -> Any:
        from app.ui.challenges.dialogs import ChallengeDialog

        dialog = ChallengeDialog(
            self.context, self.data.gemeenten if self.data else [], None, self, self.today
        )
        dialog.sig_saved.connect(self._challenge_saved)
        dialog.open()
        return dialog

    def _challenge_saved(self, info: ChallengeInfo) -> None:
        self.view = ChallengeView(
            info, self.view.pledges if self.view and self.view.info.id == info.id else []
        )
        self._dialog_saved(info)

    def edit_challenge(self) -> Any:
        from app.ui.challenges.dialogs import ChallengeDialog

        if self.view is None:
            return None
        dialog = ChallengeDialog(self.context, self.data.gemeenten if self.data else [], self.view.info, self)
        dialog.sig_saved.connect(self._challenge_saved)
        dialog.open()
        return dialog

    def open_target(self, target: Target) -> None:
        """A pledge (from Vandaag) shows its challenge with the pledge selected."""
        if target.object_type == "challenge":
            self.load_challenge(target.object_id)
            return
        pid, actor = target.object_id, self.context.actor

        def find(session: Any) -> int | None:
            from app.services.challenges.pledges import get_pledge

            return get_pledge(session, actor, pid).data.challenge_id

        def show(cid: int | None) -> None:
            if cid is not None:
                self._pending_pledge = pid
                self.load_challenge(cid)

        self.context.tasks.run(
            lambda s, _c: find(s), on_success=show, title=self.tr("Toezegging zoeken"), parent=self
        )

