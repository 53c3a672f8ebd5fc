"""``audit verify``: exit 0 with a Dutch summary while the log is whole; exit 1 naming the row
after someone altered one by hand (on SQLite anyone with the file, on PostgreSQL the owner)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.db.session import Database
from tests.cli.cli_fixtures import cli
from tests.db.test_audit_chain import forge_between, make_gap, tamper, write_rows


@pytest.fixture
def admin(fresh_database: Database) -> Database:
    """The tester as beheerder on SQLite; the schema's owner (IT) on PostgreSQL."""
    if not fresh_database.is_postgresql:
        assert cli(fresh_database, "setup", "--role", "beheerder") == 0
    return fresh_database


def test_verify_passes_then_names_the_changed_row(
    admin: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = write_rows(admin, 5)
    capsys.readouterr()
    assert cli(admin, "audit", "verify") == 0
    out = capsys.readouterr().out
    assert "Toegangslog in orde" in out and "de keten is ongebroken" in out
    assert cli(admin, "audit", "verify", "--from", "01-01-2000") == 0
    tamper(admin, "UPDATE access_log SET detail = 'niets gezien' WHERE id = :id", {"id": ids[1]})
    assert cli(admin, "audit", "verify") == 1
    out = capsys.readouterr().out
    assert f"Toegangslog NIET in orde: regel {ids[1]} klopt niet met zijn hash" in out


@pytest.mark.parametrize("how", ["delete", "insert"])
def test_verify_names_a_deleted_or_inserted_row(
    admin: Database, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = write_rows(admin, 3)
    make_gap(admin)
    later = write_rows(admin, 2)
    if how == "delete":
        tamper(admin, "DELETE FROM access_log WHERE id = :id", {"id": ids[-1]})
        named = f"regels tussen {ids[-2]} en {later[0]} zijn verwijderd"
    else:
        forged = forge_between(admin, ids[-1])
        named = f"regel {forged} is tussengevoegd"
    capsys.readouterr()
    assert cli(admin, "audit", "verify") == 1
    assert named in capsys.readouterr().out


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # on PostgreSQL the test login is IT
def test_verify_is_for_a_beheerder(fresh_database: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(fresh_database, "setup", "--role", "consulent", "--gemeente", "GM0344") == 0
    capsys.readouterr()
    assert cli(fresh_database, "audit", "verify") != 0
    assert "Alleen een beheerder" in capsys.readouterr().err
    with fresh_database.engine.connect() as conn:
        denied = conn.execute(text("SELECT count(*) FROM access_log WHERE result = 'denied'")).scalar_one()
    assert denied >= 1


def test_a_bad_date_is_explained(admin: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(admin, "audit", "verify", "--from", "gisteren") != 0
    assert "--from 'gisteren' is geen datum" in capsys.readouterr().err
