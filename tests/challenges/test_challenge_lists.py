"""The employers list and the challenges list to Excel, read back from the written file: every row,
the columns a user expects, the filter honoured, the record (pledged, filled, reliability); the
employers file reads back in through the ``werkgevers`` import unchanged. Both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from app.db.session import Database
from app.domain.challenges import CandidateStatus, PlaceKind
from app.domain.roles import Role
from app.services.challenges import employers as em
from app.services.challenges.lists import export_challenges, export_employers
from tests.challenges.fixtures import DAY, candidates, challenge, pledge
from tests.directory.import_support import actor, run

ZEIST, BUNNIK = "GM0355", "GM0312"


def _sheet(path: Path) -> list[dict[str, Any]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _setup(db: Database) -> tuple[Any, dict[str, int]]:
    who = actor(db, Role.CONTACTPERSOON, ZEIST, "cp-zeist")
    with db.unit_of_work() as s:
        bakery = em.create_employer(
            s,
            who,
            em.EmployerInput(
                name="Bakkerij De Korenbloem",
                gemeente_code=ZEIST,
                kvk="12345678",
                sector="C",
                size_class="10-49",
                address="Slotlaan 4",
                contacts=[
                    em.ContactInput("Anna de Vries", "HR", "030-1234567"),
                    em.ContactInput("Piet Bakker", "", "", "piet@korenbloem.example"),
                ],
            ),
        )
        hotel = em.create_employer(s, who, em.EmployerInput(name="Hotel De Linde", gemeente_code=ZEIST))
        made = challenge(s, who, ZEIST, title="Challenge Zorg en Techniek", held_on=DAY)
        challenge(s, who, ZEIST, title="Challenge Horeca", held_on=date(2026, 9, 1), target_places=8)
        p = pledge(s, who, ZEIST, bakery.id, made.id, places=4)
        candidates(s, who, ZEIST, p.id, [CandidateStatus.AANGENOMEN, CandidateStatus.VOORGESTELD])
        return who, {"bakery": bakery.id, "hotel": hotel.id, "challenge": made.id}


def test_the_employers_list_to_excel_and_back_in(fresh_database: Database, tmp_path: Path) -> None:
    who, _ids = _setup(fresh_database)
    path = tmp_path / "werkgevers.xlsx"
    with fresh_database.unit_of_work() as s:
        assert export_employers(s, who, path).rows == 2
    rows = _sheet(path)
    assert [r["Naam"] for r in rows] == ["Bakkerij De Korenbloem", "Hotel De Linde"]
    bakery = rows[0]
    assert (bakery["KvK-nummer"], bakery["Gemeente"], bakery["Werkgeversservicepunt"]) == (
        "12345678",
        "Zeist",
        "Zuidoost-Utrecht",
    )
    assert bakery["Sector"] == "C – Industrie" and bakery["Grootte"] == "10-49"
    assert (bakery["Contactpersoon"], bakery["Functie contactpersoon"], bakery["Telefoon"]) == (
        "Anna de Vries",
        "HR",
        "030-1234567",
    )
    assert bakery["Andere contactpersonen"] == "Piet Bakker · piet@korenbloem.example"
    assert (bakery["Plekken toegezegd"], bakery["Plekken ingevuld"], bakery["Betrouwbaarheid (%)"]) == (
        4,
        1,
        25,
    )
    assert rows[1]["Plekken toegezegd"] == 0 and rows[1]["Betrouwbaarheid (%)"] is None
    info = openpyxl.load_workbook(path)["Info"]
    assert any("Werkgevers (challenges)" in str(c) for r in info.iter_rows(values_only=True) for c in r)
    # As it went out, it reads back in: nothing new, nothing changed.
    back = run(fresh_database, who, path, kind="werkgevers", dry_run=True, today=DAY)
    assert back.counts == {"new": 0, "changed": 0, "unchanged": 2, "error": 0}
    filtered = tmp_path / "gefilterd.xlsx"
    with fresh_database.unit_of_work() as s:
        assert export_employers(s, who, filtered, text_filter="linde").rows == 1
    assert [r["Naam"] for r in _sheet(filtered)] == ["Hotel De Linde"]


def test_the_challenges_list_to_excel(fresh_database: Database, tmp_path: Path) -> None:
    who, ids = _setup(fresh_database)
    path = tmp_path / "challenges.xlsx"
    with fresh_database.unit_of_work() as s:
        assert export_challenges(s, who, path, today=date(2026, 4, 30)).rows == 2
    rows = _sheet(path)
    assert [r["Titel"] for r in rows] == ["Challenge Zorg en Techniek", "Challenge Horeca"]  # by date
    first = rows[0]
    assert first["Nummer"] == ids["challenge"] and first["Datum"].date() == DAY
    assert (first["Tijd"], first["Plaats"], first["Organiserende gemeenten"]) == (
        "14:00–17:00",
        "Gemeentehuis, Het Rond 1",
        "Zeist",
    )
    assert first["Status"] == "In voorbereiding" and first["Doel (plekken)"] == 20
    assert first["Soorten plekken"] == f"{PlaceKind.WERKSTAGE.label}, {PlaceKind.TAALSTAGE.label}"
    assert (first["Plekken toegezegd"], first["Plekken ingevuld"]) == (4, 1)
    assert "3 van 4 plekken niet ingevuld" in first["Nog open"]
    assert rows[1]["Doel (plekken)"] == 8 and rows[1]["Plekken toegezegd"] == 0


def test_an_export_is_logged_once_not_per_employer(fresh_database: Database, tmp_path: Path) -> None:
    from sqlalchemy import select

    from app.db.models import AccessLog
    from app.domain.roles import Action

    who, _ids = _setup(fresh_database)
    with fresh_database.session() as s:
        before = s.scalar(select(AccessLog.id).order_by(AccessLog.id.desc()).limit(1)) or 0
    with fresh_database.unit_of_work() as s:
        export_employers(s, who, tmp_path / "w.xlsx")
    with fresh_database.session() as s:
        logged = s.execute(
            select(AccessLog.action, AccessLog.object_type, AccessLog.detail).where(AccessLog.id > before)
        ).all()
    exports = [row for row in logged if row.action is Action.EXPORT]
    assert len(exports) == 1 and "lijst=werkgevers; rijen=2" in (exports[0].detail or "")
    assert not [row for row in logged if row.action is Action.READ]  # no row per employer
