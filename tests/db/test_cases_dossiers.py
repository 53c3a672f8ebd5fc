"""Dossiers: creation from a koppeling, members with BSN check, search and paging in SQL, rights and
the access log, NOA parts without answers, voorinburgering hours, plan of action, timeline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.domain.case_dossier import (
    ActionStatus,
    DossierStatus,
    MemberRole,
    MilestoneKind,
    NoaPart,
    PlanDomain,
)
from app.domain.roles import Action, Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.cases import dossiers as ds
from app.services.cases import members as dm
from app.services.cases import plan as dp
from tests.db.board_fixtures import koppeling
from tests.db.case_fixtures import BSN_A, BSN_B, BUNNIK, ZEIST, family, last_log_id, log_rows


def test_dossier_from_koppeling_takes_its_household_data(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    k = koppeling(session, ZEIST, date(2017, 2, 1), 4, housed_on=date(2017, 4, 20), expected_followers=2)
    detail = ds.create_dossier_from_koppeling(session, zeist, k.id)
    assert (detail.v_nummer, detail.gemeente_code, detail.linked_on, detail.moving_date) == (
        k.v_nummer,
        ZEIST,
        date(2017, 2, 1),
        date(2017, 4, 20),
    )
    assert detail.expected_followers == 2
    assert detail.milestone(MilestoneKind.GEKOPPELD).done_on == date(2017, 2, 1)
    assert detail.milestone(MilestoneKind.VERHUISD).done_on == date(2017, 4, 20)
    with pytest.raises(ValidationError, match="al een dossier"):
        ds.create_dossier_from_koppeling(session, zeist, k.id)
    assert ds.find_dossier_for_koppeling(session, zeist, k.id) == detail.id


def test_bsn_is_checked_with_the_elfproef_and_belongs_to_one_person(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    child = next(m for m in dossier.members if m.role is MemberRole.KIND)
    data = dm.MemberInput(name=child.name, role=MemberRole.KIND, birth_date=child.birth_date)

    for bad, message in [
        ("000000000", "000000000 is geen geldig BSN"),
        ("111222334", "elfproef"),
        ("12345", "9 cijfers"),  # too short: only 8 digits get a leading zero (issue 12)
        ("12a456789", "alleen uit cijfers"),
    ]:
        data.bsn = bad
        with pytest.raises(ValidationError) as refused:
            dm.update_member(session, zeist, child.id, child.version, data)
        assert message in refused.value.fields["bsn"]

    data.bsn = "111 222 333"
    registered = dm.update_member(session, zeist, child.id, child.version, data)
    assert registered.bsn == BSN_A
    partner = next(m for m in dossier.members if m.role is MemberRole.PARTNER)
    with pytest.raises(ValidationError) as twice:
        dm.update_member(
            session,
            zeist,
            partner.id,
            partner.version,
            dm.MemberInput(name=partner.name, role=MemberRole.PARTNER, bsn=BSN_A),
        )
    assert "al geregistreerd" in twice.value.fields["bsn"]
    timeline = [e.text for e in ds.get_dossier(session, zeist, dossier.id).timeline]
    assert f"BSN geregistreerd voor {child.name}." in timeline
    assert not any(BSN_A in text for text in timeline)  # the number itself stays out of the timeline


def test_member_rules(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    with pytest.raises(ValidationError) as refused:
        dm.add_member(
            session,
            zeist,
            dossier.id,
            dm.MemberInput(
                name=" ", role=MemberRole.HOOFDAANVRAGER, name_arabic="Ali", birth_date=date(2999, 1, 1)
            ),
        )
    assert set(refused.value.fields) == {"name", "name_arabic", "birth_date", "role"}
    added = dm.add_member(
        session,
        zeist,
        dossier.id,
        dm.MemberInput(name="Nuñez Ghebreyesús", role=MemberRole.OVERIG, name_arabic="نونيز"),
    )
    assert added.name_arabic == "نونيز"
    stale = added.version
    dm.update_member(session, zeist, added.id, stale, dm.MemberInput(name="Nuñez G.", role=MemberRole.OVERIG))
    with pytest.raises(ConflictError):
        dm.update_member(
            session, zeist, added.id, stale, dm.MemberInput(name="Nuñez", role=MemberRole.OVERIG)
        )
    after = ds.get_dossier(session, zeist, dossier.id)
    assert [m.role for m in after.members] == [
        MemberRole.HOOFDAANVRAGER,
        MemberRole.PARTNER,
        MemberRole.KIND,
        MemberRole.OVERIG,
    ]


def test_case_list_searches_pages_and_sorts_in_sql(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONSULENT, cbs_code=BUNNIK)
    names = ["Şahin Yılmaz", "Ghebreyesús Tesfay", "Nuñez Carmen", "Özdemir Ayşe", "Abebe Lemlem"]
    made = {n: family(session, zeist, head=n, partner=None, children=()) for n in names}
    family(session, bunnik, BUNNIK, head="Özdemir Bunnik", partner=None, children=())
    dm.update_member(
        session,
        zeist,
        made["Nuñez Carmen"].members[0].id,
        made["Nuñez Carmen"].members[0].version,
        dm.MemberInput(name="Nuñez Carmen", bsn=BSN_B, v_nummer=made["Nuñez Carmen"].v_nummer),
    )

    rows, total = ds.list_dossiers(session, zeist, ds.DossierFilter(limit=2))
    assert total == 5 and [r.head_name for r in rows] == ["Abebe Lemlem", "Ghebreyesús Tesfay"]
    rows, _ = ds.list_dossiers(session, zeist, ds.DossierFilter(limit=2, offset=2))
    assert [r.head_name for r in rows] == ["Nuñez Carmen", "Özdemir Ayşe"]
    rows, _ = ds.list_dossiers(session, zeist, ds.DossierFilter(sort="head_name", descending=True, limit=1))
    assert rows[0].head_name == "Şahin Yılmaz"

    def found(text: str) -> list[str]:
        return [r.head_name for r in ds.list_dossiers(session, zeist, ds.DossierFilter(text=text))[0]]

    assert found("ozdemir") == ["Özdemir Ayşe"]  # diacritics ignored, Bunnik's dossier not shown
    assert found("SAHIN") == ["Şahin Yılmaz"]
    assert found("ghebreyesus") == ["Ghebreyesús Tesfay"]
    assert found(BSN_B) == ["Nuñez Carmen"]
    assert found(made["Abebe Lemlem"].v_nummer[-6:]) == ["Abebe Lemlem"]
    assert found("%") == []  # wildcards are searched literally
    assert rows[0].member_count == 1 and rows[0].status is DossierStatus.OPEN


def test_reading_and_searching_are_logged_and_other_gemeenten_refused(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    admin = make_actor(Role.BEHEERDER, cbs_code=None)
    dossier = family(session, zeist)
    start = last_log_id(session)

    ds.get_dossier(session, zeist, dossier.id)
    ds.list_dossiers(session, zeist, ds.DossierFilter(text="özdemir"))
    rows = log_rows(session, start)
    assert [(r.action, r.object_type, r.object_id, r.result, r.actor_login) for r in rows] == [
        (Action.READ, "dossier", str(dossier.id), "ok", zeist.login),
        (Action.SEARCH, "dossier", None, "ok", zeist.login),
    ]
    # What was searched in and how long, never the term (issue 12).
    assert "özdemir" not in rows[1].detail and "zoekterm (text): 7 tekens" in rows[1].detail

    start = last_log_id(session)
    with pytest.raises(PermissionDenied):
        ds.get_dossier(session, bunnik, dossier.id)
    with pytest.raises(PermissionDenied):
        ds.get_dossier(session, admin, dossier.id)  # technical management sees no dossiers
    with pytest.raises(PermissionDenied):
        ds.list_dossiers(session, bunnik, ds.DossierFilter(gemeente_code=ZEIST))
    with pytest.raises(PermissionDenied):
        dm.add_member(session, bunnik, dossier.id, dm.MemberInput(name="Indringer", role=MemberRole.OVERIG))
    refused = log_rows(session, start)
    assert [(r.action, r.actor_login, r.result) for r in refused] == [
        (Action.READ, bunnik.login, "denied"),
        (Action.READ, admin.login, "denied"),
        (Action.SEARCH, bunnik.login, "denied"),
        (Action.CREATE, bunnik.login, "denied"),
    ]
    assert len(ds.get_dossier(session, zeist, dossier.id).members) == 3


def test_read_only_user_reads_but_does_not_change(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    reader = make_actor(Role.ALLEEN_LEZEN, cbs_code=ZEIST)
    dossier = family(session, zeist)
    assert ds.get_dossier(session, reader, dossier.id).id == dossier.id
    with pytest.raises(PermissionDenied):
        ds.update_dossier(
            session, reader, dossier.id, dossier.version, ds.DossierChanges(None, "Lindelaan 3", 0)
        )


def test_noa_parts_record_done_date_and_by_whom_only(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    adults = [m for m in dossier.members if m.role in (MemberRole.HOOFDAANVRAGER, MemberRole.PARTNER)]
    with pytest.raises(ValidationError, match="toekomst"):
        dm.record_noa_part(session, zeist, adults[0].id, NoaPart.PTSS, date(2999, 1, 1))
    for adult in adults:
        for n, part in enumerate(NoaPart):
            info = dm.record_noa_part(session, zeist, adult.id, part, date(2017, 3, 1 + n), "COA Zeist")
    assert [(p.part, p.done_by) for p in info.noa][:2] == [
        (NoaPart.ACHTERGROND, "COA Zeist"),
        (NoaPart.PTSS, "COA Zeist"),
    ]
    assert not hasattr(info.noa[0], "score") and not hasattr(info.noa[0], "answers")
    detail = ds.get_dossier(session, zeist, dossier.id)
    assert detail.milestone(MilestoneKind.NOA).done_on == date(2017, 3, 9)  # the last part of the last adult
    after = dm.clear_noa_part(session, zeist, adults[0].id, NoaPart.TAAL_EN)
    assert NoaPart.TAAL_EN not in {p.part for p in after.noa}


def test_pre_integration_hours_stay_within_158_and_121(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    head = family(session, zeist).members[0]
    for total, language, field in [
        (159, 10, "pre_integration_hours"),
        (130, 122, "pre_integration_language_hours"),
        (20, 30, "pre_integration_language_hours"),
        (-1, 0, "pre_integration_hours"),
    ]:
        with pytest.raises(ValidationError) as refused:
            dm.set_pre_integration_hours(session, zeist, head.id, head.version, total, language)
        assert field in refused.value.fields
    info = dm.set_pre_integration_hours(session, zeist, head.id, head.version, 158, 121)
    assert (info.pre_integration_hours, info.pre_integration_language_hours) == (158, 121)


def test_plan_of_action_goals_and_actions(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    goal = dp.add_goal(
        session, zeist, dossier.id, dp.GoalInput(PlanDomain.WERK_INKOMEN, "Taalstage binnen een jaar")
    )
    action = dp.add_action(
        session, zeist, goal.id, dp.ActionInput("Aanmelden bij WSP", "werkcoach", date(2017, 6, 1))
    )
    done = dp.update_action(
        session,
        zeist,
        action.id,
        action.version,
        dp.ActionInput("Aanmelden bij WSP", "werkcoach", date(2017, 6, 1), ActionStatus.GEDAAN),
    )
    assert done.status is ActionStatus.GEDAAN and done.done_on == date.today()
    with pytest.raises(ValidationError):
        dp.add_goal(session, zeist, dossier.id, dp.GoalInput(PlanDomain.HUISVESTING, "", member_id=999999))
    detail = ds.get_dossier(session, zeist, dossier.id)
    [g] = detail.goals
    assert g.domain is PlanDomain.WERK_INKOMEN and [a.owner for a in g.actions] == ["werkcoach"]
    texts = [e.text for e in detail.timeline[:3]]
    assert texts[0].startswith("Actie gewijzigd: Aanmelden bij WSP (Gedaan")
    dp.remove_goal(session, zeist, goal.id, goal.version)
    assert ds.get_dossier(session, zeist, dossier.id).goals == ()


def test_update_dossier_and_timeline(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, zeist)
    with pytest.raises(ValidationError) as refused:
        ds.update_dossier(
            session, zeist, dossier.id, dossier.version, ds.DossierChanges(date(2017, 1, 1), "", -1)
        )
    assert set(refused.value.fields) == {"moving_date", "expected_followers"}
    changed = ds.update_dossier(
        session,
        zeist,
        dossier.id,
        dossier.version,
        ds.DossierChanges(date(2017, 4, 3), "Lindelaan 3, Zeist", 1),
    )
    assert (changed.moving_date, changed.address_after_move, changed.expected_followers) == (
        date(2017, 4, 3),
        "Lindelaan 3, Zeist",
        1,
    )
    with pytest.raises(ConflictError) as conflict:
        ds.update_dossier(session, zeist, dossier.id, dossier.version, ds.DossierChanges(None, "", 0))
    assert conflict.value.current.address_after_move == "Lindelaan 3, Zeist"
    timeline = ds.list_timeline(session, zeist, dossier.id)
    assert timeline[0].text.startswith(
        "Gewijzigd: verhuisdatum — → 03-04-2017; adres na verhuizing: Lindelaan 3"
    )
    assert timeline[0].by_login == zeist.login
    assert timeline[-1].text.startswith("Dossier aangemaakt vanuit koppeling")
