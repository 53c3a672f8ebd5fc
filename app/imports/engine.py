"""Run an import: file → parsed rows → new/changed/unchanged/error → one atomic upsert.

The same pass serves the preview and the real import: a preview (``dry_run``) does all the work,
database writes included, and rolls back, so what the user previews is exactly what an import
would do. Rows are handled in chunks so memory stays flat for long sheets: existing rows are
looked up per chunk, inserts and updates go out as executemany, and only a capped number of
preview rows is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Enum
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import BatchAction, ImportBatch, ImportBatchRow
from app.db.models.imports import BatchEntry, batch_runs
from app.domain.roles import Action, Scope, scope_for
from app.errors import ConflictError
from app.imports.bulk import BulkTable, write_settings
from app.imports.columns import (
    MissingColumnsError,
    apply_columns,
    find_field,
    profile_mapping,
    with_columns,
)
from app.imports.gcpause import collection_paused
from app.imports.kinds import ImportKind, RowProblem, kind_class
from app.imports.pipeline import DeferredCopies, ReadConnection
from app.imports.profiles import load_profile
from app.imports.results import ImportRequest, ImportResult, PreviewRow, RowStatus
from app.imports.runlog import ImportRun, new_run_id
from app.io.excel.headers import FieldSpec, missing_required
from app.io.excel.reader import Workbook, open_workbook
from app.io.excel.table import ParsedRow, detect_layout, parse_rows, rank_sheets
from app.services.access import Actor, authorize, is_permitted

BATCH_COLUMNS = ("object_id", "action", "version_after", "before", "run_length")
CHUNK_ROWS = 2000
# The first chunk is smaller: on PostgreSQL its writes (and its dossiers) go on beside the parsing of
# the next one, and the database waits idle until the first chunk is parsed; a chunk of 2,000 rows
# kept it idle for the parsing of 2,000 rows (see _walk).
FIRST_CHUNK_ROWS = 500
PREVIEW_CAP = 20_000  # rows kept for the preview table; counts are always complete
MSG_DUPLICATE = "Staat al eerder in het bestand (regel {row}); elke {what} mag maar één keer voorkomen."
MSG_NOT_YOURS = "U mag alleen gegevens van uw eigen gemeente inlezen."
MSG_CONFLICT = (
    "Een andere gebruiker heeft een deel van deze gegevens gewijzigd terwijl u importeerde. "
    "Er is niets opgeslagen; lees het bestand opnieuw in."
)


class Control(Protocol):
    def progress(self, fraction: float, text: str = "") -> None: ...
    def check_cancelled(self) -> None: ...


@dataclass
class FileInspection:
    """What the dialog's first steps show: sheets, where the header is, the proposed mapping."""

    path: Path
    kind: str
    kind_title: str
    sheets: list[tuple[str, float]]  # every sheet with its header score, best first
    sheet: str
    header_row: int  # Excel row number
    header_cells: list[Any]
    mapping: dict[int, str]
    fields: list[FieldSpec]
    sample: list[list[Any]]  # the first data rows, raw
    profile: str | None = None
    hidden_sheets: list[str] = field(default_factory=list)  # hidden in Excel
    sheet_notes: list[str] = field(default_factory=list)  # other sheets fit too, or this one is hidden

    @property
    def missing(self) -> list[FieldSpec]:
        return missing_required(self.mapping, self.fields)


def _open(path: Path) -> Workbook:
    return open_workbook(path)


def inspect_file(
    session: Session,
    actor: Actor,
    path: Path,
    kind_name: str,
    *,
    sheet: str | None = None,
    profile: str | None = None,
    sample_rows: int = 12,
) -> FileInspection:
    """Open the file safely, pick the sheet (or use `sheet`), find the header, propose a mapping."""
    cls = kind_class(kind_name)
    kind = cls(session, actor)
    with _open(Path(path)) as wb:
        fields = kind.fields(date1904=wb.date1904)
        ranked = rank_sheets(wb, fields) if sheet is None and len(wb.sheet_names) > 1 else []
        layout = detect_layout(wb, fields, sheet)
        mapping = layout.mapping
        if profile:
            mapping = profile_mapping(
                layout.header.header_cells, fields, load_profile(session, kind_name, profile)
            )
        sample = list(islice((r for r in wb.rows(layout.sheet, layout.header.data_start) if r), sample_rows))
        sheets = ranked or [(name, 0.0) for name in wb.sheet_names]
        hidden = wb.hidden_sheets
    return FileInspection(
        path=Path(path),
        kind=kind_name,
        kind_title=cls.title,
        sheets=sheets,
        sheet=layout.sheet,
        header_row=layout.header.header_row + 1,
        header_cells=list(layout.header.header_cells),
        mapping=dict(mapping),
        fields=fields,
        sample=sample,
        profile=profile,
        hidden_sheets=sorted(hidden),
        sheet_notes=list(layout.notes),
    )


