"""Who is acting. Never what the client claims, except in a demo database.

- PostgreSQL: the login PostgreSQL authenticated (``current_user``), looked up in ``users``. A login
  that owns the schema (IT running ``db upgrade`` or ``users add``) acts as the system.
- SQLite (one person on one PC): the operating-system account. A new database first asks which
  municipality and role that person has (``setup_first_user``).
- ``--as`` / ``DOORLOPENDE_LIJN_USER`` / the settings' login line choose whom to play only in a
  database made by ``python -m app demo`` (on PostgreSQL only for its owner), which says so.
"""

from __future__ import annotations

import os
from dataclasses import replace

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.session import Database
from app.domain.roles import Action, Area, Role
from app.errors import UserError
from app.services.access import Actor, authorize

DEMO_KEY = "demo"


class SignInError(UserError):
    """Signing in failed; the message says why and what to do."""


class NeedsSetup(SignInError):
    """A new SQLite database without users: ask the person's municipality and role first."""


SETUP_NEEDED = (
    "Deze database heeft nog geen gebruiker. Geef eerst aan wie u bent: "
    "python -m app setup --gemeente CODE --role ROL (bijvoorbeeld --gemeente GM0344 --role "
    "contactpersoon), of vul een lege database met demo-gegevens: python -m app demo."
)


def os_account() -> str:
    """The operating-system account running the program, from the OS itself (USER, LOGNAME and
    USERNAME in the environment are claims anyone can set)."""
    if os.name == "nt":  # pragma: no cover - Windows
        import ctypes

        size = ctypes.c_ulong(257)
        buffer = ctypes.create_unicode_buffer(257)
        if ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):  # type: ignore[attr-defined]
            return buffer.value
        raise SignInError("Windows gaf de naam van de aangemelde gebruiker niet.")
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def is_demo(session: Session) -> bool:
    from app.db.models import AppMeta

    return session.get(AppMeta, DEMO_KEY) is not None


def mark_demo(session: Session) -> None:
    """The demo filler calls this: from now on this database lets you play its demo users."""
    from app.db.models import AppMeta

    if session.get(AppMeta, DEMO_KEY) is None:
        session.add(AppMeta(key=DEMO_KEY, value="1"))
        session.flush()


def _may_own(session: Session) -> bool:
    return bool(
        session.scalar(
            text(
                "SELECT r.rolsuper OR pg_has_role(current_user, 'dl_owner', 'USAGE') "
                "FROM pg_roles r WHERE r.rolname = current_user"
            )
        )
    )


def _find(session: Session, login: str):  # type: ignore[no-untyped-def]
    from app.db.models import User

    return session.scalar(select(User).where(func.lower(User.login) == login.lower()))


def _user_count(session: Session) -> int:
    from app.db.models import User

    return session.scalar(select(func.count()).select_from(User)) or 0


def own_login(database: Database) -> str:
    """Who is really here: the PostgreSQL login, or the account on this computer."""
    if database.is_postgresql:
        with database.engine.connect() as conn:
            return str(conn.execute(text("SELECT current_user")).scalar())
    return os_account()


def resolve_actor(database: Database, claimed: str | None = None) -> Actor:
    """The acting user for this connection; ``claimed`` is a login asked for with ``--as``, the
    environment or the settings (honoured only in a demo database)."""
    with database.unit_of_work() as session:
        if database.is_postgresql:
            return _postgres_actor(session, claimed or None)
        return _sqlite_actor(session, claimed or None)


def _postgres_actor(session: Session, claimed: str | None) -> Actor:
    login = str(session.scalar(text("SELECT current_user")))
    owner = _may_own(session)
    if claimed and claimed.lower() != login.lower():
        if not (owner and is_demo(session)):
            raise SignInError(
                f"U bent bij PostgreSQL aangemeld als '{login}'; wie u bent bepaalt uw eigen login, "
                f"niet --as of DOORLOPENDE_LIJN_USER ('{claimed}'). Alleen in een demodatabase kan de "
                "eigenaar van de database een demogebruiker spelen."
            )
        return _as_user(session, claimed, played_by=login)
    user = _find(session, login)
    if user is None:
        if owner:
            return Actor(
                login=login, name=f"{login} (eigenaar van de database)", role=Role.BEHEERDER, system=True
            )
        raise SignInError(
            f"De databaselogin '{login}' hoort bij geen gebruiker van Doorlopende Lijn. Vraag de "
            "beheerder van uw gemeente om u als gebruiker toe te voegen (Beheer → Gebruikers)."
        )
    return _as_user(session, login)


def _sqlite_actor(session: Session, claimed: str | None) -> Actor:
    account = os_account()
    login = account
    played_by = None
    if claimed and claimed.lower() != account.lower():
        if not is_demo(session):
            raise SignInError(
                f"U bent '{account}' (uw account op deze computer). Een andere gebruiker spelen "
                f"('{claimed}', met --as, DOORLOPENDE_LIJN_USER of de inlognaam in de instellingen) kan "
                "alleen in een demodatabase, gemaakt met python -m app demo."
            )
        login, played_by = claimed, account
    if _find(session, login) is None and _user_count(session) == 0:
        raise NeedsSetup(SETUP_NEEDED)
    return _as_user(session, login, played_by=played_by)


def _as_user(session: Session, login: str, *, played_by: str | None = None) -> Actor:
    from app.services.users import actor_for

    user = _find(session, login)
    if user is None or not user.active:
        authorize(
            session,
            Actor.system_actor("aanmelding").acting_for(login),
            Action.LOGIN,
            Area.USERS,
            "user",
            detail="onbekende of uitgeschakelde gebruiker",
        )
        raise SignInError(
            f"Gebruiker '{login}' is niet bekend in deze database of is uitgeschakeld. "
            "Vraag de beheerder van uw gemeente om u toe te voegen of weer in te schakelen."
        )
    actor = actor_for(user)
    if played_by:
        actor = replace(actor, played_by=played_by)
    authorize(session, actor, Action.LOGIN, Area.REGION, "user", user.id)
    return actor


def setup_first_user(
    database: Database, *, gemeente_code: str | None, role: Role, name: str = "", email: str = ""
) -> Actor:
    """SQLite's first start: the person at this PC becomes a user of the role and municipality
    they chose. Only on a database without users; afterwards a beheerder adds users."""
    from app.services.users import create_user

    if database.is_postgresql:
        raise SignInError(
            "Op PostgreSQL maakt de beheerder de gebruikers aan (python -m app users add); "
            "setup is voor een database op deze computer."
        )
    account = os_account()
    with database.unit_of_work() as session:
        if _user_count(session) > 0:
            raise SignInError(
                "Deze database heeft al gebruikers; setup kan alleen op een nieuwe database. "
                "Een beheerder voegt gebruikers toe met python -m app users add."
            )
        create_user(
            session,
            Actor.system_actor("installatie").acting_for(account),
            login=account,
            name=name.strip() or account,
            role=role,
            gemeente_code=gemeente_code,
            email=email,
        )
    return resolve_actor(database)
