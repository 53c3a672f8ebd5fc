"""The directory with plain SQL: every user of the region reads every initiative; only the owning
municipality (or a regio-coördinator) changes one; the change history is added to, never rewritten;
the kinds list is reference data. A consulent of A (Zeist) attacks B's (Bunnik) entry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.services.directory import initiatives as di
    from tests.directory.fixtures import initiative

    with make_world() as w:
        w.add_person("cons_a", Role.CONSULENT, A, prefix="co")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.add_person("lezer_b", Role.ALLEEN_LEZEN, B, prefix="lz")
        w.add_person("regio", Role.REGIO_COORDINATOR, A, prefix="rc")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        with w.db.unit_of_work() as s:
            made = initiative(s, w.actor("cp_b"), B, name="Taalcafé Bunnik")
            w.ids["b"] = made.id
            changed = di.update_initiative(s, w.actor("cp_b"), made.id, made.version, made.data.__class__(
                **{**made.data.__dict__, "cost": "gratis"}
            ))  # fmt: skip
            w.ids["b_version"] = changed.version
        yield w


def test_everyone_reads_the_whole_directory(world: World) -> None:
    for who in ("cons_a", "cp_b", "lezer_b", "regio", "beheer"):
        with world.connect(who) as conn:
            assert conn.execute("SELECT count(*) FROM initiatives").fetchone() == (1,)
            assert conn.execute("SELECT count(*) FROM initiative_changes").fetchone()[0] >= 1  # type: ignore[index]


def test_another_municipality_cannot_change_or_take_over_an_entry(world: World) -> None:
    with world.connect("cons_a") as conn:
        b_id = world.ids["b"]
        assert rowcount(conn, "UPDATE initiatives SET cost = 'duur' WHERE id = %s", (b_id,)) == 0
        assert rowcount(conn, "DELETE FROM initiatives WHERE id = %s", (b_id,)) == 0
        # Not by moving it to one's own municipality either, nor by adding one in B's name.
        assert (
            rowcount(conn, "UPDATE initiatives SET gemeente_id = %s WHERE id = %s", (world.gid(A), b_id)) == 0
        )
        refused(
            conn,
            "INSERT INTO initiatives (gemeente_id, name, organisation, description, kind, target_groups, "
            "languages, via_interpreter, gemeenten, open_to_region, waiting_list, schedule, by_appointment, "
            "address, online, accessibility, cost, contact_name, contact_phone, contact_email, website, "
            "status, changed_at, changed_by, checked_by, entered_on, search_text, created_by, version, "
            "created_at, updated_at) VALUES (%s, 'Nep', '', '', 'sport', '', '', false, '', false, false, "
            "'', false, 'x', false, '', '', '', '', '', '', 'actief', now(), '', '', current_date, '', '', "
            "1, now(), now())",
            (world.gid(B),),
        )
        # Nor forge B's history.
        refused(
            conn,
            "INSERT INTO initiative_changes (initiative_id, at, by_login, by_name, field, old_value, "
            "new_value) "
            "VALUES (%s, now(), 'x', 'x', 'gecontroleerd', '', 'klopt nog')",
            (b_id,),
        )


def test_the_owner_changes_its_entry_but_never_rewrites_history(world: World) -> None:
    with world.connect("cp_b") as conn:
        assert rowcount(conn, "UPDATE initiatives SET cost = 'duur' WHERE id = %s", (world.ids["b"],)) == 1
        assert rowcount(conn, "UPDATE initiative_changes SET new_value = 'x'") == 0
        assert rowcount(conn, "DELETE FROM initiative_changes") == 0
    with world.connect("lezer_b") as conn:  # a reader of the same municipality reads only
        assert rowcount(conn, "UPDATE initiatives SET cost = 'duur' WHERE id = %s", (world.ids["b"],)) == 0
    with world.connect("regio") as conn:  # the regio-coördinator keeps the whole map
        assert rowcount(conn, "UPDATE initiatives SET cost = 'duur' WHERE id = %s", (world.ids["b"],)) == 1


def test_the_kinds_list_is_reference_data(world: World) -> None:
    insert = (
        "INSERT INTO initiative_kinds (code, label, position, active, version, created_at, updated_at) "
        "VALUES ('schaken', 'Schaken', 99, true, 1, now(), now())"
    )
    with world.connect("cp_b") as conn:
        refused(conn, insert)
        assert rowcount(conn, "UPDATE initiative_kinds SET label = 'x'") == 0
    with world.connect("beheer") as conn:
        assert rowcount(conn, insert) == 1


def test_only_region_roles_set_the_check_period(world: World) -> None:
    with world.connect("cp_b") as conn:
        refused(conn, "SELECT dl_set_directory_check_months(1)")
        refused(conn, "UPDATE app_meta SET value = '1' WHERE key = 'directory_check_months'")
    with world.connect("beheer") as conn:
        refused(conn, "SELECT dl_set_directory_check_months(0)")  # out of range
        with conn.transaction(force_rollback=True):
            assert conn.execute("SELECT dl_set_directory_check_months(4)").fetchone() == (4,)
