"""``python -m app overview-pdf FILE``: the regional overview written headless, the same service as
the board's button; no overwrite without --force."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.db.session import Database
from tests.cli.cli_fixtures import add_board, add_users, cli


def test_overview_pdf_is_written_and_not_overwritten(
    fresh_database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_users(fresh_database)
    add_board(fresh_database)
    path = tmp_path / "regio.pdf"
    assert cli(fresh_database, "--as", "cp", "overview-pdf", str(path), "--period", "2017-H2") == 0
    assert f"Regio-overzicht 2017-H2 geschreven naar {path}" in capsys.readouterr().out
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "2e helft 2017" in text and "Zeist" in text and "Utrecht" in text
    assert cli(fresh_database, "--as", "cp", "overview-pdf", str(path), "--period", "2017-H2") == 2
    assert "--force" in capsys.readouterr().err
