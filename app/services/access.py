"""The one gate every service passes: check the acting user's rights and write the access log.

Services call ``authorize`` before they read or change anything. A refusal is logged in its own
short transaction (so it survives the caller's rollback) and raised as ``PermissionDenied``.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass, field, replace

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.db.models import AccessLog
from app.domain.roles import Action, Area, Role, is_allowed
from app.errors import PermissionDenied

log = logging.getLogger(__name__)

_DENIED = "U heeft geen rechten om dit te doen ({action} {what})."
_ACTION_NL = {
    Action.READ: "inzien",
    Action.SEARCH: "zoeken",
    Action.CREATE: "aanmaken",
    Action.UPDATE: "wijzigen",
    Action.DELETE: "verwijderen",
    Action.PRINT: "afdrukken",
    Action.EXPORT: "exporteren",
    Action.IMPORT: "importeren",
    Action.LOGIN: "aanmelden",
}


def _workstation() -> str:
    try:
        return socket.gethostname()[:120]
    except OSError:
        return ""


@dataclass(frozen=True)
class Actor:
    """Who acts. Plain data, safe to hand to a worker thread."""

    login: str
    name: str
    role: Role
    user_id: int | None = None
    gemeente_id: int | None = None
    gemeente_code: str | None = None
    gemeente_name: str | None = None
    on_behalf_of: str | None = None
    workstation: str = field(default_factory=_workstation)
    system: bool = False  # migrations, demo data: logged as such, never a person

    @classmethod
    def system_actor(cls, purpose: str = "systeem") -> Actor:
        return cls(login=purpose, name="Systeem", role=Role.BEHEERDER, system=True)

    def acting_for(self, login: str) -> Actor:
        return replace(self, on_behalf_of=login)


def authorize(
    session: Session,
    actor: Actor,
    action: Action,
    area: Area,
    object_type: str,
    object_id: object = None,
    *,
    gemeente_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Allow or refuse ``action`` on an object of ``area``; always leaves an access-log row.

    ``gemeente_id`` is the municipality the object belongs to (None: a region-wide object).
    """
    own = None if gemeente_id is None else gemeente_id == actor.gemeente_id
    allowed = actor.system or is_allowed(actor.role, action, area, own_gemeente=own)
    entry = AccessLog(
        actor_id=actor.user_id,
        actor_login=actor.login[:64],
        on_behalf_of=actor.on_behalf_of,
        action=action,
        object_type=object_type[:40],
        object_id=None if object_id is None else str(object_id)[:64],
        gemeente_id=gemeente_id,
        result="ok" if allowed else "denied",
        detail=(detail or None) and detail[:500],
        workstation=actor.workstation,
    )
    if allowed:
        session.add(entry)
        return
    _write_apart(session, entry)
    raise PermissionDenied(_DENIED.format(action=_ACTION_NL[action], what=object_type))


def _write_apart(session: Session, entry: AccessLog) -> None:
    """Commit the refusal in its own transaction: the caller's work is about to be rolled back."""
    try:
        with Session(bind=session.get_bind()) as apart:
            apart.add(entry)
            apart.commit()
    except SQLAlchemyError:
        log.warning("access log row for a refusal could not be written apart; kept in the session")
        session.add(entry)
