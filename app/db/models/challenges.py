"""The employer challenge planner: employers, challenges, pledged places, yearly targets, and the
candidates (dossier data) proposed for the places.

Employers, challenges and pledges are regional: read by all, each kept by the municipality in
``gemeente_id`` (the regio-coördinator keeps all). Work profiles and candidates are dossier data of
the dossier's municipality; other municipalities see only counts (``dl_pledge_counts``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, UTCDateTime, Versioned, utcnow
from app.db.models.board import _enum
from app.domain.challenges import CandidateStatus, ChallengeStatus, PlaceKind, StopReason

__all__ = [
    "Candidate",
    "CandidateStatusChange",
    "Challenge",
    "ChallengeCheck",
    "ChallengeEmployer",
    "ChallengeTarget",
    "Employer",
    "EmployerContact",
    "Pledge",
    "WorkProfile",
]


class Employer(Versioned, Base):
    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(
        ForeignKey("gemeenten.id"), nullable=False
    )  # where, and who keeps it
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kvk: Mapped[str | None] = mapped_column(String(8), unique=True)
    sector: Mapped[str] = mapped_column(String(1), nullable=False, default="")  # SBI section letter
    size_class: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    wsp: Mapped[str] = mapped_column(String(40), nullable=False, default="")  # Werkgeversservicepunt
    notes: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    contacts: Mapped[list[EmployerContact]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", order_by="EmployerContact.id"
    )

    __table_args__ = (Index("ix_employers_gemeente", "gemeente_id"),)


class EmployerContact(Versioned, Base):
    __tablename__ = "employer_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    role: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(200), nullable=False, default="")

    employer: Mapped[Employer] = relationship(back_populates="contacts")

    __table_args__ = (Index("ix_employer_contacts_employer", "employer_id"),)


class Challenge(Versioned, Base):
    __tablename__ = "challenges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)  # lead organiser
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    from_time: Mapped[str] = mapped_column(String(5), nullable=False, default="")  # "14:00"
    to_time: Mapped[str] = mapped_column(String(5), nullable=False, default="")
    venue: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    organisers: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # cbs codes
    target_places: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    target_kinds: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # PlaceKind codes
    status: Mapped[ChallengeStatus] = mapped_column(
        _enum(ChallengeStatus, "challenge_status", 24),
        nullable=False,
        default=ChallengeStatus.IN_VOORBEREIDING,
    )
    notes: Mapped[str] = mapped_column(String(2000), nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    checks: Mapped[list[ChallengeCheck]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="ChallengeCheck.position"
    )
    employers: Mapped[list[ChallengeEmployer]] = relationship(
        back_populates="challenge", cascade="all, delete-orphan", order_by="ChallengeEmployer.id"
    )

    __table_args__ = (
        CheckConstraint("target_places BETWEEN 0 AND 10000", name="target_places_range"),
        Index("ix_challenges_held_on", "held_on"),
    )


class ChallengeCheck(Versioned, Base):
    __tablename__ = "challenge_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), nullable=False)
    item_key: Mapped[str] = mapped_column(String(40), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(String(200), nullable=False)
    done: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")

    challenge: Mapped[Challenge] = relationship(back_populates="checks")

    __table_args__ = (
        UniqueConstraint("challenge_id", "item_key", name="uq_challenge_checks_challenge_item"),
    )


class ChallengeEmployer(Versioned, Base):
    """An employer invited to (and perhaps taking part in) a challenge."""

    __tablename__ = "challenge_employers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"), nullable=False)
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"), nullable=False)
    invited_on: Mapped[date | None] = mapped_column(Date)
    participating: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    challenge: Mapped[Challenge] = relationship(back_populates="employers")
    employer: Mapped[Employer] = relationship()

    __table_args__ = (
        UniqueConstraint("challenge_id", "employer_id", name="uq_challenge_employers_challenge_employer"),
    )


class Pledge(Versioned, Base):
    """Places an employer pledged (at a challenge, or on its own)."""

    __tablename__ = "pledges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)  # who keeps it
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id"), nullable=False)
    challenge_id: Mapped[int | None] = mapped_column(ForeignKey("challenges.id", ondelete="SET NULL"))
    kind: Mapped[PlaceKind] = mapped_column(_enum(PlaceKind, "place_kind", 20), nullable=False)
    places: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    sector: Mapped[str] = mapped_column(String(1), nullable=False, default="")
    job_title: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    language_level: Mapped[str] = mapped_column(String(2), nullable=False, default="")  # "" = no demand
    hours: Mapped[int | None] = mapped_column(Integer)  # per week
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    start_on: Mapped[date | None] = mapped_column(Date)
    open_to_region: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    opened_to_region_on: Mapped[date | None] = mapped_column(Date)  # opened later, with one click
    # The unfilled flag marked handled (it then leaves Vandaag): when and by whom.
    unfilled_handled_on: Mapped[date | None] = mapped_column(Date)
    unfilled_handled_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    pledged_on: Mapped[date] = mapped_column(Date, nullable=False)
    notes: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    employer: Mapped[Employer] = relationship()

    __table_args__ = (
        CheckConstraint("places BETWEEN 1 AND 500", name="places_range"),
        CheckConstraint("hours IS NULL OR hours BETWEEN 1 AND 40", name="hours_range"),
        Index("ix_pledges_employer", "employer_id"),
        Index("ix_pledges_challenge", "challenge_id"),
        Index("ix_pledges_gemeente", "gemeente_id"),
    )


class ChallengeTarget(Versioned, Base):
    """A municipality's indicative number of places for a year (naar rato, or set by hand)."""

    __tablename__ = "challenge_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)
    places: Mapped[int] = mapped_column(Integer, nullable=False)
    set_by_hand: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (
        UniqueConstraint("year", "gemeente_id", name="uq_challenge_targets_year_gemeente"),
        CheckConstraint("places BETWEEN 0 AND 100000", name="places_range"),
        CheckConstraint("year BETWEEN 2000 AND 2100", name="year_range"),
    )


