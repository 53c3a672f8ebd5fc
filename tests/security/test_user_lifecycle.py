"""Users' logins over their life, with plain SQL: a disabled user cannot connect and their open
session fails on its next statement; a demoted user loses the rights at once; re-enabling lets them
in again. User management goes only through the SECURITY DEFINER functions, for beheerders only;
and a beheerder's own login runs the program's user services."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import make_url

from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from tests.security.conftest import (
    POSTGRES_ONLY,
    A,
    B,
    Person,
    World,
    build_case,
    make_world,
    refused,
    rowcount,
)

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        w.ids["A"] = build_case(w, "cp_a", A)
        yield w


def _one(conn: psycopg.Connection[Any], query: str, params: Any = None) -> Any:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


def _update(world: World, person: Person, **changes: Any) -> None:
    """The system changes a user through the services (dl_update_user underneath)."""
    from app.db.models import User
    from app.services.users import update_user

    with world.db.unit_of_work() as s:
        user = s.get(User, person.user_id)
        assert user is not None
        update_user(s, Actor.system_actor("test"), person.user_id, user.version, **changes)


def _verifier(conn: psycopg.Connection[Any], login: str, password: str) -> str:
    return bytes(conn.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")).decode()


def test_disabled_user_cannot_connect_and_their_open_session_fails(world: World) -> None:
    victim = world.add_person("victim", Role.CONTACTPERSOON, A, prefix="cp")
    build_case(world, "victim", A)
    open_conn = world.connect(victim)
    assert _one(open_conn, "SELECT count(*) FROM dossiers") >= 1

    _update(world, victim, active=False)

    with pytest.raises(psycopg.OperationalError, match=r"not permitted to log in|authentication failed"):
        world.connect(victim)
    # Terminated (with pg_signal_backend) or refused (grants and policies): either way it fails.
    with pytest.raises(psycopg.Error):
        open_conn.execute("SELECT count(*) FROM dossiers").fetchone()
    if not open_conn.closed:
        try:
            with open_conn.transaction(force_rollback=True):
                assert rowcount(open_conn, "UPDATE koppelingen SET notes = 'x'") == 0
        except psycopg.OperationalError:
            pass

    _update(world, victim, active=True)
    with world.connect(victim) as again:
        assert _one(again, "SELECT count(*) FROM dossiers") >= 1


def test_demoted_user_loses_the_write_rights_in_an_open_session(world: World) -> None:
    person = world.add_person("demoted", Role.CONTACTPERSOON, A, prefix="cp")
    ids = build_case(world, "demoted", A)
    conn = world.connect(person)
    update = "UPDATE dossiers SET head_name = head_name WHERE id = ANY(%s)"
    assert rowcount(conn, update, (ids["dossiers"],)) == 1

    _update(world, person, role=Role.ALLEEN_LEZEN)

    error = refused(conn, update, (ids["dossiers"],))
    assert isinstance(error, psycopg.errors.InsufficientPrivilege), error
    assert (
        _one(conn, "SELECT count(*) FROM dossiers WHERE id = ANY(%s)", (ids["dossiers"],)) == 1
    )  # still reads
    # Moved to another municipality: the open session sees the new one's dossiers, not the old.
    _update(world, person, role=Role.CONTACTPERSOON, gemeente_code=B)
    assert _one(conn, "SELECT count(*) FROM dossiers WHERE id = ANY(%s)", (ids["dossiers"],)) == 0
    assert rowcount(conn, update, (ids["dossiers"],)) == 0


def test_beheerder_creates_a_user_with_plain_sql_and_the_user_connects(world: World) -> None:
    login, password = f"nw-{uuid.uuid4().hex[:10]}", secrets.token_urlsafe(18)
    world.logins.append(login)
    with world.connect("beheer") as conn:
        new_id = _one(
            conn,
            "SELECT dl_create_user(%s, 'Nieuwe Collega', '', 'contactpersoon', %s, %s)",
            (login, world.gid(A), _verifier(conn, login, password)),
        )
        assert new_id > 0
        # Not the cluster's own logins: taken names are refused, and admin passwords stay out of reach.
        for taken in ("dl_test", "dl_owner", "postgres"):
            error = refused(
                conn,
                "SELECT dl_create_user(%s, 'x', '', 'contactpersoon', %s, %s)",
                (taken, world.gid(A), _verifier(conn, taken, password)),
            )
            assert error.sqlstate in ("23505", "22023"), (taken, error)
            error = refused(conn, "SELECT dl_set_password(%s, %s)", (taken, _verifier(conn, taken, password)))
            assert error.sqlstate in ("P0002", "42501"), (taken, error)
        # The beheerder's login itself still cannot make roles or become the owner.
        for statement in ("CREATE ROLE x LOGIN", "SET ROLE dl_role_admin", "SET ROLE dl_owner"):
            assert isinstance(refused(conn, statement), psycopg.errors.InsufficientPrivilege)
    newcomer = Person("newcomer", login, password, Role.CONTACTPERSOON, A, int(new_id))
    with world.connect(newcomer) as conn:
        assert (
            _one(conn, "SELECT count(*) FROM dossiers WHERE id = ANY(%s)", (world.ids["A"]["dossiers"],)) == 1
        )
        assert _one(conn, "SELECT current_user") == login


def test_contactpersoon_cannot_manage_users(world: World) -> None:
    other = world.people["beheer"]
    me = world.people["cp_a"]
    login = f"nw-{uuid.uuid4().hex[:10]}"
    world.logins.append(login)
    with world.connect("cp_a") as conn:
        verifier = _verifier(conn, login, "een-lang-wachtwoord")
        attempts = [
            ("SELECT dl_create_user(%s, 'x', '', 'beheerder', NULL, %s)", (login, verifier)),
            ("SELECT dl_create_user(%s, 'x', '', 'contactpersoon', %s, %s)", (login, world.gid(A), verifier)),
            ("SELECT dl_update_user(%s, NULL, NULL, NULL, NULL, NULL, false)", (other.user_id,)),
            ("SELECT dl_update_user(%s, NULL, NULL, NULL, 'beheerder', NULL, NULL)", (me.user_id,)),
            ("SELECT dl_update_user(%s, NULL, NULL, NULL, NULL, %s, NULL)", (me.user_id, world.gid(B))),
            (
                "SELECT dl_set_password(%s, %s)",
                (other.login, _verifier(conn, other.login, "een-lang-wachtwoord")),
            ),
            ("SELECT dl_sync_membership(%s)", (me.login,)),
        ]
        for statement, params in attempts:
            error = refused(conn, statement, params)
            assert error.sqlstate == "42501", (statement, error)
    with world.admin() as admin:
        assert _one(admin, "SELECT count(*) FROM pg_roles WHERE rolname = %s", (login,)) == 0
        assert _one(admin, "SELECT role FROM users WHERE id = %s", (me.user_id,)) == "contactpersoon"
        assert _one(admin, "SELECT active FROM users WHERE id = %s", (other.user_id,)) is True
    with world.connect(other) as conn:  # the beheerder's password was not changed
        assert _one(conn, "SELECT 1") == 1


def test_beheerder_flow_through_the_services_with_the_beheerders_own_login(world: World) -> None:
    from app.auth.identity import resolve_actor
    from app.services.users import create_user, update_user

    beheer = world.people["beheer"]
    url = make_url(world.url).set(username=beheer.login, password=beheer.password)
    database = Database(url)
    login, password = f"sv-{uuid.uuid4().hex[:10]}", secrets.token_urlsafe(18)
    world.logins.append(login)
    try:
        actor = resolve_actor(database)
        assert actor.login == beheer.login and actor.role is Role.BEHEERDER and not actor.system
        with database.unit_of_work() as s:
            info = create_user(
                s,
                actor,
                login=login,
                name="Via De Dienst",
                role=Role.CONSULENT,
                gemeente_code=A,
                password=password,
            )
        newcomer = Person("service-made", login, password, Role.CONSULENT, A, info.id)
        with world.connect(newcomer) as conn:
            assert (
                _one(conn, "SELECT count(*) FROM dossiers WHERE id = ANY(%s)", (world.ids["A"]["dossiers"],))
                == 1
            )
            mine = (world.ids["A"]["dossiers"],)
            assert rowcount(conn, "UPDATE dossiers SET head_name = head_name WHERE id = ANY(%s)", mine) == 1
        with database.unit_of_work() as s:
            update_user(s, actor, info.id, info.version, active=False)
        with pytest.raises(psycopg.OperationalError):
            world.connect(newcomer)
        with world.admin() as admin:
            row = admin.execute(
                "SELECT rolcanlogin, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = %s",
                (login,),
            ).fetchone()
            assert row == (False, False, False, False)
    finally:
        database.dispose()
