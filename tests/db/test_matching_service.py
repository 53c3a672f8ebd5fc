"""Matching over the database: proposals with explanations, accept (swap across municipalities),
reject (never proposed again), and no protected attribute reaches the engine."""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy.orm import Session

from app.db.models import Dwelling, DwellingStatus, Koppeling, KoppelingStatus, SwapStatus
from app.domain.matching import PROTECTED_ATTRIBUTES, DwellingIn, HouseholdIn
from app.domain.roles import Role
from app.services.board import matching, swaps
from tests.db.board_fixtures import dwelling, koppeling, setup_periods

TODAY = date(2017, 3, 1)


def _scenario(session: Session) -> tuple[Koppeling, Koppeling, Dwelling, Dwelling]:
    setup_periods(session)
    big = koppeling(
        session, "GM0589", date(2017, 2, 1), 7, azc_location="AZC Zeist", azc_lat=52.12, azc_lon=5.27
    )
    small = koppeling(session, "GM0355", date(2017, 2, 10), 2, languages="Tigrinya")
    house = dwelling(session, "GM0344", 4, 8, date(2017, 3, 1))  # Utrecht has the large house
    flat = dwelling(session, "GM0355", 1, 2, date(2017, 3, 1))
    return big, small, house, flat


def test_proposals_are_explained_and_cross_municipality_is_flagged(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    big, small, house, flat = _scenario(session)
    actor = make_actor(Role.REGIO_COORDINATOR)
    run = matching.run_matching(session, actor, today=TODAY)
    pairs = {(p.household_id, p.dwelling_id): p for p in run.result.proposals}
    assert set(pairs) == {(big.id, house.id), (small.id, flat.id)}
    cross = pairs[(big.id, house.id)]
    assert (
        cross.cross_municipality
        and cross.household_gemeente == "GM0589"
        and cross.dwelling_gemeente == "GM0344"
    )
    assert {c.key for c in cross.criteria} == {"size_fit", "urgency", "same_gemeente", "progress", "travel"}
    assert cross.constraints_met and abs(sum(c.contribution for c in cross.criteria) - cross.score) < 1e-9


def test_accepting_across_municipalities_makes_a_swap_proposal(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    big, _, house, _ = _scenario(session)
    utrecht = make_actor(Role.CONTACTPERSOON, cbs_code="GM0344")
    oudewater = make_actor(Role.CONTACTPERSOON, cbs_code="GM0589")
    swap_id = matching.accept_proposal(session, utrecht, big.id, house.id, today=TODAY)
    assert swap_id is not None
    # Not reserved yet: Oudewater has not agreed (issue 11; it used to be reserved at once).
    assert session.get(Dwelling, house.id).status is DwellingStatus.BESCHIKBAAR
    [swap] = [s for s in swaps.list_swaps(session, utrecht) if s.id == swap_id]
    assert (swap.host_code, swap.owner_code, swap.persons, swap.status) == (
        "GM0344",
        "GM0589",
        7,
        SwapStatus.VOORGESTELD,
    )
    swaps.accept_swap(session, oudewater, swap_id)
    assert session.get(Koppeling, big.id).status is KoppelingStatus.UITGERUILD
    house_row = session.get(Dwelling, house.id)
    assert (house_row.status, house_row.reserved_for_id) == (DwellingStatus.GERESERVEERD, big.id)


def test_accepting_within_the_municipality_offers_the_dwelling(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _, small, _, flat = _scenario(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code="GM0355")
    assert matching.accept_proposal(session, zeist, small.id, flat.id, today=TODAY) is None
    assert session.get(Koppeling, small.id).status is KoppelingStatus.WONING_AANGEBODEN
    assert session.get(Dwelling, flat.id).reserved_for_id == small.id


def test_rejected_proposal_is_not_made_again(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _, small, _, flat = _scenario(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code="GM0355")
    matching.reject_proposal(session, zeist, small.id, flat.id, "Te ver van school van de kinderen")
    run = matching.run_matching(session, zeist, today=TODAY)
    assert (small.id, flat.id) not in {(p.household_id, p.dwelling_id) for p in run.result.proposals}


def test_protected_attributes_do_not_reach_the_engine(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    _scenario(session)
    actor = make_actor(Role.REGIO_COORDINATOR)
    for cls in (HouseholdIn, DwellingIn):
        assert not {f.name for f in dataclasses.fields(cls)} & PROTECTED_ATTRIBUTES
    before = matching.run_matching(session, actor, today=TODAY).result.proposals
    for row in session.query(Koppeling):
        row.languages = "Arabisch" if row.languages != "Arabisch" else "Dari"  # stored, never scored
    session.flush()
    after = matching.run_matching(session, actor, today=TODAY).result.proposals
    assert [(p.household_id, p.dwelling_id, p.score) for p in before] == [
        (p.household_id, p.dwelling_id, p.score) for p in after
    ]


def test_declined_swap_from_matching_leaves_the_dwelling_available(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    big, _, house, _ = _scenario(session)
    oudewater = make_actor(Role.CONTACTPERSOON, cbs_code="GM0589")
    utrecht = make_actor(Role.CONTACTPERSOON, cbs_code="GM0344")
    swap_id = matching.accept_proposal(session, oudewater, big.id, house.id, today=TODAY)
    assert session.get(Dwelling, house.id).status is DwellingStatus.BESCHIKBAAR  # until Utrecht agrees
    swaps.decline_swap(session, utrecht, swap_id, "Woning is al toegezegd aan een urgente woningzoekende")
    assert session.get(Dwelling, house.id).status is DwellingStatus.BESCHIKBAAR
    assert session.get(Koppeling, big.id).status is KoppelingStatus.GEKOPPELD


def test_regio_coordinator_proposes_between_two_others(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    """The coordinator may put a cross-municipality proposal on the table; both parties still decide."""
    big, _, house, _ = _scenario(session)
    regio = make_actor(Role.REGIO_COORDINATOR, cbs_code="GM0355")  # Zeist: party to neither side
    swap_id = matching.accept_proposal(session, regio, big.id, house.id, today=date(2026, 11, 23))
    [swap] = [s for s in swaps.list_swaps(session, regio) if s.id == swap_id]
    assert swap.status is SwapStatus.VOORGESTELD and swap.host_agreed == "" and swap.owner_agreed == ""
    assert swap.period == "2026-H2"  # the period row was created on the fly
    swaps.accept_swap(session, make_actor(Role.CONTACTPERSOON, cbs_code="GM0344"), swap_id)
    swaps.accept_swap(session, make_actor(Role.CONTACTPERSOON, cbs_code="GM0589"), swap_id)
    assert session.get(Koppeling, big.id).status is KoppelingStatus.UITGERUILD
