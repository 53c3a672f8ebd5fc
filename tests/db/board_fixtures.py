"""Small, exact board scenarios built in the test's own (rolled-back) session."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import (
    Dwelling,
    DwellingKind,
    DwellingStatus,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    Taakstelling,
)
from app.domain.periods import Period
from app.services.region import ensure_periods

P1, P2 = Period(2017, 1), Period(2017, 2)


def gemeente(session: Session, code: str) -> Gemeente:
    return session.scalar(select(Gemeente).where(Gemeente.cbs_code == code))


def setup_periods(session: Session) -> dict[str, int]:
    rows = ensure_periods(session, P1, P2)
    return {r.code: r.id for r in rows}


_counter = iter(range(10**6))


def koppeling(
    session: Session,
    code: str,
    linked_on: date,
    persons: int,
    *,
    housed_on: date | None = None,
    status: KoppelingStatus | None = None,
    languages: str = "",
    **extra: object,
) -> Koppeling:
    g = gemeente(session, code)
    row = Koppeling(
        v_nummer=f"{9_000_000_000 + next(_counter):010d}",
        gemeente=g,
        linked_on=linked_on,
        persons=persons,
        adults=min(2, persons),
        children=persons - min(2, persons),
        languages=languages,
        status=status or (KoppelingStatus.GEHUISVEST if housed_on else KoppelingStatus.GEKOPPELD),
        housed_on=housed_on,
        housed_gemeente=g if housed_on else None,
        **extra,
    )
    session.add(row)
    session.flush()
    return row


def dwelling(
    session: Session, code: str, bedrooms: int, max_occupants: int, available: date, **extra: object
) -> Dwelling:
    row = Dwelling(
        gemeente=gemeente(session, code),
        corporation=extra.pop("corporation", "Mitros"),  # type: ignore[arg-type]
        reference=f"T-{next(_counter)}",
        kind=extra.pop("kind", DwellingKind.EENGEZINSWONING if bedrooms >= 3 else DwellingKind.APPARTEMENT),  # type: ignore[arg-type]
        bedrooms=bedrooms,
        max_occupants=max_occupants,
        available_from=available,
        status=extra.pop("status", DwellingStatus.BESCHIKBAAR),  # type: ignore[arg-type]
        **extra,
    )
    session.add(row)
    session.flush()
    return row


def taakstelling(
    session: Session, code: str, period_id: int, persons: int, backlog_in: int | None = None
) -> None:
    session.add(
        Taakstelling(
            gemeente=gemeente(session, code), period_id=period_id, persons=persons, backlog_in=backlog_in
        )
    )
    session.flush()
