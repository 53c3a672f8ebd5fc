"""The case register: one dossier per household with its members, journey milestones, NOA parts,
plan of action, a timeline, and the warm handovers with their status history and checklists.

Only *that* something happened is stored, never medical content or assessment answers.
``dossiers.head_name``/``search_text``/``member_count`` are kept by the services from the members,
so the case list pages and searches 50,000 dossiers without joining.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, UTCDateTime, Versioned, utcnow
from app.db.models.board import _enum
from app.db.models.region import Gemeente
from app.domain.case_dossier import (
    PRE_INTEGRATION_HOURS,
    PRE_INTEGRATION_LANGUAGE_HOURS,
    ActionStatus,
    DossierStatus,
    MemberRole,
    MilestoneKind,
    NoaPart,
    PlanDomain,
    TimelineKind,
)
from app.domain.handover import (
    ConsentMethod,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
)

__all__ = [
    "ActionStatus",
    "ConsentMethod",
    "ConsentStatus",
    "Dossier",
    "DossierEvent",
    "DossierMember",
    "DossierStatus",
    "Handover",
    "HandoverCheck",
    "HandoverKind",
    "HandoverStatus",
    "HandoverStatusChange",
    "MemberRole",
    "Milestone",
    "MilestoneKind",
    "NoaPart",
    "NoaRecord",
    "PlanAction",
    "PlanDomain",
    "PlanGoal",
    "RiskCategory",
    "RiskReceiver",
    "RiskUrgency",
    "TimelineKind",
]


CLOSED = sql_text("closed_on IS NOT NULL")


class Dossier(Versioned, Base):
    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    koppeling_id: Mapped[int | None] = mapped_column(ForeignKey("koppelingen.id"), unique=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    v_nummer: Mapped[str] = mapped_column(String(10), nullable=False)  # of the main applicant
    status: Mapped[DossierStatus] = mapped_column(
        _enum(DossierStatus, "dossier_status", 12), nullable=False, default=DossierStatus.OPEN
    )
    linked_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)  # set when closed; retention counts from it
    moving_date: Mapped[date | None] = mapped_column(Date)
    address_after_move: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    expected_followers: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Kept by the services from the members (see module docstring).
    head_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    member_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    search_text: Mapped[str] = mapped_column(String(2000), nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    # A dossier made from a koppeling keeps its first timeline entry and its milestone "gekoppeld"
    # here, not as rows of their own (revision 0022: an import writes one row per koppeling, not
    # three); app.services.cases.views shows them as before. NULL / false: nothing pending.
    first_entry: Mapped[str | None] = mapped_column(String(500))
    first_entry_by: Mapped[str | None] = mapped_column(String(120))
    gekoppeld_pending: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=false())

    gemeente: Mapped[Gemeente] = relationship()
    members: Mapped[list[DossierMember]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="DossierMember.id"
    )

    __table_args__ = (
        CheckConstraint("expected_followers >= 0", name="followers_not_negative"),
        Index("ix_dossiers_gemeente_head_name", "gemeente_id", "head_name"),
        Index("ix_dossiers_gemeente_moving_date", "gemeente_id", "moving_date"),
        Index("ix_dossiers_gemeente_linked_on", "gemeente_id", "linked_on"),
        Index("ix_dossiers_v_nummer", "v_nummer"),
        # Only closed dossiers (the retention query's condition): a new dossier writes no entry.
        Index("ix_dossiers_status_closed_on", "status", "closed_on", postgresql_where=CLOSED,
              sqlite_where=CLOSED),
        # SQLite counts a text search from this index alone instead of visiting every row; PostgreSQL
        # scans the table fast enough and would refuse index entries over 2.7 kB.
        Index("ix_dossiers_search", "gemeente_id", "status", "search_text").ddl_if(dialect="sqlite"),
    )


class DossierMember(Versioned, Base):
    __tablename__ = "dossier_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_arabic: Mapped[str | None] = mapped_column(String(120))
    birth_date: Mapped[date | None] = mapped_column(Date)
    v_nummer: Mapped[str | None] = mapped_column(String(10))
    bsn: Mapped[str | None] = mapped_column(String(9), unique=True)  # once registered in the BRP
    role: Mapped[MemberRole] = mapped_column(_enum(MemberRole, "member_role", 16), nullable=False)
    languages: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    pre_integration_hours: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    pre_integration_language_hours: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    dossier: Mapped[Dossier] = relationship(back_populates="members")

    __table_args__ = (
        CheckConstraint(
            f"pre_integration_hours BETWEEN 0 AND {PRE_INTEGRATION_HOURS}", name="pre_integration_hours"
        ),
        CheckConstraint(
            f"pre_integration_language_hours BETWEEN 0 AND {PRE_INTEGRATION_LANGUAGE_HOURS} "
            "AND pre_integration_language_hours <= pre_integration_hours",
            name="pre_integration_language_hours",
        ),
        Index("ix_dossier_members_dossier", "dossier_id"),
        Index("ix_dossier_members_v_nummer", "v_nummer"),
    )


class Milestone(Versioned, Base):
    __tablename__ = "dossier_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[MilestoneKind] = mapped_column(_enum(MilestoneKind, "milestone_kind"), nullable=False)
    done_on: Mapped[date] = mapped_column(Date, nullable=False)
    done_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    recorded_by: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (UniqueConstraint("dossier_id", "kind", name="uq_dossier_milestones_dossier_kind"),)


class NoaRecord(Versioned, Base):
    """One NOA part done by one member: when and by whom. Deliberately no result column."""

    __tablename__ = "noa_parts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_members.id", ondelete="CASCADE"), nullable=False
    )
    part: Mapped[NoaPart] = mapped_column(_enum(NoaPart, "noa_part"), nullable=False)
    done_on: Mapped[date] = mapped_column(Date, nullable=False)
    done_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    recorded_by: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (
        UniqueConstraint("member_id", "part", name="uq_noa_parts_member_part"),
        Index("ix_noa_parts_dossier", "dossier_id"),
    )


class PlanGoal(Versioned, Base):
    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    domain: Mapped[PlanDomain] = mapped_column(_enum(PlanDomain, "plan_domain", 32), nullable=False)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(300), nullable=False)

    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="PlanAction.id"
    )

    __table_args__ = (Index("ix_plan_goals_dossier", "dossier_id"),)


class PlanAction(Versioned, Base):
    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id", ondelete="CASCADE"), nullable=False)
    text: Mapped[str] = mapped_column(String(300), nullable=False)
    owner: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        _enum(ActionStatus, "action_status", 12), nullable=False, default=ActionStatus.OPEN
    )
    done_on: Mapped[date | None] = mapped_column(Date)

    goal: Mapped[PlanGoal] = relationship(back_populates="actions")

    __table_args__ = (Index("ix_plan_actions_goal", "goal_id"),)


class DossierEvent(Base):
    """The dossier's timeline; every service change writes one. Appended, never edited."""

    __tablename__ = "dossier_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    by_login: Mapped[str] = mapped_column(String(64), nullable=False)
    by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    kind: Mapped[TimelineKind] = mapped_column(_enum(TimelineKind, "timeline_kind", 16), nullable=False)
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    handover_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the event outlives the handover

    __table_args__ = (Index("ix_dossier_events_dossier_at", "dossier_id", "at"),)


