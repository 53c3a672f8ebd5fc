"""Retention of closed dossiers on both databases: the term (1–30 years, beheerder only), the dry
run (exactly the closed dossiers past the term, nothing personal), and the purge (those dossiers
with every child row, nothing else; one log row with the count and ids, no BSN or name)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db.models import (
    Dossier,
    DossierEvent,
    DossierMember,
    Handover,
    HandoverCheck,
    HandoverStatusChange,
    Milestone,
    NoaRecord,
    PlanAction,
    PlanGoal,
)
from app.domain.case_dossier import DossierStatus, MemberRole, MilestoneKind, NoaPart, PlanDomain
from app.domain.handover import HandoverKind, HandoverStatus
from app.domain.roles import Action, Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services import retention as rt
from app.services.cases import dossiers as ds
from app.services.cases import handovers as ho
from app.services.cases import members as dm
from app.services.cases import plan
from app.services.cases.views import ContactInfo
from tests.db.board_fixtures import koppeling
from tests.db.case_fixtures import BSN_A, BSN_B, BUNNIK, ZEIST, last_log_id, log_rows

TODAY = date.today()


def years_ago(years: int, days: int = 0) -> date:
    return rt.cutoff_for(TODAY, years) - timedelta(days=days)


def rich_case(session: Session, actor: Any, code: str, bsns: tuple[str, str] | None = None) -> int:
    """A dossier with members (BSNs), plan, milestone, NOA part, a handover with its checklist and
    status history, and timeline events."""
    k = koppeling(session, code, date(2017, 2, 1), 2)
    bsn_head, bsn_partner = bsns or ("", "")
    detail = ds.create_dossier_from_koppeling(
        session,
        actor,
        k.id,
        head=dm.MemberInput(
            name="Ayşe Özdemir", birth_date=date(1984, 3, 1), v_nummer=k.v_nummer, bsn=bsn_head
        ),
    )
    partner = dm.add_member(
        session,
        actor,
        detail.id,
        dm.MemberInput(
            name="Mehmet Özdemir", role=MemberRole.PARTNER, birth_date=date(1982, 1, 9), bsn=bsn_partner
        ),
    )
    goal = plan.add_goal(
        session, actor, detail.id, plan.GoalInput(PlanDomain.HUISVESTING, "Een woning vinden")
    )
    plan.add_action(session, actor, goal.id, plan.ActionInput("Inschrijven bij de corporatie", owner="Cor"))
    ho.create_handover(
        session,
        actor,
        detail.id,
        ho.HandoverInput(
            HandoverKind.GCA_HUISARTS,
            receiver=ContactInfo("Praktijk De Linde", "J. Bakker", "030-1234567", "p@voorbeeld.invalid"),
        ),
    )
    dm.set_milestone(session, actor, detail.id, MilestoneKind.RECHTEN_PLICHTEN, date(2017, 2, 10))
    dm.record_noa_part(session, actor, partner.id, NoaPart.ACHTERGROND, date(2017, 2, 12))
    return detail.id


def close(session: Session, dossier_id: int, closed_on: date) -> None:
    """Closed on a day in the past (the services close today; a test cannot wait seven years)."""
    session.execute(
        update(Handover).where(Handover.dossier_id == dossier_id).values(status=HandoverStatus.AFGEROND)
    )
    session.execute(
        update(Dossier)
        .where(Dossier.id == dossier_id)
        .values(status=DossierStatus.GESLOTEN, closed_on=closed_on, version=Dossier.version + 1)
    )
    session.flush()


def child_counts(session: Session, dossier_id: int) -> dict[str, int]:
    handovers = select(Handover.id).where(Handover.dossier_id == dossier_id).scalar_subquery()
    goals = select(PlanGoal.id).where(PlanGoal.dossier_id == dossier_id).scalar_subquery()

    def count(model: Any, where: Any) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(where)) or 0)

    return {
        "dossiers": count(Dossier, Dossier.id == dossier_id),
        "members": count(DossierMember, DossierMember.dossier_id == dossier_id),
        "milestones": count(Milestone, Milestone.dossier_id == dossier_id),
        "noa": count(NoaRecord, NoaRecord.dossier_id == dossier_id),
        "goals": count(PlanGoal, PlanGoal.dossier_id == dossier_id),
        "actions": count(PlanAction, PlanAction.goal_id.in_(goals)),
        "events": count(DossierEvent, DossierEvent.dossier_id == dossier_id),
        "handovers": count(Handover, Handover.dossier_id == dossier_id),
        "checks": count(HandoverCheck, HandoverCheck.handover_id.in_(handovers)),
        "status_changes": count(HandoverStatusChange, HandoverStatusChange.handover_id.in_(handovers)),
    }


@pytest.fixture
def cases(session: Session, make_actor) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Zeist: one closed past the term (7 years and a day), one closed within it (exactly on the
    cut-off day: not yet), one open; Bunnik: one closed long ago."""
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONSULENT, cbs_code=BUNNIK)
    ids = {
        "expired": rich_case(session, zeist, ZEIST, (BSN_A, BSN_B)),
        "within": rich_case(session, zeist, ZEIST),
        "open": rich_case(session, zeist, ZEIST),
        "bunnik": rich_case(session, bunnik, BUNNIK),
    }
    close(session, ids["expired"], years_ago(7, days=1))
    close(session, ids["within"], years_ago(7))
    close(session, ids["bunnik"], date(2015, 6, 30))
    return ids


