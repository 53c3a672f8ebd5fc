"""``python -m app forecast`` through the real entry point on a committed database (both backends)."""

from __future__ import annotations

import csv

import pytest

from app.db.session import Database
from tests.cli.cli_fixtures import TARGETS, add_board, add_users, cli
from tests.db.case_fixtures import ZEIST


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)
    add_board(fresh_database)
    return fresh_database


def test_the_forecast_per_municipality_as_csv_and_table(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db, "--as", "cp", "forecast", "--period", "2017-H2", "--csv") == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines(), delimiter=";"))
    header, body = rows[0], {r[1]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert header[:7] == ["Gemeente", "CBS", "Gecorrigeerd", "Gehuisvest", "Verwacht", "80%-interval", "Kans"]
    zeist = body[ZEIST]
    # 2017-H2 is long over: what was housed is the outcome, for certain.
    assert (zeist["Gecorrigeerd"], zeist["Gehuisvest"], zeist["Verwacht"]) == (str(TARGETS[ZEIST]), "4", "4")
    assert zeist["80%-interval"] == "4–4" and zeist["Kans"] == "0%"
    assert "Al gehuisvest" in zeist["Uitleg"]
    assert len(body) == 16

    assert cli(db, "--as", "cp", "forecast", "--period", "2017-H2") == 0
    out = capsys.readouterr().out
    assert out.startswith("Voorspelling 2e helft 2017 (2017-H2) en 1e helft 2018") and "Zeist" in out


def test_an_unknown_period_lists_the_valid_ones(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "cp", "forecast", "--period", "2031-H1") != 0
    assert "2017-H2" in capsys.readouterr().err


def test_the_next_period_is_forecast_from_the_running_one(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from app.domain.periods import Period

    ahead = Period.containing(dt.date.today()).next()
    assert cli(db, "--as", "cp", "forecast", "--period", ahead.code) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Voorspelling {ahead.label_nl} ({ahead.code}), stand per")
