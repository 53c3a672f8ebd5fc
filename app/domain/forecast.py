"""Forecast of the persons a municipality will house by the end of a period (no Qt, no database).

The model, in the words of the help text (keep the two the same):

1. **Already housed** in the period counts for certain.
2. **Households with a dwelling** (a dwelling offered or reserved, or an agreed swap) move in before
   the end of the period with a high probability (``P_RESERVED``), some weeks from now.
3. **Households linked and still waiting** move in after as many days as households of the same
   size waited in this municipality before (its own history of days from koppeling to move-in, in
   three size classes because large dwellings come free more rarely). A household that has already
   waited 60 days is compared only with households that waited longer than that. With too little
   own history the region's history is used, and with none at all a wide default: the explanation
   says so, and the interval is wide.
4. **Dwellings already announced** (free, available before the end) go to waiting households that
   fit them; such a household counts as one with a dwelling. This is what a swap changes for the
   host: the dwelling it gives up no longer helps its own households.
5. **Households COA will still link** in the rest of the period: as many persons as COA linked per
   taakstelling in this municipality's past periods, spread evenly over the remaining days, with
   household sizes as in its history; each moves in if its waiting time fits before the end.

A Monte Carlo over these sources (``DRAWS`` draws, seeded per municipality so a forecast is
reproducible) gives the expected number of persons housed, the 80% interval (10th to 90th
percentile) and the probability of meeting the corrected taakstelling. The next period is
simulated in the same draws: its corrected taakstelling is its own taakstelling plus what this
period leaves behind, so a bad draw now is also a bad start next time.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from app.domain.periods import Period

if TYPE_CHECKING:  # numpy is imported where the simulation runs
    import numpy as np

DRAWS = 2000
# A household with a dwelling moves in: an offer that falls through is rare enough not to model, and
# a forecast made only of such households must then be exactly their number.
P_RESERVED = 1.0
RESERVED_WITHIN_DAYS = 42  # a household with a dwelling moves in within six weeks
MIN_HISTORY = 15  # fewer own observations than this: mix in the region's
HISTORY_SETTLED_DAYS = 120  # only households linked this long ago show a complete waiting time
DEFAULT_DURATIONS = tuple(range(30, 241, 7))  # no history at all: anything from one to eight months
SIZE_CLASSES = ((1, 2), (3, 4), (5, 99))


def period_label(period: Period) -> str:
    """B1 Dutch name of a half year: "1e helft 2027"."""
    return f"{period.half}e helft {period.year}"


def size_class(persons: int) -> int:
    """0: one or two persons, 1: three or four, 2: five or more."""
    for index, (low, high) in enumerate(SIZE_CLASSES):
        if low <= persons <= high:
            return index
    return 0


@dataclass(frozen=True)
class Waiting:
    """A household linked to the municipality and not housed yet."""

    key: int  # the koppeling id: lets a what-if name the household a swap is about
    persons: int
    linked_on: date
    has_dwelling: bool = False  # offered, reserved or swapped: only the move itself is left


@dataclass(frozen=True)
class Announced:
    """A dwelling that is free and becomes available before the end of the period."""

    key: int
    max_occupants: int
    available_from: date


@dataclass(frozen=True)
class History:
    """What the municipality's past says; all of it as known on the forecast date."""

    durations: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # size class -> days
    sizes: tuple[int, ...] = ()  # persons per household linked before
    link_ratio: float | None = None  # persons COA linked per taakstelling person, past periods

    def all_durations(self) -> tuple[int, ...]:
        return tuple(d for values in self.durations.values() for d in values)


@dataclass(frozen=True)
class MunicipalityState:
    """One municipality on the forecast date."""

    code: str
    name: str
    corrected: int  # corrected taakstelling of the current period
    realised: int  # persons housed so far in the current period
    next_taakstelling: int | None  # None: not set yet (assumed equal to the current one)
    waiting: tuple[Waiting, ...] = ()
    announced: tuple[Announced, ...] = ()
    history: History = field(default_factory=History)
    taakstelling: int = 0  # the current period's own taakstelling (for the COA link pace)


@dataclass(frozen=True)
class Outlook:
    period: Period
    corrected: float
    realised: int
    expected: float
    low: int
    high: int
    probability: float
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class Forecast:
    code: str
    name: str
    current: Outlook
    next: Outlook


