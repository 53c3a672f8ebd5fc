"""Plain data the case services return (safe to hand to the GUI thread), the builders that make it
from rows, and the helpers every case service shares: load a dossier through the access gate,
write a timeline entry, keep the dossier's list columns in step with its members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import (
    Dossier,
    DossierEvent,
    DossierMember,
    Handover,
    HandoverCheck,
    HandoverStatusChange,
    Milestone,
    NoaRecord,
    PlanAction,
    PlanGoal,
    Referral,
)
from app.domain.case_dossier import (
    ActionStatus,
    DossierStatus,
    MemberRole,
    MilestoneKind,
    NoaPart,
    PlanDomain,
    TimelineKind,
    search_text,
)
from app.domain.handover import (
    ConsentMethod,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
    consent_missing,
    days_overdue,
    due_rule_text,
    next_statuses,
)
from app.domain.roles import Action, Area
from app.domain.timefmt import local
from app.errors import NotFound
from app.services.access import Actor, authorize
from app.services.directory.referral_views import ReferralInfo, referral_info
from app.services.people import person_name

DOSSIER_GONE = "Dit dossier bestaat niet (meer)."


@dataclass(frozen=True)
class NoaInfo:
    id: int
    member_id: int
    part: NoaPart
    done_on: date
    done_by: str
    recorded_by: str
    version: int


@dataclass(frozen=True)
class MemberInfo:
    id: int
    dossier_id: int
    name: str
    name_arabic: str | None
    birth_date: date | None
    v_nummer: str | None
    bsn: str | None
    role: MemberRole
    languages: str
    interpreter_needed: bool
    pre_integration_hours: int
    pre_integration_language_hours: int
    noa: tuple[NoaInfo, ...]
    version: int

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@dataclass(frozen=True)
class MilestoneInfo:
    id: int
    kind: MilestoneKind
    done_on: date
    done_by: str
    recorded_by: str
    version: int


@dataclass(frozen=True)
class ActionInfo:
    id: int
    goal_id: int
    text: str
    owner: str
    due_on: date | None
    status: ActionStatus
    done_on: date | None
    version: int


@dataclass(frozen=True)
class GoalInfo:
    id: int
    dossier_id: int
    domain: PlanDomain
    member_id: int | None
    text: str
    actions: tuple[ActionInfo, ...]
    version: int


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    at: datetime
    by_login: str
    by_name: str
    kind: TimelineKind
    text: str
    handover_id: int | None


@dataclass(frozen=True)
class ContactInfo:
    organisation: str = ""
    person: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class CheckInfo:
    id: int
    key: str
    text: str
    done: bool
    done_on: date | None
    done_by: str
    version: int


@dataclass(frozen=True)
class StatusChangeInfo:
    from_status: HandoverStatus | None
    to_status: HandoverStatus
    at: datetime
    by_login: str
    by_name: str
    reason: str
    without_consent: bool


@dataclass(frozen=True)
class HandoverInfo:
    id: int
    dossier_id: int
    kind: HandoverKind
    member_id: int | None  # the child (JGZ) or the person a risk signal is about
    member_name: str
    sender: ContactInfo
    receiver: ContactInfo
    consent: ConsentStatus
    consent_on: date | None
    consent_recorded_by: str
    consent_scope: str
    consent_method: ConsentMethod | None  # None on answers recorded before it was asked
    consent_language: str  # the interpreter's language
    override_reason: str | None
    override_by: str | None
    override_at: datetime | None
    due_on: date | None
    due_set_by_hand: bool
    due_rule: str  # "14 dagen na de verhuisdatum"
    days_overdue: int
    status: HandoverStatus
    status_reason: str
    status_changed_at: datetime | None
    status_changed_by: str
    sent_on: date | None  # the (Dutch) day it last went to "verzonden"
    received_by: str  # the receiver's confirmation
    received_on: date | None
    received_reference: str
    next_statuses: tuple[HandoverStatus, ...]
    consent_missing: bool  # sending or printing needs consent or a recorded override
    assigned_to: str | None
    created_by: str
    created_at: datetime
    risk_category: RiskCategory | None
    risk_urgency: RiskUrgency | None
    risk_receiver: RiskReceiver | None
    follow_up_owner: str
    follow_up_on: date | None
    note: str
    checks: tuple[CheckInfo, ...]
    history: tuple[StatusChangeInfo, ...]
    version: int
    owner_name: str = ""  # the name of assigned_to (or of the creator); the logins stay for the tooltip


@dataclass(frozen=True)
class DossierDetail:
    id: int
    koppeling_id: int | None
    gemeente_id: int
    gemeente_code: str
    gemeente_name: str
    v_nummer: str
    status: DossierStatus
    linked_on: date | None
    moving_date: date | None
    address_after_move: str
    expected_followers: int
    head_name: str
    members: tuple[MemberInfo, ...]
    milestones: tuple[MilestoneInfo, ...]  # recorded ones only, in journey order
    goals: tuple[GoalInfo, ...]
    handovers: tuple[HandoverInfo, ...]
    timeline: tuple[TimelineEntry, ...]  # newest first
    created_by: str
    created_at: datetime
    version: int
    referrals: tuple[ReferralInfo, ...] = ()  # to volunteer initiatives (app.services.directory)

    def milestone(self, kind: MilestoneKind) -> MilestoneInfo | None:
        return next((m for m in self.milestones if m.kind is kind), None)

    def member(self, member_id: int) -> MemberInfo | None:
        return next((m for m in self.members if m.id == member_id), None)


# --- builders -------------------------------------------------------------------------------------


def noa_info(row: NoaRecord) -> NoaInfo:
    return NoaInfo(row.id, row.member_id, row.part, row.done_on, row.done_by, row.recorded_by, row.version)


def member_info(row: DossierMember, noa: list[NoaRecord] | None = None) -> MemberInfo:
    parts = sorted(noa or [], key=lambda n: list(NoaPart).index(n.part))
    return MemberInfo(
        id=row.id,
        dossier_id=row.dossier_id,
        name=row.name,
        name_arabic=row.name_arabic,
        birth_date=row.birth_date,
        v_nummer=row.v_nummer,
        bsn=row.bsn,
        role=row.role,
        languages=row.languages,
        interpreter_needed=row.interpreter_needed,
        pre_integration_hours=row.pre_integration_hours,
        pre_integration_language_hours=row.pre_integration_language_hours,
        noa=tuple(noa_info(n) for n in parts),
        version=row.version,
    )


def milestone_info(row: Milestone) -> MilestoneInfo:
    return MilestoneInfo(row.id, row.kind, row.done_on, row.done_by, row.recorded_by, row.version)


def action_info(row: PlanAction) -> ActionInfo:
    return ActionInfo(
        row.id, row.goal_id, row.text, row.owner, row.due_on, row.status, row.done_on, row.version
    )


def goal_info(row: PlanGoal) -> GoalInfo:
    return GoalInfo(
        row.id,
        row.dossier_id,
        row.domain,
        row.member_id,
        row.text,
        tuple(action_info(a) for a in row.actions),
        row.version,
    )


def timeline_entry(row: DossierEvent) -> TimelineEntry:
    return TimelineEntry(row.id, row.at, row.by_login, row.by_name, row.kind, row.text, row.handover_id)


# A dossier made from a koppeling keeps its first timeline entry and its milestone "gekoppeld" in
# its own row (revision 0022: an import writes one row per koppeling instead of three). These give
# them the shape and place of the rows they stand for; PENDING_ID: no row has it.
PENDING_ID = 0


def first_entry(row: Dossier) -> TimelineEntry | None:
    """The first timeline entry the dossier row keeps, if any: the oldest, so it sorts last. The
    timeline is insert-only, so it never has to become a row of its own."""
    if row.first_entry is None:
        return None
    by_name = row.first_entry_by if row.first_entry_by is not None else row.created_by
    return TimelineEntry(
        PENDING_ID, row.created_at, row.created_by, by_name, TimelineKind.DOSSIER, row.first_entry, None
    )


def with_first_entry(timeline: list[TimelineEntry], kept: TimelineEntry | None) -> tuple[TimelineEntry, ...]:
    """The timeline (newest first) with the kept first entry in its place: after every row that is
    not older (a row at the same moment has a higher id)."""
    if kept is None:
        return tuple(timeline)
    at = sum(1 for e in timeline if e.at >= kept.at)
    return (*timeline[:at], kept, *timeline[at:])


def pending_gekoppeld(row: Dossier, recorded: list[Milestone]) -> MilestoneInfo | None:
    """The milestone "gekoppeld" the dossier row keeps (done on the linking date, by COA), unless
    a row of that kind exists; app.services.cases.members turns it into a row before a change."""
    if not row.gekoppeld_pending or row.linked_on is None:
        return None
    if any(m.kind is MilestoneKind.GEKOPPELD for m in recorded):
        return None
    return MilestoneInfo(PENDING_ID, MilestoneKind.GEKOPPELD, row.linked_on, "COA", row.created_by, 1)


def sent_day(changes: list[HandoverStatusChange]) -> date | None:
    """The Dutch calendar day of the last step to "verzonden", for handovers sent before revision
    0011 stored ``sent_on``."""
    sent = sorted(c.at for c in changes if c.to_status is HandoverStatus.VERZONDEN)
    return local(sent[-1]).date() if sent else None


def handover_info(session: Session, row: Handover, today: date) -> HandoverInfo:
    history = list(
        session.scalars(
            select(HandoverStatusChange)
            .where(HandoverStatusChange.handover_id == row.id)
            .order_by(HandoverStatusChange.at, HandoverStatusChange.id)
        )
    )
    return HandoverInfo(
        id=row.id,
        dossier_id=row.dossier_id,
        kind=row.kind,
        member_id=row.member_id,
        member_name=row.member.name if row.member else "",
        sender=ContactInfo(row.sender_org, row.sender_person, row.sender_phone, row.sender_email),
        receiver=ContactInfo(row.receiver_org, row.receiver_person, row.receiver_phone, row.receiver_email),
        consent=row.consent,
        consent_on=row.consent_on,
        consent_recorded_by=row.consent_recorded_by,
        consent_scope=row.consent_scope,
        consent_method=row.consent_method,
        consent_language=row.consent_language,
        override_reason=row.override_reason,
        override_by=row.override_by,
        override_at=row.override_at,
        due_on=row.due_on,
        due_set_by_hand=row.due_set_by_hand,
        due_rule=due_rule_text(row.kind),
        days_overdue=days_overdue(row.due_on, row.status, today),
        status=row.status,
        status_reason=row.status_reason,
        status_changed_at=row.status_changed_at,
        status_changed_by=row.status_changed_by,
        sent_on=row.sent_on or sent_day(history),
        received_by=row.received_by,
        received_on=row.received_on,
        received_reference=row.received_reference,
        next_statuses=next_statuses(row.status),
        consent_missing=consent_missing(row.kind, row.consent),
        assigned_to=row.assigned_to,
        created_by=row.created_by,
        created_at=row.created_at,
        owner_name=person_name(session, row.assigned_to or row.created_by),
        risk_category=row.risk_category,
        risk_urgency=row.risk_urgency,
        risk_receiver=row.risk_receiver,
        follow_up_owner=row.follow_up_owner,
        follow_up_on=row.follow_up_on,
        note=row.note,
        checks=tuple(check_info(c) for c in row.checks),
        history=tuple(
            StatusChangeInfo(
                h.from_status, h.to_status, h.at, h.by_login, h.by_name, h.reason, h.without_consent
            )
            for h in history
        ),
        version=row.version,
    )


def check_info(row: HandoverCheck) -> CheckInfo:
    return CheckInfo(row.id, row.item_key, row.text, row.done, row.done_on, row.done_by, row.version)


def dossier_detail(session: Session, row: Dossier, today: date) -> DossierDetail:
    did = row.id
    noa_by_member: dict[int, list[NoaRecord]] = {}
    for n in session.scalars(select(NoaRecord).where(NoaRecord.dossier_id == did)):
        noa_by_member.setdefault(n.member_id, []).append(n)
    members = sorted(row.members, key=member_order)
    order = list(MilestoneKind)
    recorded = list(session.scalars(select(Milestone).where(Milestone.dossier_id == did)))
    pending = pending_gekoppeld(row, recorded)
    milestones = sorted(
        [*(milestone_info(m) for m in recorded), *([pending] if pending else [])],
        key=lambda m: order.index(m.kind),
    )
    domains = list(PlanDomain)
    goals = sorted(
        session.scalars(select(PlanGoal).where(PlanGoal.dossier_id == did)),
        key=lambda g: (domains.index(g.domain), g.id),
    )
    handovers = session.scalars(select(Handover).where(Handover.dossier_id == did).order_by(Handover.id))
    events = session.scalars(
        select(DossierEvent)
        .where(DossierEvent.dossier_id == did)
        .order_by(DossierEvent.at.desc(), DossierEvent.id.desc())
    )
    return DossierDetail(
        id=did,
        koppeling_id=row.koppeling_id,
        gemeente_id=row.gemeente_id,
        gemeente_code=row.gemeente.cbs_code,
        gemeente_name=row.gemeente.name,
        v_nummer=row.v_nummer,
        status=row.status,
        linked_on=row.linked_on,
        moving_date=row.moving_date,
        address_after_move=row.address_after_move,
        expected_followers=row.expected_followers,
        head_name=row.head_name,
        members=tuple(member_info(m, noa_by_member.get(m.id)) for m in members),
        milestones=tuple(milestones),
        goals=tuple(goal_info(g) for g in goals),
        handovers=tuple(handover_info(session, h, today) for h in handovers),
        timeline=with_first_entry([timeline_entry(e) for e in events], first_entry(row)),
        created_by=row.created_by,
        created_at=row.created_at,
        version=row.version,
        referrals=tuple(
            referral_info(session, r, today)
            for r in session.scalars(select(Referral).where(Referral.dossier_id == did).order_by(Referral.id))
        ),
    )


# --- shared helpers -------------------------------------------------------------------------------


def member_order(member: DossierMember) -> tuple[int, date, int]:
    """Head first, then partner, children (oldest first), others."""
    return (member.role.order, member.birth_date or date.max, member.id or 0)


def load_dossier(
    session: Session,
    actor: Actor,
    dossier_id: int,
    action: Action,
    *,
    object_type: str = "dossier",
    object_id: object = None,
    detail: str | None = None,
) -> Dossier:
    """The dossier, after the access gate allowed ``action`` on it (and logged it)."""
    row = session.get(Dossier, dossier_id)
    if row is None:
        raise NotFound(DOSSIER_GONE)
    authorize(
        session,
        actor,
        action,
        Area.DOSSIER,
        object_type,
        dossier_id if object_id is None else object_id,
        gemeente_id=row.gemeente_id,
        detail=detail,
    )
    return row


def record_event(
    session: Session,
    actor: Actor,
    dossier_id: int,
    kind: TimelineKind,
    text: str,
    *,
    handover_id: int | None = None,
    at: datetime | None = None,
) -> None:
    extra = {"at": at} if at is not None else {}
    session.add(
        DossierEvent(
            dossier_id=dossier_id,
            by_login=actor.login[:64],
            by_name=actor.name[:120],
            kind=kind,
            text=text[:500],
            handover_id=handover_id,
            **extra,
        )
    )


def refresh_summary(dossier: Dossier) -> None:
    """Keep the list columns (head of household, size, search text) in step with the members."""
    members = sorted(dossier.members, key=member_order)
    head = next((m for m in members if m.role is MemberRole.HOOFDAANVRAGER), members[0] if members else None)
    dossier.head_name = head.name[:120] if head else ""
    dossier.member_count = len(members)
    parts: list[str | None] = [dossier.v_nummer]
    for m in members:
        parts += [m.name, m.name_arabic, m.v_nummer, m.bsn]
    dossier.search_text = search_text(*parts)[:2000]
