"""Signing in to PostgreSQL with one's own login and password: PostgreSQL authenticates, the
program only asks. Every failure becomes one clear Dutch sentence (no traceback)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from app.auth.identity import SignInError, resolve_actor

if TYPE_CHECKING:
    from sqlalchemy import URL

    from app.config import Settings
    from app.db.session import Database
    from app.services.access import Actor

WRONG_PASSWORD = (
    "Inlognaam of wachtwoord klopt niet (of uw wachtwoord is verlopen). Let op hoofdletters. "
    "Weet u het wachtwoord niet meer, vraag dan de beheerder van uw gemeente om een nieuw."
)
DISABLED = (
    "Uw account '{login}' is uitgeschakeld of geblokkeerd. Vraag de beheerder van uw gemeente "
    "om het weer in te schakelen."
)


def describe_connection_error(exc: BaseException, url: URL) -> str:
    """A Dutch explanation of why connecting failed, with the driver's own first line as detail."""
    orig = getattr(exc, "orig", None) or exc
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    low = str(orig).lower()
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if "refused" in low:
        text = (
            f"De server {where} weigert de verbinding. "
            "Controleer de server en de poort, en of PostgreSQL draait."
        )
    elif "translate host name" in low or "name or service not known" in low or "nodename" in low:
        text = f"De server '{url.host}' is niet gevonden. Controleer de servernaam."
    elif "timeout" in low or "timed out" in low:
        text = f"De server {where} reageert niet (time-out). Controleer het netwerk en de firewall."
    elif "password authentication failed" in low or "authentication failed" in low:
        text = WRONG_PASSWORD
    elif "not permitted to log in" in low or "is not allowed to log in" in low:
        text = DISABLED.format(login=url.username or "")
    elif "no password supplied" in low or "fe_sendauth" in low:
        text = "Vul uw wachtwoord in."
    elif "permission denied for database" in low:
        text = (
            f"Uw login '{url.username}' mag deze database niet gebruiken. Vraag de beheerder om u "
            "als gebruiker van Doorlopende Lijn toe te voegen."
        )
    elif "does not exist" in low and "database" in low:
        text = f"De database '{url.database}' bestaat niet op deze server."
    elif "ssl" in low or "certificate" in low:
        text = (
            "De beveiligde verbinding (SSL) kon niet worden opgezet. "
            "Controleer de SSL-modus en het certificaat."
        )
    else:
        text = f"De verbinding met {where} is mislukt."
    return f"{text}\nTechnische melding: {detail}"


def signed_in_url(settings: Settings, login: str, password: str) -> URL:
    from app.db.session import postgres_url

    return postgres_url(replace(settings.postgres, user=login.strip()), password)


def open_as(settings: Settings, login: str, password: str) -> Database:
    """A Database on the settings' PostgreSQL server as ``login``; raises ``SignInError`` when
    PostgreSQL refuses (wrong password, disabled account, unreachable server)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from app.db.session import Database

    if not login.strip():
        raise SignInError("Vul uw inlognaam in.")
    if not password:
        raise SignInError("Vul uw wachtwoord in.")
    url = signed_in_url(settings, login, password)
    database = Database(url)
    try:
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        database.dispose()
        raise SignInError(describe_connection_error(exc, url)) from exc
    return database


def sign_in(settings: Settings, login: str, password: str) -> tuple[Database, Actor]:
    """Connect as ``login`` and find who that is in ``users``; the schema is checked (never
    migrated: an office PC's login may not change it)."""
    from app.db.migrate import check_schema

    database = open_as(settings, login, password)
    try:
        check_schema(database.engine)
        return database, resolve_actor(database)
    except BaseException:
        database.dispose()
        raise


def verify_password(database: Database, password: str) -> None:
    """The idle lock: is this the signed-in user's password? A fresh connection decides."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import NullPool

    if not password:
        raise SignInError("Vul uw wachtwoord in.")
    url = database.url.set(password=password)
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise SignInError(describe_connection_error(exc, url)) from exc
    finally:
        engine.dispose()
