"""Import history: every committed import is a batch, and a batch can be undone as a whole.

Undo is all or nothing and only while nobody touched the rows since: each batch row remembers
the version the import left behind, and any other version means someone edited it afterwards.
New rows are deleted, changed rows get their replaced values back.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Date, Enum, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import BatchAction, BatchStatus, ImportBatch, ImportBatchRow
from app.domain.roles import Action, Area, Scope, scope_for
from app.errors import NotFound, PermissionDenied, UserError
from app.imports.kinds import kind_class
from app.services.access import Actor, authorize

MSG_ALREADY = "Deze import is al ongedaan gemaakt."
MSG_TOUCHED = (
    "Deze import kan niet meer ongedaan worden gemaakt: {n} van de rijen zijn daarna nog gewijzigd "
    "of verwijderd (bijvoorbeeld {examples})."
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


def _info(b: ImportBatch) -> BatchInfo:
    try:
        title = kind_class(b.kind).title
    except KeyError:
        title = b.kind
    return BatchInfo(
        b.id, b.kind, title, b.file_name, b.sheet, b.imported_by, b.imported_at, b.rows_new, b.rows_changed,
        b.rows_unchanged, b.rows_error, b.status, b.undone_by, b.undone_at,
    )  # fmt: skip


def list_batches(
    session: Session, actor: Actor, *, kind: str | None = None, limit: int = 500
) -> list[BatchInfo]:
    authorize(session, actor, Action.READ, Area.REGION, "importgeschiedenis", detail=kind)
    query = select(ImportBatch).order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc()).limit(limit)
    if kind:
        query = query.where(ImportBatch.kind == kind)
    return [_info(b) for b in session.scalars(query)]


def undo_batch(session: Session, actor: Actor, batch_id: int) -> BatchInfo:
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
        detail=f"ongedaan maken: {batch.file_name}",
    )  # fmt: skip
    if batch.status is BatchStatus.ONGEDAAN:
        raise UserError(MSG_ALREADY)
    rows = session.scalars(select(ImportBatchRow).where(ImportBatchRow.batch_id == batch.id)).all()
    table = kind.table
    ids = [r.object_id for r in rows]
    versions: dict[int, int] = {}
    for start in range(0, len(ids), 5000):
        part = ids[start : start + 5000]
        found = session.execute(select(table.c.id, table.c.version).where(table.c.id.in_(part)))
        versions.update((row_id, version) for row_id, version in found)
    touched = [r for r in rows if versions.get(r.object_id) != r.version_after]
    if touched:
        examples = ", ".join(_describe(session, kind, r.object_id) for r in touched[:3])
        raise UserError(MSG_TOUCHED.format(n=len(touched), examples=examples))
    new_ids = [r.object_id for r in rows if r.action is BatchAction.NEW]
    try:  # a failure rolls back the caller's whole unit of work: nothing half-undone
        for start in range(0, len(new_ids), 5000):
            session.execute(delete(table).where(table.c.id.in_(new_ids[start : start + 5000])))
        now = utcnow()
        for r in rows:
            if r.action is BatchAction.CHANGED:
                values = _decode(table, json.loads(r.before))
                session.execute(
                    update(table)
                    .where(table.c.id == r.object_id)
                    .values(**values, version=table.c.version + 1, updated_at=now)
                )
    except IntegrityError as exc:
        raise UserError(MSG_IN_USE) from exc
    batch.status = BatchStatus.ONGEDAAN
    batch.undone_by = actor.login
    batch.undone_at = utcnow()
    session.flush()
    return _info(batch)


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
