"""An import's new rows are kept for undo as runs of consecutive ids (import_batch_rows.run_length,
revision 0023): few rows per import, and undo still treats each object on its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app.db.models import BatchAction, ImportBatchRow, Koppeling
from app.db.models.imports import batch_runs
from app.db.session import Database
from app.imports.engine import run_import
from app.imports.history import UndoConflict, undo_batch
from app.imports.results import ImportRequest
from app.services.access import Actor
from tests.imports.conftest import COA_HEADER, write_xlsx
from tests.imports.test_undo_race import _edit

D = dt.date
NEW, CHANGED = BatchAction.NEW, BatchAction.CHANGED


def test_consecutive_new_rows_become_one_run_and_anything_else_stays_apart() -> None:
    before = '{"persons": 3}'
    entries = [(5, NEW, 1, ""), (6, NEW, 1, ""), (7, NEW, 1, ""), (9, NEW, 1, ""), (10, NEW, 2, ""),
               (11, CHANGED, 2, before), (12, CHANGED, 2, before), (13, NEW, 1, "")]  # fmt: skip
    assert batch_runs(entries) == [
        (5, NEW, 1, "", 3),  # 5, 6, 7
        (9, NEW, 1, "", 1),  # a gap: 8 is someone else's
        (10, NEW, 2, "", 1),  # another version
        (11, CHANGED, 2, before, 1),  # replaced values are never merged
        (12, CHANGED, 2, before, 1),
        (13, NEW, 1, "", 1),
    ]
    assert batch_runs([]) == []


def _sheet(path: Path, numbers: list[str], languages: str) -> Path:
    rows = [[v, "A", 3, 2, 1, "Utrecht", D(2026, 5, 1), languages, "AZC Utrecht"] for v in numbers]
    return write_xlsx(path, [COA_HEADER, *rows])


def _import(db: Database, actor: Actor, path: Path) -> int:
    with db.unit_of_work() as session:
        result = run_import(session, actor, ImportRequest(path, "koppelingen"))
    assert result.batch_id is not None
    return result.batch_id


def test_an_import_of_new_rows_is_one_batch_row_and_undo_still_sees_each(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    db = fresh_database
    numbers = [f"20000000{n:02d}" for n in range(1, 41)]
    batch = _import(db, coordinator, _sheet(tmp_path / "a.xlsx", numbers, "Arabisch"))
    with db.session() as session:
        stored = session.execute(
            select(ImportBatchRow.object_id, ImportBatchRow.run_length)
            .where(ImportBatchRow.batch_id == batch)
        ).all()
        ids = {v: i for v, i in session.execute(select(Koppeling.v_nummer, Koppeling.id))}
    assert len(stored) < 5 and sum(n for _o, n in stored) == 40  # one run, or a few if ids had gaps
    assert {i for o, n in stored for i in range(o, o + n)} == set(ids.values())

    # One koppeling in the middle of the run is edited since: undo names exactly that one.
    middle = ids[numbers[17]]
    assert _edit(db, coordinator, middle, "gebeld met COA")
    with pytest.raises(UndoConflict) as exc, db.unit_of_work() as session:
        undo_batch(session, coordinator, batch)
    assert [r.key for r in exc.value.rows] == [numbers[17]]
    with db.session() as session:  # nothing undone
        assert session.scalar(select(func.count()).select_from(Koppeling)) == 40
    with db.unit_of_work() as session:
        info = undo_batch(session, coordinator, batch, only_unchanged=True)
    assert info.kept == (numbers[17],)
    with db.session() as session:
        assert list(session.scalars(select(Koppeling.v_nummer))) == [numbers[17]]


def test_a_run_of_no_rows_is_refused_by_the_database(fresh_database: Database, coordinator: Actor,
                                                     tmp_path: Path) -> None:  # fmt: skip
    batch = _import(fresh_database, coordinator, _sheet(tmp_path / "a.xlsx", ["3000000001"], "Dari"))
    with pytest.raises(IntegrityError), fresh_database.unit_of_work() as session:
        session.execute(text("UPDATE import_batch_rows SET run_length = 0 WHERE batch_id = :b"), {"b": batch})


def test_downgrade_writes_runs_out_as_single_rows(fresh_url: str) -> None:
    from app.db.migrate import downgrade, upgrade

    db = Database(fresh_url)
    try:
        upgrade(db.engine)
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO import_batches (id, kind, file_name, sheet, mode, imported_by, imported_at,"
                " rows_new, rows_changed, rows_unchanged, rows_error, status, version, created_at,"
                " updated_at) VALUES (1, 'koppelingen', 'a.xlsx', 'Blad1', 'skip', 'x', CURRENT_TIMESTAMP,"
                " 7, 1, 0, 0, 'ingelezen', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            ))  # fmt: skip
            conn.execute(text(
                "INSERT INTO import_batch_rows (batch_id, object_id, action, version_after, before,"
                " run_length) VALUES (1, 100, 'new', 1, '', 5), (1, 200, 'changed', 2,"
                " '{\"persons\": 3}', 1), (1, 300, 'new', 1, '', 2)"
            ))  # fmt: skip
        downgrade(db.engine, "0022")
        with db.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT object_id, action, version_after, before FROM import_batch_rows ORDER BY object_id"
            )).all()  # fmt: skip
        assert [tuple(r) for r in rows] == [
            *((i, "new", 1, "") for i in range(100, 105)), (200, "changed", 2, '{"persons": 3}'),
            (300, "new", 1, ""), (301, "new", 1, ""),
        ]  # fmt: skip
        upgrade(db.engine)
    finally:
        db.dispose()
