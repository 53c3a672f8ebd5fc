"""A COA-like sheet with the quirks of real ones, and the koppelingen it meets in the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.db.models import Koppeling
from app.db.session import Database
from tests.db import board_fixtures as bf

HOUTEN, BUNNIK, ZEIST, UTRECHT = "GM0321", "GM0312", "GM0355", "GM0344"
HEADER = [
    "V-nummer", "Achternaam", "Gekoppelde gemeente", "Datum koppeling", "Aantal personen",
    "Volwassenen", "Kinderen", "Spreekt", "Opvanglocatie",
]  # fmt: skip
SPREEKT = HEADER.index("Spreekt")  # a header nothing recognises: the user maps it to 'Taal'


def write_coa_sheet(path: Path) -> Path:
    """Title row and an empty row above the header (row 3); the first V-nummer lost its leading
    zero (a number), a date typed as text, an impossible date (the error row), an empty row, the
    changed household 4000000004 and the unchanged 5000000005."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Koppelingen")
    as_date = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_string(0, 0, "Overzicht koppelingen regio Utrecht, peildatum 01-06-2017")
    for c, title in enumerate(HEADER):
        ws.write_string(2, c, title)
    rows = [
        [123456789, "Testnaam", "Zeist", "03-04-2017", 3, 2, 1, "Arabisch", "AZC Zeist"],
        ["2000000002", "Testnaam", "Utrecht", date(2017, 5, 12), 1, 1, 0, "Tigrinya", "AZC Budel"],
        ["3000000003", "Testnaam", "Houten", "31-02-2017", 2, 2, 0, "Farsi", "AZC Budel"],
        None,
        ["4000000004", "Testnaam", "Houten", date(2017, 1, 10), 4, 2, 2, "Farsi", ""],
        ["5000000005", "Testnaam", "Bunnik", date(2017, 2, 1), 1, 1, 0, "Dari", ""],
    ]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values or []):
            if isinstance(value, date):
                ws.write_datetime(r, c, _datetime(value), as_date)
            elif isinstance(value, int):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    wb.close()
    return path


def _datetime(value: date):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime(value.year, value.month, value.day)


def seed_existing(db: Database) -> None:
    """4000000004 is known with 2 persons and no language; 5000000005 exactly as in the sheet."""
    with db.unit_of_work() as session:
        for v_nummer, code, linked_on, persons, languages in (
            ("4000000004", HOUTEN, date(2017, 1, 10), 2, ""),
            ("5000000005", BUNNIK, date(2017, 2, 1), 1, "Dari"),
        ):
            session.add(
                Koppeling(
                    v_nummer=v_nummer, gemeente=bf.gemeente(session, code), linked_on=linked_on,
                    persons=persons, adults=persons, children=0, languages=languages,
                )
            )  # fmt: skip


def koppelingen(db: Database) -> dict[str, Koppeling]:
    with db.unit_of_work() as session:
        rows = list(session.scalars(select(Koppeling).order_by(Koppeling.v_nummer)))
        for row in rows:
            _ = row.gemeente.cbs_code  # loaded before the session closes
        session.expunge_all()
    return {row.v_nummer: row for row in rows}


def write_workbook_with_sheets(path: Path) -> Path:
    """A cover sheet first, then May's list with fewer columns, then June's full list."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    info = wb.add_worksheet("Toelichting")
    info.write_string(0, 0, "Dit bestand bevat de koppelingen van mei en juni.")
    may = wb.add_worksheet("Mei")
    for c, title in enumerate(["V-nummer", "Gemeente", "Opmerking"]):
        may.write_string(0, c, title)
    may.write_row(1, 0, ["6000000006", "Lopik", "geen"])
    june = wb.add_worksheet("Juni")
    for c, title in enumerate(HEADER):
        june.write_string(0, c, title)
    june.write_row(1, 0, ["7000000007", "Testnaam", "Woerden", "01-06-2017", 2, 2, 0, "Dari", "AZC Budel"])
    wb.close()
    return path
