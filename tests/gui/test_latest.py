"""LatestOnly: of overlapping background loads only the one started last shows its result, whatever
order the workers finish in."""

from __future__ import annotations

import threading

from app.ui.latest import LatestOnly
from app.ui.tasks import TaskRunner


def test_only_the_turn_started_last_is_latest() -> None:
    loads = LatestOnly()
    first = loads.start()
    assert first.is_latest
    second = loads.start()
    assert not first.is_latest
    assert second.is_latest


def test_a_stale_turn_drops_its_callback_and_the_latest_one_runs_it() -> None:
    loads, shown = LatestOnly(), []
    first = loads.start()(shown.append)
    second = loads.start()(shown.append)
    first("A")  # arrives after B was asked for
    second("B")
    assert shown == ["B"]
    second("B again")  # the latest stays latest until a newer load starts
    assert shown == ["B", "B again"]


def test_arguments_pass_through_unchanged() -> None:
    seen: list[tuple[object, ...]] = []
    guarded = LatestOnly().start()(lambda a, *, b: seen.append((a, b)))
    guarded(1, b=2)
    assert seen == [(1, 2)]


def test_each_owner_counts_its_own_loads() -> None:
    rows, details = LatestOnly(), LatestOnly()
    row_turn = rows.start()
    details.start()
    details.start()
    assert row_turn.is_latest


def test_with_real_workers_the_earlier_slower_result_is_dropped(qtbot, runner: TaskRunner) -> None:
    """The earlier load finishes last (its worker waits until the later one is shown)."""
    loads, shown = LatestOnly(), []
    release = threading.Event()

    def slow(_control: object) -> str:
        release.wait(10)
        return "A"

    slow_task = runner.run_function(slow, on_success=loads.start()(shown.append))
    fast_task = runner.run_function(lambda _control: "B", on_success=loads.start()(shown.append))
    qtbot.waitUntil(lambda: fast_task.outcome is not None, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: slow_task.outcome is not None, timeout=5000)
    assert slow_task.outcome == "success"  # it ran and finished; its result was not shown
    assert shown == ["B"]