def test_the_term_is_seven_years_until_a_beheerder_sets_it(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    assert rt.retention_years(session) == 7
    assert rt.set_retention_years(session, beheer, 10) == 10
    assert rt.retention_years(session) == 10
    row = log_rows(session)[-1]
    assert (row.action, row.object_type, row.detail) == (
        Action.UPDATE,
        "bewaartermijn",
        "bewaartermijn 7 → 10 jaar",
    )


@pytest.mark.parametrize("years", [0, 31, -7, 1000])
def test_a_term_out_of_range_is_refused_in_dutch(session: Session, make_actor, years: int) -> None:  # type: ignore[no-untyped-def]
    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    with pytest.raises(ValidationError, match="tussen 1 en 30 jaar"):
        rt.set_retention_years(session, beheer, years)
    assert rt.retention_years(session) == 7


@pytest.mark.parametrize(
    "role", [Role.REGIO_COORDINATOR, Role.CONTACTPERSOON, Role.CONSULENT, Role.ALLEEN_LEZEN]
)
def test_only_a_beheerder_sets_the_term_lists_or_purges(
    session: Session,
    make_actor,
    cases: dict[str, int],
    role: Role,  # type: ignore[no-untyped-def]
) -> None:
    other = make_actor(role, cbs_code=ZEIST)
    for attempt in (
        lambda: rt.set_retention_years(session, other, 5),
        lambda: rt.expired_dossiers(session, other),
        lambda: rt.purge_expired(session, other),
    ):
        with pytest.raises(PermissionDenied, match="Alleen een beheerder"):
            attempt()
    assert rt.retention_years(session) == 7
    assert child_counts(session, cases["expired"])["dossiers"] == 1


def test_a_disabled_beheerder_is_refused(session: Session, make_actor, cases: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    from app.db.models import User

    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    session.execute(update(User).where(User.id == beheer.user_id).values(active=False))
    session.expire_all()
    with pytest.raises(PermissionDenied, match="uitgeschakeld"):
        rt.purge_expired(session, beheer)
    assert child_counts(session, cases["expired"])["dossiers"] == 1


def test_dry_run_lists_exactly_the_closed_dossiers_past_the_term(
    session: Session,
    make_actor,
    cases: dict[str, int],  # type: ignore[no-untyped-def]
) -> None:
    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    preview = rt.expired_dossiers(session, beheer)
    assert preview.years == 7
    assert [(d.dossier_id, d.gemeente_code, d.closed_on) for d in preview.dossiers] == [
        (cases["bunnik"], BUNNIK, date(2015, 6, 30)),
        (cases["expired"], ZEIST, years_ago(7, days=1)),
    ]
    assert preview.dossiers[1].gemeente_name == "Zeist"
    # A shorter term takes the one closed exactly seven years ago along; the open one never goes.
    rt.set_retention_years(session, beheer, 6)
    assert {d.dossier_id for d in rt.expired_dossiers(session, beheer).dossiers} == {
        cases["bunnik"],
        cases["expired"],
        cases["within"],
    }
    assert child_counts(session, cases["expired"])["dossiers"] == 1  # a dry run removes nothing


def test_purge_removes_the_dossiers_and_their_children_and_nothing_else(
    session: Session,
    make_actor,
    cases: dict[str, int],  # type: ignore[no-untyped-def]
) -> None:
    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    before = {key: child_counts(session, dossier_id) for key, dossier_id in cases.items()}
    assert all(n > 0 for n in before["expired"].values()), before["expired"]
    mark = last_log_id(session)
    seen: list[float] = []

    result = rt.purge_expired(
        session, beheer, expected=2, batch_size=1, progress=lambda f, _t: seen.append(f)
    )

    assert result.dossier_ids == sorted([cases["expired"], cases["bunnik"]])
    assert seen[-1] == 1.0 and len(seen) >= 2  # one report per batch
    session.expire_all()
    for key in ("expired", "bunnik"):
        assert set(child_counts(session, cases[key]).values()) == {0}, key
    for key in ("within", "open"):
        assert child_counts(session, cases[key]) == before[key], key
    assert session.scalar(select(func.count()).where(DossierMember.bsn.in_([BSN_A, BSN_B]))) == 0
    # One row: what happened, how many, which ids; no BSN or name anywhere in the new rows.
    purge_rows = [r for r in log_rows(session, mark) if r.object_type == "purge"]
    assert [(r.action, r.result, r.detail) for r in purge_rows] == [
        (Action.DELETE, "ok", f"dossiers=2 ids={min(result.dossier_ids)},{max(result.dossier_ids)}")
    ]
    for row in log_rows(session, mark):
        text = f"{row.detail} {row.object_id}"
        assert BSN_A not in text and BSN_B not in text and "Özdemir" not in text
    # Again: nothing left to purge.
    assert rt.expired_dossiers(session, beheer).dossiers == []
    assert rt.purge_expired(session, beheer).count == 0


def test_a_changed_list_or_a_failure_changes_nothing(
    session: Session,
    make_actor,
    cases: dict[str, int],  # type: ignore[no-untyped-def]
) -> None:
    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    with pytest.raises(ConflictError, match="intussen 2 dossiers"):
        rt.purge_expired(session, beheer, expected=1)

    def fail(fraction: float, _text: str) -> None:
        if fraction < 1:
            raise RuntimeError("verbinding weg")

    with pytest.raises(RuntimeError), session.begin_nested():
        rt.purge_expired(session, beheer, batch_size=1, progress=fail)
    session.expire_all()
    assert child_counts(session, cases["expired"])["dossiers"] == 1
    assert child_counts(session, cases["bunnik"])["dossiers"] == 1


def test_timeline_and_handover_history_stay_insert_only_outside_a_purge(
    session: Session, cases: dict[str, int]
) -> None:
    for model, column, value in (
        (DossierEvent, DossierEvent.dossier_id, cases["open"]),
        (
            HandoverStatusChange,
            HandoverStatusChange.id,
            session.scalar(select(func.min(HandoverStatusChange.id))),
        ),
    ):
        with pytest.raises(DBAPIError, match=r"(insert|append)-only"), session.begin_nested():
            session.execute(delete(model).where(column == value))
    with pytest.raises(DBAPIError), session.begin_nested():  # a dossier with a timeline cannot go either
        session.execute(delete(Dossier).where(Dossier.id == cases["expired"]))


def test_closing_a_dossier_records_the_day_and_reopening_clears_it(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    k = koppeling(session, ZEIST, date(2017, 2, 1), 1)
    detail = ds.create_dossier_from_koppeling(session, zeist, k.id)
    row = session.get(Dossier, detail.id)
    assert row is not None and row.closed_on is None

    def change(status: DossierStatus) -> None:
        current = ds.get_dossier(session, zeist, detail.id)
        changes = ds.DossierChanges(
            moving_date=current.moving_date,
            address_after_move=current.address_after_move,
            expected_followers=current.expected_followers,
            status=status,
        )
        ds.update_dossier(session, zeist, detail.id, current.version, changes)

    change(DossierStatus.GESLOTEN)
    assert session.get(Dossier, detail.id).closed_on == TODAY  # type: ignore[union-attr]
    change(DossierStatus.OPEN)
    assert session.get(Dossier, detail.id).closed_on is None  # type: ignore[union-attr]


def test_log_details_split_many_ids_over_rows_of_at_most_500_characters() -> None:
    ids = list(range(100_000, 100_400))
    details = rt.log_details(ids)
    assert len(details) > 1
    assert all(len(d) <= 500 for d in details)
    assert details[0].startswith(f"dossiers=400 deel 1/{len(details)} ids=100000,")
    found = [int(x) for d in details for x in d.split("ids=")[1].split(",")]
    assert found == ids
    assert rt.log_details([]) == ["dossiers=0"]
    assert rt.log_details([3, 5]) == ["dossiers=2 ids=3,5"]


def test_cutoff_on_29_february() -> None:
    assert rt.cutoff_for(date(2028, 2, 29), 7) == date(2021, 2, 28)
    assert rt.cutoff_for(date(2026, 12, 1), 7) == date(2019, 12, 1)


def test_many_dossiers_go_in_bounded_batches_and_the_log_continues_over_rows(
    session: Session,
    make_actor,  # type: ignore[no-untyped-def]
) -> None:
    from app.db.models import Gemeente

    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    zeist = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == ZEIST))
    rows = [
        Dossier(gemeente_id=zeist, v_nummer=f"{8_000_000_000 + n}", status=DossierStatus.GESLOTEN,
                closed_on=date(2010, 1, 1) + timedelta(days=n))
        for n in range(1_100)
    ]  # fmt: skip
    session.add_all(rows)
    session.flush()
    ids = sorted(r.id for r in rows)
    mark = last_log_id(session)
    seen: list[float] = []

    result = rt.purge_expired(session, beheer, expected=1_100, progress=lambda f, _t: seen.append(f))

    assert result.dossier_ids == ids
    assert seen == [500 / 1_100, 1_000 / 1_100, 1.0]  # three statements of at most 500 dossiers
    assert session.scalar(select(func.count()).select_from(Dossier).where(Dossier.id.in_(ids))) == 0
    details = [r.detail or "" for r in log_rows(session, mark) if r.object_type == "purge"]
    assert len(details) > 1 and all(len(d) <= 500 for d in details)
    assert all(d.startswith(f"dossiers=1100 deel {n}/{len(details)} ids=") for n, d in enumerate(details, 1))
    assert [int(x) for d in details for x in d.split("ids=")[1].split(",")] == ids
