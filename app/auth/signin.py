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
    tls = _describe_tls_error(low, where, url)
    if tls:
        text = tls
    elif "refused" in low:
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
            "De versleutelde verbinding kon niet worden opgezet. Controleer in de "
            "verbindingsinstellingen de versleuteling en het CA-certificaat, of vraag het uw beheerder."
        )
    else:
        text = f"De verbinding met {where} is mislukt."
    return f"{text}\nTechnische melding: {detail}"


SETTINGS_PLACE = "Bestand → Databaseverbinding…"


def _describe_tls_error(low: str, where: str, url: URL) -> str | None:
    """The TLS failures libpq reports, each with what to do; None when it is not one of them."""
    if "server does not support ssl" in low:
        return (
            f"De server {where} biedt geen versleutelde verbinding aan, en dit programma verbindt "
            "standaard alleen versleuteld. Vraag de beheerder van de server om versleuteling (SSL) "
            f"aan te zetten. Alleen als dat echt niet kan: kies in {SETTINGS_PLACE} bij "
            "'Versleuteling' uitdrukkelijk 'Niet versleuteld'."
        )
    if "root certificate file" in low or "could not load system root certificate" in low:
        return (
            "Het CA-certificaat waarmee het programma de server controleert, is niet gevonden. "
            f"Kies in {SETTINGS_PLACE} bij 'CA-certificaat' het certificaatbestand (.crt of .pem) "
            "dat uw beheerder u gaf."
        )
    if "does not match host name" in low:
        return (
            f"Het certificaat van de server hoort niet bij de naam '{url.host}'. Vul bij 'Server' de "
            "naam in die in het certificaat staat (vraag die aan uw beheerder); een IP-adres werkt "
            "meestal niet."
        )
    if any(p in low for p in ("certificate verify failed", "self-signed certificate", "local issuer")):
        return (
            "Het certificaat van de server kon niet worden gecontroleerd: het is niet ondertekend door "
            f"het gekozen CA-certificaat. Kies in {SETTINGS_PLACE} het juiste CA-certificaat van uw "
            "organisatie, of vraag het uw beheerder. Verbind niet zonder controle: dan kan iemand "
            "anders zich als de server voordoen."
        )
    if "certificate has expired" in low:
        return f"Het certificaat van de server {where} is verlopen. Meld dit aan de beheerder van de server."
    if "no pg_hba.conf entry" in low and "no encryption" in low:
        return (
            f"De server {where} accepteert alleen versleutelde verbindingen. Kies in {SETTINGS_PLACE} "
            "bij 'Versleuteling' de aanbevolen instelling."
        )
    return None


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