# --- what-if ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwapChange:
    """A swap as the forecast sees it: the owner's household gets a dwelling at the host, and the
    host's dwelling (named, or else its best fitting announced one) is no longer free."""

    owner: str
    host: str
    persons: int
    household_key: int | None = None
    dwelling_key: int | None = None


def apply_swap(states: Sequence[MunicipalityState], change: SwapChange) -> list[MunicipalityState]:
    """The states after ``change``; the others are returned unchanged."""
    out = []
    for state in states:
        if state.code == change.owner:
            state = _owner_after(state, change)
        elif state.code == change.host:
            state = _host_after(state, change)
        out.append(state)
    return out


def _owner_after(state: MunicipalityState, change: SwapChange) -> MunicipalityState:
    waiting = list(state.waiting)
    index = next((i for i, w in enumerate(waiting) if w.key == change.household_key), None)
    if index is None:
        # No household named: the swap is about persons; the longest-waiting household of that size
        # is the one the owner would send.
        fitting = [i for i, w in enumerate(waiting) if not w.has_dwelling and w.persons <= change.persons]
        index = min(fitting, key=lambda i: (waiting[i].linked_on, waiting[i].key)) if fitting else None
    if index is None:
        return state
    waiting[index] = replace(waiting[index], has_dwelling=True)
    return replace(state, waiting=tuple(waiting))


def _host_after(state: MunicipalityState, change: SwapChange) -> MunicipalityState:
    announced = list(state.announced)
    named = [a for a in announced if a.key == change.dwelling_key]
    if named:
        announced.remove(named[0])
    else:
        fitting = sorted(
            (a for a in announced if a.max_occupants >= change.persons),
            key=lambda a: (a.max_occupants, a.available_from, a.key),
        )
        if fitting:
            announced.remove(fitting[0])
    return replace(state, announced=tuple(announced))


# --- the simulation --------------------------------------------------------------------------------


def _pool(state: MunicipalityState, region: History, klass: int) -> tuple[tuple[int, ...], str]:
    """Waiting times to sample from, and where they come from (for the explanation)."""
    own = state.history.durations.get(klass, ())
    if len(own) >= MIN_HISTORY:
        return own, "eigen"
    own_all = state.history.all_durations()
    if len(own_all) >= MIN_HISTORY:
        return own_all, "eigen"
    regional = region.durations.get(klass, ()) or region.all_durations()
    if len(own_all) + len(regional) >= MIN_HISTORY:
        return own_all + regional, "regio"
    return DEFAULT_DURATIONS, "geen"


def _pair_announced(state: MunicipalityState, end: date) -> set[int]:
    """Keys of waiting households that an announced dwelling fits: the largest households first,
    each into the smallest dwelling that holds it."""
    free = sorted(
        (a for a in state.announced if a.available_from < end),
        key=lambda a: (a.max_occupants, a.available_from, a.key),
    )
    paired: set[int] = set()
    for household in sorted(state.waiting, key=lambda w: (-w.persons, w.linked_on, w.key)):
        if household.has_dwelling:
            continue
        for index, dwelling in enumerate(free):
            if dwelling.max_occupants >= household.persons:
                paired.add(household.key)
                del free[index]
                break
    return paired


def _conditional_days(rng: np.random.Generator, pool: tuple[int, ...], waited: int, draws: int) -> np.ndarray:
    """Days from linking to move-in for a household that has waited ``waited`` days already."""
    import numpy as np

    values = np.sort(np.asarray(pool, dtype=np.int64))
    start = int(np.searchsorted(values, waited, side="right"))
    longer = values[start:]
    if len(longer) >= 3:
        return longer[rng.integers(0, len(longer), draws)]
    # Waited longer than nearly everyone before: no history says when; somewhere in the next months.
    return waited + rng.integers(7, 120, draws)


