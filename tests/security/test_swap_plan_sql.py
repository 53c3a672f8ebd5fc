"""The swap plan on PostgreSQL with each person's own login: the regio-coördinator computes the plan
and sends it as proposals between two other municipalities (row-level security lets exactly that
through, and agrees for neither side); a contactpersoon is refused by the service, and with plain SQL
cannot propose a swap between two other municipalities either."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import psycopg
import pytest
from sqlalchemy import make_url

from app.db.session import Database
from app.domain.periods import Period
from app.domain.roles import Role
from app.errors import PermissionDenied
from tests.security.conftest import POSTGRES_ONLY, A, B, C, World, make_world, refused

pytestmark = POSTGRES_ONLY
TODAY = date.today()


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    """A (Zeist) has a family of five and a flat, B (Bunnik) a single and a family house; the
    regio-coördinator works for C (Utrecht), a third party."""
    from app.services.region import ensure_periods
    from tests.db.board_fixtures import dwelling, koppeling

    with make_world() as w:
        w.add_person("regio", Role.REGIO_COORDINATOR, C)
        w.add_person("cp_a", Role.CONTACTPERSOON, A)
        with w.db.unit_of_work() as s:
            ensure_periods(s, Period.containing(TODAY), Period.containing(TODAY))
            w.ids["family"] = koppeling(s, A, TODAY - timedelta(days=20), 5).id
            w.ids["single"] = koppeling(s, B, TODAY - timedelta(days=20), 1).id
            w.ids["house"] = dwelling(s, B, 3, 6, TODAY).id
            dwelling(s, A, 1, 2, TODAY)
        yield w


def _own(world: World, key: str) -> Database:
    person = world.people[key]
    return Database(make_url(world.url).set(username=person.login, password=person.password))


def test_the_regio_coordinator_plans_and_sends_on_the_own_login(world: World) -> None:
    from app.services.board.swap_plan import compute_swap_plan, send_planned_swaps

    own = _own(world, "regio")
    try:
        actor = world.actor("regio")
        with own.unit_of_work() as s:
            run = compute_swap_plan(s, actor, today=TODAY)
            assert {p.koppeling_id for p in run.swaps} == {world.ids["family"], world.ids["single"]}
            family = next(p for p in run.swaps if p.koppeling_id == world.ids["family"])
            [info] = send_planned_swaps(s, actor, [family], today=TODAY)
        with world.admin() as conn:
            row = conn.execute(
                "SELECT status, host_agreed_at, owner_agreed_at, dwelling_id FROM swaps WHERE id = %s",
                (info.id,),
            ).fetchone()
        assert row == ("voorgesteld", None, None, world.ids["house"])
    finally:
        own.dispose()


def test_a_contactpersoon_is_refused_by_the_service_and_by_the_database(world: World) -> None:
    from app.services.board.swap_plan import compute_swap_plan

    own = _own(world, "cp_a")
    try:
        with own.unit_of_work() as s, pytest.raises(PermissionDenied, match="Alleen een regio-coördinator"):
            compute_swap_plan(s, world.actor("cp_a"), today=TODAY)
    finally:
        own.dispose()
    conn: psycopg.Connection[Any] = world.connect("cp_a")
    with world.admin() as admin:
        period = admin.execute("SELECT id FROM periods ORDER BY id LIMIT 1").fetchone()
    assert period is not None
    error = refused(
        conn,
        "INSERT INTO swaps (host_gemeente_id, owner_gemeente_id, period_id, persons, koppeling_id,"
        " settles_ids, status, note, proposed_by, proposed_at, close_reason, version, created_at, updated_at)"
        " VALUES (%s, %s, %s, 1, %s, '', 'voorgesteld', 'uit het uitruilplan', current_user, now(), '', 1,"
        " now(), now())",
        (world.gid(C), world.gid(B), period[0], world.ids["single"]),  # between two other municipalities
    )
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
