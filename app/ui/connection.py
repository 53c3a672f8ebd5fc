"""Opening, testing and switching database connections for the GUI. No widgets here: these
functions run on a worker thread (through the task runner) or before the first window exists."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import DatabaseConfigError, DatabaseUnavailable

if TYPE_CHECKING:

    from app.config import PostgresSettings, Settings
    from app.db.session import Database
    from app.services.access import Actor


@dataclass
class SignedIn:
    """The outcome of signing in: the connection, who acts on it, whether it is a demo database,
    and — when ``--as``/DOORLOPENDE_LIJN_USER asked for someone the database does not let you play —
    why that was refused (you then work as yourself)."""

    database: Database
    actor: Actor
    demo: bool = False
    claim_refused: str | None = None


@dataclass
class OpenedDatabase:
    database: Database
    created: bool  # the schema was new (only reference data in it)
    has_data: bool  # users beyond a first administrator exist


def open_and_prepare(settings: Settings, password: str | None = None) -> OpenedDatabase:
    """Open the database the settings describe, run the migrations, and say whether it holds data.
    Raises ``UserError``s with Dutch messages (unreachable server, bad file location, …)."""
    from sqlalchemy.exc import DBAPIError

    from app.bootstrap import has_demo_or_user_data, open_database, prepare

    database = open_database(settings, password=password)
    try:
        created = prepare(database)
        has_data = has_demo_or_user_data(database)
    except DBAPIError as exc:
        database.dispose()
        from app.auth.signin import describe_connection_error

        raise DatabaseUnavailable(describe_connection_error(exc, database.url)) from exc
    except BaseException:
        database.dispose()
        raise
    return OpenedDatabase(database, created, has_data)


def sign_in_as(database: Database, claimed: str = "") -> Actor:
    """Who acts on this database (the PostgreSQL login or the account on this computer; a demo
    user only in a demo database)."""
    from app.auth.identity import resolve_actor

    return resolve_actor(database, claimed or None)


def database_is_demo(database: Database) -> bool:
    from app.auth.identity import is_demo

    try:
        with database.unit_of_work() as session:
            return is_demo(session)
    except Exception:
        return False


def resolve_with_claim(database: Database, claimed: str = "") -> SignedIn:
    """Who acts, honouring a claim only where the database allows it; a refused claim is reported
    and you go on as yourself. ``NeedsSetup`` (a new SQLite database) is raised as is."""
    from app.auth.identity import NeedsSetup, SignInError, resolve_actor

    refused = None
    try:
        actor = resolve_actor(database, claimed or None)
    except NeedsSetup:
        raise
    except SignInError as exc:
        if not claimed:
            raise
        refused = exc.message
        actor = resolve_actor(database)
    return SignedIn(database, actor, database_is_demo(database), refused)


def sign_in_postgres(settings: Settings, login: str, password: str, claimed: str = "") -> SignedIn:
    """Sign in with one's own PostgreSQL login (PostgreSQL checks the password; the schema is
    checked, never migrated), then resolve a demo claim. Raises ``UserError``s in Dutch."""
    from app.auth.signin import sign_in

    database, _actor = sign_in(settings, login, password)
    try:
        return resolve_with_claim(database, claimed)
    except BaseException:
        database.dispose()
        raise


def uses_postgres(settings: Settings) -> bool:
    """Whether starting with these settings means signing in to PostgreSQL."""
    from app.config import env_database_url

    env = env_database_url()
    if env:
        from sqlalchemy import make_url

        return make_url(env).get_backend_name() == "postgresql"
    return settings.backend == "postgresql"


def sign_in_settings(settings: Settings) -> tuple[Settings, str | None]:
    """The settings to sign in with (from DOORLOPENDE_LIJN_DB_URL when that is a PostgreSQL URL)
    and the password that URL carries, if any."""
    from dataclasses import replace

    from app.config import env_database_url

    env = env_database_url()
    if not env:
        return settings, None
    from sqlalchemy import make_url

    url = make_url(env)
    query = dict(url.query)
    pg = replace(
        settings.postgres,
        host=url.host or "localhost",
        port=url.port or 5432,
        database=url.database or "",
        user=url.username or settings.postgres.user,
        sslmode=str(query.get("sslmode", settings.postgres.sslmode)),
        sslrootcert=str(query.get("sslrootcert", "")),
    )
    return replace(settings, backend="postgresql", postgres=pg), url.password or None


def check_connection(settings: Settings, password: str | None = None) -> str:
    """Try the connection the settings describe; returns a Dutch success message with the server
    version, or raises a ``UserError`` with a Dutch explanation."""
    if settings.backend == "postgresql":
        return _check_postgres(settings.postgres, password)
    return _check_sqlite(settings.effective_sqlite_path)


def _check_sqlite(path: Path) -> str:
    from app.db.location import check_local_sqlite_path

    check_local_sqlite_path(path)
    if path.is_dir():
        raise DatabaseConfigError(f"'{path}' is een map; kies een bestand.")
    if path.exists():
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                version = conn.execute("SELECT sqlite_version()").fetchone()[0]
                tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            raise DatabaseConfigError(f"'{path}' is geen bruikbare SQLite-database ({exc}).") from exc
        if tables and "alembic_version" not in tables:
            raise DatabaseConfigError(f"'{path}' is een SQLite-database van een ander programma.")
        state = "met gegevens van Doorlopende Lijn" if tables else "nog leeg"
        return f"Verbinding gelukt. SQLite {version}, bestand {path} ({state})."
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        raise DatabaseConfigError(f"In de map '{folder}' mag dit programma geen bestand aanmaken.")
    return (
        f"Verbinding gelukt. SQLite {sqlite3.sqlite_version}: het bestand {path} bestaat nog niet "
        "en wordt aangemaakt zodra u opslaat."
    )


def _check_postgres(pg: PostgresSettings, password: str | None) -> str:
    """Is the server there? Without a password PostgreSQL answers "password required" — which
    proves it is reachable and speaks PostgreSQL; signing in is the sign-in dialog's job."""
    from dataclasses import replace

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from app.auth.signin import describe_connection_error
    from app.db.session import make_engine, postgres_url

    if pg.sslrootcert and not Path(pg.sslrootcert).is_file():
        raise DatabaseConfigError(f"Het CA-certificaat '{pg.sslrootcert}' bestaat niet.")
    url = postgres_url(replace(pg, user=pg.user or PROBE_LOGIN), password)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
    except DBAPIError as exc:
        if _asks_for_sign_in(exc):
            return (
                f"Verbinding gelukt. De PostgreSQL-server op {pg.host}:{pg.port} antwoordt en vraagt "
                "om aanmelding; u meldt zich aan met uw eigen inlognaam en wachtwoord."
            )
        raise DatabaseUnavailable(describe_connection_error(exc, url)) from exc
    finally:
        engine.dispose()
    short = str(version).split(" ")[0]
    return f"Verbinding gelukt. PostgreSQL {short} op {pg.host}:{pg.port}, database {pg.database}."


PROBE_LOGIN = "doorlopende_lijn"  # who "knocks" when no login was used yet: only the answer counts


def _asks_for_sign_in(exc: BaseException) -> bool:
    """The server answered and wants a (valid) login: reachable."""
    low = str(getattr(exc, "orig", None) or exc).lower()
    if 'role "' in low and "does not exist" in low:  # trust/peer set-ups
        return True
    return any(phrase in low for phrase in ("no password supplied", "authentication failed"))
