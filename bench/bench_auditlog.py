"""The access-log viewer on a million rows (SQLite): one page of 200, newest first, as the Toegangslog
tab reads it (``read_access_log``: the rights check, its own log row, the person lookup and the
page), for the first page and for a page half a million rows deep, with and without a person
filter. Target < 200 ms per page.

The floor, measured in the same run on the same table: a bare ``SELECT * FROM access_log ORDER BY
id DESC LIMIT 200`` (what no viewer can beat); the ratio to it is printed per figure.

The rows go in by one bulk INSERT (their chain hashes are dummies: the viewer does not read them).

    python -m bench auditlog
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROWS = int(os.environ.get("BENCH_AUDITLOG_ROWS", "1000000"))
PERSONS = 100
TARGET_MS = 200.0
REPEAT = 5


def _fill(path: Path) -> None:
    import sqlite3

    rnd = random.Random(7)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    actions = ("read", "read", "read", "search", "update", "print", "export")
    objects = ("dossier", "dossier", "koppeling", "woning", "user")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    first = conn.execute("SELECT coalesce(max(id), 0) FROM access_log").fetchone()[0] + 1

    def rows():  # type: ignore[no-untyped-def]
        for i in range(first, first + ROWS):
            at = (start + timedelta(seconds=i * 30)).strftime("%Y-%m-%d %H:%M:%S.%f")
            obj = objects[i % len(objects)]
            login, object_id = f"p-{rnd.randrange(PERSONS):03d}", str(rnd.randrange(20000))
            result = "denied" if i % 97 == 0 else "ok"
            yield (i, at, login, actions[i % len(actions)], obj, object_id, result, "bench", "pc-1", "0" * 64)

    with conn:
        conn.executemany(
            "INSERT INTO access_log (id, at, actor_login, action, object_type, object_id, result, detail,"
            " workstation, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
        conn.execute("UPDATE access_log_chain SET last_id = (SELECT max(id) FROM access_log) WHERE id = 1")
    conn.close()


def _median_ms(work: Callable[[], object]) -> float:
    work()  # warm the cache once
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> list[tuple[str, float, float, str]]:
    from sqlalchemy import text

    from app.bootstrap import prepare
    from app.db.session import Database
    from app.domain.roles import Role
    from app.services.access import Actor
    from app.services.audit_query import LogFilter, read_access_log
    from app.services.users import create_user, sign_in

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "auditlog.db"
        db = Database(f"sqlite+pysqlite:///{path}")
        try:
            prepare(db)
            with db.unit_of_work() as session:
                create_user(session, Actor.system_actor("bench"), login="bench-beheer", name="Bench",
                            role=Role.BEHEERDER, gemeente_code=None)  # fmt: skip
            with db.unit_of_work() as session:
                admin = sign_in(session, "bench-beheer")
            db.engine.dispose()  # the bulk insert writes through a connection of its own
            started = time.perf_counter()
            _fill(path)
            print(
                f"auditlog: {ROWS:,} regels ingevoegd in {time.perf_counter() - started:.1f} s".replace(
                    ",", "."
                )
            )

            def bare() -> None:
                with db.engine.connect() as conn:
                    conn.execute(text("SELECT * FROM access_log ORDER BY id DESC LIMIT 200")).all()

            def page(f: LogFilter, before: int | None) -> Callable[[], object]:
                def work() -> object:
                    with db.unit_of_work() as session:
                        rows = read_access_log(session, admin, f, before=before).rows
                    assert rows, "the benchmark expects a full page"
                    return rows

                return work

            floor = _median_ms(bare)
            deep = ROWS // 2
            person = LogFilter(person="p-042")
            figures = [
                ("eerste pagina", page(LogFilter(), None)),
                ("pagina halverwege", page(LogFilter(), deep)),
                ("eerste pagina, persoon", page(person, None)),
                ("pagina halverwege, persoon", page(person, deep)),
                (
                    "pagina halverwege, persoon + geweigerd",
                    page(LogFilter(person="p-0", result="denied"), deep),
                ),
            ]
            results = []
            print(f"auditlog: vloer (kale SELECT … ORDER BY id DESC LIMIT 200): {floor:.1f} ms")
            for label, work in figures:
                ms = _median_ms(work)
                verdict = "ok" if ms < TARGET_MS else "TE TRAAG"
                print(f"auditlog: {label}: {ms:.1f} ms (doel < {TARGET_MS:g} ms, {verdict}; "
                      f"{ms / floor:.1f}× de vloer)")  # fmt: skip
                results.append(
                    (f"toegangslog {ROWS // 1000}k: {label} (×{ms / floor:.1f} vloer)", ms, TARGET_MS, "ms")
                )
            return results
        finally:
            db.dispose()
