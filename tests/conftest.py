"""Shared fixtures.

Database tests run on SQLite always and on PostgreSQL when TEST_DATABASE_URL is set (CI sets it).
``session`` gives a migrated database inside a transaction that is rolled back after the test;
``fresh_database`` gives an empty database of its own for tests that need real commits.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

# Qt picks a platform at import time; the tests never open a real screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

from app.db.session import Database

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on"),
        ],
    ),
]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Iterator[None]:
    """Skipped tests grouped by reason, one line per reason with a count (instead of one per test),
    after the short summary of failures and errors (-rfE)."""
    yield
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        counts[reason] = counts.get(reason, 0) + 1
    for reason, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        terminalreporter.write_line(f"{count} overgeslagen: {reason}")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the developer's own settings, data folder or database."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DOORLOPENDE_LIJN_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("DOORLOPENDE_LIJN_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("DOORLOPENDE_LIJN_SITE_CONFIG_DIR", str(base / "site"))  # no preset from IT
    monkeypatch.delenv("DOORLOPENDE_LIJN_DB_URL", raising=False)
    monkeypatch.delenv("DOORLOPENDE_LIJN_USER", raising=False)
    # The account on "this computer" is tester in every test (the real one is root or the developer).
    monkeypatch.setattr("app.auth.identity.os_account", lambda: "tester")


def _pg_admin_engine() -> Engine:
    return create_engine(make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")


def _new_pg_database() -> str:
    name = f"dl_test_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return (
        make_url(PG_URL)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


def _drop_pg_database(url: str) -> None:
    """Drop a test database. An autovacuum worker on a fresh database runs as a superuser process
    that a non-superuser role may not terminate (InsufficientPrivilege); it finishes in moments,
    so wait and try again rather than fail a test that passed."""
    from sqlalchemy.exc import ProgrammingError

    name = make_url(url).database
    admin = _pg_admin_engine()
    try:
        for attempt in range(50):
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            except ProgrammingError as exc:
                if "InsufficientPrivilege" not in type(exc.orig).__name__ or attempt == 49:
                    raise
                time.sleep(0.2)
    finally:
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fresh_url(backend: str, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The URL of an empty database of this test's own."""
    if backend == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'fresh.db'}"
        return
    url = _new_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(url)


@pytest.fixture
def fresh_database(fresh_url: str) -> Iterator[Database]:
    """An empty, migrated database of its own (with the region's municipalities), for real commits."""
    from app.bootstrap import prepare

    db = Database(fresh_url)
    prepare(db)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Database]]:
    """One migrated database per backend for the whole run; tests roll back their changes."""
    made: dict[str, Database] = {}
    try:
        yield made
    finally:
        for db in made.values():
            db.dispose()
        if "postgresql" in made:
            _drop_pg_database(made["postgresql"].url.render_as_string(hide_password=False))


@pytest.fixture
def database(
    backend: str, _migrated: dict[str, Database], tmp_path_factory: pytest.TempPathFactory
) -> Database:
    from app.bootstrap import prepare

    if backend not in _migrated:
        if backend == "sqlite":
            url = f"sqlite+pysqlite:///{tmp_path_factory.mktemp('shared') / 'shared.db'}"
        else:
            url = _new_pg_database()
        db = Database(url)
        prepare(db)
        _migrated[backend] = db
    return _migrated[backend]


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A Session on the migrated database inside a transaction that is rolled back afterwards.
    Services may flush and even commit: commits become savepoints of the outer transaction."""
    connection = database.engine.connect()
    outer = connection.begin()
    db_session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db_session
    finally:
        db_session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def system_actor():  # type: ignore[no-untyped-def]
    from app.services.access import Actor

    return Actor.system_actor("test")


@pytest.fixture
def make_actor(session: Session):  # type: ignore[no-untyped-def]
    """Create a user of a role in a municipality and return the Actor for it."""
    from app.db.models import Gemeente, User
    from app.services.users import actor_for

    def make(role, cbs_code: str | None = "GM0344", login: str | None = None):  # type: ignore[no-untyped-def]
        gemeente = None
        if cbs_code:
            from sqlalchemy import select

            gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == cbs_code))
        user = User(
            login=login or f"u-{uuid.uuid4().hex[:8]}", name="Test Gebruiker", role=role, gemeente=gemeente
        )
        session.add(user)
        session.flush()
        return actor_for(user)

    return make


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in memory (no Secret Service on the test machine)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
