"""``python -m app export``: a fresh database with some koppelingen, exported through the real
command line entry point; the file, the message and the access-log row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import run
from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.services.users import create_user
from tests.db import board_fixtures as bf
from tests.identity import playable

ZEIST, UTRECHT = "GM0355", "GM0344"


@pytest.fixture
def db(fresh_database: Database) -> Database:
    playable(fresh_database)
    today = dt.date.today()
    with fresh_database.unit_of_work() as session:
        system = Actor.system_actor("test")
        create_user(session, system, login="regio", name="Rita Regio", role=Role.REGIO_COORDINATOR,
                    gemeente_code=UTRECHT)  # fmt: skip
        create_user(session, system, login="cp", name="Cor Contact", role=Role.CONTACTPERSOON,
                    gemeente_code=ZEIST)  # fmt: skip
        bf.koppeling(session, ZEIST, today - dt.timedelta(days=30), 4, azc_location="AZC Zeist")
        bf.koppeling(session, ZEIST, today - dt.timedelta(days=5), 2, azc_location="AZC Budel")
        bf.koppeling(session, UTRECHT, today - dt.timedelta(days=12), 1, azc_location="AZC Utrecht")
    return fresh_database


def _cli(db: Database, *argv: str) -> int:
    return run(["--db", db.url.render_as_string(hide_password=False), *argv])


def test_export_koppelingen_of_one_gemeente(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    path = tmp_path / "koppelingen zeist.xlsx"
    assert _cli(db, "--as", "regio", "export", "koppelingen", str(path), "--gemeente", "gm0355") == 0
    assert "2 rijen geëxporteerd" in capsys.readouterr().out
    wb = openpyxl.load_workbook(path)
    rows = list(wb["Koppelingen"].iter_rows(values_only=True))
    assert [(r[1], r[4], r[8]) for r in rows[1:]] == [("Zeist", 4, "AZC Zeist"), ("Zeist", 2, "AZC Budel")]
    assert isinstance(rows[1][3], dt.datetime)
    info = dict(wb["Info"].iter_rows(min_row=2, values_only=True))
    assert info["Gebruiker"] == "Rita Regio" and info["Filter"] == "Gemeente: GM0355"
    with db.unit_of_work() as session:
        exports = list(session.scalars(select(AccessLog).where(AccessLog.action == Action.EXPORT)))
        assert [(e.actor_login, e.object_type, e.result) for e in exports] == [("regio", "koppeling", "ok")]


def test_every_list_exports(db: Database, tmp_path: Path) -> None:
    for name in ("woningen", "posts", "swaps", "ledger", "users"):
        assert _cli(db, "--as", "regio", "export", name, str(tmp_path / name)) == 0, name
        assert (tmp_path / f"{name}.xlsx").is_file()


def test_refusals_and_mistakes_are_dutch_messages(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.xlsx"
    assert _cli(db, "--as", "cp", "export", "toegangslog", str(path)) == 2
    refusal = "Alleen een beheerder kan het toegangslog exporteren; u bent contactpersoon van Zeist."
    assert refusal in capsys.readouterr().err and not path.exists()

    path.write_bytes(b"eerder")
    assert _cli(db, "--as", "regio", "export", "users", str(path)) == 2
    assert "bestaat al" in capsys.readouterr().err and path.read_bytes() == b"eerder"
    assert _cli(db, "--as", "regio", "export", "users", str(path), "--force") == 0

    assert _cli(db, "--as", "regio", "export", "users", str(tmp_path / "u"), "--period", "2017-H1") == 2
    assert "kent geen filter --period" in capsys.readouterr().err


def test_help_lists_the_lists(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["export", "--help"])
    out = capsys.readouterr().out
    for name in ("koppelingen", "woningen", "board", "swaps", "posts", "ledger", "users", "toegangslog"):
        assert name in out
