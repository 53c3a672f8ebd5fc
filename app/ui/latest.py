"""Only the latest of overlapping background loads may show its result.

A filter, a search field, a combo or a refresh button can start a load while an earlier one is still
running, and the workers finish in any order. Each ``start()`` hands out a turn and makes the turns
before it stale, so a late result of an earlier choice is dropped instead of replacing the list the
user asked for last:

    self._rows_load = LatestOnly()
    ...
    turn = self._rows_load.start()
    self.context.tasks.run(work, on_success=turn(done), ...)

Plain Python, no Qt: the callbacks already run on the GUI thread (``TaskRunner`` delivers them there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec

P = ParamSpec("P")


class LatestOnly:
    """Hands out turns; only the turn started last is current."""

    __slots__ = ("_started",)

    def __init__(self) -> None:
        self._started = 0

    def start(self) -> Turn:
        """A new load starts: every earlier turn is stale from now on."""
        self._started += 1
        return Turn(self, self._started)


class Turn:
    """One load's right to show its result, as long as no newer load was started."""

    __slots__ = ("_number", "_owner")

    def __init__(self, owner: LatestOnly, number: int) -> None:
        self._owner = owner
        self._number = number

    @property
    def is_latest(self) -> bool:
        return self._number == self._owner._started

    def __call__(self, callback: Callable[P, None]) -> Callable[P, None]:
        """``callback``, but doing nothing once a newer load was started."""

        def only_if_latest(*args: P.args, **kwargs: P.kwargs) -> None:
            if self.is_latest:
                callback(*args, **kwargs)

        return only_if_latest
