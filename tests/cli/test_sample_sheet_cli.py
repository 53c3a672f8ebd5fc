"""``python -m app sample-sheet``: the synthetic COA sheet through the real command line, then
imported with ``python -m app import`` on a fresh database; the overwrite and input refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import run
from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.services.users import create_user
from tests.identity import playable
from tests.imports.conftest import koppelingen


@pytest.fixture
def db(fresh_database: Database) -> Database:
    playable(fresh_database)
    with fresh_database.unit_of_work() as session:
        create_user(session, Actor.system_actor("test"), login="regio", name="Rita Regio",
                    role=Role.REGIO_COORDINATOR, gemeente_code="GM0344")  # fmt: skip
    return fresh_database


def _cli(db: Database, *argv: str) -> int:
    return run(["--db", db.url.render_as_string(hide_password=False), "--as", "regio", *argv])


def test_sample_sheet_then_import(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nieuw" / "koppelingen.xlsx"  # the folder does not exist yet
    assert run(["sample-sheet", str(path), "--rows", "25", "--seed", "7", "--peildatum", "01-12-2026"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        f"Voorbeeldbestand met 25 koppelingen (verzonnen) geschreven naar {path}. "
        f"Inlezen: python -m app import {path} --kind koppelingen"
    )
    assert path.is_file()
    assert _cli(db, "import", str(path), "--kind", "koppelingen") == 0
    report = " ".join(capsys.readouterr().out.split())
    assert "werkblad 'Koppelingen', kopregel op regel 4." in report
    assert "Nieuw: 25 Gewijzigd: 0 Ongewijzigd: 0 Met fouten: 0" in report
    from app.demo.coa_sheet import sample_rows

    wanted = sample_rows(25, seed=7, today=dt.date(2026, 12, 1))
    rows = koppelingen(db)
    assert set(rows) == {r.v_nummer for r in wanted}
    assert all(rows[r.v_nummer]["persons"] == r.persons for r in wanted)
    assert any(v.startswith("0") for v in rows)


def test_sample_sheet_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "koppelingen.xlsx"
    path.write_bytes(b"niet overschrijven")
    assert run(["sample-sheet", str(path)]) == 2
    assert "bestaat al" in capsys.readouterr().err
    assert path.read_bytes() == b"niet overschrijven"
    assert run(["sample-sheet", str(path), "--force", "--rows", "3"]) == 0
    assert "met 3 koppelingen" in capsys.readouterr().out
    assert path.read_bytes().startswith(b"PK")  # a real .xlsx now


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--rows", "0"], "--rows 0 kan niet: kies een aantal van 1 tot en met 10.000"),
        (["--rows", "10001"], "--rows 10001 kan niet"),
        (["--peildatum", "2026-12-01"], "is geen datum"),
    ],
)
def test_sample_sheet_refuses_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    path = tmp_path / "koppelingen.xlsx"
    assert run(["sample-sheet", str(path), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not path.exists()


def test_sample_sheet_refuses_another_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sample-sheet", str(tmp_path / "koppelingen.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    from app.demo.coa_sheet import write_sample_sheet

    day = dt.date(2026, 12, 1)
    one, two, other = tmp_path / "1.xlsx", tmp_path / "2.xlsx", tmp_path / "3.xlsx"
    write_sample_sheet(one, today=day)
    write_sample_sheet(two, today=day)
    write_sample_sheet(other, seed=2018, today=day)
    assert one.read_bytes() == two.read_bytes() != other.read_bytes()


@pytest.mark.parametrize("count", [1, 2, 3, 40, 2000])
def test_every_sheet_has_what_it_promises(count: int) -> None:
    from app.demo.coa_sheet import ACCESSIBLE_TEXT, GROUND_FLOOR_TEXT, MEDICAL_TEXT, sample_rows

    day = dt.date(2026, 12, 1)
    for seed in range(5):
        rows = sample_rows(count, seed=seed, today=day)
        assert len(rows) == count == len({r.v_nummer for r in rows})
        assert all(len(r.v_nummer) == 10 and r.v_nummer.isdigit() for r in rows)
        assert any(r.v_nummer.startswith("0") for r in rows)
        assert rows[0].bijzonderheden == MEDICAL_TEXT
        assert all(r.adults >= 1 and r.adults + r.children == r.persons for r in rows)
        assert all(day - dt.timedelta(days=183) <= r.linked_on < day for r in rows)
        assert all(r.permit_on < r.linked_on and r.geboortedatum.year < day.year - 18 for r in rows)
        if count >= 2:
            assert rows[1].gemeente == rows[1].gemeente_code
        if count >= 3:
            texts = {r.bijzonderheden for r in rows}
            assert {GROUND_FLOOR_TEXT, ACCESSIBLE_TEXT} <= texts
