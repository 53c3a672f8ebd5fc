"""What the candidate pipeline hands out: plain data for screens, exports and Vandaag.
Re-exported by app.services.challenges.candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Candidate, CandidateStatusChange, Dossier, DossierMember
from app.domain.challenges import CandidateStatus, PlaceKind, StopReason, overdue


@dataclass(frozen=True)
class CandidateInfo:
    id: int
    version: int
    dossier_id: int
    member_id: int
    member_name: str  # own municipality only: the rows are the dossier's
    v_nummer: str  # of the dossier (finds it in the case register)
    gemeente_id: int
    pledge_id: int
    challenge_id: int | None
    employer: str
    kind: PlaceKind
    job_title: str
    status: CandidateStatus
    status_on: date
    reason: StopReason | None
    reason_text: str
    next_step: str
    next_due: date | None
    candidate_consent_on: date | None
    candidate_consent_by: str
    consulent_consent_on: date | None
    consulent_consent_by: str
    score: int | None
    explanation: str
    plan_action_id: int | None
    overdue: bool

    @property
    def both_agreed(self) -> bool:
        """Double opt-in: the candidate and the consulent agreed to an introduction by name."""
        return self.candidate_consent_on is not None and self.consulent_consent_on is not None

    @property
    def code(self) -> str:
        """What an employer sees instead of a person: "K-0042" (the candidate row, not the person)."""
        return f"K-{self.id:04d}"


@dataclass(frozen=True)
class ChangeInfo:
    from_status: CandidateStatus | None
    to_status: CandidateStatus
    on: date
    at: datetime
    by_name: str
    reason: StopReason | None
    reason_text: str


def candidate_info(session: Session, row: Candidate, today: date) -> CandidateInfo:
    member = session.get(DossierMember, row.member_id)
    dossier = session.get(Dossier, row.dossier_id)
    p = row.pledge
    return CandidateInfo(
        row.id, row.version, row.dossier_id, row.member_id, member.name if member else "",
        dossier.v_nummer if dossier else "", row.gemeente_id, row.pledge_id, p.challenge_id, p.employer.name,
        p.kind, p.job_title, row.status, row.status_on, row.reason, row.reason_text, row.next_step,
        row.next_due, row.candidate_consent_on, row.candidate_consent_by, row.consulent_consent_on,
        row.consulent_consent_by, row.score, row.explanation, row.plan_action_id,
        overdue(row.next_due, row.status, today),
    )  # fmt: skip


def change_infos(session: Session, candidate_id: int) -> list[ChangeInfo]:
    rows = session.scalars(
        select(CandidateStatusChange)
        .where(CandidateStatusChange.candidate_id == candidate_id)
        .order_by(CandidateStatusChange.id)
    )
    return [
        ChangeInfo(r.from_status, r.to_status, r.on, r.at, r.by_name, r.reason, r.reason_text) for r in rows
    ]
