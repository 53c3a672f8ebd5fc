"""Backing up and restoring the database, without Qt and without access checks (those are in
``app.services.backup``).

SQLite: SQLite's online backup API copies the file page by page while the program keeps working;
the copy is one consistent snapshot (a write by another connection between steps makes SQLite
start over), checked with ``integrity_check`` and put in place atomically, readable by its owner
only. PostgreSQL: ``pg_dump -Fc`` / ``pg_restore`` with the connection's parameters; the password
goes to the child process in a private password file only (PGPASSFILE).

A restore goes into an empty database only (nothing but the reference data a new database gets).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import URL, Engine, inspect, make_url, text

from app.config import ENV_DB_URL
from app.errors import UserError
from app.io.atomic import replaced_atomically

Progress = Callable[[float], None]  # 0.0–1.0; may raise to stop (a cancel)

SQLITE_SUFFIXES = (".db", ".sqlite")
PG_SUFFIXES = (".dump", ".backup")
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format (-Fc) file
PAGES_PER_STEP = 256  # 1 MB per step with 4 KB pages
MAX_RESTARTS = 20  # then the rest is copied in one step (it never restarts)
# A new database has these filled by the migrations and ``prepare``; anything else is data.
REFERENCE_TABLES = frozenset(
    {"alembic_version", "app_meta", "gemeenten", "initiative_kinds", "access_log", "access_log_chain"}
)
DAILY_KEEP = 7
ENV_DAILY_KEEP = "DOORLOPENDE_LIJN_BACKUPS_KEEP"  # how many daily copies to keep; 0: none


class BackupError(UserError):
    """A backup or restore that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes
    revision: str | None  # the schema version in the copy


class _TooManyRestarts(Exception):
    pass


# -- SQLite -------------------------------------------------------------------------------------


def sqlite_path(url: URL | str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Een database in het geheugen kan niet worden bewaard.")
    return Path(database)


def backup_sqlite(source: Path, target: Path, *, progress: Progress | None = None) -> BackupResult:
    """A consistent copy of the SQLite file ``source`` in ``target`` (replaced whole, 0600)."""
    if not source.exists():
        raise BackupError(f"De database '{source}' bestaat niet; er is niets om te bewaren.")
    with replaced_atomically(target) as temp:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        dest = sqlite3.connect(temp)
        try:
            _copy(src, dest, progress)
            # One self-contained file: the copy does not need a -wal beside it.
            dest.execute("PRAGMA journal_mode=DELETE")
            _check_copy(dest, temp)
            revision = _revision_of(dest)
        finally:
            dest.close()
            src.close()
    return BackupResult(target, target.stat().st_size, revision)


def _copy(src: sqlite3.Connection, dest: sqlite3.Connection, progress: Progress | None) -> None:
    """Copy page by page with progress; when other connections keep writing so that SQLite starts
    over again and again, copy the rest in one step (one read transaction: writers go on in WAL)."""
    state = {"restarts": 0, "remaining": -1}

    def step(_status: int, remaining: int, total: int) -> None:
        if state["remaining"] >= 0 and remaining > state["remaining"]:
            state["restarts"] += 1
            if state["restarts"] > MAX_RESTARTS:
                raise _TooManyRestarts
        state["remaining"] = remaining
        if progress is not None and total:
            progress((total - remaining) / total)

    try:
        src.backup(dest, pages=PAGES_PER_STEP, progress=step)
    except _TooManyRestarts:
        src.backup(dest, pages=-1)
    if progress is not None:
        progress(1.0)


def _check_copy(conn: sqlite3.Connection, path: Path) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()
    if not result or result[0] != "ok":
        raise BackupError(f"De kopie '{path}' is niet in orde (integrity_check: {result and result[0]}).")


def _revision_of(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])


def read_sqlite_backup(path: Path) -> str:
    """The schema version of a Doorlopende Lijn SQLite backup; a ``BackupError`` for anything else."""
    if not path.is_file():
        raise BackupError(f"Het bestand '{path}' bestaat niet.")
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(PG_MAGIC):
        raise BackupError(
            f"'{path}' is een reservekopie van een PostgreSQL-database (pg_dump); die kan alleen in een "
            "PostgreSQL-database worden teruggezet."
        )
    if head != SQLITE_MAGIC:
        raise BackupError(f"'{path}' is geen reservekopie van Doorlopende Lijn (geen SQLite-database).")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            revision = _revision_of(conn)
            ok = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"'{path}' kan niet worden gelezen als SQLite-database: {exc}.") from exc
    if revision is None:
        raise BackupError(
            f"'{path}' is een SQLite-database, maar geen reservekopie van Doorlopende Lijn (er staat "
            "geen schemaversie in)."
        )
    if not ok or ok[0] != "ok":
        raise BackupError(f"De reservekopie '{path}' is beschadigd (quick_check: {ok and ok[0]}).")
    return revision


