"""The forecast read from the database, and the what-if of a swap against the swap itself."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.db.models import DwellingStatus, KoppelingStatus
from app.domain.forecast import SwapChange
from app.domain.roles import Role
from app.services.board import swaps
from app.services.forecast import forecast_region, swap_effect
from tests.db.board_fixtures import P2, dwelling, koppeling, setup_periods, taakstelling

ZEIST, BUNNIK = "GM0355", "GM0312"
AS_OF = date(2017, 9, 1)


def test_the_forecast_counts_housed_and_households_with_a_dwelling(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    ids = setup_periods(session)
    taakstelling(session, ZEIST, ids["2017-H1"], 10, backlog_in=0)
    taakstelling(session, ZEIST, ids["2017-H2"], 12)
    koppeling(session, ZEIST, date(2017, 6, 1), 4, housed_on=date(2017, 7, 20))  # housed this period
    offered = koppeling(session, ZEIST, date(2017, 8, 1), 3, status=KoppelingStatus.WONING_AANGEBODEN)
    koppeling(session, ZEIST, date(2017, 1, 5), 6, status=KoppelingStatus.VERVALLEN)  # lapsed: not counted
    reader = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)

    result = forecast_region(session, reader, P2, today=AS_OF).by_code(ZEIST)

    assert result.current.realised == 4
    assert result.current.corrected == 22  # 12 plus the 10 H1 left behind
    # Zeist has no history of waiting times and COA's pace is unknown: 4 housed + 3 with a dwelling
    # for certain, and whatever COA still links.
    assert result.current.low >= 7
    assert any("met een woning" in line for line in result.current.explanation)
    assert offered.id  # the household with the offer is one of the 'met een woning'


def test_the_what_if_equals_the_forecast_after_the_swap_minus_before(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    ids = setup_periods(session)
    for code in (ZEIST, BUNNIK):
        taakstelling(session, code, ids["2017-H1"], 5, backlog_in=0)
        taakstelling(session, code, ids["2017-H2"], 8)
    family = koppeling(session, BUNNIK, date(2017, 7, 10), 7)  # Bunnik has nothing for seven
    own = koppeling(session, ZEIST, date(2017, 7, 12), 6)  # Zeist's own large household
    house = dwelling(session, ZEIST, 4, 8, date(2017, 9, 10))
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)

    proposal = swaps.propose_swap(
        session,
        bunnik,
        host_code=ZEIST,
        owner_code=BUNNIK,
        persons=0,
        period=P2,
        koppeling_id=family.id,
        dwelling_id=house.id,
    )
    change = SwapChange(BUNNIK, ZEIST, 7, household_key=family.id, dwelling_key=house.id)
    effect = swap_effect(session, zeist, change, P2, today=AS_OF)
    before = forecast_region(session, zeist, P2, today=AS_OF)
    assert effect.owner.before == before.by_code(BUNNIK).current
    assert effect.host.before == before.by_code(ZEIST).current

    swaps.accept_swap(session, zeist, proposal.id)
    assert house.status is DwellingStatus.GERESERVEERD and own.status is KoppelingStatus.GEKOPPELD
    after = forecast_region(session, zeist, P2, today=AS_OF)

    assert effect.owner.after == after.by_code(BUNNIK).current
    assert effect.host.after == after.by_code(ZEIST).current
    assert effect.owner.expected_change > 0  # Bunnik's family now has a dwelling
    assert effect.host.expected_change < 0  # Zeist's own household lost the dwelling that fitted it
    assert "Bunnik" in effect.owner.sentence() and "→" in effect.owner.sentence()
