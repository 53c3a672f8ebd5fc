from __future__ import annotations

import dataclasses
import itertools
import random
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import matching
from app.domain.matching import (
    CRITERIA_LABELS,
    PROTECTED_ATTRIBUTES,
    Cancelled,
    DwellingIn,
    HouseholdIn,
    MatchContext,
    MatchWeights,
    match,
    score_matrix,
)

TODAY = date(2017, 4, 1)
TOMORROW = TODAY + timedelta(days=1)
UTRECHT, ZEIST, HOUTEN, WOERDEN = "GM0344", "GM0355", "GM0321", "GM0632"
COORDS = {UTRECHT: (52.091, 5.122), ZEIST: (52.090, 5.233), HOUTEN: (52.028, 5.168), WOERDEN: (52.086, 4.883)}
Solver = Literal["dense", "sparse"]
SOLVERS: list[Solver] = ["dense", "sparse"]


def hh(id: int, persons: int = 2, *, gemeente: str = UTRECHT, children: int = 0, **kw: Any) -> HouseholdIn:
    linked = kw.pop("linked_on", TODAY - timedelta(days=20))
    values: dict[str, Any] = dict(
        id=id,
        gemeente=gemeente,
        persons=persons,
        adults=persons - children,
        children=children,
        needs_accessible=False,
        needs_ground_floor=False,
        linked_on=linked,
        offer_deadline=linked + timedelta(weeks=10),
        azc_lat=None,
        azc_lon=None,
    )
    values.update(kw)
    return HouseholdIn(**values)


def dw(id: int, bedrooms: int = 1, *, gemeente: str = UTRECHT, **kw: Any) -> DwellingIn:
    values: dict[str, Any] = dict(
        id=id,
        gemeente=gemeente,
        bedrooms=bedrooms,
        max_occupants=max(1, 2 * bedrooms),
        accessible=False,
        ground_floor=False,
        available_from=TODAY,
        kind="appartement",
        rent=None,
    )
    values.update(kw)
    return DwellingIn(**values)


def ctx(**kw: Any) -> MatchContext:
    return MatchContext(TODAY, kw.pop("progress", {}), kw.pop("coords", COORDS), **kw)


def pairs(result: matching.MatchResult) -> set[tuple[int, int]]:
    return {(p.household_id, p.dwelling_id) for p in result.proposals}


# --- what never goes in -----------------------------------------------------------------------------


def test_protected_attributes_are_not_fields() -> None:
    assert {"nationality", "religion", "gender", "ethnicity", "age"} <= PROTECTED_ATTRIBUTES
    for cls in (HouseholdIn, DwellingIn, MatchContext, MatchWeights):
        names = {f.name for f in dataclasses.fields(cls)}
        assert not names & PROTECTED_ATTRIBUTES, cls
    with pytest.raises(TypeError):
        HouseholdIn(**{**dataclasses.asdict(hh(1)), "nationality": "SY"})
    assert "nationality" in (matching.__doc__ or "").lower() or "nationaliteit" in (matching.__doc__ or "")


