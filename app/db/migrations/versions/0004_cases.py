"""Case register: dossiers, members, milestones, NOA parts, plan of action, timeline, handovers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)

# Enum values as they were when this revision was written; later changes need their own revision.
DOSSIER_STATUS = ("open", "gesloten")
MEMBER_ROLE = ("hoofdaanvrager", "partner", "kind", "overig")
MILESTONE_KIND = (
    "gekoppeld",
    "rechten_plichten",
    "noa",
    "intake",
    "plan_vastgesteld",
    "verhuisd",
    "overdrachten_afgerond",
)
NOA_PART = (
    "achtergrond",
    "ptss",
    "emotionele_stabiliteit",
    "taal_nl",
    "taal_en",
    "leerbaarheid",
    "werkmotivatie",
    "persoonlijkheid",
    "competenties",
)
PLAN_DOMAIN = ("huisvesting", "gezondheid_participatie", "onderwijs_inburgering", "werk_inkomen")
ACTION_STATUS = ("open", "bezig", "gedaan", "vervallen")
TIMELINE_KIND = (
    "dossier",
    "lid",
    "mijlpaal",
    "noa",
    "plan",
    "overdracht",
    "toestemming",
    "status",
    "checklist",
    "afdruk",
    "verplaatst",
)
HANDOVER_KIND = ("gca_huisarts", "jgz", "vwn_mb", "risk_signal")
HANDOVER_STATUS = ("te_doen", "aangevraagd", "verzonden", "ontvangen", "afgerond", "geweigerd", "ingetrokken")
CONSENT_STATUS = ("niet_gevraagd", "gegeven", "geweigerd")
RISK_CATEGORY = ("gezondheid", "psychisch", "schulden", "veiligheid", "onderwijs", "overig")
RISK_URGENCY = ("laag", "middel", "hoog")
RISK_RECEIVER = ("wijkteam", "huisarts", "jgz", "maatschappelijke_begeleiding")


def _versioned() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
    ]


def _check_in(table: str, column: str, enum_name: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(repr(v) for v in values)
    condition = f"{column} IN ({listed})"
    return sa.CheckConstraint(f"{column} IS NULL OR {condition}", name=op.f(f"ck_{table}_{enum_name}"))


def _fk(table: str, column: str, target: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), ondelete=ondelete
    )


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def upgrade() -> None:
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("koppeling_id", sa.Integer(), nullable=True),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        _text("v_nummer", 10),
        _text("status", 12),
        sa.Column("linked_on", sa.Date(), nullable=True),
        sa.Column("moving_date", sa.Date(), nullable=True),
        _text("address_after_move", 200),
        sa.Column("expected_followers", sa.Integer(), nullable=False),
        _text("head_name", 120),
        sa.Column("member_count", sa.Integer(), nullable=False),
        _text("search_text", 2000),
        _text("created_by", 64),
        *_versioned(),
        sa.CheckConstraint("expected_followers >= 0", name=op.f("ck_dossiers_followers_not_negative")),
        _check_in("dossiers", "status", "dossier_status", DOSSIER_STATUS),
        _fk("dossiers", "gemeente_id", "gemeenten.id"),
        _fk("dossiers", "koppeling_id", "koppelingen.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("koppeling_id", name=op.f("uq_dossiers_koppeling_id")),
    )
    op.create_index("ix_dossiers_gemeente_head_name", "dossiers", ["gemeente_id", "head_name"])
    op.create_index("ix_dossiers_gemeente_status", "dossiers", ["gemeente_id", "status"])
    op.create_index("ix_dossiers_gemeente_moving_date", "dossiers", ["gemeente_id", "moving_date"])
    op.create_index("ix_dossiers_gemeente_linked_on", "dossiers", ["gemeente_id", "linked_on"])
    op.create_index("ix_dossiers_head_name", "dossiers", ["head_name"])
    op.create_index("ix_dossiers_v_nummer", "dossiers", ["v_nummer"])
    if op.get_context().dialect.name == "sqlite":  # see the model: counting text searches
        op.create_index("ix_dossiers_search", "dossiers", ["gemeente_id", "status", "search_text"])

    op.create_table(
        "dossier_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        _text("name", 120),
        sa.Column("name_arabic", sa.String(length=120), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("v_nummer", sa.String(length=10), nullable=True),
        sa.Column("bsn", sa.String(length=9), nullable=True),
        _text("role", 16),
        _text("languages", 120),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("pre_integration_hours", sa.Integer(), nullable=False),
        sa.Column("pre_integration_language_hours", sa.Integer(), nullable=False),
        *_versioned(),
        sa.CheckConstraint(
            "pre_integration_hours BETWEEN 0 AND 158", name=op.f("ck_dossier_members_pre_integration_hours")
        ),
        sa.CheckConstraint(
            "pre_integration_language_hours BETWEEN 0 AND 121 "
            "AND pre_integration_language_hours <= pre_integration_hours",
            name=op.f("ck_dossier_members_pre_integration_language_hours"),
        ),
        _check_in("dossier_members", "role", "member_role", MEMBER_ROLE),
        _fk("dossier_members", "dossier_id", "dossiers.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_members")),
        sa.UniqueConstraint("bsn", name=op.f("uq_dossier_members_bsn")),
    )
    op.create_index("ix_dossier_members_dossier", "dossier_members", ["dossier_id"])
    op.create_index("ix_dossier_members_v_nummer", "dossier_members", ["v_nummer"])

    op.create_table(
        "dossier_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        _text("kind", 24),
        sa.Column("done_on", sa.Date(), nullable=False),
        _text("done_by", 120),
        _text("recorded_by", 64),
        *_versioned(),
        _check_in("dossier_milestones", "kind", "milestone_kind", MILESTONE_KIND),
        _fk("dossier_milestones", "dossier_id", "dossiers.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_milestones")),
        sa.UniqueConstraint("dossier_id", "kind", name="uq_dossier_milestones_dossier_kind"),
    )

    op.create_table(
        "noa_parts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        _text("part", 24),
        sa.Column("done_on", sa.Date(), nullable=False),
        _text("done_by", 120),
        _text("recorded_by", 64),
        *_versioned(),
        _check_in("noa_parts", "part", "noa_part", NOA_PART),
        _fk("noa_parts", "dossier_id", "dossiers.id", "CASCADE"),
        _fk("noa_parts", "member_id", "dossier_members.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_noa_parts")),
        sa.UniqueConstraint("member_id", "part", name="uq_noa_parts_member_part"),
    )
    op.create_index("ix_noa_parts_dossier", "noa_parts", ["dossier_id"])

    op.create_table(
        "plan_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        _text("domain", 32),
        sa.Column("member_id", sa.Integer(), nullable=True),
        _text("text", 300),
        *_versioned(),
        _check_in("plan_goals", "domain", "plan_domain", PLAN_DOMAIN),
        _fk("plan_goals", "dossier_id", "dossiers.id", "CASCADE"),
        _fk("plan_goals", "member_id", "dossier_members.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goals")),
    )
    op.create_index("ix_plan_goals_dossier", "plan_goals", ["dossier_id"])

    op.create_table(
        "plan_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        _text("text", 300),
        _text("owner", 120),
        sa.Column("due_on", sa.Date(), nullable=True),
        _text("status", 12),
        sa.Column("done_on", sa.Date(), nullable=True),
        *_versioned(),
        _check_in("plan_actions", "status", "action_status", ACTION_STATUS),
        _fk("plan_actions", "goal_id", "plan_goals.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_actions")),
    )
    op.create_index("ix_plan_actions_goal", "plan_actions", ["goal_id"])

    op.create_table(
        "dossier_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        _text("by_login", 64),
        _text("by_name", 120),
        _text("kind", 16),
        _text("text", 500),
        sa.Column("handover_id", sa.Integer(), nullable=True),
        _check_in("dossier_events", "kind", "timeline_kind", TIMELINE_KIND),
        _fk("dossier_events", "dossier_id", "dossiers.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_events")),
    )
    op.create_index("ix_dossier_events_dossier_at", "dossier_events", ["dossier_id", "at"])

    op.create_table(
        "handovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        _text("kind", 16),
        sa.Column("member_id", sa.Integer(), nullable=True),
        _text("sender_org", 120),
        _text("sender_person", 120),
        _text("sender_phone", 40),
        _text("sender_email", 200),
        _text("receiver_org", 120),
        _text("receiver_person", 120),
        _text("receiver_phone", 40),
        _text("receiver_email", 200),
        _text("consent", 16),
        sa.Column("consent_on", sa.Date(), nullable=True),
        _text("consent_recorded_by", 120),
        _text("consent_scope", 300),
        sa.Column("override_reason", sa.String(length=500), nullable=True),
        sa.Column("override_by", sa.String(length=120), nullable=True),
        sa.Column("override_at", UTC_TS, nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_set_by_hand", sa.Boolean(), nullable=False),
        _text("status", 16),
        _text("status_reason", 500),
        sa.Column("status_changed_at", UTC_TS, nullable=True),
        _text("status_changed_by", 120),
        sa.Column("assigned_to", sa.String(length=64), nullable=True),
        _text("created_by", 64),
        sa.Column("risk_category", sa.String(length=16), nullable=True),
        sa.Column("risk_urgency", sa.String(length=8), nullable=True),
        sa.Column("risk_receiver", sa.String(length=32), nullable=True),
        _text("follow_up_owner", 120),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        _text("note", 300),
        *_versioned(),
        sa.CheckConstraint("kind <> 'jgz' OR member_id IS NOT NULL", name=op.f("ck_handovers_jgz_per_child")),
        sa.CheckConstraint(
            "kind <> 'risk_signal' OR (risk_category IS NOT NULL AND risk_urgency IS NOT NULL)",
            name=op.f("ck_handovers_risk_signal_classified"),
        ),
        _check_in("handovers", "kind", "handover_kind", HANDOVER_KIND),
        _check_in("handovers", "status", "handover_status", HANDOVER_STATUS),
        _check_in("handovers", "consent", "consent_status", CONSENT_STATUS),
        _check_in("handovers", "risk_category", "risk_category", RISK_CATEGORY),
        _check_in("handovers", "risk_urgency", "risk_urgency", RISK_URGENCY),
        _check_in("handovers", "risk_receiver", "risk_receiver", RISK_RECEIVER),
        _fk("handovers", "dossier_id", "dossiers.id", "CASCADE"),
        _fk("handovers", "member_id", "dossier_members.id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    op.create_index("ix_handovers_dossier", "handovers", ["dossier_id", "status"])
    op.create_index("ix_handovers_status_due", "handovers", ["status", "due_on", "dossier_id"])

    op.create_table(
        "handover_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        _text("item_key", 40),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("text", 200),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        _text("done_by", 120),
        *_versioned(),
        _fk("handover_checks", "handover_id", "handovers.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_checks")),
        sa.UniqueConstraint("handover_id", "item_key", name="uq_handover_checks_handover_item"),
    )

    op.create_table(
        "handover_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handover_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        _text("to_status", 16),
        sa.Column("at", UTC_TS, nullable=False),
        _text("by_login", 64),
        _text("by_name", 120),
        _text("reason", 500),
        sa.Column("without_consent", sa.Boolean(), nullable=False),
        _check_in("handover_status_changes", "from_status", "from_status", HANDOVER_STATUS),
        _check_in("handover_status_changes", "to_status", "to_status", HANDOVER_STATUS),
        _fk("handover_status_changes", "handover_id", "handovers.id", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_status_changes")),
    )
    op.create_index("ix_handover_status_changes_handover", "handover_status_changes", ["handover_id"])


def downgrade() -> None:
    op.drop_index("ix_handover_status_changes_handover", table_name="handover_status_changes")
    op.drop_table("handover_status_changes")
    op.drop_table("handover_checks")
    op.drop_index("ix_handovers_status_due", table_name="handovers")
    op.drop_index("ix_handovers_dossier", table_name="handovers")
    op.drop_table("handovers")
    op.drop_index("ix_dossier_events_dossier_at", table_name="dossier_events")
    op.drop_table("dossier_events")
    op.drop_index("ix_plan_actions_goal", table_name="plan_actions")
    op.drop_table("plan_actions")
    op.drop_index("ix_plan_goals_dossier", table_name="plan_goals")
    op.drop_table("plan_goals")
    op.drop_index("ix_noa_parts_dossier", table_name="noa_parts")
    op.drop_table("noa_parts")
    op.drop_table("dossier_milestones")
    op.drop_index("ix_dossier_members_v_nummer", table_name="dossier_members")
    op.drop_index("ix_dossier_members_dossier", table_name="dossier_members")
    op.drop_table("dossier_members")
    if op.get_context().dialect.name == "sqlite":
        op.drop_index("ix_dossiers_search", table_name="dossiers")
    op.drop_index("ix_dossiers_v_nummer", table_name="dossiers")
    op.drop_index("ix_dossiers_head_name", table_name="dossiers")
    op.drop_index("ix_dossiers_gemeente_linked_on", table_name="dossiers")
    op.drop_index("ix_dossiers_gemeente_moving_date", table_name="dossiers")
    op.drop_index("ix_dossiers_gemeente_status", table_name="dossiers")
    op.drop_index("ix_dossiers_gemeente_head_name", table_name="dossiers")
    op.drop_table("dossiers")