def simulate(
    state: MunicipalityState,
    region: History,
    period: Period,
    as_of: date,
    *,
    draws: int = DRAWS,
) -> Forecast:
    """Forecast ``period`` (the current one) and the next for one municipality."""
    import numpy as np

    # Each household draws from its own stream (seeded by municipality, day and koppeling), so a
    # what-if that changes one household leaves the others' draws alone: the difference between two
    # forecasts is the change, not the dice.
    seed = zlib.crc32(f"{state.code}|{as_of.isoformat()}".encode())
    rng = np.random.default_rng([seed, 0])
    nxt = period.next()
    end, end_next = period.end, nxt.end
    start_day = max(as_of, period.start)
    days_left = max(0, (end - start_day).days)
    housed_now = np.full(draws, state.realised, dtype=np.int64)
    housed_next = np.zeros(draws, dtype=np.int64)
    paired = _pair_announced(state, end)
    notes = _Notes()

    def add(persons: int, move_day: np.ndarray, happens: np.ndarray) -> None:
        in_now = happens & (move_day < (end - as_of).days)
        in_next = happens & ~in_now & (move_day < (end_next - as_of).days)
        housed_now[in_now] += persons
        housed_next[in_next] += persons

    sources: set[str] = set()
    for household in state.waiting:
        own = np.random.default_rng([seed, 1, household.key])
        if household.has_dwelling or household.key in paired:
            move = own.integers(0, RESERVED_WITHIN_DAYS, draws)
            add(household.persons, move, own.random(draws) < P_RESERVED)
            notes.with_dwelling(household, household.key in paired)
            continue
        pool, source = _pool(state, region, size_class(household.persons))
        sources.add(source)
        waited = max(0, (as_of - household.linked_on).days)
        total = _conditional_days(own, pool, waited, draws)
        add(household.persons, total - waited, np.ones(draws, dtype=bool))
        notes.waiting(household, pool)

    # Households COA will still link: the rest of this period and all of the next.
    next_taak = state.next_taakstelling if state.next_taakstelling is not None else state.taakstelling
    ratio = state.history.link_ratio if state.history.link_ratio is not None else region.link_ratio
    ratio = 1.0 if ratio is None else ratio
    sizes = state.history.sizes or region.sizes or (1, 2, 3, 4, 5)
    mean_size = float(np.mean(sizes))
    share_left = days_left / max(1, (end - period.start).days)
    windows = [(0, days_left, state.taakstelling * ratio * share_left)]
    windows.append((days_left, days_left + (end_next - nxt.start).days, next_taak * ratio))
    expected_new = windows[0][2] if days_left else 0.0  # what the explanation of this period names
    for first, last, persons in windows:
        if last <= first or persons <= 0:
            continue
        counts = rng.poisson(persons / mean_size, draws)
        total_new = int(counts.sum())
        if not total_new:
            continue
        owner = np.repeat(np.arange(draws), counts)
        link_day = rng.integers(first, last, total_new)
        size = np.asarray(sizes)[rng.integers(0, len(sizes), total_new)]
        pool, source = _pool(state, region, 1)  # a mix of sizes: the middle class's waiting times
        sources.add(source)
        move = link_day + np.asarray(pool)[rng.integers(0, len(pool), total_new)]
        now_mask = move < (end - as_of).days
        next_mask = ~now_mask & (move < (end_next - as_of).days)
        housed_now += np.bincount(owner, weights=size * now_mask, minlength=draws).astype(np.int64)
        housed_next += np.bincount(owner, weights=size * next_mask, minlength=draws).astype(np.int64)

    corrected_next = next_taak + (state.corrected - housed_now)
    current = _outlook(period, housed_now, np.full(draws, state.corrected), state.realised)
    following = _outlook(nxt, housed_next, corrected_next, 0)
    explanation = notes.sentences(state, period, sources, expected_new, share_left)
    current = replace(current, explanation=(*explanation, _chance_sentence(current)))
    next_notes = [_chance_sentence(following)]
    if state.next_taakstelling is None:
        next_notes.insert(
            0,
            f"De taakstelling voor {period_label(nxt)} is nog niet bekend; aangenomen is "
            f"dezelfde als nu ({state.taakstelling} personen).",
        )
    next_notes.insert(
        0,
        f"Wat deze periode overblijft gaat mee naar {period_label(nxt)}: verwacht "
        f"gecorrigeerd {round(following.corrected)} personen.",
    )
    following = replace(following, explanation=tuple(next_notes))
    return Forecast(state.code, state.name, current, following)


def _outlook(period: Period, housed: np.ndarray, corrected: np.ndarray, realised: int) -> Outlook:
    import numpy as np

    low, high = np.percentile(housed, [10, 90])
    return Outlook(
        period=period,
        corrected=float(np.mean(corrected)),
        realised=realised,
        expected=float(np.mean(housed)),
        low=int(np.floor(low)),
        high=int(np.ceil(high)),
        probability=float(np.mean(housed >= corrected)),
        explanation=(),
    )


