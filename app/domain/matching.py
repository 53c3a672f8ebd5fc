"""Household ↔ dwelling matching across the region, as one optimal assignment with explanations.

What goes in, and what never does
    The inputs are :class:`HouseholdIn`, :class:`DwellingIn` and :class:`MatchContext`, and only
    what is on them can influence a proposal. Nationality, religion, gender, ethnicity, age (beyond
    the count of adults and children), language and names are *not fields* of these classes, so the
    engine cannot score on them even by accident; :data:`PROTECTED_ATTRIBUTES` lists them and the
    tests assert that none is a field. Services must build the inputs from the koppeling and
    vacancy rows field by field, never by passing whole records.

How a proposal is made
    1. Hard constraints (a pair failing any of them is never proposed):

       * capacity: persons ≤ the dwelling's maximum number of occupants;
       * occupancy norm: at most 2 persons per bedroom (a studio without a bedroom holds one person),
         and no more bedrooms than persons (so a single gets a studio or one bedroom, a couple at
         most two bedrooms): scarce large dwellings stay for large families;
       * a room (kind ``kamer``, kamergewijze verhuur) only for a single adult;
       * accessibility: a household needing an accessible dwelling gets one; a household that needs
         to avoid stairs gets a ground-floor or an accessible dwelling;
       * time: the dwelling is available on or before the household's offer deadline (10 weeks after
         linking), or — for a household already past it — available by today.

    2. A score from soft criteria, each a value in [0, 1] times an explicit weight
       (:class:`MatchWeights`); the proposal's score is the sum of the contributions:

       * ``size_fit``: persons / usable places (the smaller of max occupants and 2 per bedroom);
       * ``urgency``: 1 when the offer deadline is today or past, falling linearly to 0 at 10 weeks;
       * ``same_gemeente``: 1 when the dwelling lies in the municipality the household is linked to
         (otherwise accepting the proposal means a swap);
       * ``progress``: 1 − realised/corrected taakstelling of the municipality the household is
         linked to, clipped to [0, 1]. That municipality is the one the housing counts for, whether
         it houses the household itself or another hosts it in a swap; behind municipalities first;
       * ``travel``: 1 − distance(AZC, dwelling's municipality) / 60 km, clipped; 0.5 when either
         location is unknown (neither favoured nor penalised).

    3. One optimal assignment over the whole region, not greedy: first as many households as
       possible get a fitting dwelling, then the total score is as high as possible. Solved exactly
       by scipy (``linear_sum_assignment`` on the dense cost matrix, or the sparse Jonker–Volgenant
       ``min_weight_full_bipartite_matching`` on the feasible pairs; see :func:`match`).
       Infeasible pairs get a cost too large to ever be worth taking and never appear in the result.

    Only the chosen pairs are explained: which constraints they met and the criteria with their
    values, weights and contributions.

Determinism: the inputs are put in id order before solving, so the result does not depend on the
order they were given in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from itertools import pairwise
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

#: Attribute names that must never be inputs of the matching (nor proxies for them).
PROTECTED_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "nationality", "nationaliteit", "country_of_origin", "land_van_herkomst", "origin",
        "religion", "religie", "gender", "geslacht", "sex", "ethnicity", "etniciteit", "race",
        "age", "leeftijd", "birth_date", "date_of_birth", "geboortedatum",
        "language", "languages", "taal", "talen", "name", "naam", "sexual_orientation",
    }
)  # fmt: skip

#: Dwelling kind for renting a dwelling room by room (kamergewijze verhuur).
ROOM_KIND = "kamer"
#: Persons per bedroom at most.
PERSONS_PER_BEDROOM = 2
#: Urgency falls to 0 at this many days before the offer deadline (the whole 10-week offer term).
URGENCY_HORIZON_DAYS = 70
#: Beyond this distance from the AZC the travel criterion is 0; the U16 region is ~45 km across.
TRAVEL_MAX_KM = 60.0
_EARTH_RADIUS_KM = 6371.0088
#: ``solver="auto"`` uses the sparse solver up to this share of feasible pairs.
SPARSE_MAX_DENSITY = 0.5


class Cancelled(Exception):
    """The caller cancelled the matching between two phases."""


@dataclass(frozen=True)
class HouseholdIn:
    """A linked household waiting for a dwelling — only what the matching may use."""

    id: int
    gemeente: str
    persons: int
    adults: int
    children: int
    needs_accessible: bool
    needs_ground_floor: bool
    linked_on: date
    offer_deadline: date
    azc_lat: float | None = None
    azc_lon: float | None = None

    def __post_init__(self) -> None:
        if self.persons < 1 or self.adults < 0 or self.children < 0:
            raise ValueError(f"Huishouden {self.id}: aantallen personen kloppen niet")
        if self.adults + self.children != self.persons:
            raise ValueError(f"Huishouden {self.id}: volwassenen plus kinderen is niet het aantal personen")


@dataclass(frozen=True)
class DwellingIn:
    """A vacant dwelling on offer."""

    id: int
    gemeente: str
    bedrooms: int
    max_occupants: int
    accessible: bool
    ground_floor: bool
    available_from: date
    kind: str
    rent: float | None = None

    def __post_init__(self) -> None:
        if self.bedrooms < 0 or self.max_occupants < 1:
            raise ValueError(f"Woning {self.id}: slaapkamers of maximaal aantal bewoners klopt niet")

    @classmethod
    def of(cls, dwelling: Any, gemeente: str) -> DwellingIn:
        """From anything that names a dwelling's fields (a model row, a query row, a listed
        dwelling), so the engine's input is built in one place; ``kind`` is the enum."""
        return cls(
            id=dwelling.id,
            gemeente=gemeente,
            bedrooms=dwelling.bedrooms,
            max_occupants=dwelling.max_occupants,
            accessible=dwelling.accessible,
            ground_floor=dwelling.ground_floor,
            available_from=dwelling.available_from,
            kind=dwelling.kind.value,
            rent=dwelling.rent,
        )


