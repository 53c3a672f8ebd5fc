"""The regional swap plan: which household swaps would house the most households in time.

"Each municipality does what it does best": one has many small dwellings, another many large ones.
From the households waiting in every municipality and the dwellings expected to come free (the ones
announced, plus what each municipality's history says will follow), the plan proposes household
swaps (uitruil) so that as many households as possible in the region get a fitting dwelling within
their deadline. Nothing is decided here: the regio-coördinator sends chosen proposals, and both
municipalities still accept or refuse each one.

What goes in, and what never does
    :class:`WaitingHousehold` (size, accessibility needs, deadline, whether it is already reserved
    or in a swap), :class:`Vacancy` (size, accessibility, date it comes free, announced or
    expected), each municipality's current ledger balance and the bound. Nationality, religion,
    gender, age, name and language are *not fields* of these classes
    (:data:`app.domain.matching.PROTECTED_ATTRIBUTES`; the tests check it), so they cannot
    influence the plan.

The model (the same hard constraints as the matching, ``app.domain.matching``)
    1. A household fits a vacancy when: persons ≤ usable places (the smaller of the maximum number
       of occupants and 2 per bedroom, at least 1); no more bedrooms than persons; a room
       (kamerverhuur) only for a one-person household; an accessible dwelling when it needs one, a
       ground-floor or accessible one when it must avoid stairs; and the vacancy comes free in time:
       on or before the Monday of the week in which the household's deadline falls (or by today,
       for a household whose deadline is already that close or past). Counting in weeks keeps
       the program small enough to solve exactly for the whole region, and is on the safe side:
       a vacancy that counts is always free by the deadline.
    2. Households already reserved a dwelling, or swapped, or in an open swap proposal are left
       out: their place is settled.
    3. Goal, in this order: (a) as many households housed in time as possible, in their own
       municipality or through a swap; (b) among the plans that house that many, as few swaps as
       possible — so a swap is only proposed where it adds to (a).
    4. The ledger: a swap of a household of *p* persons makes the host's balance *p* higher and
       the owner's *p* lower. After the plan every municipality's balance lies within the bound
       (``±15`` persons by default, or a share of its taakstelling). A balance that is already
       outside the bound may not get worse; the plan may bring it back.
    5. Solved exactly (not greedily) as one integer program with ``scipy.optimize.milp`` (HiGHS) on
       classes of identical households and vacancies, see :mod:`app.domain.swap_plan_model` (first
       its relaxation, whose value bounds every plan; then, narrowed by reduced-cost fixing, the
       program with whole numbers; a plan is called optimal only when that is proven); then,
       per host municipality, the chosen households get their own dwelling with
       ``scipy.optimize.linear_sum_assignment`` (announced dwellings before expected ones for a
       swap, and the tightest fit).

Determinism: inputs are sorted by their ids before anything is built, so the plan does not depend
on the order they were given in.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.domain.matching import PERSONS_PER_BEDROOM, ROOM_KIND

#: The default bound on each municipality's ledger balance after the plan, in persons.
DEFAULT_BOUND_PERSONS = 15
#: History window for expected vacancies.
HISTORY_DAYS = 365


class Cancelled(Exception):
    """The caller cancelled the plan between two phases."""


@dataclass(frozen=True)
class WaitingHousehold:
    """A household waiting for a dwelling — only what the plan may use."""

    id: int
    gemeente: str
    persons: int
    needs_accessible: bool
    needs_ground_floor: bool
    #: The offer deadline (10 weeks after linking).
    deadline: date
    #: A dwelling is reserved or offered: the household is not in the plan.
    reserved: bool = False
    #: Swapped already, or in an open swap proposal: not in the plan.
    in_swap: bool = False

    def __post_init__(self) -> None:
        if self.persons < 1:
            raise ValueError(f"Huishouden {self.id}: het aantal personen moet minstens 1 zijn")

    @property
    def need_level(self) -> int:
        """0: no need, 1: no stairs (ground floor or accessible), 2: accessible."""
        return 2 if self.needs_accessible else 1 if self.needs_ground_floor else 0


@dataclass(frozen=True)
class Vacancy:
    """A dwelling that is free or will come free: announced (``dwelling_id``) or expected."""

    key: str  # stable identity: "W12" for dwelling 12, "V:GM0307:2:3" for an expected one
    gemeente: str
    bedrooms: int
    max_occupants: int
    accessible: bool
    ground_floor: bool
    available_from: date
    kind: str = "appartement"
    dwelling_id: int | None = None
    #: For an expected vacancy: why it is expected, in Dutch.
    basis: str = ""

    def __post_init__(self) -> None:
        if self.bedrooms < 0 or self.max_occupants < 1:
            raise ValueError(f"Woning {self.key}: slaapkamers of maximaal aantal bewoners klopt niet")

    @property
    def expected(self) -> bool:
        return self.dwelling_id is None

    @property
    def level(self) -> int:
        """The highest need it meets: 2 accessible, 1 ground floor, 0 neither."""
        return 2 if self.accessible else 1 if self.ground_floor else 0

    @property
    def places(self) -> int:
        return min(self.max_occupants, max(1, PERSONS_PER_BEDROOM * self.bedrooms))

    @property
    def persons_range(self) -> tuple[int, int]:
        """Household sizes it fits: (lowest, highest); lowest > highest when it fits none."""
        high = self.places
        if self.kind == ROOM_KIND:
            high = min(high, 1)
        return max(1, self.bedrooms), high


@dataclass(frozen=True)
class VacancyHistory:
    """How many dwellings of one size came free in a municipality over the history window."""

    gemeente: str
    bedrooms: int
    #: The smallest maximum number of occupants among them (an expected one is taken as that).
    max_occupants: int
    kind: str
    count: int
    window_days: int = HISTORY_DAYS
    #: Already announced dwellings of this size that come free within the horizon: they are part
    #: of the expected flow, so they are not counted twice.
    announced: int = 0


def expected_vacancies(histories: Iterable[VacancyHistory], today: date, until: date) -> list[Vacancy]:
    """Vacancies the history makes likely between ``today`` and ``until``, beyond those announced.

    Model: dwellings of a size come free at the steady rate of the window (count / days), so the
    k-th one is expected k / rate days from today, rounded up to whole weeks (a forecast to the day
    would be false precision, and later is the safe side). Only whole dwellings expected by
    ``until`` count, and the announced ones are taken to be the first of them. An expected one is
    assumed neither accessible nor on the ground floor (that is not known ahead).
    """
    out: list[Vacancy] = []
    days = (until - today).days
    for h in sorted(histories, key=lambda h: (h.gemeente, h.bedrooms, h.kind, h.max_occupants)):
        if h.count <= 0 or h.window_days <= 0 or days <= 0:
            continue
        every = h.window_days / h.count  # days between two such vacancies on average
        total = math.floor(days / every)
        weeks = [math.ceil(k * every / 7) for k in range(total + 1)]
        months = round(h.window_days / 30.4)
        for k in range(h.announced + 1, total + 1):
            if today + timedelta(weeks=weeks[k]) > until:
                break
            out.append(
                Vacancy(
                    key=f"V:{h.gemeente}:{h.bedrooms}:{h.kind}:{k}",
                    gemeente=h.gemeente,
                    bedrooms=h.bedrooms,
                    max_occupants=h.max_occupants,
                    accessible=False,
                    ground_floor=False,
                    available_from=today + timedelta(weeks=weeks[k]),
                    kind=h.kind,
                    basis=(
                        f"verwacht: {h.count} zulke woningen kwamen vrij in de afgelopen {months} maanden "
                        f"(gemiddeld één per {every:.0f} dagen)"
                    ),
                )
            )
    return out


@dataclass(frozen=True)
class LedgerBound:
    """How far each municipality's ledger balance may lie from zero after the plan.

    ``persons``: the same bound for all (default 15). ``share``: instead, that share of each
    municipality's taakstelling (0.1 = 10%), rounded to whole persons.
    """

    persons: int = DEFAULT_BOUND_PERSONS
    share: float | None = None

    def __post_init__(self) -> None:
        if self.persons < 0 or (self.share is not None and not 0 <= self.share <= 1):
            raise ValueError("De grens voor het grootboek moet 0 of meer personen zijn, of een deel 0..1")

    def for_gemeente(self, taakstelling: int | None) -> int:
        if self.share is None:
            return self.persons
        return round(self.share * (taakstelling or 0))

    @property
    def text_nl(self) -> str:
        if self.share is None:
            return f"±{self.persons} personen"
        return f"±{100 * self.share:.0f}% van de taakstelling"


@dataclass(frozen=True)
class Placement:
    """One household housed by the plan: in its own municipality, or through a swap."""

    household_id: int
    owner: str  # the municipality it is linked to (its taakstelling)
    host: str  # where the dwelling is
    persons: int
    vacancy_key: str
    dwelling_id: int | None  # None: an expected vacancy
    available_from: date
    deadline: date
    bedrooms: int
    max_occupants: int
    #: Dutch sentences: why this swap, what it does to both ledgers (empty for a local placement).
    explanation: tuple[str, ...] = ()

    @property
    def is_swap(self) -> bool:
        return self.host != self.owner

    @property
    def expected(self) -> bool:
        return self.dwelling_id is None


@dataclass(frozen=True)
class SwapPlan:
    swaps: tuple[Placement, ...]
    local: tuple[Placement, ...]
    #: Households housed in time without any swap (the best each municipality can do alone).
    housed_without_swaps: int
    households: int  # waiting households in the plan
    excluded: int  # left out: reserved, swapped or in an open swap proposal
    vacancies: int
    #: gemeente → balance now, and after the plan; and the (lowest, highest) allowed after.
    ledger_before: Mapping[str, int] = field(default_factory=dict)
    ledger_after: Mapping[str, int] = field(default_factory=dict)
    limits: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    bound_text: str = ""
    #: False when the solver stopped at its time limit: the plan is good, but not proven the best.
    optimal: bool = True

    @property
    def housed(self) -> int:
        return len(self.swaps) + len(self.local)

    @property
    def gain(self) -> int:
        return self.housed - self.housed_without_swaps

    def summary_nl(self) -> str:
        if not self.households:
            return "Er wachten geen huishoudens die in het plan kunnen."
        text = (
            f"{self.housed} van {self.households} wachtende huishoudens op tijd een woning "
            f"({self.housed_without_swaps} zonder uitruil)"
        )
        if self.swaps:
            n = len(self.swaps)
            text += f"; {n} uitruil{'voorstel' if n == 1 else 'voorstellen'} maken {self.gain} meer mogelijk"
        else:
            text += "; uitruil helpt nu niet"
        text += f". Grens voor het grootboek: {self.bound_text}."
        if not self.optimal:
            text += " De rekentijd was op: dit plan is goed, maar niet bewezen het beste."
        return text


def cutoff(household: WaitingHousehold, today: date) -> date:
    """The last day a vacancy may come free to count for this household: the Monday of its
    deadline's week, or today when that Monday has passed (the deadline is near or over)."""
    monday = household.deadline - timedelta(days=household.deadline.weekday())
    return max(monday, today)


