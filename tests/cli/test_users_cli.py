"""``users add|disable|enable|set-role|set-password|list`` as a beheerder (or IT, the schema's
owner, on PostgreSQL): on PostgreSQL each user gets a login of their own, checked by PostgreSQL."""

from __future__ import annotations

import io
import uuid

import psycopg
import pytest
from sqlalchemy import create_engine, text

from app.db.session import Database
from tests.cli.cli_fixtures import cli


def _connects(db: Database, login: str, password: str) -> bool:
    url = db.url
    try:
        with psycopg.connect(
            host=url.host, port=url.port, dbname=url.database, user=login, password=password
        ):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def admin(fresh_database: Database) -> Database:
    """On SQLite the tester's account is set up as beheerder; on PostgreSQL the test login owns the
    schema and acts as IT."""
    if not fresh_database.is_postgresql:
        assert cli(fresh_database, "setup", "--role", "beheerder") == 0
    return fresh_database


def _stdin(monkeypatch: pytest.MonkeyPatch, line: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(line + "\n"))


def test_manage_a_user_from_the_command_line(
    admin: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    login = f"cp-{uuid.uuid4().hex[:8]}"
    first, second = "eerste-wachtwoord-1", "tweede-wachtwoord-2"
    add = ["users", "add", login, "--name", "Cor Contact", "--role", "contactpersoon", "--gemeente", "Zeist"]
    try:
        if admin.is_postgresql:
            assert cli(admin, *add) == 2  # a login without a password cannot be made
            assert "--password-stdin" in capsys.readouterr().err
            _stdin(monkeypatch, "kort")
            assert cli(admin, *add, "--password-stdin") == 2
            assert "minstens 12 tekens" in capsys.readouterr().err
            _stdin(monkeypatch, first)
            assert cli(admin, *add, "--password-stdin") == 0
            assert _connects(admin, login, first)
        else:
            assert cli(admin, *add) == 0
        assert f"Gebruiker '{login}' toegevoegd (Contactpersoon)." in capsys.readouterr().out

        assert cli(admin, "users", "set-role", login, "consulent", "--gemeente", "GM0344") == 0
        assert f"Gebruiker '{login}' is nu consulent, Utrecht." in capsys.readouterr().out
        assert cli(admin, "users", "disable", login) == 0
        assert cli(admin, "users", "list", "--csv") == 0
        listed = [line for line in capsys.readouterr().out.splitlines() if line.startswith(login)]
        assert listed == [f"{login};Cor Contact;Consulent;Utrecht;nee"]
        if admin.is_postgresql:
            assert not _connects(admin, login, first)  # NOLOGIN
        assert cli(admin, "users", "enable", login) == 0

        _stdin(monkeypatch, second)
        if admin.is_postgresql:
            assert cli(admin, "users", "set-password", login, "--password-stdin") == 0
            assert f"Nieuw wachtwoord ingesteld voor '{login}'." in capsys.readouterr().out
            assert _connects(admin, login, second) and not _connects(admin, login, first)
        else:
            assert cli(admin, "users", "set-password", login, "--password-stdin") == 2
            assert "zonder apart wachtwoord" in capsys.readouterr().err
        assert cli(admin, "users", "disable", "niemand") == 2
        assert "Gebruiker 'niemand' bestaat niet." in capsys.readouterr().err
    finally:
        if admin.is_postgresql:
            engine = create_engine(admin.url, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:  # roles are cluster-wide; this one owns nothing
                conn.execute(
                    text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{login}'")
                )
                conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
            engine.dispose()


def test_a_contactpersoon_cannot_manage_users(admin: Database, capsys: pytest.CaptureFixture[str]) -> None:
    from app.domain.roles import Role
    from app.services.access import Actor
    from app.services.users import create_user
    from tests.identity import playable

    playable(admin, tester=None)  # the test plays cp with --as, as in a demo
    with admin.unit_of_work() as session:
        create_user(session, Actor.system_actor("test"), login="cp", name="Cor", role=Role.CONTACTPERSOON,
                    gemeente_code="GM0355")  # fmt: skip
    assert cli(admin, "--as", "cp", "users", "disable", "cp") == 2
    assert "Alleen een beheerder kan" in capsys.readouterr().err
