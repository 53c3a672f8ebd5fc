"""The dossier window: household members (BSN checked by the service, shown per field, nothing
saved while wrong), a conflict never overwrites, the plan of action and voorinburgering hours,
milestones and NOA parts (done/when/by only), and the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import DossierMember, Milestone, NoaRecord, PlanAction, PlanGoal
from app.db.session import Database
from app.domain.case_dossier import MemberRole, MilestoneKind, NoaPart, PlanDomain
from app.services.access import Actor
from app.services.cases import members as dm
from tests.db.case_fixtures import BSN_B
from tests.gui.cases.conftest import HEAD, wait_task

pytestmark = pytest.mark.usefixtures("qapp")


def members(db: Database, dossier_id: int) -> list[DossierMember]:
    with db.unit_of_work() as session:
        rows = list(
            session.scalars(
                select(DossierMember).where(DossierMember.dossier_id == dossier_id).order_by(DossierMember.id)
            )
        )
        session.expunge_all()
        return rows


def test_member_with_an_invalid_bsn_is_refused_then_saved_with_a_valid_one(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any
) -> None:
    view = open_view(dossier_id)
    dialog = view.members.add_member()
    qtbot.addWidget(dialog)
    dialog.name.setText("Elif Özdemir-Şahin")
    dialog.role.setCurrentIndex(dialog.role.findData(MemberRole.KIND.value))
    dialog.bsn.setText("123456789")  # fails the 11-proef
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    error = dialog.fields["bsn"].error
    assert error.isVisibleTo(dialog)
    assert error.text() == "123456789 is geen geldig BSN (de elfproef klopt niet)."
    assert dialog.message.isVisibleTo(dialog) and dialog.isVisible()
    assert len(members(fresh_database, dossier_id)) == 3  # nothing saved

    dialog.bsn.setText(BSN_B)
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert not dialog.isVisible() and not dialog.fields["bsn"].error.isVisibleTo(dialog)
    saved = [m for m in members(fresh_database, dossier_id) if m.bsn == BSN_B]
    assert [(m.name, m.role) for m in saved] == [("Elif Özdemir-Şahin", MemberRole.KIND)]
    assert "Elif Özdemir-Şahin" in [m.name for m in view.members.model.rows()]
    assert "toegevoegd" in view.info.text()


def test_a_conflict_shows_the_other_change_and_does_not_overwrite_it(
    dossier_id: int, open_view: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    view = open_view(dossier_id)
    head = next(m for m in view.members.model.rows() if m.name == HEAD)
    dialog = view.members.edit_member(head)
    qtbot.addWidget(dialog)
    with fresh_database.unit_of_work() as session:  # a colleague saves first
        dm.update_member(
            session, consulent, head.id, head.version,
            dm.MemberInput(name=HEAD, languages="Turks, Koerdisch", birth_date=head.birth_date),
        )  # fmt: skip
    dialog.languages.setText("Arabisch")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert "Iemand anders" in dialog.message.text() and dialog.isVisible()
    assert dialog.languages.text() == "Turks, Koerdisch"  # the fresh data is shown
    stored = next(m for m in members(fresh_database, dossier_id) if m.id == head.id)
    assert stored.languages == "Turks, Koerdisch"


def test_plan_goal_action_and_voorinburgering_hours(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any
) -> None:
    view = open_view(dossier_id)
    plan = view.plan
    goal_dialog = plan.add_goal()
    qtbot.addWidget(goal_dialog)
    goal_dialog.domain.setCurrentIndex(goal_dialog.domain.findData(PlanDomain.WERK_INKOMEN.value))
    goal_dialog.text.setText("Binnen een jaar een taalstage")
    goal_dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert plan.select_goal("Binnen een jaar een taalstage")
    action_dialog = plan.add_action()
    qtbot.addWidget(action_dialog)
    action_dialog.text.setText("Intake bij het Werkgeversservicepunt")
    action_dialog.owner.setText("werkcoach")
    action_dialog.due_on.setDate(date(2030, 1, 15))
    action_dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    with fresh_database.unit_of_work() as session:
        goal = session.scalar(select(PlanGoal).where(PlanGoal.dossier_id == dossier_id))
        assert goal is not None and goal.domain is PlanDomain.WERK_INKOMEN
        action = session.scalar(select(PlanAction).where(PlanAction.goal_id == goal.id))
        assert (action.text, action.owner, action.due_on) == (
            "Intake bij het Werkgeversservicepunt", "werkcoach", date(2030, 1, 15)
        )  # fmt: skip

    head = next(m for m in plan.hours_model.rows() if m.name == HEAD)
    hours = plan.edit_hours(head)
    qtbot.addWidget(hours)
    hours.total.setValue(160)
    hours.language.setValue(130)
    hours.buttons.accepted.emit()
    assert "158" in hours.fields["pre_integration_hours"].error.text()
    assert "121" in hours.fields["pre_integration_language_hours"].error.text()
    hours.total.setValue(100)
    hours.language.setValue(80)
    hours.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    stored = next(m for m in members(fresh_database, dossier_id) if m.id == head.id)
    assert (stored.pre_integration_hours, stored.pre_integration_language_hours) == (100, 80)


def test_milestone_and_noa_part_record_only_when_and_by_whom(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any
) -> None:
    view = open_view(dossier_id)
    journey = view.journey
    journey.milestones.selectRow(list(MilestoneKind).index(MilestoneKind.INTAKE))
    dialog = journey.set_milestone()
    qtbot.addWidget(dialog)
    dialog.done_on.setDate(date(2024, 3, 4))
    dialog.done_by.setText("casemanager COA en werkcoach")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)

    journey.member.setCurrentIndex(0)  # the head of household
    journey.noa.selectRow(list(NoaPart).index(NoaPart.TAAL_NL))
    noa = journey.record_noa()
    qtbot.addWidget(noa)
    noa.done_on.setDate(date(2024, 2, 1))
    noa.done_by.setText("COA AZC Zeist")
    noa.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    with fresh_database.unit_of_work() as session:
        m = session.scalar(select(Milestone).where(Milestone.kind == MilestoneKind.INTAKE))
        assert (m.done_on, m.done_by) == (date(2024, 3, 4), "casemanager COA en werkcoach")
        n = session.scalar(select(NoaRecord).where(NoaRecord.part == NoaPart.TAAL_NL))
        assert (n.done_on, n.done_by) == (date(2024, 2, 1), "COA AZC Zeist")
    row = journey.noa_model.rows()[list(NoaPart).index(NoaPart.TAAL_NL)]
    assert row["done"] and row["done_on"] == date(2024, 2, 1)
    assert journey.noa_model.columns[1].title == "Afgenomen"  # done or not; never a score column
    texts = [e.text for e in view.timeline.model.rows()]
    assert any("Taaltoets Nederlands" in t for t in texts) and any("Intakegesprek" in t for t in texts)


def test_dossier_data_moving_date_and_nareizigers(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any
) -> None:
    view = open_view(dossier_id)
    dialog = view.edit_dossier()
    qtbot.addWidget(dialog)
    dialog.address.setText("Lindelaan 12, 3701 AB Zeist")
    dialog.followers.setValue(2)
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert view.facts["address"].text() == "Lindelaan 12, 3701 AB Zeist"
    assert view.facts["followers"].text() == "2"
    assert "Nareizigers verwacht (gezinshereniging): 2" in view.members.followers.text()
