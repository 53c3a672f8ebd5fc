"""The forecast per municipality for the current and the next period, and what a swap would change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.domain import forecast as fc
from app.domain.forecast import Outlook
from app.domain.periods import Period
from app.domain.roles import Action, Area
from app.errors import NotFound
from app.services.access import Actor, authorize
from app.services.forecast.inputs import Gathered, gather


@dataclass(frozen=True)
class MunicipalityForecast:
    gemeente_id: int
    code: str
    name: str
    current: Outlook
    next: Outlook


@dataclass(frozen=True)
class RegionForecast:
    as_of: date
    period: Period
    next_period: Period
    rows: tuple[MunicipalityForecast, ...]

    def by_code(self, code: str) -> MunicipalityForecast:
        for row in self.rows:
            if row.code == code:
                return row
        raise NotFound(f"Geen voorspelling voor gemeente {code}.")


def _gathered(session: Session, actor: Actor, period: Period, as_of: date, replay: bool) -> Gathered:
    from app.services.board.figures import board_figures

    board = board_figures(session, actor, period, today=as_of)
    corrected = {row.gemeente_id: (row.taakstelling, row.corrected) for row in board.rows}
    return gather(session, period, as_of, corrected, replay=replay)


def _rows(gathered: Gathered, forecasts: list[fc.Forecast]) -> tuple[MunicipalityForecast, ...]:
    return tuple(
        MunicipalityForecast(gathered.ids[f.code], f.code, f.name, f.current, f.next)
        for f in sorted(forecasts, key=lambda f: f.name)
    )


def forecast_region(
    session: Session,
    actor: Actor,
    period: Period | None = None,
    *,
    today: date | None = None,
    replay: bool = False,
    draws: int = fc.DRAWS,
) -> RegionForecast:
    """Every municipality's outlook for ``period`` (default: the running one) and the next.

    ``replay`` forecasts as if it were ``today`` using only the dates known then (the backtest)."""
    as_of = today or date.today()
    period = period or Period.containing(as_of)
    authorize(session, actor, Action.READ, Area.REGION, "voorspelling", period.code)
    gathered = _gathered(session, actor, period, as_of, replay)
    forecasts = fc.forecast_all(gathered.states, period, as_of, draws=draws)
    return RegionForecast(as_of, period, period.next(), _rows(gathered, forecasts))


@dataclass(frozen=True)
class SideEffect:
    """One municipality's outlook before and after a swap."""

    code: str
    name: str
    before: Outlook
    after: Outlook

    @property
    def expected_change(self) -> float:
        return self.after.expected - self.before.expected

    @property
    def probability_change(self) -> float:
        return self.after.probability - self.before.probability

    def sentence(self) -> str:
        """Two lines for the confirmation (B1): the chance, and the persons against the target."""
        b, a = self.before, self.after
        return (
            f"{self.name}: kans om de taakstelling te halen {round(b.probability * 100)}% → "
            f"{round(a.probability * 100)}%\n   verwacht gehuisvest {round(b.expected)} → "
            f"{round(a.expected)} van {round(a.corrected)} personen"
        )


@dataclass(frozen=True)
class SwapEffect:
    period: Period
    owner: SideEffect
    host: SideEffect


def swap_effect(
    session: Session,
    actor: Actor,
    change: fc.SwapChange,
    period: Period,
    *,
    today: date | None = None,
    draws: int = fc.DRAWS,
) -> SwapEffect:
    """Both sides' forecast for ``period`` without and with the swap (same draws: the difference
    is the swap's, not the dice's)."""
    as_of = today or date.today()
    authorize(
        session, actor, Action.READ, Area.REGION, "voorspelling", f"uitruil {change.owner}>{change.host}"
    )
    gathered = _gathered(session, actor, period, as_of, False)
    region = fc.pooled_history(gathered.states)
    parties = [s for s in gathered.states if s.code in (change.owner, change.host)]
    if len(parties) != 2:
        raise NotFound("Een van de twee gemeenten van de uitruil is niet (meer) actief.")
    after = {s.code: s for s in fc.apply_swap(parties, change)}
    sides = {}
    for state in parties:
        before_fc = fc.simulate(state, region, period, as_of, draws=draws)
        after_fc = fc.simulate(after[state.code], region, period, as_of, draws=draws)
        sides[state.code] = SideEffect(
            state.code, state.name, _pick(before_fc, period), _pick(after_fc, period)
        )
    return SwapEffect(period, sides[change.owner], sides[change.host])


def _pick(forecast: fc.Forecast, period: Period) -> Outlook:
    return forecast.current if forecast.current.period == period else forecast.next
