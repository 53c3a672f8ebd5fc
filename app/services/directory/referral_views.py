"""Plain data of referrals (safe to hand to the GUI thread) and the builder that makes it from a row.
Used by app.services.directory.referrals and referral_queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import DossierMember, Referral, ReferralStatusChange
from app.domain.directory import REFERRAL_MOVES, FollowUp, ReferralReason, ReferralStatus, follow_up
from app.domain.handover import ConsentMethod, ConsentStatus


@dataclass(frozen=True)
class ReferralChangeInfo:
    from_status: ReferralStatus | None
    to_status: ReferralStatus
    on: date
    by_name: str
    reason: ReferralReason | None
    reason_text: str


@dataclass(frozen=True)
class ReferralInfo:
    id: int
    dossier_id: int
    initiative_id: int
    initiative_name: str
    initiative_kind: str
    organisation: str
    member_ids: tuple[int, ...]
    member_names: tuple[str, ...]
    status: ReferralStatus
    reason: ReferralReason | None
    reason_text: str
    consent: ConsentStatus
    consent_on: date | None
    consent_method: ConsentMethod | None
    consent_language: str
    consent_recorded_by: str
    proposed_on: date
    registered_on: date | None
    started_on: date | None
    ended_on: date | None
    last_news_on: date
    referred_by: str
    referred_by_name: str
    note: str
    plan_action_id: int | None
    next_statuses: tuple[ReferralStatus, ...]
    follow_up: FollowUp | None
    history: tuple[ReferralChangeInfo, ...]
    version: int

    @property
    def members_text(self) -> str:
        return ", ".join(self.member_names)

    @property
    def reason_label(self) -> str:
        if self.reason is None:
            return ""
        extra = f": {self.reason_text}" if self.reason_text else ""
        return self.reason.label + extra


@dataclass(frozen=True)
class FollowUpItem:
    referral: ReferralInfo
    question: FollowUp
    head_name: str
    v_nummer: str


@dataclass(frozen=True)
class InitiativeReferralCounts:
    """Counts only: what every user of the region may see of an initiative's referrals."""

    initiative_id: int
    by_status: dict[ReferralStatus, int] = field(default_factory=dict)
    by_period: dict[str, dict[ReferralStatus, int]] = field(default_factory=dict)  # "2026-H1"

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


# -- building the plain data ------------------------------------------------------------------------


def _order(statuses: frozenset[ReferralStatus]) -> tuple[ReferralStatus, ...]:
    return tuple(s for s in ReferralStatus if s in statuses)


def referral_info(session: Session, row: Referral, today: date) -> ReferralInfo:
    members = sorted(
        (session.get(DossierMember, m.member_id) for m in row.members), key=lambda m: m.id if m else 0
    )
    changes = session.scalars(
        select(ReferralStatusChange)
        .where(ReferralStatusChange.referral_id == row.id)
        .order_by(ReferralStatusChange.id)
    )
    return ReferralInfo(
        id=row.id, dossier_id=row.dossier_id, initiative_id=row.initiative_id,
        initiative_name=row.initiative.name, initiative_kind=row.initiative.kind,
        organisation=row.initiative.organisation,
        member_ids=tuple(m.id for m in members if m), member_names=tuple(m.name for m in members if m),
        status=row.status, reason=row.reason, reason_text=row.reason_text, consent=row.consent,
        consent_on=row.consent_on, consent_method=row.consent_method,
        consent_language=row.consent_language, consent_recorded_by=row.consent_recorded_by,
        proposed_on=row.proposed_on, registered_on=row.registered_on, started_on=row.started_on,
        ended_on=row.ended_on, last_news_on=row.last_news_on, referred_by=row.referred_by,
        referred_by_name=row.referred_by_name, note=row.note, plan_action_id=row.plan_action_id,
        next_statuses=_order(REFERRAL_MOVES[row.status]),
        follow_up=follow_up(row.status, row.last_news_on, today),
        history=tuple(
            ReferralChangeInfo(c.from_status, c.to_status, c.on, c.by_name, c.reason, c.reason_text)
            for c in changes
        ),
        version=row.version,
    )  # fmt: skip
