"""Two people edit the same row: the second gets a clear conflict and nothing is overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.db.models import Gemeente, User
from app.db.session import Database
from app.domain.roles import Role
from app.errors import ConflictError
from app.services import region, users
from app.services.access import Actor


def _make_user(db: Database) -> int:
    with db.unit_of_work() as session:
        user = users.create_user(
            session,
            Actor.system_actor(),
            login="jdevries",
            name="J. de Vries",
            role=Role.CONSULENT,
            gemeente_code="GM0321",
        )
        return user.id


def test_second_editor_gets_conflict_with_fresh_data(fresh_database: Database) -> None:
    user_id = _make_user(fresh_database)
    admin = Actor.system_actor()
    with fresh_database.unit_of_work() as s:
        loaded_by_a = users.list_users(s, admin)[0]
    loaded_by_b = loaded_by_a  # both opened the editor on version 1

    with fresh_database.unit_of_work() as s:
        users.update_user(s, admin, user_id, loaded_by_a.version, name="Jan de Vries")
    with pytest.raises(ConflictError) as conflict, fresh_database.unit_of_work() as s:
        users.update_user(s, admin, user_id, loaded_by_b.version, name="Johanna de Vries")

    assert "Iemand anders" in conflict.value.message
    assert conflict.value.current.name == "Jan de Vries"
    with fresh_database.unit_of_work() as s:
        assert s.get(User, user_id).name == "Jan de Vries"


def test_concurrent_flush_is_refused_by_the_version_column(fresh_database: Database) -> None:
    """Even when a service loaded the row before the other user saved, the UPDATE itself is guarded."""
    code = "GM0312"
    with pytest.raises(ConflictError), fresh_database.unit_of_work() as s:
        row = s.scalar(select(Gemeente).where(Gemeente.cbs_code == code))
        with fresh_database.engine.begin() as other:  # another user saves in between
            other.execute(
                update(Gemeente.__table__)
                .where(Gemeente.__table__.c.cbs_code == code)
                .values(population=15100, version=Gemeente.__table__.c.version + 1)
            )
        row.population = 99999
    with fresh_database.unit_of_work() as s:
        row = s.scalar(select(Gemeente).where(Gemeente.cbs_code == code))
        assert row.population == 15100
        assert row.version == 2


def test_update_gemeente_checks_version(fresh_database: Database) -> None:
    admin = Actor.system_actor()
    with fresh_database.unit_of_work() as s:
        bunnik = next(g for g in region.list_gemeenten(s, admin) if g.cbs_code == "GM0312")
    with fresh_database.unit_of_work() as s:
        region.update_gemeente(s, admin, bunnik.id, bunnik.version, population=15200)
    with pytest.raises(ConflictError), fresh_database.unit_of_work() as s:
        region.update_gemeente(s, admin, bunnik.id, bunnik.version, population=1)
    with fresh_database.unit_of_work() as s:
        assert s.get(Gemeente, bunnik.id).population == 15200
