"""Import history: every committed import is a batch, and a batch can be undone as a whole.

Undo is all or nothing and only while nobody touched the rows since: each batch row remembers
the version the import left behind, and any other version means someone edited it afterwards.
New rows are deleted, changed rows get their replaced values back; each statement checks the
version itself (``WHERE id = ? AND version = ?``), so an edit racing the undo is never lost. When
rows were changed, ``only_unchanged`` undoes the others and leaves those.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Date, Enum, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult

from app.db.base import utcnow
from app.db.models import AccessLog, BatchAction, BatchStatus, ImportBatch, ImportBatchRow
from app.domain.roles import Action, Area, Scope, scope_for
from app.errors import ConflictError, NotFound, PermissionDenied, UserError
from app.imports.kinds import kind_class
from app.services.access import Actor, authorize
from app.services.people import person_name

MSG_ALREADY = "Deze import is al ongedaan gemaakt."
MSG_TOUCHED = (
    "Deze import is niet ongedaan gemaakt: {n} van de rijen zijn daarna nog gewijzigd of verwijderd "
    "({examples}). Er is niets veranderd. U kunt alleen de ongewijzigde rijen ongedaan maken "
    "(import-history --undo BATCH --only-unchanged); de gewijzigde rijen blijven dan zoals ze zijn."
)
MSG_IN_USE = (
    "Deze import kan niet ongedaan worden gemaakt: een nieuw ingelezen rij wordt inmiddels elders "
    "gebruikt (bijvoorbeeld in een uitruil of een dossier)."
)


@dataclass(frozen=True)
class BatchInfo:
    id: int
    kind: str
    kind_title: str
    file_name: str
    sheet: str
    imported_by: str
    imported_at: datetime
    rows_new: int
    rows_changed: int
    rows_unchanged: int
    rows_error: int
    status: BatchStatus
    undone_by: str | None
    undone_at: datetime | None
    kept: tuple[str, ...] = ()  # after an undo of the unchanged rows only: the rows left as they were
    imported_by_name: str = ""  # the names of imported_by / undone_by, for people
    undone_by_name: str = ""


def _info(b: ImportBatch) -> BatchInfo:
    try:
        title = kind_class(b.kind).title
    except KeyError:
        title = b.kind
    return BatchInfo(
        b.id, b.kind, title, b.file_name, b.sheet, b.imported_by, b.imported_at, b.rows_new, b.rows_changed,
        b.rows_unchanged, b.rows_error, b.status, b.undone_by, b.undone_at,
        imported_by_name=_name(b, b.imported_by), undone_by_name=_name(b, b.undone_by),
    )  # fmt: skip


def _name(row: ImportBatch, login: str | None) -> str:
    session = object_session(row)
    return person_name(session, login) if session is not None else (login or "")


def list_batches(
    session: Session, actor: Actor, *, kind: str | None = None, limit: int = 500
) -> list[BatchInfo]:
    authorize(session, actor, Action.READ, Area.REGION, "importgeschiedenis", detail=kind)
    query = select(ImportBatch).order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc()).limit(limit)
    if kind:
        query = query.where(ImportBatch.kind == kind)
    return [_info(b) for b in session.scalars(query)]


@dataclass(frozen=True)
class ChangedSince:
    """A row of the batch that someone changed or deleted after the import."""

    object_id: int
    key: str  # the V-nummer (the kind's key columns), or "een verwijderde rij"
    what: str  # "verwijderd", "2 keer gewijzigd"
    by: str | None  # the login that last changed it, when the access log knows
    by_name: str = ""  # that user's name, for the message

    @property
    def text(self) -> str:
        who = self.by_name or self.by
        return f"{self.key}: {self.what}" + (f" door {who}" if who else "")


@dataclass(frozen=True)
class _One:
    """One object of a batch row (a row may stand for a run of them: ImportBatchRow.run_length)."""

    object_id: int
    action: BatchAction
    version_after: int
    before: str


class UndoConflict(ConflictError):
    """Undo changed nothing: ``rows`` were changed since the import. ``undo_batch(...,
    only_unchanged=True)`` (``import-history --undo BATCH --only-unchanged``) undoes the others."""

    def __init__(self, message: str, rows: list[ChangedSince]) -> None:
        super().__init__(message, rows)
        self.rows = rows


def undo_batch(session: Session, actor: Actor, batch_id: int, *, only_unchanged: bool = False) -> BatchInfo:
    """Undo an import: new rows are deleted, changed rows get their replaced values back.

    Each row's version is checked in the same statement that deletes or updates it (``WHERE id = ?
    AND version = ?``), so an edit committed while the undo runs is never overwritten: that row's
    statement touches 0 rows. When any row was changed since the import, nothing is undone (a
    savepoint is rolled back) and an UndoConflict lists those rows; with ``only_unchanged`` the other
    rows are undone and the changed ones are left as they are (the batch is then marked undone)."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound("Deze import bestaat niet (meer).")
    kind = kind_class(batch.kind)
    scope = scope_for(actor.role, Action.IMPORT, kind.area)
    # Undoing someone else's import is for those who may import for the whole region.
    if scope is Scope.OWN and batch.imported_by != actor.login and not actor.system:
        raise PermissionDenied("U kunt alleen uw eigen imports ongedaan maken; vraag de regio-coördinator.")
    authorize(
        session, actor, Action.IMPORT, kind.area, f"import {kind.name}", batch.id,
        gemeente_id=actor.gemeente_id if scope is Scope.OWN else None,
        detail="ongedaan maken",  # the batch by its id: a file name may hold a name
    )  # fmt: skip
    if batch.status is BatchStatus.ONGEDAAN:
        raise UserError(MSG_ALREADY)
    stored = session.scalars(
        select(ImportBatchRow).where(ImportBatchRow.batch_id == batch.id).order_by(ImportBatchRow.object_id)
    ).all()
    rows = [_One(i, r.action, r.version_after, r.before) for r in stored for i in r.object_ids()]
    table = kind.table
    handler = kind(session, actor)
    handler.before_undo([r.object_id for r in rows if r.action is BatchAction.NEW])
    touched: list[_One] = []
    savepoint = session.begin_nested()
    try:  # a failure rolls back the savepoint: nothing half-undone
        now = utcnow()
        for r in rows:
            # A kind that writes through its service undoes through it too (its history).
            done = handler.undo_row(
                r.object_id, r.action, r.version_after, json.loads(r.before) if r.before else {}
            )
            if done is not None:
                if not done:
                    touched.append(r)
                continue
            same = (table.c.id == r.object_id) & (table.c.version == r.version_after)
            if r.action is BatchAction.NEW:
                statement: Any = delete(table).where(same)
            elif r.action is BatchAction.CHANGED:
                values = _decode(table, json.loads(r.before))
                statement = (
                    update(table).where(same).values(**values, version=table.c.version + 1, updated_at=now)
                )
            else:
                continue
            if cast("CursorResult[Any]", session.execute(statement)).rowcount != 1:
                touched.append(r)
    except IntegrityError as exc:
        savepoint.rollback()
        raise UserError(MSG_IN_USE) from exc
    except BaseException:
        savepoint.rollback()
        raise
    if touched and not only_unchanged:
        savepoint.rollback()
        changed = [_changed_since(session, kind, batch, r) for r in touched]
        examples = "; ".join(c.text for c in changed[:10]) + ("; …" if len(changed) > 10 else "")
        raise UndoConflict(MSG_TOUCHED.format(n=len(changed), examples=examples), changed)
    savepoint.commit()
    batch.status = BatchStatus.ONGEDAAN
    batch.undone_by = actor.login
    batch.undone_at = utcnow()
    session.flush()
    return replace(_info(batch), kept=tuple(_describe(session, kind, r.object_id) for r in touched))