# --- hard constraints -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("household", "dwelling", "fits"),
    [
        (hh(1, 4), dw(1, 2), True),
        (hh(1, 5), dw(1, 2), False),  # more than 2 persons per bedroom
        (hh(1, 4), dw(1, 2, max_occupants=3), False),  # over the dwelling's maximum
        (hh(1, 1), dw(1, 0), True),  # studio for a single
        (hh(1, 2), dw(1, 0, max_occupants=2), False),  # a studio holds one person
        (hh(1, 1), dw(1, 2), False),  # under-occupied: more bedrooms than persons
        (hh(1, 2), dw(1, 2), True),
        (hh(1, 2, needs_accessible=True), dw(1, 1), False),
        (hh(1, 2, needs_accessible=True), dw(1, 1, accessible=True), True),
        (hh(1, 2, needs_ground_floor=True), dw(1, 1), False),
        (hh(1, 2, needs_ground_floor=True), dw(1, 1, ground_floor=True), True),
        (hh(1, 2, needs_ground_floor=True), dw(1, 1, accessible=True), True),  # lift: no stairs
        (hh(1, 1), dw(1, 1, kind="kamer"), True),
        (hh(1, 1, children=1), dw(1, 1, kind="kamer"), False),  # a room only for a single adult
        (hh(1, 2), dw(1, 1, kind="kamer"), False),
        # Available after the offer deadline (10 weeks after linking, here 20 days ago).
        (hh(1, 2), dw(1, 1, available_from=TODAY + timedelta(days=50)), True),
        (hh(1, 2), dw(1, 1, available_from=TODAY + timedelta(days=51)), False),
        # Past its deadline: only a dwelling available by today will do.
        (hh(1, 2, linked_on=TODAY - timedelta(weeks=11)), dw(1, 1), True),
        (hh(1, 2, linked_on=TODAY - timedelta(weeks=11)), dw(1, 1, available_from=TOMORROW), False),
    ],
)
@pytest.mark.parametrize("solver", SOLVERS)
def test_hard_constraints(household: HouseholdIn, dwelling: DwellingIn, fits: bool, solver: Solver) -> None:
    assert bool(score_matrix([household], [dwelling], ctx()).feasible[0, 0]) is fits
    result = match([household], [dwelling], ctx(), solver=solver)
    assert pairs(result) == ({(1, 1)} if fits else set())
    assert result.households_without_fitting_dwelling == ([] if fits else [1])


def _fits(h: HouseholdIn, d: DwellingIn, today: date) -> bool:
    """The documented norms, written out independently of the numpy code."""
    return (
        h.persons <= d.max_occupants
        and h.persons <= max(1, 2 * d.bedrooms)
        and d.bedrooms <= h.persons
        and (not h.needs_accessible or d.accessible)
        and (not h.needs_ground_floor or d.ground_floor or d.accessible)
        and (d.kind != "kamer" or (h.persons == 1 and h.adults == 1))
        and d.available_from <= max(h.offer_deadline, today)
    )


def random_case(seed: int, n_h: int, n_d: int) -> tuple[list[HouseholdIn], list[DwellingIn], MatchContext]:
    rs = random.Random(seed)
    codes = [UTRECHT, ZEIST, HOUTEN, WOERDEN]
    households = []
    for i in range(n_h):
        persons = rs.choice([1, 1, 2, 3, 4, 5, 7])
        children = rs.randint(0, persons - 1)
        linked = TODAY - timedelta(days=rs.randint(0, 90))
        households.append(
            hh(
                i + 1,
                persons,
                children=children,
                gemeente=rs.choice(codes),
                linked_on=linked,
                needs_accessible=rs.random() < 0.15,
                needs_ground_floor=rs.random() < 0.2,
                azc_lat=None if rs.random() < 0.2 else 52.0 + rs.random() * 0.3,
                azc_lon=5.0 + rs.random() * 0.3,
            )
        )
    dwellings = []
    for j in range(n_d):
        bedrooms = rs.choice([0, 1, 2, 3, 4])
        dwellings.append(
            dw(
                j + 1,
                bedrooms,
                gemeente=rs.choice(codes),
                max_occupants=max(1, 2 * bedrooms - rs.randint(0, 1)),
                accessible=rs.random() < 0.3,
                ground_floor=rs.random() < 0.3,
                available_from=TODAY + timedelta(days=rs.randint(-20, 60)),
                kind="kamer" if bedrooms == 1 and rs.random() < 0.2 else "appartement",
            )
        )
    progress = {c: rs.uniform(0.2, 1.3) for c in codes}
    return households, dwellings, ctx(progress=progress)


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("seed", range(5))
def test_every_proposal_meets_the_hard_constraints(seed: int, solver: Solver) -> None:
    households, dwellings, context = random_case(seed, 60, 50)
    result = match(households, dwellings, context, solver=solver)
    by_h = {h.id: h for h in households}
    by_d = {d.id: d for d in dwellings}
    assert result.proposals
    assert len({p.dwelling_id for p in result.proposals}) == len(result.proposals)
    for p in result.proposals:
        assert _fits(by_h[p.household_id], by_d[p.dwelling_id], TODAY)
    feasible = score_matrix(households, dwellings, context).feasible
    expected = np.array([[_fits(h, d, TODAY) for d in dwellings] for h in households])
    assert (feasible == expected).all()


# --- optimality --------------------------------------------------------------------------------------


