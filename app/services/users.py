"""Users and the acting user."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Gemeente, User
from app.domain.contact import email_problem, phone_problem
from app.domain.roles import Action, Area, Role
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.services.access import Actor, authorize, current_actor
from app.services.people import forget_names


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
    phone: str = ""


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
        user.phone,
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


def sign_in(session: Session, login: str) -> Actor:
    """The Actor of a known, active user (logged as a LOGIN). Who that is comes from
    ``app.auth.identity.resolve_actor``; this only looks the login up."""
    user = session.scalar(select(User).where(func.lower(User.login) == login.lower()))
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
    actor = current_actor(session, actor)  # the role and municipality the users table holds now
    authorize(session, actor, Action.READ, Area.USERS, "user", gemeente_id=actor.gemeente_id)
    query = select(User).order_by(User.name)
    if actor.role is not Role.BEHEERDER and actor.role is not Role.REGIO_COORDINATOR and not actor.system:
        query = query.where(User.gemeente_id == actor.gemeente_id)
    return [_info(u) for u in session.scalars(query)]


def _gemeente_of(session: Session, code: str | None) -> Gemeente | None:
    if not code:
        return None
    gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == code))
    if gemeente is None:
        raise ValidationError(f"Gemeente {code} bestaat niet.", {"gemeente": "onbekend"})
    return gemeente


def _on_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def create_user(
    session: Session,
    actor: Actor,
    *,
    login: str,
    name: str,
    role: Role,
    gemeente_code: str | None,
    email: str = "",
    password: str | None = None,
    phone: str = "",
) -> UserInfo:
    """Add a user. On PostgreSQL with a password this also makes their own login role (through
    the database's dl_create_user, so the beheerder needs no CREATEROLE); without one only the
    owner may add the row (demo users), and ``set_password`` gives them a login later."""
    gemeente = _gemeente_of(session, gemeente_code)
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
    errors.update(contact_errors(phone, email))
    if login and session.scalar(select(User.id).where(func.lower(User.login) == login.lower())):
        errors["login"] = f"Inlognaam '{login}' is al in gebruik."
    if password is not None:
        problem = password_problem(password, login)
        if problem:
            errors["password"] = problem
    if errors:
        raise ValidationError("De gebruiker kan niet worden opgeslagen: " + " ".join(errors.values()), errors)
    if _on_postgres(session) and password is not None:
        from app.auth.pg_users import create_login

        user_id = create_login(
            session, login=login, name=name.strip(), email=email.strip(), role=role,
            gemeente_id=gemeente.id if gemeente else None, password=password,
        )  # fmt: skip
        if phone.strip():
            from app.auth.pg_users import set_login_phone

            set_login_phone(session, user_id, phone.strip())
        user = session.get(User, user_id)
        assert user is not None
        session.refresh(user)
        return _info(user)
    user = User(
        login=login, name=name.strip(), role=role, gemeente=gemeente, email=email.strip(), phone=phone.strip()
    )
    session.add(user)
    session.flush()
    return _info(user)


MIN_PASSWORD = 12


def contact_errors(phone: str, email: str) -> dict[str, str]:
    """The Dutch problems with a phone number and an e-mail address, per field."""
    errors = {}
    problem = phone_problem(phone)
    if problem:
        errors["phone"] = problem
    problem = email_problem(email)
    if problem:
        errors["email"] = problem
    return errors


def password_problem(password: str, login: str = "") -> str | None:
    """Why a new password is not good enough, in Dutch; None when it is."""
    if len(password) < MIN_PASSWORD:
        return f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens."
    if login and login.lower() in password.lower():
        return "Het wachtwoord mag de inlognaam niet bevatten."
    if password.strip() != password:
        return "Een wachtwoord begint en eindigt niet met een spatie."
    return None


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
    gemeente_code: str | None = None,
    phone: str | None = None,
) -> UserInfo:
    """Change a user. ``expected_version`` is the version the editor loaded: if someone else saved
    in between, nothing is overwritten and ConflictError carries the fresh data. On PostgreSQL the
    database function also moves the login to the new role's group, or disables it (NOLOGIN, open
    sessions ended)."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Deze gebruiker bestaat niet (meer).")
    authorize(session, actor, Action.UPDATE, Area.USERS, "user", user_id, gemeente_id=user.gemeente_id)
    if user.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(user))
    gemeente = _gemeente_of(session, gemeente_code)
    if name is not None and not name.strip():
        raise ValidationError("Vul een naam in.", {"name": "leeg"})
    problems = contact_errors(phone or "", email or "")
    if problems:
        raise ValidationError(" ".join(problems.values()), problems)
    if gemeente is not None:  # moving a user is a change in the new municipality too
        authorize(session, actor, Action.UPDATE, Area.USERS, "user", user_id, gemeente_id=gemeente.id)
    if (role or user.role) is not Role.BEHEERDER and (gemeente or user.gemeente) is None:
        raise ValidationError("Kies de gemeente van deze gebruiker.", {"gemeente": "leeg"})
    if _on_postgres(session):
        from app.auth.pg_users import update_login

        update_login(
            session, user_id, expected_version,
            name=name.strip() if name is not None else None,
            email=email.strip() if email is not None else None,
            role=role, gemeente_id=gemeente.id if gemeente else None, active=active,
        )  # fmt: skip
        if phone is not None:
            from app.auth.pg_users import set_login_phone

            set_login_phone(session, user_id, phone.strip())
        session.refresh(user)
        forget_names(session)
        return _info(user)
    if name is not None:
        user.name = name.strip()
    if email is not None:
        user.email = email.strip()
    if role is not None:
        user.role = role
    if gemeente is not None:
        user.gemeente = gemeente
    if active is not None:
        user.active = active
    if phone is not None:
        user.phone = phone.strip()
    session.flush()
    forget_names(session)
    return _info(user)


def find_user(session: Session, actor: Actor, login: str) -> UserInfo:
    """One user by login, for the commands that name a user."""
    user = session.scalar(select(User).where(func.lower(User.login) == login.strip().lower()))
    authorize(
        session, actor, Action.READ, Area.USERS, "user", login[:64],
        gemeente_id=user.gemeente_id if user else actor.gemeente_id,
    )  # fmt: skip
    if user is None:
        raise NotFound(f"Gebruiker '{login}' bestaat niet.")
    return _info(user)


def set_password(session: Session, actor: Actor, user_id: int, password: str) -> None:
    """Set (or reset) a user's password. Only PostgreSQL has passwords: on SQLite the account
    on the computer is the sign-in."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Deze gebruiker bestaat niet (meer).")
    authorize(
        session, actor, Action.UPDATE, Area.USERS, "user", user_id, gemeente_id=user.gemeente_id,
        detail="wachtwoord ingesteld",
    )  # fmt: skip
    if not _on_postgres(session):
        raise ValidationError(
            "Deze database staat op deze computer (SQLite): u meldt zich aan met uw account op de "
            "computer, zonder apart wachtwoord."
        )
    problem = password_problem(password, user.login)
    if problem:
        raise ValidationError(problem, {"password": problem})
    from app.auth.pg_users import set_login_password

    set_login_password(session, user.login, password)
