"""Referrals: the status machine and its coded reasons, consent before names go out, the follow-up
questions with a frozen clock, the timeline and the plan of action, and counts-only for another
municipality (the plain-SQL side: tests/security/test_referrals_sql.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AccessLog, PlanAction, PlanGoal
from app.domain.case_dossier import ActionStatus, PlanDomain
from app.domain.directory import FollowUp, ReferralReason, ReferralStatus
from app.domain.handover import ConsentMethod, ConsentStatus
from app.domain.roles import Role
from app.errors import ConflictError, PermissionDenied, UserError, ValidationError
from app.services.directory import referrals as dr
from app.services.today import load_today
from app.services.today.directory import NO_NEWS, STILL_RUNNING
from tests.db.case_fixtures import family
from tests.directory.fixtures import BUNNIK, ZEIST, initiative

DAY = date(2026, 3, 2)
GIVEN = {"consent": ConsentStatus.GEGEVEN, "consent_on": DAY, "consent_method": ConsentMethod.IN_PERSON}


@pytest.fixture
def case(session: Session, make_actor):  # type: ignore[no-untyped-def]
    actor = make_actor(Role.CONSULENT, ZEIST)
    dossier = family(session, actor)
    taal = initiative(session, make_actor(Role.CONTACTPERSOON, ZEIST))
    sport = initiative(
        session, make_actor(Role.CONTACTPERSOON, ZEIST), name="Voetbal voor iedereen", kind="sport"
    )
    return actor, dossier, taal, sport


def _refer(session: Session, case, **kw):  # type: ignore[no-untyped-def]
    actor, dossier, taal, _sport = case
    args = {**GIVEN, "today": DAY, **kw}
    target = args.pop("initiative", taal)
    members = args.pop("members", [dossier.members[0].id])
    return dr.refer(session, actor, dossier.id, target.id, members, **args)


def test_the_status_machine_and_its_reasons(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    actor = case[0]
    r = _refer(session, case)
    assert r.status is ReferralStatus.VOORGESTELD
    assert r.next_statuses == (ReferralStatus.AANGEMELD, ReferralStatus.NIET_GESTART)
    with pytest.raises(ValidationError) as caught:
        dr.move_referral(session, actor, r.id, r.version, ReferralStatus.GESTART, today=DAY)
    assert "status" in caught.value.fields
    r = dr.move_referral(session, actor, r.id, r.version, ReferralStatus.AANGEMELD, today=DAY)
    r = dr.move_referral(
        session, actor, r.id, r.version, ReferralStatus.GESTART, today=DAY + timedelta(days=9)
    )
    with pytest.raises(ValidationError) as caught:  # an ending needs a coded reason
        dr.move_referral(session, actor, r.id, r.version, ReferralStatus.GESTOPT, today=DAY)
    assert "reason" in caught.value.fields
    with pytest.raises(ValidationError) as caught:  # "anders" needs the text
        dr.move_referral(session, actor, r.id, r.version, ReferralStatus.GESTOPT, ReferralReason.ANDERS, " ")
    assert "reason_text" in caught.value.fields
    end = DAY + timedelta(days=40)
    r = dr.move_referral(
        session,
        actor,
        r.id,
        r.version,
        ReferralStatus.GESTOPT,
        ReferralReason.ANDERS,
        "Werk gevonden",
        today=end,
    )
    assert (r.status, r.reason, r.reason_text, r.ended_on) == (
        ReferralStatus.GESTOPT, ReferralReason.ANDERS, "Werk gevonden", end,
    )  # fmt: skip
    assert (r.registered_on, r.started_on) == (DAY, DAY + timedelta(days=9))
    assert [(h.from_status, h.to_status) for h in r.history] == [
        (None, ReferralStatus.VOORGESTELD),
        (ReferralStatus.VOORGESTELD, ReferralStatus.AANGEMELD),
        (ReferralStatus.AANGEMELD, ReferralStatus.GESTART),
        (ReferralStatus.GESTART, ReferralStatus.GESTOPT),
    ]
    assert r.next_statuses == ()  # ended is final
    with pytest.raises(ValidationError):
        dr.move_referral(session, actor, r.id, r.version, ReferralStatus.GESTART, today=end)
    with pytest.raises(ConflictError):
        dr.move_referral(session, actor, r.id, r.version - 1, ReferralStatus.GESTART, today=end)


def test_a_reason_other_than_anders_keeps_no_text(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    r = _refer(session, case)
    r = dr.move_referral(
        session,
        case[0],
        r.id,
        r.version,
        ReferralStatus.NIET_GESTART,
        ReferralReason.GEEN_PLEK,
        "",
        today=DAY,
    )
    assert (r.reason, r.reason_label, r.ended_on) == (ReferralReason.GEEN_PLEK, "Geen plek", DAY)


def test_registering_needs_consent_given(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    actor = case[0]
    with pytest.raises(ValidationError) as caught:  # an answer needs the day and how it was asked
        _refer(session, case, consent=ConsentStatus.GEGEVEN, consent_on=None, consent_method=None)
    assert {"consent_on", "consent_method"} <= set(caught.value.fields)
    with pytest.raises(ValidationError) as caught:
        _refer(session, case, consent_method=ConsentMethod.INTERPRETER)
    assert "consent_language" in caught.value.fields
    with pytest.raises(ValidationError) as caught:
        _refer(session, case, consent=ConsentStatus.NIET_GEVRAAGD, registered=True)
    assert "consent" in caught.value.fields
    r = _refer(session, case, consent=ConsentStatus.NIET_GEVRAAGD, consent_on=None, consent_method=None)
    with pytest.raises(UserError, match="toestemming"):
        dr.move_referral(session, actor, r.id, r.version, ReferralStatus.AANGEMELD, today=DAY)
    r = dr.record_referral_consent(
        session, actor, r.id, r.version, ConsentStatus.GEGEVEN, on=DAY, method=ConsentMethod.INTERPRETER,
        language="Tigrinya", today=DAY,
    )  # fmt: skip
    assert (r.consent, r.consent_language, r.consent_recorded_by) == (
        ConsentStatus.GEGEVEN, "Tigrinya", "Test Gebruiker",
    )  # fmt: skip
    r = dr.move_referral(session, actor, r.id, r.version, ReferralStatus.AANGEMELD, today=DAY)
    assert r.status is ReferralStatus.AANGEMELD
    registered = _refer(session, case, registered=True)
    assert registered.status is ReferralStatus.AANGEMELD


def test_members_must_belong_and_the_note_stays_short(session: Session, case, make_actor) -> None:  # type: ignore[no-untyped-def]
    other = family(session, case[0], head="Ander Hoofd", partner=None, children=())
    with pytest.raises(ValidationError) as caught:
        _refer(session, case, members=[other.members[0].id], note="x" * 301)
    assert {"members", "note"} <= set(caught.value.fields)
    with pytest.raises(ValidationError) as caught:
        _refer(session, case, members=[])
    assert "members" in caught.value.fields


def test_follow_up_questions_with_a_frozen_clock(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    actor = case[0]
    r = _refer(session, case, registered=True)
    assert dr.follow_ups(session, actor, DAY + timedelta(days=20)) == []
    three_weeks = DAY + timedelta(weeks=3)
    [item] = dr.follow_ups(session, actor, three_weeks)
    assert item.question is FollowUp.NO_NEWS and item.head_name == "Ayşe Özdemir"
    assert dr.follow_up_count(session, actor, three_weeks)[FollowUp.NO_NEWS] == 1
    # "Nog geen nieuws" resets the clock: asked again three weeks after the answer.
    r = dr.answer_follow_up(session, actor, r.id, r.version, dr.NO_NEWS_YET, today=three_weeks)
    assert r.last_news_on == three_weeks and r.status is ReferralStatus.AANGEMELD
    assert dr.follow_ups(session, actor, three_weeks + timedelta(days=20)) == []
    later = three_weeks + timedelta(weeks=3)
    assert [i.question for i in dr.follow_ups(session, actor, later)] == [FollowUp.NO_NEWS]
    # "Ja, gestart": three months later the program asks whether it still runs.
    r = dr.answer_follow_up(session, actor, r.id, r.version, True, today=later)
    assert (r.status, r.started_on) == (ReferralStatus.GESTART, later)
    assert dr.follow_ups(session, actor, date(2026, 7, 12)) == []
    [item] = dr.follow_ups(session, actor, date(2026, 7, 13))  # later = 13 April 2026
    assert item.question is FollowUp.STILL_RUNNING
    r = dr.answer_follow_up(session, actor, r.id, r.version, True, today=date(2026, 7, 13))
    assert r.status is ReferralStatus.GESTART and r.last_news_on == date(2026, 7, 13)
    assert dr.follow_ups(session, actor, date(2026, 10, 12)) == []
    with pytest.raises(ValidationError):  # "nee" ends it, with a reason
        dr.answer_follow_up(session, actor, r.id, r.version, False, today=date(2026, 10, 13))
    r = dr.answer_follow_up(
        session, actor, r.id, r.version, False, reason=ReferralReason.VERHUISD, today=date(2026, 10, 13)
    )
    assert r.status is ReferralStatus.GESTOPT
    assert dr.follow_ups(session, actor, date(2027, 6, 1)) == []


def test_only_the_referrer_is_asked_and_vandaag_shows_it(session: Session, case, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor = case[0]
    _refer(session, case, registered=True)
    colleague = make_actor(Role.CONSULENT, ZEIST)
    day = DAY + timedelta(weeks=4)
    assert dr.follow_ups(session, colleague, day) == []
    data = load_today(session, actor, day)
    [group] = [g for g in data.groups if g.kind.key == NO_NEWS]
    [item] = group.items
    assert item.text.endswith("Aangemeld, maar al drie weken geen nieuws: is het gestart?")
    assert (item.target.object_type, item.target.parent_id) == ("doorverwijzing", case[1].id)
    assert STILL_RUNNING not in {g.kind.key for g in data.groups}
    assert NO_NEWS not in {g.kind.key for g in load_today(session, colleague, day).groups}


def test_timeline_and_plan_of_action(session: Session, case) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, taal, sport = case
    r = _refer(session, case)
    s = _refer(session, case, initiative=sport, members=[m.id for m in dossier.members[:2]])
    action = session.get(PlanAction, r.plan_action_id)
    assert action is not None and action.status is ActionStatus.OPEN
    assert action.goal.domain is PlanDomain.ONDERWIJS_INBURGERING  # a taalcafé: language
    sport_action = session.get(PlanAction, s.plan_action_id)
    assert sport_action is not None and sport_action.goal.domain is PlanDomain.GEZONDHEID_PARTICIPATIE
    assert "Voetbal voor iedereen" in sport_action.text
    # A second referral in the same domain lands under the same goal.
    t = _refer(session, case, initiative=taal, members=[dossier.members[1].id])
    goals = session.scalars(
        select(PlanGoal).where(
            PlanGoal.dossier_id == dossier.id, PlanGoal.domain == PlanDomain.ONDERWIJS_INBURGERING
        )
    ).all()
    assert len(goals) == 1 and len(goals[0].actions) == 2
    r = dr.move_referral(session, actor, r.id, r.version, ReferralStatus.AANGEMELD, today=DAY)
    assert action.status is ActionStatus.BEZIG
    dr.move_referral(session, actor, r.id, r.version, ReferralStatus.GESTART, today=DAY)
    r = dr.dossier_referrals(session, actor, dossier.id, today=DAY)[0]
    dr.move_referral(
        session, actor, r.id, r.version, ReferralStatus.GESTOPT, ReferralReason.NIET_MEER_NODIG, today=DAY
    )
    assert (action.status, action.done_on) == (ActionStatus.GEDAAN, DAY)
    dr.move_referral(
        session, actor, t.id, t.version, ReferralStatus.NIET_GESTART, ReferralReason.PAST_NIET, today=DAY
    )
    assert session.get(PlanAction, t.plan_action_id).status is ActionStatus.VERVALLEN  # type: ignore[union-attr]
    from app.services.cases.dossiers import get_dossier

    texts = [e.text for e in get_dossier(session, actor, dossier.id).timeline]
    assert any("Taalcafé De Brug" in t and "voorgesteld" in t and "toestemming gegeven" in t for t in texts)
    assert any("Aangemeld → Gestart" in t for t in texts)
    assert any("reden: niet meer nodig" in t for t in texts)


def test_access_is_logged_and_other_municipality_is_refused(session: Session, case, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier = case[0], case[1]
    r = _refer(session, case)
    rows = session.scalars(select(AccessLog).where(AccessLog.object_type == "doorverwijzing")).all()
    assert rows and rows[-1].actor_login == actor.login
    bunnik = make_actor(Role.CONSULENT, BUNNIK)
    with pytest.raises(PermissionDenied):
        dr.dossier_referrals(session, bunnik, dossier.id)
    with pytest.raises(PermissionDenied):
        dr.move_referral(session, bunnik, r.id, r.version, ReferralStatus.AANGEMELD, today=DAY)
    with pytest.raises(PermissionDenied):
        _refer(session, (bunnik, *case[1:]))
    reader = make_actor(Role.ALLEEN_LEZEN, ZEIST)
    assert [x.id for x in dr.dossier_referrals(session, reader, dossier.id)] == [r.id]
    with pytest.raises(PermissionDenied):
        dr.move_referral(session, reader, r.id, r.version, ReferralStatus.AANGEMELD, today=DAY)


def test_counts_for_everyone_who_only_for_the_own_municipality(session: Session, case, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier, taal = case[0], case[1], case[2]
    r = _refer(session, case, registered=True)
    _refer(session, case, today=date(2026, 8, 1), consent_on=date(2026, 8, 1))
    dr.move_referral(session, actor, r.id, r.version, ReferralStatus.GESTART, today=DAY)
    bunnik = make_actor(Role.CONSULENT, BUNNIK)
    counts = dr.referral_counts(session, bunnik, taal.id)
    assert counts.by_status == {ReferralStatus.GESTART: 1, ReferralStatus.VOORGESTELD: 1}
    assert counts.by_period == {
        "2026-H1": {ReferralStatus.GESTART: 1}, "2026-H2": {ReferralStatus.VOORGESTELD: 1},
    }  # fmt: skip
    assert counts.total == 2
    assert dr.initiative_referrals(session, bunnik, taal.id) == []  # never who
    own = dr.initiative_referrals(session, make_actor(Role.CONTACTPERSOON, ZEIST), taal.id)
    assert {x.dossier_id for x in own} == {dossier.id} and len(own) == 2
