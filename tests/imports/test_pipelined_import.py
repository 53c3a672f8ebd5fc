"""An import over many chunks: on PostgreSQL each chunk is looked up over a second connection while
the previous chunk is still being written (app.imports.pipeline.ReadConnection). New, changed and
unchanged rows mixed across chunks come out exactly as sent, and no connection is left behind,
also when the import stops halfway."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.models import Dossier, ImportBatchRow
from app.db.session import Database
from app.imports.engine import run_import
from app.imports.results import ImportRequest
from app.services.access import Actor
from tests.imports.conftest import COA_HEADER, koppelingen, write_xlsx

D = dt.date


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.imports.engine as engine

    monkeypatch.setattr(engine, "CHUNK_ROWS", 40)
    monkeypatch.setattr(engine, "FIRST_CHUNK_ROWS", 7)


def _rows(first: int, count: int, languages: str = "Arabisch", changed_every: int = 0) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(first, first + count):
        persons = 4 if changed_every and i % changed_every == 0 else 3
        rows.append([f"40{i:08d}", "A", persons, 2, persons - 2, "Utrecht" if i % 2 else "Zeist",
                     D(2026, 5, 1), languages, "AZC Utrecht"])  # fmt: skip
    return rows


def _import(db: Database, actor: Actor, path: Path, **kw):  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        return run_import(session, actor, ImportRequest(path, "koppelingen"), **kw)


def test_new_changed_and_unchanged_rows_across_chunks(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    db = fresh_database
    first = _import(db, coordinator, write_xlsx(tmp_path / "a.xlsx", [COA_HEADER, *_rows(0, 200)]))
    assert first.counts["new"] == 200
    # Old rows (every 10th changed) and new ones, interleaved so that every chunk holds both.
    pairs = zip(_rows(0, 200, changed_every=10), _rows(1000, 200), strict=True)
    mixed = [row for pair in pairs for row in pair]
    second = _import(db, coordinator, write_xlsx(tmp_path / "b.xlsx", [COA_HEADER, *mixed]))
    counts = second.counts
    assert (counts["new"], counts["changed"], counts["unchanged"], counts["error"]) == (200, 20, 180, 0)
    stored = koppelingen(db)
    assert len(stored) == 400
    assert {v for v, r in stored.items() if r["persons"] == 4} == {f"40{i:08d}" for i in range(0, 200, 10)}
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 400
        runs = session.execute(
            select(ImportBatchRow.action, func.sum(ImportBatchRow.run_length))
            .where(ImportBatchRow.batch_id == second.batch_id)
            .group_by(ImportBatchRow.action)
        ).all()
    assert {a.value: n for a, n in runs} == {"new": 200, "changed": 20}
    assert db.engine.pool.checkedout() == 0  # the reader went back to the pool  # type: ignore[attr-defined]


def test_an_import_stopped_halfway_leaves_nothing_and_no_connection(
    fresh_database: Database, coordinator: Actor, tmp_path: Path
) -> None:
    db = fresh_database
    _import(db, coordinator, write_xlsx(tmp_path / "a.xlsx", [COA_HEADER, *_rows(0, 50)]))
    before = koppelingen(db)

    class StopInTheFourthChunk:
        calls = 0

        def progress(self, fraction: float, text: str = "") -> None:
            pass

        def check_cancelled(self) -> None:
            self.calls += 1
            if self.calls > 3:
                raise RuntimeError("geannuleerd")

    path = write_xlsx(tmp_path / "b.xlsx", [COA_HEADER, *_rows(0, 50, changed_every=3), *_rows(500, 300)])
    with pytest.raises(RuntimeError, match="geannuleerd"):
        _import(db, coordinator, path, control=StopInTheFourthChunk())
    assert koppelingen(db) == before
    assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_both_ends_of_a_long_import_are_short_chunks() -> None:
    """The first chunk's parsing and the last chunk's writes are what nothing overlaps."""
    from app.imports.engine import _batched

    def sizes(n: int, expected: int | None) -> list[int]:
        return [len(c) for c in _batched(range(n), 2000, first=500, expected=expected)]  # type: ignore[arg-type]

    assert sizes(10_000, 10_000) == [500, 2000, 2000, 2000, 2000, 1000, 500]
    assert sizes(2_400, 2_400) == [500, 1400, 500]
    assert sizes(800, 800) == [500, 300]
    assert sizes(10_000, None) == [500, 2000, 2000, 2000, 2000, 1500]
    # A count that is off changes only the chunk sizes, never which rows come.
    assert sum(sizes(10_000, 7_000)) == sum(sizes(10_000, 13_000)) == 10_000
    assert [r for c in _batched(range(5000), 2000, first=500, expected=4000) for r in c] == list(range(5000))  # type: ignore[arg-type]
