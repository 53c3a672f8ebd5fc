"""Users and the acting user."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Gemeente, User
from app.domain.roles import Action, Area, Role
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize


@dataclass(frozen=True)
class UserInfo:
    id: int
    login: str
    name: str
    email: str
    role: Role
    gemeente_id: int | None
    gemeente_name: str | None
    active: bool
    version: int


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.id,
        user.login,
        user.name,
        user.email,
        user.role,
        user.gemeente_id,
        user.gemeente.name if user.gemeente else None,
        user.active,
        user.version,
    )


def actor_for(user: User, workstation: str | None = None) -> Actor:
    actor = Actor(
        login=user.login,
        name=user.name,
        role=user.role,
        user_id=user.id,
        gemeente_id=user.gemeente_id,
        gemeente_code=user.gemeente.cbs_code if user.gemeente else None,
        gemeente_name=user.gemeente.name if user.gemeente else None,
    )
    return replace(actor, workstation=workstation) if workstation else actor


UNKNOWN_USER = (
    "Gebruiker '{login}' is niet bekend in deze database of is uitgeschakeld. "
    "Vraag de beheerder van uw gemeente om u toe te voegen."
)


FIRST_USER = (
    "U bent de eerste gebruiker van deze database ('{login}') en daarom beheerder. Een beheerder "
    "beheert gebruikers en ziet het toegangslog, maar werkt niet met het uitwisselbord of dossiers. "
    "Voeg voor het echte werk een gebruiker met een werkrol toe (Beheer → Gebruikers, of: python -m app "
    "users add LOGIN --name NAAM --role contactpersoon --gemeente GM0344) en meld u daarmee aan "
    "(Instellingen → inlognaam, of --as LOGIN). Alleen rondkijken? Gebruik een lege database en "
    "python -m app demo."
)


def sign_in(session: Session, login: str, *, notices: list[str] | None = None) -> Actor:
    """Resolve the acting user. On a database without any users the first one becomes beheerder,
    so a new installation can be set up by whoever installed it; ``notices`` then receives the
    explanation to show that user."""
    user = session.scalar(select(User).where(func.lower(User.login) == login.lower()))
    if user is None and session.scalar(select(func.count()).select_from(User)) == 0:
        user = User(login=login, name=login, role=Role.BEHEERDER)
        session.add(user)
        session.flush()
        if notices is not None:
            notices.append(FIRST_USER.format(login=login))
    if user is None or not user.active:
        authorize(
            session,
            Actor.system_actor("aanmelding").acting_for(login),
            Action.LOGIN,
            Area.USERS,
            "user",
            detail="onbekende of uitgeschakelde gebruiker",
        )
        raise NotFound(UNKNOWN_USER.format(login=login))
    actor = actor_for(user)
    authorize(session, actor, Action.LOGIN, Area.REGION, "user", user.id)
    return actor


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    authorize(session, actor, Action.READ, Area.USERS, "user", gemeente_id=actor.gemeente_id)
    query = select(User).order_by(User.name)
    if actor.role is not Role.BEHEERDER and actor.role is not Role.REGIO_COORDINATOR and not actor.system:
        query = query.where(User.gemeente_id == actor.gemeente_id)
    return [_info(u) for u in session.scalars(query)]


def create_user(
    session: Session,
    actor: Actor,
    *,
    login: str,
    name: str,
    role: Role,
    gemeente_code: str | None,
    email: str = "",
) -> UserInfo:
    gemeente = None
    if gemeente_code:
        gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == gemeente_code))
        if gemeente is None:
            raise ValidationError(f"Gemeente {gemeente_code} bestaat niet.", {"gemeente": "onbekend"})
    authorize(
        session,
        actor,
        Action.CREATE,
        Area.USERS,
        "user",
        login,
        gemeente_id=gemeente.id if gemeente else None,
    )
    login = login.strip()
    errors = {}
    if not login:
        errors["login"] = "Vul een inlognaam in."
    if not name.strip():
        errors["name"] = "Vul een naam in."
    if role is not Role.BEHEERDER and gemeente is None:
        errors["gemeente"] = "Kies de gemeente van deze gebruiker."
    if login and session.scalar(select(User.id).where(func.lower(User.login) == login.lower())):
        errors["login"] = f"Inlognaam '{login}' is al in gebruik."
    if errors:
        raise ValidationError("De gebruiker kan niet worden opgeslagen: " + " ".join(errors.values()), errors)
    user = User(login=login, name=name.strip(), role=role, gemeente=gemeente, email=email.strip())
    session.add(user)
    session.flush()
    return _info(user)


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    expected_version: int,
    *,
    name: str | None = None,
    email: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
) -> UserInfo:
    """Change a user. ``expected_version`` is the version the editor loaded: if someone else saved
    in between, nothing is overwritten and ConflictError carries the fresh data."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Deze gebruiker bestaat niet (meer).")
    authorize(session, actor, Action.UPDATE, Area.USERS, "user", user_id, gemeente_id=user.gemeente_id)
    if user.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(user))
    if name is not None:
        if not name.strip():
            raise ValidationError("Vul een naam in.", {"name": "leeg"})
        user.name = name.strip()
    if email is not None:
        user.email = email.strip()
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
    session.flush()
    return _info(user)
