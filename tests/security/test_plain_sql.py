"""The plain-SQL attack of issue 11, with a contactpersoon's own login and password: PostgreSQL
itself keeps another municipality's dossiers (and everything hanging off them) out of sight and
out of reach, and refuses the DDL, trigger, role and session tricks.

Municipality A (Zeist) attacks municipality B (Bunnik). Every table of the case register gets the
same four attacks (SELECT, INSERT, UPDATE, DELETE); B's rows are compared, as the admin, before and
after. No program code runs between the attacker and the database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from app.domain.roles import Role
from tests.security.conftest import (
    POSTGRES_ONLY,
    A,
    B,
    World,
    build_case,
    make_world,
    refused,
    rowcount,
    snapshot,
)

pytestmark = POSTGRES_ONLY

PROTECTED = [
    "dossiers",
    "dossier_members",
    "dossier_milestones",
    "noa_parts",
    "plan_goals",
    "plan_actions",
    "dossier_events",
    "handovers",
    "handover_checks",
    "handover_status_changes",
]
# Insert-only history (migration 0006), and the rows whose delete would cascade into it.
INSERT_ONLY = ("dossier_events", "handover_status_changes")
HISTORY_PARENTS = ("dossiers", "handovers")
# The column that ties a row to its parent, and the parent table (dossiers: the municipality).
PARENT = {
    "dossiers": ("gemeente_id", None),
    "dossier_members": ("dossier_id", "dossiers"),
    "dossier_milestones": ("dossier_id", "dossiers"),
    "noa_parts": ("dossier_id", "dossiers"),
    "plan_goals": ("dossier_id", "dossiers"),
    "plan_actions": ("goal_id", "plan_goals"),
    "dossier_events": ("dossier_id", "dossiers"),
    "handovers": ("dossier_id", "dossiers"),
    "handover_checks": ("handover_id", "handovers"),
    "handover_status_changes": ("handover_id", "handovers"),
}
# Columns with a unique index, cleared in a copied row (the copy must fail on the policy, not on these).
UNIQUE_NULLABLE = {"dossiers": ("koppeling_id",), "dossier_members": ("bsn", "v_nummer")}


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.ids["A"] = build_case(w, "cp_a", A)
        w.ids["B"] = build_case(w, "cp_b", B)
        yield w


@pytest.fixture(scope="module")
def cp_a(world: World) -> psycopg.Connection[Any]:
    return world.connect("cp_a")


@pytest.fixture(scope="module")
def admin(world: World) -> psycopg.Connection[Any]:
    return world.admin()


def _count(conn: psycopg.Connection[Any], table: str, ids: list[int]) -> int:
    row = conn.execute(
        sql.SQL("SELECT count(*) FROM {} WHERE id = ANY(%s)").format(sql.Identifier(table)), (ids,)
    ).fetchone()
    assert row is not None
    return int(row[0])


def _copy_insert(
    admin: psycopg.Connection[Any], table: str, row_id: int, changes: dict[str, Any]
) -> tuple[sql.Composed, list[Any]]:
    """An INSERT of a copy of the row (new id), with some columns changed."""
    cur = admin.execute(sql.SQL("SELECT * FROM {} WHERE id = %s").format(sql.Identifier(table)), (row_id,))
    row = cur.fetchone()
    assert row is not None and cur.description is not None
    values = dict(zip([d.name for d in cur.description], row, strict=True))
    del values["id"]
    for column in UNIQUE_NULLABLE.get(table, ()):
        values[column] = None
    values.update(changes)
    statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table),
        sql.SQL(", ").join(sql.Identifier(c) for c in values),
        sql.SQL(", ").join(sql.Placeholder() for _ in values),
    )
    return statement, list(values.values())


# --- 1: every protected table ---------------------------------------------------------------------


@pytest.mark.parametrize("table", PROTECTED)
def test_select_sees_own_rows_and_none_of_the_other_municipality(
    world: World, cp_a: psycopg.Connection[Any], table: str
) -> None:
    own, theirs = world.ids["A"][table], world.ids["B"][table]
    assert _count(cp_a, table, own) == len(own)
    assert _count(cp_a, table, theirs) == 0
    # Not even through a join, a count over the whole table, or the parent's id.
    total = cp_a.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()
    assert total is not None and total[0] == len(own)
    # B's contactpersoon sees B's rows (the rows are there; A is kept out).
    with world.connect("cp_b") as cp_b:
        assert _count(cp_b, table, theirs) == len(theirs)
        assert _count(cp_b, table, own) == 0


@pytest.mark.parametrize("table", PROTECTED)
def test_insert_for_the_other_municipality_fails(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any], table: str
) -> None:
    column, parent = PARENT[table]
    theirs = world.ids["B"]
    target = world.gid(B) if parent is None else theirs[parent][0]
    statement, params = _copy_insert(admin, table, world.ids["A"][table][0], {column: target})
    before = snapshot(admin, theirs)
    error = refused(cp_a, statement, params)
    assert isinstance(error, psycopg.errors.InsufficientPrivilege), error
    assert "row-level security" in str(error)
    assert snapshot(admin, theirs) == before


@pytest.mark.parametrize("table", PROTECTED)
def test_update_and_delete_of_the_other_municipality_touch_nothing(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any], table: str
) -> None:
    own, theirs = world.ids["A"][table], world.ids["B"][table]
    ident = sql.Identifier(table)
    update = sql.SQL("UPDATE {} SET id = id WHERE id = ANY(%s)").format(ident)
    delete = sql.SQL("DELETE FROM {} WHERE id = ANY(%s)").format(ident)
    before = snapshot(admin, world.ids["B"])
    if table in INSERT_ONLY:  # nobody's rows: no UPDATE or DELETE grant at all
        for statement in (update, delete):
            for rows in (theirs, own):
                assert isinstance(refused(cp_a, statement, (rows,)), psycopg.errors.InsufficientPrivilege)
        assert snapshot(admin, world.ids["B"]) == before
        return
    assert rowcount(cp_a, update, (theirs,)) == 0
    assert rowcount(cp_a, delete, (theirs,)) == 0
    assert rowcount(cp_a, sql.SQL("UPDATE {} SET id = id").format(ident)) == len(own)  # the whole table
    # The same statements do reach A's own rows: the grants are there, the policy picks the rows.
    assert rowcount(cp_a, update, (own,)) == len(own)
    if table in HISTORY_PARENTS:  # deleting would take the insert-only history with it: refused
        assert "append-only" in str(refused(cp_a, delete, (own,)))
    else:
        assert rowcount(cp_a, sql.SQL("DELETE FROM {}").format(ident)) == len(own)  # (rolled back)
        assert rowcount(cp_a, delete, (own,)) == len(own)
    assert snapshot(admin, world.ids["B"]) == before
    assert _count(admin, table, own) == len(own)  # A's own deletes were rolled back


@pytest.mark.parametrize("table", PROTECTED)
def test_own_row_cannot_be_moved_to_the_other_municipality(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any], table: str
) -> None:
    column, parent = PARENT[table]
    target = world.gid(B) if parent is None else world.ids["B"][parent][0]
    before = snapshot(admin, world.ids["A"])
    error = refused(
        cp_a,
        sql.SQL("UPDATE {} SET {} = %s WHERE id = %s").format(sql.Identifier(table), sql.Identifier(column)),
        (target, world.ids["A"][table][0]),
    )
    assert isinstance(error, psycopg.errors.InsufficientPrivilege), error
    assert snapshot(admin, world.ids["A"]) == before


def test_b_rows_are_unchanged_after_all_attacks(world: World, admin: psycopg.Connection[Any]) -> None:
    """Run last in this module: B still has every row it had, A too."""
    for side in ("A", "B"):
        for table, ids in world.ids[side].items():
            assert _count(admin, table, ids) == len(ids), (side, table)


# --- 2: DDL, triggers, roles, other sessions -----------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE dossiers CASCADE",
        "TRUNCATE dossier_members",
        "TRUNCATE access_log",
        "ALTER TABLE dossiers ADD COLUMN stolen text",
        "ALTER TABLE dossiers DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE dossiers NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE dossiers OWNER TO CURRENT_USER",
        "ALTER TABLE swaps DISABLE TRIGGER swaps_guard",
        "ALTER TABLE swaps DISABLE TRIGGER ALL",
        "ALTER TABLE access_log DISABLE TRIGGER access_log_append_only",
        "DROP TABLE dossier_events",
        "DROP TABLE dossiers CASCADE",
        "DROP POLICY dossiers_read ON dossiers",
        "CREATE POLICY everything ON dossiers FOR SELECT USING (true)",
        "ALTER POLICY dossiers_read ON dossiers USING (true)",
        "CREATE TABLE public.loot (bsn text)",
        "CREATE TABLE loot (bsn text)",
        "CREATE TEMP TABLE loot (bsn text)",
        "CREATE SCHEMA loot",
        "CREATE VIEW public.all_dossiers AS SELECT 1",
        "CREATE FUNCTION public.dl_user_gemeente(login text, x int) RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CREATE OR REPLACE FUNCTION dl_user_gemeente(login text) RETURNS integer LANGUAGE sql AS 'SELECT 1'",
        "ALTER FUNCTION dl_user_role(text) OWNER TO CURRENT_USER",
        "DROP FUNCTION dl_swap_guard() CASCADE",
        "DROP TRIGGER swaps_guard ON swaps",
        "SELECT dl_sync_membership(current_user::text)",
        "UPDATE users SET role = 'beheerder' WHERE login = current_user",
        "UPDATE users SET gemeente_id = (SELECT id FROM gemeenten WHERE cbs_code = 'GM0312')"
        " WHERE login = current_user",
        "UPDATE users SET active = false",
        "INSERT INTO users (login, name, email, role, active, version, created_at, updated_at)"
        " VALUES ('evil', 'Evil', '', 'beheerder', true, 1, now(), now())",
        "DELETE FROM users",
        "UPDATE access_log SET result = 'ok'",
        "DELETE FROM access_log",
        "SET ROLE dl_owner",
        "SET ROLE dl_role_admin",
        "SET ROLE dl_beheerder",
        "SET ROLE dl_regio_coordinator",
        "SET SESSION AUTHORIZATION dl_test",
        "GRANT dl_owner TO CURRENT_USER",
        "GRANT dl_beheerder TO CURRENT_USER",
        "ALTER ROLE CURRENT_USER BYPASSRLS",
        "ALTER ROLE CURRENT_USER CREATEROLE",
        "ALTER ROLE CURRENT_USER SUPERUSER",
        "CREATE ROLE sneaky LOGIN PASSWORD 'x'",
        "COPY dossiers TO '/tmp/loot.csv'",
        "SELECT pg_read_file('postgresql.conf')",
    ],
)
def test_contactpersoon_cannot_change_the_schema_or_the_rules(
    world: World, cp_a: psycopg.Connection[Any], statement: str
) -> None:
    error = refused(cp_a, statement)
    assert isinstance(error, psycopg.errors.InsufficientPrivilege | psycopg.errors.FeatureNotSupported), (
        type(error),
        error,
    )
    # And the rules are as they were: still only A's own dossiers.
    assert _count(cp_a, "dossiers", world.ids["B"]["dossiers"]) == 0


def test_granting_the_tables_to_others_grants_nothing(world: World, cp_a: psycopg.Connection[Any]) -> None:
    """A user without GRANT OPTION gets a warning, not an error; check that nothing was granted."""
    with world.connect("cp_b") as cp_b:
        for statement in (
            "GRANT SELECT ON dossiers TO PUBLIC",
            f'GRANT UPDATE ON dossiers TO "{world.people["cp_b"].login}"',
        ):
            with contextlib.suppress(psycopg.errors.InsufficientPrivilege):  # or only a warning
                cp_a.execute(statement)
        row = cp_a.execute("SELECT has_table_privilege('public', 'dossiers', 'SELECT')").fetchone()
        assert row == (False,)
        assert _count(cp_b, "dossiers", world.ids["A"]["dossiers"]) == 0


def test_row_security_cannot_be_switched_off(world: World, cp_a: psycopg.Connection[Any]) -> None:
    """row_security = off makes a query that a policy would filter fail, it does not bypass."""
    with cp_a.transaction(force_rollback=True):
        cp_a.execute("SET LOCAL row_security = off")
        with (
            pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
            cp_a.transaction(),
        ):
            cp_a.execute("SELECT * FROM dossiers")


def test_session_variables_do_not_change_who_you_are(world: World, cp_a: psycopg.Connection[Any]) -> None:
    """Nothing the client sets in its session moves it to B."""
    b = world.gid(B)
    with cp_a.transaction(force_rollback=True):
        cp_a.execute(f"SET LOCAL dl.gemeente_id = '{b}'")
        cp_a.execute("SET LOCAL application_name = 'dl_owner'")
        cp_a.execute("SET LOCAL search_path = pg_temp, public")
        assert _count(cp_a, "dossiers", world.ids["B"]["dossiers"]) == 0
        # The identity functions answer for the caller only through current_user in the policies.
        row = cp_a.execute("SELECT dl_user_gemeente(current_user::text)").fetchone()
        assert row is not None and row[0] == world.gid(A)


def test_contactpersoon_cannot_end_another_users_session(world: World, cp_a: psycopg.Connection[Any]) -> None:
    victim = world.connect("cp_b")
    victim_pid = victim.info.backend_pid
    admin_conn = world.admin()
    for pid in (victim_pid, admin_conn.info.backend_pid):
        for function in ("pg_terminate_backend", "pg_cancel_backend"):
            error = refused(cp_a, f"SELECT {function}(%s)", (pid,))
            assert isinstance(error, psycopg.errors.InsufficientPrivilege), error
    assert victim.execute("SELECT 1").fetchone() == (1,)
    assert admin_conn.execute("SELECT 1").fetchone() == (1,)
    victim.close()


def test_a_bsn_of_the_other_municipality_is_not_revealed_by_a_unique_violation(
    world: World, cp_a: psycopg.Connection[Any], admin: psycopg.Connection[Any]
) -> None:
    row = admin.execute(
        "SELECT bsn FROM dossier_members WHERE id = ANY(%s) AND bsn IS NOT NULL LIMIT 1",
        (world.ids["B"]["dossier_members"],),
    ).fetchone()
    assert row is not None
    probe = (
        "INSERT INTO dossier_members (dossier_id, name, bsn, role, languages, interpreter_needed,"
        " pre_integration_hours, pre_integration_language_hours, version, created_at, updated_at)"
        " VALUES (%s, 'Proef', %s, 'overig', '', false, 0, 0, 1, now(), now())"
    )
    own_dossier = world.ids["A"]["dossiers"][0]
    assert rowcount(cp_a, probe, (own_dossier, "000000012")) == 1  # an unknown BSN: accepted
    try:
        assert rowcount(cp_a, probe, (own_dossier, row[0])) == 1  # B's BSN: must look the same
    except psycopg.errors.UniqueViolation as exc:
        raise AssertionError(f"the database reveals B's BSN: {exc}") from exc