class WorkProfile(Versioned, Base):
    """What the intake recorded about one member's work: never more than a place needs (no
    nationality, religion, gender or health; age is the member's own field and is not used)."""

    __tablename__ = "work_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_members.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    education_level: Mapped[str] = mapped_column(String(12), nullable=False, default="")
    experience_sectors: Mapped[str] = mapped_column(String(60), nullable=False, default="")  # SBI letters
    experience_text: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    language_level: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    available_hours: Mapped[int | None] = mapped_column(Integer)
    available_from: Mapped[date | None] = mapped_column(Date)
    interests: Mapped[str] = mapped_column(String(60), nullable=False, default="")  # SBI letters
    max_travel_minutes: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")

    __table_args__ = (
        CheckConstraint("available_hours IS NULL OR available_hours BETWEEN 0 AND 40", name="hours_range"),
        CheckConstraint(
            "max_travel_minutes IS NULL OR max_travel_minutes BETWEEN 0 AND 240", name="travel_range"
        ),
        Index("ix_work_profiles_dossier", "dossier_id"),
    )


class Candidate(Versioned, Base):
    """One member proposed for one pledge, through the pipeline (app.domain.challenges)."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), nullable=False)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_members.id", ondelete="CASCADE"), nullable=False
    )
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), nullable=False)  # the dossier's
    pledge_id: Mapped[int] = mapped_column(ForeignKey("pledges.id"), nullable=False)
    status: Mapped[CandidateStatus] = mapped_column(
        _enum(CandidateStatus, "candidate_status", 16), nullable=False, default=CandidateStatus.VOORGESTELD
    )
    status_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[StopReason | None] = mapped_column(_enum(StopReason, "stop_reason", 20))
    reason_text: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    next_step: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    next_due: Mapped[date | None] = mapped_column(Date)
    # Double opt-in: the employer learns the name only when both agreed.
    candidate_consent_on: Mapped[date | None] = mapped_column(Date)
    candidate_consent_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    consulent_consent_on: Mapped[date | None] = mapped_column(Date)
    consulent_consent_by: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    score: Mapped[int | None] = mapped_column(Integer)  # the suggestion's score, 0–100
    explanation: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    plan_action_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the action may be removed
    proposed_by: Mapped[str] = mapped_column(String(64), nullable=False)

    pledge: Mapped[Pledge] = relationship()

    __table_args__ = (
        UniqueConstraint("member_id", "pledge_id", name="uq_candidates_member_pledge"),
        Index("ix_candidates_pledge_status", "pledge_id", "status"),
        Index("ix_candidates_gemeente_due", "gemeente_id", "next_due"),
        Index("ix_candidates_dossier", "dossier_id"),
    )


class CandidateStatusChange(Base):
    """Who moved a candidate to which step, when, and why. Appended, never edited."""

    __tablename__ = "candidate_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False)
    from_status: Mapped[CandidateStatus | None] = mapped_column(_enum(CandidateStatus, "candidate_from", 16))
    to_status: Mapped[CandidateStatus] = mapped_column(
        _enum(CandidateStatus, "candidate_to", 16), nullable=False
    )
    on: Mapped[date] = mapped_column(Date, nullable=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    by_login: Mapped[str] = mapped_column(String(64), nullable=False)
    by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    reason: Mapped[StopReason | None] = mapped_column(_enum(StopReason, "candidate_change_reason", 20))
    reason_text: Mapped[str] = mapped_column(String(300), nullable=False, default="")

    __table_args__ = (Index("ix_candidate_status_changes_candidate", "candidate_id"),)
