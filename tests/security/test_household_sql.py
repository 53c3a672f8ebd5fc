"""A swapped household with plain SQL: the host's contactpersoon (B, Bunnik) may update the status of
the koppeling it houses, but not its municipality, size or other fields; the owner (A, Zeist) keeps
a read-only view of those steps; a third municipality (C, Utrecht) may do nothing. Dossiers for
koppelingen come only through dl_ensure_dossiers, for koppelingen the caller may write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, C, World, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.services.board import swaps
    from tests.db.board_fixtures import P1, koppeling, setup_periods

    with make_world() as w:
        for key, code in (("cp_a", A), ("cp_b", B), ("cp_c", C)):
            w.add_person(key, Role.CONTACTPERSOON, code, prefix="cp")
        with w.db.unit_of_work() as s:
            setup_periods(s)
            w.ids["k"] = koppeling(s, A, date(2017, 2, 1), 3).id
            w.ids["k_b"] = koppeling(s, B, date(2017, 2, 1), 2).id
        with w.db.unit_of_work() as s:
            w.ids["swap"] = swaps.propose_swap(
                s, w.actor("cp_a"), host_code=B, owner_code=A, persons=3, period=P1, koppeling_id=w.ids["k"]
            ).id
        with w.db.unit_of_work() as s:
            swaps.accept_swap(s, w.actor("cp_b"), w.ids["swap"])
        yield w


def test_the_host_records_the_steps_of_the_household_it_houses(world: World) -> None:
    k = world.ids["k"]
    with world.connect("cp_b") as conn:
        offer = "UPDATE koppelingen SET status = 'woning_aangeboden', offered_on = '2017-03-01' WHERE id = %s"
        assert rowcount(conn, offer, (k,)) == 1
        assert rowcount(conn, "UPDATE koppelingen SET status = 'gehuisvest', housed_on = '2017-04-01' "
                              "WHERE id = %s", (k,)) == 1  # fmt: skip


@pytest.mark.parametrize(
    "change",
    ["gemeente_id = gemeente_id + 1", "persons = 4, adults = 4", "notes = 'x'",
     "housed_gemeente_id = gemeente_id", "status = 'gekoppeld'"],
)  # fmt: skip
def test_the_host_changes_nothing_else(world: World, change: str) -> None:
    with world.connect("cp_b") as conn:
        refused(conn, f"UPDATE koppelingen SET {change} WHERE id = %s", (world.ids["k"],))


def test_the_owner_keeps_a_read_only_view_of_the_steps(world: World) -> None:
    with world.connect("cp_a") as conn:
        row = conn.execute("SELECT status FROM koppelingen WHERE id = %s", (world.ids["k"],)).fetchone()
        assert row is not None and row[0] == "uitgeruild"
        refused(conn, "UPDATE koppelingen SET status = 'gehuisvest', housed_on = '2017-04-01' WHERE id = %s",
                (world.ids["k"],))  # fmt: skip
        # The dossier went to the host: the owner no longer sees it.
        assert conn.execute(
            "SELECT count(*) FROM dossiers WHERE koppeling_id = %s", (world.ids["k"],)
        ).fetchone() == (0,)
    with world.connect("cp_b") as conn:
        assert conn.execute(
            "SELECT count(*) FROM dossiers WHERE koppeling_id = %s", (world.ids["k"],)
        ).fetchone() == (1,)


def test_a_third_municipality_may_not_touch_it(world: World) -> None:
    with world.connect("cp_c") as conn:
        assert (
            rowcount(conn, "UPDATE koppelingen SET status = 'gehuisvest' WHERE id = %s", (world.ids["k"],))
            == 0
        )
        refused(conn, "SELECT dl_ensure_dossiers(ARRAY[%s]::integer[])", (world.ids["k_b"],))


def test_dossiers_come_only_for_koppelingen_one_may_write(world: World) -> None:
    with world.connect("cp_b") as conn:
        with conn.transaction(force_rollback=True):
            made = conn.execute(
                "SELECT dl_ensure_dossiers(ARRAY[%s]::integer[])", (world.ids["k_b"],)
            ).fetchone()
            assert made == (1,)
        refused(conn, "SELECT dl_make_dossiers(ARRAY[%s]::integer[], 'x', 'x')", (world.ids["k_b"],))
    with world.connect("cp_a") as conn:
        refused(conn, "SELECT dl_ensure_dossiers(ARRAY[%s]::integer[])", (world.ids["k_b"],))
