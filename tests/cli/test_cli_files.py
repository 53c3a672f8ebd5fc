"""Every command that writes a file (``export``, ``pack``, ``packs``) through the real command line:
no overwrite without --force, missing folders made, the extension kept or refused, and files with
personal data readable by their owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.db.session import Database
from tests.cli.cli_fixtures import add_cases, add_users, cli

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def db(fresh_database: Database) -> tuple[Database, dict[str, int]]:
    add_users(fresh_database)
    return fresh_database, add_cases(fresh_database)


# -- export ---------------------------------------------------------------------------------------------


@posix_only
def test_export_into_a_new_folder_is_private_and_not_overwritten_without_force(
    db: tuple[Database, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _ = db
    path = tmp_path / "nieuw" / "dieper" / "gebruikers.xlsx"
    assert cli(database, "--as", "regio", "export", "users", str(path)) == 0
    assert f"geëxporteerd naar {path}." in capsys.readouterr().out
    assert path.read_bytes().startswith(b"PK")  # a real workbook
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700

    before = path.read_bytes()
    assert cli(database, "--as", "regio", "export", "users", str(path)) == 2
    err = capsys.readouterr().err
    assert f"'{path}' bestaat al" in err and "--force" in err
    assert path.read_bytes() == before

    os.chmod(path, 0o644)  # an older, readable file is replaced by a private one
    assert cli(database, "--as", "regio", "export", "users", str(path), "--force") == 0
    assert _mode(path) == 0o600


def test_export_keeps_xlsx_adds_it_to_a_bare_name_and_refuses_csv(
    db: tuple[Database, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _ = db
    tmp_path = tmp_path / "uit"
    tmp_path.mkdir()
    assert cli(database, "--as", "regio", "export", "users", str(tmp_path / "k.csv")) == 2
    err = capsys.readouterr().err
    assert "'.csv'" in err and ".xlsx" in err and "k.xlsx" in err
    assert list(tmp_path.iterdir()) == []  # neither k.csv nor k.csv.xlsx

    assert cli(database, "--as", "regio", "export", "users", str(tmp_path / "Gebruikers.XLSX")) == 0
    assert cli(database, "--as", "regio", "export", "users", str(tmp_path / "zonder")) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Gebruikers.XLSX", "zonder.xlsx"]


def test_export_to_a_folder_is_refused(
    db: tuple[Database, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, _ = db
    assert cli(database, "--as", "regio", "export", "users", str(tmp_path)) == 2
    assert "is een map" in capsys.readouterr().err


# -- pack ------------------------------------------------------------------------------------------------


@posix_only
def test_pack_is_private_refused_over_an_existing_file_and_replaced_with_force(
    db: tuple[Database, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, ids = db
    out = tmp_path / "map" / "huisarts.pdf"
    args = ("--as", "cp", "pack", str(ids["dossier"]), "--kind", "gca_huisarts", "--out", str(out))
    assert cli(database, *args) == 0
    assert f"Overdrachtspakket geschreven naar {out}" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    assert _mode(out) == 0o600

    out.write_bytes(b"eerder")
    os.chmod(out, 0o644)
    assert cli(database, *args) == 2
    err = capsys.readouterr().err
    assert f"'{out}' bestaat al" in err and "--force" in err
    assert out.read_bytes() == b"eerder"

    assert cli(database, *args, "--force") == 0
    assert out.read_bytes().startswith(b"%PDF") and _mode(out) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["huisarts.pdf"]  # no temporary file left


def test_pack_refuses_another_extension(
    db: tuple[Database, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, ids = db
    out = tmp_path / "uit" / "pakket.txt"
    assert cli(database, "--as", "cp", "pack", str(ids["dossier"]), "--kind", "vwn", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "'.txt'" in err and ".pdf" in err and "pakket.pdf" in err
    assert not out.parent.exists()


# -- packs -----------------------------------------------------------------------------------------------


@posix_only
def test_packs_make_the_folder_then_refuse_to_overwrite_naming_the_file_then_force(
    db: tuple[Database, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, ids = db
    folder = tmp_path / "pakketten" / "deze week"
    args = ("--as", "cp", "packs", str(folder), "--list", "open")
    assert cli(database, *args) == 0
    captured = capsys.readouterr()
    assert "2 pakket(ten) geschreven, 0 overgeslagen." in captured.err
    written = sorted(folder.iterdir())
    assert [p.name for p in written] == [
        f"overdracht-dossier-{ids['dossier']}-overdracht-{ids['gp']}-gca-huisarts.pdf",
        f"overdracht-dossier-{ids['dossier']}-overdracht-{ids['vwn']}-vwn-mb.pdf",
    ]
    assert sorted(captured.out.splitlines()) == [str(p) for p in written]
    assert all(_mode(p) == 0o600 for p in written) and _mode(folder) == 0o700

    for p in written:
        p.write_bytes(b"eerder")
    assert cli(database, *args) == 2
    err = capsys.readouterr().err
    assert any(f"'{p}' bestaat al (en nog 1 ander bestand)" in err for p in written)
    assert "Er is niets geschreven" in err and "--force" in err
    assert [p.read_bytes() for p in written] == [b"eerder", b"eerder"]

    assert cli(database, *args, "--force") == 0
    assert "2 pakket(ten) geschreven" in capsys.readouterr().err
    assert sorted(folder.iterdir()) == written  # replaced, not "-2" copies next to them
    assert all(p.read_bytes().startswith(b"%PDF") and _mode(p) == 0o600 for p in written)


@posix_only
def test_packs_printed_from_the_program_are_private_too(
    db: tuple[Database, dict[str, int]], tmp_path: Path
) -> None:
    """The GUI's batch goes through the same service without --force: an existing file is kept and
    the new one is named "-2"; both new files are owner-only."""
    from app.services.cases.packs import print_packs
    from app.services.users import sign_in

    database, ids = db
    tmp_path = tmp_path / "uit"
    tmp_path.mkdir()
    taken = tmp_path / f"overdracht-dossier-{ids['dossier']}-overdracht-{ids['gp']}-gca-huisarts.pdf"
    taken.write_bytes(b"van gisteren")
    with database.unit_of_work() as session:
        result = print_packs(session, sign_in(session, "cp"), [ids["gp"], ids["vwn"]], tmp_path)
    assert [p.name for p in result.written] == [
        taken.name.replace(".pdf", "-2.pdf"),
        f"overdracht-dossier-{ids['dossier']}-overdracht-{ids['vwn']}-vwn-mb.pdf",
    ]
    assert taken.read_bytes() == b"van gisteren"
    assert all(_mode(p) == 0o600 for p in result.written)
