"""Making and restoring a backup: who may, and the access-log rows. The copying itself is in
``app.db.backup``.

On SQLite the single user of the PC may back up (the file is theirs anyway); on the region's
PostgreSQL database only a beheerder (or the database's owner) may: a backup holds every
municipality's dossiers and the whole access log. Each backup leaves its row in the access log
before the copy starts, so the copy holds it too; the row names no file and no personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.db import backup as core
from app.db.backup import BackupError, BackupResult, Progress
from app.db.session import Database
from app.domain.roles import Action, Area
from app.errors import PermissionDenied
from app.services.access import DISABLED, GONE, Actor, authorize

OBJECT_TYPE = "database"
PG_WHO = (
    "Alleen een beheerder kan een reservekopie van de gedeelde database maken (die bevat de dossiers "
    "van alle gemeenten en het hele toegangslog); u bent {role}."
)


@dataclass(frozen=True)
class RestoreResult:
    description: str  # the database that now holds the backup
    revision: str | None  # its schema version after any migration


def backup_suffixes(database: Database) -> tuple[str, ...]:
    return core.PG_SUFFIXES if database.is_postgresql else core.SQLITE_SUFFIXES


def make_backup(
    database: Database, actor: Actor, target: Path, *, progress: Progress | None = None
) -> BackupResult:
    """A consistent copy of ``database`` in ``target`` (replaced whole, owner-only)."""
    with database.unit_of_work() as session:
        if database.is_postgresql:
            try:
                authorize(
                    session,
                    actor,
                    Action.EXPORT,
                    Area.AUDIT,
                    OBJECT_TYPE,
                    detail="reservekopie (pg_dump -Fc)",
                )
            except PermissionDenied as exc:
                if exc.message in (DISABLED, GONE):
                    raise
                raise PermissionDenied(PG_WHO.format(role=actor.role.label.lower())) from None
        else:
            authorize(session, actor, Action.EXPORT, Area.REGION, OBJECT_TYPE, detail="reservekopie (SQLite)")
    if database.is_postgresql:
        flags = core.row_security_flags(database.engine, "reservekopie")
        return core.backup_postgres(database.url, target, flags=flags, progress=progress)
    return core.backup_sqlite(core.sqlite_path(database.url), target, progress=progress)


def restore_backup(database: Database, source: Path, *, progress: Progress | None = None) -> RestoreResult:
    """Put the backup ``source`` into the empty ``database``; refuses a database with data in it and
    a file that is no Doorlopende Lijn backup. An older schema is migrated to this program's."""
    from app.db.migrate import check_schema, ensure_schema, known_revisions

    source = Path(source).expanduser()
    if database.is_postgresql:
        core.read_pg_backup(source)
    else:
        revision = core.read_sqlite_backup(source)
        if revision not in known_revisions():
            raise BackupError(
                f"De reservekopie '{source}' heeft schemaversie {revision}, nieuwer dan dit programma "
                "kent. Installeer de nieuwste versie van Doorlopende Lijn en zet de reservekopie daarmee "
                "terug."
            )
    core.refuse_unless_empty(database.engine, database.description)
    flags = core.row_security_flags(database.engine, "terugzetting") if database.is_postgresql else []
    database.engine.dispose()  # no pooled connection may hold the file or the old schema
    if database.is_postgresql:
        core.restore_postgres(database.engine, source, flags=flags, progress=progress)
    else:
        core.restore_sqlite(source, core.sqlite_path(database.url), progress=progress)
    database.engine.dispose()
    ensure_schema(database.engine)
    check_schema(database.engine)
    from app.auth.identity import own_login

    with database.unit_of_work() as session:
        authorize(
            session, Actor.system_actor("terugzetten").acting_for(own_login(database)), Action.IMPORT,
            Area.REGION, OBJECT_TYPE, detail="reservekopie teruggezet",
        )  # fmt: skip
    from app.db.migrate import current_revision

    return RestoreResult(database.description, current_revision(database.engine))


def daily_backup(database: Database) -> Path | None:
    """The day's copy of an SQLite database in the data folder's ``backups/`` (the last
    ``DOORLOPENDE_LIJN_BACKUPS_KEEP``, default 7, are kept); nothing on PostgreSQL."""
    if database.is_postgresql:
        return None
    from app.config import data_dir

    try:
        source = core.sqlite_path(database.url)
    except BackupError:
        return None
    return core.daily_backup(source, data_dir() / "backups")
