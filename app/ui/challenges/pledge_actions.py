"""The planner's actions on one pledge: add or change it, open its places to the whole region (one
click, after a confirmation: it binds the other municipalities' Vandaag), and mark its unfilled
flag handled (it then leaves Vandaag). Functions of the PlannerTab they act for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from app.ui.challenges.planner_tab import PlannerTab
    from app.ui.tasks import Task


def open_to_region(tab: PlannerTab, confirm: bool = True) -> Task | None:
    from app.services.challenges.pledges import open_to_region as open_places

    pledge = tab.current_pledge()
    if pledge is None:
        return None
    others = len(tab.data.gemeenten) - 1 if tab.data else 15
    question = tab.tr(
        f"De {pledge.open_places} open plekken bij {pledge.employer_name} worden aangekondigd bij de "
        f"andere {others} gemeenten van de regio. Hun consulenten kunnen er dan "
        "kandidaten voor voordragen.\n\nOpenstellen voor de regio?"
    )
    if confirm and QMessageBox.question(tab, tab.tr("Openstellen voor de regio"), question) != (
        QMessageBox.StandardButton.Yes
    ):
        return None
    actor, today = tab.context.actor, tab.today
    tab._pending_pledge = pledge.id
    return tab._act(
        lambda s: open_places(s, actor, pledge.id, pledge.version, today), tab.tr("Openstellen"),
        tab.tr("De plekken staan nu open voor de hele regio."),
    )  # fmt: skip


def mark_handled(tab: PlannerTab) -> Task | None:
    """The unfilled flag of the chosen pledge is dealt with: it leaves Vandaag."""
    from app.services.challenges.pledges import mark_flag_handled

    pledge = tab.current_pledge()
    if pledge is None:
        return None
    actor, today = tab.context.actor, tab.today
    tab._pending_pledge = pledge.id
    return tab._act(
        lambda s: mark_flag_handled(s, actor, pledge.id, pledge.version, today),
        tab.tr("Signaal afhandelen"),
        tab.tr("Het signaal is afgehandeld; het staat niet meer op de pagina Vandaag."),
    )  # fmt: skip


def new_pledge(tab: PlannerTab) -> Any:
    from app.ui.challenges.dialogs import PledgeDialog

    if tab.view is None:
        return None
    info = tab.view.info
    dialog = PledgeDialog(
        tab.context,
        tab.data.employers if tab.data else [],
        info.data.gemeente_id,
        info.id,
        parent=tab,
    )
    dialog.sig_saved.connect(tab._dialog_saved)
    dialog.open()
    return dialog


def edit_pledge(tab: PlannerTab) -> Any:
    from app.ui.challenges.dialogs import PledgeDialog

    pledge = tab.current_pledge()
    if pledge is None or tab.view is None:
        return None
    dialog = PledgeDialog(
        tab.context, tab.data.employers if tab.data else [], pledge.data.gemeente_id,
        pledge.data.challenge_id, pledge, parent=tab,
    )  # fmt: skip
    dialog.sig_saved.connect(tab._dialog_saved)
    dialog.open()
    return dialog
