"""One "te laat" on the demo data: the overview's count is the number of rows the filter
"Alleen te laat" shows, and both are what app.domain.lateness says of each koppeling (issue 17:
the overview counted 23, the filter 31)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.db.models import Koppeling, KoppelingStatus
from app.db.session import Database
from app.demo.fill import fill_demo
from app.domain.lateness import is_late
from app.domain.periods import Period
from app.services.access import Actor
from app.services.board.figures import board_figures
from app.services.board.koppelingen import KoppelingFilter, list_koppelingen

TODAY = date(2026, 11, 23)


def test_overview_count_equals_the_filters_rows_on_the_demo_data(fresh_database: Database) -> None:
    actor = Actor.system_actor("test")
    with fresh_database.unit_of_work() as s:
        fill_demo(s, actor, login="tester", today=TODAY)
    with fresh_database.unit_of_work() as s:
        board = board_figures(s, actor, Period.containing(TODAY), today=TODAY)
        overview = sum(r.overdue_households for r in board.rows)
        only_late = KoppelingFilter(overdue_only=True, limit=100_000)
        rows, total = list_koppelingen(s, actor, only_late, today=TODAY)
        by_rule = {
            k.id
            for k in s.scalars(select(Koppeling))
            if is_late(
                k.linked_on, TODAY, k.offered_on, k.housed_on, lapsed=k.status is KoppelingStatus.VERVALLEN
            )
        }
    assert overview > 0
    assert overview == total == len(rows) == len(by_rule)
    assert {r.id for r in rows} == by_rule
    assert all(r.deadline.overdue for r in rows)  # the row colour and the Vandaag page say the same
