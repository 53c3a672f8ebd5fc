"""Run the Alembic migrations; a fresh database is created only this way."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from app.db.migrations import HEAD

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(connection: object | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != HEAD


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def ensure_schema(engine: Engine) -> bool:
    """Upgrade when behind; returns True when migrations ran. Cheap when up to date."""
    if not needs_upgrade(engine):
        return False
    upgrade(engine)
    return True
