"""Engine and session factory, and the unit of work every service call runs in.

One ``Database`` per connection target; it hands out a fresh Session per unit of work (so each
background task has its own) and translates driver errors into plain-Dutch ``UserError``s.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError, StatementError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.config import DEFAULT_SSLMODE, PostgresSettings, Settings, env_database_url
from app.db.location import check_local_sqlite_path
from app.errors import (
    CONFLICT,
    CONNECTION_LOST,
    DATABASE_LOCKED,
    ConflictError,
    DatabaseBusy,
    DatabaseConfigError,
    DatabaseUnavailable,
    UserError,
    ValidationError,
)

log = logging.getLogger(__name__)


def url_from_settings(settings: Settings, password: str | None = None) -> URL:
    """The URL the settings describe; the environment variable wins when set."""
    env = env_database_url()
    if env:
        return make_url(env)
    if settings.backend == "postgresql":
        return postgres_url(settings.postgres, password)
    return URL.create("sqlite+pysqlite", database=str(settings.effective_sqlite_path))


def postgres_url(pg: PostgresSettings, password: str | None = None) -> URL:
    """The URL for these PostgreSQL settings (TLS options passed through), ignoring the environment."""
    query = {"sslmode": pg.sslmode or DEFAULT_SSLMODE}
    if pg.sslrootcert:
        query["sslrootcert"] = pg.sslrootcert
    elif query["sslmode"] == "verify-full":
        # No file chosen: check the server against the roots this computer trusts (otherwise libpq
        # looks for ~/.postgresql/root.crt only).
        roots = _trusted_roots()
        if roots:
            query["sslrootcert"] = roots
    return URL.create(
        "postgresql+psycopg",
        username=pg.user or None,
        password=password or None,
        host=pg.host,
        port=pg.port,
        database=pg.database,
        query=query,
    )


def _trusted_roots() -> str | None:
    """The operating system's CA bundle as a file (which pg_dump of any version reads too), else
    libpq's own "system" (libpq ≥ 16), else None."""
    import ssl

    cafile = ssl.get_default_verify_paths().cafile
    if cafile and Path(cafile).is_file():
        return cafile
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    return "system" if psycopg.pq.version() >= 160000 else None


_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", ""})


def _crosses_network(url: URL) -> bool:
    """False for a server on this computer (loopback or a Unix socket): nothing leaves the PC."""
    host = url.host or str(url.query.get("host", "") or "")
    return not (host.startswith("/") or host.lower() in _LOOPBACK)


def with_default_sslmode(url: URL) -> URL:
    """A PostgreSQL URL given as it is (``--db``, DOORLOPENDE_LIJN_DB_URL) without ``sslmode``
    gets the dialog's default, verify-full, instead of libpq's "prefer", which silently falls back
    to no encryption; an sslmode in the URL is an explicit choice and stays. A server on this
    computer needs no TLS."""
    if url.get_backend_name() != "postgresql" or "sslmode" in url.query or not _crosses_network(url):
        return url
    query = {"sslmode": DEFAULT_SSLMODE}
    roots = None if "sslrootcert" in url.query else _trusted_roots()
    if roots:
        query["sslrootcert"] = roots
    return url.update_query_dict(query)


TLS_WARNINGS = {
    "disable": "Let op: de verbinding met de database is niet versleuteld.",
    "allow": "Let op: de verbinding met de database is mogelijk niet versleuteld.",
    "prefer": "Let op: de verbinding met de database is mogelijk niet versleuteld.",
    "require": "Let op: de verbinding is versleuteld, maar de server is niet gecontroleerd.",
    "verify-ca": "Let op: de servernaam in het certificaat wordt niet gecontroleerd.",
}


def tls_warning(url: URL | str) -> str | None:
    """The status bar's lasting warning when a PostgreSQL connection is weaker than encrypted and
    checked (``verify-full``); None for SQLite, a local socket, or a fully checked connection."""
    url = make_url(url)
    if url.get_backend_name() != "postgresql":
        return None
    host = url.host or str(url.query.get("host", "") or "")
    if host.startswith("/"):  # a Unix socket on this computer: nothing crosses the network
        return None
    if "sslmode" not in url.query and not _crosses_network(url):
        return None  # a URL for a server on this computer, without a choice of mode: none needed
    mode = str(url.query.get("sslmode", "prefer") or "prefer")  # libpq's own default: prefer
    return TLS_WARNINGS.get(mode) if mode != "verify-full" else None


DEFERRED_REFUSALS = "deferred_refusals"  # session.info key: access-log rows to write after the transaction
# session.info key: access-log rows of allowed actions, inserted when the transaction commits (the
# chain head is locked from a log row's insert to the commit: late, so briefly; see access.py).
PENDING_LOG = "pending_log"
# session.info key: result -> an access-log row repeating the unit of work's last logged action
# with that result ('conflict', 'invalid', 'error'); set by access.authorize.
FAILURE_ENTRY = "failure_entry"


