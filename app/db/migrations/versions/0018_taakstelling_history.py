"""Taakstellingen kept in the program (issue 16): ``taakstelling_changes``, the history of every
value a taakstelling had (who, when, old → new persons and backlog, source, reason), and a longer
``taakstellingen.source`` (the source the regio-coördinator types: a ministry letter, COA's sheet).

Region data like the taakstellingen themselves: read by everybody in the region, written by a
regio-coördinator or a beheerder (kind ``region``); the history is insert-only.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)
INSERT_ONLY = ("taakstelling_changes",)


def upgrade() -> None:
    with op.batch_alter_table("taakstellingen") as batch:
        batch.alter_column(
            "source", existing_type=sa.String(length=16), type_=sa.String(length=200), existing_nullable=False
        )
    op.create_table(
        "taakstelling_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taakstelling_id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("old_persons", sa.Integer(), nullable=True),
        sa.Column("new_persons", sa.Integer(), nullable=False),
        sa.Column("old_backlog", sa.Integer(), nullable=True),
        sa.Column("new_backlog", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["taakstelling_id"],
            ["taakstellingen.id"],
            name=op.f("fk_taakstelling_changes_taakstelling_id_taakstellingen"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taakstelling_changes")),
    )
    op.create_index(
        "ix_taakstelling_changes_taakstelling_at", "taakstelling_changes", ["taakstelling_id", "at"]
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_security import REGION_WRITERS, USERS, _groups, grant_sequences, secure_table

    execute = op.execute
    secure_table(execute, "taakstelling_changes", "region")
    for table in INSERT_ONLY:  # history: added to, never changed
        execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {_groups(REGION_WRITERS)}, {USERS}")
        execute(f"DROP POLICY IF EXISTS {table}_update ON {table}")
        execute(f"DROP POLICY IF EXISTS {table}_delete ON {table}")
    grant_sequences(execute)


def downgrade() -> None:
    op.drop_index("ix_taakstelling_changes_taakstelling_at", table_name="taakstelling_changes")
    op.drop_table("taakstelling_changes")
    # A source longer than the old column is cut, as the old program could not hold it.
    op.execute("UPDATE taakstellingen SET source = substr(source, 1, 16)")
    with op.batch_alter_table("taakstellingen") as batch:
        batch.alter_column(
            "source", existing_type=sa.String(length=200), type_=sa.String(length=16), existing_nullable=False
        )
