"""Fewer writes per new dossier, for the import speed target (issue 10).

- ``dossiers.first_entry`` / ``first_entry_by`` / ``gekoppeld_pending``: a dossier made from a
  koppeling (import, manual entry, swap) keeps its first timeline entry and its milestone
  "gekoppeld" in its own row instead of as two rows elsewhere (app.db.pg_lazy_origin,
  app.services.cases.views); every reader shows them as before.
- ``ix_dossiers_head_name`` goes: ``ix_dossiers_gemeente_head_name`` serves the list sorted by
  name (always within one municipality, except for the system actor).
- ``ix_dossiers_status_closed_on`` holds only closed dossiers (``closed_on IS NOT NULL``, the
  retention query's condition): a new dossier writes no entry in it.

Existing rows keep their entries and milestones as rows (nothing pending). The kept entry is part
of the insert-only timeline: a trigger refuses any change to it, and a milestone made a row cannot
be made pending again (on both databases, for the owner too). No new table, so no new grants or
policies; ``dl_make_dossiers`` keeps its owner and grants (CREATE OR REPLACE).
The downgrade turns what is pending into rows before the columns go.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

CLOSED = "closed_on IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("first_entry", sa.String(500), nullable=True))
        batch.add_column(sa.Column("first_entry_by", sa.String(120), nullable=True))
        batch.add_column(
            sa.Column("gekoppeld_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.drop_index("ix_dossiers_head_name", table_name="dossiers")
    op.drop_index("ix_dossiers_status_closed_on", table_name="dossiers")
    op.create_index(
        "ix_dossiers_status_closed_on", "dossiers", ["status", "closed_on"],
        postgresql_where=sa.text(CLOSED), sqlite_where=sa.text(CLOSED),
    )  # fmt: skip
    from app.db import pg_lazy_origin as lazy

    if op.get_bind().dialect.name == "postgresql":
        op.execute(lazy.LAZY_MAKE)
        for statement in lazy.KEEP_FIRST_ENTRY:
            op.execute(statement)
    else:
        for statement in lazy.SQLITE_KEEP_FIRST_ENTRY:
            op.execute(statement)


def downgrade() -> None:
    from app.db import pg_lazy_origin as lazy

    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in lazy.DROP_KEEP_FIRST_ENTRY if postgres else lazy.SQLITE_DROP_KEEP_FIRST_ENTRY:
        op.execute(statement)
    for statement in lazy.MATERIALIZE:
        op.execute(statement)
    if op.get_bind().dialect.name == "postgresql":
        from app.db.pg_household import _MAKE

        op.execute(_MAKE)
    op.drop_index("ix_dossiers_status_closed_on", table_name="dossiers")
    op.create_index("ix_dossiers_status_closed_on", "dossiers", ["status", "closed_on"])
    op.create_index("ix_dossiers_head_name", "dossiers", ["head_name"])
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("gekoppeld_pending")
        batch.drop_column("first_entry_by")
        batch.drop_column("first_entry")