class Handover(Versioned, Base):
    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[HandoverKind] = mapped_column(_enum(HandoverKind, "handover_kind", 16), nullable=False)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("dossier_members.id", ondelete="SET NULL"))
    sender_org: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    sender_person: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    sender_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    sender_email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    receiver_org: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    receiver_person: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    receiver_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    receiver_email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    consent: Mapped[ConsentStatus] = mapped_column(
        _enum(ConsentStatus, "consent_status", 16), nullable=False, default=ConsentStatus.NIET_GEVRAAGD
    )
    consent_on: Mapped[date | None] = mapped_column(Date)
    consent_recorded_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    consent_scope: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    # How the answer was asked (revision 0011); None on answers recorded before it was asked.
    consent_method: Mapped[ConsentMethod | None] = mapped_column(_enum(ConsentMethod, "consent_method", 16))
    consent_language: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    # Handed over without consent: who decided, when and why (also in the access log).
    override_reason: Mapped[str | None] = mapped_column(String(500))
    override_by: Mapped[str | None] = mapped_column(String(120))
    override_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due_on: Mapped[date | None] = mapped_column(Date)
    due_set_by_hand: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[HandoverStatus] = mapped_column(
        _enum(HandoverStatus, "handover_status", 16), nullable=False, default=HandoverStatus.TE_DOEN
    )
    status_reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    # The day it went to the receiver, and the receiver's confirmation (revision 0011): who, on
    # which day, and their own reference.
    sent_on: Mapped[date | None] = mapped_column(Date)
    received_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    received_on: Mapped[date | None] = mapped_column(Date)
    received_reference: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_changed_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    assigned_to: Mapped[str | None] = mapped_column(String(64))  # login of the municipal owner
    created_by: Mapped[str] = mapped_column(String(64), nullable=False)
    risk_category: Mapped[RiskCategory | None] = mapped_column(_enum(RiskCategory, "risk_category", 16))
    risk_urgency: Mapped[RiskUrgency | None] = mapped_column(_enum(RiskUrgency, "risk_urgency", 8))
    risk_receiver: Mapped[RiskReceiver | None] = mapped_column(_enum(RiskReceiver, "risk_receiver", 32))
    follow_up_owner: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # never medical detail

    dossier: Mapped[Dossier] = relationship()
    member: Mapped[DossierMember | None] = relationship()
    checks: Mapped[list[HandoverCheck]] = relationship(
        back_populates="handover", cascade="all, delete-orphan", order_by="HandoverCheck.position"
    )

    __table_args__ = (
        CheckConstraint("kind <> 'jgz' OR member_id IS NOT NULL", name="jgz_per_child"),
        CheckConstraint(
            "kind <> 'risk_signal' OR (risk_category IS NOT NULL AND risk_urgency IS NOT NULL)",
            name="risk_signal_classified",
        ),
        Index("ix_handovers_dossier", "dossier_id", "status"),
        Index("ix_handovers_status_due", "status", "due_on", "dossier_id"),
    )


class HandoverCheck(Versioned, Base):
    __tablename__ = "handover_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id", ondelete="CASCADE"), nullable=False)
    item_key: Mapped[str] = mapped_column(String(40), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(String(200), nullable=False)
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")

    handover: Mapped[Handover] = relationship(back_populates="checks")

    __table_args__ = (UniqueConstraint("handover_id", "item_key", name="uq_handover_checks_handover_item"),)


class HandoverStatusChange(Base):
    """Who moved a handover to which status, when, and why. Appended, never edited."""

    __tablename__ = "handover_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handover_id: Mapped[int] = mapped_column(ForeignKey("handovers.id", ondelete="CASCADE"), nullable=False)
    from_status: Mapped[HandoverStatus | None] = mapped_column(_enum(HandoverStatus, "from_status", 16))
    to_status: Mapped[HandoverStatus] = mapped_column(_enum(HandoverStatus, "to_status", 16), nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    by_login: Mapped[str] = mapped_column(String(64), nullable=False)
    by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    without_consent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (Index("ix_handover_status_changes_handover", "handover_id"),)
