"""The volunteer-initiative directory and referrals (issue 14).

- ``initiative_kinds``: the list of kinds, loaded with the defaults; region data (written by a
  regio-coördinator or beheerder).
- ``initiatives``: read by the whole region; written by a regio-coördinator anywhere and by a
  contactpersoon or consulent for their own municipality's entries (kind ``directory``).
- ``initiative_changes``: the field-level history; read by all, added to by whoever may change the
  initiative, never changed or removed (no UPDATE/DELETE grant).
- ``referrals`` (+ ``referral_members``, ``referral_status_changes``): dossier data of the dossier's
  municipality (kind ``dossier``/``dossier-child``); the status history is insert-only.
- PostgreSQL: ``dl_referral_counts`` and ``dl_household_languages`` (app.db.pg_directory), the
  counts the whole region may see.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.db.base import UTCDateTime, utcnow
from app.domain.directory import DEFAULT_KINDS

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)
INITIATIVE_STATUS = ("actief", "tijdelijk_gestopt", "gestopt")
REFERRAL_STATUS = ("voorgesteld", "aangemeld", "gestart", "gestopt", "niet_gestart")
REFERRAL_REASON = ("geen_plek", "past_niet", "geen_contact", "niet_meer_nodig", "verhuisd", "anders")
CONSENT_STATUS = ("niet_gevraagd", "gegeven", "geweigerd")
CONSENT_METHOD = ("persoonlijk", "tolk", "telefonisch")

# table -> (kind, options); see app.db.pg_security.secure_table
TABLES: dict[str, tuple[str, dict[str, object]]] = {
    "initiative_kinds": ("region", {}),
    "initiatives": ("directory", {}),
    "initiative_changes": ("directory-child", {"parent": ("initiative_id", "initiatives")}),
    "referrals": ("dossier", {}),
    "referral_members": ("dossier-child", {"parent": ("referral_id", "referrals")}),
    "referral_status_changes": ("dossier-child", {"parent": ("referral_id", "referrals")}),
}
INSERT_ONLY = ("initiative_changes", "referral_status_changes")


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
    ]


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def _check_in(table: str, column: str, name: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(repr(v) for v in values)
    return sa.CheckConstraint(f"{column} IS NULL OR {column} IN ({listed})", name=op.f(f"ck_{table}_{name}"))


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    target_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{target_table}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "initiative_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("code", 40),
        _text("label", 80),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_versioned(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_kinds")),
        sa.UniqueConstraint("code", name=op.f("uq_initiative_kinds_code")),
    )
    op.create_table(
        "initiatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        _text("name", 200),
        _text("organisation", 200),
        _text("description", 4000),
        _text("kind", 40),
        _text("target_groups", 200),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        _text("languages", 200),
        sa.Column("via_interpreter", sa.Boolean(), nullable=False),
        _text("gemeenten", 200),
        sa.Column("open_to_region", sa.Boolean(), nullable=False),
        sa.Column("places_available", sa.Integer(), nullable=True),
        sa.Column("waiting_list", sa.Boolean(), nullable=False),
        _text("schedule", 300),
        sa.Column("by_appointment", sa.Boolean(), nullable=False),
        _text("address", 200),
        sa.Column("online", sa.Boolean(), nullable=False),
        _text("accessibility", 300),
        _text("cost", 120),
        _text("contact_name", 120),
        _text("contact_phone", 40),
        _text("contact_email", 200),
        _text("website", 300),
        _text("status", 20),
        sa.Column("changed_at", UTC_TS, nullable=False),
        _text("changed_by", 120),
        sa.Column("checked_on", sa.Date(), nullable=True),
        _text("checked_by", 120),
        sa.Column("entered_on", sa.Date(), nullable=False),
        _text("search_text", 6000),
        _text("created_by", 64),
        *_versioned(),
        sa.CheckConstraint(
            "min_age IS NULL OR min_age BETWEEN 0 AND 120", name=op.f("ck_initiatives_min_age_range")
        ),
        sa.CheckConstraint(
            "max_age IS NULL OR max_age BETWEEN 0 AND 120", name=op.f("ck_initiatives_max_age_range")
        ),
        sa.CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name=op.f("ck_initiatives_age_order")
        ),
        sa.CheckConstraint(
            "places_available IS NULL OR places_available BETWEEN 0 AND 10000",
            name=op.f("ck_initiatives_places_range"),
        ),
        _check_in("initiatives", "status", "initiative_status", INITIATIVE_STATUS),
        _fk("initiatives", "gemeente_id", "gemeenten.id"),
        _fk("initiatives", "kind", "initiative_kinds.code"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatives")),
    )
    op.create_index("ix_initiatives_gemeente_status", "initiatives", ["gemeente_id", "status"])
    op.create_table(
        "initiative_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        _text("by_login", 64),
        _text("by_name", 120),
        _text("field", 40),
        _text("old_value", 4000),
        _text("new_value", 4000),
        _fk("initiative_changes", "initiative_id", "initiatives.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative_changes")),
    )
    op.create_index("ix_initiative_changes_initiative_at", "initiative_changes", ["initiative_id", "at"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        _text("status", 16),
        sa.Column("reason", sa.String(length=16), nullable=True),
        _text("reason_text", 300),
        _text("consent", 16),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("consent_method", sa.String(length=16), nullable=True),
        _text("consent_language", 60),
        _text("consent_recorded_by", 120),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("last_news_on", sa.Date(), nullable=False),
        _text("referred_by", 64),
        _text("referred_by_name", 120),
        _text("note", 300),
        sa.Column("plan_action_id", sa.Integer(), nullable=True),
        *_versioned(),
        _check_in("referrals", "status", "referral_status", REFERRAL_STATUS),
        _check_in("referrals", "reason", "referral_reason", REFERRAL_REASON),
        _check_in("referrals", "consent", "referral_consent", CONSENT_STATUS),
        _check_in("referrals", "consent_method", "referral_consent_method", CONSENT_METHOD),
        _fk("referrals", "dossier_id", "dossiers.id", "CASCADE"),
        _fk("referrals", "gemeente_id", "gemeenten.id"),
        _fk("referrals", "initiative_id", "initiatives.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    op.create_index("ix_referrals_dossier", "referrals", ["dossier_id"])
    op.create_index("ix_referrals_initiative_status", "referrals", ["initiative_id", "status"])
    op.create_index("ix_referrals_gemeente_status", "referrals", ["gemeente_id", "status", "last_news_on"])
    op.create_table(
        "referral_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        _fk("referral_members", "referral_id", "referrals.id", "CASCADE"),
        _fk("referral_members", "member_id", "dossier_members.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_members")),
        sa.UniqueConstraint("referral_id", "member_id", name=op.f("uq_referral_members_referral_member")),
    )
    op.create_table(
        "referral_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        _text("to_status", 16),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        _text("by_login", 64),
        _text("by_name", 120),
        sa.Column("reason", sa.String(length=16), nullable=True),
        _text("reason_text", 300),
        _fk("referral_status_changes", "referral_id", "referrals.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_status_changes")),
    )
    op.create_index("ix_referral_status_changes_referral", "referral_status_changes", ["referral_id"])

    insert = sa.text(
        "INSERT INTO initiative_kinds (code, label, position, active, version, created_at, updated_at) "
        "VALUES (:code, :label, :position, :active, 1, :now, :now)"
    ).bindparams(sa.bindparam("now", type_=UTCDateTime()))
    for n, (code, label) in enumerate(DEFAULT_KINDS.items(), start=1):
        op.get_bind().execute(
            insert, {"code": code, "label": label, "position": n, "active": True, "now": utcnow()}
        )

    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_directory import create_directory_functions
    from app.db.pg_security import ROLE_GROUPS, USERS, grant_sequences, secure_table

    execute = op.execute
    for table, (kind, options) in TABLES.items():
        secure_table(execute, table, kind, **options)  # type: ignore[arg-type]
    writers = ", ".join(ROLE_GROUPS[r] for r in ("regio-coördinator", "contactpersoon", "consulent"))
    for table in INSERT_ONLY:  # history: added to, never changed
        execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {writers}, {USERS}")
        execute(f"DROP POLICY IF EXISTS {table}_update ON {table}")
        execute(f"DROP POLICY IF EXISTS {table}_delete ON {table}")
    grant_sequences(execute)
    create_directory_functions(execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from app.db.pg_directory import drop_directory_functions

        drop_directory_functions(op.execute)
    for table in (
        "referral_status_changes",
        "referral_members",
        "referrals",
        "initiative_changes",
        "initiatives",
        "initiative_kinds",
    ):
        op.drop_table(table)
