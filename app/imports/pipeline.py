"""An import's work on two threads and two connections (PostgreSQL): a chunk's writes go on on a
thread of their own (DeferredCopies) while the next chunk is parsed, looked up over a second
connection (ReadConnection) and prepared."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import cast

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from app.imports.bulk import BulkTable, fast_driver_name


class ReadConnection:
    """PostgreSQL: a second connection of the same login for an import's look-ups (its existing
    rows by key, new ids from the sequence) while the session's connection is busy with the
    previous chunk's writes on the write thread (DeferredCopies). Without it the server sat idle
    while each chunk was looked up and prepared: a second of a 100,000-row import.

    What this connection cannot see, the import's own uncommitted rows, it never needs: a key the
    import wrote before is refused as a duplicate within the file first. It reads in autocommit
    (no snapshot held open) and is closed when the import ends, also on failure."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._conn: Connection | None = None

    @staticmethod
    def possible(session: Session) -> bool:
        """psycopg, and a session on an engine: one bound to a connection (a test's outer
        transaction) has rows another connection would not see."""
        bind = session.get_bind()
        return isinstance(bind, Engine) and fast_driver_name(bind.dialect) == "psycopg"

    def table(self, table: Table) -> BulkTable:
        if self._conn is None:
            engine = cast(Engine, self.session.get_bind())
            self._conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return BulkTable(self.session, table, self._conn)

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            with contextlib.suppress(Exception):  # a dead connection is discarded by the pool
                conn.close()


class DeferredCopies:
    """PostgreSQL batches of INSERTs sent on a thread of their own while the import goes on.

    Most of a batch's time is the server's (constraints, five indexes): on a thread, that wait
    overlaps the parsing of the next chunk instead of adding to it. The connection is then the
    thread's: ``wait()`` must come before anything else uses it, and re-raises what the COPY
    raised. SQLite's executemany is not deferred (sqlite3 takes the GIL back for every row, so a
    thread would wait for it row by row); one INSERT … SELECT is, as it runs without the GIL.
    """

    def __init__(self) -> None:
        self._jobs: list[Callable[[], None]] = []
        self._thread: threading.Thread | None = None
        self._failed: BaseException | None = None

    def add(self, job: Callable[[], None]) -> None:
        self._jobs.append(job)

    def start(self) -> None:
        """Run the added jobs, in order, on a thread."""
        self.wait()
        jobs, self._jobs = self._jobs, []
        if not jobs:
            return

        def run() -> None:
            try:
                for job in jobs:
                    job()
            except BaseException as exc:  # handed to the import by wait()
                self._failed = exc

        self._thread = threading.Thread(target=run, name="import-copy", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the jobs are done; raises what one of them raised."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._failed is not None:
            failed, self._failed = self._failed, None
            raise failed
