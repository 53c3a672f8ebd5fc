"""``python -m app import FILE --kind initiatieven`` (and ``controleronde``) on a real database: the
command line reads the directory's kinds like the dialog does."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.session import Database
from tests.cli.cli_fixtures import add_users, cli
from tests.directory.import_support import initiatives, write_xlsx


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)
    return fresh_database


def test_the_cli_imports_an_initiatives_sheet(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "aanbod.xlsx", [
        ["Naam activiteit", "Soort", "Talen", "Adres"],
        ["Taalcafé", "taalcafé", "Arabisch, via tolk", "Plein 1"],
        ["Onbekend", "sport", "Klingon", "Plein 2"],
    ])  # fmt: skip
    assert cli(db, "--as", "cp", "import", str(path), "--kind", "initiatieven", "--dry-run") == 0
    assert initiatives(db) == {}
    assert cli(db, "--as", "cp", "import", str(path), "--kind", "initiatieven") == 0
    out = capsys.readouterr().out
    assert "Initiatieven (vrijwilligersaanbod)" in out and "onbekende taal 'Klingon'" in out
    found = initiatives(db)
    assert list(found) == ["Taalcafé"] and found["Taalcafé"]["owner"] == "GM0355"  # cp's own: Zeist
    assert cli(db, "--as", "cp", "import", "--kind", "controleronde", "--list-fields") == 0
    listed = capsys.readouterr().out
    assert "klopt_nog" in listed and "Klopt nog (ja/nee)" in listed and "nieuw_telefoon" in listed
