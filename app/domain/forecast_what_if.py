"""What-if for the forecast: the municipalities' states after a swap (no Qt, no database).

A swap gives the owner's household a dwelling at the host and takes the host's dwelling off its
announced list; the forecast is then run again on the changed states (``app.domain.forecast``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain.forecast import MunicipalityState


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
