# ruff: noqa: E501 - SQL function bodies read best unwrapped
"""Retention of closed dossiers: when a dossier was closed, how long it is kept, and the purge.

- ``dossiers.closed_on``: the day the dossier was closed (NULL while open). Dossiers closed before
  this revision get the day of their last change: never earlier than the real closing day, so
  nothing goes sooner than it should.
- ``app_meta['retention_years']``: the term in whole years (1–30, 7 when absent), written by a
  beheerder only.
- Purge: a dossier closed before today minus the term goes with all its child rows (members with
  their BSN, milestones, NOA parts, plan, timeline, handovers with checklists and status history;
  the foreign keys cascade).

``dossier_events`` and ``handover_status_changes`` stay insert-only (revision 0006) except during
a purge. The purge marks its own transaction with an ``app_meta`` row ``purge_txid`` = the
transaction's id; the triggers let a DELETE through only while that row names the current
transaction. Only the owner can write ``app_meta`` (row-level security), so a person cannot set
the mark, and the purge function removes it before it returns. A GUC (``SET dl.purge``) would not
do: anyone may set one, and a cascaded delete runs as the table owner. On SQLite the program is
the only guard anyway: the triggers check for an ``app_meta`` row ``purge``, which the purge
service inserts and removes within its own transaction.

On PostgreSQL a beheerder sees no dossiers (row-level security), so the list and the purge run as
SECURITY DEFINER functions owned by dl_owner, executable by the beheerder group only; each checks
that the caller is an active beheerder (or the owner) and works out the dossiers itself from the
stored term, never from a list the client sends.

Revision ID: 0008
Revises: 0007 (the lead re-points this to 0007 when merging)
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INSERT_ONLY = ("dossier_events", "handover_status_changes")
DEFAULT_YEARS = 7
MIN_YEARS, MAX_YEARS = 1, 30

_IS_BEHEERDER = """
CREATE OR REPLACE FUNCTION dl_is_beheerder() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT pg_has_role(session_user, 'dl_owner', 'USAGE')
      OR EXISTS (SELECT 1 FROM users WHERE login = session_user::text AND active AND role = 'beheerder')
$$"""

_YEARS = f"""
CREATE OR REPLACE FUNCTION dl_retention_years() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce((SELECT value::integer FROM app_meta WHERE key = 'retention_years'), {DEFAULT_YEARS})
$$"""

_CHECK = """
  IF NOT dl_is_beheerder() THEN
    RAISE EXCEPTION 'Alleen een beheerder kan de bewaartermijn instellen of dossiers opschonen.'
      USING ERRCODE = '42501';
  END IF;
