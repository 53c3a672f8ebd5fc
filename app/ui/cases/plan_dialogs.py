"""Dialogs of the plan van aanpak: a goal (domain, for whom, what), an action (what, owner, due date,
status) and the voorinburgering hours of one person (158 available, 121 of them language)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from app.domain.case_dossier import (
    PRE_INTEGRATION_HOURS,
    PRE_INTEGRATION_LANGUAGE_HOURS,
    ActionStatus,
    PlanDomain,
    pre_integration_errors,
)
from app.services.cases.views import ActionInfo, GoalInfo, MemberInfo
from app.ui.cases.fields import line_edit, optional_date, optional_date_edit, set_optional_date
from app.ui.cases.form_dialog import FormDialog

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


class GoalDialog(FormDialog):
    def __init__(
        self,
        handle: DossierHandle,
        parent: QWidget,
        goal: GoalInfo | None = None,
        domain: PlanDomain | None = None,
    ) -> None:
        title = _t("GoalDialog", "Doel toevoegen") if goal is None else _t("GoalDialog", "Doel wijzigen")
        super().__init__(handle, parent, title, width=560)
        self.goal = goal
        self.domain = QComboBox()
        for d in PlanDomain:
            self.domain.addItem(d.label, d.value)
        self.member = QComboBox()
        self.member.addItem(self.tr("Het hele huishouden"), None)
        detail = handle.detail()
        for m in detail.members if detail else ():
            self.member.addItem(m.name, m.id)
        self.text = line_edit(300, placeholder=self.tr("bijv. Inschrijven bij een taalschool"))
        self.add_row(self.tr("&Domein:"), "domain", self.domain)
        self.add_row(self.tr("&Voor:"), "member_id", self.member)
        self.add_row(self.tr("&Doel:"), "text", self.text)
        if goal is not None:
            self.show_goal(goal)
        elif domain is not None:
            self.domain.setCurrentIndex(self.domain.findData(domain.value))
        self.text.setFocus()

    def show_goal(self, goal: GoalInfo) -> None:
        self.goal = goal
        self.domain.setCurrentIndex(self.domain.findData(goal.domain.value))
        self.member.setCurrentIndex(max(0, self.member.findData(goal.member_id)))
        self.text.setText(goal.text)

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, GoalInfo):
            self.show_goal(current)

    def accept(self) -> None:
        from app.services.cases import plan as dp

        data = dp.GoalInput(
            PlanDomain(self.domain.currentData()), self.text.text(), self.member.currentData()
        )
        actor, goal, did = self.handle.actor, self.goal, self.handle.dossier_id
        if goal is None:
            self.submit(
                lambda session: dp.add_goal(session, actor, did, data),
                title=self.tr("Doel toevoegen"),
                success_text=self.tr("Doel toegevoegd."),
            )
        else:
            self.submit(
                lambda session: dp.update_goal(session, actor, goal.id, goal.version, data),
                title=self.tr("Doel opslaan"),
                success_text=self.tr("Doel opgeslagen."),
            )


class ActionDialog(FormDialog):
    def __init__(
        self, handle: DossierHandle, parent: QWidget, goal: GoalInfo, action: ActionInfo | None = None
    ) -> None:
        title = (
            _t("ActionDialog", "Actie toevoegen") if action is None else _t("ActionDialog", "Actie wijzigen")
        )
        intro = _t("ActionDialog", "Bij het doel: {goal}").format(goal=goal.text)
        super().__init__(handle, parent, title, intro=intro, width=560)
        self.goal = goal
        self.action = action
        self.text = line_edit(300, placeholder=self.tr("bijv. Aanmelden bij het Taalhuis"))
        self.owner = line_edit(120, placeholder=self.tr("wie het doet: naam of organisatie"))
        self.due_on = optional_date_edit(None, self.tr("geen datum"))
        self.status = QComboBox()
        for s in ActionStatus:
            self.status.addItem(s.label, s.value)
        self.add_row(self.tr("&Actie:"), "text", self.text)
        self.add_row(self.tr("&Eigenaar:"), "owner", self.owner)
        self.add_row(self.tr("&Uiterlijk:"), "due_on", self.due_on)
        self.add_row(self.tr("&Status:"), "status", self.status)
        if action is not None:
            self.show_action(action)
        self.text.setFocus()

    def show_action(self, action: ActionInfo) -> None:
        self.action = action
        self.text.setText(action.text)
        self.owner.setText(action.owner)
        set_optional_date(self.due_on, action.due_on)
        self.status.setCurrentIndex(self.status.findData(action.status.value))

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, ActionInfo):
            self.show_action(current)

    def accept(self) -> None:
        from app.services.cases import plan as dp

        data = dp.ActionInput(
            self.text.text(),
            self.owner.text(),
            optional_date(self.due_on),
            ActionStatus(self.status.currentData()),
        )
        actor, goal, action = self.handle.actor, self.goal, self.action
        if action is None:
            self.submit(
                lambda session: dp.add_action(session, actor, goal.id, data),
                title=self.tr("Actie toevoegen"),
                success_text=self.tr("Actie toegevoegd."),
            )
        else:
            self.submit(
                lambda session: dp.update_action(session, actor, action.id, action.version, data),
                title=self.tr("Actie opslaan"),
                success_text=self.tr("Actie opgeslagen."),
            )


def _hours() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 999)
    box.setFixedWidth(80)
    box.setSuffix(" uur")
    return box


class HoursDialog(FormDialog):
    def __init__(self, handle: DossierHandle, parent: QWidget, member: MemberInfo) -> None:
        super().__init__(
            handle,
            parent,
            _t("HoursDialog", "Voorinburgering"),
            width=460,
            intro=_t(
                "HoursDialog",
                "Gevolgde uren voorinburgering in het AZC van {name}: {total} uur beschikbaar, "
                "waarvan {lang} uur taal."
            ).format(name=member.name, total=PRE_INTEGRATION_HOURS, lang=PRE_INTEGRATION_LANGUAGE_HOURS),
        )
        self.member = member
        self.total = _hours()
        self.language = _hours()
        self.add_row(
            self.tr("&Totaal gevolgd:"),
            "pre_integration_hours",
            self.total,
            hint=self.tr("van {n} uur").format(n=PRE_INTEGRATION_HOURS),
        )
        self.add_row(
            self.tr("&Waarvan taal:"),
            "pre_integration_language_hours",
            self.language,
            hint=self.tr("van {n} uur").format(n=PRE_INTEGRATION_LANGUAGE_HOURS),
        )
        self.show_member(member)

    def show_member(self, member: MemberInfo) -> None:
        self.member = member
        self.total.setValue(member.pre_integration_hours)
        self.language.setValue(member.pre_integration_language_hours)

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, MemberInfo):
            self.show_member(current)

    def accept(self) -> None:
        from app.services.cases.members import set_pre_integration_hours

        total, language = self.total.value(), self.language.value()
        if self.show_local_errors(pre_integration_errors(total, language)):
            return
        actor, member = self.handle.actor, self.member
        self.submit(
            lambda session: set_pre_integration_hours(
                session, actor, member.id, member.version, total, language
            ),
            title=self.tr("Voorinburgering opslaan"),
            success_text=self.tr("Voorinburgering van {name} opgeslagen.").format(name=member.name),
        )
