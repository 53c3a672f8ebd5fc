"""The candidate pipeline: a dossier member proposed for a pledged place, step by step to a place
(or stopped with a coded reason), with double opt-in before the employer hears the name, and the
outcome written back to the dossier's plan of action.

Public API (every function takes ``(session, actor, ...)``; a candidate is dossier data: rights
``Area.DOSSIER`` of the dossier's municipality through ``load_dossier``, on PostgreSQL row-level
security on ``candidates.gemeente_id``; every change writes a timeline entry):

- ``propose(session, actor, pledge_id, member_id, *, next_step, next_due, score=None,
  explanation="", today) -> CandidateInfo`` — *voorgesteld*; the pledge must be of the dossier's
  municipality or open to the region. Adds an action in the plan's *werk en inkomen* domain (under
  the first goal there, or a new one) and keeps its status in step: open until the interview,
  bezig from *gesprek*, gedaan at *afgerond*, vervallen at *gestopt*.
- ``move_candidate(session, actor, candidate_id, expected_version, new, *, next_step="",
  next_due=None, reason=None, reason_text="", today)`` — one step at a time
  (``app.domain.challenges.candidate_move_errors``); an open step needs a next step and a due date;
  *toestemming* needs the candidate's consent recorded, *gesprek* both consents.
- ``record_consent(session, actor, candidate_id, expected_version, party, *, on, given=True, today)``
  — ``party`` is ``"kandidaat"`` or ``"consulent"``; who recorded it and when.
- ``challenge_candidates(session, actor, challenge_id, *, today)``, ``dossier_candidates(session,
  actor, dossier_id, *, today)``, ``get_candidate``, ``candidate_history`` — the actor's own
  municipality's candidates only.
- ``overdue_candidates(session, actor, today) -> list[CandidateInfo]`` and ``overdue_count`` —
  next step past its due date (Vandaag).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import (
    Candidate,
    CandidateStatusChange,
    Dossier,
    DossierMember,
    PlanAction,
    PlanGoal,
    Pledge,
)
from app.domain.case_dossier import ActionStatus, PlanDomain, TimelineKind
from app.domain.challenges import NEXT_STEP_MAX, CandidateStatus, StopReason, candidate_move_errors
from app.domain.roles import Action, Area
from app.domain.timefmt import date_text
from app.errors import CONFLICT, ConflictError, NotFound, UserError, ValidationError
from app.services.access import Actor, authorize, current_actor, is_permitted
from app.services.cases.views import load_dossier, record_event
from app.services.challenges.candidate_views import CandidateInfo, ChangeInfo, candidate_info, change_infos

__all__ = [
    "CandidateInfo",
    "ChangeInfo",
    "candidate_history",
    "challenge_candidates",
    "dossier_candidates",
    "get_candidate",
    "move_candidate",
    "overdue_candidates",
    "overdue_count",
    "propose",
    "record_consent",
    "revert_candidate",
]

GONE = "Deze kandidaat bestaat niet (meer)."
PLEDGE_GONE = "Deze toezegging bestaat niet (meer)."
MEMBER_GONE = "Deze persoon bestaat niet (meer)."
NOT_OPEN = "Deze plaats is van een andere gemeente en niet opengesteld voor de regio."
ALREADY = "Deze persoon is al kandidaat voor deze plaats."
NEEDS_CANDIDATE_CONSENT = "Leg eerst vast dat de kandidaat toestemming geeft om te worden voorgesteld."
GOAL_TEXT = "Aan het werk: stage, werkervaring of baan"
S = CandidateStatus
#: How the plan's action follows the pipeline.
ACTION_STATUS = {
    S.VOORGESTELD: ActionStatus.OPEN,
    S.TOESTEMMING: ActionStatus.OPEN,
    S.BIJ_WERKGEVER: ActionStatus.OPEN,
    S.GESPREK: ActionStatus.BEZIG,
    S.AANGENOMEN: ActionStatus.BEZIG,
    S.GESTART: ActionStatus.BEZIG,
    S.AFGEROND: ActionStatus.GEDAAN,
    S.GESTOPT: ActionStatus.VERVALLEN,
}
Party = Literal["kandidaat", "consulent"]


def _next_errors(status: CandidateStatus, next_step: str, next_due: date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if status.ended:
        return errors
    if not next_step.strip():
        errors["next_step"] = "Vul in wat de volgende stap is."
    elif len(next_step.strip()) > NEXT_STEP_MAX:
        errors["next_step"] = f"De volgende stap is te lang (hoogstens {NEXT_STEP_MAX} tekens)."
    if next_due is None:
        errors["next_due"] = "Kies een datum waarop de volgende stap gedaan moet zijn."
    return errors


def _place_text(pledge: Pledge) -> str:
    title = f" ({pledge.job_title})" if pledge.job_title else ""
    return f"{pledge.kind.label.lower()} bij {pledge.employer.name}{title}"


def _change(session: Session, actor: Actor, row: Candidate, old: S | None, today: date) -> None:
    session.add(
        CandidateStatusChange(
            candidate_id=row.id, from_status=old, to_status=row.status, on=today, by_login=actor.login[:64],
            by_name=actor.name[:120], reason=row.reason, reason_text=row.reason_text,
        )
    )  # fmt: skip


def _plan_action(session: Session, actor: Actor, dossier: Dossier, row: Candidate, name: str) -> None:
    goal = session.scalar(
        select(PlanGoal)
        .where(PlanGoal.dossier_id == dossier.id, PlanGoal.domain == PlanDomain.WERK_INKOMEN)
        .order_by(PlanGoal.member_id.is_not(None), PlanGoal.id)
        .limit(1)
    )
    if goal is None:
        goal = PlanGoal(dossier_id=dossier.id, domain=PlanDomain.WERK_INKOMEN, text=GOAL_TEXT)
        session.add(goal)
        session.flush()
    action = PlanAction(
        text=f"Kandidaat voor {_place_text(row.pledge)}: {name}"[:300],
        owner=actor.name[:120],
        due_on=row.next_due,
        status=ACTION_STATUS[row.status],
    )
    goal.actions.append(action)
    session.flush()
    row.plan_action_id = action.id


def _sync_plan(session: Session, row: Candidate, today: date) -> None:
    """Keep the plan's action in step (unless someone removed it)."""
    action = session.get(PlanAction, row.plan_action_id) if row.plan_action_id else None
    if action is None:
        return
    wanted = ACTION_STATUS[row.status]
    action.due_on = row.next_due
    if action.status is not wanted:
        action.status = wanted
        action.done_on = today if wanted is ActionStatus.GEDAAN else None


