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

DRAWS = 1000  # enough for the 10th and 90th percentile; twice as many barely moves them
# A household with a dwelling moves in: an offer that falls through is rare enough not to model, and
# a forecast made only of such households must then be exactly their number.
P_RESERVED = 1.0
RESERVED_WITHIN_DAYS = 42  # a household with a dwelling moves in within six weeks
MIN_HISTORY = 15  # fewer own observations than this: mix in the region's
HISTORY_SETTLED_DAYS = 120  # only households linked this long ago show a complete waiting time
DEFAULT_DURATIONS = tuple(range(30, 241, 7))  # no history at all: anything from one to eight months
SIZE_CLASSES = ((1, 2), (3, 4), (5, 99))




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


# --- the simulation --------------------------------------------------------------------------------


_REGION_ARRAYS: dict[int, tuple[History, dict[int | None, np.ndarray]]] = {}


def _region_arrays(region: History) -> dict[int | None, np.ndarray]:
    """The region's waiting times as sorted arrays per size class (None: all), made once per
    region history rather than once per municipality."""
    import numpy as np

    cached = _REGION_ARRAYS.get(id(region))
    if cached is None or cached[0] is not region:
        arrays: dict[int | None, np.ndarray] = {
            k: np.sort(np.asarray(v, dtype=np.int64)) for k, v in region.durations.items()
        }
        arrays[None] = np.sort(np.asarray(region.all_durations(), dtype=np.int64))
        _REGION_ARRAYS.clear()  # only the latest region is kept: a forecast run uses one
        _REGION_ARRAYS[id(region)] = cached = (region, arrays)
    return cached[1]


def _pool_array(state: MunicipalityState, region: History, klass: int) -> tuple[np.ndarray, str]:
    """Sorted waiting times to sample from, and where they come from (for the explanation): the
    municipality's own for this size class, else its own of all sizes, else mixed with the region's,
    else (no history anywhere) a wide default."""
    import numpy as np

    own = state.history.durations.get(klass, ())
    if len(own) >= MIN_HISTORY:
        return np.sort(np.asarray(own, dtype=np.int64)), "eigen"
    own_all = state.history.all_durations()
    if len(own_all) >= MIN_HISTORY:
        return np.sort(np.asarray(own_all, dtype=np.int64)), "eigen"
    arrays = _region_arrays(region)
    regional = arrays.get(klass)
    if regional is None or not len(regional):
        regional = arrays[None]
    if len(own_all) + len(regional) >= MIN_HISTORY:
        return np.sort(np.concatenate([np.asarray(own_all, dtype=np.int64), regional])), "regio"
    return np.asarray(DEFAULT_DURATIONS, dtype=np.int64), "geen"


def _share_before(values: np.ndarray, first: int, last: int, limit: int) -> float:
    """Share of households linked on a uniform day in [first, last) whose waiting time (one of
    ``values``) ends before day ``limit``."""
    import numpy as np

    fraction = np.clip((limit - values - first) / max(1, last - first), 0.0, 1.0)
    return float(fraction.mean())