"""

_SET_YEARS = f"""
CREATE OR REPLACE FUNCTION dl_set_retention_years(p_years integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  {_CHECK}
  IF p_years IS NULL OR p_years < {MIN_YEARS} OR p_years > {MAX_YEARS} THEN
    RAISE EXCEPTION 'De bewaartermijn moet tussen {MIN_YEARS} en {MAX_YEARS} jaar liggen.' USING ERRCODE = '22023';
  END IF;
  INSERT INTO app_meta (key, value) VALUES ('retention_years', p_years::text)
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
  RETURN p_years;
END $$"""

# The dossiers past the term, oldest first: id, municipality code, closing day. Nothing personal.
_EXPIRED = """
CREATE OR REPLACE FUNCTION dl_retention_expired()
RETURNS TABLE (dossier_id integer, cbs_code text, closed_on date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  {check}
  RETURN QUERY
    SELECT d.id, g.cbs_code::text, d.closed_on FROM dossiers d JOIN gemeenten g ON g.id = d.gemeente_id
     WHERE d.status = 'gesloten' AND d.closed_on IS NOT NULL
       AND d.closed_on < (current_date - make_interval(years => dl_retention_years()))::date
     ORDER BY d.closed_on, d.id;
END $$""".replace("{check}", _CHECK)

# At most p_limit of them, deleted with their children; returns the ids. The caller repeats it in
# one transaction until fewer come back (bounded statements, progress in between).
_PURGE = """
CREATE OR REPLACE FUNCTION dl_retention_purge(p_limit integer) RETURNS SETOF integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  batch integer[];
BEGIN
  {check}
  SELECT coalesce(array_agg(e.dossier_id), '{}') INTO batch
    FROM (SELECT x.dossier_id FROM dl_retention_expired() x LIMIT greatest(coalesce(p_limit, 500), 1)) e;
  IF cardinality(batch) = 0 THEN
    RETURN;
  END IF;
  -- The mark that lets the insert-only triggers pass (see the revision's docstring); a second
  -- purge waits here until this one's transaction ends.
  INSERT INTO app_meta (key, value) VALUES ('purge_txid', txid_current()::text);
  DELETE FROM dossiers WHERE id = ANY (batch);
  DELETE FROM app_meta WHERE key = 'purge_txid';
  RETURN QUERY SELECT unnest(batch);
END $$""".replace("{check}", _CHECK)

_GUARD = """
CREATE OR REPLACE FUNCTION dl_insert_only_unless_purge() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
       SELECT 1 FROM app_meta WHERE key = 'purge_txid' AND value = txid_current()::text) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;  -- the words of refuse_change (0001)
END $$"""

_FUNCTIONS = {
    "dl_is_beheerder()": _IS_BEHEERDER,
    "dl_retention_years()": _YEARS,
    "dl_set_retention_years(integer)": _SET_YEARS,
    "dl_retention_expired()": _EXPIRED,
    "dl_retention_purge(integer)": _PURGE,
}


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("closed_on", sa.Date(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE dossiers SET closed_on = (updated_at AT TIME ZONE 'UTC')::date WHERE status = 'gesloten'"
        )
    else:
        op.execute("UPDATE dossiers SET closed_on = date(updated_at) WHERE status = 'gesloten'")
    op.create_index("ix_dossiers_status_closed_on", "dossiers", ["status", "closed_on"])
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_postgresql() -> None:
    from app.db.pg_security import OWNER, ROLE_GROUPS, USERS

    execute = op.execute
    for signature, sql in _FUNCTIONS.items():
        execute(sql)
        execute(f"ALTER FUNCTION {signature} OWNER TO {OWNER}")
        execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        # dl_is_beheerder/dl_retention_years are called inside the others (as the owner); only the
        # beheerder group calls the list, the setting and the purge.
        execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {ROLE_GROUPS['beheerder']}, {OWNER}")
    execute(_GUARD)
    execute(f"ALTER FUNCTION dl_insert_only_unless_purge() OWNER TO {OWNER}")
    execute("REVOKE ALL ON FUNCTION dl_insert_only_unless_purge() FROM PUBLIC")
    execute(f"GRANT EXECUTE ON FUNCTION dl_insert_only_unless_purge() TO {USERS}, {OWNER}")
    for table in INSERT_ONLY:
        execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION dl_insert_only_unless_purge()"
        )


def _upgrade_sqlite() -> None:
    for table in INSERT_ONLY:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "WHEN NOT EXISTS (SELECT 1 FROM app_meta WHERE key = 'purge') "
            f"BEGIN SELECT RAISE(ABORT, '{table} is insert-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in INSERT_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
            )
        op.execute("DROP FUNCTION IF EXISTS dl_insert_only_unless_purge()")
        for signature in reversed(list(_FUNCTIONS)):
            op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    else:
        for table in INSERT_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is insert-only'); END"
            )
    op.execute("DELETE FROM app_meta WHERE key IN ('retention_years', 'purge', 'purge_txid')")
    op.drop_index("ix_dossiers_status_closed_on", table_name="dossiers")
    op.execute("ALTER TABLE dossiers DROP COLUMN closed_on")
