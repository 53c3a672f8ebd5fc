"""Between swap rows in the database and the domain's immutable ``Swap``."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Gemeente, PeriodRow, SwapRow, SwapStatus
from app.domain import swaps as rules

_STATE_TO_STATUS = {
    rules.SwapState.PROPOSED: SwapStatus.VOORGESTELD,
    rules.SwapState.AGREED: SwapStatus.AKKOORD,
    rules.SwapState.WITHDRAWN: SwapStatus.INGETROKKEN,
    rules.SwapState.DECLINED: SwapStatus.AFGEWEZEN,
}


def _settles(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def to_domain(row: SwapRow, codes: dict[int, str], periods: dict[int, PeriodRow]) -> rules.Swap:
    closure = None
    if row.status in (SwapStatus.INGETROKKEN, SwapStatus.AFGEWEZEN) and row.closed_at is not None:
        closure = rules.Closure(
            rules.SwapState.WITHDRAWN if row.status is SwapStatus.INGETROKKEN else rules.SwapState.DECLINED,
            rules.Side(row.closed_side or rules.Side.HOST.value),
            row.closed_by or "",
            row.closed_at,
            row.close_reason,
        )
    # agreed_by and agreed_at are written together (apply_to_row); "" as for the closure above.
    host_ok = rules.Agreement(row.host_agreed_by or "", row.host_agreed_at) if row.host_agreed_at else None
    owner_ok = (
        rules.Agreement(row.owner_agreed_by or "", row.owner_agreed_at) if row.owner_agreed_at else None
    )
    return rules.Swap(
        id=row.id,
        host=codes[row.host_gemeente_id],
        owner=codes[row.owner_gemeente_id],
        persons=row.persons,
        period=periods[row.period_id].period,
        koppeling_id=row.koppeling_id,
        settles=_settles(row.settles_ids),
        host_agreement=host_ok,  # type: ignore[arg-type]
        owner_agreement=owner_ok,  # type: ignore[arg-type]
        closure=closure,
    )


def apply_to_row(swap: rules.Swap, row: SwapRow) -> None:
    """Write the domain state back; only fields the state machine changes."""
    row.status = _STATE_TO_STATUS[swap.state]
    if swap.host_agreement:
        row.host_agreed_by, row.host_agreed_at = swap.host_agreement.by, swap.host_agreement.on
    if swap.owner_agreement:
        row.owner_agreed_by, row.owner_agreed_at = swap.owner_agreement.by, swap.owner_agreement.on
    if swap.closure:
        row.closed_by, row.closed_at = swap.closure.by, swap.closure.on
        row.closed_side, row.close_reason = swap.closure.side.value, swap.closure.reason


def lookups(session: Session) -> tuple[dict[int, str], dict[int, PeriodRow]]:
    codes = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())  # type: ignore[arg-type]
    periods = {p.id: p for p in session.scalars(select(PeriodRow))}
    return codes, periods


def domain_swaps(session: Session, rows: Iterable[SwapRow]) -> list[rules.Swap]:
    codes, periods = lookups(session)
    return [to_domain(r, codes, periods) for r in rows]
