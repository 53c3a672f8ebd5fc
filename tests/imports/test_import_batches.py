"""Undo, rejected rows, rights, profiles, hostile files, the other kinds and the CLI."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.models import AccessLog, Dwelling, Koppeling, PeriodRow, Taakstelling
from app.db.session import Database
from app.domain.roles import Role
from app.errors import PermissionDenied, UserError
from app.imports.engine import run_import, write_rejected_file
from app.imports.history import list_batches, undo_batch
from app.imports.profiles import list_profiles, save_profile
from app.imports.results import ImportRequest
from app.io.excel.safety import ImportFileError
from app.services.access import Actor
from tests.identity import playable
from tests.imports.conftest import COA_HEADER, koppelingen, write_xlsx

D = dt.date


def _run(db: Database, actor: Actor, path: Path, kind: str = "koppelingen", **kw):  # type: ignore[no-untyped-def]
    dry_run = kw.pop("dry_run", False)
    with db.unit_of_work() as session:
        return run_import(session, actor, ImportRequest(path, kind, **kw), dry_run=dry_run)


def _first(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "first.xlsx", [COA_HEADER,
        ["1000000001", "A", 3, 2, 1, "Utrecht", D(2026, 5, 1), "Arabisch", "AZC Utrecht"],
        ["1000000002", "B", 1, 1, 0, "Zeist", D(2026, 5, 2), "Dari", "AZC Zeist"],
    ])  # fmt: skip


def _second(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "second.xlsx", [COA_HEADER,
        ["1000000001", "A", 5, 2, 3, "Utrecht", D(2026, 5, 1), "Arabisch, Engels", "AZC Utrecht"],
        ["1000000003", "C", 2, 2, 0, "Houten", D(2026, 5, 3), "Farsi", "AZC Amersfoort"],
    ])  # fmt: skip


def test_undo_restores_changed_rows_and_removes_new_ones(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    _run(fresh_database, coordinator, _first(tmp_path))
    before = koppelingen(fresh_database)
    second = _run(fresh_database, coordinator, _second(tmp_path))
    assert koppelingen(fresh_database)["1000000001"]["languages"] == "Arabisch, Engels"
    with fresh_database.unit_of_work() as session:
        undo_batch(session, coordinator, second.batch_id)
    after = koppelingen(fresh_database)
    assert set(after) == {"1000000001", "1000000002"}
    for v_nummer in after:
        assert {k: v for k, v in after[v_nummer].items() if k != "version"} == {
            k: v for k, v in before[v_nummer].items() if k != "version"
        }
    with fresh_database.session() as session:
        batches = list_batches(session, coordinator)
    assert [(b.id, b.status.value) for b in batches] == [(second.batch_id, "ongedaan"), (1, "ingelezen")]
    with pytest.raises(UserError, match="al ongedaan"), fresh_database.unit_of_work() as session:
        undo_batch(session, coordinator, second.batch_id)


def test_undo_refused_when_a_row_changed_since(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    result = _run(fresh_database, coordinator, _first(tmp_path))
    with fresh_database.unit_of_work() as session:
        row = session.scalar(select(Koppeling).where(Koppeling.v_nummer == "1000000002"))
        row.notes = "gebeld met COA"
    before = koppelingen(fresh_database)
    with pytest.raises(UserError, match="1000000002"), fresh_database.unit_of_work() as session:
        undo_batch(session, coordinator, result.batch_id)
    assert koppelingen(fresh_database) == before


def test_rejected_rows_file_can_be_fixed_and_imported_again(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    import openpyxl

    path = write_xlsx(tmp_path / "errors.xlsx", [COA_HEADER,
        ["1000000001", "A", 3, 2, 1, "Utrecht", D(2026, 5, 1), "", ""],
        ["1000000007", "G", 2, 1, 1, "Nergenshuizen", D(2026, 5, 4), "", ""],
    ])  # fmt: skip
    result = _run(fresh_database, coordinator, path)
    out = tmp_path / "afgewezen.xlsx"
    assert write_rejected_file(result, out) == 1
    wb = openpyxl.load_workbook(out)
    ws = wb["Afgewezen rijen"]
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0] == [*COA_HEADER, "Foutmelding"]
    assert values[1][:6] == ["1000000007", "G", 2, 1, 1, "Nergenshuizen"]
    assert "Nergenshuizen" in values[1][-1] and "onbekend" in values[1][-1]
    ws.cell(row=2, column=6, value="Lopik")
    wb.save(out)
    again = _run(fresh_database, coordinator, out)
    assert again.counts["new"] == 1 and again.counts["error"] == 0
    assert koppelingen(fresh_database)["1000000007"]["gemeente"] == "GM0331"


def test_contactpersoon_imports_only_the_own_gemeente(
    fresh_database: Database,
    actor_for_role,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    houten = actor_for_role(Role.CONTACTPERSOON, "GM0321")
    path = write_xlsx(tmp_path / "mixed.xlsx", [COA_HEADER,
        ["1000000011", "A", 1, 1, 0, "Houten", D(2026, 5, 1), "", ""],
        ["1000000012", "B", 1, 1, 0, "Zeist", D(2026, 5, 1), "", ""],
    ])  # fmt: skip
    result = _run(fresh_database, houten, path)
    assert result.counts["new"] == 1 and result.counts["error"] == 1
    assert "eigen gemeente" in result.rejected[0][1]
    assert set(koppelingen(fresh_database)) == {"1000000011"}


def test_beheerder_may_not_import_koppelingen_and_the_refusal_is_logged(
    fresh_database: Database,
    actor_for_role,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    admin = actor_for_role(Role.BEHEERDER, None, "beheer")
    with pytest.raises(PermissionDenied):
        _run(fresh_database, admin, _first(tmp_path))
    assert koppelingen(fresh_database) == {}
    with fresh_database.session() as session:
        refused = session.scalars(
            select(AccessLog).where(AccessLog.actor_login == "beheer", AccessLog.result == "denied")
        )
        assert [e.object_type for e in refused] == ["import koppelingen"]


def test_saved_profile_maps_unusual_headers(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    header = ["Dossier", "Plaats van vestiging", "Startdatum traject", "Omvang", "Moedertaal"]
    path = write_xlsx(tmp_path / "odd.xlsx", [header, ["1000000021", "Bunnik", D(2026, 4, 1), 2, "Somali"]])
    with pytest.raises(ImportFileError, match="niet gekoppeld"):
        _run(fresh_database, coordinator, path, dry_run=True)
    mapping = {0: "vnummer", 1: "gemeente", 2: "datum_koppeling", 3: "gezinsgrootte", 4: "taal"}
    with fresh_database.unit_of_work() as session:
        save_profile(session, coordinator, "koppelingen", "Gemeente-export", header, mapping)
    with fresh_database.session() as session:
        assert [p.name for p in list_profiles(session, "koppelingen")] == ["Gemeente-export"]
    # Another file with the same headers in another order still maps through the profile.
    moved = write_xlsx(
        tmp_path / "moved.xlsx", [header[::-1], ["Somali", 2, D(2026, 4, 1), "Bunnik", "1000000021"]]
    )
    result = _run(fresh_database, coordinator, moved, profile="Gemeente-export")
    assert result.counts["new"] == 1
    row = koppelingen(fresh_database)["1000000021"]
    assert (row["gemeente"], row["persons"], row["languages"]) == ("GM0312", 2, "Somali")


@pytest.mark.parametrize("make", ["not_excel", "zip_bomb", "truncated"])
def test_hostile_files_give_a_dutch_message_and_change_nothing(
    fresh_database: Database, coordinator: Actor, tmp_path: Path, make: str
) -> None:
    path = tmp_path / "bestand.xlsx"
    if make == "not_excel":
        path.write_text("dit is geen spreadsheet", encoding="utf-8")
    elif make == "zip_bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr("xl/worksheets/sheet1.xml", b"\0" * 300_000_000)
    else:
        good = _first(tmp_path)
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ImportFileError) as caught:
        _run(fresh_database, coordinator, path)
    assert caught.value.message_nl and "Traceback" not in caught.value.message_nl
    assert koppelingen(fresh_database) == {}


def test_taakstellingen(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "taak.xlsx", [
        ["Taakstelling vergunninghouders (bron: ministerie)"],
        ["Gemeente", "CBS-code", "Halfjaar", "Aantal personen", "Achterstand"],
        ["Utrecht", "GM0344", "2e helft 2026", 300, 12],
        ["Zeist", "GM0355", "2026-H2", "55", None],
        ["Zeist", "GM0355", "2027 1", 60, 0],
    ])  # fmt: skip
    result = _run(fresh_database, coordinator, path, kind="taakstellingen")
    assert result.counts == {"new": 3, "changed": 0, "unchanged": 0, "error": 0}, [
        r.errors for r in result.rows
    ]
    with fresh_database.session() as session:
        rows = session.execute(
            select(PeriodRow.code, Taakstelling.persons, Taakstelling.backlog_in).join(PeriodRow)
            .order_by(PeriodRow.code, Taakstelling.persons)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [("2026-H2", 55, None), ("2026-H2", 300, 12), ("2027-H1", 60, 0)]


def test_woningen_from_a_corporation_csv(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    text = (
        "sep=;\r\n"
        "Corporatie;Objectnummer;Gemeente;Adres;Woningtype;Aantal slaapkamers;Kale huur;Beschikbaar vanaf\r\n"
        "Mitros;VHE-001;Utrecht;Kerkstraat 1;portiekflat;2;€ 645,50;01-12-2026\r\n"
        "Bo-Ex;VHE-002;Utrecht;Molenweg 3;eengezinswoning;3;1.012,00;15-12-2026\r\n"
    )
    path = tmp_path / "vrijkomend.csv"
    path.write_bytes(text.encode("cp1252"))
    result = _run(fresh_database, coordinator, path, kind="woningen")
    assert result.counts["new"] == 2, [r.errors for r in result.rows]
    with fresh_database.session() as session:
        rows = session.scalars(select(Dwelling).order_by(Dwelling.reference)).all()
        got = [(d.corporation, d.reference, d.kind.value, d.bedrooms, d.rent, d.available_from) for d in rows]
    assert got == [
        ("Mitros", "VHE-001", "appartement", 2, 645.5, D(2026, 12, 1)),
        ("Bo-Ex", "VHE-002", "eengezinswoning", 3, 1012.0, D(2026, 12, 15)),
    ]


def test_cli_import_dry_run_then_real(
    fresh_database: Database, coordinator: Actor, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from app.cli import run

    playable(fresh_database, tester=None)  # --as: the test plays the coördinator
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    path = _first(tmp_path)
    assert run(["--db", url, "--as", "regio", "import", str(path), "--kind", "koppelingen", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Voorbeeld (er is niets opgeslagen)" in out and "Nieuw:" in out
    assert koppelingen(fresh_database) == {}
    assert run(["--db", url, "--as", "regio", "import", str(path), "--kind", "koppelingen"]) == 0
    assert "Opgeslagen als importbatch" in capsys.readouterr().out
    assert set(koppelingen(fresh_database)) == {"1000000001", "1000000002"}
    assert run(["--db", url, "--as", "regio", "import", str(path), "--kind", "onzin"]) == 2
