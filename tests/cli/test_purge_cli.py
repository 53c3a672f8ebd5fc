"""``purge``: the term set and shown in Dutch, ``--dry-run`` lists the closed dossiers past the term
(number, municipality, day) and removes nothing, ``purge --yes`` removes them; only a beheerder."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from app.db.session import Database
from tests.cli.cli_fixtures import add_cases, add_users, cli


def _close(db: Database, dossier_id: int, closed_on: dt.date) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE handovers SET status = 'afgerond' WHERE dossier_id = :d"), {"d": dossier_id}
        )
        conn.execute(
            text("UPDATE dossiers SET status = 'gesloten', closed_on = :c WHERE id = :d"),
            {"c": closed_on, "d": dossier_id},
        )


def _dossiers(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM dossiers")).scalar_one())


@pytest.fixture
def closed(fresh_database: Database) -> int:
    """A Zeist dossier closed on 1 March 2015 (the tester is a beheerder; --as cp is a contactpersoon)."""
    add_users(fresh_database)
    dossier_id = add_cases(fresh_database)["dossier"]
    _close(fresh_database, dossier_id, dt.date(2015, 3, 1))
    return dossier_id


def test_dry_run_lists_and_purge_removes(
    fresh_database: Database, closed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli(fresh_database, "purge", "--dry-run") == 0
    out = capsys.readouterr().out
    assert f"{closed}" in out and "GM0355 Zeist" in out and "01-03-2015" in out
    assert "1 dossiers zouden worden verwijderd (bewaartermijn 7 jaar" in out
    assert "Abdulrahman" not in out  # nothing personal in the list
    assert _dossiers(fresh_database) == 1

    assert cli(fresh_database, "purge") == 2  # no terminal to type "ja" at: asks for --yes
    assert "Bevestig met --yes" in capsys.readouterr().err
    assert _dossiers(fresh_database) == 1

    assert cli(fresh_database, "purge", "--yes") == 0
    assert "1 dossiers verwijderd (gesloten vóór" in capsys.readouterr().out
    assert _dossiers(fresh_database) == 0
    with fresh_database.engine.connect() as conn:
        details = (
            conn.execute(
                text("SELECT detail FROM access_log WHERE object_type = 'purge' AND action = 'delete'")
            )
            .scalars()
            .all()
        )
    assert details == [f"dossiers=1 ids={closed}"]
    assert cli(fresh_database, "purge", "--dry-run") == 0
    assert "Geen dossiers over de bewaartermijn" in capsys.readouterr().out


def test_set_and_show_the_term(
    fresh_database: Database, closed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli(fresh_database, "purge", "--show-years") == 0
    assert "Bewaartermijn: 7 jaar" in capsys.readouterr().out
    assert cli(fresh_database, "purge", "--set-years", "31") == 2
    assert "tussen 1 en 30 jaar" in capsys.readouterr().err
    assert cli(fresh_database, "purge", "--set-years", "30") == 0
    assert "Bewaartermijn ingesteld op 30 jaar" in capsys.readouterr().out
    assert cli(fresh_database, "purge", "--dry-run") == 0
    assert "Geen dossiers over de bewaartermijn (30 jaar" in capsys.readouterr().out


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # on PostgreSQL the test login is IT
def test_purge_is_for_a_beheerder(
    fresh_database: Database, closed: int, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    for argv in (["--dry-run"], ["--yes"], ["--set-years", "3"]):
        assert cli(fresh_database, "--as", "cp", "purge", *argv) == 2
        assert "Alleen een beheerder" in capsys.readouterr().err
    assert _dossiers(fresh_database) == 1
