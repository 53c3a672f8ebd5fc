"""Fitting dwellings first, by the matching's own rule (no second rule): a size-only household."""

from __future__ import annotations

from datetime import date

from app.domain.dwelling_fit import order_by_fit
from app.domain.matching import DwellingIn, usable_places

TODAY = date(2026, 12, 3)


def _dwelling(id: int, bedrooms: int, max_occupants: int, kind: str = "appartement") -> DwellingIn:
    return DwellingIn(id, "GM0355", bedrooms, max_occupants, False, False, date(2027, 6, 1), kind)


def test_fitting_first_in_the_given_order_and_the_capacity_of_the_matching() -> None:
    small, middle, large = _dwelling(1, 1, 2), _dwelling(2, 2, 4), _dwelling(3, 3, 6)
    crowded = _dwelling(4, 2, 8)
    found = order_by_fit(4, [small, large, middle, crowded], TODAY)
    assert [(f.dwelling.id, f.fits) for f in found] == [(3, True), (2, True), (4, True), (1, False)]
    assert found[-1].too_small and found[-1].places == 2
    assert usable_places(crowded) == 4  # at most 2 per bedroom, whatever the maximum says
    assert [f.fits for f in order_by_fit(5, [crowded], TODAY)] == [False]  # 8 allowed, 4 usable
    # A date far ahead never rules out a dwelling: only the size counts here.
    assert order_by_fit(1, [_dwelling(5, 0, 1, "kamer")], TODAY)[0].fits  # a room for one adult
    assert not order_by_fit(1, [large], TODAY)[0].too_small  # too many bedrooms, not too small
