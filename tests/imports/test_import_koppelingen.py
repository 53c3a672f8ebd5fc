"""COA koppelingen from real files into the database: exact rows, preview classes, atomicity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.models import Dossier, ImportBatch
from app.db.session import Database
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.services.access import Actor
from tests.imports.conftest import COA_HEADER, koppelingen, write_xlsx

D = dt.date


def _import(db: Database, actor: Actor, path: Path, *, dry_run: bool = False, mode: str = "skip", **kw):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return run_import(
            session, actor, ImportRequest(path, "koppelingen", mode=mode, **kw), dry_run=dry_run
        )  # type: ignore[arg-type]


# What the import makes of each "Bijzonderheden huisvesting" text of the sample sheet:
# (needs_accessible, needs_ground_floor, medical_proximity). The text itself is never stored.
SAMPLE_FLAGS = {
    None: (False, False, False),
    "nabij ziekenhuis (geen details)": (False, False, True),
    "begane grond of lift": (False, True, False),
    "rolstoeltoegankelijk": (True, False, False),
    "gelijkvloers i.v.m. rollator": (True, True, False),
    "drempelvrije benedenwoning, in de buurt van een behandelcentrum": (True, True, True),
    "geen bijzonderheden": (False, False, False),
    "liefst dicht bij station of bushalte": (False, False, False),
}
PEILDATUM = D(2026, 12, 1)


def _texts_in_database(db: Database, *, except_columns: frozenset[str] = frozenset()) -> list[str]:
    """Every text value in every table (the audit trail and import batches included), but for
    ``except_columns`` ("table.column")."""
    from sqlalchemy import JSON, String, Text

    from app.db.base import Base

    out: list[str] = []
    with db.session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [
                c for c in table.columns
                if isinstance(c.type, String | Text | JSON) and f"{table.name}.{c.name}" not in except_columns
            ]  # fmt: skip
            for row in session.execute(select(*columns)) if columns else ():
                out.extend(str(value) for value in row if value is not None)
    return out


def test_sample_sheet_lands_exactly(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    """The synthetic COA sheet of ``python -m app sample-sheet``: title rows, COA's headers, columns
    that are never imported, flags from free text, a V-nummer with a leading zero, a CBS code."""
    from app.demo.coa_sheet import HEADER_ROW, sample_rows, write_sample_sheet

    path = tmp_path / "koppelingen.xlsx"
    assert write_sample_sheet(path, today=PEILDATUM) == 40
    sheet = sample_rows(40, seed=2017, today=PEILDATUM)
    result = _import(fresh_database, coordinator, path)
    assert result.header_row == HEADER_ROW
    assert result.counts == {"new": 40, "changed": 0, "unchanged": 0, "error": 0}
    rows = koppelingen(fresh_database)
    assert set(rows) == {r.v_nummer for r in sheet}
    for r in sheet:
        got = rows[r.v_nummer]
        assert (got["gemeente"], got["persons"], got["adults"], got["children"], got["linked_on"]) == (
            r.gemeente_code, r.persons, r.adults, r.children, r.linked_on,
        ), r  # fmt: skip
        assert (got["languages"], got["azc_location"], got["expected_followers"]) == (
            r.taal, r.locatie, r.nareizigers,
        ), r  # fmt: skip
        flags = (got["needs_accessible"], got["needs_ground_floor"], got["medical_proximity"])
        assert flags == SAMPLE_FLAGS[r.bijzonderheden], r
        assert PEILDATUM - dt.timedelta(days=183) <= r.linked_on < PEILDATUM
        assert got["status"] == "gekoppeld" and got["version"] == 1
    # Two rows as seed 2017 writes them: the first, and the one with a forced leading zero.
    first = rows["0594646481"]
    assert first["gemeente"] == "GM0344"  # 'Utrecht'
    assert (first["persons"], first["adults"], first["children"]) == (1, 1, 0)
    assert first["linked_on"] == D(2026, 11, 13)
    assert (first["languages"], first["azc_location"]) == ("Tigrinya", "AZC Amersfoort")
    # 'nabij ziekenhuis (geen details)' becomes a flag only.
    assert (first["needs_accessible"], first["needs_ground_floor"], first["medical_proximity"]) == (
        False, False, True,
    )  # fmt: skip
    zero = rows["0480071330"]  # row 4 of the households, written as text with its leading zero
    assert (zero["gemeente"], zero["persons"], zero["adults"], zero["children"]) == ("GM0344", 3, 2, 1)
    assert (zero["linked_on"], zero["languages"]) == (D(2026, 7, 14), "Amhaars, Engels")
    assert zero["azc_location"] == "AZC Zeist (Kamp van Zeist)"
    assert not (zero["needs_accessible"] or zero["needs_ground_floor"] or zero["medical_proximity"])
    assert rows[sheet[1].v_nummer]["gemeente"] == "GM0353" == sheet[1].gemeente  # a CBS code in the sheet
    # The head's name goes to the dossier each new koppeling gets (the case register's own data)...
    with fresh_database.session() as session:
        heads = dict(session.execute(select(Dossier.v_nummer, Dossier.head_name)).all())
    assert heads == {r.v_nummer: f"{r.voornaam} {r.achternaam}" for r in sheet}
    # ... and nowhere else: not on the board, not in the log. Birth dates, nationality and the free
    # text are nowhere in the database.
    dossier_names = frozenset({"dossiers.head_name", "dossiers.search_text"})
    texts = "\n".join(_texts_in_database(fresh_database, except_columns=dossier_names))
    assert "AZC Amersfoort" in texts  # the search does see the koppelingen themselves
    assert "Fictief-" not in texts and "Voornaam-" not in texts
    for r in sheet:
        assert r.achternaam not in texts and r.geboortedatum.isoformat() not in texts
    for text in filter(None, SAMPLE_FLAGS):
        assert text not in texts
    assert not {"Syrisch", "Eritrees", "Afghaans", "Jemenitisch"} & set(texts.split("\n"))
    # Importing the same file again changes nothing.
    again = _import(fresh_database, coordinator, path)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 40, "error": 0}
    assert koppelingen(fresh_database) == rows


def test_quirky_sheet_lands_exactly(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    """Title rows, varying headers in another order, extra columns, dates as text in three styles,
    numbers as text, a V-nummer that lost its leading zero, NBSP and trailing spaces, blank rows,
    a CBS code instead of a name."""
    rows = [
        ["Koppelingen regio Utrecht — export COA"],
        ["Peildatum: 01-10-2026"],
        [],
        [
            "Opmerking",
            "Gekoppelde gemeente",
            "V nr.",
            "KOPPELDATUM ",
            "Aantal  personen",
            "Kinderen",
            "Nationaliteit",
        ],
        ["x", "Utrecht", "1234567890", "03-07-2026", "3", "1", "weggelaten"],
        [None, "GM0355\u00a0", 123456789, "4-7-26", 2, "0", None],
        [],
        [],
        [None, " gemeente De Bilt ", "2234567890 ", "2026-07-05", "1", None, None],
        [None, "Houten", "3234567890", D(2026, 7, 6), 4.0, 2.0, None],
    ]
    path = write_xlsx(tmp_path / "coa.xlsx", rows, sheet="Export")
    result = _import(fresh_database, coordinator, path)
    assert result.header_row == 4
    assert result.counts == {"new": 4, "changed": 0, "unchanged": 0, "error": 0}
    got = {v: (r["gemeente"], r["linked_on"], r["persons"], r["adults"], r["children"])
           for v, r in koppelingen(fresh_database).items()}  # fmt: skip
    assert got == {
        "1234567890": ("GM0344", D(2026, 7, 3), 3, 2, 1),
        "0123456789": ("GM0355", D(2026, 7, 4), 2, 2, 0),
        "2234567890": ("GM0310", D(2026, 7, 5), 1, 1, 0),
        "3234567890": ("GM0321", D(2026, 7, 6), 4, 2, 2),
    }


def test_1904_date_system(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "mac.xlsx",
        [
            ["V-nummer", "Gemeente", "Datum koppeling", "Gezinsgrootte"],
            ["1111111111", "Zeist", D(2026, 3, 2), 2],
        ],
        date1904=True,
    )
    _import(fresh_database, coordinator, path)
    assert koppelingen(fresh_database)["1111111111"]["linked_on"] == D(2026, 3, 2)


def test_dutch_csv(fresh_database: Database, coordinator: Actor, tmp_path: Path) -> None:
    text = "V-nummer;Gemeente;Datum koppeling;Gezinsgrootte;Taal\r\n0012345678;Zeist;1-2-2026;2;Frans\r\n"
    text += "0022345678;Wijk bij Duurstede;02-02-2026;1;Español\r\n"
    path = tmp_path / "coa.csv"
    path.write_bytes(text.encode("cp1252"))
    result = _import(fresh_database, coordinator, path)
    assert result.counts["new"] == 2
    rows = koppelingen(fresh_database)
    assert rows["0022345678"]["languages"] == "Español"
    assert rows["0012345678"]["linked_on"] == D(2026, 2, 1)


def _base(db: Database, actor: Actor, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "base.xlsx", [COA_HEADER,
        ["1000000001", "A", 3, 2, 1, "Utrecht", D(2026, 5, 1), "Arabisch", "AZC Utrecht"],
        ["1000000002", "B", 1, 1, 0, "Zeist", D(2026, 5, 2), "Dari", "AZC Zeist"],
        ["1000000003", "C", 2, 2, 0, "Houten", D(2026, 5, 3), "Farsi", "AZC Amersfoort"],
    ])  # fmt: skip
    assert _import(db, actor, path).counts["new"] == 3


def _mixed(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "mixed.xlsx", [COA_HEADER,
        ["1000000001", "A", 4, 2, 2, "Utrecht", D(2026, 5, 1), "Arabisch", "AZC Utrecht"],  # changed
        ["1000000002", "B", 1, 1, 0, "Zeist", D(2026, 5, 2), "Dari", "AZC Zeist"],  # unchanged
        ["1000000004", "D", 2, 1, 1, "Nieuwegein", D(2026, 6, 1), "Tigrinya", "AZC Utrecht"],  # new
        ["1000000005", "E", 2, 1, 1, "Atlantis", "31-02-2026", "Tigrinya", "AZC Utrecht"],  # two bad cells
        ["1000000004", "D", 2, 1, 1, "Nieuwegein", D(2026, 6, 1), "Tigrinya", "AZC Utrecht"],  # duplicate
        ["1000000006", "F", 3, 1, 1, "Lopik", D(2026, 6, 2), "Dari", "AZC Utrecht"],  # 1 + 1 != 3
    ])  # fmt: skip


def test_preview_classifies_every_row_and_changes_nothing(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    _base(fresh_database, coordinator, tmp_path)
    before = koppelingen(fresh_database)
    result = _import(fresh_database, coordinator, _mixed(tmp_path), dry_run=True)
    assert koppelingen(fresh_database) == before
    assert result.counts == {"new": 1, "changed": 1, "unchanged": 1, "error": 3}
    by_row = {r.row_number: r for r in result.rows}
    assert [by_row[n].status for n in range(2, 8)] == [
        "changed",
        "unchanged",
        "new",
        "error",
        "error",
        "error",
    ]
    assert ("Gezinsgrootte", "3", "4") in by_row[2].changes
    assert ("Kinderen", "1", "2") in by_row[2].changes
    assert by_row[2].changed_fields == {"persons", "children"}
    bad = by_row[5].errors
    assert set(bad) == {"gemeente", "datum_koppeling"}
    assert "Atlantis" in bad["gemeente"] and "onbekend" in bad["gemeente"]
    assert "31-02-2026" in bad["datum_koppeling"]
    assert "regel 4" in by_row[6].errors["_row"]
    assert "niet gelijk" in by_row[7].errors["gezinsgrootte"]
    with fresh_database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1  # only the base import


def test_skip_mode_imports_the_good_rows(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    _base(fresh_database, coordinator, tmp_path)
    result = _import(fresh_database, coordinator, _mixed(tmp_path), mode="skip")
    assert result.committed
    rows = koppelingen(fresh_database)
    assert set(rows) == {"1000000001", "1000000002", "1000000003", "1000000004"}
    assert (rows["1000000001"]["persons"], rows["1000000001"]["children"]) == (4, 2)
    assert rows["1000000001"]["version"] == 2 and rows["1000000002"]["version"] == 1
    assert len(result.rejected) == 3
    with fresh_database.session() as session:
        batch = session.get(ImportBatch, result.batch_id)
        assert (batch.rows_new, batch.rows_changed, batch.rows_unchanged, batch.rows_error) == (1, 1, 1, 3)


def test_stop_mode_with_an_error_changes_nothing(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    _base(fresh_database, coordinator, tmp_path)
    before = koppelingen(fresh_database)
    result = _import(fresh_database, coordinator, _mixed(tmp_path), mode="stop")
    assert result.stopped_at == 5 and not result.committed
    assert koppelingen(fresh_database) == before
    with fresh_database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1


def test_stop_mode_error_in_a_later_chunk_rolls_back_earlier_chunks(
    fresh_database: Database, coordinator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.imports.engine as engine

    monkeypatch.setattr(engine, "CHUNK_ROWS", 2)
    rows = [COA_HEADER] + [
        [f"20000000{i:02d}", "X", 1, 1, 0, "Utrecht", D(2026, 1, 1), "", ""] for i in range(7)
    ]
    rows.append(["2000000099", "X", 1, 1, 0, "Utrecht", "geen datum", "", ""])
    _import(fresh_database, coordinator, write_xlsx(tmp_path / "late.xlsx", rows), mode="stop")
    assert koppelingen(fresh_database) == {}


def test_cancel_leaves_nothing(
    fresh_database: Database, coordinator: Actor, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import app.imports.engine as engine

    monkeypatch.setattr(engine, "CHUNK_ROWS", 2)
    rows = [COA_HEADER] + [
        [f"30000000{i:02d}", "X", 1, 1, 0, "Utrecht", D(2026, 1, 1), "", ""] for i in range(9)
    ]
    path = write_xlsx(tmp_path / "long.xlsx", rows)

    class StopAfterTwoChunks:
        def __init__(self) -> None:
            self.calls = 0
            self.progressed: list[float] = []

        def progress(self, fraction: float, text: str = "") -> None:
            self.progressed.append(fraction)

        def check_cancelled(self) -> None:
            self.calls += 1
            if self.calls > 2:
                raise RuntimeError("geannuleerd")

    control = StopAfterTwoChunks()
    with pytest.raises(RuntimeError), fresh_database.unit_of_work() as session:
        run_import(session, coordinator, ImportRequest(path, "koppelingen"), control=control)
    assert control.progressed and koppelingen(fresh_database) == {}


# The access log of an import (start, end, failures): tests/imports/test_import_log.py
