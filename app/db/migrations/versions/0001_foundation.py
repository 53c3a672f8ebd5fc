"""Foundation: gemeenten, periods, users, append-only access log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)
ROLES = ("regio-coördinator", "contactpersoon", "consulent", "alleen-lezen", "beheerder")
ACTIONS = ("read", "search", "create", "update", "delete", "print", "export", "import", "login")


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
    ]


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "gemeenten",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cbs_code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("subregion", sa.String(length=8), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_versioned(),
        sa.CheckConstraint("population >= 0", name=op.f("ck_gemeenten_population_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gemeenten")),
        sa.UniqueConstraint("cbs_code", name=op.f("uq_gemeenten_cbs_code")),
    )
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=7), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("half", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        *_versioned(),
        sa.CheckConstraint("half IN (1, 2)", name=op.f("ck_periods_half_is_1_or_2")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_periods")),
        sa.UniqueConstraint("code", name=op.f("uq_periods_code")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_versioned(),
        sa.CheckConstraint(_in("role", ROLES), name=op.f("ck_users_role")),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_users_gemeente_id_gemeenten")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    )
    op.create_table(
        "access_log",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_login", sa.String(length=64), nullable=False),
        sa.Column("on_behalf_of", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("gemeente_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("workstation", sa.String(length=120), nullable=False),
        sa.CheckConstraint(_in("action", ACTIONS), name=op.f("ck_access_log_action")),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_access_log_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    op.create_index("ix_access_log_actor_at", "access_log", ["actor_login", "at"], unique=False)
    op.create_index("ix_access_log_object", "access_log", ["object_type", "object_id"], unique=False)
    _append_only("access_log")


def _append_only(table: str) -> None:
    """The log must not be altered after the fact, not even by a bug in this program."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END $$;
            """
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION refuse_change()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS access_log_append_only ON access_log")
        op.execute("DROP FUNCTION IF EXISTS refuse_change()")
    op.drop_index("ix_access_log_object", table_name="access_log")
    op.drop_index("ix_access_log_actor_at", table_name="access_log")
    op.drop_table("access_log")
    op.drop_table("users")
    op.drop_table("periods")
    op.drop_table("gemeenten")
