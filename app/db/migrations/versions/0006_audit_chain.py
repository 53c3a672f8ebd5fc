# ruff: noqa: E501 - SQL function bodies read best unwrapped
"""A tamper-evident access log; insert-only timeline and handover history.

- ``access_log`` gets ``db_login`` and ``client_addr`` (set by the database on PostgreSQL) and
  ``prev_hash``/``row_hash``: each row's sha256 over its fields and the previous row's hash
  (``app.db.models.access.canonical_text``). On PostgreSQL a BEFORE INSERT trigger computes it,
  serialised on the one-row ``access_log_chain`` head (locked FOR UPDATE), and gives a row that
  was overtaken a fresh id, so id order is chain order. On SQLite the program does the same.
  The rows already there are chained now, in id order.
- ``dossier_events`` and ``handover_status_changes``: insert-only (no UPDATE/DELETE grants, a
  trigger that refuses changes on both databases).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INSERT_ONLY = ("dossier_events", "handover_status_changes")
CHAIN_FIELDS = (
    "id", "at", "actor_id", "actor_login", "on_behalf_of", "action", "object_type", "object_id",
    "gemeente_id", "result", "detail", "workstation", "db_login", "client_addr", "prev_hash",
)  # fmt: skip

# Each field as <length>:<text>, NULL as ~, joined by | after the version tag (as canonical_text).
_ENC = """
CREATE OR REPLACE FUNCTION dl_chain_field(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce(length(t)::text || ':' || t, '~') $$"""


def _field_sql(name: str) -> str:
    if name == "at":
        return "dl_chain_field(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'))"
    return f"dl_chain_field(r.{name}::text)"


_HASH = f"""
CREATE OR REPLACE FUNCTION dl_access_log_hash(r access_log) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
SELECT encode(sha256(convert_to(concat_ws('|', 'v1', {", ".join(_field_sql(f) for f in CHAIN_FIELDS)}), 'UTF8')), 'hex')
$$"""

# SECURITY DEFINER: the chain head is the owner's; session_user is the person's login here.
_CHAIN = """
CREATE OR REPLACE FUNCTION dl_access_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head access_log_chain%ROWTYPE;
BEGIN
  SELECT * INTO head FROM access_log_chain WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'access_log_chain has no head row' USING ERRCODE = '55000';
  END IF;
  -- Another session's row, numbered later, went first: this one takes the next number.
  IF NEW.id IS NULL OR NEW.id <= coalesce(head.last_id, 0) THEN
    NEW.id := nextval('access_log_id_seq');
    IF NEW.id <= coalesce(head.last_id, 0) THEN
      NEW.id := head.last_id + 1;
      PERFORM setval('access_log_id_seq', NEW.id);
    END IF;
  END IF;
  NEW.db_login := left(session_user::text, 64);
  NEW.client_addr := host(inet_client_addr());
  NEW.prev_hash := head.last_hash;
  NEW.row_hash := dl_access_log_hash(NEW);
  UPDATE access_log_chain SET last_id = NEW.id, last_hash = NEW.row_hash WHERE id = 1;
  RETURN NEW;
END $$"""

# Backfill: the rows written before this revision, chained in id order (triggers are off meanwhile).
_BACKFILL = """
DO $$
DECLARE
  r access_log%ROWTYPE;
  prev text := NULL;
  last bigint := NULL;
BEGIN
  FOR r IN SELECT * FROM access_log ORDER BY id LOOP
    r.prev_hash := prev;
    r.row_hash := dl_access_log_hash(r);
    UPDATE access_log SET prev_hash = r.prev_hash, row_hash = r.row_hash WHERE id = r.id;
    prev := r.row_hash;
    last := r.id;
  END LOOP;
  UPDATE access_log_chain SET last_id = last, last_hash = prev WHERE id = 1;
END $$"""


def upgrade() -> None:
    for column in ("db_login", "client_addr", "prev_hash", "row_hash"):
        op.add_column("access_log", sa.Column(column, sa.String(length=64), nullable=True))
    op.create_table(
        "access_log_chain",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("last_hash", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log_chain")),
    )
    op.execute("INSERT INTO access_log_chain (id, last_id, last_hash) VALUES (1, NULL, NULL)")
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_postgresql() -> None:
    from app.db.pg_security import OWNER, ROLE_GROUPS, USERS, secure_table

    execute = op.execute
    secure_table(execute, "access_log_chain", "readonly")  # written by the trigger (as the owner) only
    for sql in (_ENC, _HASH, _CHAIN):
        execute(sql)
    for signature in ("dl_chain_field(text)", "dl_access_log_hash(access_log)", "dl_access_log_chain()"):
        execute(f"ALTER FUNCTION {signature} OWNER TO {OWNER}")
        execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {USERS}, {OWNER}")
    execute("ALTER TABLE access_log DISABLE TRIGGER access_log_append_only")
    execute(_BACKFILL)
    execute("ALTER TABLE access_log ENABLE TRIGGER access_log_append_only")
    # PostgreSQL fires BEFORE triggers by name: "z" comes after access_log_stamp (time, actor id).
    execute("DROP TRIGGER IF EXISTS access_log_z_chain ON access_log")
    execute(
        "CREATE TRIGGER access_log_z_chain BEFORE INSERT ON access_log "
        "FOR EACH ROW EXECUTE FUNCTION dl_access_log_chain()"
    )
    # Insert-only: the writers keep INSERT; UPDATE and DELETE go, for everyone, by trigger too.
    writers = ", ".join(ROLE_GROUPS[r] for r in ("regio-coördinator", "contactpersoon", "consulent"))
    for table in INSERT_ONLY:
        execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {writers}, {USERS}")
        execute(f"DROP POLICY IF EXISTS {table}_update ON {table}")
        execute(f"DROP POLICY IF EXISTS {table}_delete ON {table}")
        execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
        )


def _upgrade_sqlite() -> None:
    from app.db.base import UTCDateTime
    from app.db.models.access import chain_hash

    bind = op.get_bind()
    query = sa.text(f"SELECT {', '.join(CHAIN_FIELDS[:-1])} FROM access_log ORDER BY id").columns(
        at=UTCDateTime()
    )
    prev = None
    last = None
    op.execute("DROP TRIGGER IF EXISTS access_log_no_update")
    for row in bind.execute(query).all():
        row_hash = chain_hash([*row, prev])
        bind.execute(
            sa.text("UPDATE access_log SET prev_hash = :p, row_hash = :h WHERE id = :id"),
            {"p": prev, "h": row_hash, "id": row[0]},
        )
        prev, last = row_hash, row[0]
    bind.execute(
        sa.text("UPDATE access_log_chain SET last_id = :id, last_hash = :h WHERE id = 1"),
        {"id": last, "h": prev},
    )
    op.execute(
        "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log "
        "BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END"
    )
    for table in INSERT_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is insert-only'); END"
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS access_log_z_chain ON access_log")
        for table in INSERT_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS dl_access_log_chain()")
        op.execute("DROP FUNCTION IF EXISTS dl_access_log_hash(access_log)")
        op.execute("DROP FUNCTION IF EXISTS dl_chain_field(text)")
        from app.db.pg_security import secure_table

        for table in INSERT_ONLY:  # back to an ordinary dossier child
            parent = ("dossier_id", "dossiers") if table == "dossier_events" else ("handover_id", "handovers")
            secure_table(op.execute, table, "dossier-child", parent=parent)
    else:
        for table in INSERT_ONLY:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    op.drop_table("access_log_chain")
    for column in ("row_hash", "prev_hash", "client_addr", "db_login"):
        op.execute(f"ALTER TABLE access_log DROP COLUMN {column}")  # SQLite 3.35+ too; triggers stay
