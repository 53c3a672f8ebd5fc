"""GUI fixtures: a task runner and an AppContext on a real database, an in-memory keyring,
window settings in a temporary file. Every widget is handed to ``qtbot.addWidget``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.ui.context import AppContext
from app.ui.tasks import TaskRunner
from tests.gui.dialog_factory import demo, demo_database  # noqa: F401 (fixtures: every dialog, built)


class ErrorRecorder:
    """Stands in for the runner's message box: records (title, message)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def __call__(self, _parent: object, title: str, message: str) -> None:
        self.shown.append((title, message))


@pytest.fixture
def errors() -> ErrorRecorder:
    return ErrorRecorder()


@pytest.fixture
def runner(qtbot, fresh_database: Database, errors: ErrorRecorder) -> Iterator[TaskRunner]:
    tasks = TaskRunner(lambda: fresh_database)
    tasks.show_error = errors
    yield tasks
    tasks.wait_for_done(10_000)
    qtbot.wait(10)  # deliver the last queued outcomes before the database goes


@pytest.fixture
def window_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_user(fresh_database: Database) -> Callable[..., Actor]:
    """Create a user of a role (committed) and return the signed-in Actor."""
    from app.services.users import create_user, sign_in

    def make(login: str, role: Role, gemeente_code: str | None = "GM0344", name: str = "") -> Actor:
        with fresh_database.unit_of_work() as session:
            create_user(
                session,
                Actor.system_actor("test"),
                login=login,
                name=name or login.title(),
                role=role,
                gemeente_code=None if role is Role.BEHEERDER else gemeente_code,
            )
        with fresh_database.unit_of_work() as session:
            return sign_in(session, login)

    return make


@pytest.fixture
def make_context(fresh_database: Database, runner: TaskRunner) -> Callable[[Actor], AppContext]:
    from app.config import load_settings

    statuses: list[str] = []

    def make(actor: Actor) -> AppContext:
        return AppContext(fresh_database, actor, load_settings(), runner, show_status=statuses.append)

    return make
