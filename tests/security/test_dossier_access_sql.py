""" "Wie heeft dit dossier ingezien?" with a person's own PostgreSQL login and plain SQL: the
function ``dl_dossier_access`` gives the log rows of a dossier of the caller's own municipality,
refuses another municipality's dossier (and an id that does not exist, the same way), and the
person still cannot read ``access_log`` itself nor change what the function runs as."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, build_case, make_world, refused

pytestmark = POSTGRES_ONLY

CALL = "SELECT actor_login, action, result, at FROM dl_dossier_access(%s)"


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("lezer_a", Role.ALLEEN_LEZEN, A, prefix="lz")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        w.ids["A"] = build_case(w, "cp_a", A)
        from app.services.cases.dossiers import get_dossier

        with w.db.unit_of_work() as session:
            get_dossier(session, w.actor("cp_a"), w.ids["A"]["dossiers"][0])
        yield w


def test_own_municipality_sees_who_read_its_dossier(world: World) -> None:
    dossier = world.ids["A"]["dossiers"][0]
    conn = world.connect("lezer_a")
    me = world.people["lezer_a"].login
    conn.execute(  # the reader's own look, logged as the program does
        "INSERT INTO access_log (actor_login, action, object_type, object_id, result, workstation)"
        " VALUES (%s, 'read', 'dossier', %s, 'ok', 'pc-lezer')",
        (me, str(dossier)),
    )
    rows = conn.execute(CALL, (dossier,)).fetchall()
    assert rows[0][:3] == (me, "read", "ok")
    assert {r[0] for r in rows} == {world.people["cp_a"].login, me}
    assert {r[1] for r in rows} >= {"read", "update"}
    assert [r[3] for r in rows] == sorted((r[3] for r in rows), reverse=True)  # newest first


@pytest.mark.parametrize("who", ["cp_b", "beheer"])
def test_another_municipality_or_the_beheerder_is_refused(world: World, who: str) -> None:
    conn = world.connect(who)
    dossier = world.ids["A"]["dossiers"][0]
    error = refused(conn, CALL, (dossier,))
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    missing = refused(conn, CALL, (dossier + 10_000,))  # a made-up id: the same answer, no oracle
    assert type(missing) is type(error) and str(missing).splitlines()[0] == str(error).splitlines()[0]


def test_the_log_itself_stays_closed(world: World) -> None:
    conn = world.connect("lezer_a")
    assert isinstance(refused(conn, "SELECT * FROM access_log"), psycopg.errors.InsufficientPrivilege)
    assert isinstance(
        refused(conn, "SELECT count(*) FROM access_log WHERE object_type = 'dossier'"),
        psycopg.errors.InsufficientPrivilege,
    )
    for statement in (
        "ALTER FUNCTION dl_dossier_access(integer, integer) SECURITY INVOKER",
        "ALTER FUNCTION dl_dossier_access(integer, integer) OWNER TO CURRENT_USER",
        "CREATE OR REPLACE FUNCTION dl_dossier_access(p integer, n integer DEFAULT 500) "
        "RETURNS SETOF access_log LANGUAGE sql AS 'SELECT * FROM access_log'",
        "DROP FUNCTION dl_dossier_access(integer, integer)",
    ):
        refused(conn, statement)


def test_the_function_is_pinned_and_only_for_the_programs_users(world: World) -> None:
    with world.admin() as conn:
        row = conn.execute(
            "SELECT p.prosecdef, pg_get_userbyid(p.proowner), p.proconfig, p.proacl::text[] "
            "FROM pg_proc p WHERE p.proname = 'dl_dossier_access'"
        ).fetchone()
    assert row is not None
    definer, owner, config, acl = row
    assert definer and owner == "dl_owner"
    assert any(c.startswith("search_path=") for c in config)
    grantees = {entry.split("=")[0] for entry in acl}
    assert grantees <= {"dl_owner", "dl_user"} and "" not in grantees  # not PUBLIC
