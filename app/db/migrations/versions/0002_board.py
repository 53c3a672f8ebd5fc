"""Exchange board: taakstellingen, koppelingen, dwellings, swaps, board posts, match rejections.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_TS = sa.DateTime(timezone=True)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "koppelingen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("v_nummer", sa.String(length=10), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("linked_on", sa.Date(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("adults", sa.Integer(), nullable=False),
        sa.Column("children", sa.Integer(), nullable=False),
        sa.Column("languages", sa.String(length=120), nullable=False),
        sa.Column("azc_location", sa.String(length=80), nullable=False),
        sa.Column("azc_lat", sa.Float(), nullable=True),
        sa.Column("azc_lon", sa.Float(), nullable=True),
        sa.Column("expected_followers", sa.Integer(), nullable=False),
        sa.Column("needs_accessible", sa.Boolean(), nullable=False),
        sa.Column("needs_ground_floor", sa.Boolean(), nullable=False),
        sa.Column("medical_proximity", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("offered_on", sa.Date(), nullable=True),
        sa.Column("housed_gemeente_id", sa.Integer(), nullable=True),
        sa.Column("housed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.String(length=1000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint("adults + children = persons", name=op.f("ck_koppelingen_persons_add_up")),
        sa.CheckConstraint(
            "persons >= 1 AND adults >= 1 AND children >= 0", name=op.f("ck_koppelingen_household_size")
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_koppelingen_gemeente_id_gemeenten")
        ),
        sa.ForeignKeyConstraint(
            ["housed_gemeente_id"], ["gemeenten.id"], name=op.f("fk_koppelingen_housed_gemeente_id_gemeenten")
        ),
        sa.CheckConstraint(
            _in(
                "status",
                (
                    "gekoppeld",
                    "woning_aangeboden",
                    "gehuisvest",
                    "uitgeruild",
                    "vervallen",
                ),
            ),
            name=op.f("ck_koppelingen_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_koppelingen")),
        sa.UniqueConstraint("v_nummer", name=op.f("uq_koppelingen_v_nummer")),
    )
    op.create_index("ix_koppelingen_gemeente_status", "koppelingen", ["gemeente_id", "status"], unique=False)
    op.create_index("ix_koppelingen_housed", "koppelingen", ["housed_gemeente_id", "housed_on"], unique=False)
    op.create_index("ix_koppelingen_linked_on", "koppelingen", ["linked_on"], unique=False)
    op.create_table(
        "taakstellingen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("backlog_in", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint("persons >= 0", name=op.f("ck_taakstellingen_persons_not_negative")),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_taakstellingen_gemeente_id_gemeenten")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_taakstellingen_period_id_periods")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taakstellingen")),
        sa.UniqueConstraint("gemeente_id", "period_id", name="uq_taakstellingen_gemeente_period"),
    )
    op.create_table(
        "dwellings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("corporation", sa.String(length=80), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("bedrooms", sa.Integer(), nullable=False),
        sa.Column("max_occupants", sa.Integer(), nullable=False),
        sa.Column("rent", sa.Numeric(precision=8, scale=2, asdecimal=False), nullable=True),
        sa.Column("available_from", sa.Date(), nullable=False),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("ground_floor", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("reserved_for_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint("bedrooms >= 0 AND max_occupants >= 1", name=op.f("ck_dwellings_dwelling_size")),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_dwellings_gemeente_id_gemeenten")
        ),
        sa.ForeignKeyConstraint(
            ["reserved_for_id"], ["koppelingen.id"], name=op.f("fk_dwellings_reserved_for_id_koppelingen")
        ),
        sa.CheckConstraint(
            _in(
                "kind",
                (
                    "eengezinswoning",
                    "appartement",
                    "kamer",
                ),
            ),
            name=op.f("ck_dwellings_kind"),
        ),
        sa.CheckConstraint(
            _in(
                "status",
                (
                    "beschikbaar",
                    "gereserveerd",
                    "toegewezen",
                    "verlopen",
                ),
            ),
            name=op.f("ck_dwellings_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dwellings")),
        sa.UniqueConstraint("corporation", "reference", name="uq_dwellings_corporation_reference"),
    )
    op.create_index("ix_dwellings_gemeente_status", "dwellings", ["gemeente_id", "status"], unique=False)
    op.create_table(
        "board_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("dwelling_id", sa.Integer(), nullable=True),
        sa.Column("koppeling_id", sa.Integer(), nullable=True),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("posted_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["dwelling_id"], ["dwellings.id"], name=op.f("fk_board_posts_dwelling_id_dwellings")
        ),
        sa.ForeignKeyConstraint(
            ["gemeente_id"], ["gemeenten.id"], name=op.f("fk_board_posts_gemeente_id_gemeenten")
        ),
        sa.ForeignKeyConstraint(
            ["koppeling_id"], ["koppelingen.id"], name=op.f("fk_board_posts_koppeling_id_koppelingen")
        ),
        sa.CheckConstraint(
            _in(
                "kind",
                (
                    "woning_beschikbaar",
                    "huishouden_zoekt",
                ),
            ),
            name=op.f("ck_board_posts_kind"),
        ),
        sa.CheckConstraint(
            _in(
                "status",
                (
                    "open",
                    "afgehandeld",
                    "ingetrokken",
                ),
            ),
            name=op.f("ck_board_posts_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_posts")),
    )
    op.create_table(
        "match_rejections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("koppeling_id", sa.Integer(), nullable=False),
        sa.Column("dwelling_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("rejected_by", sa.String(length=64), nullable=False),
        sa.Column("rejected_at", UTC_TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["dwelling_id"], ["dwellings.id"], name=op.f("fk_match_rejections_dwelling_id_dwellings")
        ),
        sa.ForeignKeyConstraint(
            ["koppeling_id"], ["koppelingen.id"], name=op.f("fk_match_rejections_koppeling_id_koppelingen")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_rejections")),
        sa.UniqueConstraint("koppeling_id", "dwelling_id", name="uq_match_rejections_pair"),
    )
    op.create_table(
        "swaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host_gemeente_id", sa.Integer(), nullable=False),
        sa.Column("owner_gemeente_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("koppeling_id", sa.Integer(), nullable=True),
        sa.Column("dwelling_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("settles_ids", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("proposed_by", sa.String(length=64), nullable=False),
        sa.Column("proposed_at", UTC_TS, nullable=False),
        sa.Column("host_agreed_by", sa.String(length=64), nullable=True),
        sa.Column("host_agreed_at", UTC_TS, nullable=True),
        sa.Column("owner_agreed_by", sa.String(length=64), nullable=True),
        sa.Column("owner_agreed_at", UTC_TS, nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("closed_at", UTC_TS, nullable=True),
        sa.Column("closed_side", sa.String(length=8), nullable=True),
        sa.Column("close_reason", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.CheckConstraint("host_gemeente_id <> owner_gemeente_id", name=op.f("ck_swaps_two_parties")),
        sa.CheckConstraint("persons >= 1", name=op.f("ck_swaps_persons_positive")),
        sa.ForeignKeyConstraint(
            ["dwelling_id"], ["dwellings.id"], name=op.f("fk_swaps_dwelling_id_dwellings")
        ),
        sa.ForeignKeyConstraint(
            ["host_gemeente_id"], ["gemeenten.id"], name=op.f("fk_swaps_host_gemeente_id_gemeenten")
        ),
        sa.ForeignKeyConstraint(
            ["koppeling_id"], ["koppelingen.id"], name=op.f("fk_swaps_koppeling_id_koppelingen")
        ),
        sa.ForeignKeyConstraint(
            ["owner_gemeente_id"], ["gemeenten.id"], name=op.f("fk_swaps_owner_gemeente_id_gemeenten")
        ),
        sa.ForeignKeyConstraint(["period_id"], ["periods.id"], name=op.f("fk_swaps_period_id_periods")),
        sa.ForeignKeyConstraint(["post_id"], ["board_posts.id"], name=op.f("fk_swaps_post_id_board_posts")),
        sa.CheckConstraint(
            _in(
                "status",
                (
                    "voorgesteld",
                    "akkoord",
                    "ingetrokken",
                    "afgewezen",
                ),
            ),
            name=op.f("ck_swaps_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_swaps")),
    )
    op.create_index("ix_swaps_status", "swaps", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_swaps_status", table_name="swaps")
    op.drop_table("swaps")
    op.drop_table("match_rejections")
    op.drop_table("board_posts")
    op.drop_index("ix_dwellings_gemeente_status", table_name="dwellings")
    op.drop_table("dwellings")
    op.drop_index("ix_koppelingen_linked_on", table_name="koppelingen")
    op.drop_index("ix_koppelingen_housed", table_name="koppelingen")
    op.drop_index("ix_koppelingen_gemeente_status", table_name="koppelingen")
    op.drop_table("koppelingen")
    op.drop_table("taakstellingen")
