"""A killed PostgreSQL connection: a clear Dutch error, nothing half-written, the next action works."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, func, select, text

from app.db.models import User
from app.db.session import Database
from app.domain.roles import Role
from app.errors import DatabaseUnavailable
from app.services import users
from app.services.access import Actor

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL (PostgreSQL)"
    ),
]


@pytest.fixture
def backend() -> str:
    return "postgresql"


def _kill_other_backends(db: Database) -> int:
    killer = create_engine(db.url, isolation_level="AUTOCOMMIT")
    with killer.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    killer.dispose()
    return int(killed or 0)


def test_killed_connection_mid_transaction(fresh_database: Database) -> None:
    admin = Actor.system_actor()
    with pytest.raises(DatabaseUnavailable) as lost, fresh_database.unit_of_work() as s:
        users.create_user(s, admin, login="een", name="Een", role=Role.CONSULENT, gemeente_code="GM0344")
        assert _kill_other_backends(fresh_database) >= 1
        users.create_user(s, admin, login="twee", name="Twee", role=Role.CONSULENT, gemeente_code="GM0344")
    assert "verbinding met de database is verbroken" in lost.value.message
    assert "niets half opgeslagen" in lost.value.message

    # The server is still there: the next action works without restarting, and nothing was kept.
    with fresh_database.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0
        users.create_user(s, admin, login="drie", name="Drie", role=Role.CONSULENT, gemeente_code="GM0344")
    with fresh_database.unit_of_work() as s:
        assert [u.login for u in users.list_users(s, admin)] == ["drie"]


def test_idle_pooled_connection_killed_is_replaced(fresh_database: Database) -> None:
    with fresh_database.unit_of_work() as s:
        s.execute(text("SELECT 1"))
    _kill_other_backends(fresh_database)  # the pooled connection is now dead
    assert fresh_database.ping()  # pool_pre_ping notices and reconnects
    with fresh_database.unit_of_work() as s:
        assert s.scalar(text("SELECT 1")) == 1


def test_unreachable_server_gives_dutch_error() -> None:
    db = Database("postgresql+psycopg://nobody:x@127.0.0.1:1/none")
    assert db.ping() is False
    with pytest.raises(DatabaseUnavailable), db.unit_of_work() as s:
        s.execute(text("SELECT 1"))
