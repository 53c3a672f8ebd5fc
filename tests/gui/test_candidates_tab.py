"""The candidates tab and the dossier's Werk tab: record a work profile in the dossier, see the
member suggested for the open place with why, propose with one click (after confirming), record
both consents, take the steps to the end and see the outcome in the dossier's plan of action."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItemIterator
from sqlalchemy import select

from app.db.models import Candidate, PlanAction, WorkProfile
from app.db.session import Database
from app.domain.case_dossier import ActionStatus
from app.domain.challenges import CandidateStatus
from app.domain.roles import Role
from tests.challenges.candidate_fixtures import challenge_with_pledges
from tests.db.case_fixtures import family
from tests.gui.board.test_overview import make_context
from tests.gui.cases.conftest import wait_task

pytestmark = pytest.mark.usefixtures("qapp")
ZEIST = "GM0355"
S = CandidateStatus


def _view(qtbot: Any, context: Any, dossier_id: int) -> Any:
    from app.ui.cases.dossier_view import DossierView

    view = DossierView(context, dossier_id)
    qtbot.addWidget(view)
    view.show()
    wait_task(qtbot, view.load())
    qtbot.waitUntil(lambda: view.detail is not None, timeout=10_000)
    return view


def _wait(qtbot: Any, tab: Any) -> None:
    qtbot.waitUntil(lambda: tab.last_task is not None, timeout=5000)
    wait_task(qtbot, tab.last_task)


def test_profile_suggest_propose_consent_and_the_outcome_in_the_plan(qtbot, fresh_database: Database) -> None:  # type: ignore[no-untyped-def]
    from app.ui.challenges.candidates_tab import CandidatesTab

    ctx = make_context(fresh_database, "cons-zeist", Role.CONSULENT, ZEIST)
    with fresh_database.unit_of_work() as s:
        dossier = family(s, ctx.actor, ZEIST, partner=None, children=())
        challenge_with_pledges(s, ZEIST, title="Challenge Horeca Zeist")
        dossier_id, head = dossier.id, dossier.members[0]

    # 1. The work profile, recorded in the dossier's Werk tab.
    view = _view(qtbot, ctx, dossier_id)
    work = view.work
    view.tabs.setCurrentWidget(work)
    _wait(qtbot, work)
    work.education.setCurrentIndex(work.education.findData("mbo"))
    work.language.setCurrentIndex(work.language.findData("B1"))
    work.sectors.setText("i")
    work.experience.setText("Kok in een restaurant")
    work.hours.setValue(32)
    work.travel.setValue(45)
    wait_task(qtbot, work.save())
    _wait(qtbot, work)
    with fresh_database.session() as s:
        saved = s.scalars(select(WorkProfile).where(WorkProfile.member_id == head.id)).one()
        assert (saved.language_level, saved.experience_sectors, saved.available_hours) == ("B1", "I", 32)
    assert work.model.rowCount() == 1 and work.current().profile is not None

    # 2. The candidates tab suggests the member, with why; propose after confirming.
    tab = CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.show()
    qtbot.waitUntil(lambda: tab.suggestions.rowCount() == 1, timeout=15_000)
    wait_task(qtbot, tab.last_task)
    assert tab.places.rowCount() == 1 and "Challenge Horeca Zeist" in tab.challenge.currentText()
    suggestion = tab.suggestions.row_at(0)
    assert suggestion.member_id == head.id and "ervaring in de horeca" in suggestion.explanation
    box = tab.propose_selected()
    box.button(QMessageBox.StandardButton.Yes).click()
    _wait(qtbot, tab)
    qtbot.waitUntil(lambda: tab.candidates.rowCount() == 1, timeout=10_000)
    wait_task(qtbot, tab.last_task)
    assert tab.suggestions.rowCount() == 0  # the member is in the pipeline now, the place taken

    # 3. Consents, then the steps to the end.
    for party in ("kandidaat", "consulent"):
        wait_task(qtbot, tab.record_consent(party))
        _wait(qtbot, tab)
    assert tab.current().both_agreed and tab.letter_button.isEnabled()
    for _ in range(5):  # toestemming, bij werkgever, gesprek, aangenomen, gestart
        dialog = tab.next_step()
        dialog.next_step.setText("Werkgever bellen")
        dialog.accept()
        _wait(qtbot, tab)
        qtbot.waitUntil(lambda: not tab.last_task.is_running, timeout=10_000)
    assert tab.current().status is S.GESTART
    dialog = tab.next_step()
    assert dialog.target is S.AFGEROND and not dialog.next_step.isVisible()
    dialog.accept()
    _wait(qtbot, tab)
    qtbot.waitUntil(lambda: tab.current() is not None and tab.current().status is S.AFGEROND, timeout=10_000)
    assert "Afgerond 1" in tab.board.text()
    with fresh_database.session() as s:
        c = s.scalars(select(Candidate)).one()
        assert c.status is S.AFGEROND and c.candidate_consent_by == "cons-zeist"
        action = s.get(PlanAction, c.plan_action_id)
        assert action is not None and action.status is ActionStatus.GEDAAN

    # 4. The outcome in the dossier's plan of action.
    wait_task(qtbot, view.load())
    texts = []
    it = QTreeWidgetItemIterator(view.plan.tree)
    while it.value():
        texts.append(" ".join(it.value().text(i) for i in range(view.plan.tree.columnCount())))
        it += 1
    line = next(t for t in texts if "Hotel De Linde" in t)
    assert "Gedaan" in line
    assert any(t.startswith("Werk") for t in texts)  # under the plan's work-and-income domain
