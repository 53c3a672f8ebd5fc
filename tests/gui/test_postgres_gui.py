"""Against a real PostgreSQL (TEST_DATABASE_URL): the connection test reports the server version,
and a connection killed during a task turns the light red, rolls back, and the next task works."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from app.config import Settings
from app.db.models import User
from app.domain.roles import Role
from app.ui.settings_dialog import SettingsDialog
from app.ui.tasks import TaskRunner
from tests.conftest import PG_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on"),
]


def test_connection_test_says_the_server_answers(qtbot, memory_keyring) -> None:
    """Without a password (that is the sign-in dialog's) the test shows the server is reachable."""
    url = make_url(PG_URL)
    settings = Settings().with_postgres(
        host=url.host or "localhost", port=url.port or 5432, database=url.database, user=url.username,
        sslmode=str(url.query.get("sslmode", "disable")),  # the test server has no TLS
    )
    runner = TaskRunner(lambda: pytest.fail("no database needed"))  # type: ignore[arg-type, return-value]
    dialog = SettingsDialog(settings, runner)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_connection_tested, timeout=15_000) as blocker:
        dialog.test_connection()
    ok, message = blocker.args
    assert ok, message
    assert message.startswith("Verbinding gelukt. De PostgreSQL-server op ")
    assert "eigen inlognaam en wachtwoord" in message
    runner.wait_for_done()


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_killed_connection_during_a_task(qtbot, runner: TaskRunner, fresh_database, errors) -> None:
    admin = create_engine(make_url(PG_URL).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")

    def work(session, _control):  # type: ignore[no-untyped-def]
        session.add(User(login="half", name="Half", role=Role.BEHEERDER))
        session.flush()
        pid = session.scalar(text("SELECT pg_backend_pid()"))
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        session.execute(text("SELECT 1"))

    with qtbot.waitSignal(runner.sig_connection_lost, timeout=15_000):
        runner.run(work, title="Opslaan")
    qtbot.waitUntil(lambda: bool(errors.shown), timeout=5000)
    assert "verbinding met de database is verbroken" in errors.shown[0][1].lower()

    with qtbot.waitSignal(runner.sig_connection_restored, timeout=15_000):
        task = runner.run(lambda session, _c: session.scalar(select(func.count()).select_from(User)))
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=5000)
    assert task.result == 0  # nothing half-written
    admin.dispose()
