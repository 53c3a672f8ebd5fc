"""PostgreSQL COPYs of an import go on beside the next chunk (pipeline.DeferredCopies): a COPY that
fails still fails the import, before anything else uses the connection, and leaves nothing."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from app.db.session import Database
from app.imports.engine import CHUNK_ROWS, run_import
from app.imports.koppelingen_kind import KoppelingenKind
from app.imports.pipeline import DeferredCopies
from app.imports.results import ImportRequest
from app.services.access import Actor
from tests.imports.conftest import COA_HEADER, koppelingen, write_xlsx


def test_jobs_run_in_order_on_another_thread_and_failures_come_back() -> None:
    ran: list[tuple[str, bool]] = []
    copies = DeferredCopies()
    main = threading.main_thread()
    for name in ("a", "b"):
        copies.add(lambda name=name: ran.append((name, threading.current_thread() is main)))
    copies.start()
    copies.wait()
    assert ran == [("a", False), ("b", False)]

    def fail() -> None:
        raise ValueError("kapot")

    copies.add(fail)
    copies.add(lambda: ran.append(("c", False)))
    copies.start()
    with pytest.raises(ValueError, match="kapot"):
        copies.wait()
    copies.wait()  # raised once
    assert ran[-1] == ("b", False)


def test_a_copy_that_fails_fails_the_import(
    fresh_database: Database, coordinator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = dt.date.today()
    rows: list[list[Any]] = [COA_HEADER]
    for i in range(CHUNK_ROWS + 500):  # two chunks: the first one's COPY fails in the database
        rows.append([f"{10**9 + i:010d}", "Habte", 3, 1, 2, "Utrecht", today, "Tigrinya", "AZC Zeist"])
    path = write_xlsx(tmp_path / "k.xlsx", rows)
    complete_new = KoppelingenKind.complete_new

    def broken(self: KoppelingenKind, record: dict[str, Any]) -> dict[str, Any]:
        full = complete_new(self, record)
        if full["v_nummer"] == f"{10**9 + 7:010d}":  # past every check of ours, not the database's
            full |= {"persons": 0, "adults": 0, "children": 0}
        return full

    monkeypatch.setattr(KoppelingenKind, "complete_new", broken)
    with pytest.raises(IntegrityError), fresh_database.unit_of_work() as session:
        run_import(session, coordinator, ImportRequest(path, "koppelingen"))
    assert koppelingen(fresh_database) == {}
