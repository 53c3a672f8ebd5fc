"""Start-up and ``db upgrade``: parallel upgrades wait for each other; a login that may not change
the schema never migrates and says what to do; a schema newer than the program says which version
to install."""

from __future__ import annotations

import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.db.migrate import SchemaMismatch, check_schema, current_revision, ensure_schema, upgrade
from app.db.migrations import HEAD
from app.db.session import Database

ROOT = Path(__file__).resolve().parents[2]


def _empty_at(url: str, revision: str) -> None:
    engine = create_engine(url)
    upgrade(engine, revision)
    engine.dispose()


def test_three_parallel_upgrades_all_succeed_and_migrate_once(fresh_url: str) -> None:
    """Three PCs (or IT twice) upgrading a database one migration behind at the same moment."""
    _empty_at(fresh_url, "0004")
    argv = [sys.executable, "-m", "app", "--db", fresh_url, "db", "upgrade"]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    procs = [subprocess.Popen(argv, cwd=ROOT, **pipes) for _ in range(3)]  # type: ignore[call-overload]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _out, err in results]
    assert all(f"schema bijgewerkt naar versie {HEAD}" in out for out, _err in results)
    engine = create_engine(fresh_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [HEAD]
        assert conn.execute(text("SELECT value FROM app_meta WHERE key = 'program_version'")).scalar()
    engine.dispose()


def test_a_schema_newer_than_the_program_names_the_version_to_install(fresh_database: Database) -> None:
    with fresh_database.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        conn.execute(text("UPDATE app_meta SET value = '9.4.0' WHERE key = 'program_version'"))
    with pytest.raises(SchemaMismatch) as mismatch:
        ensure_schema(fresh_database.engine)  # nothing is "upgraded" backwards
    assert "schemaversie 0099, nieuwer dan dit programma" in mismatch.value.message
    assert "Installeer versie 9.4.0 of nieuwer van Doorlopende Lijn." in mismatch.value.message
    assert current_revision(fresh_database.engine) == "0099"


@pytest.fixture
def person_url(fresh_database: Database) -> object:
    """A contactpersoon's own PostgreSQL login on ``fresh_database`` (PostgreSQL only)."""
    if not fresh_database.is_postgresql:
        pytest.skip("een eigen login per persoon bestaat alleen op PostgreSQL")
    from app.domain.roles import Role
    from app.services.access import Actor
    from app.services.users import create_user

    login, password = f"cp-{uuid.uuid4().hex[:10]}", secrets.token_urlsafe(18)
    with fresh_database.unit_of_work() as session:
        create_user(session, Actor.system_actor("test"), login=login, name="Cor", role=Role.CONTACTPERSOON,
                    gemeente_code="GM0355", password=password)  # fmt: skip
    yield fresh_database.url.set(username=login, password=password).render_as_string(hide_password=False)
    admin = create_engine(fresh_database.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # roles are cluster-wide: drop it (it owns nothing)
        conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
    admin.dispose()


def test_an_office_pc_never_migrates_and_says_who_must(
    person_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The schema is behind (the program needs a revision the database lacks): the person's login
    gets the message, not a migration, and the command line exits with it."""
    import app.db.migrate as migrate
    from app.cli import run

    engine = create_engine(person_url)
    ahead = int(HEAD) + 1  # a revision this database does not have yet
    monkeypatch.setattr(migrate, "HEAD", f"{ahead:04d}")
    monkeypatch.setattr(migrate, "known_revisions", lambda: [f"{n:04d}" for n in range(1, ahead + 1)])
    with pytest.raises(SchemaMismatch) as behind:
        ensure_schema(engine)
    assert f"heeft schemaversie {ahead:04d} nodig" in behind.value.message
    assert "'python -m app db upgrade'" in behind.value.message
    with pytest.raises(SchemaMismatch):
        check_schema(engine)
    assert current_revision(engine) == HEAD
    engine.dispose()
    assert run(["--db", person_url, "db", "upgrade"]) != 0
    assert "python -m app db upgrade" in capsys.readouterr().err
