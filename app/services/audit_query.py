"""The access-log viewer's queries: filters, keyset pages, the export of a whole filtered set, and
"who has seen this dossier?".

A page is ``ORDER BY id DESC LIMIT n`` (ids are in chain order, newest last) from a cursor: the
last id of the page before (``before``) or the first id of the page after (``after``). Every
filter has an index ending in ``id`` (migration 0007), so a page reads about a page of index
entries however deep it lies; nothing ever loads more than a page, the export neither (it walks
the same pages).

Every read is logged: the page reads and the export as READ/EXPORT of ``access_log`` (beheerder
only), the dossier view as a READ of the dossier. What was typed (a person) is logged by its
length only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.db.models import AccessLog
from app.domain.roles import Action, Area
from app.domain.timefmt import AMSTERDAM
from app.errors import UserError
from app.services.access import Actor, authorize, searched
from app.services.audit import AccessLogEntry
from app.services.search_input import search_term

PAGE_SIZE = 200
MAX_PAGE_SIZE = 5000
EXPORT_CHUNK = 5000
RESULTS = ("ok", "denied", "error", "conflict", "invalid")


@dataclass(frozen=True)
class LogFilter:
    """What the viewer filters on; empty fields do not filter. ``person``: part of a login (the
    actor's or on-behalf-of, case-insensitive, taken literally); ``dossier_id``: the rows of one
    dossier; ``date_from``/``date_to``: local (Dutch) dates, both included."""

    person: str = ""
    dossier_id: int | None = None
    object_type: str | None = None
    action: Action | None = None
    result: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    def describe(self) -> str:
        """The filter for the log's detail: the person by its length, never what was typed."""
        return searched(self, typed={"person"})


@dataclass(frozen=True)
class LogPage:
    """One page, newest first. ``older``/``newer``: the cursor arguments for the next page down
    (``before=``) or up (``after=``); None when there is none."""

    rows: list[AccessLogEntry]
    older: int | None
    newer: int | None


def utc_bounds(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    """Local dates (both days included) as ``[start, end)`` in UTC: a day in the Netherlands
    starts at 23:00 or 22:00 UTC the day before."""
    start = None if date_from is None else datetime.combine(date_from, time.min, AMSTERDAM).astimezone(UTC)
    end = None
    if date_to is not None:
        end = datetime.combine(date_to + timedelta(days=1), time.min, AMSTERDAM).astimezone(UTC)
    return start, end


def distinct_values(session: Session, column: InstrumentedAttribute[Any], limit: int = 2000) -> list[str]:
    """The distinct non-empty values of an indexed log column, by skipping through its index (one
    probe per value, not a scan of a million rows); works the same on SQLite and PostgreSQL."""
    name = column.key
    sql = text(
        f"WITH RECURSIVE v(x, n) AS ("
        f" SELECT (SELECT min({name}) FROM access_log), 1"
        f" UNION ALL SELECT (SELECT min({name}) FROM access_log WHERE {name} > v.x), n + 1"
        f" FROM v WHERE v.x IS NOT NULL AND n < :limit"
        f") SELECT x FROM v WHERE x IS NOT NULL"
    )
    return [str(x) for (x,) in session.execute(sql, {"limit": limit}) if x]


def matching_logins(session: Session, part: str) -> tuple[list[str], list[str]]:
    """(actor logins, on-behalf-of logins) in the log containing ``part`` (case-insensitive, literal)."""
    needle = part.lower()
    actors = [v for v in distinct_values(session, AccessLog.actor_login) if needle in v.lower()]
    behalf = [v for v in distinct_values(session, AccessLog.on_behalf_of) if needle in v.lower()]
    return actors, behalf


def _conditions(session: Session, f: LogFilter) -> list[ColumnElement[bool]] | None:
    """The WHERE conditions; None when the filter can match nothing (no such person)."""
    where: list[ColumnElement[bool]] = []
    if f.person:
        actors, behalf = matching_logins(session, f.person)
        if not actors and not behalf:
            return None
        either = []
        if actors:
            either.append(AccessLog.actor_login.in_(actors))
        if behalf:
            either.append(AccessLog.on_behalf_of.in_(behalf))
        where.append(or_(*either))
    if f.dossier_id is not None:
        where.append(and_(AccessLog.object_type == "dossier", AccessLog.object_id == str(f.dossier_id)))
    if f.object_type:
        where.append(AccessLog.object_type == f.object_type)
    if f.action is not None:
        where.append(AccessLog.action == f.action)
    if f.result:
        where.append(AccessLog.result == f.result)
    start, end = utc_bounds(f.date_from, f.date_to)
    if start is not None:
        where.append(AccessLog.at >= start)
    if end is not None:
        where.append(AccessLog.at < end)
    return where


def _checked(f: LogFilter) -> LogFilter:
    person = search_term(f.person, "person")
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise UserError("De datum 'van' ligt na de datum 'tot en met'. Kies een andere periode.")
    if f.result and f.result not in RESULTS:
        raise UserError(f"Onbekend resultaat '{f.result}'. Kies uit: {', '.join(RESULTS)}.")
    return replace(f, person=person)


def _entry(row: AccessLog) -> AccessLogEntry:
    return AccessLogEntry(
        id=row.id, at=row.at, actor_login=row.actor_login, on_behalf_of=row.on_behalf_of,
        action=row.action, object_type=row.object_type, object_id=row.object_id,
        gemeente_id=row.gemeente_id, result=row.result, detail=row.detail, workstation=row.workstation,
    )  # fmt: skip


def _page_query(
    where: Sequence[ColumnElement[bool]], *, before: int | None, after: int | None, n: int
) -> Select[Any]:
    query = select(AccessLog).where(*where)
    if after is not None:
        return query.where(AccessLog.id > after).order_by(AccessLog.id.asc()).limit(n)
    if before is not None:
        query = query.where(AccessLog.id < before)
    return query.order_by(AccessLog.id.desc()).limit(n)


def read_access_log(
    session: Session,
    actor: Actor,
    filters: LogFilter = LogFilter(),
    *,
    before: int | None = None,
    after: int | None = None,
    page_size: int = PAGE_SIZE,
) -> LogPage:
    """One page of the filtered log, newest first: the newest (no cursor), the rows older than id
    ``before`` (the next page) or the page just newer than id ``after`` (the page before)."""
    f = _checked(filters)
    size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    where_text = f.describe()
    cursor = (
        f"vanaf regel {before}" if before is not None else f"tot regel {after}" if after is not None else ""
    )
    detail = "; ".join(t for t in (where_text, cursor) if t) or None
    authorize(session, actor, Action.READ, Area.AUDIT, "access_log", detail=detail)
    where = _conditions(session, f)
    if where is None:
        return LogPage([], None, None)
    rows = [_entry(r) for r in session.scalars(_page_query(where, before=before, after=after, n=size + 1))]
    more = len(rows) > size
    rows = rows[:size]
    if after is not None:  # the page just newer than ``after``: read upwards, shown newest first
        rows.reverse()
        return LogPage(rows, older=rows[-1].id if rows else after + 1, newer=rows[0].id if more else None)
    newer = rows[0].id if before is not None and rows else None
    return LogPage(rows, older=rows[-1].id if more else None, newer=newer)


def count_access_log(session: Session, filters: LogFilter) -> int:
    """How many rows the filter matches (for an export's progress; the caller has authorized)."""
    where = _conditions(session, _checked(filters))
    if where is None:
        return 0
    return int(session.scalar(select(func.count()).select_from(AccessLog).where(*where)) or 0)


def iter_access_log(
    session: Session, filters: LogFilter, *, chunk: int = EXPORT_CHUNK
) -> Iterator[AccessLogEntry]:
    """Every matching row, newest first, a page of ``chunk`` rows at a time (never all in memory)."""
    where = _conditions(session, _checked(filters))
    if where is None:
        return
    before: int | None = None
    while True:
        rows = list(session.scalars(_page_query(where, before=before, after=None, n=chunk)))
        yield from (_entry(r) for r in rows)
        if len(rows) < chunk:
            return
        before = rows[-1].id
        session.expunge_all()  # the rows of the pages done are not kept in the Session


# -- export ------------------------------------------------------------------------------------------

EXPORT_TITLES = (
    ("Regel", "int"), ("Tijdstip", "datetime"), ("Gebruiker", "text"), ("Namens", "text"),
    ("Actie", "text"), ("Object", "text"), ("Kenmerk", "text"), ("Resultaat", "text"),
    ("Werkplek", "text"), ("Toelichting", "text"),
)  # fmt: skip


def _export_row(e: AccessLogEntry) -> list[Any]:
    return [e.id, e.at, e.actor_login, e.on_behalf_of, e.action.value, e.object_type, e.object_id,
            e.result, e.workstation, e.detail]  # fmt: skip


def export_access_log(
    session: Session,
    actor: Actor,
    filters: LogFilter,
    path: str | os.PathLike[str],
    *,
    progress: Callable[[float], None] | None = None,
    now: datetime | None = None,
) -> Any:
    """Write every row the filter matches to ``path`` (.xlsx, or .csv: semicolons, as Dutch Excel
    opens it), through the program's formula-safe writers, streamed page by page. Logged as an
    EXPORT with the row count and the filter (a typed person by its length). Returns an
    ``ExportResult``. ``progress`` gets 0..1 and may raise to stop (no file is left then)."""
    from app.io.excel.writer import ColumnSpec
    from app.services.exports import (
        CONSTANT_MEMORY_ROWS,
        EXCEL_MAX_ROWS,
        ExportResult,
        ensure_may_export,
        export_info,
        export_spec,
        write_xlsx_atomic,
    )

    f = _checked(filters)
    target = Path(path)
    as_csv = target.suffix.lower() == ".csv"
    spec = export_spec("toegangslog")
    ensure_may_export(session, actor, spec.name, detail=f"lijst={spec.name}")
    total = count_access_log(session, f)
    if not as_csv and total > EXCEL_MAX_ROWS:
        raise UserError(
            f"Deze selectie heeft {total:,} regels; Excel kan er hoogstens {EXCEL_MAX_ROWS:,} aan. "
            "Verfijn het filter, of exporteer naar een CSV-bestand.".replace(",", ".")
        )
    detail = f"lijst={spec.name}; rijen={total}; bestand={target.name}"
    if f.describe():
        detail += f"; filter: {f.describe()}"
    authorize(session, actor, Action.EXPORT, Area.AUDIT, spec.object_type, detail=detail[:500])
    session.flush()  # a lost connection shows now, before a file exists that the log does not know of

    def rows() -> Iterator[list[Any]]:
        for n, entry in enumerate(iter_access_log(session, f), start=1):
            if progress is not None and n % 1000 == 0:
                progress(n / max(total, 1))
            yield _export_row(entry)

    if as_csv:
        written = _write_csv_atomic(target, [t for t, _k in EXPORT_TITLES], rows())
    else:
        columns = [ColumnSpec(f"c{i}", t, k) for i, (t, k) in enumerate(EXPORT_TITLES)]  # type: ignore[arg-type]
        info = export_info(
            actor,
            spec,
            rows=total,
            filter_text=_filter_words(f),
            sort_text="Regel, nieuwste eerst",
            now=now or datetime.now(UTC),
        )
        written = write_xlsx_atomic(
            target, columns, rows(), info, sheet_name=spec.title, constant_memory=total > CONSTANT_MEMORY_ROWS
        )
    if progress is not None:
        progress(1.0)
    return ExportResult(target, written, spec.name)


def _filter_words(f: LogFilter) -> str:
    """The filter on the Info sheet (the file is the beheerder's own: the person may be named)."""
    parts = []
    if f.person:
        parts.append(f"Gebruiker bevat '{f.person}'")
    if f.dossier_id is not None:
        parts.append(f"Dossier {f.dossier_id}")
    if f.object_type:
        parts.append(f"Object: {f.object_type}")
    if f.action is not None:
        parts.append(f"Actie: {f.action.value}")
    if f.result:
        parts.append(f"Resultaat: {f.result}")
    if f.date_from or f.date_to:
        parts.append(f"Periode: {f.date_from or '…'} t/m {f.date_to or '…'}")
    return "; ".join(parts)


def _write_csv_atomic(path: Path, headers: list[str], rows: Iterator[list[Any]]) -> int:
    """The command line's formula-safe CSV writer, into a temporary file that replaces ``path``."""
    from app.commands.common import write_csv
    from app.io.atomic import replaced_atomically

    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield [v.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M:%S") if isinstance(v, datetime) else v
                   for v in row]  # fmt: skip

    if not (path.parent if str(path.parent) else Path(".")).is_dir():
        raise UserError(f"De map '{path.parent}' bestaat niet. Kies een andere map.")
    try:
        with replaced_atomically(path) as temp, open(temp, "w", encoding="utf-8-sig", newline="") as out:
            write_csv(out, headers, counted())
    except PermissionError as exc:
        raise UserError(
            f"Het bestand '{path.name}' kan niet worden opgeslagen: het is waarschijnlijk nog geopend in "
            "Excel, of u mag niet schrijven in deze map. Sluit het bestand of kies een andere naam."
        ) from exc
    return count


# -- who has seen this dossier? ---------------------------------------------------------------------


@dataclass(frozen=True)
class DossierAccess:
    """One read, change, print or export of a dossier, for its own municipality's users."""

    id: int
    at: datetime  # UTC
    actor_login: str
    actor_name: str | None
    on_behalf_of: str | None
    action: Action
    object_type: str
    result: str
    workstation: str


DOSSIER_ACCESS_LIMIT = 500
VIEW_DETAIL = "wie heeft dit dossier ingezien"


def dossier_access(
    session: Session, actor: Actor, dossier_id: int, *, limit: int = DOSSIER_ACCESS_LIMIT
) -> list[DossierAccess]:
    """Who read, changed, printed or exported this dossier, and when (newest first, at most
    ``limit``). Allowed to whoever may read the dossier (its own municipality); the look is logged
    as a READ of the dossier. On PostgreSQL through ``dl_dossier_access``: a person cannot read the
    log itself, and the database checks again that the caller may see this dossier."""
    from app.services.cases.views import load_dossier

    load_dossier(session, actor, dossier_id, Action.READ, detail=VIEW_DETAIL)
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    if session.get_bind().dialect.name == "postgresql":
        result = session.execute(
            text(
                "SELECT id, at, actor_login, actor_name, on_behalf_of, action, object_type, result, "
                "workstation FROM dl_dossier_access(:d, :n)"
            ),
            {"d": dossier_id, "n": limit},
        )
        return [
            DossierAccess(
                r.id,
                r.at,
                r.actor_login,
                r.actor_name,
                r.on_behalf_of,
                Action(r.action),
                r.object_type,
                r.result,
                r.workstation,
            )
            for r in result
        ]
    from app.db.models import User

    query = (
        select(AccessLog, User.name)
        .outerjoin(User, User.id == AccessLog.actor_id)
        .where(AccessLog.object_type == "dossier", AccessLog.object_id == str(dossier_id))
        .order_by(AccessLog.id.desc())
        .limit(limit)
    )
    return [
        DossierAccess(
            row.id,
            row.at,
            row.actor_login,
            name,
            row.on_behalf_of,
            row.action,
            row.object_type,
            row.result,
            row.workstation,
        )
        for row, name in session.execute(query)
    ]
