"""Plan van aanpak: goals and actions in the four domains (owner, due date, status), and the
voorinburgering hours each person followed in the AZC."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case_dossier import (
    PRE_INTEGRATION_HOURS,
    PRE_INTEGRATION_LANGUAGE_HOURS,
    ActionStatus,
    MemberRole,
    PlanDomain,
)
from app.services.cases.views import ActionInfo, DossierDetail, GoalInfo, MemberInfo
from app.ui.contrast import LATE_MARK, tint
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel
from app.ui.widgets.formatting import format_value

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle

ROLE = Qt.ItemDataRole.UserRole
LATE = QColor("#b3261e")
DONE = QColor("#5f6b76")


def _t(text: str) -> str:
    return QCoreApplication.translate("PlanTab", text)


def hours_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("name", _t("Naam")),
        ColumnSpec("role", _t("Rol")),
        ColumnSpec(
            "pre_integration_hours",
            _t("Gevolgd"),
            kind="int",
            format=lambda n: _t("{n} van {total} uur").format(n=n, total=PRE_INTEGRATION_HOURS),
        ),
        ColumnSpec(
            "pre_integration_language_hours",
            _t("Waarvan taal"),
            kind="int",
            format=lambda n: _t("{n} van {total} uur").format(n=n, total=PRE_INTEGRATION_LANGUAGE_HOURS),
        ),
    ]


class PlanTab(QWidget):
    def __init__(self, handle: DossierHandle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle = handle
        self.detail: DossierDetail | None = None
        self.dialog: Any = None  # the dialog opened last (tests and screenshots reach it here)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [
                self.tr("Doel / actie"),
                self.tr("Voor"),
                self.tr("Eigenaar"),
                self.tr("Uiterlijk"),
                self.tr("Status"),
            ]
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 210), (3, 100), (4, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tree.setColumnWidth(column, width)
        self.tree.itemActivated.connect(lambda _item, _col: self.edit_selected())
        self.tree.itemSelectionChanged.connect(self.update_actions)

        self.goal_button = QPushButton(self.tr("&Doel toevoegen…"))
        self.goal_button.clicked.connect(self.add_goal)
        self.action_button = QPushButton(self.tr("&Actie toevoegen…"))
        self.action_button.setToolTip(self.tr("Een actie bij het gekozen doel"))
        self.action_button.clicked.connect(self.add_action)
        self.edit_button = QPushButton(self.tr("&Wijzigen…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(self.tr("Verwijderen…"))
        self.remove_button.clicked.connect(self.remove_selected)

        self.hours_model = RowTableModel(hours_columns(), parent=self)
        self.hours = DataTableView()
        self.hours.setModel(self.hours_model)
        self.hours.setSortingEnabled(False)
        self.hours.setMaximumHeight(120)
        self.hours.horizontalHeader().setStretchLastSection(False)
        self.hours.sig_row_activated.connect(self.edit_hours)
        self.hours.sig_selection_changed.connect(self.update_actions)
        self.hours_button = QPushButton(self.tr("&Uren vastleggen…"))
        self.hours_button.clicked.connect(lambda: self.edit_hours(self.hours.current_row()))
        for button in (
            self.goal_button,
            self.action_button,
            self.edit_button,
            self.remove_button,
            self.hours_button,
        ):
            button.setVisible(handle.can_write)

        bar = QHBoxLayout()
        for button in (self.goal_button, self.action_button, self.edit_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        hours = QGroupBox(
            self.tr("Voorinburgering in het AZC ({total} uur, waarvan {lang} uur taal)").format(
                total=PRE_INTEGRATION_HOURS, lang=PRE_INTEGRATION_LANGUAGE_HOURS
            )
        )
        hours_layout = QHBoxLayout(hours)
        hours_layout.addWidget(self.hours, 1)
        hours_layout.addWidget(self.hours_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hours)
        self.update_actions()

    # -- showing -------------------------------------------------------------------------------

    def show_detail(self, detail: DossierDetail) -> None:
        self.detail = detail
        chosen = self._chosen_key()
        names = {m.id: m.name for m in detail.members}
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        today = date.today()
        reselect = None
        for domain in PlanDomain:
            goals = [g for g in detail.goals if g.domain is domain]
            top = QTreeWidgetItem([f"{domain.label} ({len(goals)})"])
            top.setData(0, ROLE, ("domain", domain))
            top.setFont(0, bold)
            top.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(top)
            for goal in goals:
                item = QTreeWidgetItem([goal.text, names.get(goal.member_id or 0, self.tr("huishouden"))])
                item.setData(0, ROLE, ("goal", goal))
                top.addChild(item)
                reselect = item if chosen == ("goal", goal.id) else reselect
                for action in goal.actions:
                    late = (
                        action.due_on is not None
                        and action.due_on < today
                        and action.status in (ActionStatus.OPEN, ActionStatus.BEZIG)
                    )
                    child = QTreeWidgetItem(
                        [action.text, "", action.owner, format_value(action.due_on), action.status.label]
                    )
                    child.setData(0, ROLE, ("action", action, goal))
                    if late:  # the mark and the words, not the red alone (gone under high contrast)
                        child.setText(3, f"{LATE_MARK} {format_value(action.due_on)} te laat")
                        if (red := tint(LATE)) is not None:
                            child.setForeground(3, QBrush(red))
                        child.setToolTip(3, self.tr("Over de datum"))
                    elif action.status in (ActionStatus.GEDAAN, ActionStatus.VERVALLEN):
                        grey = tint(DONE)  # the status column says gedaan/vervallen
                        if grey is not None:
                            for column in range(5):
                                child.setForeground(column, QBrush(grey))
                    item.addChild(child)
                    reselect = child if chosen == ("action", action.id) else reselect
            top.setExpanded(True)
            for n in range(top.childCount()):
                child_item = top.child(n)
                if child_item is not None:
                    child_item.setExpanded(True)
        if reselect is not None:
            self.tree.setCurrentItem(reselect)
        # Voorinburgering is for the adults; children go to school.
        self.hours_model.set_rows([m for m in detail.members if m.role is not MemberRole.KIND])
        for column, width in enumerate((220, 140, 130)):
            self.hours.setColumnWidth(column, width)
        self.update_actions()

    def _chosen(self) -> tuple[Any, ...] | None:
        item = self.tree.currentItem()
        return item.data(0, ROLE) if item is not None else None

    def _chosen_key(self) -> tuple[str, int] | None:
        chosen = self._chosen()
        if chosen is None or chosen[0] == "domain":
            return None
        return chosen[0], chosen[1].id

    @Slot()
    def update_actions(self) -> None:
        chosen = self._chosen()
        kind = chosen[0] if chosen else None
        self.action_button.setEnabled(kind in ("goal", "action"))
        self.edit_button.setEnabled(kind in ("goal", "action"))
        self.remove_button.setEnabled(kind in ("goal", "action"))
        self.hours_button.setEnabled(self.hours.current_row() is not None)

    def select_goal(self, text: str) -> bool:
        """Make the goal with this text current (keyboard users and tests)."""
        for item in self._items():
            data = item.data(0, ROLE)
            if data[0] == "goal" and data[1].text == text:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            found.append(item)
            for n in range(item.childCount()):
                walk(item.child(n))

        for n in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(n))
        return found

    # -- actions -------------------------------------------------------------------------------

    def _open(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def add_goal(self) -> Any:
        from app.ui.cases.plan_dialogs import GoalDialog

        chosen = self._chosen()
        domain = None
        if chosen is not None:
            domain = (
                chosen[1]
                if chosen[0] == "domain"
                else (chosen[1].domain if chosen[0] == "goal" else chosen[2].domain)
            )
        if not self.handle.can_write:
            return None
        return self._open(GoalDialog(self.handle, self.window(), None, domain))

    @Slot()
    def add_action(self) -> Any:
        from app.ui.cases.plan_dialogs import ActionDialog

        chosen = self._chosen()
        if chosen is None or chosen[0] == "domain" or not self.handle.can_write:
            return None
        goal: GoalInfo = chosen[1] if chosen[0] == "goal" else chosen[2]
        return self._open(ActionDialog(self.handle, self.window(), goal))

    @Slot()
    def edit_selected(self) -> Any:
        from app.ui.cases.plan_dialogs import ActionDialog, GoalDialog

        chosen = self._chosen()
        if chosen is None or chosen[0] == "domain" or not self.handle.can_write:
            return None
        if chosen[0] == "goal":
            return self._open(GoalDialog(self.handle, self.window(), chosen[1]))
        return self._open(ActionDialog(self.handle, self.window(), chosen[2], chosen[1]))

    @Slot()
    def remove_selected(self) -> Any:
        chosen = self._chosen()
        if chosen is None or chosen[0] == "domain" or not self.handle.can_write:
            return None
        thing: GoalInfo | ActionInfo = chosen[1]
        question = (
            self.tr("Het doel '{text}' en zijn acties verwijderen?")
            if chosen[0] == "goal"
            else self.tr("De actie '{text}' verwijderen?")
        ).format(text=thing.text)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Verwijderen"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda b: (
                self._remove(chosen[0], thing)
                if box.standardButton(b) == QMessageBox.StandardButton.Yes
                else None
            )
        )
        return self._open(box)

    def _remove(self, kind: str, thing: Any) -> None:
        from app.services.cases import plan as dp

        actor = self.handle.actor
        remove = dp.remove_goal if kind == "goal" else dp.remove_action
        self.handle.change(
            lambda session: remove(session, actor, thing.id, thing.version),
            title=self.tr("Verwijderen"),
            success_text=self.tr("Verwijderd: {text}").format(text=thing.text),
        )

    @Slot(object)
    def edit_hours(self, member: MemberInfo | None) -> Any:
        from app.ui.cases.plan_dialogs import HoursDialog

        if member is None or not self.handle.can_write:
            return None
        return self._open(HoursDialog(self.handle, self.window(), member))
