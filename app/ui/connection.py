"""Opening, testing and switching database connections for the GUI. No widgets here: these
functions run on a worker thread (through the task runner) or before the first window exists."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.auth.signin import describe_connection_error
from app.errors import DatabaseConfigError, DatabaseUnavailable

if TYPE_CHECKING:

    from app.config import PostgresSettings, Settings
    from app.db.session import Database
    from app.services.access import Actor


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
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from app.db.session import make_engine

    if pg.sslrootcert and not Path(pg.sslrootcert).is_file():
        raise DatabaseConfigError(f"Het CA-certificaat '{pg.sslrootcert}' bestaat niet.")
    from app.db.session import postgres_url

    url = postgres_url(pg, password)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar()
    except DBAPIError as exc:
        raise DatabaseUnavailable(describe_connection_error(exc, url)) from exc
    finally:
        engine.dispose()
    short = str(version).split(" ")[0]
    return f"Verbinding gelukt. PostgreSQL {short} op {pg.host}:{pg.port}, database {pg.database}."
