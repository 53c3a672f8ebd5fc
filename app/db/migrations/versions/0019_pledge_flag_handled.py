"""A pledge's unfilled flag can be marked handled: ``pledges.unfilled_handled_on`` and
``unfilled_handled_by``. The flag ("not all places filled six weeks after the challenge") then leaves
the keeping municipality's Vandaag page. No existing column fits: ``open_to_region`` is a different
answer to the same flag, and ``notes`` is free text.

New columns of a table that already has its grants and row-level policies (0016: read by the region,
written by the keeping municipality or a regio-coördinator): the table-wide grants and the row rules
cover them, so nothing else changes on PostgreSQL.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pledges", sa.Column("unfilled_handled_on", sa.Date(), nullable=True))
    # server_default fills the rows already there; the model's Python default does the rest.
    op.add_column(
        "pledges", sa.Column("unfilled_handled_by", sa.String(length=120), nullable=False, server_default="")
    )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would trip over the candidates' keys.
    op.drop_column("pledges", "unfilled_handled_by")
    op.drop_column("pledges", "unfilled_handled_on")
