"""``python -m app initiatives`` (the list, with the GUI's search), ``initiatives gaps`` and
``initiatives export-hsds MAP`` through the real entry point, on a fresh database with committed
rows (both backends): output, exit codes, the files and the access log."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.models import AccessLog, Initiative
from app.db.session import Database
from app.domain.roles import Action
from app.services.access import Actor
from app.services.directory import initiatives as di
from app.services.users import sign_in
from tests.cli.cli_fixtures import add_users, cli
from tests.directory import gaps_scenario as sc
from tests.directory.fixtures import BUNNIK, UTRECHT, ZEIST, initiative


@pytest.fixture
def db(fresh_database: Database) -> Database:
    add_users(fresh_database)  # regio (Utrecht), cp (Zeist), the tester (beheerder)
    system = Actor.system_actor("test")
    with fresh_database.unit_of_work() as session:
        sc.build_initiatives(session, sign_in(session, "regio"))
        sc.build_households(session, {ZEIST: system, BUNNIK: system, UTRECHT: system})
    with fresh_database.unit_of_work() as session:  # one entry long unchecked: on Te controleren
        regio = sign_in(session, "regio")
        initiative(session, regio, ZEIST, name="Oud Taalcafé", today=date(2020, 1, 1), languages=["nl", "ti"])
    return fresh_database


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines(), delimiter=";"))


def test_the_list_filters_like_the_gui(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "cp", "initiatives", "--gemeente", "Bunnik", "--csv") == 0
    rows = _csv(capsys.readouterr().out)
    names = [r[1] for r in rows[1:]]
    # Buddy Bunnik runs there, Sportmaatjes is open to the region; Zeist's and the stopped one are not.
    assert rows[0][:4] == ["Id", "Naam", "Organisatie", "Soort"] and names == ["Buddy Bunnik", "Sportmaatjes"]

    assert cli(db, "--as", "cp", "initiatives", "--gemeente", "GM0355", "--taal", "Tigrinya", "--csv") == 0
    names = [r[1] for r in _csv(capsys.readouterr().out)[1:]]
    assert names == ["Oud Taalcafé", "Sportmaatjes"]  # in Zeist first, then open to the region

    assert cli(db, "--as", "cp", "initiatives", "--soort", "Huiswerkbegeleiding") == 0
    out = capsys.readouterr().out
    assert out.startswith("1 initiatief gevonden.") and "Huiswerkklas" in out


def test_te_controleren_lists_the_long_unchecked_ones(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(db, "--as", "cp", "initiatives", "--te-controleren", "--gemeente", "Zeist", "--csv") == 0
    rows = _csv(capsys.readouterr().out)
    # Zeist's own entries, not the stopped one; entered in 2020 and never checked: mogelijk verouderd.
    shown = {r[1]: r[-1] for r in rows[1:]}
    assert (
        set(shown) == {"Oud Taalcafé", "Taalcafé De Brug"} and shown["Oud Taalcafé"] == "Mogelijk verouderd"
    )


def test_unknown_values_get_the_valid_ones(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "cp", "initiatives", "--taal", "Klingon") == 2
    assert "Onbekende taal 'Klingon'. Geldige codes: nl (Nederlands)" in capsys.readouterr().err
    assert cli(db, "--as", "cp", "initiatives", "--soort", "breien") == 2
    assert "taalcafe (Taalcafé)" in capsys.readouterr().err


def test_gaps_prints_the_hand_computed_gaps(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(db, "--as", "cp", "initiatives", "gaps", "--csv") == 0
    rows = _csv(capsys.readouterr().out)
    assert rows[0] == ["Gemeente", "Code", "Hiaat", "Wat ontbreekt", "Mensen"]
    languages = [r for r in rows[1:] if r[2] == "Taal"]
    assert languages == [
        ["Bunnik", BUNNIK, "Taal", "Somalisch", "2"],
        ["Utrecht", UTRECHT, "Taal", "Arabisch", "1"],
        ["Utrecht", UTRECHT, "Taal", "Koerdisch", "1"],
        ["Zeist", ZEIST, "Taal", "Farsi (Perzisch)", "1"],
        ["Zeist", ZEIST, "Taal", "Somalisch", "1"],
    ]
    assert ["Zeist", ZEIST, "Soort initiatief", "Fietsles", "6"] in rows
    assert (
        cli(db, "--as", "cp", "initiatives", "gaps", "--gemeente", "Bunnik", "--alleen", "talen", "--csv")
        == 0
    )
    assert _csv(capsys.readouterr().out)[1:] == [["Bunnik", BUNNIK, "Taal", "Somalisch", "2"]]
    assert cli(db, "--as", "cp", "initiatives", "gaps") == 0
    out = capsys.readouterr().out
    assert out.startswith("Hiaten in het aanbod: 5 keer een taal") and "Van 1 mens in open dossiers" in out


def test_export_hsds_writes_the_tables_and_refuses_to_overwrite(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "hsds"
    assert cli(db, "--as", "cp", "initiatives", "export-hsds", str(folder)) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("bestanden geschreven (Open Referral HSDS).")
    with (folder / "services.csv").open(encoding="utf-8", newline="") as f:
        services = list(csv.DictReader(f))
    assert len(services) == 6 and all(s["id"] and s["name"] and s["status"] for s in services)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} >= {"services.csv", "organizations.csv", "languages.csv"}
    before = (folder / "services.csv").read_bytes()
    with db.unit_of_work() as session:  # a change, then an export into the same folder
        regio = sign_in(session, "regio")
        first = di.get_initiative(session, regio, session.scalar(select(func.min(Initiative.id))))
        di.update_initiative(session, regio, first.id, first.version, replace(first.data, name="Nieuwe naam"))
    assert cli(db, "--as", "cp", "initiatives", "export-hsds", str(folder)) == 2
    assert "bestaat al" in capsys.readouterr().err and (folder / "services.csv").read_bytes() == before
    assert cli(db, "--as", "cp", "initiatives", "export-hsds", str(folder), "--force") == 0
    assert "Nieuwe naam" in (folder / "services.csv").read_text(encoding="utf-8")
    with db.unit_of_work() as session:
        logged = session.scalars(
            select(AccessLog.actor_login).where(
                AccessLog.action == Action.EXPORT, AccessLog.object_type == "initiatieven"
            )
        ).all()
    assert logged == ["cp", "cp"]