def _step_text(row: Candidate) -> str:
    if row.status is S.GESTOPT:
        why = row.reason.label.lower() if row.reason else ""
        return f"gestopt ({why}{': ' + row.reason_text if row.reason_text else ''})"
    nxt = f"; volgende stap: {row.next_step}, uiterlijk {date_text(row.next_due)}" if row.next_due else ""
    return f"{row.status.label.lower()}{nxt}"


def propose(
    session: Session,
    actor: Actor,
    pledge_id: int,
    member_id: int,
    *,
    next_step: str,
    next_due: date | None,
    score: int | None = None,
    explanation: str = "",
    today: date,
) -> CandidateInfo:
    member = session.get(DossierMember, member_id)
    if member is None:
        raise NotFound(MEMBER_GONE)
    dossier = load_dossier(session, actor, member.dossier_id, Action.CREATE, object_type="kandidaat")
    pledge = session.get(Pledge, pledge_id)
    if pledge is None:
        raise NotFound(PLEDGE_GONE)
    if pledge.gemeente_id != dossier.gemeente_id and not pledge.open_to_region:
        raise UserError(NOT_OPEN)
    errors = _next_errors(S.VOORGESTELD, next_step, next_due)
    if errors:
        raise ValidationError(
            "De kandidaat kan nog niet worden voorgesteld: " + " ".join(errors.values()), errors
        )
    exists = session.scalar(
        select(Candidate.id).where(Candidate.member_id == member_id, Candidate.pledge_id == pledge_id)
    )
    if exists is not None:
        raise UserError(ALREADY)
    row = Candidate(
        dossier_id=dossier.id, member_id=member_id, gemeente_id=dossier.gemeente_id, pledge_id=pledge_id,
        status=S.VOORGESTELD, status_on=today, next_step=next_step.strip(), next_due=next_due,
        score=score, explanation=explanation[:500], proposed_by=actor.login[:64], reason_text="",
    )  # fmt: skip
    session.add(row)
    session.flush()
    _change(session, actor, row, None, today)
    _plan_action(session, actor, dossier, row, member.name)
    record_event(
        session, actor, dossier.id, TimelineKind.PLAN,
        f"{member.name} voorgesteld als kandidaat voor {_place_text(pledge)}; {_step_text(row)}",
    )  # fmt: skip
    session.flush()
    return candidate_info(session, row, today)


