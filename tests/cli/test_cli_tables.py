"""Tables on the terminal: ``board``, ``match``, ``worklist``, ``users list`` and ``import-history`` are
at most 100 characters wide by default, ``--wide`` (after the command or before it) shows every
column in full, ``--csv`` keeps all columns; ``board`` ends with a total row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.commands.common import MAX_WIDTH
from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.services.users import create_user
from tests.cli.cli_fixtures import LONG_HEAD, TARGETS, TODAY, add_board, add_cases, add_users, cli
from tests.db import board_fixtures as bf
from tests.db.case_fixtures import ZEIST

BOARD_HEADERS = ["Gemeente", "CBS", "Taakstelling", "Achterstand", "Gecorrigeerd", "Gehuisvest",
                 "Huish. gehuisvest", "Gekoppeld wachtend (pers.)", "Gekoppeld wachtend (huish.)",
                 "Te laat", "Woningen 0-1 slpk.", "Woningen 2 slpk.", "Woningen 3 slpk.", "Woningen 4+ slpk.",
                 "Uitruilsaldo", "Stand"]  # fmt: skip


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)
    add_board(fresh_database)
    return fresh_database


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def _row(out: str, first: str) -> list[str]:
    [line] = [line for line in out.splitlines() if line.startswith(first)]
    return line.split()


# -- board -----------------------------------------------------------------------------------------------


def test_board_fits_the_terminal_and_ends_with_the_totals(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db, "--as", "regio", "board", "--period", "2017-H2") == 0
    captured = capsys.readouterr()
    out = captured.out
    assert _widest(out) <= MAX_WIDTH
    header = out.splitlines()[2]
    assert header.split() == ["Gemeente", "Taakstelling", "Achterstand", "Gecorrigeerd", "Gehuisvest",
                              "Wachtend", "Stand"]  # fmt: skip
    # Taakstelling, Achterstand, Gecorrigeerd, Gehuisvest (persons), Wachtend
    assert _row(out, "Totaal") == ["Totaal", str(sum(TARGETS.values())), "0", str(sum(TARGETS.values())),
                                   "7", "0"]  # fmt: skip
    assert _row(out, "Zeist")[:5] == ["Zeist", "12", "0", "12", "4"]
    lines = out.splitlines()
    assert lines[-2].startswith("-----") and lines[-1].startswith("Totaal")  # a rule above the total
    assert "Niet getoond: CBS," in captured.err and "--wide" in captured.err


@pytest.mark.parametrize("where", ["after", "before"])
def test_board_wide_shows_every_column(db: Database, capsys: pytest.CaptureFixture[str], where: str) -> None:
    argv = ["board", "--period", "2017-H2"]
    argv = [*argv, "--wide"] if where == "after" else ["--wide", *argv]
    assert cli(db, "--as", "regio", *argv) == 0
    captured = capsys.readouterr()
    header = captured.out.splitlines()[2]
    for title in BOARD_HEADERS:
        assert title in header
    assert _widest(captured.out) > MAX_WIDTH
    total = _row(captured.out, "Totaal")
    assert total[:5] == ["Totaal", str(sum(TARGETS.values())), "0", str(sum(TARGETS.values())), "7"]
    assert captured.err == ""


def test_board_csv_has_every_column_and_no_total_row(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db, "--as", "regio", "board", "--period", "2017-H2", "--csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(";") == BOARD_HEADERS
    zeist = next(line.split(";") for line in lines if line.startswith("Zeist;"))
    assert zeist[:6] == ["Zeist", ZEIST, "12", "0", "12", "4"]
    assert not any(line.startswith("Totaal") for line in lines)


# -- match -----------------------------------------------------------------------------------------------


def test_match_fits_and_wide_adds_the_explanation(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    with db.unit_of_work() as session:
        bf.koppeling(session, ZEIST, TODAY - dt.timedelta(days=40), 3)
        bf.dwelling(session, ZEIST, 2, 4, TODAY - dt.timedelta(days=1))
    assert cli(db, "--as", "regio", "match") == 0
    captured = capsys.readouterr()
    assert "1 voorstellen" in captured.err
    assert _widest(captured.out) <= MAX_WIDTH
    assert captured.out.splitlines()[0].split() == ["V-nummer", "Gekoppeld", "aan", "Woning", "Woning", "in",
                                                    "Uitruil", "Score"]  # fmt: skip
    assert "Niet getoond: Uitleg, Voldoet aan." in captured.err

    assert cli(db, "--as", "regio", "match", "--wide") == 0
    out = capsys.readouterr().out
    assert "Uitleg" in out and "Voldoet aan" in out and "Grootte past bij het huishouden" in out
    assert _widest(out) > MAX_WIDTH


# -- worklist --------------------------------------------------------------------------------------------


def test_worklist_shortens_long_cells_and_wide_shows_them(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    add_cases(db)
    assert cli(db, "--as", "cp", "worklist", "--list", "open") == 0
    captured = capsys.readouterr()
    out = captured.out
    assert out.startswith("Alle lopende overdrachten: 2 overdracht(en), gemeente Zeist")
    assert _widest(out) <= MAX_WIDTH
    assert LONG_HEAD not in out and LONG_HEAD[:10] in out and "…" in out
    assert "Toestemming" in out and "Ontvanger" not in out
    assert "Niet getoond: V-nummer, Gemeente, Voor, Ontvanger, Eigenaar." in captured.err

    assert cli(db, "--as", "cp", "worklist", "--list", "open", "--wide") == 0
    out = capsys.readouterr().out
    assert LONG_HEAD in out and "…" not in out
    assert "Vluchtelingenwerk → maatschappelijke begeleiding" in out
    for title in ("V-nummer", "Ontvanger", "Eigenaar", "Dagen te laat"):
        assert title in out

    assert cli(db, "--as", "cp", "worklist", "--list", "open", "--csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines[0].split(";")) == 12 and LONG_HEAD in lines[1]


# -- users list and import-history -----------------------------------------------------------------------


def test_users_list_fits_and_wide_shows_long_names(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    long_name = "Maria Magdalena Wilhelmina van Oldenbarnevelt-Schimmelpenninck tot de Gelder"
    with db.unit_of_work() as session:
        create_user(session, Actor.system_actor("test"), login="mvo", name=long_name,
                    role=Role.REGIO_COORDINATOR, gemeente_code="GM1581")  # fmt: skip
    assert cli(db, "--as", "regio", "users", "list") == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].split() == ["Login", "Naam", "Rol", "Gemeente", "Actief"]
    assert _widest(captured.out) <= MAX_WIDTH and long_name not in captured.out
    assert "Utrechtse Heuvelrug" in captured.out  # short cells stay whole
    assert "ingekort" in captured.err and "--wide" in captured.err

    assert cli(db, "--as", "regio", "users", "list", "--wide") == 0
    assert long_name in capsys.readouterr().out


def test_import_history_fits_and_global_wide_shows_all(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "vrijkomende woningen van alle corporaties in de regio Utrecht, tweede helft 2026 (definitief).csv"
    path = tmp_path / name
    path.write_text(
        "Corporatie;Objectnummer;Gemeente;Adres;Woningtype;Aantal slaapkamers;Kale huur;Beschikbaar vanaf\n"
        "Mitros;VHE-001;Utrecht;Kerkstraat 1;portiekflat;2;645,50;01-12-2026\n",
        encoding="utf-8",
    )
    assert cli(db, "--as", "regio", "import", str(path), "--kind", "woningen") == 0
    capsys.readouterr()
    assert cli(db, "--as", "regio", "import-history") == 0
    out = capsys.readouterr().out
    assert _widest(out) <= MAX_WIDTH and name not in out and "…" in out
    for argv in (("--wide", "import-history"), ("import-history", "--wide")):
        assert cli(db, "--as", "regio", *argv) == 0
        assert name in capsys.readouterr().out
