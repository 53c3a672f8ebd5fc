"""Reading the access log (beheerder only). Reading the log is itself logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AccessLog
from app.domain.roles import Action, Area
from app.services.access import Actor, authorize
from app.services.search_input import search_term

MAX_LIMIT = 5000


@dataclass(frozen=True)
class AccessLogEntry:
    id: int
    at: datetime  # UTC
    actor_login: str
    on_behalf_of: str | None
    action: Action
    object_type: str
    object_id: str | None
    gemeente_id: int | None
    result: str
    detail: str | None
    workstation: str


def list_access_log(
    session: Session,
    actor: Actor,
    *,
    login: str | None = None,
    action: Action | None = None,
    limit: int = 500,
) -> list[AccessLogEntry]:
    """The newest entries first. ``login`` matches part of the actor's or on-behalf-of login
    (case-insensitive); ``action`` one kind of action."""
    login = search_term(login, "login") or None
    filters = []
    if login:
        filters.append(f"login~{login}")
    if action:
        filters.append(f"action={action.value}")
    authorize(session, actor, Action.READ, Area.AUDIT, "access_log", detail=" ".join(filters) or None)
    query = select(AccessLog).order_by(AccessLog.at.desc(), AccessLog.id.desc())
    if login:
        pattern = login.lower()
        query = query.where(
            func.lower(AccessLog.actor_login).contains(pattern, autoescape=True)
            | func.lower(func.coalesce(AccessLog.on_behalf_of, "")).contains(pattern, autoescape=True)
        )
    if action is not None:
        query = query.where(AccessLog.action == action)
    query = query.limit(max(1, min(int(limit), MAX_LIMIT)))
    return [
        AccessLogEntry(
            id=row.id,
            at=row.at,
            actor_login=row.actor_login,
            on_behalf_of=row.on_behalf_of,
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
            gemeente_id=row.gemeente_id,
            result=row.result,
            detail=row.detail,
            workstation=row.workstation,
        )
        for row in session.scalars(query)
    ]
