"""A household is one thing, from koppeling to move-in.

- Every koppeling has exactly one dossier: the existing koppelingen without one get it now (the
  services make it from then on, app.services.cases.auto_dossiers).
- A koppeling cannot be reserved twice: a partial unique index on ``dwellings.reserved_for_id``.
  Where an older database holds two dwellings for one household, the one it was housed in (else
  the newest) keeps it; the others are available again.
- PostgreSQL: ``dl_ensure_dossiers`` / ``dl_make_dossiers``, the host's right to record the steps
  of a swapped household (policy ``koppelingen_update_host`` + trigger
  ``koppelingen_swapped_guard``), and ``dl_swap_take_effect`` that also makes and moves the dossier
  and refuses a household that no longer waits (app.db.pg_household, app.db.pg_functions).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEX = "uq_dwellings_reserved_for_id"
WHERE = "reserved_for_id IS NOT NULL"

_ONE_DWELLING_EACH = """
UPDATE dwellings SET reserved_for_id = NULL,
       status = CASE WHEN status = 'gereserveerd' THEN 'beschikbaar' ELSE status END,
       version = version + 1
 WHERE id IN (
   SELECT id FROM (
     SELECT id, row_number() OVER (
              PARTITION BY reserved_for_id
              ORDER BY CASE WHEN status = 'toegewezen' THEN 0 ELSE 1 END, id DESC) AS n
       FROM dwellings WHERE reserved_for_id IS NOT NULL) ranked
    WHERE n > 1)
"""


def upgrade() -> None:
    bind = op.get_bind()
    op.execute(_ONE_DWELLING_EACH)
    op.create_index(
        INDEX, "dwellings", ["reserved_for_id"], unique=True,
        postgresql_where=sa.text(WHERE), sqlite_where=sa.text(WHERE),
    )  # fmt: skip
    if bind.dialect.name == "postgresql":
        from app.db.pg_household import create_household_functions

        create_household_functions(op.execute)
        op.execute(
            "SELECT dl_make_dossiers(ARRAY(SELECT k.id FROM koppelingen k WHERE NOT EXISTS "
            "(SELECT 1 FROM dossiers d WHERE d.koppeling_id = k.id)), 'migratie', 'Systeem')"
        )
    else:
        from app.services.cases.auto_dossiers import make_missing_sqlite

        make_missing_sqlite(bind, "migratie", "Systeem")


def downgrade() -> None:
    # The dossiers made stay: they hold what the users added since.
    if op.get_bind().dialect.name == "postgresql":
        from app.db.pg_household import drop_household_functions

        drop_household_functions(op.execute)
    op.drop_index(INDEX, table_name="dwellings")
