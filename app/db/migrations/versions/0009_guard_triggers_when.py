# ruff: noqa: E501 - SQL conditions read best unwrapped
"""The koppelingen and dwellings guards fire only for the rows they can refuse (PostgreSQL).

Revision 0005 made them BEFORE INSERT OR UPDATE triggers for every row: an import of 100,000 new
koppelingen called the PL/pgSQL guard 100,000 times (about a sixth of the server's time for the
insert) only for it to find nothing to check. Now each is two triggers with a WHEN condition that
holds exactly when the guard's own tests can refuse, so the guard's rules (still
``dl_koppeling_guard()`` / ``dl_dwelling_guard()``, unchanged) apply to the same rows as before:

- koppelingen on INSERT: housed by another municipality than its own;
  on UPDATE: the hosting municipality or the own municipality changes.
- dwellings on INSERT: reserved for a household; on UPDATE: the reservation changes to a household.

SQLite has no such triggers (the services check there); nothing changes on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# name: (table, timing and event, WHEN condition, function)
NEW_TRIGGERS = {
    "koppelingen_guard_insert": (
        "koppelingen", "BEFORE INSERT",
        "NEW.housed_gemeente_id IS NOT NULL AND NEW.housed_gemeente_id <> NEW.gemeente_id",
        "dl_koppeling_guard()",
    ),
    "koppelingen_guard_update": (
        "koppelingen", "BEFORE UPDATE",
        "NEW.housed_gemeente_id IS DISTINCT FROM OLD.housed_gemeente_id OR NEW.gemeente_id <> OLD.gemeente_id",
        "dl_koppeling_guard()",
    ),
    "dwellings_guard_insert": (
        "dwellings", "BEFORE INSERT", "NEW.reserved_for_id IS NOT NULL", "dl_dwelling_guard()",
    ),
    "dwellings_guard_update": (
        "dwellings", "BEFORE UPDATE",
        "NEW.reserved_for_id IS NOT NULL AND NEW.reserved_for_id IS DISTINCT FROM OLD.reserved_for_id",
        "dl_dwelling_guard()",
    ),
}  # fmt: skip
OLD_TRIGGERS = {
    "koppelingen_guard": ("koppelingen", "BEFORE INSERT OR UPDATE", "dl_koppeling_guard()"),
    "dwellings_guard": ("dwellings", "BEFORE INSERT OR UPDATE", "dl_dwelling_guard()"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, _when, _function) in OLD_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for name, (table, when, condition, function) in NEW_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(
            f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION {function}"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, _when, _condition, _function) in NEW_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for name, (table, when, function) in OLD_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}")
