"""The export service on SQLite and PostgreSQL: the file a user gets (rows, kinds, Info sheet), the
access-log row, refusal for a role without rights, and never a half-written file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AccessLog, KoppelingStatus
from app.domain.roles import Action, Role
from app.errors import PermissionDenied, UserError
from app.io.excel.writer import ColumnSpec
from app.services.export_lists import ListOptions, export_named_list
from app.services.exports import default_file_name, export_list
from tests.db.board_fixtures import dwelling, koppeling, setup_periods, taakstelling

ZEIST, UTRECHT = "GM0355", "GM0344"


def _log(session: Session) -> list[AccessLog]:
    return list(session.scalars(select(AccessLog).order_by(AccessLog.id)))


def _sheet(path: Path) -> tuple[list[tuple], dict[str, str]]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[1] == "Info"
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    info = {k: v for k, v in wb["Info"].iter_rows(min_row=2, values_only=True)}
    return rows, info


def test_koppelingen_export_holds_the_filtered_rows_and_is_logged(
    session: Session,
    make_actor,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    today = dt.date.today()
    old = koppeling(session, ZEIST, today - dt.timedelta(days=40), 5, azc_location="AZC Zeist")
    new = koppeling(session, ZEIST, today - dt.timedelta(days=2), 1, azc_location="=cmd|' /C calc'!A0")
    koppeling(session, UTRECHT, today - dt.timedelta(days=9), 3)
    koppeling(session, ZEIST, today - dt.timedelta(days=1), 2, status=KoppelingStatus.VERVALLEN)
    actor = make_actor(Role.CONTACTPERSOON, ZEIST, login="cp-zeist")
    before = len(_log(session))

    path = tmp_path / "koppelingen.xlsx"
    options = ListOptions(gemeente_code=ZEIST, status="gekoppeld")
    result = export_named_list(session, actor, "koppelingen", path, options)

    assert result.rows == 2 and result.path == path
    rows, info = _sheet(path)
    header = rows[0]
    assert header[:5] == ("V-nummer", "Gemeente", "CBS-code", "Gekoppeld op", "Personen")
    by_v = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert list(by_v) == [old.v_nummer, new.v_nummer]  # oldest link first
    assert by_v[old.v_nummer]["Gekoppeld op"] == dt.datetime.combine(old.linked_on, dt.time())
    assert by_v[old.v_nummer]["Personen"] == 5 and by_v[old.v_nummer]["Status"] == "Gekoppeld"
    assert by_v[new.v_nummer]["AZC"] == "=cmd|' /C calc'!A0"  # text, never a formula
    assert info["Lijst"] == "Koppelingen" and info["Aantal rijen"] == "2"
    assert info["Gebruiker"] == "Test Gebruiker" and info["Gemeente"] == "Zeist"
    assert "GM0355" in info["Filter"] and "gekoppeld" in info["Filter"]
    assert info["Exporttijd"].endswith("(Nederlandse tijd)")

    logged = [r for r in _log(session)[before:] if r.action == Action.EXPORT]
    assert [(r.actor_login, r.object_type, r.result) for r in logged] == [("cp-zeist", "koppeling", "ok")]
    assert "rijen=2" in logged[0].detail and "koppelingen.xlsx" not in logged[0].detail  # no file name


def test_columns_keep_their_kinds(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    dwelling(session, UTRECHT, 3, 5, dt.date(2026, 3, 1), rent=712.5, corporation="Mitros")
    actor = make_actor(Role.REGIO_COORDINATOR)
    path = tmp_path / "woningen.xlsx"
    export_named_list(session, actor, "woningen", path)
    ws = openpyxl.load_workbook(path)["Woningen"]
    header = [c.value for c in ws[1]]
    cells = {title: ws.cell(2, i + 1) for i, title in enumerate(header)}
    assert cells["Beschikbaar per"].value == dt.datetime(2026, 3, 1)
    assert cells["Beschikbaar per"].number_format == "dd-mm-yyyy"
    assert cells["Slaapkamers"].value == 3 and cells["Huur"].value == 712.5
    assert cells["Toegankelijk"].value == "nee" and cells["Soort"].value == "Eengezinswoning"


def test_board_export_has_every_gemeente_and_the_totals(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    period_ids = setup_periods(session)
    taakstelling(session, ZEIST, period_ids["2017-H1"], 30)
    actor = make_actor(Role.ALLEEN_LEZEN)
    path = tmp_path / "bord.xlsx"
    result = export_named_list(session, actor, "board", path, ListOptions(period="2017-H1"))
    rows, info = _sheet(path)
    assert result.rows == 17 and rows[-1][0] == "Totaal regio"
    zeist = next(r for r in rows if r[0] == "Zeist")
    assert zeist[2] == 30 and rows[-1][2] == 30  # taakstelling: a number, and the region's total
    assert info["Filter"].startswith("Periode: 2017-H1")


@pytest.mark.parametrize(
    ("role", "list_name"),
    [
        (Role.CONTACTPERSOON, "toegangslog"),
        (Role.CONSULENT, "users"),
        (Role.REGIO_COORDINATOR, "toegangslog"),
    ],
)
def test_export_refused_and_logged_for_a_role_without_rights(
    session: Session,
    make_actor,
    tmp_path: Path,
    role: Role,
    list_name: str,  # type: ignore[no-untyped-def]
) -> None:
    actor = make_actor(role)
    path = tmp_path / "geweigerd.xlsx"
    with pytest.raises(PermissionDenied) as refused:
        export_named_list(session, actor, list_name, path)
    assert "exporteren" in refused.value.message
    assert not path.exists() and list(tmp_path.iterdir()) == []
    denied = [r for r in _log(session) if r.result == "denied"]
    assert [(r.actor_login, r.action) for r in denied][-1:] == [(actor.login, Action.EXPORT)]


def test_contactpersoon_exports_the_users_of_the_own_gemeente(
    session: Session, make_actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    make_actor(Role.CONSULENT, ZEIST, login="elders")
    actor = make_actor(Role.CONTACTPERSOON, UTRECHT, login="cp-utrecht")
    path = tmp_path / "gebruikers.xlsx"
    export_named_list(session, actor, "users", path)
    rows, _info = _sheet(path)
    logins = [r[0] for r in rows[1:]]
    assert "cp-utrecht" in logins and "elders" not in logins


COLUMNS = [ColumnSpec("naam", "Naam"), ColumnSpec("n", "Aantal", "int")]


def test_file_open_in_excel_keeps_the_old_file_and_says_so(
    session: Session,
    make_actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    actor = make_actor(Role.REGIO_COORDINATOR)
    path = tmp_path / default_file_name("koppelingen", dt.date(2026, 11, 23))
    assert path.name == "koppelingen-2026-11-23.xlsx"
    path.write_bytes(b"the previous export")

    def locked(_src: object, _dst: object) -> None:  # what Windows does while Excel holds the file
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(UserError) as failed:
        export_list(session, actor, "koppelingen", COLUMNS, [["a", 1]], path)
    assert "geopend in Excel" in failed.value.message
    assert path.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left


def test_cancel_while_writing_leaves_nothing(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(Role.REGIO_COORDINATOR)
    path = tmp_path / "lang.xlsx"

    class Stop(Exception):
        pass

    def progress(fraction: float) -> None:
        if fraction > 0.2:
            raise Stop

    with pytest.raises(Stop):
        export_list(
            session, actor, "koppelingen", COLUMNS, [["x", i] for i in range(3000)], path, progress=progress
        )
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_clear_message(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(Role.REGIO_COORDINATOR)
    with pytest.raises(UserError) as failed:
        export_list(session, actor, "koppelingen", COLUMNS, [], tmp_path / "weg" / "x.xlsx")
    assert "bestaat niet" in failed.value.message


def test_unknown_list_and_status_are_refused_in_dutch(session: Session, make_actor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(Role.REGIO_COORDINATOR)
    with pytest.raises(UserError, match="Onbekende lijst"):
        export_named_list(session, actor, "dossiers", tmp_path / "x.xlsx")
    with pytest.raises(UserError, match="Onbekende status"):
        export_named_list(session, actor, "koppelingen", tmp_path / "x.xlsx", ListOptions(status="klaar"))
