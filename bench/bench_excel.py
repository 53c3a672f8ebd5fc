"""Excel import/export speed. `run()` returns (name, measured s, target s, unit) rows.

The import targets in the issue (1.5 s / 15 s) cover file → committed rows; these figures are
only the reading and parsing part (safety checks, calamine, header detection, cell parsers),
which leaves the rest of the budget for validation against the database and the upsert.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

TITLES = ["V-nummer", "Achternaam", "Voornaam", "Geboortedatum", "Geslacht", "Nationaliteit", "Taal",
          "Gezinsgrootte", "Volwassenen", "Kinderen", "Locatie", "Gemeente", "Datum koppeling",
          "Datum verblijfsvergunning", "Nareizigers verwacht"]  # fmt: skip
GEMEENTEN = ["Utrecht", "Zeist", "De Bilt", "Houten", "Nieuwegein", "Vianen", "Woerden", "Bunnik"]


def _coa_rows(n: int) -> list[list[object]]:
    rnd = random.Random(4)
    base = dt.date(2017, 1, 1)
    return [
        [f"{rnd.randrange(10**10):010d}", rnd.choice(["Habte", "Ghebre", "Abraha"]), "Aster",
         base - dt.timedelta(days=rnd.randrange(20_000)), rnd.choice("MV"), "Eritrees", "Tigrinya",
         rnd.randrange(1, 8), 2, rnd.randrange(0, 6), "AZC Zeist", rnd.choice(GEMEENTEN),
         base + dt.timedelta(days=rnd.randrange(365)), base, rnd.randrange(0, 3)]
        for _ in range(n)
    ]  # fmt: skip


def _write_sheet(path: Path, rows: list[list[object]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Koppelingen")
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_row(0, 0, TITLES)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, value, date_fmt)
            else:
                ws.write(r, c, value)
    wb.close()


def _fields() -> list:
    from app.io.excel.dates import parse_date
    from app.io.excel.headers import FieldSpec
    from app.io.excel.values import (
        build_gemeente_lookup,
        gemeente_parser,
        parse_int,
        parse_text,
        parse_vnummer,
    )

    lookup = build_gemeente_lookup([(f"GM{i:04d}", [name]) for i, name in enumerate(GEMEENTEN)])
    parsers = {0: parse_vnummer, 3: parse_date, 7: parse_int, 8: parse_int, 9: parse_int,
               11: gemeente_parser(lookup), 12: parse_date, 13: parse_date, 14: parse_int}  # fmt: skip
    return [
        FieldSpec(f"f{i}", title, (), i in (0, 11), parsers.get(i, parse_text))
        for i, title in enumerate(TITLES)
    ]


def _time_import(path: Path) -> tuple[float, int]:
    from app.io.excel.reader import open_workbook
    from app.io.excel.table import read_table

    fields = _fields()
    started = time.perf_counter()
    with open_workbook(path) as wb:
        _layout, parsed = read_table(wb, fields)
        count = sum(1 for row in parsed if row.ok)
    return time.perf_counter() - started, count


def _time_export(path: Path, rows: list[list[object]]) -> float:
    from app.io.excel.writer import ColumnSpec, write_table

    kinds = {3: "date", 7: "int", 8: "int", 9: "int", 12: "date", 13: "date", 14: "int"}
    columns = [ColumnSpec(f"f{i}", t, kinds.get(i, "text")) for i, t in enumerate(TITLES)]  # type: ignore[arg-type]
    started = time.perf_counter()
    write_table(path, columns, rows, {"Gebruiker": "bench"})
    return time.perf_counter() - started


def _time_export_service(folder: Path, rows: list[list[object]]) -> tuple[float, float]:
    """End to end through app.services.exports on a fresh SQLite database: the rights check and
    access-log row, the Info sheet, the atomic replace and the commit. Second figure: the 10,000
    koppelingen of that database exported by name (query, 18 columns, file), as the CLI does."""
    from sqlalchemy import insert, select

    from app.bootstrap import prepare
    from app.db.models import Gemeente, Koppeling, KoppelingStatus
    from app.db.session import Database
    from app.io.excel.writer import ColumnSpec
    from app.services.access import Actor
    from app.services.export_lists import export_named_list
    from app.services.exports import export_list

    db = Database(f"sqlite:///{folder / 'export.db'}")
    prepare(db)
    actor = Actor.system_actor("bench")
    kinds = {3: "date", 7: "int", 8: "int", 9: "int", 12: "date", 13: "date", 14: "int"}
    columns = [ColumnSpec(f"f{i}", t, kinds.get(i, "text")) for i, t in enumerate(TITLES)]  # type: ignore[arg-type]
    started = time.perf_counter()
    with db.unit_of_work() as session:
        export_list(session, actor, "koppelingen", columns, rows, folder / "service.xlsx", filter_text="x")
    service = time.perf_counter() - started

    rnd = random.Random(5)
    today = dt.date.today()
    with db.unit_of_work() as session:
        ids = list(session.scalars(select(Gemeente.id)))
        session.execute(insert(Koppeling), [
            {"v_nummer": f"{i:010d}", "gemeente_id": rnd.choice(ids), "persons": 3, "adults": 2,
             "children": 1, "linked_on": today - dt.timedelta(days=rnd.randrange(400)), "languages": "Ti",
             "azc_location": "AZC Zeist", "status": KoppelingStatus.GEKOPPELD}
            for i in range(10_000)
        ])  # fmt: skip
    started = time.perf_counter()
    with db.unit_of_work() as session:
        assert export_named_list(session, actor, "koppelingen", folder / "named.xlsx").rows == 10_000
    named = time.perf_counter() - started
    db.dispose()
    return service, named


def run() -> list[tuple[str, float, float, str]]:
    results: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows_10k = _coa_rows(10_000)
        small = folder / "coa-10k.xlsx"
        _write_sheet(small, rows_10k)
        seconds, count = _time_import(small)
        assert count == 10_000, count
        results.append(("excel: lezen+parsen 10.000×15 (zonder database)", seconds, 1.5, "s"))

        big = folder / "coa-100k.xlsx"
        _write_sheet(big, _coa_rows(100_000))
        seconds, count = _time_import(big)
        assert count == 100_000, count
        results.append(("excel: lezen+parsen 100.000×15 (zonder database)", seconds, 15.0, "s"))

        results.append(("excel: export 10.000×15", _time_export(folder / "export.xlsx", rows_10k), 1.5, "s"))
        service, named = _time_export_service(folder, rows_10k)
        results.append(("excel: export 10.000×15 via exportservice (recht, log, commit)", service, 1.5, "s"))
        results.append(("excel: export 10.000 koppelingen uit SQLite (query, 18 kol.)", named, 3.0, "s"))
    return results


if __name__ == "__main__":  # handy on its own; the project's harness imports run()
    for name, measured, target, unit in run():
        print(f"{name:55} {measured:7.2f} {unit}  (doel {target:g} {unit})")
