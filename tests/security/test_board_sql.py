"""The board with plain SQL: readable for every municipality, writable only for one's own rows, and
the cross-municipality steps of a swap only through the database's own checks (swaps_guard,
dl_swap_take_effect). A contactpersoon of A (Zeist) attacks B (Bunnik); C (Utrecht) is a third party.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest

from app.db.models import PostKind
from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, C, World, build_case, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.services.board import posts, swaps
    from tests.db.board_fixtures import P1, dwelling, koppeling, setup_periods, taakstelling

    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.add_person("cp_c", Role.CONTACTPERSOON, C, prefix="cp")
        w.add_person("regio_a", Role.REGIO_COORDINATOR, A, prefix="rc")
        cp_a, cp_b = w.actor("cp_a"), w.actor("cp_b")
        ids: dict[str, int] = {}
        with w.db.unit_of_work() as s:
            periods = setup_periods(s)
            for code in (A, B):
                taakstelling(s, code, periods[P1.code], 20)
            ids["k_a"] = koppeling(s, A, date(2017, 2, 1), 3).id
            ids["k_a_housed"] = koppeling(s, A, date(2017, 1, 1), 2, housed_on=date(2017, 2, 1)).id
            ids["k_a_swap"] = koppeling(s, A, date(2017, 2, 1), 2).id
            ids["k_a_agreed"] = koppeling(s, A, date(2017, 2, 1), 2).id
            ids["k_b"] = koppeling(s, B, date(2017, 2, 1), 4).id
            ids["d_a"] = dwelling(s, A, 2, 4, date(2017, 3, 1)).id
            ids["d_b"] = dwelling(s, B, 2, 4, date(2017, 3, 1)).id
            ids["d_b_agreed"] = dwelling(s, B, 2, 4, date(2017, 3, 1)).id
        with w.db.unit_of_work() as s:
            ids["post_a"] = posts.create_post(
                s, cp_a, kind=PostKind.HUISHOUDEN_ZOEKT, persons=3, text="Zoekt"
            ).id
            ids["post_b"] = posts.create_post(
                s, cp_b, kind=PostKind.WONING_BESCHIKBAAR, persons=4, text="Woning", dwelling_id=ids["d_b"]
            ).id
            # A proposes: B hosts A's household in B's dwelling (A's agreement comes with the proposal).
            ids["swap"] = swaps.propose_swap(
                s, cp_a, host_code=B, owner_code=A, persons=2, period=P1,
                koppeling_id=ids["k_a_swap"], dwelling_id=ids["d_b"],
            ).id  # fmt: skip
            # And one that both agreed to (A owes B two persons).
            ids["agreed"] = swaps.propose_swap(
                s, cp_a, host_code=B, owner_code=A, persons=2, period=P1,
                koppeling_id=ids["k_a_agreed"], dwelling_id=ids["d_b_agreed"],
            ).id  # fmt: skip
        with w.db.unit_of_work() as s:
            swaps.accept_swap(s, cp_b, ids["agreed"])
        ids["period"] = periods[P1.code]
        w.ids.update(ids)
        yield w


@pytest.fixture(scope="module")
def cp_a(world: World) -> psycopg.Connection[Any]:
    return world.connect("cp_a")


@pytest.fixture(scope="module")
def admin(world: World) -> psycopg.Connection[Any]:
    return world.admin()


def _row(conn: psycopg.Connection[Any], table: str, row_id: int) -> tuple[Any, ...]:
    row = conn.execute(f"SELECT * FROM {table} WHERE id = %s", (row_id,)).fetchone()
    assert row is not None
    return tuple(row)


def _one(conn: psycopg.Connection[Any], query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


BOARD_OF = {
    "koppelingen": "gemeente_id = %s",
    "dwellings": "gemeente_id = %s",
    "board_posts": "gemeente_id = %s",
    "taakstellingen": "gemeente_id = %s",
    "swaps": "%s IN (host_gemeente_id, owner_gemeente_id)",
    "gemeenten": "id = %s",
}


@pytest.mark.parametrize("table", list(BOARD_OF))
def test_the_board_is_readable_for_both_municipalities(world: World, table: str) -> None:
    for who in ("cp_a", "cp_b"):
        with world.connect(who) as conn:
            for code in (A, B):
                assert (
                    _one(conn, f"SELECT count(*) FROM {table} WHERE {BOARD_OF[table]}", (world.gid(code),))
                    > 0
                ), (
                    who,
                    code,
                )


@pytest.mark.parametrize(
    ("table", "key"), [("koppelingen", "k_b"), ("dwellings", "d_b"), ("board_posts", "post_b")]
)
def test_contactpersoon_cannot_change_or_delete_the_other_municipalitys_board_rows(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any], table: str, key: str
) -> None:
    row_id = world.ids[key]
    before = _row(admin, table, row_id)
    assert rowcount(cp_a, f"UPDATE {table} SET version = version + 1 WHERE id = %s", (row_id,)) == 0
    assert rowcount(cp_a, f"UPDATE {table} SET gemeente_id = %s WHERE id = %s", (world.gid(A), row_id)) == 0
    assert rowcount(cp_a, f"DELETE FROM {table} WHERE id = %s", (row_id,)) == 0
    assert _row(admin, table, row_id) == before
    # The same UPDATE on A's own row goes through (rolled back).
    own = {"koppelingen": "k_a", "dwellings": "d_a", "board_posts": "post_a"}[table]
    assert rowcount(cp_a, f"UPDATE {table} SET version = version + 1 WHERE id = %s", (world.ids[own],)) == 1


@pytest.mark.parametrize(
    ("table", "key"), [("koppelingen", "k_a"), ("dwellings", "d_a"), ("board_posts", "post_a")]
)
def test_contactpersoon_cannot_move_an_own_board_row_to_the_other_municipality(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any], table: str, key: str
) -> None:
    row_id = world.ids[key]
    before = _row(admin, table, row_id)
    error = refused(cp_a, f"UPDATE {table} SET gemeente_id = %s WHERE id = %s", (world.gid(B), row_id))
    # Refused by the policy, or for a koppeling already by its guard trigger (which runs first).
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    assert "row-level security" in str(error) or "gaat niet naar een andere gemeente" in str(error)
    assert _row(admin, table, row_id) == before


def test_contactpersoon_cannot_insert_board_rows_for_the_other_municipality(
    world: World, cp_a: psycopg.Connection[Any]
) -> None:
    b = world.gid(B)
    for statement in (
        "INSERT INTO koppelingen (v_nummer, gemeente_id, linked_on, persons, adults, children, languages,"
        " azc_location, expected_followers, needs_accessible, needs_ground_floor, medical_proximity, status,"
        " notes, version, created_at, updated_at) VALUES ('8000000001', %s, '2017-02-01', 1, 1, 0, '', '', 0,"
        " false, false, false, 'gekoppeld', '', 1, now(), now())",
        "INSERT INTO dwellings (gemeente_id, corporation, reference, address, kind, bedrooms, max_occupants,"
        " available_from, accessible, ground_floor, status, version, created_at, updated_at) VALUES (%s, 'X',"
        " 'X-1', '', 'appartement', 1, 2, '2017-03-01', false, false, 'beschikbaar', 1, now(), now())",
        "INSERT INTO board_posts (gemeente_id, kind, persons, text, status, posted_by, version, created_at,"
        " updated_at) VALUES (%s, 'huishouden_zoekt', 2, 'nep', 'open', 'x', 1, now(), now())",
    ):
        error = refused(cp_a, statement, (b,))
        assert isinstance(error, psycopg.errors.InsufficientPrivilege) and "row-level security" in str(error)


def test_own_koppeling_cannot_be_moved_to_the_other_municipality_through_housed_gemeente(
    world: World, cp_a: psycopg.Connection[Any]
) -> None:
    a, b = world.gid(A), world.gid(B)
    for key, statement in (
        ("k_a_housed", "UPDATE koppelingen SET gemeente_id = %(b)s WHERE id = %(id)s"),
        ("k_a", "UPDATE koppelingen SET gemeente_id = %(b)s, housed_gemeente_id = %(a)s WHERE id = %(id)s"),
    ):
        error = refused(cp_a, statement, {"a": a, "b": b, "id": world.ids[key]})
        assert isinstance(error, psycopg.errors.InsufficientPrivilege)


def test_koppeling_of_the_other_municipality_cannot_be_inserted_through_housed_gemeente(
    world: World, cp_a: psycopg.Connection[Any]
) -> None:
    error = refused(
        cp_a,
        "INSERT INTO koppelingen (v_nummer, gemeente_id, housed_gemeente_id, linked_on, persons, adults,"
        " children, languages, azc_location, expected_followers, needs_accessible, needs_ground_floor,"
        " medical_proximity, status, notes, version, created_at, updated_at) VALUES ('8000000002', %s, %s,"
        " '2017-02-01', 1, 1, 0, '', '', 0, false, false, false, 'gekoppeld', '', 1, now(), now())",
        (world.gid(B), world.gid(A)),
    )
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)


def test_own_household_cannot_be_housed_in_the_other_municipality_by_plain_update(
    world: World, cp_a: psycopg.Connection[Any]
) -> None:
    error = refused(
        cp_a,
        "UPDATE koppelingen SET status = 'gehuisvest', housed_gemeente_id = %s, housed_on = '2017-03-01'"
        " WHERE id = %s",
        (world.gid(B), world.ids["k_a"]),
    )
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)


# --- swaps ----------------------------------------------------------------------------------------


def test_contactpersoon_cannot_give_the_other_sides_agreement(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any]
) -> None:
    swap = world.ids["swap"]  # host B, owner A; only A agreed
    before = _row(admin, "swaps", swap)
    assert _one(
        admin,
        "SELECT host_agreed_at IS NULL AND owner_agreed_at IS NOT NULL FROM swaps WHERE id = %s",
        (swap,),
    )
    for statement in (
        "UPDATE swaps SET host_agreed_at = now(), host_agreed_by = current_user WHERE id = %s",
        "UPDATE swaps SET host_agreed_at = now(), host_agreed_by = 'cp-b', status = 'akkoord' WHERE id = %s",
        "UPDATE swaps SET status = 'akkoord' WHERE id = %s",
        "UPDATE swaps SET host_gemeente_id = owner_gemeente_id, owner_gemeente_id = host_gemeente_id"
        " WHERE id = %s",
        "UPDATE swaps SET dwelling_id = NULL WHERE id = %s",
        "UPDATE swaps SET koppeling_id = NULL WHERE id = %s",
        "UPDATE swaps SET persons = 1 WHERE id = %s",
    ):
        error = refused(cp_a, statement, (swap,))
        assert isinstance(error, psycopg.errors.InsufficientPrivilege | psycopg.errors.RaiseException), error
        assert error.sqlstate == "42501", (statement, error)
    assert _row(admin, "swaps", swap) == before


def test_a_new_swap_is_only_a_proposal(world: World, cp_a: psycopg.Connection[Any]) -> None:
    insert = (
        "INSERT INTO swaps (host_gemeente_id, owner_gemeente_id, period_id, persons, koppeling_id,"
        " settles_ids, status, note, proposed_by, proposed_at, host_agreed_by, host_agreed_at,"
        " owner_agreed_by, owner_agreed_at, close_reason, version, created_at, updated_at)"
        " VALUES (%(host)s, %(owner)s, %(period)s, 2, %(k)s, '', %(status)s, '', 'x', now(), %(hb)s,"
        " %(ha)s, 'x', now(), '', 1, now(), now())"
    )
    base = {"host": world.gid(B), "owner": world.gid(A), "period": world.ids["period"], "k": world.ids["k_a"]}
    for extra in (
        {"status": "akkoord", "hb": "x", "ha": date(2017, 3, 1)},
        {"status": "voorgesteld", "hb": "x", "ha": date(2017, 3, 1)},  # B's agreement given by A
        {"status": "akkoord", "hb": None, "ha": None},
    ):
        error = refused(cp_a, insert, base | extra)
        assert error.sqlstate == "42501", (extra, error)
    # A swap between two other municipalities is not A's to propose.
    error = refused(
        cp_a, insert, base | {"owner": world.gid(C), "status": "voorgesteld", "hb": None, "ha": None}
    )
    assert error.sqlstate == "42501"


def test_contactpersoon_cannot_reserve_the_other_municipalitys_dwelling(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any]
) -> None:
    dwelling = world.ids["d_b"]
    before = _row(admin, "dwellings", dwelling)
    assert (
        rowcount(
            cp_a,
            "UPDATE dwellings SET status = 'gereserveerd', reserved_for_id = %s WHERE id = %s",
            (world.ids["k_a_swap"], dwelling),
        )
        == 0
    )
    assert _row(admin, "dwellings", dwelling) == before


def test_own_dwelling_cannot_be_reserved_for_the_other_municipalitys_household(
    world: World, cp_a: psycopg.Connection[Any]
) -> None:
    error = refused(
        cp_a,
        "UPDATE dwellings SET status = 'gereserveerd', reserved_for_id = %s WHERE id = %s",
        (world.ids["k_b"], world.ids["d_a"]),
    )
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)


def test_a_swap_not_agreed_by_both_does_not_take_effect(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any]
) -> None:
    swap = world.ids["swap"]
    watched = [("swaps", swap), ("dwellings", world.ids["d_b"]), ("koppelingen", world.ids["k_a_swap"])]
    before = [_row(admin, t, i) for t, i in watched]
    error = refused(cp_a, "SELECT dl_swap_take_effect(%s)", (swap,))
    assert error.sqlstate == "42501" and "beide gemeenten" in str(error)
    error = refused(cp_a, "SELECT dl_swap_release(%s)", (swap,))  # still running: keeps the reservation
    assert error.sqlstate == "42501"
    with world.connect("cp_c") as cp_c:  # not a party at all
        for function in ("dl_swap_take_effect", "dl_swap_release"):
            for target in (swap, world.ids["agreed"]):
                error = refused(cp_c, f"SELECT {function}(%s)", (target,))
                assert error.sqlstate == "42501"
    assert [_row(admin, t, i) for t, i in watched] == before


def test_an_agreed_swap_takes_effect_through_the_function(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any]
) -> None:
    """The legitimate path works with plain SQL too: either party may call it once both agreed."""
    with cp_a.transaction(force_rollback=True):
        cp_a.execute("SELECT dl_swap_take_effect(%s)", (world.ids["agreed"],))
        status, housed = cp_a.execute(
            "SELECT status, housed_gemeente_id FROM koppelingen WHERE id = %s", (world.ids["k_a_agreed"],)
        ).fetchone() or (None, None)
        assert (status, housed) == ("uitgeruild", world.gid(B))


def test_an_agreed_swap_cannot_be_deleted_by_one_side(world: World, cp_a: psycopg.Connection[Any]) -> None:
    assert rowcount(cp_a, "DELETE FROM swaps WHERE id = %s", (world.ids["agreed"],)) == 0


def test_an_agreed_swap_cannot_be_withdrawn_by_one_side(world: World, cp_a: psycopg.Connection[Any]) -> None:
    error = refused(
        cp_a,
        "UPDATE swaps SET status = 'ingetrokken', closed_by = current_user, closed_at = now(),"
        " closed_side = 'owner' WHERE id = %s",
        (world.ids["agreed"],),
    )
    assert error.sqlstate == "42501"


def test_regio_coordinator_cannot_take_another_municipalitys_dossier_through_a_swap(world: World) -> None:
    victim = build_case(world, "cp_b", B)
    regio = world.connect("regio_a")
    assert _one(regio, "SELECT count(*) FROM dossiers WHERE id = %s", (victim["dossiers"][0],)) == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege), regio.transaction(force_rollback=True):
        swap = _one(
            regio,
            "INSERT INTO swaps (host_gemeente_id, owner_gemeente_id, period_id, persons, koppeling_id,"
            " settles_ids, status, note, proposed_by, proposed_at, host_agreed_by, host_agreed_at,"
            " owner_agreed_by, owner_agreed_at, close_reason, version, created_at, updated_at) VALUES"
            " (%s, %s, %s, 2, %s, '', 'akkoord', '', 'x', now(), 'x', now(), 'x', now(), '', 1, now(), now())"
            " RETURNING id",
            (world.gid(A), world.gid(B), world.ids["period"], victim["koppelingen"][0]),
        )
        regio.execute("SELECT dl_swap_take_effect(%s)", (swap,))
        stolen = regio.execute(
            "SELECT bsn FROM dossier_members WHERE id = ANY(%s) AND bsn IS NOT NULL",
            (victim["dossier_members"],),
        ).fetchall()
        assert not stolen, f"regio-coördinator of A now reads B's BSNs {stolen}"


def test_regio_coordinator_cannot_agree_for_two_other_municipalities(world: World) -> None:
    with world.connect("regio_a") as regio:
        error = refused(
            regio,
            "UPDATE swaps SET host_agreed_at = now(), host_agreed_by = 'x', status = 'akkoord' WHERE id = %s",
            (world.ids["swap"],),
        )
        assert error.sqlstate == "42501"


def test_two_municipalities_cannot_swap_a_third_ones_household(
    world: World, admin: psycopg.Connection[Any]
) -> None:
    victim = build_case(world, "cp_b", B)
    cp_a, cp_c = world.connect("cp_a"), world.connect("cp_c")
    try:
        swap = _one(
            cp_a,
            "INSERT INTO swaps (host_gemeente_id, owner_gemeente_id, period_id, persons, koppeling_id,"
            " settles_ids, status, note, proposed_by, proposed_at, host_agreed_by, host_agreed_at,"
            " close_reason, version, created_at, updated_at) VALUES (%s, %s, %s, 2, %s, '', 'voorgesteld',"
            " '', current_user, now(), current_user, now(), '', 1, now(), now()) RETURNING id",
            (world.gid(A), world.gid(C), world.ids["period"], victim["koppelingen"][0]),
        )
    except psycopg.errors.InsufficientPrivilege:
        return  # refused at the proposal: secure
    try:
        cp_c.execute(
            "UPDATE swaps SET owner_agreed_at = now(), owner_agreed_by = current_user, status = 'akkoord'"
            " WHERE id = %s",
            (swap,),
        )
        cp_a.execute("SELECT dl_swap_take_effect(%s)", (swap,))
    except psycopg.errors.InsufficientPrivilege:
        return  # refused at the agreement or when it takes effect: secure
    finally:
        cp_a.close()
        cp_c.close()
    where = _one(
        admin,
        "SELECT g.cbs_code FROM dossiers d JOIN gemeenten g ON g.id = d.gemeente_id WHERE d.id = %s",
        (victim["dossiers"][0],),
    )
    assert where == B, f"B's dossier {victim['dossiers'][0]} is now in {where}"