def restore_sqlite(source: Path, target: Path, *, progress: Progress | None = None) -> None:
    """Copy the backup ``source`` over the (empty) SQLite database ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dest = sqlite3.connect(target, timeout=30)
    try:
        _copy(src, dest, progress)
        dest.execute("PRAGMA journal_mode=WAL")
        _check_copy(dest, target)
    finally:
        dest.close()
        src.close()
    if os.name == "posix":
        os.chmod(target, 0o600)


# -- emptiness ----------------------------------------------------------------------------------


def data_tables_with_rows(engine: Engine) -> dict[str, int]:
    """Tables that hold anything beyond what a new database gets, with their row counts."""
    found: dict[str, int] = {}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            if table in REFERENCE_TABLES:
                continue
            if conn.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{table}")')).scalar():
                found[table] = int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
    return found


def refuse_unless_empty(engine: Engine, description: str) -> None:
    filled = data_tables_with_rows(engine)
    if not filled:
        return
    examples = ", ".join(f"{table} ({count})" for table, count in sorted(filled.items())[:4])
    raise BackupError(
        f"De database {description} is niet leeg (er staan al gegevens in: {examples}). Een "
        "reservekopie wordt alleen in een lege database teruggezet, zodat er niets verloren gaat. Kies "
        "een nieuwe, lege database (--db of DOORLOPENDE_LIJN_DB_URL), of bewaar en verwijder eerst de "
        "huidige."
    )


# -- PostgreSQL -----------------------------------------------------------------------------------

_PG_HOW = (
    "Vraag IT om de reservekopie op de server te maken met een login die alle rijen mag lezen "
    "(superuser of BYPASSRLS): pg_dump -Fc -h {host} -p {port} -U LOGIN -d {db} -f reservekopie.dump "
    "(terugzetten in een lege database: pg_restore -d DATABASE reservekopie.dump)."
)


def find_pg_tool(name: str) -> Path | None:
    """``pg_dump``/``pg_restore`` on PATH, or next to the server's programs (the newest version)."""
    found = shutil.which(name)
    if found:
        return Path(found)
    exe = name + (".exe" if os.name == "nt" else "")
    candidates = [
        *glob.glob(f"/usr/lib/postgresql/*/bin/{exe}"),
        *glob.glob(f"/usr/pgsql-*/bin/{exe}"),
        *glob.glob(f"/opt/homebrew/opt/postgresql*/bin/{exe}"),
        *glob.glob(f"C:/Program Files/PostgreSQL/*/bin/{exe}"),
    ]

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path)[:2]) or (0,)

    # the server's own programs: the newest dumps every older server
    return Path(max(candidates, key=version)) if candidates else None


def _pg_tool(name: str, url: URL) -> Path:
    tool = find_pg_tool(name)
    if tool is None:
        raise BackupError(
            f"Het programma {name} is niet gevonden op deze computer; daarmee maakt PostgreSQL een "
            "reservekopie. "
            + _PG_HOW.format(host=url.host or "localhost", port=url.port or 5432, db=url.database)
        )
    return tool


@contextlib.contextmanager
def _pg_call(url: URL) -> Iterator[tuple[str, dict[str, str]]]:
    """The libpq connection URI without the password, and the child's environment. The password
    goes in a private password file (PGPASSFILE) removed afterwards, not in PGPASSWORD: the
    PostgreSQL documentation advises against that variable (other programs may read a process's
    environment)."""
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    # Neither PGPASSWORD nor a --db URL (which may carry a password) goes on to the child.
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", ENV_DB_URL)}
    if not url.password:
        yield conninfo, env
        return
    with tempfile.TemporaryDirectory(prefix="dl-pg-") as folder:  # mode 0700
        passfile = Path(folder) / "pgpass"
        secret = str(url.password).replace("\\", "\\\\").replace(":", "\\:")
        fd = os.open(passfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"*:*:*:*:{secret}\n")
        env["PGPASSFILE"] = str(passfile)
        yield conninfo, env


def _run(argv: list[str], env: dict[str, str], progress: Progress | None, what: str) -> None:
    """Run a PostgreSQL program; ``progress`` may raise (a cancel), which stops the program."""
    with contextlib.ExitStack() as stack:
        proc = stack.enter_context(
            subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        )
        try:
            while proc.poll() is None:
                if progress is not None:
                    progress(0.0)
                time.sleep(0.1)
        except BaseException:
            proc.terminate()
            proc.wait(10)
            raise
        assert proc.stderr is not None
        errors = proc.stderr.read().strip()
        if proc.returncode != 0:
            lines = [line for line in errors.splitlines() if "error:" in line] or errors.splitlines()
            why = lines[0] if lines else f"afgesloten met code {proc.returncode}"
            raise BackupError(f"{what} is mislukt: {why}")


