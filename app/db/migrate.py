"""Run the Alembic migrations; a fresh database is created only this way.

On PostgreSQL only ``db upgrade`` by a login that may change the schema (the owner role or a
superuser: IT) migrates; an office PC whose schema is behind or ahead says so in Dutch and which
command or program version is needed. Parallel upgrades wait for each other: an advisory lock on
PostgreSQL, a lock file next to the database on SQLite.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from app.db.migrations import HEAD
from app.db.pg_security import ACT_AS_OWNER
from app.errors import UserError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Any fixed number: every ``db upgrade`` of this program takes the same advisory lock.
ADVISORY_LOCK_KEY = 7_315_021_611
PROGRAM_VERSION_KEY = "program_version"


class SchemaMismatch(UserError):
    """The schema is not the one this program was built for, and this login may not change it."""


def alembic_config(connection: object | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD


def known_revisions() -> list[str]:
    """The revisions this program ships, oldest first (read from the file names, no Alembic)."""
    names = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return [name[:4] for name in names]


def may_migrate(engine: Engine) -> bool:
    """SQLite: always (one person, their own file). PostgreSQL: a superuser or the owner role."""
    if engine.dialect.name != "postgresql":
        return True
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT r.rolsuper OR EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolname = 'dl_owner' "
                "AND pg_has_role(current_user, o.oid, 'MEMBER')) "
                "OR NOT EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolname = 'dl_owner') "
                "FROM pg_roles r WHERE r.rolname = current_user"
            )
        ).scalar()
    return bool(row)


def _program_version_of(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("app_meta"):
                return None
            return conn.execute(
                text("SELECT value FROM app_meta WHERE key = :k"), {"k": PROGRAM_VERSION_KEY}
            ).scalar()
    except Exception:
        return None


def check_schema(engine: Engine) -> None:
    """Raise ``SchemaMismatch`` with what to do when the schema is not this program's."""
    from app import __version__

    current = current_revision(engine)
    if current == HEAD:
        return
    if current is not None and current not in known_revisions():
        by = _program_version_of(engine)
        install = f"versie {by} of nieuwer" if by else "de nieuwste versie"
        raise SchemaMismatch(
            f"Deze database heeft schemaversie {current}, nieuwer dan dit programma (versie "
            f"{__version__}, schema {HEAD}) kent. Installeer {install} van Doorlopende Lijn."
        )
    raise SchemaMismatch(
        f"De database heeft schemaversie {current or '(leeg)'}; dit programma (versie {__version__}) "
        f"heeft schemaversie {HEAD} nodig. Vraag de beheerder van de regio om "
        "'python -m app db upgrade' uit te voeren (met de login van de eigenaar van de database) "
        "en start het programma daarna opnieuw."
    )


@contextlib.contextmanager
def _sqlite_lock(engine: Engine) -> Iterator[None]:
    """Two programs starting at once on one file: the second waits for the first's migration."""
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".upgrade-lock")
    with open(lock_path, "a+b") as handle:
        if os.name == "nt":  # pragma: no cover - Windows
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    from app import __version__

    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            # Held until this transaction ends; a parallel upgrade waits, then finds nothing to do.
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
            command.upgrade(alembic_config(conn), revision)
            _remember_version(conn, __version__)
        return
    with _sqlite_lock(engine), engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
        _remember_version(conn, __version__)


def _remember_version(conn: Connection, version: str) -> None:
    if not inspect(conn).has_table("app_meta"):
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(ACT_AS_OWNER)
    conn.execute(text("DELETE FROM app_meta WHERE key = :k"), {"k": PROGRAM_VERSION_KEY})
    conn.execute(
        text("INSERT INTO app_meta (key, value) VALUES (:k, :v)"), {"k": PROGRAM_VERSION_KEY, "v": version}
    )


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def ensure_schema(engine: Engine) -> bool:
    """Upgrade when behind and allowed; returns True when migrations ran. Cheap when up to date.
    A login that may not migrate gets ``SchemaMismatch`` saying what to do."""
    current = current_revision(engine)
    if current == HEAD:
        return False
    if (current is not None and current not in known_revisions()) or not may_migrate(engine):
        check_schema(engine)
    upgrade(engine)
    return True
