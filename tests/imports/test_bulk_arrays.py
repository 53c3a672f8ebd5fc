"""New rows of an import go to PostgreSQL as one array per column (app.imports.pg_arrays): every
value comes back as it went in — texts with quotes, backslashes, braces and commas, the text
'NULL', empty and missing values, dates, times, flags, odd floats — a value too long for its
column is refused as it was before, and values an array literal does not take still go in."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from app.db.base import utcnow
from app.db.models import Gemeente, ImportBatch, ImportBatchRow, Koppeling
from app.db.session import Database
from app.imports.bulk import BulkTable
from app.imports.pg_arrays import array_literal

ODD_TEXTS = ['zegt "ja"', "c:\\pad\\", "{a,b}", "NULL", "", " spatie ", "Tigrinya ትግርኛ", "a,b", "x\ny"]


def test_array_literal_quotes_texts_and_spells_out_nulls_and_odd_floats() -> None:
    assert array_literal(['a "b"', None, "c\\d", ""]) == '{"a \\"b\\"",NULL,"c\\\\d",""}'
    assert array_literal([1, None, 3]) == "{1,NULL,3}"
    assert array_literal([True, False, None]) == "{t,f,NULL}"
    assert array_literal([math.nan, math.inf, -math.inf, 0.5]) == "{NaN,Infinity,-Infinity,0.5}"
    assert array_literal([dt.date(2026, 1, 5), Decimal("1.50")]) is None  # two types in one column
    assert array_literal([dt.date(2026, 1, 5)]) == "{2026-01-05}"
    assert array_literal([None, None]) == "{NULL,NULL}"
    assert array_literal([b"bytes"]) is None  # a type not handled here: the caller sends it otherwise


def _gemeente_id(db: Database) -> int:
    with db.session() as session:
        return int(session.scalars(select(Gemeente.id).order_by(Gemeente.id).limit(1)).one())


def _koppeling(n: int, gemeente_id: int, **values: Any) -> dict[str, Any]:
    return {
        "v_nummer": f"{9 * 10**9 + n:010d}", "gemeente_id": gemeente_id, "linked_on": dt.date(2026, 3, 1),
        "persons": 3, "adults": 1, "children": 2, "languages": "", "azc_location": "", "azc_lat": None,
        "azc_lon": None, "expected_followers": 0, "needs_accessible": False, "needs_ground_floor": False,
        "medical_proximity": False, "status": "gekoppeld", "notes": "", **values,
    }  # fmt: skip


def _insert(db: Database, records: list[dict[str, Any]]) -> list[int]:
    now = utcnow()
    with db.unit_of_work() as session:
        bulk = BulkTable(session, Koppeling.__table__)
        ids = bulk.new_ids(len(records))
        columns = tuple(records[0])
        bulk.insert(("id", *columns), [(i, *r.values()) for i, r in zip(ids, records, strict=True)],
                    {"version": 1, "created_at": now, "updated_at": now})  # fmt: skip
    return ids


def test_new_rows_come_back_as_they_went_in(fresh_database: Database) -> None:
    gid = _gemeente_id(fresh_database)
    records = [
        _koppeling(i, gid, languages=text, notes=text, azc_lat=lat, needs_accessible=i % 2 == 0,
                   linked_on=dt.date(2026, 1, 1) + dt.timedelta(days=i))
        for i, (text, lat) in enumerate(zip(ODD_TEXTS, [52.0905, None, -0.0, 1e-7, 5.0, 0.1, None, 3.25, 2.5],
                                            strict=True))
    ]  # fmt: skip
    ids = _insert(fresh_database, records)
    with fresh_database.session() as session:
        stored = {k.id: k for k in session.scalars(select(Koppeling).where(Koppeling.id.in_(ids)))}
    assert len(stored) == len(records)
    for row_id, rec in zip(ids, records, strict=True):
        k = stored[row_id]
        assert (k.v_nummer, k.languages, k.notes, k.azc_lat, k.needs_accessible, k.linked_on) == (
            rec["v_nummer"], rec["languages"], rec["notes"], rec["azc_lat"], rec["needs_accessible"],
            rec["linked_on"],
        )  # fmt: skip
        assert (k.version, k.status.value, k.gemeente_id) == (1, "gekoppeld", gid)


def test_a_value_too_long_for_its_column_is_refused_and_nothing_stays(fresh_database: Database) -> None:
    """PostgreSQL checks a VARCHAR's length (the array is cast without it, so nothing is cut off on
    the way); SQLite does not, which is why the kinds limit their texts themselves."""
    gid = _gemeente_id(fresh_database)
    rows = [_koppeling(0, gid), _koppeling(1, gid, languages="x" * 121)]
    if not fresh_database.is_postgresql:
        _insert(fresh_database, rows)
        with fresh_database.session() as session:
            assert len(session.scalars(select(Koppeling.languages)).all()) == 2
        return
    with pytest.raises(DBAPIError, match="too long"):
        _insert(fresh_database, rows)
    with fresh_database.session() as session:
        assert session.scalars(select(Koppeling.id)).first() is None


def test_rows_an_array_does_not_take_still_go_in(fresh_database: Database) -> None:
    """'before' holds text; one row's value of another type (here an int) makes the chunk go the
    other way, with the same result."""
    with fresh_database.unit_of_work() as session:
        batch = ImportBatch(
            kind="koppelingen", file_name="k.xlsx", sheet="Blad1", mode="skip", imported_by="t"
        )
        session.add(batch)
        session.flush()
        batch_id = batch.id
        BulkTable(session, ImportBatchRow.__table__).insert(
            ("object_id", "action", "version_after", "before"),
            [(1, "new", 1, ""), (2, "changed", 2, '{"persons": 3}'), (3, "changed", 2, 7)],
            {"batch_id": batch_id},
        )
    with fresh_database.session() as session:
        rows = session.execute(
            select(ImportBatchRow.object_id, ImportBatchRow.before)
            .where(ImportBatchRow.batch_id == batch_id)
            .order_by(ImportBatchRow.object_id)
        ).all()
    assert [tuple(r) for r in rows] == [(1, ""), (2, '{"persons": 3}'), (3, "7")]
