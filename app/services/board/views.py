"""What the board's overview and exchange views load in one round trip (no Qt).

Thin compositions of the board, region and swap services, plus the COA reference-date check
(1 April / 1 October: persons linked vs needed) as one aggregate query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import Koppeling, KoppelingStatus
from app.domain import quota
from app.domain.periods import Period
from app.services.access import Actor
from app.services.board.figures import Board, board_figures
from app.services.board.swaps import (
    LedgerEntry,
    PostInfo,
    SwapInfo,
    ledger,
    ledger_per_gemeente,
    list_posts,
    list_swaps,
)
from app.services.region import GemeenteInfo, list_gemeenten, list_periods


def default_period(periods: list[Period], today: date | None = None) -> Period | None:
    """The running half year when the database has it, else the latest one before today, else the last."""
    if not periods:
        return None
    current = Period.containing(today or date.today())
    if current in periods:
        return current
    earlier = [p for p in periods if p < current]
    return earlier[-1] if earlier else periods[-1]


@dataclass(frozen=True)
class CoaCheck:
    """COA's check for one municipality on the period's reference date."""

    cbs_code: str
    name: str
    result: quota.LinkedVsNeeded
    reached: bool  # the reference date has passed (else the figures are "so far")


@dataclass(frozen=True)
class OverviewData:
    board: Board
    periods: list[Period]
    coa: list[CoaCheck]


def coa_checks(session: Session, board: Board, today: date | None = None) -> list[CoaCheck]:
    """Linked vs needed on 1 April (H1) or 1 October (H2), for every municipality on ``board``.
    Persons linked before the period and not yet housed when it began count too (they make up the
    carried-in backlog)."""
    period = board.period
    check_date = quota.coa_check_dates(period)[0]
    today = today or date.today()
    in_period = and_(Koppeling.linked_on >= period.start, Koppeling.linked_on <= check_date)
    carried = and_(
        Koppeling.linked_on < period.start,
        or_(Koppeling.housed_on.is_(None), Koppeling.housed_on >= period.start),
    )
    query = (
        select(
            Koppeling.gemeente_id,
            func.sum(case((in_period, Koppeling.persons), else_=0)),
            func.sum(case((carried, Koppeling.persons), else_=0)),
        )
        .where(Koppeling.status != KoppelingStatus.VERVALLEN)
        .group_by(Koppeling.gemeente_id)
    )
    linked = {g: (int(a or 0), int(b or 0)) for g, a, b in session.execute(query)}
    out = []
    for row in board.rows:
        in_p, carried_in = linked.get(row.gemeente_id, (0, 0))
        result = quota.linked_vs_needed(check_date, row.corrected, in_p, carried_in)
        out.append(CoaCheck(row.cbs_code, row.name, result, reached=check_date <= today))
    return out


def load_overview(
    session: Session, actor: Actor, period: Period | None = None, today: date | None = None
) -> OverviewData:
    """The periods, the board for ``period`` (default: the running half year) and the COA check."""
    periods = list_periods(session, actor)
    chosen = period or default_period(periods, today)
    if chosen is None:
        from app.errors import NotFound

        raise NotFound("Er zijn nog geen perioden in deze database; importeer eerst taakstellingen.")
    board = board_figures(session, actor, chosen, today=today)
    return OverviewData(board=board, periods=periods, coa=coa_checks(session, board, today))


@dataclass(frozen=True)
class LedgerBalance:
    """One municipality's standing in the ledger, in persons."""

    cbs_code: str
    name: str
    owed_to: int
    owed_by: int
    net: int


@dataclass(frozen=True)
class ExchangeData:
    posts: list[PostInfo]
    swaps: list[SwapInfo]
    ledger: list[LedgerEntry]
    balances: list[LedgerBalance]
    gemeenten: list[GemeenteInfo]
    periods: list[Period]
    default_period: Period | None


def load_exchange(session: Session, actor: Actor, today: date | None = None) -> ExchangeData:
    """Open posts, all swaps, the ledger (pairs and per municipality) and the choice lists."""
    gemeenten = list_gemeenten(session, actor)
    names = {g.cbs_code: g.name for g in gemeenten}
    per = ledger_per_gemeente(session, actor)
    names.update({code: code for code in per if code not in names})
    balances = [
        LedgerBalance(code, names[code], owed_to, owed_by, net)
        for code, (owed_to, owed_by, net) in sorted(per.items(), key=lambda item: names[item[0]])
    ]
    periods = list_periods(session, actor)
    return ExchangeData(
        posts=list_posts(session, actor),
        swaps=list_swaps(session, actor),
        ledger=ledger(session, actor),
        balances=balances,
        gemeenten=gemeenten,
        periods=periods,
        default_period=default_period(periods, today),
    )

