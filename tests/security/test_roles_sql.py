"""Roles with plain SQL: alleen-lezen writes nothing, a beheerder reads no dossiers but the access log,
the access log is insert-only in one's own name; and the catalog says no person's login is more than
a member of one app-role group, while every table is under FORCE ROW LEVEL SECURITY."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, build_case, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from tests.db.board_fixtures import dwelling

    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.add_person("lezer_a", Role.ALLEEN_LEZEN, A, prefix="lz")
        w.add_person("consulent_a", Role.CONSULENT, A, prefix="cs")
        w.add_person("regio_a", Role.REGIO_COORDINATOR, A, prefix="rc")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        w.ids["A"] = build_case(w, "cp_a", A)
        w.ids["B"] = build_case(w, "cp_b", B)
        with w.db.unit_of_work() as s:
            w.ids["d_a"] = dwelling(s, A, 2, 4, date(2017, 3, 1)).id
        yield w


def _one(conn: psycopg.Connection[Any], query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


# --- 4: alleen-lezen, beheerder, access log -------------------------------------------------------


def test_alleen_lezen_reads_its_own_municipalitys_dossiers_only(world: World) -> None:
    with world.connect("lezer_a") as conn:
        for table, ids in world.ids["A"].items():
            assert _one(conn, f"SELECT count(*) FROM {table} WHERE id = ANY(%s)", (ids,)) == len(ids), table
        for table, ids in world.ids["B"].items():
            if table != "koppelingen":  # the board is readable for all
                assert _one(conn, f"SELECT count(*) FROM {table} WHERE id = ANY(%s)", (ids,)) == 0, table


WRITES = [
    "UPDATE dossiers SET head_name = 'x' WHERE id = ANY(%(dossiers)s)",
    "DELETE FROM dossiers WHERE id = ANY(%(dossiers)s)",
    "INSERT INTO dossiers (gemeente_id, v_nummer, status, address_after_move, expected_followers, head_name,"
    " member_count, search_text, created_by, version, created_at, updated_at) SELECT gemeente_id,"
    " '1234567890', 'open', '', 0, 'x', 0, '', 'x', 1, now(), now() FROM dossiers"
    " WHERE id = ANY(%(dossiers)s)",
    "UPDATE dossier_members SET bsn = NULL WHERE id = ANY(%(dossier_members)s)",
    "DELETE FROM dossier_members WHERE id = ANY(%(dossier_members)s)",
    "UPDATE handovers SET status = 'afgerond' WHERE id = ANY(%(handovers)s)",
    "DELETE FROM handovers WHERE id = ANY(%(handovers)s)",
    "UPDATE handover_checks SET done = true WHERE id = ANY(%(handover_checks)s)",
    "INSERT INTO dossier_events (dossier_id, at, by_login, by_name, kind, text)"
    " SELECT id, now(), current_user, 'x', 'notitie', 'x' FROM dossiers WHERE id = ANY(%(dossiers)s)",
    "UPDATE plan_actions SET text = 'x' WHERE id = ANY(%(plan_actions)s)",
    "UPDATE koppelingen SET notes = 'x' WHERE id = ANY(%(koppelingen)s)",
    "DELETE FROM koppelingen WHERE id = ANY(%(koppelingen)s)",
    "UPDATE dwellings SET status = 'verlopen'",
    "DELETE FROM board_posts",
    "UPDATE swaps SET note = 'x'",
    "UPDATE taakstellingen SET persons = 0",
    "UPDATE gemeenten SET name = 'x'",
]


@pytest.mark.parametrize("statement", WRITES)
def test_alleen_lezen_writes_nothing(world: World, statement: str) -> None:
    with world.connect("lezer_a") as conn:
        error = refused(conn, statement, world.ids["A"])
        assert isinstance(error, psycopg.errors.InsufficientPrivilege), error


def test_beheerder_reads_no_dossiers_but_the_access_log(world: World) -> None:
    with world.connect("beheer") as conn:
        for table in world.ids["A"]:
            if table != "koppelingen":
                assert _one(conn, f"SELECT count(*) FROM {table}") == 0, table
        assert _one(conn, "SELECT count(*) FROM access_log") > 0
        assert _one(conn, "SELECT count(*) FROM koppelingen") > 0  # the board is readable
        for statement in ("UPDATE dossiers SET head_name = 'x'", "DELETE FROM dossier_members"):
            assert rowcount(conn, statement) == 0


def test_access_log_is_insert_only_and_in_ones_own_name(world: World) -> None:
    insert = (
        "INSERT INTO access_log (at, actor_login, on_behalf_of, action, object_type, result, workstation)"
        " VALUES (now(), %s, %s, 'read', 'dossier', 'ok', 'pc')"
    )
    me, other = world.people["cp_a"].login, world.people["cp_b"].login
    with world.connect("cp_a") as conn:
        error = refused(conn, "SELECT count(*) FROM access_log")
        assert isinstance(error, psycopg.errors.InsufficientPrivilege)
        assert rowcount(conn, insert, (me, None)) == 1
        for login in (other, world.people["beheer"].login, "test", "aanmelding"):
            error = refused(conn, insert, (login, None))
            assert isinstance(error, psycopg.errors.InsufficientPrivilege) and "row-level security" in str(
                error
            )
        for statement in ("UPDATE access_log SET result = 'ok'", "DELETE FROM access_log"):
            assert isinstance(refused(conn, statement), psycopg.errors.InsufficientPrivilege)
    with world.connect("lezer_a") as conn:  # reading is an event too: the reader logs it
        assert rowcount(conn, insert, (world.people["lezer_a"].login, None)) == 1


def test_access_log_row_in_another_users_name_is_refused_even_on_behalf(world: World) -> None:
    with world.connect("cp_a") as conn:
        error = refused(
            conn,
            "INSERT INTO access_log (at, actor_login, on_behalf_of, action, object_type, result, workstation)"
            " VALUES (now(), %s, current_user, 'delete', 'dossier', 'ok', 'pc')",
            (world.people["cp_b"].login,),
        )
        assert isinstance(error, psycopg.errors.InsufficientPrivilege)


def test_access_log_time_and_actor_id_are_set_by_the_database(world: World) -> None:
    marker = f"forged-{world.people['cp_a'].login}"
    with world.connect("cp_a") as conn:  # committed: the row stays in this test's own database
        conn.execute(
            "INSERT INTO access_log (at, actor_login, actor_id, action, object_type, result, workstation)"
            " VALUES ('2001-01-01', current_user, %s, 'read', 'dossier', 'ok', %s)",
            (world.people["cp_b"].user_id, marker),
        )
    with world.admin() as admin:
        at, actor_id = admin.execute(
            "SELECT at, actor_id FROM access_log WHERE workstation = %s", (marker,)
        ).fetchone() or (None, None)
    assert at is not None and at.year != 2001, at
    assert actor_id == world.people["cp_a"].user_id, actor_id


# --- 5: the catalog -------------------------------------------------------------------------------


def test_no_persons_login_is_privileged_owns_anything_or_reaches_a_privileged_role(world: World) -> None:
    with world.admin() as conn:
        for person in world.people.values():
            row = conn.execute(
                "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolreplication, rolcanlogin"
                " FROM pg_roles WHERE rolname = %s",
                (person.login,),
            ).fetchone()
            assert row == (False, False, False, False, False, True), (person.key, row)
            owned = conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s"
                " UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner"
                " WHERE r.rolname = %s",
                (person.login, person.login),
            ).fetchall()
            assert owned == [], (person.key, owned)
            # Every role the login is a member of, directly or not: its one group and dl_user.
            reach = {
                name
                for (name,) in conn.execute(
                    "SELECT rolname FROM pg_roles WHERE pg_has_role(%s, oid, 'MEMBER') AND rolname <> %s",
                    (person.login, person.login),
                )
            }
            group = {
                Role.CONTACTPERSOON: "dl_contactpersoon",
                Role.ALLEEN_LEZEN: "dl_alleen_lezen",
                Role.CONSULENT: "dl_consulent",
                Role.REGIO_COORDINATOR: "dl_regio_coordinator",
                Role.BEHEERDER: "dl_beheerder",
            }[person.role]
            assert reach == {group, "dl_user"}, (person.key, reach)
        # No group a person reaches has a dangerous attribute either.
        bad = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE 'dl\\_%%' AND rolname NOT IN ('dl_owner',"
            " 'dl_role_admin', 'dl_test') AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb"
            " OR rolcanlogin)"
        ).fetchall()
        assert bad == []


def test_every_table_is_owned_by_dl_owner_under_forced_row_security(world: World) -> None:
    with world.admin() as conn:
        rows = conn.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner)"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
        ).fetchall()
        assert len(rows) >= 25
        assert [r for r in rows if r[1:] != (True, True, "dl_owner")] == []
        # No view, materialized view or foreign table slips past the policies.
        others = conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm', 'f')"
        ).fetchall()
        assert others == []
        # Nothing in public is granted to PUBLIC; no function runs as its owner without a fixed search_path.
        public_grants = conn.execute(
            "SELECT table_name, privilege_type FROM information_schema.role_table_grants"
            " WHERE grantee = 'PUBLIC' AND table_schema = 'public'"
        ).fetchall()
        assert public_grants == []
        loose = conn.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND p.prosecdef AND NOT coalesce(array_to_string(p.proconfig, ',')"
            " LIKE '%%search_path=%%', false)"
        ).fetchall()
        assert loose == []
        executable_by_public = conn.execute(
            "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND p.prosecdef"
            " AND has_function_privilege('public', p.oid, 'EXECUTE')"
        ).fetchall()
        assert executable_by_public == []


def test_the_database_and_schema_are_closed_to_public(world: World) -> None:
    with world.admin() as conn:
        assert _one(conn, "SELECT has_database_privilege('public', current_database(), 'CONNECT')") is False
        assert _one(conn, "SELECT has_database_privilege('public', current_database(), 'TEMP')") is False
        assert _one(conn, "SELECT has_schema_privilege('public', 'public', 'CREATE')") is False
        assert _one(conn, "SELECT has_schema_privilege('dl_user', 'public', 'CREATE')") is False
        assert _one(conn, "SELECT has_schema_privilege('dl_role_admin', 'public', 'CREATE')") is False