def _failure_result(exc: BaseException) -> str | None:
    """The access-log result of a unit of work that ended with ``exc`` (None: nothing to add;
    a refusal is logged where it is made)."""
    if isinstance(exc, ConflictError | StaleDataError):
        return "conflict"
    if isinstance(exc, ValidationError):
        return "invalid"
    if isinstance(exc, UserError) and not isinstance(exc, DatabaseUnavailable | DatabaseBusy):
        return None
    return "error" if isinstance(exc, Exception) else None


def describe_url(url: URL | str) -> str:
    """What the status bar shows: the file for SQLite, host:port/database for PostgreSQL."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        return f"SQLite: {url.database or 'in het geheugen'}"
    port = f":{url.port}" if url.port else ""
    user = f"{url.username}@" if url.username else ""
    return f"PostgreSQL: {user}{url.host or 'localhost'}{port}/{url.database}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: URL | str, *, echo: bool = False) -> Engine:
    url = make_url(url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database and url.database != ":memory:":
            path = Path(url.database)
            check_local_sqlite_path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        connect_args: dict[str, Any] = {"connect_timeout": 5, "application_name": "Doorlopende Lijn"}
        return create_engine(
            url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=connect_args
        )
    raise DatabaseConfigError(
        f"Databasetype '{backend}' wordt niet ondersteund (alleen SQLite en PostgreSQL)."
    )


# SQLite's SQLITE_BUSY / SQLITE_LOCKED texts: another connection holds the write lock.
_SQLITE_LOCKED = ("database is locked", "database table is locked", "database is busy")


def is_locked_error(exc: BaseException) -> bool:
    """SQLite gave up waiting for another writer (after ``busy_timeout``): try again, the
    connection is fine."""
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.OperationalError):
        return False
    text = str(orig).lower()
    return any(phrase in text for phrase in _SQLITE_LOCKED)


def is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, OperationalError):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError)


class Database:
    """Engine + session factory for one database. Thread-safe: Sessions are never shared."""

    def __init__(self, url: URL | str, *, engine: Engine | None = None) -> None:
        self.url = with_default_sslmode(make_url(url))
        self.engine = engine or make_engine(self.url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    def session(self) -> Session:
        return self._factory()

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """Commit when the block succeeds, roll back on any error: nothing half-written survives."""
        session = self._factory()
        # Refusals are written after this transaction ends, in one of their own: they must survive
        # the rollback, and on SQLite a second writer would wait for this one's lock (see access.py).
        session.info[DEFERRED_REFUSALS] = []
        session.info[PENDING_LOG] = []
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            self._log_failure(session, exc)
            raise ConflictError(CONFLICT) from exc
        except (DBAPIError, StatementError) as exc:
            _safe_rollback(session)
            if is_locked_error(exc):
                self._log_failure(session, exc)
                raise DatabaseBusy(DATABASE_LOCKED) from exc
            if is_connection_error(exc):
                self._log_failure(session, exc)
                raise DatabaseUnavailable(CONNECTION_LOST) from exc
            self._log_failure(session, exc)
            raise
        except sqlite3.OperationalError as exc:  # raw: the access-log chain writes on the DB-API cursor
            _safe_rollback(session)
            self._log_failure(session, exc)
            if is_locked_error(exc):
                raise DatabaseBusy(DATABASE_LOCKED) from exc
            raise
        except BaseException as exc:
            _safe_rollback(session)
            self._log_failure(session, exc)
            raise
        finally:
            session.info.pop(PENDING_LOG, None)
            refusals = session.info.pop(DEFERRED_REFUSALS, [])
            session.close()
            if refusals:
                self._write_refusals(refusals)

    @staticmethod
    def _log_failure(session: Session, exc: BaseException) -> None:
        """A conflict, refused input or error after a logged action leaves a row saying so, written
        after the rollback with the refusals."""
        make = session.info.get(FAILURE_ENTRY)
        result = _failure_result(exc)
        if make is None or result is None:
            return
        try:
            session.info[DEFERRED_REFUSALS].append(make(result))
        except Exception:  # the log row must never hide the real error
            log.warning("access-log row for a %s could not be made", result, exc_info=True)

    def _write_refusals(self, entries: list[Any]) -> None:
        try:
            with self._factory() as apart:
                apart.add_all(entries)
                apart.commit()
        except (DBAPIError, sqlite3.OperationalError):  # e.g. still locked by the other writer
            log.warning("%d access-log rows for refusals could not be written", len(entries))

    def ping(self) -> bool:
        """A cheap round trip; False when the server cannot be reached."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except DBAPIError:
            return False

    def dispose(self) -> None:
        self.engine.dispose()


def _safe_rollback(session: Session) -> None:
    try:
        session.rollback()
    except DBAPIError:  # the connection is gone; the server already discarded the transaction
        log.debug("rollback after connection loss failed", exc_info=True)
        session.invalidate()
