"""The command line speaks Dutch: help, usage and argparse's own errors (exit code 2), every option
explained, and unknown municipalities or periods answered with the valid ones."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser, run
from app.db.session import Database
from app.domain.periods import Period
from tests.cli.cli_fixtures import add_board, add_cases, add_users, cli

ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "show this help",
    "the following arguments",
    "invalid choice",
    "unrecognized arguments",
    "error:",
    "expected one argument",
    "required",
)
ROOT = Path(__file__).resolve().parents[2]


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        run([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        run(list(argv))
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def _no_english(text: str) -> None:
    for phrase in ENGLISH:
        assert phrase not in text, phrase


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Every (sub)command's parser by its name, "users add" included."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        found[path] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{path} {name}".strip())

    walk(build_parser(), "")
    return found


# -- help ------------------------------------------------------------------------------------------------


def test_every_help_page_is_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    for path in _commands():
        text = _help(capsys, *path.split())
        assert text.startswith("gebruik: python -m app"), path
        assert "toon deze hulp en stop" in text, path
        assert "opties:" in text, path
        _no_english(text)


def test_every_option_and_argument_has_a_help_text() -> None:
    for path, parser in _commands().items():
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                where = (path, action.option_strings or action.dest)
                assert action.help and action.help != argparse.SUPPRESS, where


def test_main_help_explains_as_and_wide(capsys: pytest.CaptureFixture[str]) -> None:
    text = " ".join(_help(capsys).split())
    assert "--as LOGIN alleen in een demodatabase (python -m app demo): speel deze demogebruiker" in text
    assert "ook zonder opdracht: opent het programma zo" in text
    assert "--wide tabellen met alle kolommen" in text


def test_users_add_help_lists_the_roles_with_their_labels(capsys: pytest.CaptureFixture[str]) -> None:
    text = " ".join(_help(capsys, "users", "add").split())
    for flag in ("LOGIN inlognaam", "--name NAAM", "--role ROL", "--gemeente CODE", "--email ADRES"):
        assert flag in text
    for value, label in (("regio-coördinator", "Regio-coördinator"), ("contactpersoon", "Contactpersoon"),
                         ("consulent", "Consulent"), ("alleen-lezen", "Alleen lezen"),
                         ("beheerder", "Beheerder")):  # fmt: skip
        assert f"{value} ({label})" in text


def test_period_help_has_no_example_that_does_not_exist(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("board", "export"):
        text = _help(capsys, command)
        assert "2017-H1" not in text
        assert "H1 (januari–juni) of H2" in " ".join(text.split())


def test_help_through_python_dash_m_app() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "pack", "--help"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("gebruik: python -m app pack")
    assert "--force" in done.stdout and "BESTAND.pdf" in done.stdout
    _no_english(done.stdout)


# -- argparse's own errors -------------------------------------------------------------------------------


def test_missing_required_options_are_named_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(capsys, "users", "add", "jan")
    assert err.startswith("gebruik: python -m app users add")
    assert "python -m app users add: fout: verplicht, maar niet opgegeven: --name, --role" in err
    assert "Zie 'python -m app users add --help' voor hulp." in err
    _no_english(err)


def test_no_command_unknown_command_and_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(capsys)
    assert "fout: verplicht, maar niet opgegeven: OPDRACHT" in err
    err = _error(capsys, "bord")
    assert "fout: OPDRACHT: ongeldige keuze: 'bord' (kies uit 'db', " in err and "'board'" in err
    err = _error(capsys, "board", "--kleur", "rood")
    assert "fout: onbekende argumenten: --kleur rood" in err
    err = _error(capsys, "worklist", "--list", "gisteren")
    assert "--list: ongeldige keuze: 'gisteren' (kies uit 'deze-week', 'te-laat'" in err
    err = _error(capsys, "pack", "drie", "--kind", "jgz", "--out", "x.pdf")
    assert "DOSSIER_ID: ongeldige waarde 'drie': verwacht een geheel getal" in err
    err = _error(capsys, "export", "users", "x.xlsx", "--limit")
    assert "--limit: hier hoort een waarde achter" in err
    for text in (err,):
        _no_english(text)


def test_dutch_errors_through_python_dash_m_app() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "users", "add"], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "fout: verplicht, maar niet opgegeven: LOGIN, --name, --role" in done.stderr
    _no_english(done.stderr)


# -- unknown municipalities and periods ------------------------------------------------------------------


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)
    add_board(fresh_database)
    add_cases(fresh_database)
    return fresh_database


VALID_CODES = re.compile(r"Geldige codes: (GM\d{4} \([^)]+\)(, )?)+\.")


@pytest.mark.parametrize(
    "argv",
    [
        ("match", "--gemeente", "XX"),
        ("worklist", "--gemeente", "XX"),
        ("packs", "{tmp}", "--gemeente", "XX"),
        ("export", "koppelingen", "{tmp}/k.xlsx", "--gemeente", "XX"),
        ("match", "--gemeente", "GM9999"),
    ],
)
def test_an_unknown_gemeente_lists_the_valid_codes(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    out = tmp_path / "uit"
    assert cli(db, "--as", "regio", *[a.replace("{tmp}", str(out)) for a in argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"Fout: Onbekende gemeente '{argv[-1]}'. Geldige codes: ")
    assert VALID_CODES.search(captured.err)
    for code, name in (("GM0344", "Utrecht"), ("GM0355", "Zeist"), ("GM0312", "Bunnik")):
        assert f"{code} ({name})" in captured.err
    assert not out.exists()  # nothing written, no folder made


def test_a_gemeente_by_number_or_name_is_accepted(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    for given in ("gm0355", "355", "zeist"):
        assert cli(db, "--as", "cp", "worklist", "--list", "open", "--gemeente", given) == 0
        out = capsys.readouterr().out
        assert out.startswith("Alle lopende overdrachten: 2 overdracht(en), gemeente Zeist")


# The running and the next half year are always offered (as on the board), with those the database has.
_NOW = Period.containing(dt.date.today())
VALID_PERIODS = f"Geldige periodes: 2017-H1, 2017-H2, {_NOW.code}, {_NOW.next().code}."


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("board", "--period", "2016-H1"), f"Fout: Onbekende periode '2016-H1'. {VALID_PERIODS}"),
        (
            ("board", "--period", "2017h3"),
            "Fout: '2017h3' is geen periode: schrijf het jaar en H1 (januari–juni) of H2 (juli–december), "
            f"zoals {_NOW.next().code}. {VALID_PERIODS}",
        ),
        (
            ("export", "board", "{tmp}/bord.xlsx", "--period", "2030-H2"),
            f"Fout: Onbekende periode '2030-H2'. {VALID_PERIODS}",
        ),
        (
            ("export", "ledger", "{tmp}/grootboek.xlsx", "--period", "vorig jaar"),
            "Fout: 'vorig jaar' is geen periode",
        ),
    ],
)
def test_an_unknown_period_lists_the_valid_ones(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], expected: str
) -> None:
    out = tmp_path / "uit"
    assert cli(db, "--as", "regio", *[a.replace("{tmp}", str(out)) for a in argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and expected in captured.err
    assert not out.exists()


def test_a_known_period_exports(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bord.xlsx"
    assert cli(db, "--as", "regio", "export", "board", str(path), "--period", "2017h2") == 0
    assert "rijen geëxporteerd" in capsys.readouterr().out and path.is_file()
