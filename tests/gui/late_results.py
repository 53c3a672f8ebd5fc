"""Force the order in which two overlapping background loads finish: the one started first last.

``HoldFirstCall`` wraps a service function (the real one still runs, on our real database): its
first call waits until the test releases it, then does its real work. The load the user started
first therefore delivers its (older) result after the second one, and the test can check that the
widget still shows what was asked for last. No sleeps: the test waits on the tasks themselves.

Wrap the first service call of the load's work: a worker held later in its unit of work may hold a
lock (on SQLite a logged read is a write), and the second load would wait for it instead of finishing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

HOLD_TIMEOUT_S = 20  # never hang a test run: a held call goes on by itself after this


class HoldFirstCall:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        self.real: Callable[..., Any] = getattr(module, name)
        self.held = threading.Event()  # the first call is waiting
        self._release = threading.Event()
        self._lock = threading.Lock()
        self.calls = 0
        monkeypatch.setattr(module, name, self._call)

    def _call(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.calls += 1
            first = self.calls == 1
        if first:
            self.held.set()
            self._release.wait(HOLD_TIMEOUT_S)
        return self.real(*args, **kwargs)

    def wait_held(self, qtbot: Any) -> None:
        """Block until the first load's worker is inside the call (so it really started first)."""
        qtbot.waitUntil(self.held.is_set, timeout=10_000)

    def finish_late(self, qtbot: Any, task: Any) -> None:
        """Let the first call go on, and wait until its task has delivered its result."""
        self._release.set()
        if task.is_running:
            with qtbot.waitSignal(task.sig_finished, timeout=20_000):
                pass
        assert task.outcome == "success", "the held load must deliver a result for the test to mean anything"
