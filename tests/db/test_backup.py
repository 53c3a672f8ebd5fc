"""Backup and restore on both databases: a consistent copy while another process writes, restore into
an empty database gives the same content table by table, and what is refused."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from app.db import backup as core
from app.db.backup import BackupError
from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Role
from app.errors import PermissionDenied
from app.services.access import Actor
from app.services.backup import PG_WHO, daily_backup, make_backup, restore_backup
from app.services.users import create_user, sign_in
from tests.cli.cli_fixtures import add_board, add_cases, add_users

ROWS = 1000
HAS_PG_TOOLS = core.find_pg_tool("pg_dump") is not None and core.find_pg_tool("pg_restore") is not None


@pytest.fixture(autouse=True)
def _pg_tools(backend: str) -> None:
    if backend == "postgresql" and not HAS_PG_TOOLS:
        pytest.skip("pg_dump/pg_restore not installed: no PostgreSQL backup to test")


def _suffix(db: Database) -> str:
    return ".dump" if db.is_postgresql else ".db"


@pytest.fixture
def other_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database (not migrated) to restore into."""
    from tests.conftest import _drop_pg_database, _new_pg_database

    if backend == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'restored.db'}"
        return
    url = _new_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(url)


def _filled(db: Database) -> Database:
    add_users(db)
    add_board(db)
    add_cases(db)
    return db


def _content(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, in key order; without the restore's own access-log row."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with db.engine.connect() as conn:
        insp = inspect(conn)
        for table in sorted(insp.get_table_names()):
            keys = insp.get_pk_constraint(table)["constrained_columns"] or [
                c["name"] for c in insp.get_columns(table)
            ]
            order = ", ".join(f'"{k}"' for k in keys)
            rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}')).all()
            if table == "access_log":
                rows = [r for r in rows if r._mapping["actor_login"] != "terugzetten"]
            if table == "access_log_chain":  # the chain's head moved on to the restore's own row
                continue
            out[table] = [tuple(r) for r in rows]
    return out


