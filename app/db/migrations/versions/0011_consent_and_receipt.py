"""Consent and receipt of a warm handover: how consent was asked (in a conversation, with an
interpreter and in which language, by phone), the day it was sent, and the receiver's confirmation
(name, day, reference).

New columns on ``handovers`` only: its row-level security policies and grants cover whole rows, so
nothing changes there. Existing rows keep ``consent_method`` NULL (not asked when they were made)
and an empty receipt, and ``sent_on`` NULL (the services then read the day from the status
history); the services require the method for every new answer and the receipt for every new
"ontvangen".

On PostgreSQL the method gets the same kind of CHECK as the other enum columns; SQLite cannot add
a CHECK to an existing table without copying it, so there the service is the guard.

Revision ID: 0011
Revises: 0010 (the lead re-points this at the merge)
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

CONSENT_METHOD = ("persoonlijk", "tolk", "telefonisch")
CHECK_NAME = "ck_handovers_consent_method"


def _text(name: str, length: int) -> sa.Column:
    # server_default fills the rows already there; the model's Python default does the rest.
    return sa.Column(name, sa.String(length=length), nullable=False, server_default="")


def upgrade() -> None:
    op.add_column("handovers", sa.Column("consent_method", sa.String(length=16), nullable=True))
    op.add_column("handovers", _text("consent_language", 60))
    op.add_column("handovers", sa.Column("sent_on", sa.Date(), nullable=True))
    op.add_column("handovers", _text("received_by", 120))
    op.add_column("handovers", sa.Column("received_on", sa.Date(), nullable=True))
    op.add_column("handovers", _text("received_reference", 120))
    if op.get_bind().dialect.name == "postgresql":
        listed = ", ".join(repr(v) for v in CONSENT_METHOD)
        op.create_check_constraint(
            op.f(CHECK_NAME), "handovers", f"consent_method IS NULL OR consent_method IN ({listed})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f(CHECK_NAME), "handovers", type_="check")
    # A plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would cascade-delete its checklists.
    for column in (
        "received_reference",
        "received_on",
        "received_by",
        "sent_on",
        "consent_language",
        "consent_method",
    ):
        op.execute(f"ALTER TABLE handovers DROP COLUMN {column}")
