"""One pass over a sheet's rows for an import or its preview, chunk by chunk: each row classified
(new, changed, unchanged, error) against what the database holds, and the chunk written (new rows
in bulk, changed rows only while their version is the one read, and what undo needs).
run_import (engine) opens the file, finds the columns and drives the pass."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Enum
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import BatchAction, ImportBatch, ImportBatchRow
from app.db.models.imports import BatchEntry, batch_runs
from app.errors import ConflictError
from app.imports.bulk import BulkTable
from app.imports.kinds import ImportKind, RowProblem
from app.imports.pipeline import DeferredCopies, ReadConnection
from app.imports.results import ImportResult, PreviewRow, RowStatus
from app.io.excel.table import ParsedRow
from app.services.access import Actor

BATCH_COLUMNS = ("object_id", "action", "version_after", "before", "run_length")
PREVIEW_CAP = 20_000  # rows kept for the preview table; counts are always complete
MSG_DUPLICATE = "Staat al eerder in het bestand (regel {row}); elke {what} mag maar één keer voorkomen."
MSG_NOT_YOURS = "U mag alleen gegevens van uw eigen gemeente inlezen."
MSG_CONFLICT = (
    "Een andere gebruiker heeft een deel van deze gegevens gewijzigd terwijl u importeerde. "
    "Er is niets opgeslagen; lees het bestand opnieuw in."
)


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return (old in (None, "")) and (new in (None, ""))
    if isinstance(old, float) or isinstance(new, float):
        return abs(float(old) - float(new)) < 0.005
    return bool(old == new)


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class ImportPass:
    """State of one pass over the sheet."""

    def __init__(self, session: Session, actor: Actor, kind: ImportKind, result: ImportResult, dry_run: bool):
        self.session = session
        self.actor = actor
        self.kind = kind
        self.result = result
        self.dry_run = dry_run
        self.seen: dict[tuple[Any, ...], int] = {}
        self.table = kind.table
        self.write_columns = list(kind.column_labels)
        self.batch: ImportBatch | None = None
        self._bulk: BulkTable | None = None
        self.first_error: int | None = None
        self._allowed: dict[int | None, bool] = {}  # gemeente id -> may the actor import its rows
        # PostgreSQL: a chunk's COPYs go on while the next chunk is parsed (see DeferredCopies).
        self.copies = DeferredCopies()
        # PostgreSQL, a kind whose rows need no look-up while parsed: the next chunk is looked up
        # and prepared on a second connection while this one's writes go on (see ReadConnection).
        self.reader = (
            ReadConnection(session)
            if not kind.record_reads_database and not kind.writes_through_service
            and ReadConnection.possible(session)
            else None
        )  # fmt: skip
        self._reads: BulkTable | None = None
        self.inserted_ids: list[int] = []  # the new rows, for what follows from them (after_write)
        self.enums = {
            c.name: c.type.enum_class
            for c in self.table.columns
            if isinstance(c.type, Enum) and c.type.enum_class is not None
        }

    # --- classification ------------------------------------------------------------------

    def keep(self, row: PreviewRow, raw: list[Any]) -> None:
        self.result.counts[row.status] += 1
        if row.status == "error":
            if self.first_error is None:
                self.first_error = row.row_number
            self.result.rejected.append((raw, row.message()))
            if row.errors == {"gemeente": MSG_NOT_YOURS}:
                self.result.not_yours += 1
        elif row.warnings:
            self.result.warned += 1
        if not self.dry_run and row.status in ("new", "unchanged") and not row.warnings:
            return  # the report after a real import lists only what changed, failed or warned
        if len(self.result.rows) < PREVIEW_CAP:
            self.result.rows.append(row)
        else:
            self.result.rows_truncated = True

    def error(self, parsed: ParsedRow, errors: dict[str, str], key_text: str = "") -> None:
        values = parsed.values | {k: self._raw_of(parsed, k) for k in errors if k != "_row"}
        self.keep(PreviewRow(parsed.row_number, "error", key_text, values, errors=errors), parsed.raw)

    def _raw_of(self, parsed: ParsedRow, field_key: str) -> Any:
        col = next((c for c, k in self.result.mapping.items() if k == field_key), None)
        return parsed.raw[col] if col is not None and col < len(parsed.raw) else None

    def chunk(self, chunk: list[ParsedRow]) -> None:
        kind = self.kind
        if kind.record_reads_database:
            self.copies.wait()  # the previous chunk's writes are done before this one reads or writes
        seen = self.seen
        record_of, key_of = kind.record, kind.key  # looked up once: the loops run for every row
        prepared: list[tuple[ParsedRow, dict[str, Any], tuple[Any, ...]]] = []
        for parsed in chunk:
            if parsed.summary is not None:  # a 'Totaal' row that did not parse: skipped, not an error
                self.result.skipped.append((parsed.row_number, parsed.summary))
                continue
            if parsed.errors:
                # Keep the raw text of the refused cells so the preview shows what was there.
                self.error(parsed, dict(parsed.errors))
                continue
            try:
                record = record_of(parsed.values)
            except RowProblem as problem:
                self.error(parsed, problem.errors)
                continue
            key = key_of(record)
            if key in seen:
                what = " + ".join(kind.column_labels[c] for c in kind.key_columns)
                self.error(
                    parsed, {"_row": MSG_DUPLICATE.format(row=seen[key], what=what)}, kind.key_text(key)
                )
                continue
            seen[key] = parsed.row_number
            prepared.append((parsed, record, key))
        if self.reader is None:
            self.copies.wait()  # the previous chunk's writes are done before this one reads or writes
        existing = self._existing([key for _p, _r, key in prepared])
        inserts: list[tuple[ParsedRow, dict[str, Any]]] = []
        updates: list[tuple[ParsedRow, dict[str, Any], dict[str, Any]]] = []
        complete_new, check_rights = kind.complete_new, self._check_rights
        for parsed, record, key in prepared:
            current = existing.get(key)
            try:
                if current is None:
                    full = complete_new(record)
                    check_rights(full)
                    inserts.append((parsed, full))
                    if not self._only_counted(parsed, "new"):
                        warnings = parsed.warnings
                        key_text = kind.key_text(key)
                        new = PreviewRow(parsed.row_number, "new", key_text, parsed.values, warnings=warnings)
                        self.keep(new, parsed.raw)
                    continue
                merged = kind.merge_existing(record, current)
                self._check_rights(current)
                self._check_rights(merged)
            except RowProblem as problem:
                self.error(parsed, problem.errors, kind.key_text(key))
                continue
            changed = {c: v for c, v in merged.items() if c in current and not _same(current[c], v)}
            if not changed and self._only_counted(parsed, "unchanged"):
                continue
            row = PreviewRow(parsed.row_number, "unchanged", kind.key_text(key), parsed.values)
            row.warnings = parsed.warnings
            if changed:
                row.status = "changed"
                row.changes = [
                    (kind.column_labels.get(c, c), kind.display(c, current[c]), kind.display(c, v))
                    for c, v in changed.items()
                ]
                row.changed_fields = set(changed)
                updates.append((parsed, current, changed))
            self.keep(row, parsed.raw)
        if self.result.request.mode == "stop" and self.result.counts["error"]:
            return
        self._write(inserts, updates)

    def _only_counted(self, parsed: ParsedRow, status: RowStatus) -> bool:
        """A real import reports new and unchanged rows by number only (unless they warn): count
        such a row without building its preview row."""
        if self.dry_run or parsed.warnings:
            return False
        self.result.counts[status] += 1
        return True

    def _check_rights(self, record: dict[str, Any]) -> None:
        gemeente_id = self.kind.gemeente_of(record)
        allowed = self._allowed.get(gemeente_id)
        if allowed is None:  # the answer per municipality, asked once per import
            allowed = self._allowed[gemeente_id] = self.kind.row_allowed(gemeente_id)
        if not allowed:
            raise RowProblem({"gemeente": MSG_NOT_YOURS})

    def _existing(self, keys: Sequence[tuple[Any, ...]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        """The current rows for `keys` (one keyed query per chunk), as column -> value."""
        if not keys:
            return {}
        found = self.kind.existing_rows(keys)
        if found is not None:
            return found
        key_columns = list(self.kind.key_columns)
        columns = ["id", "version", *(c for c in self.write_columns if c not in self.kind.key_columns)]
        names = [*key_columns, *columns]
        n = len(key_columns)
        return {
            row[:n]: dict(zip(names, row, strict=True))
            for row in self.reads.rows_by_keys(key_columns, columns, keys)
        }

    # --- writing -------------------------------------------------------------------------

    def _write(
        self,
        inserts: list[tuple[ParsedRow, dict[str, Any]]],
        updates: list[tuple[ParsedRow, dict[str, Any], dict[str, Any]]],
    ) -> None:
        assert self.batch is not None
        if self.kind.writes_through_service:
            self._write_through_service(inserts, updates)
            return
        now = utcnow()
        batch_rows: list[BatchEntry] = []
        # A chunk with updates writes in the order it always did; one of new rows only can go on
        # beside the next chunk (PostgreSQL).
        later = None if updates else self.copies
        if later is None:
            self.copies.wait()  # the previous chunk's writes are done before this one writes
        ids: list[int] = []
        if inserts:
            records = [rec for _p, rec in inserts]
            ids = self._insert_new(records, now, later)
            self.kind.rows_inserted(ids, records)
            batch_rows += [(i, BatchAction.NEW, 1, "") for i in ids]
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for _p, current, changed in updates:
            cols = tuple(sorted(changed))
            typed = self._typed(changed)
            groups.setdefault(cols, []).append((current["id"], current["version"], *(typed[c] for c in cols)))
            before = json.dumps({c: _json_value(current[c]) for c in cols}, ensure_ascii=False)
            batch_rows.append((current["id"], BatchAction.CHANGED, current["version"] + 1, before))
        for cols, group in groups.items():
            # Each row only while its version is the one read: fewer rows updated is a conflict.
            done = self.bulk.update_versioned(cols, group, now)
            if done is not None and done != len(group):
                raise ConflictError(MSG_CONFLICT)
        if batch_rows:
            # What undo needs: the row, what the import did, the version it left, the replaced
            # values; consecutive new rows as one run.
            BulkTable(self.session, ImportBatchRow.__table__).insert(
                BATCH_COLUMNS, batch_runs(batch_rows), {"batch_id": self.batch.id}, later=later
            )
        if ids and later is not None:
            self.kind.after_insert(self.bulk, ids, later)
        self.copies.start()

    def _write_through_service(
        self,
        inserts: list[tuple[ParsedRow, dict[str, Any]]],
        updates: list[tuple[ParsedRow, dict[str, Any], dict[str, Any]]],
    ) -> None:
        """The kind's service writes each row (its history and rules); the batch is kept the same."""
        assert self.batch is not None
        batch_rows: list[BatchEntry] = []
        for _p, record in inserts:
            new_id, version = self.kind.write_new(record)
            self.inserted_ids.append(new_id)
            batch_rows.append((new_id, BatchAction.NEW, version, ""))
        for _p, current, changed in updates:
            before = json.dumps({c: _json_value(current[c]) for c in sorted(changed)}, ensure_ascii=False)
            version = self.kind.write_changed(current, changed)
            batch_rows.append((current["id"], BatchAction.CHANGED, version, before))
        if batch_rows:
            BulkTable(self.session, ImportBatchRow.__table__).insert(
                BATCH_COLUMNS, batch_runs(batch_rows), {"batch_id": self.batch.id}
            )

    @property
    def bulk(self) -> BulkTable:
        if self._bulk is None:
            self._bulk = BulkTable(self.session, self.table)
        return self._bulk

    @property
    def reads(self) -> BulkTable:
        """Look-ups and new ids: on the reader when there is one, else on the session."""
        if self.reader is None:
            return self.bulk
        if self._reads is None:
            self._reads = self.reader.table(self.table)
        return self._reads

    def _insert_new(
        self, records: list[dict[str, Any]], now: dt.datetime, later: DeferredCopies | None = None
    ) -> list[int]:
        """Insert complete new records (rows with the same columns go together); their new ids in order."""
        ids = self.reads.new_ids(len(records))
        self.inserted_ids.extend(ids)
        stamps = {"version": 1, "created_at": now, "updated_at": now}
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for row_id, rec in zip(ids, records, strict=True):
            groups.setdefault(tuple(rec), []).append((row_id, *rec.values()))
        for columns, rows in groups.items():
            self.bulk.insert(("id", *columns), rows, stamps, later=later)
        return ids

    def _typed(self, record: dict[str, Any]) -> dict[str, Any]:
        """Enum columns want their enum member, not the plain value."""
        enums = [c for c in self.enums if record.get(c) is not None]
        if not enums:
            return record
        out = dict(record)
        for column in enums:
            out[column] = self.enums[column](record[column])
        return out
