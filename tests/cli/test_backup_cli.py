"""``python -m app backup`` and ``restore`` through the real entry point: the messages, the file
rules, and refusals without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import run
from app.db.backup import find_pg_tool
from app.db.session import Database
from tests.cli.cli_fixtures import add_board, add_users


def _cli(url: str, *argv: str) -> int:
    return run(["--db", url, *argv])


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def _pg_tools(backend: str) -> None:
    if backend == "postgresql" and find_pg_tool("pg_dump") is None:
        pytest.skip("pg_dump/pg_restore not installed: no PostgreSQL backup to test")


def test_backup_and_restore_messages(
    fresh_database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = fresh_database
    add_users(db)
    add_board(db)
    suffix = ".dump" if db.is_postgresql else ".db"
    target = tmp_path / "kopieën" / f"reservekopie{suffix}"
    assert _cli(_url(db), "backup", str(target)) == 0
    out = capsys.readouterr().out
    assert f"Reservekopie gemaakt: {target} (" in out and db.description in out
    assert target.stat().st_mode & 0o777 == 0o600
    assert _cli(_url(db), "backup", str(target)) == 2
    assert "bestaat al. Kies een andere naam of gebruik --force" in capsys.readouterr().err
    assert _cli(_url(db), "backup", str(target), "--force") == 0
    capsys.readouterr()
    assert _cli(_url(db), "backup", str(tmp_path / "k.txt")) == 2
    assert "heeft de extensie '.txt'" in capsys.readouterr().err

    assert _cli(_url(db), "restore", str(target)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Fout: De database {db.description} is niet leeg") and "Traceback" not in err
    if db.is_postgresql:
        return  # restoring into a second PostgreSQL database: tests/db/test_backup.py
    restored = f"sqlite+pysqlite:///{tmp_path / 'terug.db'}"
    assert _cli(restored, "restore", str(target)) == 0
    assert "teruggezet in SQLite: " in capsys.readouterr().out
    assert _cli(restored, "--as", "cp", "board", "--period", "2017-H2") == 0


def test_restore_refuses_what_is_no_backup(
    fresh_database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "notities.db"
    junk.write_text("boodschappen\n")
    assert _cli(_url(fresh_database), "restore", str(junk)) == 2
    err = capsys.readouterr().err
    assert "geen reservekopie van Doorlopende Lijn" in err and "Traceback" not in err


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # a database without users: SQLite only
def test_backup_of_a_new_database_without_users(
    backend: str, fresh_database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(_url(fresh_database), "backup", str(tmp_path / "leeg")) == 0
    assert (tmp_path / "leeg.db").exists()
