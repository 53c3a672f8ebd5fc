"""The swap plan over the database: who may compute and send it, what goes in, and that sending makes
ordinary proposals both municipalities still decide on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AccessLog, Dwelling, DwellingStatus, Koppeling, KoppelingStatus, SwapRow, SwapStatus
from app.domain.roles import Role
from app.errors import PermissionDenied, ValidationError
from app.services.board import swap_plan, swaps
from tests.db.board_fixtures import P1, dwelling, koppeling, setup_periods

TODAY = date(2017, 3, 1)
UTRECHT, OUDEWATER, ZEIST = "GM0344", "GM0589", "GM0355"


def _scenario(session: Session) -> dict[str, int]:
    """Oudewater has a family of five and a small flat, Utrecht a single and a family house."""
    setup_periods(session)
    family = koppeling(session, OUDEWATER, date(2017, 2, 1), 5, languages="Tigrinya")
    single = koppeling(session, UTRECHT, date(2017, 2, 10), 1)
    house = dwelling(session, UTRECHT, 3, 6, TODAY + timedelta(days=7))
    flat = dwelling(session, OUDEWATER, 1, 2, TODAY)
    return {"family": family.id, "single": single.id, "house": house.id, "flat": flat.id}


def _swap_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SwapRow)) or 0


def test_the_plan_swaps_what_each_does_best_and_explains_it(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    ids = _scenario(session)
    run = swap_plan.compute_swap_plan(session, make_actor(Role.REGIO_COORDINATOR, ZEIST), today=TODAY)
    assert run.plan.housed_without_swaps == 0 and run.plan.housed == 2
    by_household = {s.koppeling_id: s for s in run.swaps}
    family, single = by_household[ids["family"]], by_household[ids["single"]]
    assert (family.host_code, family.dwelling_id, family.persons) == (UTRECHT, ids["house"], 5)
    assert (single.host_code, single.dwelling_id) == (OUDEWATER, ids["flat"])
    text = " ".join(family.explanation)
    assert "5 personen, gekoppeld aan Oudewater" in text and "3 slaapkamers, tot 6 bewoners" in text
    assert "Utrecht krijgt 5 personen tegoed (0 → +5)" in text
    assert "In Oudewater komen vóór de termijn" in text or "In Oudewater komt vóór de termijn" in text
    assert run.plan.ledger_after[UTRECHT] == 4 and run.plan.ledger_after[OUDEWATER] == -4


def test_only_the_regio_coordinator_and_beheerder_compute_it(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _scenario(session)
    contact = make_actor(Role.CONTACTPERSOON, UTRECHT)
    with pytest.raises(PermissionDenied, match="Alleen een regio-coördinator of beheerder"):
        swap_plan.compute_swap_plan(session, contact, today=TODAY)
    refused = session.scalar(
        select(func.count()).select_from(AccessLog).where(
            AccessLog.actor_login == contact.login, AccessLog.object_type == "uitruilplan",
            AccessLog.result == "denied",
        )
    )  # fmt: skip
    assert refused == 1
    beheerder = make_actor(Role.BEHEERDER, None)
    run = swap_plan.compute_swap_plan(session, beheerder, today=TODAY)
    assert len(run.swaps) == 2
    with pytest.raises(PermissionDenied, match="Alleen een regio-coördinator kan voorstellen"):
        swap_plan.send_planned_swaps(session, beheerder, run.swaps, today=TODAY)
    with pytest.raises(PermissionDenied):
        swap_plan.send_planned_swaps(session, contact, run.swaps, today=TODAY)
    assert _swap_count(session) == 0


def test_sending_makes_ordinary_proposals_both_sides_decide(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    ids = _scenario(session)
    regio = make_actor(Role.REGIO_COORDINATOR, ZEIST)
    run = swap_plan.compute_swap_plan(session, regio, today=TODAY)
    family = next(s for s in run.swaps if s.koppeling_id == ids["family"])
    [info] = swap_plan.send_planned_swaps(session, regio, [family], today=TODAY)
    row = session.get(SwapRow, info.id)
    assert (row.host.cbs_code, row.owner.cbs_code, row.persons, row.status) == (
        UTRECHT, OUDEWATER, 5, SwapStatus.VOORGESTELD,
    )  # fmt: skip
    assert row.host_agreed_at is None and row.owner_agreed_at is None  # the regio speaks for neither
    assert row.dwelling_id == ids["house"] and "uitruilplan" in row.note
    assert session.get(Dwelling, ids["house"]).status is DwellingStatus.BESCHIKBAAR  # reserved once agreed
    utrecht = make_actor(Role.CONTACTPERSOON, UTRECHT)
    oudewater = make_actor(Role.CONTACTPERSOON, OUDEWATER)
    swaps.accept_swap(session, utrecht, info.id)
    swaps.accept_swap(session, oudewater, info.id)
    assert session.get(Koppeling, ids["family"]).status is KoppelingStatus.UITGERUILD
    # The household is settled now: a new plan leaves it out and counts the ledger.
    again = swap_plan.compute_swap_plan(session, regio, today=TODAY)
    assert ids["family"] not in {s.koppeling_id for s in again.swaps}
    assert again.plan.ledger_before[UTRECHT] == 5 and again.plan.excluded == 1


def test_a_household_housed_meanwhile_is_refused_and_nothing_is_sent(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    ids = _scenario(session)
    regio = make_actor(Role.REGIO_COORDINATOR, ZEIST)
    run = swap_plan.compute_swap_plan(session, regio, today=TODAY)
    single = session.get(Koppeling, ids["single"])
    single.status, single.housed_on, single.housed_gemeente_id = (
        KoppelingStatus.GEHUISVEST, TODAY, single.gemeente_id,
    )  # fmt: skip
    session.flush()
    with pytest.raises(
        ValidationError, match=rf"Er is niets verstuurd\. Huishouden {single.v_nummer} wacht niet"
    ):
        swap_plan.send_planned_swaps(session, regio, run.swaps, today=TODAY)
    assert _swap_count(session) == 0
    family = next(s for s in run.swaps if s.koppeling_id == ids["family"])
    swap_plan.send_planned_swaps(session, regio, [family], today=TODAY)
    with pytest.raises(ValidationError, match="loopt intussen al een uitruilvoorstel"):
        swap_plan.send_planned_swaps(session, regio, [family], today=TODAY)


def test_reserved_and_proposed_households_stay_out_and_open_proposals_count(
    session: Session, make_actor
) -> None:  # type: ignore[no-untyped-def]
    ids = _scenario(session)
    regio = make_actor(Role.REGIO_COORDINATOR, ZEIST)
    reserved = koppeling(session, OUDEWATER, date(2017, 2, 1), 5)
    dwelling(session, OUDEWATER, 3, 6, TODAY, status=DwellingStatus.GERESERVEERD, reserved_for_id=reserved.id)
    proposed = koppeling(session, OUDEWATER, date(2017, 2, 1), 5)
    swaps.propose_swap(
        session, make_actor(Role.CONTACTPERSOON, OUDEWATER), host_code=ZEIST, owner_code=OUDEWATER,
        persons=5, period=P1, koppeling_id=proposed.id,
    )  # fmt: skip
    run = swap_plan.compute_swap_plan(session, regio, today=TODAY)
    assert {s.koppeling_id for s in run.swaps} == {ids["family"], ids["single"]}
    assert run.plan.excluded == 2
    assert run.plan.ledger_before[ZEIST] == 5 and run.plan.ledger_before[OUDEWATER] == -5


def test_languages_have_no_influence(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    ids = _scenario(session)
    regio = make_actor(Role.REGIO_COORDINATOR, ZEIST)
    first = swap_plan.compute_swap_plan(session, regio, today=TODAY)
    for kid in (ids["family"], ids["single"]):
        session.get(Koppeling, kid).languages = "Nederlands, Arabisch"
    session.flush()
    assert swap_plan.compute_swap_plan(session, regio, today=TODAY).swaps == first.swaps


def test_expected_vacancies_from_the_history(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    """No family house is announced, but Utrecht had one free every fortnight last year."""
    setup_periods(session)
    family = koppeling(session, OUDEWATER, date(2017, 2, 1), 5)
    for week in range(2, 52, 2):
        dwelling(session, UTRECHT, 3, 6, TODAY - timedelta(weeks=week), status=DwellingStatus.TOEGEWEZEN)
    run = swap_plan.compute_swap_plan(session, make_actor(Role.REGIO_COORDINATOR, ZEIST), today=TODAY)
    [planned] = run.swaps
    assert planned.koppeling_id == family.id and planned.host_code == UTRECHT and planned.expected
    assert planned.dwelling == "verwachte woning" and planned.available_from <= family.linked_on + timedelta(
        weeks=10
    )
    assert "25 zulke woningen kwamen vrij" in " ".join(planned.explanation)
    [info] = swap_plan.send_planned_swaps(
        session, make_actor(Role.REGIO_COORDINATOR, ZEIST), run.swaps, today=TODAY
    )
    assert session.get(SwapRow, info.id).dwelling_id is None
