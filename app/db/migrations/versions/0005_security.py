"""The database guards itself: roles, grants, row-level security, user and swap functions.

On PostgreSQL: the group roles (app.db.pg_security), every table owned by ``dl_owner`` with its
grants and FORCE ROW LEVEL SECURITY policies, the user-management functions and the swap
functions (app.db.pg_functions). On both: ``app_meta`` (database flags such as "demo", and which
program version last upgraded the schema).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# table -> (kind, options); see app.db.pg_security.secure_table
TABLES: dict[str, tuple[str, dict[str, object]]] = {
    "gemeenten": ("region", {}),
    "periods": ("region", {}),
    "taakstellingen": ("region", {}),
    "users": ("users", {}),
    "access_log": ("log", {}),
    "koppelingen": ("board", {}),
    "dwellings": ("board", {}),
    "board_posts": ("board", {}),
    "swaps": ("board", {"gemeente_columns": ("host_gemeente_id", "owner_gemeente_id")}),
    "match_rejections": ("board-shared", {}),
    "import_batches": ("imports", {}),
    "import_batch_rows": ("imports", {}),
    "import_profiles": ("imports", {}),
    "dossiers": ("dossier", {}),
    "dossier_members": ("dossier-child", {"parent": ("dossier_id", "dossiers")}),
    "dossier_milestones": ("dossier-child", {"parent": ("dossier_id", "dossiers")}),
    "noa_parts": ("dossier-child", {"parent": ("dossier_id", "dossiers")}),
    "plan_goals": ("dossier-child", {"parent": ("dossier_id", "dossiers")}),
    "plan_actions": ("dossier-child", {"parent": ("goal_id", "plan_goals")}),
    "dossier_events": ("dossier-child", {"parent": ("dossier_id", "dossiers")}),
    "handovers": ("dossier-child", {"parent": ("dossier_id", "dossiers")}),
    "handover_checks": ("dossier-child", {"parent": ("handover_id", "handovers")}),
    "handover_status_changes": ("dossier-child", {"parent": ("handover_id", "handovers")}),
    "alembic_version": ("readonly", {}),
    "app_meta": ("readonly", {}),
}


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    # A demo loaded before this revision left its mark in the access log only.
    op.execute(
        "INSERT INTO app_meta (key, value) SELECT 'demo', '1' WHERE EXISTS (SELECT 1 FROM access_log "
        "WHERE action = 'import' AND object_type = 'demo' AND result = 'ok')"
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_functions import create_functions
    from app.db.pg_security import (
        create_identity_functions,
        create_roles,
        grant_sequences,
        lock_database,
        secure_table,
    )

    execute = op.execute
    execute("RESET ROLE")  # creating roles needs the login's own CREATEROLE, not the owner's
    create_roles(execute)
    lock_database(execute)
    # The old owner-only trigger function moves to the owner with the tables.
    execute("ALTER FUNCTION refuse_change() OWNER TO dl_owner")
    # A region-wide unique BSN would tell anyone whether another municipality has it; a trigger
    # (app.db.pg_functions) checks it within what the user may see instead.
    execute("ALTER TABLE dossier_members DROP CONSTRAINT IF EXISTS uq_dossier_members_bsn")
    execute("CREATE INDEX IF NOT EXISTS ix_dossier_members_bsn ON dossier_members (bsn)")
    create_identity_functions(execute)  # the policies call them
    for table, (kind, options) in TABLES.items():
        secure_table(execute, table, kind, **options)  # type: ignore[arg-type]
    grant_sequences(execute)
    create_functions(execute)
    execute("SET LOCAL ROLE dl_owner")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in TABLES:
            if table == "app_meta":
                continue
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for trigger, table in (("swaps_guard", "swaps"), ("koppelingen_guard", "koppelingen"),
                               ("dwellings_guard", "dwellings"), ("access_log_stamp", "access_log"),
                               ("dossier_members_bsn", "dossier_members")):  # fmt: skip
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        op.execute("DROP INDEX IF EXISTS ix_dossier_members_bsn")
        op.execute("ALTER TABLE dossier_members ADD CONSTRAINT uq_dossier_members_bsn UNIQUE (bsn)")
    op.drop_table("app_meta")