def row_security_flags(engine: Engine, doing: str) -> list[str]:
    """pg_dump and pg_restore need every row of every table. A superuser or BYPASSRLS login sees
    them as they are; a member of the owner role sees them through the owner's policy (so with row
    security on); any other login would silently get a partial copy: refused."""
    from app.db.pg_security import OWNER

    with engine.connect() as conn:
        bypass, owner = conn.execute(
            text(
                "SELECT r.rolsuper OR r.rolbypassrls, EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolname = "
                ":owner AND pg_has_role(current_user, o.oid, 'USAGE')) FROM pg_roles r "
                "WHERE r.rolname = current_user"
            ),
            {"owner": OWNER},
        ).one()
    if bypass:
        return []
    if owner:
        return ["--enable-row-security"]
    url = engine.url
    raise BackupError(
        f"Met de login '{url.username}' kan het programma geen volledige {doing} maken: die ziet niet "
        "alle rijen (rijbeveiliging). "
        + _PG_HOW.format(host=url.host or "localhost", port=url.port or 5432, db=url.database)
    )


def backup_postgres(
    url: URL | str, target: Path, *, flags: list[str], progress: Progress | None = None
) -> BackupResult:
    url = make_url(url)
    tool = _pg_tool("pg_dump", url)
    with _pg_call(url) as (conninfo, env), replaced_atomically(target) as temp:
        _run(
            [str(tool), "-Fc", "--no-password", *flags, "-f", str(temp), "-d", conninfo], env, progress,
            "De reservekopie (pg_dump)",
        )  # fmt: skip
        if os.name == "posix":
            os.chmod(temp, 0o600)
    if progress is not None:
        progress(1.0)
    return BackupResult(target, target.stat().st_size, None)


def read_pg_backup(path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"Het bestand '{path}' bestaat niet.")
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        raise BackupError(
            f"'{path}' is een reservekopie van een SQLite-database; die kan alleen in een SQLite-database "
            "worden teruggezet."
        )
    if not head.startswith(PG_MAGIC):
        raise BackupError(
            f"'{path}' is geen reservekopie van Doorlopende Lijn (geen pg_dump-bestand in het formaat -Fc)."
        )


def _open_schema_for_restore(engine: Engine, *, opening: bool) -> None:
    """The program's group roles must exist, and the roles that own objects need CREATE on the
    schema while pg_restore hands the objects to them (as the migrations do); closed again after."""
    from app.db.pg_security import OWNER, ROLE_ADMIN, create_roles, lock_database

    with engine.begin() as conn:

        def run(sql: str) -> object:
            return conn.execute(text(sql))

        if opening:
            create_roles(run)
            run(f"GRANT USAGE, CREATE ON SCHEMA public TO {OWNER}, {ROLE_ADMIN}")
        else:
            run(f"REVOKE CREATE ON SCHEMA public FROM {ROLE_ADMIN}")
            lock_database(run)


def restore_postgres(
    engine: Engine, source: Path, *, flags: list[str], progress: Progress | None = None
) -> None:
    url = engine.url
    tool = _pg_tool("pg_restore", url)
    _open_schema_for_restore(engine, opening=True)
    engine.dispose()
    try:
        with _pg_call(url) as (conninfo, env):
            _restore(tool, conninfo, env, source, flags, progress)
    finally:
        _open_schema_for_restore(engine, opening=False)
        engine.dispose()


def _restore(
    tool: Path, conninfo: str, env: dict[str, str], source: Path, flags: list[str], progress: Progress | None
) -> None:
    _run(
        [str(tool), "--no-password", *flags, "--clean", "--if-exists", "--single-transaction",
         "--exit-on-error", "-d", conninfo, str(source)],
        env, progress, "Het terugzetten (pg_restore)",
    )  # fmt: skip
    if progress is not None:
        progress(1.0)


# -- the daily copy (SQLite) --------------------------------------------------------------------


def daily_keep() -> int:
    try:
        return max(0, int(os.environ.get(ENV_DAILY_KEEP, DAILY_KEEP)))
    except ValueError:
        return DAILY_KEEP


def daily_backup(
    source: Path, folder: Path, *, keep: int | None = None, today: date | None = None
) -> Path | None:
    """At the first start of a day: a copy of ``source`` in ``folder`` named after the day, keeping
    the newest ``keep``. Returns the new copy, or None when there already is one today (or keep=0)."""
    keep = daily_keep() if keep is None else keep
    if keep <= 0 or not source.exists():
        return None
    day = (today or date.today()).isoformat()
    target = folder / f"{source.stem}-{day}{source.suffix or '.db'}"
    if target.exists():
        return None
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    backup_sqlite(source, target)
    for old in daily_copies(source, folder)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def daily_copies(source: Path, folder: Path) -> list[Path]:
    """The daily copies of ``source`` in ``folder``, oldest first."""
    pattern = re.compile(
        re.escape(source.stem) + r"-\d{4}-\d{2}-\d{2}" + re.escape(source.suffix or ".db") + "$"
    )
    return sorted(p for p in folder.glob(f"{source.stem}-*") if pattern.match(p.name))