def _batched(
    rows: Iterable[ParsedRow], size: int, first: int | None = None, expected: int | None = None
) -> Iterator[list[ParsedRow]]:
    """Chunks of `size` rows; the first of `first` rows when given. With `expected` (about how many
    rows come) the last chunk is of about `first` rows too: on PostgreSQL the last chunk's writes
    are the only ones that nothing goes on beside (and the first chunk's parsing the only part
    the database waits for), so both ends are kept short. The count need not be exact."""
    iterator = iter(rows)
    taken = 0
    if first is not None and (chunk := list(islice(iterator, first))):
        taken += len(chunk)
        yield chunk
    while True:
        count = size
        if first and expected is not None and first < expected - taken <= size + first:
            count = expected - taken - first  # then a last chunk of `first` rows
        chunk = list(islice(iterator, count))
        if not chunk:
            return
        taken += len(chunk)
        yield chunk


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


class _Run:
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


def run_import(
    session: Session,
    actor: Actor,
    request: ImportRequest,
    *,
    dry_run: bool = False,
    control: Control | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Import (or preview) one sheet. Nothing is committed here: the caller's unit of work commits.

    A preview and a stopped 'stop'-mode import roll the session back before returning.
    Raises ImportFileError (bad file; MissingColumnsError: required fields without a column),
    ColumnChoiceError (``request.columns`` names an unknown column or field), PermissionDenied,
    ConflictError (someone changed the rows meanwhile), Cancelled (from `control`).

    The access log gets the run's start, committed apart before the work, and its end with the
    same run id (see app.imports.runlog): ok with the import, or how it failed.
    """
    started = time.perf_counter()
    cls = kind_class(request.kind)
    kind = cls(session, actor, today=today)
    path = Path(request.path)
    with _open(path) as wb, write_settings(session):
        fields = kind.fields(date1904=wb.date1904)
        chosen = [(text, None if key is None else find_field(key, fields, cls.title))
                  for text, key in request.columns]  # fmt: skip
        fields = with_columns(fields, chosen)
        layout = detect_layout(wb, fields, request.sheet)
        mapping = layout.mapping
        if request.mapping is not None:
            mapping = dict(request.mapping)
        elif request.profile:
            mapping = profile_mapping(
                layout.header.header_cells, fields, load_profile(session, request.kind, request.profile)
            )
        if chosen:
            mapping = apply_columns(
                layout.header.header_cells, mapping, chosen, sheet=layout.sheet,
                header_row=layout.header.header_row + 1,
            )  # fmt: skip
        total = wb.row_count(layout.sheet) or 0
        # Logged before any work, in a transaction of its own: a killed import leaves its start.
        run_log = _start(session, actor, kind, request, dry_run, total)
        with run_log.failures_logged(session, actor, control):
            missing = missing_required(mapping, fields)
            if missing:
                raise MissingColumnsError(missing, fields, layout.header.header_cells, mapping)
            result = ImportResult(
                request=request, kind_title=cls.title, dry_run=dry_run, sheet=layout.sheet,
                header_row=layout.header.header_row + 1, header_cells=list(layout.header.header_cells),
                mapping=dict(mapping),
            )  # fmt: skip
            run_log.counts = result.counts
            result.sheet_notes = list(layout.notes)
            run = _Run(session, actor, kind, result, dry_run)
            run.batch = ImportBatch(
                kind=request.kind, file_name=path.name[:255], sheet=layout.sheet[:120], mode=request.mode,
                imported_by=actor.login[:64],
            )  # fmt: skip
            session.add(run.batch)
            session.flush()
            start = layout.header.data_start
            rows = parse_rows(wb.rows(layout.sheet, start=start), mapping, fields, first_row_number=start + 1)
            with collection_paused():  # the rows make no cycles; see gcpause
                try:
                    _walk(run, rows, control, total)
                except BaseException:
                    run.copies.wait()  # a failed write came first; else it is done before the error goes on
                    raise
                finally:
                    if run.reader is not None:
                        run.reader.close()
                run.copies.wait()
                if not dry_run and result.stopped_at is None:
                    # What follows from the new rows (a koppeling's dossier), in the same
                    # transaction, while the import's write settings still hold.
                    kind.after_write(run.inserted_ids)
    with run_log.failures_logged(session, actor, control):
        _finish(session, actor, kind, run, run_log)
    result.seconds = time.perf_counter() - started
    return result


def _start(
    session: Session, actor: Actor, kind: ImportKind, request: ImportRequest, dry_run: bool, total: int
) -> ImportRun:
    """Check the right to import, then log the start apart (committed before the work begins)."""
    # A contactpersoon imports for the own municipality only: the rows are checked one by one.
    scope = scope_for(actor.role, Action.IMPORT, kind.area)
    gemeente_id = actor.gemeente_id if scope is Scope.OWN else None
    run_log = ImportRun(
        new_run_id(), f"import {kind.name}", gemeente_id, "voorbeeld" if dry_run else "import"
    )
    if not is_permitted(session, actor, Action.IMPORT, kind.area, gemeente_id=gemeente_id):
        # Refused: logged as such (apart) and raised; nothing started.
        authorize(
            session, actor, Action.IMPORT, kind.area, run_log.object_type, gemeente_id=gemeente_id,
            detail=f"{run_log.mode}; {request.kind}",
        )  # fmt: skip
    run_log.start(session, actor, total)
    return run_log


def _finish(session: Session, actor: Actor, kind: ImportKind, run: _Run, run_log: ImportRun) -> None:
    """A preview and a stopped 'stop'-mode import roll back; a real one fills in its batch. Then
    the end of the run goes in the log."""
    result = run.result
    if run.dry_run or result.stopped_at is not None:
        session.rollback()
        if result.stopped_at is not None:
            why = f"gestopt bij de fout op regel {result.stopped_at}"
            run_log.end_failed(session, actor, "invalid", result.counts, why)
            return
    else:
        batch = run.batch
        assert batch is not None
        batch.rows_new, batch.rows_changed = result.counts["new"], result.counts["changed"]
        batch.rows_unchanged, batch.rows_error = result.counts["unchanged"], result.counts["error"]
        session.flush()
        result.batch_id = batch.id
    run_log.end_ok(session, actor, kind.area, result.counts)


def _walk(run: _Run, rows: Iterable[ParsedRow], control: Control | None, total: int) -> None:
    """The data rows, chunk by chunk: classified and written, with progress and cancel."""
    result = run.result
    expected = max(total - run.result.header_row, 0) if total else None  # the rows below the header
    for chunk in _batched(rows, CHUNK_ROWS, first=min(FIRST_CHUNK_ROWS, CHUNK_ROWS), expected=expected):
        if control is not None:
            control.check_cancelled()
        run.chunk(chunk)
        if result.request.mode == "stop" and result.counts["error"]:
            result.stopped_at = run.first_error
            if not run.dry_run:
                break
        if control is not None:
            done = chunk[-1].row_number
            fraction = done / total if total else 0.0
            control.progress(min(fraction, 0.99), f"Regel {done:,} van {total:,}".replace(",", "."))


def write_rejected_file(result: ImportResult, path: Path) -> int:
    """The refused rows in their original columns plus 'Foutmelding', to fix and import again."""
    from app.io.excel.writer import write_rejected_rows

    info = {
        "Bronbestand": result.request.path.name,
        "Werkblad": result.sheet,
        "Soort": result.kind_title,
        "Aantal afgewezen rijen": str(len(result.rejected)),
    }
    return write_rejected_rows(path, result.header_cells, result.rejected, info=info)


ProgressFn = Callable[[float, str], None]