def _persons_of(rng: np.random.Generator, counts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Persons in ``counts`` households per draw, with sizes as in ``sizes``: summed exactly for
    small counts, and for large ones by the normal law of a sum of many sizes (same mean and
    spread, a fraction of the work at national scale)."""
    import numpy as np

    out = np.zeros(len(counts), dtype=np.int64)
    small = counts <= 25
    n_small = counts[small]
    if n_small.sum():
        owner = np.repeat(np.arange(len(n_small)), n_small)
        drawn = sizes[rng.integers(0, len(sizes), int(n_small.sum()))]
        out[small] = np.bincount(owner, weights=drawn, minlength=len(n_small)).astype(np.int64)
    if (~small).any():
        n_large = counts[~small]
        mean, var = float(sizes.mean()), float(sizes.var())
        normal = rng.normal(n_large * mean, np.sqrt(n_large * var))
        out[~small] = np.maximum(0, np.rint(normal)).astype(np.int64)
    return out


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


def _uniforms(seed: int, keys: np.ndarray, stream: int, draws: int) -> np.ndarray:
    """Uniform numbers in [0, 1), one row per household and one column per draw.

    A counter-based hash (splitmix64) of (seed, stream, household key, draw): each household's
    numbers depend on nothing but itself, so a what-if that changes one household leaves every
    other household's draws exactly as they were, and the order of the households does not matter.
    """
    import numpy as np

    with np.errstate(over="ignore"):
        x = (
            keys.astype(np.uint64)[:, None] * np.uint64(0xBF58476D1CE4E5B9)
            + np.arange(draws, dtype=np.uint64)[None, :] * np.uint64(0x94D049BB133111EB)
            + np.uint64((seed * 0x9E3779B97F4A7C15 + stream * 0xD1B54A32D192ED03) % (1 << 64))
        )
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return (x >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


def _waiting_days(values: np.ndarray, waited: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Days from linking to move-in for households that waited ``waited`` days already: a draw
    from the earlier households that waited longer than that (``values`` sorted)."""
    import numpy as np

    start = np.searchsorted(values, waited, side="right")
    count = len(values) - start
    index = start[:, None] + np.floor(u * np.maximum(count, 1)[:, None]).astype(np.int64)
    drawn = values[np.minimum(index, len(values) - 1)]
    # Waited longer than nearly everyone before: no history says when; somewhere in the next months.
    tail = waited[:, None] + 7 + np.floor(u * 113).astype(np.int64)
    return np.where((count >= 3)[:, None], drawn, tail)


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

    seed = zlib.crc32(f"{state.code}|{as_of.isoformat()}".encode())
    rng = np.random.default_rng([seed, 0])
    nxt = period.next()
    end, end_next = period.end, nxt.end
    start_day = max(as_of, period.start)
    days_left = max(0, (end - start_day).days)
    # Days from ``as_of``: the period runs from start_limit (0 unless it has not begun) to now_limit.
    start_limit = max(0, (period.start - as_of).days)
    now_limit, next_limit = (end - as_of).days, (end_next - as_of).days
    housed_now = np.full(draws, state.realised, dtype=np.int64)
    housed_next = np.zeros(draws, dtype=np.int64)
    paired = _pair_announced(state, end)
    notes = _Notes()
    sources: set[str] = set()

    if state.waiting:
        waiting = state.waiting
        keys = np.array([w.key for w in waiting], dtype=np.int64)
        persons = np.array([w.persons for w in waiting], dtype=np.int64)
        with_dwelling = np.array([w.has_dwelling or w.key in paired for w in waiting])
        waited = np.array([max(0, (as_of - w.linked_on).days) for w in waiting], dtype=np.int64)
        classes = np.array([size_class(w.persons) for w in waiting])
        u = _uniforms(seed, keys, 1, draws)
        move = np.zeros((len(waiting), draws), dtype=np.int64)
        move[with_dwelling] = np.floor(u[with_dwelling] * RESERVED_WITHIN_DAYS).astype(np.int64)
        happens = np.ones((len(waiting), draws), dtype=bool)
        if P_RESERVED < 1.0 and with_dwelling.any():
            happens[with_dwelling] = _uniforms(seed, keys[with_dwelling], 2, draws) < P_RESERVED
        for household, paired_one in zip(waiting, with_dwelling, strict=True):
            if paired_one:
                notes.with_dwelling(household, household.key in paired)
        for klass in sorted(set(classes[~with_dwelling].tolist())):
            rows = ~with_dwelling & (classes == klass)
            values, source = _pool_array(state, region, klass)
            sources.add(source)
            move[rows] = _waiting_days(values, waited[rows], u[rows]) - waited[rows][:, None]
            notes.waiting_group(int(rows.sum()), int(persons[rows].sum()), int(values[len(values) // 2]))
        in_now = happens & (move >= start_limit) & (move < now_limit)  # before it began: not its
        in_next = happens & (move >= now_limit) & (move < next_limit)
        weights = persons.astype(np.float64)  # persons per household, summed per draw by BLAS
        housed_now += np.rint(weights @ in_now).astype(np.int64)
        housed_next += np.rint(weights @ in_next).astype(np.int64)

    # Households COA will still link: the rest of this period and all of the next.
    next_taak = state.next_taakstelling if state.next_taakstelling is not None else state.taakstelling
    ratio = state.history.link_ratio if state.history.link_ratio is not None else region.link_ratio
    ratio = 1.0 if ratio is None else ratio
    sizes = state.history.sizes or region.sizes or (1, 2, 3, 4, 5)
    share_left = days_left / max(1, (end - period.start).days)
    windows = [(start_limit, start_limit + days_left, state.taakstelling * ratio * share_left)]
    windows.append((now_limit, now_limit + (end_next - nxt.start).days, next_taak * ratio))
    expected_new = windows[0][2] if days_left else 0.0  # what the explanation of this period names
    values, source = _pool_array(state, region, 1)  # a mix of sizes: the middle class's times
    size_values = np.asarray(sizes, dtype=np.int64)
    for first, last, to_link in windows:
        if last <= first or to_link <= 0:
            continue
        sources.add(source)
        # Households linked on a uniform day in [first, last) that move in before each limit: the
        # share that lands in this period and in the next is exact (averaged over the waiting
        # times); by Poisson thinning the two counts are independent Poisson numbers.
        q_now = _share_before(values, first, last, now_limit)
        q_next = _share_before(values, first, last, next_limit) - q_now
        households = to_link / float(np.mean(size_values))
        for share, target in ((q_now, housed_now), (q_next, housed_next)):
            if share > 0:
                target += _persons_of(rng, rng.poisson(households * share, draws), size_values)

    corrected_next = next_taak + (state.corrected - housed_now)
    current = _outlook(period, housed_now, np.full(draws, state.corrected), state.realised)
    following = _outlook(nxt, housed_next, corrected_next, 0)
    explanation = notes.sentences(state, period, sources, expected_new, share_left)
    current = replace(current, explanation=(*explanation, _chance_sentence(current)))
    next_notes = [_chance_sentence(following)]
    if state.next_taakstelling is None:
        next_notes.insert(
            0,
            f"De taakstelling voor {nxt.label_nl} is nog niet bekend; aangenomen is "
            f"dezelfde als nu ({state.taakstelling} personen).",
        )
    next_notes.insert(
        0,
        f"Wat deze periode overblijft gaat mee naar {nxt.label_nl}: verwacht "
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

    def waiting_group(self, households: int, persons: int, median: int) -> None:
        self.waiting_count[0] += households
        self.waiting_count[1] += persons
        self.pool_medians.extend([median] * households)

    def sentences(
        self, state: MunicipalityState, period: Period, sources: set[str], new: float, share_left: float
    ) -> list[str]:
        out = [f"Al gehuisvest in {period.label_nl}: {state.realised} personen."]
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


# The what-if lives in its own module; it is re-exported because callers think of it as part of the
# forecast (and it needs MunicipalityState from here only for its types).
from app.domain.forecast_what_if import SwapChange as SwapChange  # noqa: E402
from app.domain.forecast_what_if import apply_swap as apply_swap  # noqa: E402
