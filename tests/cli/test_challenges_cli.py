"""``python -m app challenges`` (the list), ``challenges dashboard --year JAAR`` and the parsing of
``challenges anonymous-list`` through the real entry point, on a fresh database with committed rows
(both backends)."""

from __future__ import annotations

import csv

import pytest

from app.db.session import Database
from app.services.access import Actor
from app.services.challenges import targets as tg
from app.services.users import sign_in
from tests.challenges import dashboard_fixtures as fx
from tests.cli.cli_fixtures import add_users, cli


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)  # regio (Utrecht), cp (Zeist), the tester (beheerder)
    system = Actor.system_actor("test")
    with fresh_database.unit_of_work() as s:
        fx.build(s, system, system)
    with fresh_database.unit_of_work() as s:
        tg.split_targets(s, sign_in(s, "regio"), fx.YEAR, 100)
    return fresh_database


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines(), delimiter=";"))


def test_the_list_shows_challenges_with_places(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "cp", "challenges", "--csv") == 0
    rows = _csv(capsys.readouterr().out)
    assert rows[0] == [
        "Id",
        "Datum",
        "Titel",
        "Organisatoren",
        "Status",
        "Plaatsen toegezegd",
        "Plaatsen vervuld",
    ]
    assert rows[1][2:] == ["Challenge Zeist", "Zeist, Bunnik", "Gehouden", "4", "3"]
    assert cli(db, "--as", "cp", "challenges") == 0
    out = capsys.readouterr().out
    assert out.startswith("1 challenge.") and "Challenge Zeist" in out


def test_the_dashboard_per_municipality(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "cp", "challenges", "dashboard", "--year", "2026", "--csv") == 0
    rows = {r[0]: r for r in _csv(capsys.readouterr().out)}
    assert rows["Gemeente"][:6] == [
        "Gemeente",
        "Doel (indicatief)",
        "Toegezegd",
        "Vervuld",
        "Gestart",
        "Afgerond",
    ]
    assert rows["Zeist"][2:6] == ["4", "3", "2", "1"] and rows["Bunnik"][2:6] == ["2", "0", "0", "0"]
    assert rows["Regio"][1:6] == ["100", "6", "3", "2", "1"]
    assert len(rows) == 1 + 16 + 1
    assert cli(db, "--as", "cp", "challenges", "dashboard", "--jaar", "2024") == 0
    assert "nog geen doel vastgelegd" in capsys.readouterr().out


def test_parsing_and_a_clear_error_without_the_export(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        cli(db, "challenges", "anonymous-list", "veertien", str(tmp_path / "lijst.xlsx"))
    assert exit_info.value.code == 2
    assert "ongeldige" in capsys.readouterr().err.lower()
    with pytest.raises(SystemExit):
        cli(db, "challenges", "dashboard")  # the year is required
    assert "--year" in capsys.readouterr().err
    # No candidates at the employer yet: an empty anonymous list, and it says so.
    assert cli(db, "--as", "cp", "challenges", "anonymous-list", "999", str(tmp_path / "lijst.xlsx")) == 0
    assert "0 kandidaten geschreven" in capsys.readouterr().out
    assert (tmp_path / "lijst.xlsx").exists()