def brute_force(feasible: np.ndarray, score: np.ndarray) -> tuple[int, float]:
    """Best (number housed, total score) over every assignment, lexicographically."""
    n_h, n_d = feasible.shape
    best = (0, 0.0)
    if n_h <= n_d:
        candidates = (list(enumerate(p)) for p in itertools.permutations(range(n_d), n_h))
    else:
        candidates = ([(i, j) for j, i in enumerate(p)] for p in itertools.permutations(range(n_h), n_d))
    for assignment in candidates:
        chosen = [(i, j) for i, j in assignment if feasible[i, j]]
        key = (len(chosen), sum(score[i, j] for i, j in chosen))
        if key[0] > best[0] or (key[0] == best[0] and key[1] > best[1] + 1e-12):
            best = key
    return best


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10**6),
    st.sampled_from([(5, 5), (4, 6), (6, 4), (3, 5)]),
    st.sampled_from(SOLVERS),
)
def test_optimal_on_small_cases_by_brute_force(seed: int, shape: tuple[int, int], solver: Solver) -> None:
    households, dwellings, context = random_case(seed, *shape)
    matrix = score_matrix(households, dwellings, context)
    result = match(households, dwellings, context, solver=solver)
    count, total = brute_force(matrix.feasible, matrix.score)
    assert len(result.proposals) == count
    assert result.total_score == pytest.approx(total, abs=1e-9)
    # Each proposal's explained score is the matrix's score for that pair.
    index_h = {h.id: i for i, h in enumerate(households)}
    index_d = {d.id: j for j, d in enumerate(dwellings)}
    for p in result.proposals:
        assert p.score == pytest.approx(matrix.score[index_h[p.household_id], index_d[p.dwelling_id]])


def test_not_greedy() -> None:
    # Household 1 scores best on the accessible 1-bedroom dwelling (exact size); household 2 needs
    # an accessible dwelling and fits only that one. Greedy (each household its best dwelling, or
    # the best pair first) houses one household; the optimal assignment houses both.
    first = hh(1, 2)
    second = hh(2, 2, needs_accessible=True)
    larger = dw(10, 2)  # fits household 1 only, a poorer size fit (2 of 4 places)
    accessible = dw(11, 1, accessible=True)
    matrix = score_matrix([first, second], [larger, accessible], ctx())
    assert matrix.score[0, 1] > matrix.score[0, 0]  # greedy would take this pair first
    for solver in SOLVERS:
        result = match([first, second], [larger, accessible], ctx(), solver=solver)
        assert pairs(result) == {(1, 10), (2, 11)}


@pytest.mark.parametrize("seed", range(3))
def test_dense_and_sparse_solvers_agree(seed: int) -> None:
    households, dwellings, context = random_case(100 + seed, 120, 90)
    dense = match(households, dwellings, context, solver="dense")
    sparse = match(households, dwellings, context, solver="sparse")
    assert len(dense.proposals) == len(sparse.proposals)
    assert dense.total_score == pytest.approx(sparse.total_score, abs=1e-9)


# --- soft criteria ---------------------------------------------------------------------------------


def test_same_gemeente_preferred_and_cross_municipality_flagged() -> None:
    households = [hh(1, 2, gemeente=UTRECHT), hh(2, 2, gemeente=ZEIST)]
    dwellings = [dw(10, 1, gemeente=ZEIST), dw(11, 1, gemeente=UTRECHT)]
    result = match(households, dwellings, ctx())
    assert pairs(result) == {(1, 11), (2, 10)}
    assert not any(p.cross_municipality for p in result.proposals)
    swap = match([hh(1, 2, gemeente=UTRECHT)], [dw(10, 1, gemeente=ZEIST)], ctx())
    assert swap.proposals[0].cross_municipality


def test_scarce_dwelling_goes_to_the_more_urgent_household() -> None:
    early = hh(2, 2, linked_on=TODAY - timedelta(days=65))  # 5 days left
    late = hh(1, 2, linked_on=TODAY - timedelta(days=5))
    result = match([late, early], [dw(10, 1)], ctx())
    assert pairs(result) == {(2, 10)}
    assert result.unmatched_households == [1]
    urgency = {c.key: c for c in result.proposals[0].criteria}["urgency"]
    assert urgency.value == pytest.approx(1 - 5 / 70)


