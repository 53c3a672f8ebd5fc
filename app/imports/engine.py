"""Run an import: file → parsed rows → new/changed/unchanged/error → one atomic upsert.

The same pass serves the preview and the real import: a preview (``dry_run``) does all the work,
database writes included, and rolls back, so what the user previews is exactly what an import
would do. Rows are handled in chunks so memory stays flat for long sheets: existing rows are
looked up per chunk, inserts and updates go out as executemany, and only a capped number of
preview rows is kept.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from app.db.models import ImportBatch
from app.domain.roles import Action, Scope, scope_for
from app.imports.bulk import write_settings
from app.imports.columns import (
    MissingColumnsError,
    apply_columns,
    find_field,
    profile_mapping,
    with_columns,
)
from app.imports.gcpause import collection_paused
from app.imports.import_pass import ImportPass
from app.imports.kinds import ImportKind, kind_class
from app.imports.profiles import load_profile
from app.imports.results import ImportRequest, ImportResult
from app.imports.runlog import ImportRun, new_run_id
from app.io.excel.headers import FieldSpec, missing_required
from app.io.excel.reader import Workbook, open_workbook
from app.io.excel.table import ParsedRow, detect_layout, parse_rows, rank_sheets
from app.services.access import Actor, authorize, is_permitted

CHUNK_ROWS = 2000
# The first chunk is smaller: on PostgreSQL its writes (and its dossiers) go on beside the parsing of
# the next one, and the database waits idle until the first chunk is parsed; a chunk of 2,000 rows
# kept it idle for the parsing of 2,000 rows (see _walk).
FIRST_CHUNK_ROWS = 500


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
            run = ImportPass(session, actor, kind, result, dry_run)
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


def _finish(session: Session, actor: Actor, kind: ImportKind, run: ImportPass, run_log: ImportRun) -> None:
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


def _walk(run: ImportPass, rows: Iterable[ParsedRow], control: Control | None, total: int) -> None:
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
