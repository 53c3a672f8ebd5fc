"""The task runner: outcome on the GUI thread, own Session per task, cancel rolls back, throttled
progress, connection-loss signals."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from app.db.models import User
from app.db.session import Database
from app.domain.roles import Role
from app.errors import DatabaseUnavailable, ValidationError
from app.ui.tasks import Cancelled, TaskControl, TaskRunner


def _user_count(db: Database) -> int:
    with db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


def test_success_is_delivered_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    seen: dict[str, object] = {}

    def work(session, control):
        seen["worker"] = threading.current_thread()
        return session.scalar(select(func.count()).select_from(User))

    def done(result: object) -> None:
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    task = runner.run(work, on_success=done)
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert task.outcome == "success"
    assert seen["result"] == 0
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()


def test_work_is_committed_on_success(qtbot, runner: TaskRunner, fresh_database: Database) -> None:
    task = runner.run(lambda session, _c: session.add(User(login="jan", name="Jan", role=Role.BEHEERDER)))
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    assert task.outcome == "success"
    assert _user_count(fresh_database) == 1


def test_failure_is_delivered_and_rolled_back(qtbot, runner: TaskRunner, fresh_database: Database) -> None:
    failures: list[BaseException] = []

    def work(session, _control):
        session.add(User(login="jan", name="Jan", role=Role.BEHEERDER))
        session.flush()
        raise ValidationError("Vul een naam in.")

    task = runner.run(
        work, on_success=lambda _r: pytest.fail("no success expected"), on_failure=failures.append
    )
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ValidationError)
    assert task.outcome == "failure"
    assert _user_count(fresh_database) == 0


def test_user_error_without_handler_is_shown_in_dutch(qtbot, runner: TaskRunner, errors) -> None:
    def work(_session, _control):
        raise ValidationError("Vul een naam in.")

    task = runner.run(work, title="Opslaan")
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    assert errors.shown == [("Opslaan", "Vul een naam in.")]


def test_cancel_rolls_back(qtbot, runner: TaskRunner, fresh_database: Database) -> None:
    started = threading.Event()
    failures: list[BaseException] = []

    def work(session, control: TaskControl):
        session.add(User(login="half", name="Half", role=Role.BEHEERDER))
        session.flush()
        started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            control.check_cancelled()
            time.sleep(0.01)
        return "te laat"

    task = runner.run(work, on_success=lambda _r: pytest.fail("cancelled task succeeded"),
                      on_failure=failures.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    assert task.outcome == "cancelled"
    assert isinstance(failures[0], Cancelled)
    assert _user_count(fresh_database) == 0


def test_cancel_after_the_last_step_still_rolls_back(
    qtbot, runner: TaskRunner, fresh_database: Database
) -> None:
    def work(session, control: TaskControl):
        session.add(User(login="laat", name="Laat", role=Role.BEHEERDER))
        control.cancel()  # as if the user pressed Annuleren just as the work finished
        return "klaar"

    task = runner.run(work, on_failure=lambda _e: None)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    assert task.outcome == "cancelled"
    assert _user_count(fresh_database) == 0


def test_progress_is_throttled(qtbot, runner: TaskRunner) -> None:
    received: list[tuple[float, str]] = []

    def work(_session, control: TaskControl):
        end = time.monotonic() + 0.5
        i = 0
        while time.monotonic() < end:
            control.progress(min(i / 1_000_000, 0.99), f"stap {i}")
            i += 1
        control.progress(1.0, "klaar")
        return i

    task = runner.run(work)
    task.sig_progress.connect(lambda f, t: received.append((f, t)))
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    calls = task.result
    assert calls > 1000  # many reports …
    assert 2 <= len(received) <= 9  # … at most ~10 per second reach the GUI
    assert received[-1] == (1.0, "klaar")


def test_slow_task_gets_a_busy_cursor_and_a_progress_dialog(qtbot, runner: TaskRunner) -> None:
    from PySide6.QtWidgets import QApplication, QProgressDialog

    release = threading.Event()

    def work(_session, control: TaskControl):
        control.progress(0.5, "halverwege")
        release.wait(5)

    task = runner.run(work, title="Lange taak")
    qtbot.waitUntil(lambda: task._dialog is not None, timeout=3000)
    dialog = task._dialog
    assert isinstance(dialog, QProgressDialog)
    assert QApplication.overrideCursor() is not None
    assert "Lange taak" in dialog.labelText()
    release.set()
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    assert task._dialog is None
    assert QApplication.overrideCursor() is None


def test_fast_task_shows_nothing(qtbot, runner: TaskRunner) -> None:
    from PySide6.QtWidgets import QApplication

    task = runner.run(lambda _s, _c: 1, title="Snel")
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    qtbot.wait(700)
    assert task._dialog is None
    assert QApplication.overrideCursor() is None


def test_connection_loss_and_restore_signals(qtbot, runner: TaskRunner, errors) -> None:
    def lost(_session, _control):
        raise DatabaseUnavailable("De verbinding met de database is verbroken.")

    with qtbot.waitSignal(runner.sig_connection_lost, timeout=5000) as blocker:
        runner.run(lost, title="Opslaan")
    assert blocker.args == ["De verbinding met de database is verbroken."]
    assert runner.connection_ok is False
    qtbot.waitUntil(lambda: bool(errors.shown), timeout=2000)
    assert errors.shown[0][1] == "De verbinding met de database is verbroken."
    with qtbot.waitSignal(runner.sig_connection_restored, timeout=5000):
        runner.run(lambda _s, _c: None)
    assert runner.connection_ok is True


def test_run_function_without_session(qtbot, runner: TaskRunner) -> None:
    task = runner.run_function(lambda control: 6 * 7)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    assert task.result == 42
