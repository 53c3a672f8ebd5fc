"""Board figures per municipality for a period, aggregated in SQL, and the swap ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, literal_column, or_, select
from sqlalchemy.orm import Session

from app.db.models import (
    Dwelling,
    DwellingStatus,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    PeriodRow,
    SwapRow,
    Taakstelling,
)
from app.domain import quota
from app.domain.periods import Period, offered_periods, periods_between
from app.domain.roles import Action, Area
from app.errors import NotFound
from app.services.access import Actor, authorize
from app.services.board.lateness import late_clause
from app.services.board.swap_convert import domain_swaps

PENDING = (KoppelingStatus.GEKOPPELD, KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.UITGERUILD)
BEDROOM_BUCKETS = ("0-1", "2", "3", "4+")


@dataclass(frozen=True)
class BoardRow:
    gemeente_id: int
    cbs_code: str
    name: str
    taakstelling: int
    backlog_in: int
    corrected: int
    housed_persons: int
    housed_households: int
    pending_persons: int
    pending_households: int
    overdue_households: int
    vacancies: dict[str, int]
    swap_balance: int  # persons owed to this municipality (negative: it owes)
    status: quota.QuotaStatus
    progress: float

    @property
    def vacancies_total(self) -> int:
        return sum(self.vacancies.values())


@dataclass(frozen=True)
class Board:
    period: Period
    rows: list[BoardRow]
    reference_date: date
    totals: dict[str, int] = field(default_factory=dict)


def _bucket(bedrooms_col):  # type: ignore[no-untyped-def]
    return case(
        (bedrooms_col <= 1, "0-1"),
        (bedrooms_col == 2, "2"),
        (bedrooms_col == 3, "3"),
        else_="4+",
    )


def _position_in(column, chain: list[Period]):  # type: ignore[no-untyped-def]
    """The index in ``chain`` (consecutive periods) of the period a date column falls in, for a row
    already known to lie in the chain: a few date comparisons against the periods' ends. Not
    ``EXTRACT(year/month)`` on every row: on PostgreSQL that yields ``numeric`` and made this
    query 2.5× a bare GROUP BY of the table at national scale (100,000 koppelingen)."""
    if len(chain) == 1:  # a constant, not a GROUP BY key (PostgreSQL reads GROUP BY 0 as a position)
        return literal_column("0")
    return case(*((column < p.end, i) for i, p in enumerate(chain[:-1])), else_=len(chain) - 1)


def board_figures(session: Session, actor: Actor, period: Period, *, today: date | None = None) -> Board:
    """All municipalities side by side for ``period``. Every figure is one aggregate query.

    The running and the next half year need no row in ``periods`` (see
    :func:`app.domain.periods.offered_periods`): without one they have no taakstelling yet, and the
    backlog rolls into them from the last period that has one.
    """
    authorize(session, actor, Action.READ, Area.REGION, "bord", period.code)
    today = today or date.today()
    rows_by_period = {p.period: p.id for p in session.scalars(select(PeriodRow))}
    if period not in offered_periods(rows_by_period, today):
        raise NotFound(f"Periode {period.code} bestaat niet in deze database.")
    first = min([*rows_by_period, period])
    chain = periods_between(first, period)  # consecutive, so no backlog is lost in a gap
    # Figures are as of the end of the period, or today for the running one and one still to come.
    reference = min(period.end - timedelta(days=1), today)

    gemeenten = list(
        session.execute(select(Gemeente.id, Gemeente.cbs_code, Gemeente.name).where(Gemeente.active))
    )

    tk_rows = session.execute(
        select(
            Taakstelling.gemeente_id, Taakstelling.period_id, Taakstelling.persons, Taakstelling.backlog_in
        )
    ).all()
    by_id = {pid: p for p, pid in rows_by_period.items()}
    taak: dict[tuple[int, Period], int] = {(g, by_id[p]): n for g, p, n, _ in tk_rows}
    start_backlog: dict[int, tuple[Period, int]] = {}
    for g, p, _, backlog in tk_rows:  # the earliest explicitly set backlog starts the roll-forward
        if backlog is not None and (g not in start_backlog or by_id[p] < start_backlog[g][0]):
            start_backlog[g] = (by_id[p], backlog)

    # Persons and households housed per municipality and period of the chain: a range on the
    # housed date (the chain's start and the period's end), the period found by comparing dates.
    position = _position_in(Koppeling.housed_on, chain)
    realised_q = (
        select(Koppeling.gemeente_id, position, func.sum(Koppeling.persons), func.count())
        .where(
            Koppeling.status == KoppelingStatus.GEHUISVEST,
            Koppeling.housed_on >= first.start,
            Koppeling.housed_on < period.end,
        )
        .group_by(Koppeling.gemeente_id, *([position] if len(chain) > 1 else []))
    )
    realised: dict[tuple[int, Period], tuple[int, int]] = {
        (g, chain[i]): (int(n or 0), int(c)) for g, i, n, c in session.execute(realised_q)
    }

    not_yet_housed = or_(Koppeling.housed_on.is_(None), Koppeling.housed_on > reference)
    pending_q = (
        select(
            Koppeling.gemeente_id,
            func.sum(Koppeling.persons),
            func.count(),
            func.sum(case((late_clause(reference), 1), else_=0)),  # the one definition (app.domain.lateness)
        )
        .where(
            Koppeling.linked_on <= reference,
            Koppeling.status != KoppelingStatus.VERVALLEN,
            not_yet_housed,
        )
        .group_by(Koppeling.gemeente_id)
    )
    pending = {g: (int(p or 0), int(c), int(o or 0)) for g, p, c, o in session.execute(pending_q)}

    bucket = _bucket(Dwelling.bedrooms)
    vac_q = (
        select(Dwelling.gemeente_id, bucket, func.count())
        .where(Dwelling.status == DwellingStatus.BESCHIKBAAR, Dwelling.available_from < period.end)
        .group_by(Dwelling.gemeente_id, bucket)
    )
    vacancies: dict[int, dict[str, int]] = {}
    for g, b, n in session.execute(vac_q):
        vacancies.setdefault(g, dict.fromkeys(BEDROOM_BUCKETS, 0))[b] = int(n)

    from app.domain.swaps import build_ledger

    upto_ids = [pid for p, pid in rows_by_period.items() if p <= period]
    swap_rows = list(session.scalars(select(SwapRow).where(SwapRow.period_id.in_(upto_ids))))
    ledger = build_ledger(domain_swaps(session, swap_rows), up_to=period)

    rows = []
    for gid, code, name in gemeenten:
        first_set, backlog = start_backlog.get(gid, (None, 0))
        seq = [p for p in chain if first_set is None or p >= first_set]
        rolled = quota.roll_forward(
            seq,
            {p: taak.get((gid, p), 0) for p in seq},
            {p: realised.get((gid, p), (0, 0))[0] for p in seq},
            starting_backlog=backlog,
        )
        current = rolled[-1] if rolled and rolled[-1].period == period else None
        housed = realised.get((gid, period), (0, 0))
        pend = pending.get(gid, (0, 0, 0))
        rows.append(
            BoardRow(
                gemeente_id=gid,
                cbs_code=code,
                name=name,
                taakstelling=current.taakstelling if current else 0,
                backlog_in=current.backlog_in if current else 0,
                corrected=current.corrected if current else 0,
                housed_persons=housed[0],
                housed_households=housed[1],
                pending_persons=pend[0],
                pending_households=pend[1],
                overdue_households=pend[2],
                vacancies=vacancies.get(gid, dict.fromkeys(BEDROOM_BUCKETS, 0)),
                swap_balance=ledger.net(code),
                status=current.status if current else quota.QuotaStatus.ON_TRACK,
                progress=current.progress if current else 0.0,
            )
        )
    rows.sort(key=lambda r: r.name)
    totals = {
        "taakstelling": sum(r.taakstelling for r in rows),
        "corrected": sum(r.corrected for r in rows),
        "housed_persons": sum(r.housed_persons for r in rows),
        "pending_persons": sum(r.pending_persons for r in rows),
        "vacancies": sum(r.vacancies_total for r in rows),
    }
    return Board(period=period, rows=rows, reference_date=reference, totals=totals)
