"""The forecast: its speed for the region, and a backtest over the demo history.

Backtest: a demo database with eight half years of history (generated for a fixed "today"). For
every past period but the first, at a quarter, half and three quarters of the period, each of the
16 municipalities is forecast with only what was known on that day (``replay``: states rebuilt
from the dates) and compared with what happened by the period's end. Printed: the share of outcomes
inside the 80% interval (goal 70–90%) and the mean absolute error of the expected number against the
naive baseline (the period so far extended in a straight line); the forecast must beat it.

Speed: ``forecast_region`` for the 16 municipalities (target under 300 ms); the floor is the bare
``board_figures`` the forecast starts from, measured in the same run (the ratio is printed).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

TODAY = date(2026, 12, 2)
PERIODS = 8
POINTS = (0.25, 0.5, 0.75)
TARGET_REGION = 0.300
DRAWS = 1000  # the backtest's draws; the program uses DRAWS from the domain


def demo_database(folder: Path, periods: int = PERIODS, scale: float = 1.0):  # type: ignore[no-untyped-def]
    from app.bootstrap import prepare
    from app.db.session import Database
    from app.demo.fill import fill_demo
    from app.services.access import Actor

    db = Database(f"sqlite:///{folder / 'forecast.db'}")
    prepare(db)
    with db.unit_of_work() as session:
        fill_demo(
            session, Actor.system_actor("bench"), login="bench", periods=periods, today=TODAY, scale=scale
        )
    return db


def housed_per_gemeente(session, period) -> dict[int, int]:  # type: ignore[no-untyped-def]
    from app.db.models import Koppeling

    rows = session.execute(
        select(Koppeling.gemeente_id, func.sum(Koppeling.persons))
        .where(Koppeling.housed_on >= period.start, Koppeling.housed_on < period.end)
        .group_by(Koppeling.gemeente_id)
    )
    return {gid: int(n or 0) for gid, n in rows}


def backtest(db, points=POINTS, draws: int = DRAWS) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Coverage of the 80% interval and mean absolute errors of forecast and baseline."""
    from app.db.models import PeriodRow
    from app.domain.forecast import naive_extrapolation
    from app.services.access import Actor
    from app.services.forecast import forecast_region

    actor = Actor.system_actor("bench")
    inside, errors, naive = 0, [], []
    per_point: dict[float, list[float]] = defaultdict(list)
    with db.unit_of_work() as session:
        periods = [
            p.period for p in session.scalars(select(PeriodRow).order_by(PeriodRow.year, PeriodRow.half))
        ]
        past = [p for p in periods if p.end <= TODAY][1:]  # the first has no history to learn from
        for period in past:
            truth = housed_per_gemeente(session, period)
            length = (period.end - period.start).days
            for share in points:
                as_of = period.start + timedelta(days=round(length * share))
                outlook = forecast_region(session, actor, period, today=as_of, replay=True, draws=draws)
                for row in outlook.rows:
                    actual = truth.get(row.gemeente_id, 0)
                    c = row.current
                    inside += c.low <= actual <= c.high
                    errors.append(abs(c.expected - actual))
                    naive.append(abs(naive_extrapolation(c.realised, period, as_of) - actual))
                    per_point[share].append(abs(c.expected - actual))
    return {
        "forecasts": len(errors),
        "coverage": inside / len(errors),
        "mae": statistics.fmean(errors),
        "mae_naive": statistics.fmean(naive),
        **{f"mae_{int(s * 100)}": statistics.fmean(v) for s, v in per_point.items()},
    }


def run() -> list[tuple[str, float, float, str]]:
    from app.domain.periods import Period
    from app.services.access import Actor
    from app.services.board.figures import board_figures
    from app.services.forecast import forecast_region

    with tempfile.TemporaryDirectory() as tmp:
        db = demo_database(Path(tmp))
        result = backtest(db)
        actor = Actor.system_actor("bench")
        period = Period.containing(TODAY)
        region, floor = [], []
        for _ in range(5):
            with db.unit_of_work() as session:
                start = time.perf_counter()
                board_figures(session, actor, period, today=TODAY)
                floor.append(time.perf_counter() - start)
            with db.unit_of_work() as session:
                start = time.perf_counter()
                forecast_region(session, actor, period, today=TODAY)
                region.append(time.perf_counter() - start)
        db.engine.dispose()
    coverage, ratio = result["coverage"], result["mae"] / result["mae_naive"]
    print(
        f"backtest: {result['forecasts']:.0f} voorspellingen over {PERIODS - 2} perioden; "
        f"80%-interval dekt {coverage:.0%} (doel 70–90%); gemiddelde fout {result['mae']:.1f} personen "
        f"tegen {result['mae_naive']:.1f} naïef (verhouding {ratio:.2f}, moet < 1); "
        f"fout na 25/50/75%: {result['mae_25']:.1f} / {result['mae_50']:.1f} / {result['mae_75']:.1f}"
    )
    speed, bare = statistics.median(region), statistics.median(floor)
    print(
        f"voorspelling regio: {speed * 1000:.0f} ms; kale board_figures {bare * 1000:.0f} ms "
        f"(verhouding {speed / bare:.1f})"
    )
    return [
        ("voorspelling: afstand dekking tot 80% (doel 70–90%)", abs(coverage - 0.80), 0.10, "fractie"),
        ("voorspelling: fout / naïeve fout", ratio, 1.0, "verhouding"),
        ("voorspelling 16 gemeenten", speed, TARGET_REGION, "s"),
    ]