def test_scarce_dwelling_goes_to_the_municipality_that_is_behind() -> None:
    behind = hh(2, 2, gemeente=ZEIST)
    ahead = hh(1, 2, gemeente=HOUTEN)
    context = ctx(progress={ZEIST: 0.4, HOUTEN: 1.1})
    result = match([ahead, behind], [dw(10, 1, gemeente=UTRECHT)], context)
    assert pairs(result) == {(2, 10)}
    progress = {c.key: c for c in result.proposals[0].criteria}["progress"]
    assert progress.value == pytest.approx(0.6)
    assert progress.contribution == pytest.approx(0.6 * MatchWeights().progress)


def test_large_dwelling_goes_to_the_larger_family() -> None:
    households = [hh(1, 3, children=1), hh(2, 4, children=2)]
    dwellings = [dw(10, 2, max_occupants=4), dw(11, 2, max_occupants=3)]
    # Household 2 fits only dwelling 10; household 1 fits both (3/3 is also the better fit).
    assert pairs(match(households, dwellings, ctx())) == {(1, 11), (2, 10)}


def test_closer_to_the_azc_preferred() -> None:
    near_zeist = hh(1, 2, gemeente=HOUTEN, azc_lat=52.09, azc_lon=5.23)
    dwellings = [dw(10, 1, gemeente=WOERDEN), dw(11, 1, gemeente=ZEIST)]
    result = match([near_zeist], dwellings, ctx())
    assert pairs(result) == {(1, 11)}
    travel = {c.key: c for c in result.proposals[0].criteria}["travel"]
    assert travel.value > 0.95 and travel.detail_nl == "0 km"
    unknown = match([hh(1, 2)], [dw(10, 1)], ctx()).proposals[0]
    assert {c.key: c for c in unknown.criteria}["travel"].value == 0.5


def test_weights_change_the_outcome() -> None:
    # Household 1 (Utrecht) is urgent; household 2 (Zeist) is linked where the only dwelling is.
    households = [hh(1, 2, linked_on=TODAY - timedelta(days=69)), hh(2, 2, gemeente=ZEIST)]
    dwellings = [dw(10, 1, gemeente=ZEIST)]
    stay = ctx(weights=MatchWeights(urgency=0.5, same_gemeente=3.0))
    rush = ctx(weights=MatchWeights(urgency=5.0, same_gemeente=0.5))
    assert pairs(match(households, dwellings, stay)) == {(2, 10)}
    assert pairs(match(households, dwellings, rush)) == {(1, 10)}


# --- explanations, determinism, scope ---------------------------------------------------------------


def test_every_proposal_is_explained() -> None:
    households, dwellings, context = random_case(7, 40, 40)
    result = match(households, dwellings, context)
    assert result.proposals
    for p in result.proposals:
        assert [c.key for c in p.criteria] == list(CRITERIA_LABELS)
        for c in p.criteria:
            assert c.label_nl and c.detail_nl
            assert 0.0 <= c.value <= 1.0
            assert c.weight == getattr(context.weights, c.key)
            assert c.contribution == pytest.approx(c.value * c.weight)
        assert p.score == pytest.approx(sum(c.contribution for c in p.criteria))
        assert p.constraints_met and all(isinstance(text, str) and text for text in p.constraints_met)
        assert any(text.startswith("Past:") for text in p.constraints_met)
        assert any(text.startswith("Bezettingsnorm") for text in p.constraints_met)
        assert p.cross_municipality == (p.household_gemeente != p.dwelling_gemeente)


def test_accessibility_need_is_explained() -> None:
    result = match([hh(1, 2, needs_accessible=True)], [dw(10, 1, accessible=True)], ctx())
    assert "Toegankelijke woning nodig en aanwezig" in result.proposals[0].constraints_met