def _load(session: Session, actor: Actor, candidate_id: int, action: Action) -> tuple[Candidate, Dossier]:
    row = session.get(Candidate, candidate_id)
    if row is None:
        raise NotFound(GONE)
    dossier = load_dossier(
        session, actor, row.dossier_id, action, object_type="kandidaat", object_id=candidate_id
    )
    return row, dossier


def _check_version(session: Session, row: Candidate, expected: int, today: date) -> None:
    if row.version != expected:
        raise ConflictError(CONFLICT, current=candidate_info(session, row, today))


def _both(row: Candidate) -> bool:
    return row.candidate_consent_on is not None and row.consulent_consent_on is not None


def move_candidate(
    session: Session,
    actor: Actor,
    candidate_id: int,
    expected_version: int,
    new: CandidateStatus,
    *,
    next_step: str = "",
    next_due: date | None = None,
    reason: StopReason | None = None,
    reason_text: str = "",
    today: date,
) -> CandidateInfo:
    row, dossier = _load(session, actor, candidate_id, Action.UPDATE)
    _check_version(session, row, expected_version, today)
    errors = candidate_move_errors(row.status, new, reason, reason_text, both_agreed=_both(row))
    if not errors and new is S.TOESTEMMING and row.candidate_consent_on is None:
        errors["status"] = NEEDS_CANDIDATE_CONSENT
    errors.update(_next_errors(new, next_step, next_due))
    if errors:
        raise ValidationError("Deze stap kan nog niet: " + " ".join(errors.values()), errors)
    old = row.status
    row.status, row.status_on = new, today
    if new is S.GESTOPT:
        row.reason, row.reason_text = reason, reason_text.strip()
        row.next_step, row.next_due = "", None
    else:
        row.next_step = next_step.strip() if not new.ended else ""
        row.next_due = next_due if not new.ended else None
    session.flush()
    _change(session, actor, row, old, today)
    _sync_plan(session, row, today)
    member = session.get(DossierMember, row.member_id)
    who = member.name if member else "De kandidaat"
    record_event(
        session, actor, dossier.id, TimelineKind.STATUS,
        f"Kandidaat {_place_text(row.pledge)} ({who}): {_step_text(row)}",
    )  # fmt: skip
    session.flush()
    return candidate_info(session, row, today)


def record_consent(
    session: Session,
    actor: Actor,
    candidate_id: int,
    expected_version: int,
    party: Party,
    *,
    on: date,
    given: bool = True,
    today: date,
) -> CandidateInfo:
    row, dossier = _load(session, actor, candidate_id, Action.UPDATE)
    _check_version(session, row, expected_version, today)
    if on > today:
        raise ValidationError(
            "De datum van de toestemming ligt in de toekomst.", {"on": "Kies een eerdere datum."}
        )
    when, by = (on, actor.name[:120]) if given else (None, "")
    if party == "kandidaat":
        row.candidate_consent_on, row.candidate_consent_by = when, by
    else:
        row.consulent_consent_on, row.consulent_consent_by = when, by
    session.flush()
    member = session.get(DossierMember, row.member_id)
    whose = "De kandidaat" if party == "kandidaat" else "De consulent"
    what = f"geeft op {date_text(on)} toestemming" if given else "trekt de toestemming in"
    names = " (naam mag naar de werkgever)" if _both(row) else ""
    record_event(
        session, actor, dossier.id, TimelineKind.TOESTEMMING,
        f"{whose} {what} voor de voorstelling bij {row.pledge.employer.name}"
        f" ({member.name if member else ''}){names}",
    )  # fmt: skip
    return candidate_info(session, row, today)


