"""The board counts a housed household in the half year of its move-in date, on both databases: the
period is found by comparing the date with the periods' ends (not EXTRACT, see ``figures``), so the
first and last day of every half year are checked here against ``Period.containing``."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.domain import quota
from app.domain.periods import Period
from app.domain.roles import Role
from app.services.board.figures import board_figures
from app.services.region import ensure_periods
from tests.db.board_fixtures import koppeling, taakstelling

ZEIST = "GM0355"
TODAY = date(2026, 12, 2)
CHAIN = [Period(2025, 1), Period(2025, 2), Period(2026, 1), Period(2026, 2)]
HOUSED = [  # (move-in date, persons): each half year's first and last day, and outside the chain
    (date(2024, 12, 31), 9),
    (date(2025, 1, 1), 1),
    (date(2025, 6, 30), 2),
    (date(2025, 7, 1), 3),
    (date(2025, 12, 31), 4),
    (date(2026, 1, 1), 5),
    (date(2026, 6, 30), 6),
    (date(2026, 7, 1), 7),
    (date(2026, 11, 30), 8),
]


def test_housed_on_the_edges_of_each_half_year(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    rows = ensure_periods(session, CHAIN[0], CHAIN[-1])
    for n, row in enumerate(rows):
        taakstelling(session, ZEIST, row.id, 10 + n, backlog_in=0 if n == 0 else None)
    for housed_on, persons in HOUSED:
        koppeling(session, ZEIST, date(2024, 11, 1), persons, housed_on=housed_on)
    viewer = make_actor(Role.ALLEEN_LEZEN, cbs_code=ZEIST)

    realised = {p: 0 for p in CHAIN}
    for housed_on, persons in HOUSED:
        if Period.containing(housed_on) in realised:
            realised[Period.containing(housed_on)] += persons
    rolled = quota.roll_forward(CHAIN, {p: 10 + n for n, p in enumerate(CHAIN)}, realised)
    for period, expected in zip(CHAIN, rolled, strict=True):
        board = board_figures(session, viewer, period, today=TODAY)
        [zeist] = [r for r in board.rows if r.cbs_code == ZEIST]
        assert zeist.housed_persons == realised[period]
        assert zeist.housed_households == sum(
            1 for d, _ in HOUSED if Period.containing(d) == period
        )
        assert (zeist.backlog_in, zeist.corrected) == (expected.backlog_in, expected.corrected)


def test_a_single_period(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    [row] = ensure_periods(session, CHAIN[-1], CHAIN[-1])
    taakstelling(session, ZEIST, row.id, 12, backlog_in=3)
    for housed_on, persons in HOUSED:
        koppeling(session, ZEIST, date(2024, 11, 1), persons, housed_on=housed_on)
    viewer = make_actor(Role.ALLEEN_LEZEN, cbs_code=ZEIST)

    board = board_figures(session, viewer, CHAIN[-1], today=TODAY)
    [zeist] = [r for r in board.rows if r.cbs_code == ZEIST]
    assert (zeist.housed_persons, zeist.housed_households, zeist.corrected) == (7 + 8, 2, 15)
