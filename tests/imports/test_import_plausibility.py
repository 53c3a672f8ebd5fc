"""Issue 10, no silent misreads: every number, date and municipality of each kind is range-checked
(row error beyond, warning near the edge), through run_import on real files and a real database:
the exact messages, nothing out of range in the database, the valid rows imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db.models import Dwelling, PeriodRow, Taakstelling
from app.db.session import Database
from app.imports.engine import run_import
from app.imports.results import ImportRequest, ImportResult
from app.services.access import Actor
from tests.imports.conftest import COA_HEADER, koppelingen, write_xlsx

D = dt.date
TODAY = D(2026, 12, 1)
LINKED = D(2026, 11, 1)
FORMULA_ERROR = (
    "de cel bevat een formule met de fout {}; vul de waarde zelf in of herbereken en sla op in Excel."
)
UNCACHED = (
    "de cel bevat een formule zonder opgeslagen uitkomst; open het bestand in Excel en sla het opnieuw op."
)


def _run(db: Database, actor: Actor, path: Path, kind: str, *, dry_run: bool = False) -> ImportResult:
    with db.unit_of_work() as session:
        return run_import(session, actor, ImportRequest(path, kind), dry_run=dry_run, today=TODAY)


def _errors(result: ImportResult) -> dict[int, list[str]]:
    return {r.row_number: list(r.errors.values()) for r in result.rows if r.status == "error"}


def _warnings(result: ImportResult) -> dict[int, list[str]]:
    return {r.row_number: list(r.warnings.values()) for r in result.rows if r.warnings}


def _coa(vnummer: str, persons: Any = 2, gemeente: Any = "Utrecht", linked: Any = LINKED) -> list[Any]:
    return [vnummer, "X", persons, None, None, gemeente, linked, "Arabisch", "AZC Utrecht"]


def test_koppelingen_ranges_warnings_municipalities_and_totals(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    header = [*COA_HEADER, "Nareizigers"]
    rows: list[list[Any]] = [
        header,
        [*_coa("1000000001"), 0],  # 2: fine
        [*_coa("1000000002", persons="1000000000000000000000000000000"), 0],  # 3
        [*_coa("1000000003", persons=float(2**63)), 0],  # 4
        [*_coa("1000000004", persons=9999), 0],  # 5
        [*_coa("1000000005", persons=14), 0],  # 6: warning
        [*_coa("1000000006"), 2**31],  # 7
        [*_coa("1000000007"), 11],  # 8: warning
        [*_coa("1000000008", linked="01-01-1850"), 0],  # 9
        [*_coa("1000000009", linked=D(9999, 12, 31)), 0],  # 10
        [*_coa("1000000010", linked=D(2022, 6, 1)), 0],  # 11: warning
        [*_coa("1000000011", persons="1,000"), 0],  # 12
        [*_coa("1000000012", gemeente="Bunnik; Zeist"), 0],  # 13
        [*_coa("1000000013", gemeente="Utrecht/Zeist"), 0],  # 14
        [*_coa("1000000014", gemeente="Utrecht (provincie)"), 0],  # 15
        [*_coa("1000000015", gemeente="De Bilt", linked="3 March 2026"), 0],  # 16: fine
        [*_coa("1000000016", gemeente="Utrechtse Heuvelrug", linked="Mar 3 2026"), 0],  # 17: fine
        ["Totaal 16 gemeenten", None, 9, None, None, None, None, None, None, 0],  # 18: skipped
    ]
    path = write_xlsx(tmp_path / "coa.xlsx", rows)
    preview = _run(fresh_database, coordinator, path, "koppelingen", dry_run=True)
    assert _errors(preview) == {
        3: ["Gezinsgrootte 1000000000000000000000000000000 is te groot (hoogstens 20)."],
        4: ["Gezinsgrootte 9.22337E+18 is te groot (hoogstens 20)."],
        5: ["Gezinsgrootte 9999 is te groot (hoogstens 20)."],
        7: ["Nareizigers verwacht 2147483648 is te groot (hoogstens 20)."],
        9: ["Datum koppeling 01-01-1850 ligt te ver terug (niet eerder dan 01-12-2016)."],
        10: ["Datum koppeling 31-12-9999 ligt te ver in de toekomst (niet later dan 01-01-2027)."],
        12: ["Gezinsgrootte: '1,000' is geen geheel getal; bedoelt u 1 of 1000?"],
        13: ["Gemeente: 'Bunnik; Zeist' noemt meer dan één gemeente; geef per rij één gemeente."],
        14: ["Gemeente: 'Utrecht/Zeist' noemt meer dan één gemeente; geef per rij één gemeente."],
        15: ["Gemeente: 'Utrecht (provincie)' is geen gemeente."],
    }
    assert _warnings(preview) == {
        6: ["Gezinsgrootte 14 is ongewoon hoog (meer dan 12); klopt dat?"],
        8: ["Nareizigers verwacht 11 is ongewoon hoog (meer dan 10); klopt dat?"],
        11: ["Datum koppeling 01-06-2022 ligt ongewoon ver terug (vóór 01-12-2025); klopt dat?"],
    }
    assert preview.counts == {"new": 6, "changed": 0, "unchanged": 0, "error": 10}
    assert preview.warned == 3
    assert preview.skipped == [(18, "Totaal 16 gemeenten")]
    lines = preview.summary_lines()
    assert "  3 rijen met een waarschuwing (wel ingelezen; controleer ze)." in lines
    assert "  1 totaalregel overgeslagen (regel 18: 'Totaal 16 gemeenten')." in lines
    row6 = next(r for r in preview.rows if r.row_number == 6)
    assert (
        row6.status == "new"
        and row6.message() == "Let op: Gezinsgrootte 14 is ongewoon hoog (meer dan 12); klopt dat?"
    )
    assert koppelingen(fresh_database) == {}  # a preview stores nothing

    result = _run(fresh_database, coordinator, path, "koppelingen")
    assert result.counts["new"] == 6 and result.counts["error"] == 10 and result.warned == 3
    # After a real import the report still lists the rows that warned.
    assert sorted(r.row_number for r in result.rows if r.warnings) == [6, 8, 11]
    stored = koppelingen(fresh_database)
    assert sorted(stored) == [
        "1000000001",
        "1000000005",
        "1000000007",
        "1000000010",
        "1000000015",
        "1000000016",
    ]
    assert stored["1000000005"]["persons"] == 14
    assert stored["1000000007"]["expected_followers"] == 11
    assert stored["1000000015"]["linked_on"] == D(2026, 3, 3) and stored["1000000015"]["gemeente"] == "GM0310"
    assert stored["1000000016"]["linked_on"] == D(2026, 3, 3) and stored["1000000016"]["gemeente"] == "GM1581"
    assert all(1 <= k["persons"] <= 20 and 0 <= k["expected_followers"] <= 20 for k in stored.values())


def test_koppelingen_household_split_out_of_range(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    header = ["V-nummer", "Volwassenen", "Kinderen", "Gemeente", "Datum koppeling"]
    path = write_xlsx(tmp_path / "split.xlsx", [
        header,
        ["1000000001", 12, 12, "Utrecht", D(2026, 11, 1)],
        ["1000000002", 2, 3, "Utrecht", D(2026, 11, 1)],
        ["1000000003", 2, 25, "Utrecht", D(2026, 11, 1)],
    ])  # fmt: skip
    result = _run(fresh_database, coordinator, path, "koppelingen")
    assert _errors(result) == {
        2: ["Gezinsgrootte 24 (12 volwassene(n) + 12 kind(eren)) is te groot (hoogstens 20)."],
        4: ["Kinderen 25 is te groot (hoogstens 19)."],
    }
    assert _warnings(result) == {}  # a refused row carries only its errors
    assert sorted(koppelingen(fresh_database)) == ["1000000002"]


def test_formula_cells_without_a_usable_value(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    import xlsxwriter

    path = tmp_path / "formules.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Blad1")
    ws.write_row(0, 0, COA_HEADER)
    good = ["1000000001", "A", 2, 1, 1, "Utrecht"]
    ws.write_row(1, 0, good)
    ws.write_datetime(1, 6, dt.datetime(2026, 11, 1))
    ws.write_formula(2, 0, "=VLOOKUP(B3,Lijst!A:B,2,0)", None, "#N/A")  # error value
    ws.write_row(2, 1, ["B", 2, 1, 1, "Utrecht"])
    ws.write_datetime(2, 6, dt.datetime(2026, 11, 1))
    ws.write_row(3, 0, ["1000000003", "C"])
    ws.write_formula(3, 2, "=D4+E4", None, "")  # no stored result
    ws.write_row(3, 3, [1, 1, "Utrecht"])
    ws.write_formula(3, 6, "=1/0", None, "#DIV/0!")
    wb.close()
    result = _run(fresh_database, coordinator, path, "koppelingen")
    assert _errors(result) == {
        3: ["V-nummer: " + FORMULA_ERROR.format("#N/A")],
        4: ["Gezinsgrootte: " + UNCACHED, "Datum koppeling: " + FORMULA_ERROR.format("#DIV/0!")],
    }
    assert sorted(koppelingen(fresh_database)) == ["1000000001"]


def test_error_values_as_text_in_a_csv(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    path = tmp_path / "coa.csv"
    path.write_text(
        "V-nummer;Gezinsgrootte;Gemeente;Datum koppeling\n"
        "1000000001;2;Utrecht;01-11-2026\n"
        "#N/A;2;Utrecht;01-11-2026\n"
        "Totaal;2;;\n",
        encoding="utf-8",
    )
    result = _run(fresh_database, coordinator, path, "koppelingen")
    assert _errors(result) == {3: ["V-nummer: " + FORMULA_ERROR.format("#N/A")]}
    assert result.skipped == [(4, "Totaal")]
    assert sorted(koppelingen(fresh_database)) == ["1000000001"]


def test_taakstellingen_ranges(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "taak.xlsx", [
        ["Gemeente", "Halfjaar", "Aantal personen", "Achterstand"],
        ["Utrecht", "2026-H2", 300, 12],  # 2: fine
        ["Zeist", "2026-H2", 10**30, None],  # 3
        ["Bunnik", "2026-H2", "9223372036854775808", None],  # 4
        ["Houten", "2026-H2", 2500, None],  # 5: warning
        ["De Bilt", "2026-H2", 40, 2**31],  # 6
        ["Woerden", "1999-H1", 40, None],  # 7
        ["Lopik", "2026-H2", "1,000", None],  # 8
        ["Bunnik; Zeist", "2027-H1", 40, None],  # 9
        ["Totaal", None, 2880, None],  # 10: skipped
        ["Eindtotaal", "", "", None],  # 11: skipped
    ])  # fmt: skip
    result = _run(fresh_database, coordinator, path, "taakstellingen")
    assert _errors(result) == {
        3: ["Taakstelling 1E+30 is te groot (hoogstens 5.000)."],
        4: ["Taakstelling 9223372036854775808 is te groot (hoogstens 5.000)."],
        6: ["Achterstand 2147483648 is te groot (hoogstens 5.000)."],
        7: ["Periode 1999-H1 valt buiten de halfjaren die het programma kent (2016-H1 tot en met 2028-H2)."],
        8: ["Taakstelling: '1,000' is geen geheel getal; bedoelt u 1 of 1000?"],
        9: ["Gemeente: 'Bunnik; Zeist' noemt meer dan één gemeente; geef per rij één gemeente."],
    }
    assert _warnings(result) == {5: ["Taakstelling 2500 is ongewoon hoog (meer dan 2.000); klopt dat?"]}
    assert [n for n, _text in result.skipped] == [10, 11]
    assert (
        "  2 totaalregels overgeslagen (regel 10: 'Totaal', regel 11: 'Eindtotaal')."
        in result.summary_lines()
    )
    with fresh_database.session() as session:
        got = session.execute(
            select(PeriodRow.code, Taakstelling.persons, Taakstelling.backlog_in).join(PeriodRow)
        )
        assert sorted(tuple(r) for r in got) == [("2026-H2", 300, 12), ("2026-H2", 2500, None)]


def test_woningen_ranges(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    header = ["Corporatie", "Objectnummer", "Gemeente", "Aantal slaapkamers", "Max. bewoners", "Kale huur",
              "Beschikbaar vanaf"]  # fmt: skip
    path = write_xlsx(tmp_path / "woningen.xlsx", [
        header,
        ["Mitros", "V-1", "Utrecht", 2, 4, 645.5, D(2026, 12, 15)],  # 2: fine
        ["Mitros", "V-2", "Utrecht", 10**30, 4, 645.5, D(2026, 12, 15)],  # 3
        ["Mitros", "V-3", "Utrecht", 2, 2**63, 645.5, D(2026, 12, 15)],  # 4
        ["Mitros", "V-4", "Utrecht", 2, 4, 1e30, D(2026, 12, 15)],  # 5
        ["Mitros", "V-5", "Utrecht", 2, 4, 645.5, D(2001, 1, 1)],  # 6
        ["Mitros", "V-6", "Utrecht", 2, 4, 645.5, D(9999, 12, 31)],  # 7
        ["Mitros", "V-7", "Utrecht", 7, 14, 1600, D(2027, 8, 1)],  # 8: three warnings
        ["Mitros", "V-8", "Utrecht", "1,000", 4, "1,5", D(2026, 12, 15)],  # 9
        ["Mitros", "V-9", "Utrecht/Zeist", 2, 4, 645.5, D(2026, 12, 15)],  # 10
        ["Mitros", "V-10", "Utrecht", 2, 4, "1.250,00", "3 March 2026"],  # 11: warning (date)
        ["Som", None, None, 31, None, None, None],  # 12: skipped
    ])  # fmt: skip
    result = _run(fresh_database, coordinator, path, "woningen")
    assert _errors(result) == {
        3: ["Slaapkamers 1E+30 is te groot (hoogstens 10)."],
        4: ["Max. bewoners 9.22337E+18 is te groot (hoogstens 20)."],
        5: ["Huur 1E+30 is te groot (hoogstens 5.000)."],
        6: ["Beschikbaar per 01-01-2001 ligt te ver terug (niet eerder dan 01-12-2025)."],
        7: ["Beschikbaar per 31-12-9999 ligt te ver in de toekomst (niet later dan 01-12-2028)."],
        9: ["Slaapkamers: '1,000' is geen geheel getal; bedoelt u 1 of 1000?"],
        10: ["Gemeente: 'Utrecht/Zeist' noemt meer dan één gemeente; geef per rij één gemeente."],
    }
    assert _warnings(result) == {
        8: ["Slaapkamers 7 is ongewoon hoog (meer dan 6); klopt dat?",
            "Max. bewoners 14 is ongewoon hoog (meer dan 12); klopt dat?",
            "Huur 1600 is ongewoon hoog (meer dan 1.500); klopt dat?",
            "Beschikbaar per 01-08-2027 ligt ongewoon ver vooruit (na 02-06-2027); klopt dat?"],
        11: ["Beschikbaar per 03-03-2026 ligt ongewoon ver terug (vóór 01-10-2026); klopt dat?"],
    }  # fmt: skip
    assert result.skipped == [(12, "Som")]
    with fresh_database.session() as session:
        got = session.execute(
            select(Dwelling.reference, Dwelling.bedrooms, Dwelling.max_occupants, Dwelling.rent,
                   Dwelling.available_from).order_by(Dwelling.reference)
        )  # fmt: skip
        assert [tuple(r) for r in got] == [
            ("V-1", 2, 4, 645.5, D(2026, 12, 15)),
            ("V-10", 2, 4, 1250.0, D(2026, 3, 3)),
            ("V-7", 7, 14, 1600.0, D(2027, 8, 1)),
        ]


def test_a_koppeling_date_more_than_a_year_back_is_a_warning_not_an_error(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    """Issue 17: dates years back imported silently. Older than a year: a warning; ten years: an error."""
    rows: list[list[Any]] = [
        [*COA_HEADER, "Nareizigers"],
        [*_coa("1000000101", linked=D(2025, 12, 2)), 0],  # 2: within the year, fine
        [*_coa("1000000102", linked=D(2025, 5, 1)), 0],  # 3: a year and a half: warning
        [*_coa("1000000103", linked=D(2016, 11, 30)), 0],  # 4: more than ten years: error
    ]
    path = write_xlsx(tmp_path / "old.xlsx", rows)
    preview = _run(fresh_database, coordinator, path, "koppelingen", dry_run=True)
    assert _warnings(preview) == {
        3: ["Datum koppeling 01-05-2025 ligt ongewoon ver terug (vóór 01-12-2025); klopt dat?"]
    }
    assert list(_errors(preview)) == [4]
    assert preview.counts["new"] == 2
