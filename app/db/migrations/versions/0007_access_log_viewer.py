"""The access-log viewer: indexes for its filters, and "who has seen this dossier?" for the
dossier's own municipality.

- Indexes (both databases) so that one page (newest first, ``ORDER BY id DESC LIMIT 200``) with a
  filter reads about a page of index entries, also a million rows deep: person (``actor_login``,
  ``on_behalf_of``), object (type, id), action and result, each followed by ``id``; and ``at``
  for a date range (and ``audit verify --from``).
- PostgreSQL: ``dl_dossier_access(dossier_id, limit)``, SECURITY DEFINER owned by ``dl_owner``.
  A person may not read ``access_log``; this function returns the log rows of one dossier when the
  caller (``session_user``) may see that dossier by the dossiers policy: a reading role of the
  dossier's own municipality. Anyone else, and a dossier id that does not exist, gets the same
  refusal (no way to learn which ids exist elsewhere).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_access_log_actor_id": ("actor_login", "id"),
    "ix_access_log_behalf_id": ("on_behalf_of", "id"),
    "ix_access_log_object_id": ("object_type", "object_id", "id"),
    "ix_access_log_action_id": ("action", "id"),
    "ix_access_log_result_id": ("result", "id"),
    "ix_access_log_at": ("at",),
}
# Replaced by the (…, id) indexes above: a page is ordered by id, not by time.
OLD_INDEXES = {
    "ix_access_log_object": ("object_type", "object_id"),
    "ix_access_log_actor_at": ("actor_login", "at"),
}

SIGNATURE = "dl_dossier_access(integer, integer)"


def _function_sql() -> str:
    from app.db.pg_security import DOSSIER_READERS, OWNER

    readers = ", ".join(f"'{r}'" for r in DOSSIER_READERS)
    return f"""
CREATE OR REPLACE FUNCTION dl_dossier_access(p_dossier_id integer, p_limit integer DEFAULT 500)
RETURNS TABLE (
  id bigint, at timestamptz, actor_login text, actor_name text, on_behalf_of text,
  action text, object_type text, result text, workstation text
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
DECLARE
  g integer;
BEGIN
  SELECT d.gemeente_id INTO g FROM dossiers d WHERE d.id = p_dossier_id;
  -- As the dossiers policy decides for the caller: their own municipality and a reading role.
  IF g IS NULL OR NOT (
       pg_has_role(session_user, '{OWNER}', 'USAGE')
       OR (g = dl_user_gemeente(session_user::text)
           AND dl_user_role(session_user::text) IN ({readers}))) THEN
    RAISE EXCEPTION 'Alleen wie dit dossier mag inzien (de eigen gemeente) kan zien wie het inzag.'
      USING ERRCODE = '42501';
  END IF;
  RETURN QUERY
    SELECT l.id, l.at, l.actor_login::text, u.name::text, l.on_behalf_of::text, l.action::text,
           l.object_type::text, l.result::text, l.workstation::text
      FROM access_log l LEFT JOIN users u ON u.id = l.actor_id
     WHERE l.object_type = 'dossier' AND l.object_id = p_dossier_id::text
     ORDER BY l.id DESC
     LIMIT least(greatest(coalesce(p_limit, 500), 1), 5000);
END $$"""


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "access_log", list(columns))
    for name in OLD_INDEXES:
        op.drop_index(name, table_name="access_log")
    if op.get_bind().dialect.name == "postgresql":
        from app.db.pg_security import OWNER, USERS

        op.execute(_function_sql())
        op.execute(f"ALTER FUNCTION {SIGNATURE} OWNER TO {OWNER}")
        op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {USERS}")
        op.execute("ANALYZE access_log")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
    for name, columns in OLD_INDEXES.items():
        op.create_index(name, "access_log", list(columns))
    for name in INDEXES:
        op.drop_index(name, table_name="access_log")
