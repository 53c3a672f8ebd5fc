"""Export one list to .xlsx: the rights check and access-log row, the Info sheet, and an atomic write.

GUI and CLI both end here. The caller decides *what* is exported (the columns and the rows, already
filtered and sorted as the user sees them); this module decides *whether* the actor may export that
list, records it, and writes the file so that it is either complete or not there at all:

    export_list(session, actor, "koppelingen", columns, rows, path, filter_text="Gemeente: Zeist")

``columns`` are ``app.io.excel.writer.ColumnSpec`` (title and kind: dates stay dates, numbers numbers);
``rows`` are sequences of plain values in column order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.domain.roles import Action, Area, is_allowed
from app.domain.timefmt import local_text
from app.errors import UserError
from app.io.excel.writer import ColumnSpec
from app.services.access import Actor, authorize, scrub_typed
from app.services.people import actor_display

# Beyond this many rows the workbook is streamed to disk (flat memory, ~40 % slower).
CONSTANT_MEMORY_ROWS = 50_000
EXCEL_MAX_ROWS = 1_048_575  # below the header row
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ExportList:
    """A list that can be exported: its Dutch title, default file name and the rights it falls under.

    ``per_gemeente``: the rights depend on the actor's own municipality (the users list: a
    contactpersoon may export the users of the own gemeente)."""

    name: str
    title: str
    file_stem: str
    area: Area
    object_type: str
    per_gemeente: bool = False
    # The attribute of an exported item that names its dossier: the log records which dossiers a
    # file holds (their ids), not only how many.
    dossier_id_of: str | None = None


EXPORT_LISTS: dict[str, ExportList] = {
    spec.name: spec
    for spec in (
        ExportList("koppelingen", "Koppelingen", "koppelingen", Area.BOARD, "koppeling"),
        ExportList("woningen", "Woningen", "woningen", Area.BOARD, "woning"),
        ExportList(
            "board", "Uitwisselbord (taakstellingen per gemeente)", "uitwisselbord", Area.REGION, "bord"
        ),
        ExportList("posts", "Berichten op het bord", "bordberichten", Area.BOARD, "bordbericht"),
        ExportList("swaps", "Uitruil", "uitruil", Area.BOARD, "uitruil"),
        ExportList("ledger", "Grootboek (wie voor wie)", "grootboek", Area.REGION, "grootboek"),
        ExportList("saldi", "Grootboek per gemeente", "grootboek-per-gemeente", Area.REGION, "grootboek"),
        ExportList("matching", "Matchingvoorstellen", "matchingvoorstellen", Area.BOARD, "matchingvoorstel"),
        ExportList("users", "Gebruikers", "gebruikers", Area.USERS, "user", per_gemeente=True),
        ExportList("initiatieven", "Initiatieven", "initiatieven", Area.DIRECTORY, "initiatief"),
        ExportList(
            "controleronde", "Controleronde initiatieven", "controleronde", Area.DIRECTORY, "controleronde"
        ),
        ExportList("werkgevers", "Werkgevers (challenges)", "werkgevers", Area.DIRECTORY, "werkgever"),
        ExportList("challenges", "Challenges", "challenges", Area.DIRECTORY, "challenge"),
        ExportList(
            "challenge-dashboard",
            "Challenges: dashboard per gemeente",
            "challenges-dashboard",
            Area.REGION,
            "challenge-dashboard",
        ),
        ExportList("toegangslog", "Toegangslog", "toegangslog", Area.AUDIT, "access_log"),
        ExportList(
            "dossiers",
            "Dossiers",
            "dossiers",
            Area.DOSSIER,
            "dossier",
            per_gemeente=True,
            dossier_id_of="id",
        ),
        ExportList(
            "anoniemekandidaten",
            "Kandidaten (anoniem, voor de werkgever)",
            "kandidaten-anoniem",
            Area.DOSSIER,
            "kandidaat",
            per_gemeente=True,
            dossier_id_of="dossier_id",
        ),
        ExportList(
            "werklijst",
            "Werklijst warme overdrachten",
            "werklijst-overdrachten",
            Area.DOSSIER,
            "werklijst",
            per_gemeente=True,
            dossier_id_of="dossier_id",
        ),
    )
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    list_name: str


def plain(value: Any) -> Any:
    """Enums as their Dutch label; everything else as it is (the writer knows dates and numbers)."""
    if isinstance(value, Enum):
        return getattr(value, "label", None) or getattr(value, "label_nl", None) or value.value
    return value


def export_spec(list_name: str) -> ExportList:
    try:
        return EXPORT_LISTS[list_name]
    except KeyError:
        known = ", ".join(EXPORT_LISTS)
        raise UserError(f"Onbekende lijst '{list_name}'. Kies uit: {known}.") from None


def may_export(actor: Actor, list_name: str) -> bool:
    """Whether to offer the export at all (the GUI hides what would be refused; ``authorize`` decides)."""
    spec = export_spec(list_name)
    own = True if spec.per_gemeente and actor.gemeente_id is not None else None
    return actor.system or is_allowed(actor.role, Action.EXPORT, spec.area, own_gemeente=own)


def ensure_may_export(session: Session, actor: Actor, list_name: str, *, detail: str = "") -> None:
    """Refuse, and log the refusal, before any rows are read when the actor may not export this list."""
    if not may_export(actor, list_name):
        spec = export_spec(list_name)
        gemeente_id = actor.gemeente_id if spec.per_gemeente else None
        authorize(session, actor, Action.EXPORT, spec.area, spec.object_type, gemeente_id=gemeente_id,
                  detail=detail or f"lijst={spec.name}")  # fmt: skip


DETAIL_MAX = 500  # the access log's detail column


def id_ranges(ids: Iterable[int]) -> list[str]:
    """Sorted, distinct ids with runs joined: [19, 12, 13, 14, 15] -> ["12-15", "19"]."""
    out: list[str] = []
    run: list[int] = []
    for i in sorted(set(ids)):
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [i]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return out


def export_details(detail: str, dossier_ids: Iterable[int] | None, *, prefix: str) -> list[str]:
    """The log details of one export: ``detail`` with ``dossiers=12-15,19`` (ids only: never a BSN or
    a name). Ids that do not fit one row go on in more rows ("deel 2/3", each starting with
    ``prefix``), so no id is cut off."""
    if dossier_ids is None:
        return [detail]
    detail = detail[: DETAIL_MAX // 2]  # the filter's words: the ids must find room
    ranges = id_ranges(dossier_ids)
    whole = f"{detail}; dossiers={','.join(ranges) or 'geen'}"
    if len(whole) <= DETAIL_MAX:
        return [whole]
    # Room for "; deel 99/99; dossiers=" after the longer of the two heads.
    room = DETAIL_MAX - max(len(detail), len(prefix)) - len("; deel 9999/9999; dossiers=")
    parts: list[list[str]] = [[]]
    used = 0
    for text in ranges:
        if parts[-1] and used + 1 + len(text) > room:
            parts.append([])
            used = 0
        parts[-1].append(text)
        used += len(text) + (1 if len(parts[-1]) > 1 else 0)
    n = len(parts)
    return [
        f"{detail if k == 0 else prefix}; deel {k + 1}/{n}; dossiers={','.join(part)}"
        for k, part in enumerate(parts)
    ]


def default_file_name(list_name: str, today: date | None = None) -> str:
    """'koppelingen-2026-11-23.xlsx'."""
    return f"{export_spec(list_name).file_stem}-{(today or date.today()).isoformat()}.xlsx"


def export_info(
    actor: Actor,
    spec: ExportList,
    *,
    rows: int,
    filter_text: str,
    sort_text: str,
    now: datetime,
) -> dict[str, str]:
    """The Info sheet: what this file is, when and by whom it was made, and which rows it holds."""
    from app import APP_NAME, __version__

    user = actor_display(actor)  # a name: the login is in the access log
    if actor.on_behalf_of:
        user += f", namens {actor.on_behalf_of}"
    return {
        "Lijst": spec.title,
        "Exporttijd": f"{local_text(now)} (Nederlandse tijd)",
        "Gebruiker": user,
        "Gemeente": actor.gemeente_name or "geen (regionaal)",
        "Filter": filter_text.strip() or "geen: alle rijen",
        "Sortering": sort_text.strip() or "standaard",
        "Aantal rijen": str(rows),
        "Programma": f"{APP_NAME} {__version__}",
    }


def export_list(
    session: Session,
    actor: Actor,
    list_name: str,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Any]],
    path: str | os.PathLike[str],
    *,
    filter_text: str = "",
    sort_text: str = "",
    progress: Callable[[float], None] | None = None,
    now: datetime | None = None,
    items: Sequence[Any] | None = None,
) -> ExportResult:
    """Check the right to export ``list_name``, log it, and write ``rows`` to ``path`` (.xlsx).

    ``items``: the objects the rows were made from; for a list of dossiers the log then records
    which dossiers the file holds (see ``export_details``).

    Raises PermissionDenied (logged) when the actor may not export this list, and UserError with a
    Dutch message when the file cannot be written (nothing is left behind then). ``progress`` gets
    0..1 while writing; it may raise to stop (the half-written temporary file is removed).
    """
    spec = export_spec(list_name)
    data = rows if isinstance(rows, list) else list(rows)
    if len(data) > EXCEL_MAX_ROWS:
        raise UserError(
            f"Deze lijst heeft {len(data):,} rijen; Excel kan er hoogstens {EXCEL_MAX_ROWS:,} aan. "
            "Verfijn het filter en probeer het opnieuw.".replace(",", ".")
        )
    target = Path(path)
    # Not the file's name: the user chose it and it may hold a name.
    detail = f"lijst={spec.name}; rijen={len(data)}"
    if filter_text.strip():
        detail += f"; filter: {scrub_typed(filter_text.strip())}"
    gemeente_id = actor.gemeente_id if spec.per_gemeente else None
    ids = None
    if spec.dossier_id_of is not None and items is not None:
        ids = [getattr(item, spec.dossier_id_of) for item in items]
    for part in export_details(detail, ids, prefix=f"lijst={spec.name}"):
        authorize(
            session, actor, Action.EXPORT, spec.area, spec.object_type, gemeente_id=gemeente_id, detail=part
        )
    session.flush()  # a lost connection shows now, before a file exists that the log does not know of
    info = export_info(
        actor,
        spec,
        rows=len(data),
        filter_text=filter_text,
        sort_text=sort_text,
        now=now or datetime.now(UTC),
    )
    written = write_xlsx_atomic(
        target,
        columns,
        _reporting(data, progress),
        info,
        sheet_name=spec.title,
        constant_memory=len(data) > CONSTANT_MEMORY_ROWS,
    )
    if progress is not None:
        progress(1.0)
    return ExportResult(target, written, spec.name)


def _reporting(
    rows: list[Sequence[Any]], progress: Callable[[float], None] | None
) -> Iterator[Sequence[Any]]:
    if progress is None:
        yield from rows
        return
    total = max(len(rows), 1)
    for i, row in enumerate(rows):
        if i % _PROGRESS_EVERY == 0:
            progress(i / total)
        yield row


def write_xlsx_atomic(
    path: Path,
    columns: Sequence[ColumnSpec],
    rows: Iterable[Sequence[Any]],
    info: dict[str, str],
    *,
    sheet_name: str,
    constant_memory: bool = False,
) -> int:
    """Write to a temporary file in the same folder, then replace ``path`` in one step: a failure
    (disk full, cancel, the file open in Excel) never leaves a half-written or truncated file."""
    from app.io.excel.writer import write_table

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"De map '{folder}' bestaat niet. Kies een andere map.")
    from app.io.atomic import replaced_atomically

    try:
        with replaced_atomically(path) as temp:
            written = write_table(
                temp, columns, rows, info, sheet_name=sheet_name, constant_memory=constant_memory
            )
    except Exception as exc:
        # XlsxWriter wraps the OSError of a failed write in its own FileCreateError.
        os_error = (
            exc if isinstance(exc, OSError) else next((a for a in exc.args if isinstance(a, OSError)), None)
        )
        if os_error is None:
            raise
        raise UserError(_cannot_write(path, os_error)) from exc
    return written


def _cannot_write(path: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return (
            f"Het bestand '{path.name}' kan niet worden opgeslagen: het is waarschijnlijk nog geopend in "
            "Excel, of u mag niet schrijven in deze map. Sluit het bestand of kies een andere naam, en "
            "probeer het opnieuw."
        )
    if isinstance(exc, IsADirectoryError):
        return f"'{path.name}' is een map, geen bestand. Kies een andere naam."
    reason = exc.strerror or type(exc).__name__
    return f"Het bestand '{path.name}' kon niet worden opgeslagen ({reason})."
