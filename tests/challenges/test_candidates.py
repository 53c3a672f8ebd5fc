"""The candidate pipeline: work profiles, suggestions from the own case register, the steps with
their next step and due date, coded stop reasons, double opt-in, the plan of action written back,
and Vandaag's overdue list with a frozen date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import CandidateStatusChange, DossierEvent, PlanAction, PlanGoal
from app.domain.case_dossier import ActionStatus, PlanDomain, TimelineKind
from app.domain.challenges import CandidateStatus, StopReason
from app.domain.roles import Role
from app.errors import PermissionDenied, UserError, ValidationError
from app.services.challenges import candidates as cs
from app.services.challenges.profiles import ProfileInput, get_profile, set_profile
from app.services.challenges.suggestions import open_places, suggest_candidates
from app.services.today import load_today
from app.services.today.candidates import OVERDUE
from tests.challenges.candidate_fixtures import DAY, challenge_with_pledges, profile
from tests.db.case_fixtures import family

ZEIST, BUNNIK = "GM0355", "GM0312"
S = CandidateStatus
LATER = DAY + timedelta(days=7)


@pytest.fixture
def case(session: Session, make_actor):  # type: ignore[no-untyped-def]
    actor = make_actor(Role.CONSULENT, ZEIST)
    dossier = family(session, actor)
    challenge, [pledge] = challenge_with_pledges(session, ZEIST)
    return actor, dossier, challenge, pledge


def test_work_profile_is_validated_and_logged(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, _c, _p = case
    head = dossier.members[0].id
    with pytest.raises(ValidationError) as bad:
        set_profile(
            session,
            actor,
            head,
            ProfileInput(language_level="B9", experience_sectors="IZ", available_hours=50),
        )
    assert set(bad.value.fields) == {"language_level", "experience_sectors", "available_hours"}
    info = set_profile(session, actor, head, ProfileInput(language_level="A2", experience_sectors="g, i"))
    assert info.experience_sectors == "GI" and get_profile(session, actor, head) == info
    events = session.scalars(select(DossierEvent.text).where(DossierEvent.dossier_id == dossier.id)).all()
    assert any("Werkprofiel vastgelegd" in t for t in events)


def test_suggestions_come_from_the_own_register_only(session: Session, case, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, challenge, pledge = case
    profile(session, actor, dossier.members[0].id)
    profile(session, actor, dossier.members[1].id, language_level="A1")  # below the pledge's A2
    other = make_actor(Role.CONSULENT, BUNNIK)
    bunnik = family(session, other, BUNNIK, head="Sara Haile", partner=None, children=())
    profile(session, other, bunnik.members[0].id)
    found = suggest_candidates(session, actor, challenge.id)
    assert [(s.pledge_id, s.member_id) for s in found] == [(pledge.id, dossier.members[0].id)]
    assert "Taal B1 ≥ A2 gevraagd" in found[0].explanation and "ervaring in de horeca" in found[0].explanation
    # Bunnik sees Zeist's pledge only once it is open to the region, and then suggests its own.
    assert suggest_candidates(session, other, challenge.id) == []
    pledge.open_to_region = True
    session.flush()
    theirs = suggest_candidates(session, other, challenge.id)
    assert [s.member_id for s in theirs] == [bunnik.members[0].id]
    assert open_places(session, other, challenge.id)[0].open == 1


def _propose(session: Session, case, member: int = 0):  # type: ignore[no-untyped-def]
    actor, dossier, _c, pledge = case
    return cs.propose(
        session, actor, pledge.id, dossier.members[member].id, next_step="Kandidaat bellen", next_due=LATER,
        today=DAY,
    )  # fmt: skip


def test_the_pipeline_step_by_step_with_double_opt_in(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, _c, _p = case
    c = _propose(session, case)
    assert c.status is S.VOORGESTELD and c.gemeente_id == dossier.gemeente_id and c.next_due == LATER
    step: dict[str, Any] = {"next_step": "Werkgever bellen", "next_due": LATER, "today": DAY}
    with pytest.raises(ValidationError, match="toestemming"):
        cs.move_candidate(session, actor, c.id, c.version, S.TOESTEMMING, **step)
    c = cs.record_consent(session, actor, c.id, c.version, "kandidaat", on=DAY, today=DAY)
    assert c.candidate_consent_by == actor.name and not c.both_agreed
    with pytest.raises(ValidationError, match="volgende stap"):
        cs.move_candidate(session, actor, c.id, c.version, S.TOESTEMMING, today=DAY)  # no next step
    with pytest.raises(ValidationError, match="volgende stap na"):
        cs.move_candidate(session, actor, c.id, c.version, S.GESPREK, **step)  # skipping a step
    c = cs.move_candidate(session, actor, c.id, c.version, S.TOESTEMMING, **step)
    c = cs.move_candidate(session, actor, c.id, c.version, S.BIJ_WERKGEVER, **step)
    with pytest.raises(ValidationError, match="consulent"):
        cs.move_candidate(session, actor, c.id, c.version, S.GESPREK, **step)
    c = cs.record_consent(session, actor, c.id, c.version, "consulent", on=DAY, today=DAY)
    assert c.both_agreed
    for new in (S.GESPREK, S.AANGENOMEN, S.GESTART):
        c = cs.move_candidate(session, actor, c.id, c.version, new, **step)
    c = cs.move_candidate(session, actor, c.id, c.version, S.AFGEROND, today=DAY)
    assert c.next_due is None and not c.overdue
    history = [h.to_status for h in cs.candidate_history(session, actor, c.id)]
    assert history == [
        S.VOORGESTELD,
        S.TOESTEMMING,
        S.BIJ_WERKGEVER,
        S.GESPREK,
        S.AANGENOMEN,
        S.GESTART,
        S.AFGEROND,
    ]
    with pytest.raises(ValidationError):
        cs.move_candidate(session, actor, c.id, c.version, S.GESTOPT, reason=StopReason.VERHUISD, today=DAY)
    kinds = session.scalars(select(DossierEvent.kind).where(DossierEvent.dossier_id == dossier.id)).all()
    assert kinds.count(TimelineKind.STATUS) == 6 and kinds.count(TimelineKind.TOESTEMMING) == 2


def test_plan_action_follows_the_pipeline(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, _c, _p = case
    c = _propose(session, case)
    goal = session.scalars(select(PlanGoal).where(PlanGoal.dossier_id == dossier.id)).one()
    assert goal.domain is PlanDomain.WERK_INKOMEN
    action = session.get(PlanAction, c.plan_action_id)
    assert action is not None and action.status is ActionStatus.OPEN and "Hotel De Linde" in action.text
    step: dict[str, Any] = {"next_step": "Verder", "next_due": LATER, "today": DAY}
    c = cs.record_consent(session, actor, c.id, c.version, "kandidaat", on=DAY, today=DAY)
    c = cs.record_consent(session, actor, c.id, c.version, "consulent", on=DAY, today=DAY)
    for new in (S.TOESTEMMING, S.BIJ_WERKGEVER):
        c = cs.move_candidate(session, actor, c.id, c.version, new, **step)
    assert action.status is ActionStatus.OPEN
    c = cs.move_candidate(session, actor, c.id, c.version, S.GESPREK, **step)
    assert action.status is ActionStatus.BEZIG
    # A second candidacy lands under the same goal; stopping it makes its action vervallen.
    two = _propose(session, case, member=1)
    assert session.get(PlanAction, two.plan_action_id).goal_id == goal.id  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="reden"):
        cs.move_candidate(session, actor, two.id, two.version, S.GESTOPT, today=DAY)
    with pytest.raises(ValidationError, match="Anders"):
        cs.move_candidate(session, actor, two.id, two.version, S.GESTOPT, reason=StopReason.ANDERS, today=DAY)
    two = cs.move_candidate(
        session, actor, two.id, two.version, S.GESTOPT, reason=StopReason.ANDERS, reason_text="Gaat studeren",
        today=DAY,
    )  # fmt: skip
    assert two.reason is StopReason.ANDERS and two.reason_text == "Gaat studeren"
    assert session.get(PlanAction, two.plan_action_id).status is ActionStatus.VERVALLEN  # type: ignore[union-attr]
    last = session.scalars(
        select(CandidateStatusChange).where(CandidateStatusChange.candidate_id == two.id).order_by(
            CandidateStatusChange.id.desc())
    ).first()  # fmt: skip
    assert last is not None and last.reason is StopReason.ANDERS and last.by_login == actor.login


def test_duplicates_and_closed_places_are_refused(session: Session, case, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, _c, pledge = case
    _propose(session, case)
    with pytest.raises(UserError, match="al kandidaat"):
        _propose(session, case)
    with pytest.raises(ValidationError, match="datum"):
        cs.propose(
            session, actor, pledge.id, dossier.members[1].id, next_step="Bellen", next_due=None, today=DAY
        )
    other = make_actor(Role.CONSULENT, BUNNIK)
    bunnik = family(session, other, BUNNIK, head="Sara Haile", partner=None, children=())
    with pytest.raises(UserError, match="niet opengesteld"):
        cs.propose(
            session, other, pledge.id, bunnik.members[0].id, next_step="Bellen", next_due=LATER, today=DAY
        )
    with pytest.raises(PermissionDenied):
        cs.propose(
            session, other, pledge.id, dossier.members[1].id, next_step="Bellen", next_due=LATER, today=DAY
        )


def test_vandaag_lists_overdue_next_steps_with_a_frozen_date(session: Session, case, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, challenge, _p = case
    c = _propose(session, case)
    assert cs.overdue_candidates(session, actor, LATER) == []  # due today: not late yet
    late = LATER + timedelta(days=1)
    [item] = cs.overdue_candidates(session, actor, late)
    assert item.id == c.id and item.overdue
    today = load_today(session, actor, late)
    group = next(g for g in today.groups if g.kind.key == OVERDUE)
    assert group.count == 1
    target = group.items[0].target
    assert (target.object_type, target.object_id) == ("dossier", dossier.id)
    # Another municipality never sees it; a finished candidate is not late.
    assert cs.overdue_candidates(session, make_actor(Role.CONSULENT, BUNNIK), late) == []
    assert [x.id for x in cs.challenge_candidates(session, actor, challenge.id, today=late)] == [c.id]
    stopped = cs.move_candidate(
        session, actor, c.id, c.version, S.GESTOPT, reason=StopReason.VERHUISD, today=DAY
    )
    assert not stopped.overdue and cs.overdue_candidates(session, actor, late) == []
