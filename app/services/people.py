"""Who a stored login is, as people read it: the user's name instead of "cp-lopik".

The tables keep logins (the access log and the audit rely on them); lists, dialogs and prints show
names. ``person_name`` looks a login up once per unit of work (the Session's ``info``), so a list
of 500 posts by six people asks the database six times at most, and ``remember_names`` fills the
cache in one query for a whole list.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import User
from app.services.access import Actor

SYSTEM_LABEL = "Systeem"
# Logins that are no person: the OS account on a server, the program's own purposes (migrations,
# demo data, imports, the sign-in check). Shown as "Systeem" rather than as a login.
SYSTEM_LOGINS = frozenset(
    {"root", "postgres", "systeem", "system", "demo", "import", "migratie", "aanmelding", "uitwisselbord"}
)

_CACHE = "people.names"  # session.info key: lower-case login -> name (or None: no user row)


class _Names(dict[str, "str | None"]):
    """The per-session cache; its own type so a stale value under the key is never mistaken."""


def _cache(session: Session) -> _Names:
    cache = session.info.get(_CACHE)
    if not isinstance(cache, _Names):
        cache = session.info[_CACHE] = _Names()
    return cache


def remember_names(session: Session, logins: Iterable[str | None]) -> None:
    """Look up every login not yet cached, in one query."""
    cache = _cache(session)
    wanted = {login.lower() for login in logins if login and login.lower() not in cache}
    if not wanted:
        return
    query = select(func.lower(User.login), User.name).where(func.lower(User.login).in_(wanted))
    rows = session.execute(query)
    found = {login: name for login, name in rows}
    for login in wanted:
        cache[login] = (found.get(login) or "").strip() or None


def _label(login: str, name: str | None) -> str:
    if name:
        return name
    return SYSTEM_LABEL if login.lower() in SYSTEM_LOGINS else login


def person_name(session: Session, login: str | None) -> str:
    """The name of the user with this login; "Systeem" for a system login; the login itself for a
    login without a user row (an old import, a removed account); "" for no login. Never None."""
    if not login:
        return ""
    remember_names(session, [login])
    return _label(login, _cache(session).get(login.lower()))


def actor_display(actor: Actor) -> str:
    """How the acting user appears on a print: their name; "Systeem" for the program itself."""
    if actor.system or (actor.login.lower() in SYSTEM_LOGINS and actor.name in ("", actor.login)):
        return SYSTEM_LABEL
    return actor.name.strip() or actor.login


def forget_names(session: Session) -> None:
    """Drop the cache (after a user's name changed in this session)."""
    session.info.pop(_CACHE, None)
