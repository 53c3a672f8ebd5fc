# ruff: noqa: E501 - the SQL function body reads best unwrapped
"""Phone numbers and e-mail for the pack's "Wie kunt u bellen?" (issue 17): ``users.phone``, and
``gemeenten.phone`` / ``gemeenten.email`` (the municipality's general number and address).

No new tables, so the existing policies hold: ``gemeenten`` is region data (written by a
regio-coördinator or a beheerder, kind ``region``), ``users`` is written only through the
user-management functions. ``dl_set_user_phone`` is the one new way in: a beheerder sets anyone's
number, every other user only their own; the database checks who calls (``session_user``).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

SET_PHONE = """
CREATE OR REPLACE FUNCTION dl_set_user_phone(p_id integer, p_phone text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  u users%ROWTYPE;
  digits integer;
BEGIN
  SELECT * INTO u FROM users WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Deze gebruiker bestaat niet (meer).' USING ERRCODE = 'P0002';
  END IF;
  IF NOT (dl_may_manage_users() OR u.login = session_user::text) THEN
    RAISE EXCEPTION 'Alleen een beheerder kan het telefoonnummer van een ander wijzigen.' USING ERRCODE = '42501';
  END IF;
  p_phone := btrim(coalesce(p_phone, ''));
  digits := length(regexp_replace(p_phone, '[^0-9]', '', 'g'));
  IF p_phone <> '' AND (length(p_phone) > 40 OR p_phone !~ '^\\+?[0-9 ()./-]+$' OR digits NOT BETWEEN 5 AND 15) THEN
    RAISE EXCEPTION 'Een telefoonnummer bestaat uit cijfers, spaties en streepjes (bijvoorbeeld 030 286 00 00).' USING ERRCODE = '22023';
  END IF;
  IF p_phone IS DISTINCT FROM u.phone THEN
    UPDATE users SET phone = p_phone, version = version + 1, updated_at = now() WHERE id = p_id;
    RETURN u.version + 1;
  END IF;
  RETURN u.version;
END $$"""


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=40), nullable=False, server_default=""))
    with op.batch_alter_table("gemeenten") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=40), nullable=False, server_default=""))
        batch.add_column(sa.Column("email", sa.String(length=200), nullable=False, server_default=""))
    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_security import create_user_functions

    # Owned by the owner, who alone may write users rows outside the user-management functions.
    create_user_functions(op.execute, {"dl_set_user_phone(integer, text)": SET_PHONE})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS dl_set_user_phone(integer, text)")
    with op.batch_alter_table("gemeenten") as batch:
        batch.drop_column("email")
        batch.drop_column("phone")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("phone")
