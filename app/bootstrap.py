"""Opening a database the way both the GUI and the CLI do: settings → URL (+ keyring password)
→ engine → migrations → reference data. No Qt."""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlalchemy import func, select

from app.config import Settings, env_database_url, load_settings
from app.db.migrate import ensure_schema
from app.db.session import Database, url_from_settings
from app.errors import DatabaseConfigError, DatabaseUnavailable


def open_database(
    settings: Settings | None = None,
    *,
    password: str | None = None,
    ask_password: Callable[[str], str | None] | None = None,
) -> Database:
    """The configured database. A PostgreSQL password comes from the caller, the OS keyring
    (when the user chose to keep it there), PGPASSWORD, or ``ask_password``, in that order."""
    settings = settings or load_settings()
    if password is None and settings.backend == "postgresql" and not env_database_url():
        from app.secrets import SecretStoreError, get_password

        try:
            password = get_password(settings.postgres.keyring_account)
        except SecretStoreError as exc:
            raise DatabaseConfigError(exc.args[0]) from exc
        if password is None and not os.environ.get("PGPASSWORD") and ask_password is not None:
            pg = settings.postgres
            password = ask_password(f"Wachtwoord voor {pg.user or '(login)'} op {pg.host}/{pg.database}: ")
    return Database(url_from_settings(settings, password))


def prepare(database: Database) -> bool:
    """Bring the schema up to date and load the region's municipalities on a new database.
    Returns True when the database was new (nothing but reference data in it)."""
    from sqlalchemy.exc import DBAPIError

    from app.db.models import Gemeente
    from app.services.access import Actor
    from app.services.region import sync_gemeenten

    try:
        ensure_schema(database.engine)
    except DBAPIError as exc:  # wrong password, disabled login, server away: one Dutch sentence
        from app.auth.signin import describe_connection_error

        raise DatabaseUnavailable(describe_connection_error(exc, database.url)) from exc
    from sqlalchemy.exc import IntegrityError

    try:
        with database.unit_of_work() as session:
            if session.scalar(select(func.count()).select_from(Gemeente)) == 0:
                sync_gemeenten(session, Actor.system_actor("installatie"))
                return True
    except IntegrityError:  # a parallel start (or db upgrade) loaded them a moment earlier
        return False
    return False


def has_demo_or_user_data(database: Database) -> bool:
    """True once any user exists (the GUI's first-run offer of demo data uses this)."""
    from app.db.models import User

    with database.unit_of_work() as session:
        return session.execute(select(func.count()).select_from(User)).scalar_one() > 0
