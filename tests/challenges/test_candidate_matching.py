"""Candidate suggestions: hard constraints, the optimum over all places (against brute force), an
explanation with every suggestion, and personal fields that cannot change anything."""

from __future__ import annotations

import inspect
import itertools
import random
from dataclasses import fields
from datetime import date

import pytest

from app.domain.candidate_matching import (
    MemberProfile,
    OpenPlace,
    Suggestion,
    explain,
    objective,
    suggest,
    travel_minutes,
)
from app.domain.challenges import PlaceKind

# Two municipalities ~10 km apart, one far away.
COORDS = {1: (52.09, 5.12), 2: (52.09, 5.27), 3: (53.2, 6.56)}


def place(pledge: int = 1, slot: int = 0, **kw: object) -> OpenPlace:
    base: dict[str, object] = {"kind": PlaceKind.WERKSTAGE, "gemeente_id": 1, "open_to_region": True}
    base.update(kw)
    return OpenPlace(pledge, slot, **base)  # type: ignore[arg-type]


def member(key: int, **kw: object) -> MemberProfile:
    base: dict[str, object] = {"gemeente_id": 1, "language_level": "B1", "available_hours": 32}
    base.update(kw)
    return MemberProfile(key, **base)  # type: ignore[arg-type]


def test_travel_estimate_from_coordinates() -> None:
    assert travel_minutes(COORDS[1], COORDS[1]) == 10
    ten_km = travel_minutes(COORDS[1], COORDS[2])
    assert ten_km is not None and 28 <= ten_km <= 32
    assert travel_minutes(COORDS[1], None) is None


@pytest.mark.parametrize(
    ("p", "m"),
    [
        (place(language_level="B1"), member(1, language_level="A2")),  # language too low
        (place(hours=24), member(1, available_hours=16)),  # too few hours
        (place(hours=24), member(1, available_hours=None)),  # hours unknown
        (place(gemeente_id=3), member(1, max_travel_minutes=60)),  # far too far
        (place(gemeente_id=2), member(1, max_travel_minutes=20)),  # 30 min > 20 allowed
        (place(gemeente_id=2, open_to_region=False), member(1, max_travel_minutes=90)),  # local only
        (place(start_on=date(2026, 3, 1)), member(1, available_from=date(2026, 5, 1))),  # not yet free
    ],
)
def test_hard_constraints_exclude(p: OpenPlace, m: MemberProfile) -> None:
    assert suggest([p], [m], COORDS) == []


def test_a_fitting_member_is_suggested_with_an_explanation() -> None:
    p = place(sector="I", language_level="A2", hours=20, kind=PlaceKind.TAALSTAGE)
    m = member(
        7, language_level="B1", experience_sectors="IG", education_level="basis", max_travel_minutes=45
    )
    [s] = suggest([p], [m], COORDS)
    assert s.member_key == 7 and 0 <= s.score <= 100
    assert "Taal B1 ≥ A2 gevraagd" in s.explanation
    assert "ervaring in de horeca" in s.explanation
    assert "10 min reizen" in s.explanation
    assert s.score == explain(p, m, 10)[0]


def test_experience_beats_interest_beats_nothing() -> None:
    p = place(sector="I")
    one = suggest([p], [member(1, experience_sectors="I")], COORDS)[0].score
    two = suggest([p], [member(2, interests="I")], COORDS)[0].score
    three = suggest([p], [member(3)], COORDS)[0].score
    assert one > two > three


def test_not_greedy_the_whole_challenge_is_solved() -> None:
    # Greedy would give place 1 its best (member 1) and leave place 2, which only member 1 fits, empty.
    p1 = place(1, sector="I")
    p2 = place(2, language_level="B2")
    m1 = member(1, language_level="B2", experience_sectors="I")
    m2 = member(2, language_level="A2", experience_sectors="I")
    found = suggest([p1, p2], [m1, m2], COORDS)
    assert {(s.pledge_id, s.member_key) for s in found} == {(1, 2), (2, 1)}


def _brute(places: list[OpenPlace], members: list[MemberProfile]) -> tuple[int, int]:
    """The best (filled, total score) over every way to give places distinct members or none."""
    ok: dict[tuple[int, int], int] = {}
    for i, p in enumerate(places):
        for j, m in enumerate(members):
            s = suggest([p], [m], COORDS)
            if s:
                ok[i, j] = s[0].score
    best = (0, 0)
    choices = [None, *range(len(members))]
    for combo in itertools.product(choices, repeat=len(places)):
        used = [c for c in combo if c is not None]
        if len(used) != len(set(used)) or any((i, c) not in ok for i, c in enumerate(combo) if c is not None):
            continue
        value = (len(used), sum(ok[i, c] for i, c in enumerate(combo) if c is not None))
        best = max(best, value)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_optimal_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    levels = ["", "A1", "A2", "B1", "B2"]
    places = [
        place(
            i,
            0,
            kind=rng.choice(list(PlaceKind)),
            gemeente_id=rng.choice([1, 2]),
            sector=rng.choice("IGCQ"),
            language_level=rng.choice(levels),
            hours=rng.choice([None, 16, 24, 32]),
            open_to_region=rng.random() < 0.7,
        )
        for i in range(rng.randint(1, 4))
    ]
    members = [
        member(
            j,
            gemeente_id=rng.choice([1, 2]),
            language_level=rng.choice(["A0", *levels[1:], "C1"]),
            education_level=rng.choice(["", "basis", "mbo", "wo"]),
            experience_sectors=rng.choice(["", "I", "GC"]),
            interests=rng.choice(["", "Q", "I"]),
            available_hours=rng.choice([None, 20, 32, 40]),
            max_travel_minutes=rng.choice([None, 15, 40]),
        )
        for j in range(rng.randint(1, 5))
    ]
    found = suggest(places, members, COORDS)
    assert objective(found) == _brute(places, members)
    assert len({s.member_key for s in found}) == len(found)  # each member at most once
    assert len({(s.pledge_id, s.slot) for s in found}) == len(found)
    assert all(s.explanation for s in found)


def test_protected_attributes_cannot_even_be_passed() -> None:
    names = {f.name for f in fields(MemberProfile)}
    for word in ("name", "birth_date", "age", "nationality", "religion", "gender", "bsn", "v_nummer"):
        assert word not in names
    assert list(inspect.signature(suggest).parameters) == ["places", "members", "coordinates"]


def test_many_identical_places_take_distinct_members() -> None:
    places = [place(1, slot) for slot in range(3)]
    members = [member(k) for k in range(10)]
    found: list[Suggestion] = suggest(places, members, COORDS)
    assert len(found) == 3 and len({s.member_key for s in found}) == 3
    assert found == suggest(places, members, COORDS)  # the same every time