def fits(household: WaitingHousehold, vacancy: Vacancy, today: date) -> bool:
    """The hard constraints for one pair (size, room, accessibility, date)."""
    low, high = vacancy.persons_range
    return (
        low <= household.persons <= high
        and vacancy.level >= household.need_level
        and vacancy.available_from <= cutoff(household, today)
    )


def plan_swaps(
    households: Sequence[WaitingHousehold],
    vacancies: Sequence[Vacancy],
    ledger: Mapping[str, int],
    *,
    today: date,
    bound: LedgerBound | None = None,
    taakstelling: Mapping[str, int] | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    time_limit: float = 60.0,
    names: Mapping[str, str] | None = None,
) -> SwapPlan:
    """The plan: see the module docstring. ``ledger``: gemeente → current balance (positive: others
    owe it persons); ``taakstelling`` is only used with a ``share`` bound; ``names`` (code → name)
    only for the explanations."""
    from app.domain.swap_plan_explain import explain
    from app.domain.swap_plan_model import assign, solve

    def step(fraction: float) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("Uitruilplan afgebroken")
        if progress is not None:
            progress(fraction)

    step(0.0)
    bound = bound or LedgerBound()
    _check_unique([h.id for h in households], "huishouden")
    _check_unique([v.key for v in vacancies], "woning")
    waiting = sorted((h for h in households if not (h.reserved or h.in_swap)), key=lambda h: h.id)
    vs = sorted(vacancies, key=lambda v: v.key)
    codes = sorted({h.gemeente for h in waiting} | {v.gemeente for v in vs} | set(ledger))
    before = {c: int(ledger.get(c, 0)) for c in codes}
    limits = {}
    for c in codes:
        b = bound.for_gemeente((taakstelling or {}).get(c))
        limits[c] = (min(-b, before[c]), max(b, before[c]))  # a balance outside may not get worse

    solution = solve(waiting, vs, before, limits, today, step, time_limit)
    step(0.8)
    placements = assign(waiting, vs, solution.exported, today)
    step(0.9)
    after = dict(before)
    for p in placements:
        if p.is_swap:
            after[p.host] += p.persons
            after[p.owner] -= p.persons
    swaps = explain(
        placements, waiting, vs, before, after, limits, today, optimal=solution.optimal, names=names
    )
    step(1.0)
    return SwapPlan(
        swaps=tuple(swaps),
        local=tuple(p for p in placements if not p.is_swap),
        housed_without_swaps=solution.housed_without_swaps,
        households=len(waiting),
        excluded=len(households) - len(waiting),
        vacancies=len(vs),
        ledger_before=before,
        ledger_after=after,
        limits=limits,
        bound_text=bound.text_nl,
        optimal=solution.optimal,
    )


def _check_unique(ids: list[int] | list[str], what: str) -> None:
    seen: set[object] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"Dubbel {what} {i} in het uitruilplan")
        seen.add(i)
