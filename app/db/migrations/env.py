"""Alembic environment: runs on the connection handed over by ``app.db.migrate``."""

from __future__ import annotations

from alembic import context

from app.db import models  # noqa: F401 - registers every table on the metadata
from app.db.base import Base
from app.db.pg_security import ACT_AS_OWNER

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("app.db.migrate passes a connection; run migrations through it")
    if connection.dialect.name == "postgresql":
        # Objects made by a migration belong to the owner role, whoever runs ``db upgrade``
        # (0005 creates that role; before it exists the tables are the login's, 0005 hands them over).
        connection.exec_driver_sql(ACT_AS_OWNER)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
