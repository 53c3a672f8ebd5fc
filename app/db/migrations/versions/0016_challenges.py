"""The employer challenge planner (issue 15): employers and their contacts, challenges with their
checklists and invited employers, pledged places, yearly targets, and — dossier data — work
profiles, candidates and their pipeline history.

- ``employers``, ``challenges``, ``pledges``: read by the whole region; kept by the municipality in
  ``gemeente_id`` (a regio-coördinator keeps all): kind ``directory``; their children
  (``employer_contacts``, ``challenge_checks``, ``challenge_employers``) kind ``directory-child``.
- ``challenge_targets``: region data (regio-coördinator, beheerder).
- ``work_profiles``: a child of the dossier; ``candidates``: dossier data of the dossier's
  municipality, and (as with referrals, 0014) the dossier and member it points at must be the
  writer's own; ``candidate_status_changes``: insert-only.
- PostgreSQL: ``dl_pledge_counts`` (app.db.pg_challenges), the counts the whole region may see.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)

# table -> (kind, options); see app.db.pg_security.secure_table
TABLES: dict[str, tuple[str, dict[str, object]]] = {
    "employers": ("directory", {}),
    "employer_contacts": ("directory-child", {"parent": ("employer_id", "employers")}),
    "challenges": ("directory", {}),
    "challenge_checks": ("directory-child", {"parent": ("challenge_id", "challenges")}),
    "challenge_employers": ("directory-child", {"parent": ("challenge_id", "challenges")}),
    "pledges": ("directory", {}),
    "challenge_targets": ("region", {}),
    "work_profiles": ("dossier-child", {"parent": ("dossier_id", "dossiers")}),
    "candidates": ("dossier", {}),
    "candidate_status_changes": ("dossier-child", {"parent": ("candidate_id", "candidates")}),
}
INSERT_ONLY = ("candidate_status_changes",)
# The dossier and member a candidate or work profile points at: visible (own municipality), and the
# member one of that dossier's (the foreign key checks do not look through row-level security).
_CANDIDATE_DOSSIER = (
    "candidates.dossier_id IN (SELECT d.id FROM dossiers d WHERE d.gemeente_id = candidates.gemeente_id) "
    "AND candidates.member_id IN "
    "(SELECT m.id FROM dossier_members m WHERE m.dossier_id = candidates.dossier_id)"
)
_PROFILE_MEMBER = (
    "work_profiles.member_id IN "
    "(SELECT m.id FROM dossier_members m WHERE m.dossier_id = work_profiles.dossier_id)"
)


def _check_in(table: str, column: str, name: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(repr(v) for v in values)
    return sa.CheckConstraint(f"{column} IS NULL OR {column} IN ({listed})", name=op.f(f"ck_{table}_{name}"))


def _tighten(table: str, extra: str) -> None:
    """Add ``extra`` to the insert and update rules secure_table gave ``table``."""
    from app.db.pg_security import DOSSIER_WRITERS, IS_OWNER, MY_GEMEENTE, _roles_in

    if table == "candidates":
        rule = f"{IS_OWNER} OR (gemeente_id = {MY_GEMEENTE} AND {_roles_in(DOSSIER_WRITERS)})"
    else:
        rule = "dossier_id IN (SELECT p.id FROM dossiers p)"
    rule = f"({rule}) AND ({IS_OWNER} OR {extra})"
    op.execute(f"DROP POLICY IF EXISTS {table}_insert ON {table}")
    op.execute(f"CREATE POLICY {table}_insert ON {table} FOR INSERT WITH CHECK ({rule})")
    op.execute(f"DROP POLICY IF EXISTS {table}_update ON {table}")
    op.execute(f"CREATE POLICY {table}_update ON {table} FOR UPDATE USING ({rule}) WITH CHECK ({rule})")


def upgrade() -> None:
    op.create_table(
        "challenge_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("set_by_hand", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint("places BETWEEN 0 AND 100000", name=op.f("ck_challenge_targets_places_range")),
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name=op.f("ck_challenge_targets_year_range")),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_challenge_targets_gemeente_id_gemeenten")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_targets")),
        sa.UniqueConstraint("year", "gemeente_id", name="uq_challenge_targets_year_gemeente"),
    )
    op.create_table(
        "challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("from_time", sa.String(length=5), nullable=False),
        sa.Column("to_time", sa.String(length=5), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=False),
        sa.Column("organisers", sa.String(length=200), nullable=False),
        sa.Column("target_places", sa.Integer(), nullable=False),
        sa.Column("target_kinds", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint(
            "target_places BETWEEN 0 AND 10000", name=op.f("ck_challenges_target_places_range")
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_challenges_gemeente_id_gemeenten")
        ),
        _check_in(
            "challenges",
            "status",
            "challenge_status",
            ("in_voorbereiding", "uitnodigingen_verstuurd", "gehouden", "afgerond"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
    )
    op.create_index("ix_challenges_held_on", "challenges", ["held_on"])
    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kvk", sa.String(length=8), nullable=True),
        sa.Column("sector", sa.String(length=1), nullable=False),
        sa.Column("size_class", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("wsp", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.String(length=1000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_employers_gemeente_id_gemeenten")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("kvk", name=op.f("uq_employers_kvk")),
    )
    op.create_index("ix_employers_gemeente", "employers", ["gemeente_id"])
    op.create_table(
        "challenge_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_checks_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_checks")),
        sa.UniqueConstraint("challenge_id", "item_key", name="uq_challenge_checks_challenge_item"),
    )
    op.create_table(
        "challenge_employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("invited_on", sa.Date(), nullable=True),
        sa.Column("participating", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_employers_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_challenge_employers_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_employers")),
        sa.UniqueConstraint("challenge_id", "employer_id", name="uq_challenge_employers_challenge_employer"),
    )
    op.create_table(
        "employer_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employers.id"],
            name=op.f("fk_employer_contacts_employer_id_employers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_contacts")),
    )
    op.create_index("ix_employer_contacts_employer", "employer_contacts", ["employer_id"])
    op.create_table(
        "pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=1), nullable=False),
        sa.Column("job_title", sa.String(length=120), nullable=False),
        sa.Column("language_level", sa.String(length=2), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("open_to_region", sa.Boolean(), nullable=False),
        sa.Column("opened_to_region_on", sa.Date(), nullable=True),
        sa.Column("pledged_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint("hours IS NULL OR hours BETWEEN 1 AND 40", name=op.f("ck_pledges_hours_range")),
        sa.CheckConstraint("places BETWEEN 1 AND 500", name=op.f("ck_pledges_places_range")),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_pledges_challenge_id_challenges"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_pledges_employer_id_employers")
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_pledges_gemeente_id_gemeenten")
        ),
        _check_in(
            "pledges",
            "kind",
            "place_kind",
            ("taalstage", "werkstage", "werkervaringsplek", "leerwerktraject", "betaalde_baan"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledges")),
    )
    op.create_index("ix_pledges_challenge", "pledges", ["challenge_id"])
    op.create_index("ix_pledges_employer", "pledges", ["employer_id"])
    op.create_index("ix_pledges_gemeente", "pledges", ["gemeente_id"])
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("reason_text", sa.String(length=300), nullable=False),
        sa.Column("next_step", sa.String(length=200), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("candidate_consent_on", sa.Date(), nullable=True),
        sa.Column("candidate_consent_by", sa.String(length=120), nullable=False),
        sa.Column("consulent_consent_on", sa.Date(), nullable=True),
        sa.Column("consulent_consent_by", sa.String(length=120), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.String(length=500), nullable=False),
        sa.Column("plan_action_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_candidates_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_candidates_gemeente_id_gemeenten")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["dossier_members.id"],
            name=op.f("fk_candidates_member_id_dossier_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledges.id"], name=op.f("fk_candidates_pledge_id_pledges")),
        _check_in(
            "candidates",
            "status",
            "candidate_status",
            (
                "voorgesteld",
                "toestemming",
                "bij_werkgever",
                "gesprek",
                "aangenomen",
                "gestart",
                "afgerond",
                "gestopt",
            ),
        ),
        _check_in(
            "candidates",
            "reason",
            "stop_reason",
            (
                "geen_gesprek",
                "niet_passend",
                "kandidaat_ziet_af",
                "werkgever_trekt_in",
                "taal_onvoldoende",
                "gezondheid",
                "verhuisd",
                "anders",
            ),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("member_id", "pledge_id", name="uq_candidates_member_pledge"),
    )
    op.create_index("ix_candidates_dossier", "candidates", ["dossier_id"])
    op.create_index("ix_candidates_gemeente_due", "candidates", ["gemeente_id", "next_due"])
    op.create_index("ix_candidates_pledge_status", "candidates", ["pledge_id", "status"])
    op.create_table(
        "work_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("education_level", sa.String(length=12), nullable=False),
        sa.Column("experience_sectors", sa.String(length=60), nullable=False),
        sa.Column("experience_text", sa.String(length=300), nullable=False),
        sa.Column("language_level", sa.String(length=2), nullable=False),
        sa.Column("available_hours", sa.Integer(), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("interests", sa.String(length=60), nullable=False),
        sa.Column("max_travel_minutes", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint(
            "available_hours IS NULL OR available_hours BETWEEN 0 AND 40",
            name=op.f("ck_work_profiles_hours_range"),
        ),
        sa.CheckConstraint(
            "max_travel_minutes IS NULL OR max_travel_minutes BETWEEN 0 AND 240",
            name=op.f("ck_work_profiles_travel_range"),
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_work_profiles_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["dossier_members.id"],
            name=op.f("fk_work_profiles_member_id_dossier_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_profiles")),
        sa.UniqueConstraint("member_id", name=op.f("uq_work_profiles_member_id")),
    )
    op.create_index("ix_work_profiles_dossier", "work_profiles", ["dossier_id"])
    op.create_table(
        "candidate_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("at", UTC_TS, nullable=False),
        sa.Column("by_login", sa.String(length=64), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=True),
        sa.Column("reason_text", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidates.id"],
            name=op.f("fk_candidate_status_changes_candidate_id_candidates"),
            ondelete="CASCADE",
        ),
        _check_in(
            "candidate_status_changes",
            "from_status",
            "candidate_from",
            (
                "voorgesteld",
                "toestemming",
                "bij_werkgever",
                "gesprek",
                "aangenomen",
                "gestart",
                "afgerond",
                "gestopt",
            ),
        ),
        _check_in(
            "candidate_status_changes",
            "to_status",
            "candidate_to",
            (
                "voorgesteld",
                "toestemming",
                "bij_werkgever",
                "gesprek",
                "aangenomen",
                "gestart",
                "afgerond",
                "gestopt",
            ),
        ),
        _check_in(
            "candidate_status_changes",
            "reason",
            "candidate_change_reason",
            (
                "geen_gesprek",
                "niet_passend",
                "kandidaat_ziet_af",
                "werkgever_trekt_in",
                "taal_onvoldoende",
                "gezondheid",
                "verhuisd",
                "anders",
            ),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_status_changes")),
    )
    op.create_index("ix_candidate_status_changes_candidate", "candidate_status_changes", ["candidate_id"])

    if op.get_bind().dialect.name != "postgresql":
        return
    from app.db.pg_challenges import create_challenge_functions
    from app.db.pg_security import ROLE_GROUPS, USERS, grant_sequences, secure_table

    execute = op.execute
    for table, (kind, options) in TABLES.items():
        secure_table(execute, table, kind, **options)  # type: ignore[arg-type]
    _tighten("candidates", _CANDIDATE_DOSSIER)
    _tighten("work_profiles", _PROFILE_MEMBER)
    writers = ", ".join(ROLE_GROUPS[r] for r in ("regio-coördinator", "contactpersoon", "consulent"))
    for table in INSERT_ONLY:  # history: added to, never changed
        execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {writers}, {USERS}")
        execute(f"DROP POLICY IF EXISTS {table}_update ON {table}")
        execute(f"DROP POLICY IF EXISTS {table}_delete ON {table}")
    grant_sequences(execute)
    create_challenge_functions(execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from app.db.pg_challenges import drop_challenge_functions

        drop_challenge_functions(op.execute)
    for table in (
        "candidate_status_changes",
        "candidates",
        "work_profiles",
        "challenge_targets",
        "pledges",
        "challenge_employers",
        "challenge_checks",
        "challenges",
        "employer_contacts",
        "employers",
    ):
        op.drop_table(table)
