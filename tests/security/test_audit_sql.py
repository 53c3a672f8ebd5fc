"""The access log against a person's own PostgreSQL login, with plain SQL: they can add rows in
their own name only, and the database, not the client, says when, from where and as whom; they
cannot change, remove or unhook anything. Four sessions inserting at once keep one chain. The
timeline and handover history are insert-only for them too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from app.domain.roles import Role
from app.services.access import Actor
from app.services.audit import verify_chain
from tests.security.conftest import POSTGRES_ONLY, A, World, build_case, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY

INSERT = (
    "INSERT INTO access_log (at, actor_login, action, object_type, result, workstation)"
    " VALUES (%s, %s, 'read', 'dossier', 'ok', 'pc')"
)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cs_a", Role.CONSULENT, A, prefix="cs")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        w.ids["A"] = build_case(w, "cp_a", A)
        yield w


def _verify(world: World) -> tuple[bool, str]:
    with world.db.unit_of_work() as session:
        report = verify_chain(session, Actor.system_actor("test"))
    return report.ok, report.summary


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_log SET detail = 'x'",
        "UPDATE access_log SET row_hash = NULL",
        "DELETE FROM access_log",
        "TRUNCATE access_log",
        "ALTER TABLE access_log DISABLE TRIGGER access_log_z_chain",
        "ALTER TABLE access_log DISABLE TRIGGER USER",
        "ALTER TABLE access_log ADD COLUMN x text",
        "ALTER TABLE access_log DROP COLUMN row_hash",
        "DROP TRIGGER access_log_z_chain ON access_log",
        "DROP TABLE access_log",
        "UPDATE access_log_chain SET last_hash = NULL",
        "DELETE FROM access_log_chain",
        "TRUNCATE access_log_chain",
        "INSERT INTO access_log_chain (id) VALUES (2)",
        "CREATE OR REPLACE FUNCTION dl_access_log_chain() RETURNS trigger LANGUAGE plpgsql"
        " AS 'BEGIN RETURN NEW; END'",
        "SELECT setval('access_log_id_seq', 1)",
    ],
)
@pytest.mark.parametrize("who", ["cp_a", "beheer"])
def test_a_person_cannot_change_or_unhook_the_log(world: World, who: str, statement: str) -> None:
    with world.connect(who) as conn:
        error = refused(conn, statement)
    assert isinstance(error, psycopg.errors.InsufficientPrivilege | psycopg.errors.RaiseException), error


def test_the_database_sets_time_login_and_chain_whatever_the_client_sends(world: World) -> None:
    person = world.people["cp_a"]
    long_ago = datetime.now(UTC) - timedelta(days=400)
    with world.connect("cp_a") as conn:
        before = conn.execute("SELECT clock_timestamp()").fetchone()[0]  # type: ignore[index]
        conn.execute(
            "INSERT INTO access_log (at, actor_login, action, object_type, result, workstation,"
            " db_login, client_addr, prev_hash, row_hash)"
            " VALUES (%s, %s, 'read', 'dossier', 'ok', 'pc', 'iemand-anders', '10.6.6.6', 'abc', 'def')",
            (long_ago, person.login),
        )
        # Another person's login as the actor is refused outright.
        error = refused(conn, INSERT, (long_ago, world.people["cs_a"].login))
        assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    with world.admin() as admin:
        row = admin.execute(
            "SELECT at, actor_id, db_login, client_addr, prev_hash, row_hash FROM access_log"
            " WHERE actor_login = %s ORDER BY id DESC LIMIT 1",
            (person.login,),
        ).fetchone()
        prev = admin.execute(
            "SELECT row_hash FROM access_log"
            " WHERE id < (SELECT max(id) FROM access_log WHERE actor_login = %s) ORDER BY id DESC LIMIT 1",
            (person.login,),
        ).fetchone()
    assert row is not None and prev is not None
    at, actor_id, db_login, client_addr, prev_hash, row_hash = row
    assert abs(at - before) < timedelta(minutes=1)  # the database's clock, not the one sent
    assert actor_id == person.user_id
    assert db_login == person.login
    assert client_addr == "127.0.0.1"
    assert prev_hash == prev[0] and row_hash not in ("def", None) and len(row_hash) == 64
    ok, summary = _verify(world)
    assert ok, summary


def test_the_owner_cannot_forge_a_row_without_breaking_the_chain(world: World) -> None:
    """Even the owner's plain INSERT gets the database's chain, login and address (an owner that
    switches the trigger off is caught by audit verify, see tests/db/test_audit_chain.py)."""
    with world.admin() as admin:
        admin.execute(
            "INSERT INTO access_log (id, at, actor_login, action, object_type, result, workstation, db_login,"
            " prev_hash, row_hash) VALUES (1, now(), 'test', 'read', 'dossier', 'ok', 'x', 'nep', 'a', 'b')"
        )
        last = "SELECT id, db_login, row_hash FROM access_log ORDER BY id DESC LIMIT 1"
        row = admin.execute(last).fetchone()
    assert row is not None and row[0] != 1 and row[1] != "nep" and row[2] != "b"
    ok, summary = _verify(world)
    assert ok, summary


@pytest.mark.parametrize("table", ["dossier_events", "handover_status_changes"])
@pytest.mark.parametrize("who", ["cp_a", "cs_a"])
def test_timeline_and_handover_history_are_insert_only(world: World, table: str, who: str) -> None:
    row_ids = world.ids["A"][table]
    with world.connect(who) as conn:
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE id = ANY(%s)", (row_ids,)).fetchone() == (
            len(row_ids),
        )  # they see their own municipality's history
        column = "text" if table == "dossier_events" else "reason"
        for statement in (f"UPDATE {table} SET {column} = 'x' WHERE id = ANY(%s)",
                          f"DELETE FROM {table} WHERE id = ANY(%s)"):  # fmt: skip
            error = refused(conn, statement, (row_ids,))
            assert isinstance(error, psycopg.errors.InsufficientPrivilege), error
        assert isinstance(refused(conn, f"TRUNCATE {table}"), psycopg.errors.InsufficientPrivilege)
    with world.admin() as admin:  # the owner is refused by the trigger
        assert "append-only" in str(refused(admin, f"DELETE FROM {table} WHERE id = ANY(%s)", (row_ids,)))


@pytest.mark.parametrize("who", ["cp_a", "cs_a"])
def test_the_first_timeline_entry_kept_in_the_dossier_row_is_insert_only_too(world: World, who: str) -> None:
    """Revision 0022 keeps a new dossier's first timeline entry in the dossier row. Those who may
    change the dossier may not change that entry, nor make its milestone pending again."""
    dossier = world.ids["A"]["dossiers"]
    with world.connect(who) as conn:
        assert rowcount(conn, "UPDATE dossiers SET status = status WHERE id = ANY(%s)", (dossier,)) == 1
        for statement in ("UPDATE dossiers SET first_entry = 'Iets anders.' WHERE id = ANY(%s)",
                          "UPDATE dossiers SET first_entry_by = 'Iemand' WHERE id = ANY(%s)",
                          "UPDATE dossiers SET gekoppeld_pending = true WHERE id = ANY(%s)"):  # fmt: skip
            error = refused(conn, statement, (dossier,))
            assert isinstance(error, psycopg.errors.InsufficientPrivilege), error
            assert "insert-only" in str(error)


def test_four_sessions_at_once_keep_one_unbroken_chain(world: World) -> None:
    people = [world.add_person(f"para{i}", Role.CONSULENT, A, prefix="pa") for i in range(4)]
    per_session = 2500
    errors: list[BaseException] = []
    start = threading.Barrier(len(people))

    def insert(person_key: str, login: str) -> None:
        try:
            with world.connect(person_key) as conn:
                start.wait()
                for _ in range(per_session):
                    conn.execute(INSERT, (datetime.now(UTC), login))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=insert, args=(p.key, p.login)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with world.admin() as admin:
        counts = admin.execute(
            "SELECT count(*), count(DISTINCT prev_hash), count(DISTINCT row_hash) FROM access_log"
            " WHERE actor_login = ANY(%s)",
            ([p.login for p in people],),
        ).fetchone()
    assert counts == (4 * per_session, 4 * per_session, 4 * per_session)  # no two rows share a parent
    ok, summary = _verify(world)
    assert ok, summary
