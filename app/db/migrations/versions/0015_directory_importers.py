"""A consulent may import the directory (issue 14): the import history's tables let them write.

A consulent keeps the own municipality's initiatives and imports them like a contactpersoon, so
``import_batches``, ``import_batch_rows`` and ``import_profiles`` (kind ``imports``) are written by
consulenten too (app.db.pg_security.IMPORTERS). What an import writes stays guarded where it
lands: a consulent still cannot write the board or another municipality's initiatives.
PostgreSQL only; SQLite has no roles.
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("import_batches", "import_batch_rows", "import_profiles")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_security import secure_table

    for table in TABLES:
        secure_table(op.execute, table, "imports")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_security import IS_OWNER, MY_ROLE, ROLE_GROUPS

    roles = ", ".join(repr(r) for r in ("regio-coördinator", "contactpersoon", "beheerder"))
    rule = f"{IS_OWNER} OR {MY_ROLE} IN ({roles})"
    for table in TABLES:
        op.execute(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {ROLE_GROUPS['consulent']}")
        for command in ("INSERT", "UPDATE", "DELETE"):
            name = f"{table}_{command.lower()}"
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
            using = "" if command == "INSERT" else f" USING ({rule})"
            check = "" if command == "DELETE" else f" WITH CHECK ({rule})"
            op.execute(f"CREATE POLICY {name} ON {table} FOR {command}{using}{check}")
