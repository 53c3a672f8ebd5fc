"""``python -m app swap-plan``: the regional swap plan as a table or CSV, for the regio-coördinator."""

from __future__ import annotations

import datetime as dt

import pytest

from app.commands.common import MAX_WIDTH
from app.db.session import Database
from tests.cli.cli_fixtures import TODAY, add_users, cli
from tests.db import board_fixtures as bf
from tests.db.case_fixtures import UTRECHT, ZEIST


@pytest.fixture
def db(fresh_database: Database) -> Database:
    """Zeist has a family of five and a flat, Utrecht a single and a family house."""
    add_users(fresh_database)
    with fresh_database.unit_of_work() as session:
        bf.koppeling(session, ZEIST, TODAY - dt.timedelta(days=20), 5)
        bf.koppeling(session, UTRECHT, TODAY - dt.timedelta(days=20), 1)
        bf.dwelling(session, UTRECHT, 3, 6, TODAY)
        bf.dwelling(session, ZEIST, 1, 2, TODAY)
    return fresh_database


def test_swap_plan_table_and_csv(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "regio", "swap-plan") == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split()[:3] == ["V-nummer", "Van", "Naar"]
    assert max(len(line) for line in lines) <= MAX_WIDTH
    assert len([line for line in lines[2:] if line.strip()]) == 2
    assert "2 van 2 wachtende huishoudens op tijd een woning (0 zonder uitruil)" in captured.err

    assert cli(db, "--as", "regio", "swap-plan", "--csv", "--grens", "3") == 0
    out = capsys.readouterr().out
    header, *rows = [line for line in out.splitlines() if line.strip()]
    assert header.split(";")[-1] == "Uitleg"
    # the family of five does not fit within ±3 persons; the single still goes to Zeist's flat
    assert [row.split(";")[1:4] for row in rows] == [["Utrecht", "Zeist", "1"]]

    assert cli(db, "--as", "regio", "swap-plan", "--csv", "--aandeel", "0.5") == 0
    assert capsys.readouterr().out.count("\n") == 1  # no taakstelling: a bound of 0, only the header


def test_swap_plan_refuses_a_contactpersoon(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "cp", "swap-plan") != 0
    assert "Alleen een regio-coördinator of beheerder kan het uitruilplan" in capsys.readouterr().err
