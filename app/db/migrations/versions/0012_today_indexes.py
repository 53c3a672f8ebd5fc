"""An index for Vandaag's region-wide deadline count: koppelingen by status and linking date.

"Termijn verstreken of verstrijkt deze week" counts the households not yet housed whose linking
date lies far enough back. Without this index SQLite walked the linking-date index over nearly every
koppeling (50,000 in the benchmark: 390 ms for a regio-coördinator); by status first it reads only
the open ones (27 ms). Both databases.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_koppelingen_status_linked_on", "koppelingen", ["status", "linked_on"])


def downgrade() -> None:
    op.drop_index("ix_koppelingen_status_linked_on", table_name="koppelingen")