# -- a copy while another process writes ------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys, time
    url, rows = sys.argv[1], int(sys.argv[2])
    insert = ("INSERT INTO access_log (at, actor_login, action, object_type, object_id, result, "
              "workstation) VALUES ({p}, 'schrijver', 'create', 'test', {p}, 'ok', 'test')")
    if url.startswith("sqlite"):
        import sqlite3
        conn = sqlite3.connect(url.split("///", 1)[1], timeout=30)
        conn.execute("PRAGMA busy_timeout=30000")
        sql = insert.format(p="?")
    else:
        import psycopg
        conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
        sql = insert.format(p="%s")
    for i in range(1, rows + 1):
        conn.execute(sql, ("2026-01-01 00:00:00", str(i)))
        conn.commit()
        print(i, flush=True)
        time.sleep(0.002)
    """
)


class Writer:
    """Another process that inserts access-log rows one by one and says after each commit."""

    def __init__(self, url: str) -> None:
        self.committed = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(ROWS)], stdout=subprocess.PIPE, text=True
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.committed = int(line)

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while self.committed < count:
            assert time.monotonic() < deadline and self.proc.poll() in (None, 0), "writer stalled"
            time.sleep(0.005)

    def finish(self) -> None:
        assert self.proc.wait(120) == 0
        self._reader.join(10)


def _written_ids(db: Database) -> list[int]:
    with db.engine.connect() as conn:
        return sorted(
            int(v)
            for v in conn.execute(
                text("SELECT object_id FROM access_log WHERE actor_login = 'schrijver'")
            ).scalars()
        )


def test_backup_while_another_process_writes(
    fresh_database: Database, other_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = fresh_database
    url = db.url.render_as_string(hide_password=False)
    monkeypatch.setattr(core, "PAGES_PER_STEP", 1)  # many steps: the writer's commits fall between them
    writer = Writer(url)
    writer.wait_for(100)
    before = writer.committed
    target = tmp_path / f"kopie{_suffix(db)}"
    result = make_backup(db, Actor.system_actor("test"), target, progress=lambda _f: time.sleep(0.001))
    after = writer.committed
    writer.finish()
    assert result.path == target and target.stat().st_mode & 0o777 == 0o600
    assert after > before  # the writer really wrote while the copy was made
    if db.is_postgresql:
        copy = Database(other_url)
        restore_backup(copy, target)
    else:
        with sqlite3.connect(target) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copy = Database(f"sqlite+pysqlite:///{target}")
    try:
        ids = _written_ids(copy)
    finally:
        copy.dispose()
    # One snapshot: every row committed before the copy began, and no gap (nothing half).
    assert before <= len(ids) <= after and ids == list(range(1, len(ids) + 1))
    assert len(_written_ids(db)) == ROWS


# -- restore ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("target_kind", ["new", "migrated"])
def test_restore_into_empty_database_gives_identical_content(
    fresh_database: Database, other_url: str, tmp_path: Path, target_kind: str
) -> None:
    from app.bootstrap import prepare

    db = _filled(fresh_database)
    target = tmp_path / f"kopie{_suffix(db)}"
    make_backup(db, Actor.system_actor("test"), target)
    restored = Database(other_url)
    try:
        if target_kind == "migrated":  # what the program makes on its first start
            prepare(restored)
        result = restore_backup(restored, target)
        assert result.revision and result.description == restored.description
        assert _content(restored) == _content(db)
        with restored.unit_of_work() as session:
            row = session.scalars(select(AccessLog).where(AccessLog.actor_login == "terugzetten")).one()
            assert (row.object_type, row.detail) == ("database", "reservekopie teruggezet")
            assert sign_in(session, "cp").role is Role.CONTACTPERSOON  # the users came back
        from app.services.audit import verify_chain

        with restored.unit_of_work() as session:  # the log's chain came back whole
            assert verify_chain(session, Actor.system_actor("test")).ok
    finally:
        restored.dispose()


def test_restore_refuses_a_database_with_data(fresh_database: Database, tmp_path: Path) -> None:
    db = _filled(fresh_database)
    target = tmp_path / f"kopie{_suffix(db)}"
    make_backup(db, Actor.system_actor("test"), target)
    with pytest.raises(BackupError) as caught:
        restore_backup(db, target)
    assert f"De database {db.description} is niet leeg" in caught.value.message
    assert "er staan al gegevens in: " in caught.value.message


def _not_backups(tmp_path: Path, backend: str) -> list[tuple[Path, str]]:
    text_file = tmp_path / "notities.db"
    text_file.write_text("geen database\n")
    plain = tmp_path / "ander.db"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (a)")
    dump = tmp_path / "pg.dump"
    dump.write_bytes(core.PG_MAGIC + b"\x01\x0e\x00" + b"\x00" * 100)
    if backend == "sqlite":
        return [
            (text_file, "geen reservekopie van Doorlopende Lijn (geen SQLite-database)"),
            (plain, "geen reservekopie van Doorlopende Lijn (er staat geen schemaversie in)"),
            (dump, "alleen in een PostgreSQL-database worden teruggezet"),
            (tmp_path / "weg.db", "bestaat niet"),
        ]
    return [
        (text_file, "geen reservekopie van Doorlopende Lijn (geen pg_dump-bestand"),
        (plain, "alleen in een SQLite-database worden teruggezet"),
    ]


def test_restore_refuses_a_file_that_is_no_backup(
    fresh_database: Database, backend: str, tmp_path: Path
) -> None:
    for path, message in _not_backups(tmp_path, backend):
        with pytest.raises(BackupError) as caught:
            restore_backup(fresh_database, path)
        assert message in caught.value.message, path


# -- who may ----------------------------------------------------------------------------------------


def test_who_may_back_up(fresh_database: Database, tmp_path: Path) -> None:
    db = fresh_database
    with db.unit_of_work() as session:
        system = Actor.system_actor("test")
        create_user(session, system, login="cp", name="Cor", role=Role.CONTACTPERSOON, gemeente_code="GM0355")
        create_user(session, system, login="beh", name="Bea", role=Role.BEHEERDER, gemeente_code=None)
    with db.unit_of_work() as session:
        cp, beheerder = sign_in(session, "cp"), sign_in(session, "beh")
    target = tmp_path / f"kopie{_suffix(db)}"
    if db.is_postgresql:
        with pytest.raises(PermissionDenied) as caught:
            make_backup(db, cp, target)
        assert caught.value.message == PG_WHO.format(role="contactpersoon")
        assert not target.exists()
        make_backup(db, beheerder, target)
    else:  # the single user of the PC: their own file
        make_backup(db, cp, target)
    assert target.exists()
    with db.unit_of_work() as session:
        rows = session.execute(
            select(AccessLog.actor_login, AccessLog.result, AccessLog.detail)
            .where(AccessLog.object_type == "database")
            .order_by(AccessLog.id)
        ).all()
    if db.is_postgresql:
        assert [tuple(r) for r in rows] == [
            ("cp", "denied", "reservekopie (pg_dump -Fc)"),
            ("beh", "ok", "reservekopie (pg_dump -Fc)"),
        ]
    else:
        assert [tuple(r) for r in rows] == [("cp", "ok", "reservekopie (SQLite)")]


def test_without_pg_dump_it_says_how(
    fresh_database: Database, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL only")
    monkeypatch.setattr(core, "find_pg_tool", lambda _name: None)
    with pytest.raises(BackupError) as caught:
        make_backup(fresh_database, Actor.system_actor("test"), tmp_path / "k.dump")
    message = caught.value.message
    assert "pg_dump is niet gevonden" in message and "pg_dump -Fc -h" in message
    assert str(fresh_database.url.password or "geheim-dat-er-niet-is") not in message


# -- the daily copy ----------------------------------------------------------------------------------


def test_daily_backup_keeps_the_last_seven(fresh_database: Database, backend: str, tmp_path: Path) -> None:
    if backend != "sqlite":
        assert daily_backup(fresh_database) is None
        return
    source = core.sqlite_path(fresh_database.url)
    folder = tmp_path / "backups"
    start = dt.date(2026, 3, 1)
    made = [core.daily_backup(source, folder, keep=7, today=start + dt.timedelta(days=n)) for n in range(10)]
    assert all(made)
    assert core.daily_backup(source, folder, keep=7, today=start + dt.timedelta(days=9)) is None  # once a day
    names = [p.name for p in core.daily_copies(source, folder)]
    assert names == [f"fresh-2026-03-{d:02d}.db" for d in range(4, 11)]
    assert core.read_sqlite_backup(folder / names[-1])
    assert daily_backup(fresh_database) is not None  # into the data folder's backups/
