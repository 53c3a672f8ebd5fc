"""``python -m app worklist`` and ``python -m app pack`` through the real command-line entry point,
on a fresh database with committed data: output, exit codes, the file and the access log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import run
from app.db.models import AccessLog
from app.db.session import Database
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverKind, HandoverStatus
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.services.cases import handovers as ho
from app.services.users import create_user, sign_in
from tests.db.case_fixtures import BUNNIK, ZEIST, family
from tests.identity import playable

TODAY = dt.date.today()


@pytest.fixture
def db(fresh_database: Database) -> tuple[Database, dict[str, int]]:
    playable(fresh_database)
    with fresh_database.unit_of_work() as session:
        system = Actor.system_actor("test")
        create_user(
            session, system, login="cp", name="Cor Contact", role=Role.CONTACTPERSOON, gemeente_code=ZEIST
        )
        create_user(
            session, system, login="bun", name="Bea Bunnik", role=Role.CONSULENT, gemeente_code=BUNNIK
        )
    with fresh_database.unit_of_work() as session:
        cp = sign_in(session, "cp")
        dossier = family(session, cp, head="Şahin Yılmaz")
        late = ho.create_handover(
            session,
            cp,
            dossier.id,
            ho.HandoverInput(HandoverKind.VWN_MB, due_on=TODAY - dt.timedelta(days=5)),
        )
        gp = ho.create_handover(
            session, cp, dossier.id, ho.HandoverInput(HandoverKind.GCA_HUISARTS, due_on=TODAY)
        )
        ho.change_status(session, cp, gp.id, gp.version, HandoverStatus.AANGEVRAAGD)
        ids = {"dossier": dossier.id, "late": late.id, "gp": gp.id}
    return fresh_database, ids


def _cli(db: Database, *argv: str) -> int:
    return run(["--db", db.url.render_as_string(hide_password=False), *argv])


def _log(db: Database, action: Action) -> list[AccessLog]:
    with db.unit_of_work() as session:
        return list(
            session.scalars(select(AccessLog).where(AccessLog.action == action).order_by(AccessLog.id))
        )


def test_worklist_prints_the_overdue_handovers(db, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    database, ids = db
    assert _cli(database, "--as", "cp", "worklist", "--list", "te-laat", "--csv") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Dossier;V-nummer;Hoofdaanvrager;Gemeente;Overdracht")
    assert len(lines) == 2
    cells = lines[1].split(";")
    assert cells[0] == str(ids["dossier"]) and cells[2] == "Şahin Yılmaz"
    assert cells[4] == "Vluchtelingenwerk → maatschappelijke begeleiding" and cells[9] == "5"
    exports = _log(database, Action.EXPORT)
    assert [(r.actor_login, r.object_type) for r in exports] == [("cp", "werklijst")]
    # The dossiers the CSV holds, by id; not the household head's name.
    assert (
        exports[0].detail.endswith(f"rijen=1; dossiers={ids['dossier']}")
        and "Yılmaz" not in exports[0].detail
    )

    assert _cli(database, "--as", "cp", "worklist") == 0  # this week, as a table
    out = capsys.readouterr().out
    assert "Deze week af te ronden: 1 overdracht(en)" in out and "GCA → huisarts" in out


def test_worklist_of_another_gemeente_is_refused(db, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    database, _ = db
    assert _cli(database, "--as", "bun", "worklist", "--gemeente", "gm0355") == 2
    assert (
        "Alleen een regio-coördinator, contactpersoon, consulent of lezer (alleen lezen) van Zeist kan "
        "werklijsten doorzoeken; u bent consulent van Bunnik." in capsys.readouterr().err
    )
    assert [
        (r.actor_login, r.result) for r in _log(database, Action.SEARCH) if r.object_type == "werklijst"
    ] == [("bun", "denied")]


def test_pack_is_refused_without_consent_and_written_with_an_override(db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    database, ids = db
    out = tmp_path / "pakket huisarts.pdf"
    args = ("--as", "cp", "pack", str(ids["dossier"]), "--kind", "gca_huisarts", "--out", str(out))
    assert _cli(database, *args) == 2
    assert "toestemming" in capsys.readouterr().err and not out.exists()
    assert _log(database, Action.PRINT) == []

    assert _cli(database, *args, "--override", "Huisarts moet vóór de verhuizing inschrijven") == 0
    assert "Overdrachtspakket geschreven naar" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    [printed] = _log(database, Action.PRINT)
    assert (printed.actor_login, printed.object_id) == ("cp", str(ids["gp"]))
    assert "Huisarts moet vóór de verhuizing inschrijven" in printed.detail


def test_pack_with_consent_and_wrong_kind(db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    database, ids = db
    with database.unit_of_work() as session:
        cp = sign_in(session, "cp")
        h = ho.get_handover(session, cp, ids["late"])
        ho.record_consent(
            session,
            cp,
            h.id,
            h.version,
            ConsentStatus.GEGEVEN,
            on=dt.date.today(),
            method=ConsentMethod.IN_PERSON,
        )
    out = tmp_path / "vwn.pdf"
    assert _cli(database, "--as", "cp", "pack", str(ids["dossier"]), "--kind", "vwn", "--out", str(out)) == 0
    assert out.exists()
    assert (
        _cli(database, "--as", "cp", "pack", str(ids["dossier"]), "--kind", "tandarts", "--out", str(out))
        == 2
    )
    assert "Onbekende soort overdracht" in capsys.readouterr().err
    assert (
        _cli(database, "--as", "bun", "pack", str(ids["dossier"]), "--kind", "vwn_mb", "--out", str(out)) == 2
    )
    assert (
        "Alleen een regio-coördinator, contactpersoon, consulent of lezer (alleen lezen) van Zeist kan "
        "dit dossier inzien; u bent consulent van Bunnik." in capsys.readouterr().err
    )