def tie_heavy_case() -> tuple[list[HouseholdIn], list[DwellingIn], MatchContext]:
    """Many equal households and dwellings: lots of equally good assignments to choose from."""
    households = [hh(i, 2 + i % 2, gemeente=[UTRECHT, ZEIST][i % 2]) for i in range(1, 41)]
    dwellings = [dw(j, 1 + j % 2, gemeente=[UTRECHT, ZEIST][j % 3 % 2]) for j in range(1, 31)]
    return households, dwellings, ctx()


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("case", ["random", "ties"])
def test_result_does_not_depend_on_input_order(solver: Solver, case: str) -> None:
    households, dwellings, context = random_case(11, 80, 70) if case == "random" else tie_heavy_case()
    reference = match(households, dwellings, context, solver=solver)
    rs = random.Random(3)
    for _ in range(3):
        h2, d2 = households[:], dwellings[:]
        rs.shuffle(h2)
        rs.shuffle(d2)
        again = match(h2, d2, context, solver=solver)
        assert again.proposals == reference.proposals
        assert again.unmatched_households == reference.unmatched_households


def test_identical_except_id_households_are_treated_alike() -> None:
    # Nothing but the fields may matter: two households equal in every field but the id get equal
    # scores for every dwelling.
    a, b = hh(1, 3, children=1), hh(2, 3, children=1)
    dwellings = [dw(10, 2), dw(11, 2, gemeente=ZEIST), dw(12, 3)]
    matrix = score_matrix([a, b], dwellings, ctx())
    assert (matrix.score[0] == matrix.score[1]).all()
    assert (matrix.feasible[0] == matrix.feasible[1]).all()


@pytest.mark.parametrize("solver", SOLVERS)
def test_restricted_to_one_gemeente(solver: Solver) -> None:
    households, dwellings, context = random_case(5, 60, 60)
    full = match(households, dwellings, context, solver=solver)
    outside = [p for p in full.proposals if ZEIST not in (p.household_gemeente, p.dwelling_gemeente)]
    assert outside, "the test needs pairs between other municipalities in the regional run"
    only = match(households, dwellings, context, gemeente=ZEIST, solver=solver)
    assert only.proposals
    assert all(ZEIST in (p.household_gemeente, p.dwelling_gemeente) for p in only.proposals)
    assert any(p.household_gemeente != ZEIST for p in only.proposals)  # its dwellings go to anyone
    assert match(households, dwellings, context, gemeente="GM9999").proposals == []


def test_progress_and_cancel() -> None:
    households, dwellings, context = random_case(1, 30, 30)
    seen: list[float] = []
    match(households, dwellings, context, progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 4

    calls = 0

    def cancel_on_third() -> bool:
        nonlocal calls
        calls += 1
        return calls >= 3

    with pytest.raises(Cancelled):
        match(households, dwellings, context, cancelled=cancel_on_third)
    assert calls == 3


def test_edge_cases_and_validation() -> None:
    empty = match([], [dw(1)], ctx())
    assert empty.proposals == [] and empty.unmatched_dwellings == [1]
    assert match([hh(1)], [], ctx()).unmatched_households == [1]
    with pytest.raises(ValueError, match="Dubbel"):
        match([hh(1), hh(1)], [dw(1)], ctx())
    with pytest.raises(ValueError, match="volwassenen plus kinderen"):
        HouseholdIn(1, UTRECHT, 3, 1, 1, False, False, TODAY, TODAY)
    with pytest.raises(ValueError, match="niet negatief"):
        MatchWeights(travel=-1)
    # More households than dwellings: the unmatched are reported.
    result = match([hh(1), hh(2), hh(3)], [dw(1)], ctx())
    assert len(result.proposals) == 1 and len(result.unmatched_households) == 2


def test_rejected_pair_is_never_proposed_again() -> None:
    """A pair a person rejected is excluded; the optimum is taken over what remains."""
    today = date(2017, 3, 1)
    households = [
        HouseholdIn(1, "GM0344", 4, 2, 2, False, False, today, today + timedelta(weeks=10)),
    ]
    dwellings = [
        DwellingIn(10, "GM0344", 2, 4, False, False, today, "appartement"),
        DwellingIn(11, "GM0344", 2, 4, False, False, today, "appartement"),
    ]
    context = MatchContext(today=today)
    first = match(households, dwellings, context)
    [chosen] = first.proposals
    again = match(households, dwellings, context, excluded={(1, chosen.dwelling_id)})
    assert [p.dwelling_id for p in again.proposals] == [21 - chosen.dwelling_id]
    none_left = match(households, dwellings, context, excluded={(1, 10), (1, 11)})
    assert none_left.proposals == []
