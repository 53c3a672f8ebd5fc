"""Referrals: a row must belong to a dossier the writer may write (PostgreSQL only).

``referrals`` is a "dossier" table on its own ``gemeente_id``: the policy of 0013 checked only that
column, so a user of one municipality could write a referral carrying their own ``gemeente_id`` but
pointing at another municipality's dossier (the foreign key check does not look through row-level
security). From here the dossier must be visible to the writer and of the same municipality, and a
referral's members must be members of that dossier. SQLite: nothing (no row-level security there;
the services check it).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The dossier the row points at, through the dossiers table's own policy (visible = writable
# municipality), and of the same municipality as the row says.
_REFERRAL_DOSSIER = (
    "referrals.dossier_id IN (SELECT d.id FROM dossiers d WHERE d.gemeente_id = referrals.gemeente_id)"
)
_MEMBER_OF_DOSSIER = (
    "referral_members.member_id IN (SELECT m.id FROM dossier_members m JOIN referrals p"
    " ON p.dossier_id = m.dossier_id WHERE p.id = referral_members.referral_id)"
)


def _policies(table: str, extra: str | None) -> None:
    from app.db.pg_security import DOSSIER_WRITERS, IS_OWNER, MY_GEMEENTE, _roles_in

    if table == "referrals":
        rule = f"{IS_OWNER} OR (gemeente_id = {MY_GEMEENTE} AND {_roles_in(DOSSIER_WRITERS)})"
    else:
        rule = "referral_id IN (SELECT p.id FROM referrals p)"
    if extra is not None:
        rule = f"({rule}) AND ({IS_OWNER} OR {extra})"
    op.execute(f"DROP POLICY IF EXISTS {table}_insert ON {table}")
    op.execute(f"CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK ({rule})")
    op.execute(f"DROP POLICY IF EXISTS {table}_update ON {table}")
    op.execute(f"CREATE POLICY {table}_update ON {table} FOR UPDATE USING ({rule}) WITH CHECK ({rule})")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _policies("referrals", _REFERRAL_DOSSIER)
    _policies("referral_members", _MEMBER_OF_DOSSIER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _policies("referrals", None)
    _policies("referral_members", None)
