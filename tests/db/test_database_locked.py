"""SQLite's "database is locked" (another program holds the write lock) has its own Dutch message,
not "de verbinding is verbroken": the connection is fine, trying again a moment later works."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select

from app.db.models import User
from app.db.session import Database
from app.domain.roles import Role
from app.errors import CONNECTION_LOST, DATABASE_LOCKED, DatabaseBusy, DatabaseUnavailable
from app.services.access import Actor
from app.services.users import create_user

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def impatient(fresh_database: Database) -> Iterator[Database]:
    """The same file with a short busy timeout, so the second writer gives up at once."""
    db = Database(fresh_database.url)

    def short_wait(dbapi_connection: Any, _record: Any) -> None:  # after the app's own pragmas
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    event.listen(db.engine, "connect", short_wait)
    yield db
    db.dispose()


@pytest.fixture
def other_writer(fresh_database: Database) -> Iterator[sqlite3.Connection]:
    """Another program in the middle of a write transaction on the same file."""
    conn = sqlite3.connect(str(fresh_database.url.database), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE gemeenten SET name = name")
    yield conn
    conn.rollback()
    conn.close()


def _add_user(db: Database, login: str) -> None:
    with db.unit_of_work() as session:
        create_user(session, Actor.system_actor("test"), login=login, name="Test Gebruiker",
                    role=Role.BEHEERDER, gemeente_code=None)  # fmt: skip


def test_a_locked_file_says_someone_else_is_writing(
    impatient: Database, other_writer: sqlite3.Connection
) -> None:
    with pytest.raises(DatabaseBusy) as caught:
        _add_user(impatient, "tweede")
    assert caught.value.message == DATABASE_LOCKED
    assert "iemand anders" in caught.value.message.lower() and "opnieuw" in caught.value.message
    assert not isinstance(caught.value, DatabaseUnavailable)
    assert caught.value.message != CONNECTION_LOST

    other_writer.rollback()  # the other program is done: the same action now works
    _add_user(impatient, "tweede")
    with impatient.session() as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.login == "tweede")) == 1


def test_the_task_runner_shows_it_and_keeps_the_connection_light_green(
    qtbot: Any, impatient: Database, other_writer: sqlite3.Connection
) -> None:
    from app.ui.tasks import TaskRunner

    shown: list[str] = []
    runner = TaskRunner(lambda: impatient)
    runner.show_error = lambda _parent, _title, message: shown.append(message)
    lost: list[str] = []
    runner.sig_connection_lost.connect(lost.append)

    def work(session: Any, _control: Any) -> None:
        create_user(session, Actor.system_actor("test"), login="derde", name="Test Gebruiker",
                    role=Role.BEHEERDER, gemeente_code=None)  # fmt: skip

    task = runner.run(work, title="Gebruiker toevoegen")
    with qtbot.waitSignal(task.sig_finished, timeout=20_000):
        pass
    assert shown == [DATABASE_LOCKED]
    assert lost == [] and runner.connection_ok
    runner.wait_for_done(10_000)
