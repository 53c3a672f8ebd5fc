"""Which dwellings fit a household of which only the size is known (an offer on the board: "a dwelling
for 5 persons"), fitting ones first.

No rule of its own: a dwelling fits when the matching's :func:`~app.domain.matching.pair_fits` says so
for a household of that many persons without further needs or deadline, and its places are the
matching's :func:`~app.domain.matching.usable_places`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.domain.matching import DwellingIn, HouseholdIn, pair_fits, usable_places


@dataclass(frozen=True)
class SizeFit:
    dwelling: DwellingIn
    fits: bool
    places: int
    """The persons it can take (the matching's capacity)."""
    persons: int
    """The size of the household it was tested for."""

    @property
    def too_small(self) -> bool:
        """Not fitting because it has too few places (else: too many bedrooms, or a room for one)."""
        return not self.fits and self.places < self.persons


def size_only_household(persons: int, gemeente: str, today: date) -> HouseholdIn:
    """A household of ``persons`` with no needs and no deadline: only its size can rule a dwelling out
    (the one person is an adult, so a room fits a single)."""
    return HouseholdIn(
        id=0,
        gemeente=gemeente,
        persons=persons,
        adults=persons,
        children=0,
        needs_accessible=False,
        needs_ground_floor=False,
        linked_on=today,
        offer_deadline=date.max,
    )


def order_by_fit(persons: int, dwellings: Sequence[DwellingIn], today: date) -> list[SizeFit]:
    """The dwellings that fit ``persons`` first, then the others; each group in the given order."""
    fits = []
    for dwelling in dwellings:
        household = size_only_household(persons, dwelling.gemeente, today)
        fit = pair_fits(household, dwelling, today)
        fits.append(SizeFit(dwelling, fit, usable_places(dwelling), persons))
    return sorted(fits, key=lambda f: not f.fits)  # sorted() is stable: the given order stays within
