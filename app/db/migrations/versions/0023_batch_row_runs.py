"""Fewer rows per import, for the import speed target (issue 10).

- ``import_batch_rows.run_length``: one row stands for ``run_length`` objects with consecutive ids
  and the same action, version and replaced values (an import's new rows get consecutive ids).
  100,000 new koppelingen were 100,000 batch rows, with as many index entries and foreign-key
  checks, a seventh of the import's database time; now they are a few rows. Existing rows keep
  ``run_length`` 1 and mean what they meant.
- ``dl_make_dossiers`` without its NOT EXISTS look-up: ON CONFLICT DO NOTHING already skips a
  koppeling that has its dossier (app.db.pg_lazy_origin.LEAN_MAKE; owner and grants kept).

- ``ix_dossiers_gemeente_status`` goes: every new dossier wrote an entry in it, and the other
  indexes that lead with ``gemeente_id`` serve a status filter within one municipality just as
  well (status has two values; on SQLite ``ix_dossiers_search`` even starts with both columns).
  Measured with bench cases and bench today (50,000 dossiers of one municipality): unchanged.

No new table, so no new grants or policies (the table's policies cover the new column).
The downgrade writes every run out as single rows again before the column goes.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

CHECK = "ck_import_batch_rows_run_length_positive"

# Every run as its single rows (both databases know WITH RECURSIVE … INSERT … SELECT).
_EXPAND = """
WITH RECURSIVE n(i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT max(run_length) FROM import_batch_rows) - 1
)
INSERT INTO import_batch_rows (batch_id, object_id, action, version_after, before, run_length)
SELECT r.batch_id, r.object_id + n.i, r.action, r.version_after, r.before, 1
  FROM import_batch_rows r JOIN n ON n.i < r.run_length
 WHERE r.run_length > 1
"""


def upgrade() -> None:
    with op.batch_alter_table("import_batch_rows") as batch:
        batch.add_column(sa.Column("run_length", sa.Integer(), nullable=False, server_default="1"))
        batch.create_check_constraint(op.f(CHECK), sa.text("run_length >= 1"))
    op.drop_index("ix_dossiers_gemeente_status", table_name="dossiers")
    if op.get_bind().dialect.name == "postgresql":
        from app.db.pg_lazy_origin import LEAN_MAKE

        op.execute(LEAN_MAKE)


def downgrade() -> None:
    op.create_index("ix_dossiers_gemeente_status", "dossiers", ["gemeente_id", "status"])
    if op.get_bind().dialect.name == "postgresql":
        from app.db.pg_lazy_origin import LAZY_MAKE

        op.execute(LAZY_MAKE)
    op.execute(_EXPAND)
    op.execute("UPDATE import_batch_rows SET run_length = 1 WHERE run_length > 1")
    with op.batch_alter_table("import_batch_rows") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.drop_column("run_length")