def get_candidate(session: Session, actor: Actor, candidate_id: int, *, today: date) -> CandidateInfo:
    row, _ = _load(session, actor, candidate_id, Action.READ)
    return candidate_info(session, row, today)


def candidate_history(session: Session, actor: Actor, candidate_id: int) -> list[ChangeInfo]:
    row, _ = _load(session, actor, candidate_id, Action.READ)
    return change_infos(session, row.id)


def dossier_candidates(
    session: Session, actor: Actor, dossier_id: int, *, today: date
) -> list[CandidateInfo]:
    load_dossier(session, actor, dossier_id, Action.READ, object_type="kandidaten")
    rows = session.scalars(select(Candidate).where(Candidate.dossier_id == dossier_id).order_by(Candidate.id))
    return [candidate_info(session, r, today) for r in rows]


def challenge_candidates(
    session: Session, actor: Actor, challenge_id: int, *, today: date
) -> list[CandidateInfo]:
    """The candidates of the actor's own municipality for the challenge's pledges."""
    actor = current_actor(session, actor)
    authorize(
        session, actor, Action.READ, Area.DOSSIER, "kandidaten-challenge", challenge_id,
        gemeente_id=actor.gemeente_id,
    )  # fmt: skip
    rows = session.scalars(
        select(Candidate)
        .join(Pledge, Pledge.id == Candidate.pledge_id)
        .where(Pledge.challenge_id == challenge_id, Candidate.gemeente_id == actor.gemeente_id)
        .order_by(Candidate.id)
    )
    return [candidate_info(session, r, today) for r in rows]


def _overdue_query(gemeente_id: int | None, today: date):  # type: ignore[no-untyped-def]
    return select(Candidate).where(
        Candidate.gemeente_id == gemeente_id,
        Candidate.next_due < today,
        Candidate.status.not_in([S.AFGEROND, S.GESTOPT]),
    )


def overdue_count(session: Session, actor: Actor, today: date) -> int:
    actor = current_actor(session, actor)
    if not is_permitted(session, actor, Action.READ, Area.DOSSIER, gemeente_id=actor.gemeente_id):
        return 0
    sub = _overdue_query(actor.gemeente_id, today).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def overdue_candidates(session: Session, actor: Actor, today: date) -> list[CandidateInfo]:
    actor = current_actor(session, actor)
    if not is_permitted(session, actor, Action.READ, Area.DOSSIER, gemeente_id=actor.gemeente_id):
        return []
    authorize(
        session, actor, Action.SEARCH, Area.DOSSIER, "kandidaten-te-laat", None, gemeente_id=actor.gemeente_id
    )
    rows = session.scalars(
        _overdue_query(actor.gemeente_id, today).order_by(Candidate.next_due, Candidate.id)
    )
    return [candidate_info(session, r, today) for r in rows]


def revert_candidate(
    session: Session,
    actor: Actor,
    candidate_id: int,
    expected_version: int,
    *,
    status: CandidateStatus,
    reason: StopReason | None,
    reason_text: str,
    next_step: str,
    next_due: date | None,
    today: date,
) -> CandidateInfo:
    """Put a candidate back where an undone import found it (the pipeline itself never goes back);
    the history and the timeline say so."""
    row, dossier = _load(session, actor, candidate_id, Action.UPDATE)
    _check_version(session, row, expected_version, today)
    old = row.status
    row.status, row.status_on = status, today
    row.reason, row.reason_text = reason, reason_text
    row.next_step, row.next_due = next_step, next_due
    session.flush()
    _change(session, actor, row, old, today)
    _sync_plan(session, row, today)
    record_event(
        session, actor, dossier.id, TimelineKind.STATUS,
        f"Kandidaat {_place_text(row.pledge)}: teruggezet naar {_step_text(row)} (import ongedaan gemaakt)",
    )  # fmt: skip
    session.flush()
    return candidate_info(session, row, today)