def _chance_sentence(outlook: Outlook) -> str:
    return (
        f"Verwacht {round(outlook.expected)} personen gehuisvest (80% zeker tussen {outlook.low} en "
        f"{outlook.high}); kans om de gecorrigeerde taakstelling ({round(outlook.corrected)}) te halen: "
        f"{round(outlook.probability * 100)}%."
    )


class _Notes:
    """Collects the figures the explanation names."""

    def __init__(self) -> None:
        self.dwelling = [0, 0]
        self.announced = [0, 0]
        self.waiting_count = [0, 0]
        self.pool_medians: list[int] = []

    def with_dwelling(self, household: Waiting, announced: bool) -> None:
        target = self.announced if announced else self.dwelling
        target[0] += 1
        target[1] += household.persons

    def waiting(self, household: Waiting, pool: tuple[int, ...]) -> None:
        self.waiting_count[0] += 1
        self.waiting_count[1] += household.persons
        self.pool_medians.append(sorted(pool)[len(pool) // 2])

    def sentences(
        self, state: MunicipalityState, period: Period, sources: set[str], new: float, share_left: float
    ) -> list[str]:
        out = [f"Al gehuisvest in {period_label(period)}: {state.realised} personen."]
        if self.dwelling[0]:
            out.append(
                f"{_households(self.dwelling[0])} ({self.dwelling[1]} personen) met een woning of "
                f"afgesproken uitruil: die verhuizen bijna zeker binnen zes weken."
            )
        if self.announced[0]:
            out.append(
                f"{_households(self.announced[0])} ({self.announced[1]} personen) passen in een al "
                f"aangemelde vrije woning en tellen ook als huishouden met een woning."
            )
        if self.waiting_count[0]:
            median = sorted(self.pool_medians)[len(self.pool_medians) // 2]
            out.append(
                f"{_households(self.waiting_count[0])} ({self.waiting_count[1]} personen) wachten nog op "
                f"een woning; gewoonlijk duurt het {median} dagen van koppeling tot verhuizing."
            )
        if new > 0 and share_left > 0:
            out.append(
                f"COA koppelt deze periode naar verwachting nog ongeveer {round(new)} personen (in het "
                f"tempo van eerdere perioden); wie laat gekoppeld wordt, verhuist meestal pas in de "
                f"volgende periode."
            )
        if "geen" in sources:
            out.append(
                "Er is nog geen geschiedenis van wachttijden; daarom is een ruime standaard gebruikt "
                "en is de marge breed."
            )
        elif "regio" in sources:
            out.append("Deze gemeente heeft weinig eigen geschiedenis; die van de regio is meegenomen.")
        return out


def _households(n: int) -> str:
    return "1 huishouden" if n == 1 else f"{n} huishoudens"


def forecast_all(
    states: Sequence[MunicipalityState], period: Period, as_of: date, *, draws: int = DRAWS
) -> list[Forecast]:
    """Every municipality; the region's pooled history backs up those with little of their own."""
    region = pooled_history(states)
    return [simulate(state, region, period, as_of, draws=draws) for state in states]


def pooled_history(states: Sequence[MunicipalityState]) -> History:
    durations: dict[int, list[int]] = {}
    sizes: list[int] = []
    ratios = []
    for state in states:
        for klass, values in state.history.durations.items():
            durations.setdefault(klass, []).extend(values)
        sizes.extend(state.history.sizes)
        if state.history.link_ratio is not None:
            ratios.append(state.history.link_ratio)
    return History(
        durations={k: tuple(v) for k, v in durations.items()},
        sizes=tuple(sizes),
        link_ratio=sum(ratios) / len(ratios) if ratios else None,
    )


def naive_extrapolation(realised: int, period: Period, as_of: date) -> float:
    """The baseline a forecast must beat: the period so far, extended in a straight line."""
    elapsed = (as_of - period.start).days
    if elapsed <= 0:
        return float(realised)
    return realised * (period.end - period.start).days / elapsed


def settled_cutoff(as_of: date) -> date:
    """Households linked before this date count in the history of waiting times."""
    return as_of - timedelta(days=HISTORY_SETTLED_DAYS)