def _changed_since(session: Session, kind: Any, batch: ImportBatch, r: _One) -> ChangedSince:
    t = kind.table
    version = session.scalar(select(t.c.version).where(t.c.id == r.object_id))
    if version is None:
        what = "verwijderd"
    else:
        times = version - r.version_after
        what = (
            "gewijzigd" if times <= 0 else ("1 keer gewijzigd" if times == 1 else f"{times} keer gewijzigd")
        )
    by = session.scalar(
        select(AccessLog.actor_login)
        .where(
            AccessLog.object_type == kind.object_type,
            AccessLog.object_id == str(r.object_id),
            AccessLog.action.in_((Action.UPDATE, Action.DELETE)),
            AccessLog.result == "ok",
            AccessLog.at >= batch.imported_at,
        )
        .order_by(AccessLog.id.desc())
        .limit(1)
    )
    key = _describe(session, kind, r.object_id)
    return ChangedSince(r.object_id, key, what, by, person_name(session, by))


def _decode(table: Any, values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column, value in values.items():
        col_type = table.c[column].type
        if value is not None and isinstance(col_type, Date):
            value = dt.date.fromisoformat(value)
        elif value is not None and isinstance(col_type, Enum) and col_type.enum_class is not None:
            value = col_type.enum_class(value)
        out[column] = value
    return out


def _describe(session: Session, kind: Any, object_id: int) -> str:
    t = kind.table
    row = session.execute(select(*(t.c[c] for c in kind.key_columns)).where(t.c.id == object_id)).first()
    return "een verwijderde rij" if row is None else " / ".join(str(v) for v in row)
