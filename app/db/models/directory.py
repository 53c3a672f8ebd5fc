"""The volunteer-initiative directory and the referrals to it.

An initiative belongs to one municipality (``gemeente_id``, the owner who keeps it true) and is read
by the whole region. Two dates are kept apart: ``changed_at`` moves with every real change,
``checked_on`` only with the explicit act of verifying (who: ``checked_by``). Every change of a
field leaves an ``InitiativeChange``.

A referral is dossier data (``gemeente_id`` = the dossier's, same row-level security as dossiers);
other municipalities see its counts only, through ``dl_referral_counts`` on PostgreSQL.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, UTCDateTime, Versioned, utcnow
from app.db.models.board import _enum
from app.db.models.region import Gemeente
from app.domain.directory import InitiativeStatus, ReferralReason, ReferralStatus
from app.domain.handover import ConsentMethod, ConsentStatus

__all__ = [
    "Initiative",
    "InitiativeChange",
    "InitiativeKind",
    "Referral",
    "ReferralMember",
    "ReferralStatusChange",
]


class InitiativeKind(Versioned, Base):
    """The list of kinds (taalmaatje, sport, …); the defaults are loaded by the migration and a
    beheerder or regio-coördinator adds more."""

    __tablename__ = "initiative_kinds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    label: Mapped[str] = mapped_column(String(80), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class Initiative(Versioned, Base):
    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)  # the owner
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    description: Mapped[str] = mapped_column(String(4000), nullable=False, default="")
    kind: Mapped[str] = mapped_column(ForeignKey("initiative_kinds.code"), nullable=False)
    target_groups: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # codes
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # ISO 639 codes
    via_interpreter: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    gemeenten: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # cbs codes
    open_to_region: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    places_available: Mapped[int | None] = mapped_column(Integer)  # None: not known
    waiting_list: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    schedule: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    by_appointment: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    online: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    accessibility: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    cost: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    contact_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    contact_phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    contact_email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    website: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    status: Mapped[InitiativeStatus] = mapped_column(
        _enum(InitiativeStatus, "initiative_status", 20), nullable=False, default=InitiativeStatus.ACTIEF
    )
    # Laatst gewijzigd: set by a change of any field (a save without changes leaves it).
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    # Laatst gecontroleerd: set only by verifying ("gecontroleerd, klopt nog" or "gewijzigd").
    checked_on: Mapped[date | None] = mapped_column(Date)
    checked_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    entered_on: Mapped[date] = mapped_column(Date, nullable=False)
    search_text: Mapped[str] = mapped_column(String(6000), nullable=False, default="")  # folded
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    gemeente: Mapped[Gemeente] = relationship()

    __table_args__ = (
        CheckConstraint("min_age IS NULL OR min_age BETWEEN 0 AND 120", name="min_age_range"),
        CheckConstraint("max_age IS NULL OR max_age BETWEEN 0 AND 120", name="max_age_range"),
        CheckConstraint("min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_order"),
        CheckConstraint(
            "places_available IS NULL OR places_available BETWEEN 0 AND 10000", name="places_range"
        ),
        Index("ix_initiatives_gemeente_status", "gemeente_id", "status"),
    )


class InitiativeChange(Base):
    """One field of one initiative changed (or the initiative verified): who, when, old → new.
    Appended, never edited."""

    __tablename__ = "initiative_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), nullable=False
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    by_login: Mapped[str] = mapped_column(String(64), nullable=False)
    by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    field: Mapped[str] = mapped_column(String(40), nullable=False)  # a column name, or "gecontroleerd"
    old_value: Mapped[str] = mapped_column(String(4000), nullable=False, default="")
    new_value: Mapped[str] = mapped_column(String(4000), nullable=False, default="")

    __table_args__ = (Index("ix_initiative_changes_initiative_at", "initiative_id", "at"),)


class Referral(Versioned, Base):
    """Members of one household referred to one initiative, with consent; the loop closes through
    ``last_news_on`` (app.domain.directory.follow_up)."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)  # the dossier's
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id"), nullable=False)
    status: Mapped[ReferralStatus] = mapped_column(
        _enum(ReferralStatus, "referral_status", 16), nullable=False, default=ReferralStatus.VOORGESTELD
    )
    reason: Mapped[ReferralReason | None] = mapped_column(_enum(ReferralReason, "referral_reason", 16))
    reason_text: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    consent: Mapped[ConsentStatus] = mapped_column(
        _enum(ConsentStatus, "referral_consent", 16), nullable=False, default=ConsentStatus.NIET_GEVRAAGD
    )
    consent_on: Mapped[date | None] = mapped_column(Date)
    consent_method: Mapped[ConsentMethod | None] = mapped_column(
        _enum(ConsentMethod, "referral_consent_method", 16)
    )
    consent_language: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    consent_recorded_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    proposed_on: Mapped[date] = mapped_column(Date, nullable=False)
    registered_on: Mapped[date | None] = mapped_column(Date)  # aangemeld
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    last_news_on: Mapped[date] = mapped_column(Date, nullable=False)
    referred_by: Mapped[str] = mapped_column(String(64), nullable=False)  # login: whose Vandaag asks
    referred_by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(300), nullable=False, default="")  # never medical detail
    plan_action_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the action may be removed

    initiative: Mapped[Initiative] = relationship()
    members: Mapped[list[ReferralMember]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralMember.id"
    )

    __table_args__ = (
        Index("ix_referrals_dossier", "dossier_id"),
        Index("ix_referrals_initiative_status", "initiative_id", "status"),
        Index("ix_referrals_gemeente_status", "gemeente_id", "status", "last_news_on"),
    )


class ReferralMember(Base):
    __tablename__ = "referral_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_members.id", ondelete="CASCADE"), nullable=False
    )

    referral: Mapped[Referral] = relationship(back_populates="members")

    __table_args__ = (
        UniqueConstraint("referral_id", "member_id", name="uq_referral_members_referral_member"),
    )


class ReferralStatusChange(Base):
    """Who moved a referral to which status, when, and why. Appended, never edited."""

    __tablename__ = "referral_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False)
    from_status: Mapped[ReferralStatus | None] = mapped_column(_enum(ReferralStatus, "referral_from", 16))
    to_status: Mapped[ReferralStatus] = mapped_column(
        _enum(ReferralStatus, "referral_to", 16), nullable=False
    )
    on: Mapped[date] = mapped_column(Date, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    by_login: Mapped[str] = mapped_column(String(64), nullable=False)
    by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    reason: Mapped[ReferralReason | None] = mapped_column(_enum(ReferralReason, "referral_change_reason", 16))
    reason_text: Mapped[str] = mapped_column(String(300), nullable=False, default="")

    __table_args__ = (Index("ix_referral_status_changes_referral", "referral_id"),)
