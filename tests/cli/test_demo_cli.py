"""``python -m app demo`` as a newcomer meets it: whatever ran before, it ends with the user it names;
a second run says where the data is and how to start over; ``--reset`` only ever wipes a demo."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import run


def _cli(db_file: Path, *argv: str) -> int:
    return run(["--db", f"sqlite:///{db_file}", *argv])


def test_a_new_database_asks_who_you_are_and_the_demo_makes_you_regio_coordinator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    assert _cli(db, "users", "list") == 2  # nobody is a user yet: say how to go on
    err = capsys.readouterr().err
    assert "nog geen gebruiker" in err and "python -m app setup --gemeente CODE --role ROL" in err
    assert "python -m app demo" in err
    assert _cli(db, "demo", "--scale", "0.05") == 0  # the demo makes the account coördinator
    out = capsys.readouterr().out
    assert "U bent aangemeld als 'tester' (regio-coördinator, Utrecht)." in out
    assert "beheer, regio, lezer, cp-<gemeente>, cons-<gemeente>" in out
    assert _cli(db, "worklist") == 0  # the role it named really works
    assert "overdracht(en)" in capsys.readouterr().out


def test_in_a_demo_as_plays_a_demo_user_and_elsewhere_it_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.db"
    assert _cli(demo, "demo", "--scale", "0.05") == 0
    capsys.readouterr()
    assert _cli(demo, "--as", "cp-houten", "users", "list", "--csv") == 0  # a contactpersoon: own users
    listed = capsys.readouterr().out.splitlines()[1:]
    assert listed and all(";Houten;" in line for line in listed)
    real = tmp_path / "echt.db"
    assert _cli(real, "setup", "--role", "beheerder") == 0
    assert _cli(real, "users", "add", "cp", "--name", "Cor", "--role", "contactpersoon", "--gemeente",
                "GM0355") == 0  # fmt: skip
    capsys.readouterr()
    assert _cli(real, "--as", "cp", "worklist") == 2  # not a demo: nobody plays someone else
    err = capsys.readouterr().err
    assert "U bent 'tester'" in err and "alleen in een demodatabase" in err


def test_setup_makes_the_account_a_user_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "pc.db"
    assert _cli(db, "setup", "--gemeente", "Zeist", "--role", "contactpersoon", "--name", "Tessa") == 0
    assert "U bent 'tester': contactpersoon van Zeist." in capsys.readouterr().out
    assert _cli(db, "worklist") == 0  # a contactpersoon works at once (no beheerder in the way)
    assert _cli(db, "setup", "--role", "beheerder") == 2
    assert "al gebruikers; setup kan alleen op een nieuwe database" in capsys.readouterr().err
    assert _cli(db, "demo", "--scale", "0.05") == 1  # real data: no demo mixed in
    assert _cli(db, "users", "list", "--csv") == 0
    assert capsys.readouterr().out.count("\n") == 2  # the header and Tessa


def test_second_demo_names_the_database_and_the_reset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    assert _cli(db, "demo", "--scale", "0.05") == 0
    capsys.readouterr()
    assert _cli(db, "demo", "--scale", "0.05") == 1
    err = capsys.readouterr().err
    assert f"Database: SQLite: {db}" in err and "python -m app demo --reset" in err


def test_reset_wipes_a_demo_and_fills_it_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert _cli(db, "demo", "--scale", "0.05") == 0
    assert _cli(db, "--as", "beheer", "users", "add", "extra", "--name", "Extra", "--role", "consulent",
                "--gemeente", "GM0355") == 0  # fmt: skip
    capsys.readouterr()
    # No one to confirm: refused, nothing wiped.
    assert _cli(db, "demo", "--reset", "--scale", "0.05") == 2
    assert "bevestiging" in capsys.readouterr().err
    assert _cli(db, "demo", "--reset", "--yes", "--scale", "0.05") == 0
    captured = capsys.readouterr()
    assert f"{db} is gewist." in captured.err and "Demo-gegevens geladen" in captured.out
    assert _cli(db, "--as", "beheer", "users", "list", "--csv") == 0
    assert "extra;" not in capsys.readouterr().out  # the user added to the old demo is gone


def test_reset_refuses_a_database_with_real_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "echt.db"
    assert _cli(db, "setup", "--role", "beheerder") == 0
    assert _cli(db, "users", "add", "cp", "--name", "Cor", "--role", "contactpersoon", "--gemeente",
                "GM0355") == 0  # fmt: skip
    capsys.readouterr()
    assert _cli(db, "demo", "--reset", "--yes") == 2
    assert "geen demo-gegevens maar echte gegevens; die worden niet gewist" in capsys.readouterr().err
    assert db.exists()
    assert _cli(db, "users", "list", "--csv") == 0
    assert "cp;Cor" in capsys.readouterr().out


def test_if_empty_leaves_a_filled_database_alone_and_db_current_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    assert _cli(db, "demo", "--if-empty", "--scale", "0.05") == 0
    assert "Demo-gegevens geladen" in capsys.readouterr().out
    assert _cli(db, "demo", "--if-empty", "--scale", "0.05") == 0  # run.sh on every later start
    assert "bevat al gegevens; die blijven zoals ze zijn" in capsys.readouterr().err
    assert _cli(db, "db", "current") == 0
    out = capsys.readouterr().out
    assert f"SQLite: {db}: schemaversie" in out and "Gekozen door: --db" in out and "Gegevensmap: " in out
