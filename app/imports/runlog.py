"""An import's start and end in the access log, and the imports that never ended.

The start is committed in a transaction of its own before the work begins, so it survives whatever
happens to the import: a rollback, a lost connection, a killed process. The end carries the same
run id (the row's ``object_id``) and says how it went: ``ok``, ``invalid`` (refused input, or
stopped at a faulty row), ``conflict``, ``denied``, ``error`` or ``aborted`` (cancelled). A start
without an end is an import that was killed or lost its connection (or is still running):
``imports_without_end`` lists them.

The detail holds the kind, the mode and the counts only: never the file or sheet name, which may
hold a person's name.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from app.db.models import AccessLog
from app.db.session import FAILURE_ENTRY
from app.domain.roles import Action, Area
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.access import Actor, authorize, write_apart

log = logging.getLogger(__name__)

START = "begin"
END = "einde"
ABORTED = "aborted"


def new_run_id() -> str:
    return uuid.uuid4().hex[:16]


@dataclass
class ImportRun:
    """One import (or preview) as the log knows it."""

    run_id: str
    object_type: str  # "import koppelingen"
    gemeente_id: int | None
    mode: str  # "import" or "voorbeeld"
    counts: dict[str, int] = field(default_factory=dict)  # the run's counts so far (its result's)

    @contextmanager
    def failures_logged(self, session: Session, actor: Actor, control: object = None) -> Iterator[None]:
        """An exception out of the block ends the run in the log (conflict, invalid, aborted, …)."""
        try:
            yield
        except BaseException as exc:
            outcome, why = failure_result(exc, cancelled=bool(getattr(control, "cancelled", False)))
            self.end_failed(session, actor, outcome, self.counts, why)
            raise

    def _entry(self, actor: Actor, result: str, detail: str) -> AccessLog:
        return AccessLog(
            actor_id=actor.user_id,
            actor_login=actor.login[:64],
            on_behalf_of=actor.on_behalf_of,
            action=Action.IMPORT,
            object_type=self.object_type[:40],
            object_id=self.run_id,
            gemeente_id=self.gemeente_id,
            result=result,
            detail=detail[:500],
            workstation=actor.workstation,
        )

    def start(self, session: Session, actor: Actor, rows: int) -> None:
        """Commit the start in a transaction of its own, before the work. On SQLite the import's
        session must not have written yet (it would hold the write lock this waits for)."""
        entry = self._entry(actor, "ok", f"{START}; {self.mode}; rijen in bestand: {rows}")
        if _writing_sqlite(session):
            # The caller wrote before the import (SQLite: it holds the one write lock): the start
            # goes in with the import's own transaction, and is lost only with it.
            session.add(entry)
            return
        try:
            with Session(bind=session.get_bind()) as apart:
                apart.add(entry)
                apart.commit()
        except Exception:  # sqlite3's own errors come straight out of the chain's insert hook
            log.warning(
                "the start of an import could not be logged apart; kept in the session", exc_info=True
            )
            session.add(entry)

    def end_ok(self, session: Session, actor: Actor, area: Area, counts: dict[str, int]) -> None:
        """The end of a run that went well, committed with the import. Through ``authorize``: a
        failing commit then leaves this end again with its result (conflict, error)."""
        authorize(
            session, actor, Action.IMPORT, area, self.object_type, self.run_id,
            gemeente_id=self.gemeente_id, detail=self._end_detail(counts),
        )  # fmt: skip

    def end_failed(
        self, session: Session, actor: Actor, result: str, counts: dict[str, int], why: str = ""
    ) -> None:
        """The end of a run that failed, written apart (the import's work is rolled back): in a unit
        of work after its transaction ends, else in a transaction of its own now."""
        entry = self._entry(actor, result, self._end_detail(counts, why))
        # This end says how the import ended: the unit of work adds no second row for the failure.
        session.info.pop(FAILURE_ENTRY, None)
        if not write_apart(session, entry):  # never hide the failure itself
            log.warning("the end of a failed import could not be logged")

    def _end_detail(self, counts: dict[str, int], why: str = "") -> str:
        numbers = " ".join(f"{key}={counts.get(key, 0)}" for key in ("new", "changed", "unchanged", "error"))
        return f"{END}; {self.mode}; {numbers}" + (f"; {why}" if why else "")


def _writing_sqlite(session: Session) -> bool:
    """Whether the session's SQLite connection has written in its open transaction."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite" or not session.in_transaction():
        return False
    dbapi = session.connection().connection.dbapi_connection
    return bool(getattr(dbapi, "in_transaction", False))


def failure_result(exc: BaseException, *, cancelled: bool = False) -> tuple[str, str]:
    """(result, why) for an import that ended with ``exc``."""
    from app.imports.columns import MissingColumnsError
    from app.io.excel.safety import ImportFileError

    if cancelled or isinstance(exc, KeyboardInterrupt) or type(exc).__name__ == "Cancelled":
        return ABORTED, "afgebroken"
    if isinstance(exc, ConflictError):
        return "conflict", "tegelijk gewijzigd"
    if isinstance(exc, PermissionDenied):
        return "denied", "geweigerd"
    if isinstance(exc, ValidationError | MissingColumnsError | ImportFileError):
        return "invalid", "bestand geweigerd"
    from app.db.session import is_connection_error

    if is_connection_error(exc):
        return "error", "verbinding verbroken"
    return "error", type(exc).__name__[:60]


# -- the imports that never ended -------------------------------------------------------------------


@dataclass(frozen=True)
class OpenImport:
    run_id: str
    at: datetime  # UTC
    actor_login: str
    object_type: str
    detail: str | None


def imports_without_end(session: Session, actor: Actor, *, limit: int = 500) -> list[OpenImport]:
    """Imports whose start is in the log and whose end is not, newest first: the process was
    killed or lost its connection (or the import is still running). Beheerder only, as the log."""
    authorize(session, actor, Action.READ, Area.AUDIT, "access_log", detail="imports zonder einde")
    end = aliased(AccessLog)
    ended = exists().where(
        and_(
            end.object_type == AccessLog.object_type,
            end.object_id == AccessLog.object_id,
            end.action == Action.IMPORT,
            end.detail.startswith(f"{END};"),
        )
    )
    query = (
        select(AccessLog)
        .where(
            AccessLog.action == Action.IMPORT,
            AccessLog.object_type.startswith("import "),
            AccessLog.detail.startswith(f"{START};"),
            ~ended,
        )
        .order_by(AccessLog.id.desc())
        .limit(limit)
    )
    return [
        OpenImport(row.object_id or "", row.at, row.actor_login, row.object_type, row.detail)
        for row in session.scalars(query)
    ]
