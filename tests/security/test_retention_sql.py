"""Retention on PostgreSQL with the persons' own logins and plain SQL: only a beheerder may call the
purge functions (which work out the dossiers themselves); nobody can delete the insert-only history
by hand, not even by faking the purge's mark; and the beheerder's purge through the services, with
their own login, removes exactly the dossiers past the term with their children."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import psycopg
import pytest
from sqlalchemy import make_url

from app.db.session import Database
from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, build_case, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY

FUNCTIONS = (
    "SELECT * FROM dl_retention_expired()",
    "SELECT * FROM dl_retention_purge(100)",
    "SELECT dl_set_retention_years(1)",
)


def _close(admin: psycopg.Connection[Any], dossier_ids: list[int], closed_on: date) -> None:
    admin.execute("UPDATE handovers SET status = 'afgerond' WHERE dossier_id = ANY(%s)", (dossier_ids,))
    admin.execute(
        "UPDATE dossiers SET status = 'gesloten', closed_on = %s WHERE id = ANY(%s)", (closed_on, dossier_ids)
    )


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cs_a", Role.CONSULENT, A, prefix="cs")
        w.add_person("rc_a", Role.REGIO_COORDINATOR, A, prefix="rc")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        w.ids["old"] = build_case(w, "cp_a", A)  # closed in 2015: past the term
        w.ids["recent"] = build_case(w, "cp_a", A)  # closed last year: kept
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.ids["bunnik"] = build_case(w, "cp_b", B)  # closed in 2016: past the term, other municipality
        with w.admin() as admin:
            _close(admin, w.ids["old"]["dossiers"], date(2015, 3, 1))
            _close(admin, w.ids["recent"]["dossiers"], date(date.today().year - 1, 1, 1))
            _close(admin, w.ids["bunnik"]["dossiers"], date(2016, 5, 1))
        yield w


@pytest.mark.parametrize("who", ["cp_a", "cs_a", "rc_a"])
@pytest.mark.parametrize("statement", FUNCTIONS)
def test_only_the_beheerder_group_may_call_the_functions(world: World, who: str, statement: str) -> None:
    with world.connect(who) as conn:
        exc = refused(conn, statement)
    assert isinstance(exc, psycopg.errors.InsufficientPrivilege)


def test_the_functions_check_the_term_and_say_nothing_personal(world: World) -> None:
    with world.connect("beheer") as conn:
        exc = refused(conn, "SELECT dl_set_retention_years(31)")
        assert "tussen 1 en 30 jaar" in str(exc)
        cur = conn.execute("SELECT * FROM dl_retention_expired()")
        assert [d.name for d in cur.description or ()] == ["dossier_id", "cbs_code", "closed_on"]
        rows = cur.fetchall()
    expected = {world.ids["old"]["dossiers"][0]: A, world.ids["bunnik"]["dossiers"][0]: B}
    assert {row[0]: row[1] for row in rows} == expected


@pytest.mark.parametrize("who", ["cp_a", "cs_a", "beheer"])
def test_nobody_deletes_the_history_or_fakes_the_purge_mark(world: World, who: str) -> None:
    old = world.ids["old"]
    with world.connect(who) as conn:
        # The mark the triggers look for: only the owner (the purge function) can write app_meta.
        refused(conn, "INSERT INTO app_meta (key, value) VALUES ('purge_txid', txid_current()::text)")
        assert rowcount(conn, "UPDATE app_meta SET value = '1' WHERE key = 'retention_years'") == 0
        for table, column in (("dossier_events", "dossier_id"), ("handover_status_changes", "handover_id")):
            key = old["dossiers"] if column == "dossier_id" else old["handovers"]
            assert rowcount(conn, f"DELETE FROM {table} WHERE {column} = ANY(%s)", (key,)) == 0
        if who != "beheer":  # a writer of municipality A may delete A's dossiers, but not their history
            exc = refused(conn, "DELETE FROM dossiers WHERE id = ANY(%s)", (old["dossiers"],))
            assert "append-only" in str(exc)
        else:  # the beheerder does not even see them
            assert rowcount(conn, "DELETE FROM dossiers WHERE id = ANY(%s)", (old["dossiers"],)) == 0
    with world.admin() as admin:
        row = admin.execute("SELECT count(*) FROM dossiers WHERE id = ANY(%s)", (old["dossiers"],)).fetchone()
    assert row is not None and row[0] == 1


def test_the_beheerders_purge_with_their_own_login_through_the_services(world: World) -> None:
    from app.auth.identity import resolve_actor
    from app.services.retention import expired_dossiers, purge_expired

    beheer = world.people["beheer"]
    database = Database(make_url(world.url).set(username=beheer.login, password=beheer.password))
    try:
        actor = resolve_actor(database)
        with database.unit_of_work() as s:
            preview = expired_dossiers(s, actor)
        gone = sorted([world.ids["old"]["dossiers"][0], world.ids["bunnik"]["dossiers"][0]])
        assert sorted(d.dossier_id for d in preview.dossiers) == gone
        with database.unit_of_work() as s:
            result = purge_expired(s, actor, expected=2, batch_size=1)
        assert result.dossier_ids == gone
    finally:
        database.dispose()
    with world.admin() as admin:
        for key in ("old", "bunnik"):
            for table, row_ids in world.ids[key].items():
                if table == "koppelingen":
                    continue  # board data, not the dossier's
                n = admin.execute(f"SELECT count(*) FROM {table} WHERE id = ANY(%s)", (row_ids,)).fetchone()
                assert n is not None and n[0] == 0, (key, table)
        for table, row_ids in world.ids["recent"].items():
            n = admin.execute(f"SELECT count(*) FROM {table} WHERE id = ANY(%s)", (row_ids,)).fetchone()
            assert n is not None and n[0] == len(row_ids), table
        logged = admin.execute(
            "SELECT action, result, detail, db_login FROM access_log WHERE object_type = 'purge' "
            "AND action = 'delete'"
        ).fetchall()
        assert logged == [("delete", "ok", f"dossiers=2 ids={gone[0]},{gone[1]}", beheer.login)]
        mark = admin.execute("SELECT count(*) FROM app_meta WHERE key = 'purge_txid'").fetchone()
        assert mark is not None and mark[0] == 0
