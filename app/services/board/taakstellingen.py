"""Taakstellingen kept in the program: the regio-coördinator (or beheerder) sets and corrects the
number of persons per municipality and half year, with the source and a history.

- ``list_taakstellingen(session, actor, period) -> TaakstellingTable``: every active municipality
  with its taakstelling for ``period`` (None where none is set yet) and its version.
- ``taakstelling_history(session, actor, period, gemeente_id)``: who set what, when, and why.
- ``save_taakstellingen(session, actor, period, edits)``: set or correct several at once, all or
  nothing. Each edit carries the version the user saw: when somebody else changed the row since,
  nothing is saved and a ``ConflictError`` names the municipalities (never overwritten silently).

Region data: read by all, written by a regio-coördinator or a beheerder (the rights matrix; on
PostgreSQL table kind ``region``). The import (app.imports.board_kinds) writes through
``write_taakstelling`` too, so an imported number has its history line as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.db.models import Gemeente, PeriodRow, Taakstelling, TaakstellingChange
from app.db.models.taakstellingen import REASON_LENGTH, SOURCE_LENGTH
from app.domain.periods import Period
from app.domain.roles import Action, Area
from app.errors import ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize

OBJECT = "taakstelling"
PERSONS_MAX = 100_000
BACKLOG_MIN, BACKLOG_MAX = -100_000, 100_000
IMPORT_SOURCE = "import"


@dataclass(frozen=True)
class TaakstellingRow:
    gemeente_id: int
    code: str
    name: str
    persons: int | None  # None: no taakstelling set for this period yet
    backlog_in: int | None
    source: str
    version: int | None  # None together with persons: nothing stored yet
    updated_at: datetime | None


@dataclass(frozen=True)
class TaakstellingTable:
    period: Period
    rows: list[TaakstellingRow]

    @property
    def total(self) -> int:
        return sum(r.persons or 0 for r in self.rows)

    def by_id(self, gemeente_id: int) -> TaakstellingRow:
        return next(r for r in self.rows if r.gemeente_id == gemeente_id)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    by_name: str
    old_persons: int | None
    new_persons: int
    old_backlog: int | None
    new_backlog: int | None
    source: str
    reason: str


@dataclass(frozen=True)
class TaakstellingEdit:
    """What the user wants for one municipality, and the version they saw (None: they saw none)."""

    gemeente_id: int
    persons: int
    backlog_in: int | None
    source: str
    reason: str = ""
    expected_version: int | None = None


def check_edit(edit: TaakstellingEdit, name: str = "") -> None:
    """Range and required-field checks; the message says what to type instead."""
    where = f" bij {name}" if name else ""
    if not 0 <= edit.persons <= PERSONS_MAX:
        raise ValidationError(
            f"De taakstelling{where} moet tussen 0 en {PERSONS_MAX:,} personen liggen.".replace(",", "."),
            {"persons": "Buiten bereik."},
        )
    if edit.backlog_in is not None and not BACKLOG_MIN <= edit.backlog_in <= BACKLOG_MAX:
        raise ValidationError(
            f"De achterstand{where} moet tussen {BACKLOG_MIN:,} en {BACKLOG_MAX:,} liggen "
            "(een voorsprong is negatief).".replace(",", "."),
            {"backlog_in": "Buiten bereik."},
        )
    if not edit.source.strip():
        raise ValidationError(
            f"Vul de bron in{where}: waar komt dit getal vandaan "
            "(bijvoorbeeld 'Brief ministerie 12-03-2026')?",
            {"source": "Verplicht."},
        )
    if len(edit.source.strip()) > SOURCE_LENGTH:
        raise ValidationError(
            f"De bron{where} is te lang; houd het bij {SOURCE_LENGTH} tekens.", {"source": "Te lang."}
        )
    if len(edit.reason.strip()) > REASON_LENGTH:
        raise ValidationError(
            f"De reden{where} is te lang; houd het bij {REASON_LENGTH} tekens.", {"reason": "Te lang."}
        )


def _period_row(session: Session, period: Period, *, create: bool = False) -> PeriodRow | None:
    row = session.scalar(select(PeriodRow).where(PeriodRow.code == period.code))
    if row is None and create:
        from app.services.region import ensure_periods

        row = ensure_periods(session, period, period)[0]
    return row


def _table(session: Session, period: Period) -> TaakstellingTable:
    prow = _period_row(session, period)
    stored: dict[int, Taakstelling] = {}
    if prow is not None:
        stored = {
            t.gemeente_id: t
            for t in session.scalars(select(Taakstelling).where(Taakstelling.period_id == prow.id))
        }
    gemeenten = session.execute(
        select(Gemeente.id, Gemeente.cbs_code, Gemeente.name).where(Gemeente.active).order_by(Gemeente.name)
    ).all()
    rows = []
    for gid, code, name in gemeenten:
        t = stored.get(gid)
        rows.append(
            TaakstellingRow(
                gid,
                code,
                name,
                t.persons if t else None,
                t.backlog_in if t else None,
                t.source if t else "",
                t.version if t else None,
                t.updated_at if t else None,
            )
        )
    return TaakstellingTable(period, rows)


def list_taakstellingen(session: Session, actor: Actor, period: Period) -> TaakstellingTable:
    authorize(session, actor, Action.READ, Area.REGION, OBJECT, period.code)
    return _table(session, period)


def taakstelling_history(
    session: Session, actor: Actor, period: Period, gemeente_id: int
) -> list[HistoryLine]:
    """Newest first."""
    authorize(session, actor, Action.READ, Area.REGION, OBJECT, period.code, gemeente_id=gemeente_id)
    query = (
        select(TaakstellingChange)
        .join(Taakstelling, Taakstelling.id == TaakstellingChange.taakstelling_id)
        .join(PeriodRow, PeriodRow.id == Taakstelling.period_id)
        .where(PeriodRow.code == period.code, Taakstelling.gemeente_id == gemeente_id)
        .order_by(TaakstellingChange.at.desc(), TaakstellingChange.id.desc())
    )
    return [
        HistoryLine(
            c.at,
            c.by_name or c.by_login,
            c.old_persons,
            c.new_persons,
            c.old_backlog,
            c.new_backlog,
            c.source,
            c.reason,
        )
        for c in session.scalars(query)
    ]


def write_taakstelling(
    session: Session,
    actor: Actor,
    row: Taakstelling | None,
    *,
    gemeente_id: int,
    period_id: int,
    persons: int,
    backlog_in: int | None,
    source: str,
    reason: str = "",
) -> Taakstelling:
    """Create or change one taakstelling and append its history line (no rights check: the caller
    authorised). Unchanged numbers and source write nothing."""
    old_persons, old_backlog = (row.persons, row.backlog_in) if row is not None else (None, None)
    if row is None:
        row = Taakstelling(
            gemeente_id=gemeente_id,
            period_id=period_id,
            persons=persons,
            backlog_in=backlog_in,
            source=source,
        )
        session.add(row)
    elif (row.persons, row.backlog_in, row.source) == (persons, backlog_in, source):
        return row
    else:
        row.persons, row.backlog_in, row.source = persons, backlog_in, source
    session.flush()
    session.add(
        TaakstellingChange(
            taakstelling_id=row.id,
            by_login=actor.login,
            by_name=actor.name,
            old_persons=old_persons,
            new_persons=persons,
            old_backlog=old_backlog,
            new_backlog=backlog_in,
            source=source,
            reason=reason,
        )
    )
    return row


def _conflict_message(names: Sequence[str]) -> str:
    listed = ", ".join(names)
    return (
        f"Iemand anders heeft de taakstelling van {listed} intussen gewijzigd. Er is niets opgeslagen. "
        "De nieuwe getallen staan nu in de tabel; bekijk ze en voer uw correctie opnieuw in."
    )


def save_taakstellingen(
    session: Session, actor: Actor, period: Period, edits: Sequence[TaakstellingEdit]
) -> TaakstellingTable:
    """Set or correct the taakstellingen in ``edits`` for ``period``: all or nothing."""
    names = {gid: name for gid, name in session.execute(select(Gemeente.id, Gemeente.name))}
    for edit in edits:
        if edit.gemeente_id not in names:
            raise NotFound("Deze gemeente bestaat niet (meer) in deze database.")
        check_edit(edit, names[edit.gemeente_id])
    for edit in edits:
        authorize(
            session,
            actor,
            Action.UPDATE,
            Area.REGION,
            OBJECT,
            period.code,
            gemeente_id=edit.gemeente_id,
            detail=f"{edit.persons} personen",
        )
    prow = _period_row(session, period, create=True)
    assert prow is not None
    stored = {
        t.gemeente_id: t
        for t in session.scalars(select(Taakstelling).where(Taakstelling.period_id == prow.id))
    }
    stale = [
        names[e.gemeente_id]
        for e in edits
        if (stored[e.gemeente_id].version if e.gemeente_id in stored else None) != e.expected_version
    ]
    if stale:
        raise ConflictError(_conflict_message(stale), current=_table(session, period))
    try:
        for edit in edits:
            write_taakstelling(
                session,
                actor,
                stored.get(edit.gemeente_id),
                gemeente_id=edit.gemeente_id,
                period_id=prow.id,
                persons=edit.persons,
                backlog_in=edit.backlog_in,
                source=edit.source.strip(),
                reason=edit.reason.strip(),
            )
        session.flush()
    except (StaleDataError, IntegrityError) as exc:  # changed (or made) between our read and our write
        raise ConflictError(_conflict_message([names[e.gemeente_id] for e in edits])) from exc
    return _table(session, period)
