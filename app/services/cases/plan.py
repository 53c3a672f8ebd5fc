"""The plan van aanpak: goals in four domains, each with actions (owner, due date, status).

Public API (rights: ``Area.DOSSIER``, own municipality; every change writes a timeline entry):

- ``GoalInput(domain: PlanDomain, text: str, member_id: int | None = None)``
- ``ActionInput(text: str, owner="", due_on: date | None = None, status=ActionStatus.OPEN)``
- ``add_goal(session, actor, dossier_id, data: GoalInput) -> GoalInfo``
- ``update_goal(session, actor, goal_id, expected_version, data: GoalInput) -> GoalInfo``
- ``remove_goal(session, actor, goal_id, expected_version) -> None`` (its actions go with it)
- ``add_action(session, actor, goal_id, data: ActionInput) -> ActionInfo``
- ``update_action(session, actor, action_id, expected_version, data: ActionInput) -> ActionInfo``
- ``remove_action(session, actor, action_id, expected_version) -> None``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from app.db.models import DossierMember, PlanAction, PlanGoal
from app.domain.case_dossier import ActionStatus, PlanDomain, TimelineKind
from app.domain.roles import Action
from app.domain.timefmt import date_text
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor
from app.services.cases.views import ActionInfo, GoalInfo, action_info, goal_info, load_dossier, record_event

GOAL_GONE = "Dit doel bestaat niet (meer)."
ACTION_GONE = "Deze actie bestaat niet (meer)."


@dataclass
class GoalInput:
    domain: PlanDomain
    text: str
    member_id: int | None = None  # the person the goal is for; None: the whole household


@dataclass
class ActionInput:
    text: str
    owner: str = ""
    due_on: date | None = None
    status: ActionStatus = field(default=ActionStatus.OPEN)


def _text_errors(text: str, owner: str = "") -> dict[str, str]:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Vul een omschrijving in."
    elif len(text.strip()) > 300:
        errors["text"] = "De omschrijving is te lang (hoogstens 300 tekens)."
    if len(owner.strip()) > 120:
        errors["owner"] = "De naam van de eigenaar is te lang (hoogstens 120 tekens)."
    return errors


def _check_goal(session: Session, dossier_id: int, data: GoalInput) -> None:
    errors = _text_errors(data.text)
    if data.member_id is not None:
        member = session.get(DossierMember, data.member_id)
        if member is None or member.dossier_id != dossier_id:
            errors["member_id"] = "Deze persoon hoort niet bij dit huishouden."
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)


def add_goal(session: Session, actor: Actor, dossier_id: int, data: GoalInput) -> GoalInfo:
    load_dossier(session, actor, dossier_id, Action.CREATE, object_type="plandoel", object_id=None)
    _check_goal(session, dossier_id, data)
    row = PlanGoal(
        dossier_id=dossier_id, domain=data.domain, member_id=data.member_id, text=data.text.strip()
    )
    session.add(row)
    session.flush()
    record_event(
        session, actor, dossier_id, TimelineKind.PLAN, f"Doel toegevoegd ({data.domain.label}): {row.text}"
    )
    return goal_info(row)


def _load_goal(session: Session, actor: Actor, goal_id: int, action: Action) -> PlanGoal:
    row = session.get(PlanGoal, goal_id)
    if row is None:
        raise NotFound(GOAL_GONE)
    load_dossier(session, actor, row.dossier_id, action, object_type="plandoel", object_id=goal_id)
    return row


def update_goal(
    session: Session, actor: Actor, goal_id: int, expected_version: int, data: GoalInput
) -> GoalInfo:
    row = _load_goal(session, actor, goal_id, Action.UPDATE)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=goal_info(row))
    _check_goal(session, row.dossier_id, data)
    row.domain, row.member_id, row.text = data.domain, data.member_id, data.text.strip()
    record_event(
        session, actor, row.dossier_id, TimelineKind.PLAN, f"Doel gewijzigd ({row.domain.label}): {row.text}"
    )
    session.flush()
    return goal_info(row)


def remove_goal(session: Session, actor: Actor, goal_id: int, expected_version: int) -> None:
    row = _load_goal(session, actor, goal_id, Action.DELETE)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=goal_info(row))
    record_event(
        session, actor, row.dossier_id, TimelineKind.PLAN, f"Doel verwijderd ({row.domain.label}): {row.text}"
    )
    session.delete(row)
    session.flush()


def _apply_action(row: PlanAction, data: ActionInput) -> None:
    errors = _text_errors(data.text, data.owner)
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)
    row.text, row.owner, row.due_on = data.text.strip(), data.owner.strip(), data.due_on
    if data.status is ActionStatus.GEDAAN and row.status is not ActionStatus.GEDAAN:
        row.done_on = date.today()
    elif data.status is not ActionStatus.GEDAAN:
        row.done_on = None
    row.status = data.status


def _action_text(row: PlanAction) -> str:
    due = f", uiterlijk {date_text(row.due_on)}" if row.due_on else ""
    owner = f", eigenaar {row.owner}" if row.owner else ""
    return f"{row.text} ({row.status.label}{owner}{due})"


def add_action(session: Session, actor: Actor, goal_id: int, data: ActionInput) -> ActionInfo:
    goal = _load_goal(session, actor, goal_id, Action.CREATE)
    row = PlanAction(status=ActionStatus.OPEN)
    _apply_action(row, data)
    goal.actions.append(row)
    session.flush()
    record_event(session, actor, goal.dossier_id, TimelineKind.PLAN, f"Actie toegevoegd: {_action_text(row)}")
    return action_info(row)


def _load_action(session: Session, actor: Actor, action_id: int, action: Action) -> PlanAction:
    row = session.get(PlanAction, action_id)
    if row is None:
        raise NotFound(ACTION_GONE)
    load_dossier(session, actor, row.goal.dossier_id, action, object_type="planactie", object_id=action_id)
    return row


def update_action(
    session: Session, actor: Actor, action_id: int, expected_version: int, data: ActionInput
) -> ActionInfo:
    row = _load_action(session, actor, action_id, Action.UPDATE)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=action_info(row))
    _apply_action(row, data)
    record_event(
        session, actor, row.goal.dossier_id, TimelineKind.PLAN, f"Actie gewijzigd: {_action_text(row)}"
    )
    session.flush()
    return action_info(row)


def remove_action(session: Session, actor: Actor, action_id: int, expected_version: int) -> None:
    row = _load_action(session, actor, action_id, Action.DELETE)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=action_info(row))
    record_event(session, actor, row.goal.dossier_id, TimelineKind.PLAN, f"Actie verwijderd: {row.text}")
    row.goal.actions.remove(row)
    session.flush()
