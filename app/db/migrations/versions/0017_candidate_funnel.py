"""The challenge dashboard's funnel: ``dl_candidate_stops()`` (app.db.pg_challenge_funnel), the
stopped candidates in counts per pledge, municipality and the step they stopped after, for the whole
region (candidates and their history are dossier data). PostgreSQL only; nothing changes on SQLite.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_challenge_funnel import create_funnel_function

    create_funnel_function(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_challenge_funnel import drop_funnel_function

    drop_funnel_function(op.execute)
