"""What the forecast knows on a given day, read from the database in a few aggregate-sized queries.

``replay=True`` rebuilds the state of an earlier day from the dates alone (linked, offered, housed),
so the backtest forecasts with only what was known then; without it the current statuses are used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.models import (
    Dwelling,
    DwellingStatus,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    PeriodRow,
    Taakstelling,
)
from app.domain import forecast as fc
from app.domain.deadlines import move_in_deadline
from app.domain.periods import Period

HISTORY_DAYS = 730  # two years of history: long enough for large households, recent enough to matter
WAITING = (KoppelingStatus.GEKOPPELD, KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.UITGERUILD)
WITH_DWELLING = (KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.UITGERUILD)


@dataclass(frozen=True)
class Gathered:
    states: list[fc.MunicipalityState]
    ids: dict[str, int]  # cbs code -> gemeente id


def gather(
    session: Session,
    period: Period,
    as_of: date,
    corrected: dict[int, tuple[int, int]],
    *,
    replay: bool = False,
) -> Gathered:
    """States of every active municipality; ``corrected`` maps gemeente id to (taakstelling,
    corrected taakstelling) of ``period`` as the board computes them."""
    gemeenten = list(
        session.execute(select(Gemeente.id, Gemeente.cbs_code, Gemeente.name).where(Gemeente.active))
    )
    since = as_of - timedelta(days=HISTORY_DAYS)
    rows = session.execute(
        select(
            Koppeling.id,
            Koppeling.gemeente_id,
            Koppeling.linked_on,
            Koppeling.persons,
            Koppeling.status,
            Koppeling.offered_on,
            Koppeling.housed_on,
        ).where(
            Koppeling.linked_on <= as_of,
            # the history, who still waits, and (for a period long past) who moved in during it
            or_(
                Koppeling.linked_on >= since,
                Koppeling.status.in_(WAITING),
                and_(Koppeling.housed_on >= period.start, Koppeling.housed_on < period.end),
            ),
        )
    ).all()
    reserved = (
        set(
            session.scalars(
                select(Dwelling.reserved_for_id).where(
                    Dwelling.status == DwellingStatus.GERESERVEERD, Dwelling.reserved_for_id.is_not(None)
                )
            )
        )
        if not replay
        else set()
    )

    realised: dict[int, int] = defaultdict(int)
    waiting: dict[int, list[fc.Waiting]] = defaultdict(list)
    durations: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    sizes: dict[int, list[int]] = defaultdict(list)
    settled = fc.settled_cutoff(as_of)
    for kid, gid, linked_on, persons, status, offered_on, housed_on in rows:
        housed = housed_on is not None and housed_on <= as_of
        in_period = housed_on is not None and period.start <= housed_on < period.end
        if housed and in_period:
            realised[gid] += persons
        if linked_on >= since:
            sizes[gid].append(persons)
            if housed and housed_on is not None and linked_on <= settled:
                durations[gid][fc.size_class(persons)].append((housed_on - linked_on).days)
        if housed:
            continue
        if replay:
            # Lapsed households were waiting until their move-in deadline had long passed.
            lapsed = status is KoppelingStatus.VERVALLEN and as_of > move_in_deadline(linked_on) + timedelta(
                weeks=4
            )
            if lapsed or (status is KoppelingStatus.GEHUISVEST and housed_on is None):
                continue
            has_dwelling = offered_on is not None and offered_on <= as_of
        else:
            if status not in WAITING:
                continue
            has_dwelling = status in WITH_DWELLING or kid in reserved
        waiting[gid].append(fc.Waiting(kid, persons, linked_on, has_dwelling))

    announced: dict[int, list[fc.Announced]] = defaultdict(list)
    if not replay:  # when a dwelling was announced is not recorded, so a replay cannot know it
        for did, gid, occupants, available in session.execute(
            select(Dwelling.id, Dwelling.gemeente_id, Dwelling.max_occupants, Dwelling.available_from).where(
                Dwelling.status == DwellingStatus.BESCHIKBAAR, Dwelling.available_from < period.end
            )
        ):
            announced[gid].append(fc.Announced(did, occupants, available))

    ratio = _link_ratios(session, as_of, since)
    next_taak = _taakstellingen(session, period.next())
    states = []
    for gid, code, name in sorted(gemeenten, key=lambda g: g[1]):
        taak, corr = corrected.get(gid, (0, 0))
        states.append(
            fc.MunicipalityState(
                code=code,
                name=name,
                corrected=corr,
                realised=realised.get(gid, 0),
                next_taakstelling=next_taak.get(gid),
                waiting=tuple(sorted(waiting.get(gid, ()), key=lambda w: w.key)),
                announced=tuple(sorted(announced.get(gid, ()), key=lambda a: a.key)),
                history=fc.History(
                    durations={k: tuple(v) for k, v in durations.get(gid, {}).items()},
                    sizes=tuple(sizes.get(gid, ())),
                    link_ratio=ratio.get(gid),
                ),
                taakstelling=taak,
            )
        )
    return Gathered(states, {code: gid for gid, code, _ in gemeenten})


def _taakstellingen(session: Session, period: Period) -> dict[int, int]:
    rows = session.execute(
        select(Taakstelling.gemeente_id, Taakstelling.persons)
        .join(PeriodRow, PeriodRow.id == Taakstelling.period_id)
        .where(PeriodRow.year == period.year, PeriodRow.half == period.half)
    )
    return {gid: persons for gid, persons in rows}


def _link_ratios(session: Session, as_of: date, since: date) -> dict[int, float]:
    """Persons COA linked per taakstelling person, over the periods that ended before ``as_of``."""
    periods = [p for p in session.scalars(select(PeriodRow)) if since <= p.start_date and p.end_date <= as_of]
    if not periods:
        return {}
    taak: dict[int, int] = defaultdict(int)
    for gid, _pid, persons in session.execute(
        select(Taakstelling.gemeente_id, Taakstelling.period_id, Taakstelling.persons).where(
            Taakstelling.period_id.in_([p.id for p in periods])
        )
    ):
        taak[gid] += persons
    linked: dict[int, int] = defaultdict(int)
    first, last = min(p.start_date for p in periods), max(p.end_date for p in periods)
    for gid, persons in session.execute(
        select(Koppeling.gemeente_id, func.sum(Koppeling.persons))
        .where(Koppeling.linked_on >= first, Koppeling.linked_on < last)
        .group_by(Koppeling.gemeente_id)
    ):
        linked[gid] += int(persons or 0)
    return {gid: linked[gid] / total for gid, total in taak.items() if total > 0}
