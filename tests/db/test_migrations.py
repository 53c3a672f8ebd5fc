"""The schema exists only through the migrations, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from app.db.migrate import current_revision, downgrade, upgrade
from app.db.migrations import HEAD
from app.db.session import Database


def test_head_constant_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from app.db.migrate import alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_empty_to_head_and_back(fresh_url: str) -> None:
    db = Database(fresh_url)
    try:
        assert current_revision(db.engine) is None
        upgrade(db.engine)
        assert current_revision(db.engine) == HEAD
        tables = set(inspect(db.engine).get_table_names())
        assert {"gemeenten", "periods", "users", "access_log", "alembic_version"} <= tables
        downgrade(db.engine, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(db.engine)
        assert current_revision(db.engine) == HEAD
    finally:
        db.dispose()


def test_migrated_schema_matches_the_models(fresh_database: Database) -> None:
    """Alembic finds nothing to add: the models and the migrations describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.db import models  # noqa: F401
    from app.db.base import Base

    with fresh_database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    structural = [d for d in diff if d[0] in ("add_table", "remove_table", "add_column", "remove_column")]
    assert structural == []


def test_prepare_loads_the_sixteen_municipalities(fresh_database: Database) -> None:
    with fresh_database.engine.connect() as conn:
        rows = conn.execute(text("SELECT cbs_code, name, population FROM gemeenten ORDER BY cbs_code")).all()
    assert len(rows) == 16
    by_code = {code: (name, pop) for code, name, pop in rows}
    assert by_code["GM0344"][0] == "Utrecht"
    assert by_code["GM0620"][0] == "Vianen"
    assert all(pop > 0 for _, pop in by_code.values())


def test_access_log_is_append_only(fresh_database: Database) -> None:
    from app.domain.roles import Action, Area
    from app.services.access import Actor, authorize

    with fresh_database.unit_of_work() as session:
        authorize(session, Actor.system_actor(), Action.READ, Area.REGION, "gemeente")
    for statement in ("UPDATE access_log SET result = 'x'", "DELETE FROM access_log"):
        with pytest.raises(DBAPIError), fresh_database.engine.begin() as conn:
            conn.execute(text(statement))
    with fresh_database.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM access_log WHERE result = 'ok'")).scalar() >= 1