@dataclass(frozen=True)
class MatchWeights:
    size_fit: float = 3.0
    urgency: float = 2.0
    same_gemeente: float = 2.0
    progress: float = 1.5
    travel: float = 1.0

    def __post_init__(self) -> None:
        if any(getattr(self, f.name) < 0 for f in fields(self)):
            raise ValueError("Gewichten van de matching mogen niet negatief zijn")

    @property
    def total(self) -> float:
        return sum(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class MatchContext:
    today: date
    #: gemeente code → realised / corrected taakstelling (see app.domain.quota.progress_ratio).
    gemeente_progress: Mapping[str, float] = field(default_factory=dict)
    #: gemeente code → (lat, lon) of its centre, for the travel criterion.
    gemeente_coords: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    weights: MatchWeights = field(default_factory=MatchWeights)


@dataclass(frozen=True)
class Criterion:
    key: str
    label_nl: str
    value: float
    weight: float
    contribution: float
    detail_nl: str = ""


@dataclass(frozen=True)
class Proposal:
    household_id: int
    dwelling_id: int
    household_gemeente: str
    dwelling_gemeente: str
    score: float
    #: True when the dwelling is in another municipality: accepting it means a swap proposal.
    cross_municipality: bool
    constraints_met: list[str]
    criteria: list[Criterion]


@dataclass(frozen=True)
class MatchResult:
    proposals: list[Proposal]
    unmatched_households: list[int]
    unmatched_dwellings: list[int]
    #: Households for which no dwelling in scope met the hard constraints at all.
    households_without_fitting_dwelling: list[int]

    @property
    def total_score(self) -> float:
        return sum(p.score for p in self.proposals)


CRITERIA_LABELS: dict[str, str] = {
    "size_fit": "Grootte past bij het huishouden",
    "urgency": "Urgentie: termijn voor het aanbod",
    "same_gemeente": "Blijft in de gekoppelde gemeente",
    "progress": "Achterstand op de taakstelling van de gekoppelde gemeente",
    "travel": "Afstand van AZC naar de woning",
}

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass
class _Arrays:
    """Column arrays of the inputs, one entry per household / dwelling, plus H×G tables."""

    persons: IntArray
    h_gem: IntArray
    needs_acc: BoolArray
    needs_ground: BoolArray
    single_adult: BoolArray
    deadline: IntArray  # offer deadline as ordinal
    effective_deadline: IntArray  # max(offer deadline, today)
    urgency: FloatArray
    progress: FloatArray
    bedrooms: IntArray
    max_occ: IntArray
    capacity: IntArray  # usable places: min(max occupants, 2 per bedroom, at least 1)
    accessible: BoolArray
    ground: BoolArray
    room: BoolArray
    available: IntArray
    d_gem: IntArray
    codes: list[str]
    travel_hg: FloatArray  # H × G travel criterion values
    km_hg: FloatArray  # H × G distances, NaN when unknown


def _arrays(households: Sequence[HouseholdIn], dwellings: Sequence[DwellingIn], ctx: MatchContext) -> _Arrays:
    codes = sorted({h.gemeente for h in households} | {d.gemeente for d in dwellings})
    index = {c: i for i, c in enumerate(codes)}
    today = ctx.today.toordinal()

    persons = np.fromiter((h.persons for h in households), np.int64, len(households))
    adults = np.fromiter((h.adults for h in households), np.int64, len(households))
    deadline = np.fromiter((h.offer_deadline.toordinal() for h in households), np.int64, len(households))
    h_gem = np.fromiter((index[h.gemeente] for h in households), np.int64, len(households))
    ratio = np.array([ctx.gemeente_progress.get(c, 1.0) for c in codes], dtype=np.float64)
    # Missing progress counts as "on track" (ratio 1): no priority rather than a made-up one.

    bedrooms = np.fromiter((d.bedrooms for d in dwellings), np.int64, len(dwellings))
    max_occ = np.fromiter((d.max_occupants for d in dwellings), np.int64, len(dwellings))

    h_lat = np.array([np.nan if h.azc_lat is None else h.azc_lat for h in households], dtype=np.float64)
    h_lon = np.array([np.nan if h.azc_lon is None else h.azc_lon for h in households], dtype=np.float64)
    g_lat = np.array([ctx.gemeente_coords.get(c, (np.nan, np.nan))[0] for c in codes], dtype=np.float64)
    g_lon = np.array([ctx.gemeente_coords.get(c, (np.nan, np.nan))[1] for c in codes], dtype=np.float64)
    km = _haversine_km(h_lat[:, None], h_lon[:, None], g_lat[None, :], g_lon[None, :])
    travel = np.where(np.isnan(km), 0.5, 1.0 - np.clip(km / TRAVEL_MAX_KM, 0.0, 1.0))

    return _Arrays(
        persons=persons,
        h_gem=h_gem,
        needs_acc=np.fromiter((h.needs_accessible for h in households), np.bool_, len(households)),
        needs_ground=np.fromiter((h.needs_ground_floor for h in households), np.bool_, len(households)),
        single_adult=(persons == 1) & (adults == 1),
        deadline=deadline,
        effective_deadline=np.maximum(deadline, today),
        urgency=np.clip(1.0 - (deadline - today) / URGENCY_HORIZON_DAYS, 0.0, 1.0),
        progress=np.clip(1.0 - ratio[h_gem], 0.0, 1.0),
        bedrooms=bedrooms,
        max_occ=max_occ,
        capacity=np.minimum(max_occ, np.maximum(1, PERSONS_PER_BEDROOM * bedrooms)),
        accessible=np.fromiter((d.accessible for d in dwellings), np.bool_, len(dwellings)),
        ground=np.fromiter((d.ground_floor for d in dwellings), np.bool_, len(dwellings)),
        room=np.fromiter((d.kind == ROOM_KIND for d in dwellings), np.bool_, len(dwellings)),
        available=np.fromiter((d.available_from.toordinal() for d in dwellings), np.int64, len(dwellings)),
        d_gem=np.fromiter((index[d.gemeente] for d in dwellings), np.int64, len(dwellings)),
        codes=codes,
        travel_hg=travel,
        km_hg=km,
    )


def _haversine_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Great-circle distance in km, broadcasting over the arrays; NaN in gives NaN out."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def _feasible(arr: _Arrays, scope: str | None) -> BoolArray:
    """H × D mask of the hard constraints, built by broadcasting."""
    persons = arr.persons[:, None]
    ok = persons <= arr.capacity[None, :]  # capacity includes max occupants and 2 per bedroom
    ok &= arr.bedrooms[None, :] <= persons  # not under-occupied
    ok &= arr.available[None, :] <= arr.effective_deadline[:, None]
    # Rows with a need only keep the columns that meet it: cheaper than a full H×D expression.
    if arr.needs_acc.any():
        ok[arr.needs_acc] &= arr.accessible[None, :]
    if arr.needs_ground.any():
        ok[arr.needs_ground] &= (arr.ground | arr.accessible)[None, :]
    if arr.room.any():
        ok[:, arr.room] &= arr.single_adult[:, None]
    if scope is not None:
        if scope in arr.codes:
            g = arr.codes.index(scope)
            ok &= (arr.h_gem == g)[:, None] | (arr.d_gem == g)[None, :]
        else:
            ok[:] = False
    return ok


def _score(arr: _Arrays, w: MatchWeights) -> FloatArray:
    """H × D total score (sum of weighted criteria), float64, without any Python loop over pairs."""
    n_h, n_d = len(arr.persons), len(arr.capacity)
    score = np.empty((n_h, n_d), dtype=np.float64)
    # size fit = persons / capacity, weighted, as one outer product.
    np.multiply((w.size_fit * arr.persons)[:, None], (1.0 / arr.capacity)[None, :], out=score)
    # Criteria that depend on (household, dwelling's municipality) only: an H × G table, gathered.
    by_gemeente = w.travel * arr.travel_hg
    by_gemeente[np.arange(n_h), arr.h_gem] += w.same_gemeente
    score += by_gemeente[:, arr.d_gem]
    # Criteria of the household alone.
    score += (w.urgency * arr.urgency + w.progress * arr.progress)[:, None]
    return score


@dataclass(frozen=True)
class ScoreMatrix:
    """Scores and feasibility of every pair, in the order the inputs were given (for inspection)."""

    score: FloatArray
    feasible: BoolArray


def score_matrix(
    households: Sequence[HouseholdIn],
    dwellings: Sequence[DwellingIn],
    context: MatchContext,
    *,
    gemeente: str | None = None,
) -> ScoreMatrix:
    arr = _arrays(households, dwellings, context)
    return ScoreMatrix(_score(arr, context.weights), _feasible(arr, gemeente))


def pair_fits(household: HouseholdIn, dwelling: DwellingIn, today: date) -> bool:
    """Whether this one pair meets every hard constraint: the very test :func:`match` applies, so
    a pair that fails it is never proposed."""
    arr = _arrays([household], [dwelling], MatchContext(today=today))
    return bool(_feasible(arr, None)[0, 0])


def usable_places(dwelling: DwellingIn) -> int:
    """How many persons the dwelling can take under the hard constraints: the capacity :func:`match`
    uses (the smaller of its maximum occupants and 2 per bedroom, a studio one)."""
    return int(_arrays([], [dwelling], MatchContext(today=dwelling.available_from)).capacity[0])


def match(
    households: Sequence[HouseholdIn],
    dwellings: Sequence[DwellingIn],
    context: MatchContext,
    *,
    gemeente: str | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    solver: Literal["auto", "dense", "sparse"] = "auto",
    excluded: Collection[tuple[int, int]] = (),
) -> MatchResult:
    """Propose household ↔ dwelling pairs for the region.

    ``excluded`` holds (household id, dwelling id) pairs a person already rejected: they are
    treated as infeasible, so the optimum is taken over the remaining pairs.

    ``gemeente`` restricts the run to one municipality: a pair is considered when the household is
    linked to it *or* the dwelling lies in it. So its households may be housed anywhere in the region
    (through a swap) and its dwellings may go to any household, while pairs between two other
    municipalities are left out.

    ``progress`` receives a fraction 0..1; ``cancelled`` is asked between phases and the run raises
    :class:`Cancelled` when it returns True (the solver itself cannot be interrupted).

    ``solver``: both solve the same assignment problem exactly. ``dense`` runs
    ``scipy.optimize.linear_sum_assignment`` on the full cost matrix; ``sparse`` runs
    ``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` (LAPJVsp) on the feasible pairs
    only. On realistic data (about a quarter of the pairs feasible) the sparse one is about three
    times faster, so ``auto`` takes it unless most pairs are feasible.
    """

    def step(fraction: float) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("Matching afgebroken")
        if progress is not None:
            progress(fraction)

    step(0.0)
    hs = sorted(households, key=lambda h: h.id)
    ds = sorted(dwellings, key=lambda d: d.id)
    _check_unique([h.id for h in hs], "huishouden")
    _check_unique([d.id for d in ds], "woning")
    if not hs or not ds:
        step(1.0)
        return MatchResult([], [h.id for h in hs], [d.id for d in ds], [h.id for h in hs])

    arr = _arrays(hs, ds, context)
    step(0.05)
    feasible = _feasible(arr, gemeente)
    if excluded:
        h_index = {h.id: i for i, h in enumerate(hs)}
        d_index = {d.id: j for j, d in enumerate(ds)}
        for h_id, d_id in excluded:
            if h_id in h_index and d_id in d_index:
                feasible[h_index[h_id], d_index[d_id]] = False
    row_ok: BoolArray = np.asarray(feasible.any(axis=1))
    step(0.15)
    from app.domain.matching_solve import solve_dense, solve_sparse  # the assignment itself

    if solver == "sparse" or (solver == "auto" and feasible.mean() <= SPARSE_MAX_DENSITY):
        rows, cols = solve_sparse(arr, context.weights, feasible, row_ok, step)
    else:
        rows, cols = solve_dense(arr, context.weights, feasible, row_ok, step)
    del feasible
    step(0.9)

    from app.domain.matching_explain import explain  # wording, kept in its own module

    proposals = explain(hs, ds, arr, context.weights, rows, cols, context.today, step)
    matched_h = {p.household_id for p in proposals}
    matched_d = {p.dwelling_id for p in proposals}
    result = MatchResult(
        proposals=proposals,
        unmatched_households=[h.id for h in hs if h.id not in matched_h],
        unmatched_dwellings=[d.id for d in ds if d.id not in matched_d],
        households_without_fitting_dwelling=[hs[i].id for i in np.flatnonzero(~row_ok).tolist()],
    )
    step(1.0)
    return result


def _pair_values(arr: _Arrays, r: IntArray, c: IntArray) -> dict[str, FloatArray]:
    """Criterion values (0..1) for the pairs (r[k], c[k]), vectorised."""
    return {
        "size_fit": arr.persons[r] / arr.capacity[c],
        "urgency": arr.urgency[r],
        "same_gemeente": (arr.h_gem[r] == arr.d_gem[c]).astype(np.float64),
        "progress": arr.progress[r],
        "travel": arr.travel_hg[r, arr.d_gem[c]],
    }


def _pair_scores(arr: _Arrays, w: MatchWeights, r: IntArray, c: IntArray) -> FloatArray:
    values = _pair_values(arr, r, c)
    total = np.zeros(len(r), dtype=np.float64)
    for key, value in values.items():
        total += getattr(w, key) * value
    return total


def _check_unique(ids: list[int], what: str) -> None:
    for a, b in pairwise(ids):
        if a == b:
            raise ValueError(f"Dubbel {what}-id {a} in de matching")
