"""The one gate every service passes: check the acting user's rights and write the access log.

Services call ``authorize`` before they read or change anything. A refusal is logged in its own
short transaction (so it survives the caller's rollback) and raised as ``PermissionDenied``.

The rights come from the ``users`` table as it is now, not from the role the ``Actor`` was made
with when the user signed in: a user who was demoted, moved to another municipality or disabled
in the meantime has the new rights (or none) at their next unit of work. The row is read once per
Session and kept in ``session.info`` (``current_actor``).
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import NoReturn

from sqlalchemy import event, select
from sqlalchemy.exc import SQLAlchemyError, UnboundExecutionError
from sqlalchemy.orm import Session

from app.db.models import AccessLog, Gemeente, User
from app.db.session import DEFERRED_REFUSALS, FAILURE_ENTRY, PENDING_LOG
from app.domain.roles import Action, Area, Role, Scope, is_allowed, scope_for
from app.errors import PermissionDenied

log = logging.getLogger(__name__)

# action -> (the verb, how the object is named: "this" one, "a" new one, or "all" of them)
_ACTION_NL = {
    Action.READ: ("inzien", "this"),
    Action.SEARCH: ("doorzoeken", "all"),
    Action.CREATE: ("aanmaken", "new"),
    Action.UPDATE: ("wijzigen", "this"),
    Action.DELETE: ("verwijderen", "this"),
    Action.PRINT: ("afdrukken", "this"),
    Action.EXPORT: ("exporteren", "all"),
    Action.IMPORT: ("importeren", "all"),
    Action.LOGIN: ("gebruiken", "all"),
}
# object_type -> (singular, plural or mass noun with its article, neuter?)
_NOUNS: dict[str, tuple[str, str, bool]] = {
    "koppeling": ("koppeling", "koppelingen", False),
    "woning": ("woning", "woningen", False),
    "woningen": ("woning", "woningen", False),
    "koppelingen": ("koppeling", "koppelingen", False),
    "taakstellingen": ("taakstelling", "taakstellingen", False),
    "user": ("gebruiker", "gebruikers", False),
    "uitruil": ("uitruil", "uitruilen", False),
    "gemeente": ("gemeente", "gemeenten", False),
    "periode": ("periode", "periodes", False),
    "dossier": ("dossier", "dossiers", True),
    "bordbericht": ("bericht op het bord", "berichten op het bord", True),
    "grootboek": ("grootboek", "het grootboek", True),
    "bord": ("uitwisselbord", "het uitwisselbord", True),
    "matching": ("matchingvoorstel", "matchingvoorstellen", True),
    "matchingvoorstel": ("matchingvoorstel", "matchingvoorstellen", True),
    "importgeschiedenis": ("importgeschiedenis", "de importgeschiedenis", False),
    "demo": ("demo-gegevens", "demo-gegevens", False),
    "access_log": ("toegangslog", "het toegangslog", True),
    "werklijst": ("werklijst", "werklijsten", False),
    "overdracht": ("overdracht", "overdrachten", False),
    "pakket": ("overdrachtspakket", "overdrachtspakketten", True),
}


def _object_text(object_type: str, how: str) -> str:
    # The importer logs "import koppelingen", "import woningen": the object is what is imported.
    object_type = object_type.removeprefix("import ")
    singular, plural, neuter = _NOUNS.get(object_type, (object_type.replace("_", " "),) * 2 + (False,))
    if how == "all":
        return plural
    if how == "new":
        return f"een {singular}"
    return f"{'dit' if neuter else 'deze'} {singular}"


# How a role reads in a sentence ("een lezer van Zeist", "u bent lezer").
_ROLE_NOUN = {Role.ALLEEN_LEZEN: "lezer (alleen lezen)"}


def _role_noun(role: Role) -> str:
    return _ROLE_NOUN.get(role, role.label.lower())


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " of " + words[-1]


def refusal_message(
    role: Role, own_gemeente_name: str | None, action: Action, area: Area, object_type: str,
    gemeente_name: str | None, *, region_wide: bool,
) -> str:  # fmt: skip
    """Who may do this, and who the user is: "Alleen een contactpersoon van Houten of een
    regio-coördinator kan deze koppeling wijzigen; u bent beheerder." """
    verb, how = _ACTION_NL[action]
    everywhere = [_role_noun(r) for r in Role if scope_for(r, action, area) is Scope.ALL]
    own_only = [_role_noun(r) for r in Role if scope_for(r, action, area) is Scope.OWN]
    who = []
    if own_only and (not region_wide or not everywhere):
        where = f" van {gemeente_name}" if gemeente_name else " van de eigen gemeente"
        who.append(f"een {_or(own_only)}{where}")
    if everywhere:
        who.append(f"een {_or(everywhere)}")
    if own_only and region_wide and everywhere:  # e.g. an import: the own rows only
        who.append(f"een {_or(own_only)} (voor de eigen gemeente)")
    you = f"u bent {_role_noun(role)}" + (f" van {own_gemeente_name}" if own_gemeente_name else "")
    what = f"{_object_text(object_type, how)} {verb}"
    if not who:
        return f"Niemand kan {what} in het programma; {you}."
    hint = ""
    if role is Role.BEHEERDER and area in (Area.BOARD, Area.DOSSIER):
        hint = (
            " Een beheerder beheert gebruikers maar werkt niet met het bord of dossiers: voeg voor "
            "uzelf een gebruiker met een werkrol toe (Beheer → Gebruikers, of python -m app users add)."
        )
    return f"Alleen {' of '.join(who)} kan {what}; {you}.{hint}"


# -- what a search leaves in the log: the field and the length, never what was typed -------------

# Filter fields holding typed text (a name, V-nummer, BSN, login, location).
TYPED_FIELDS = frozenset({"text", "search", "zoek", "query", "login", "name", "bsn", "v_nummer"})
_QUOTED_TERM = re.compile(r"zoekterm '((?:[^']|'(?!($|[;,]\s)))*)'")


def typed_detail(field: str, value: str | None) -> str:
    """The log's "zoekterm: 9 tekens" for what the user typed in ``field`` (empty when nothing was)."""
    value = (value or "").strip()
    return f"{field}: {len(value)} tekens" if value else ""


# Paging and sorting are not what was searched for.
PAGING_FIELDS = ("limit", "offset", "sort", "descending")


def searched(
    filters: object, *, only: Iterable[str] | None = None, skip: Iterable[str] = PAGING_FIELDS,
    typed: Iterable[str] = TYPED_FIELDS,
) -> str:  # fmt: skip
    """A filter dataclass in words for the log: ``gemeente_code=GM0344 statuses=open zoekterm
    (text): 9 tekens``. Typed fields by their length only."""
    wanted = None if only is None else set(only)
    skipped, typed_fields = set(skip), set(typed)
    parts = []
    for key, value in vars(filters).items():
        if value in (None, "", (), False) or key in skipped or (wanted is not None and key not in wanted):
            continue
        if key in typed_fields:
            parts.append(typed_detail(f"zoekterm ({key})", str(value)))
        else:
            parts.append(f"{key}={value}")
    return " ".join(p for p in parts if p)[:500]


def scrub_typed(text: str) -> str:
    """A filter description with each "zoekterm '…'" reduced to its length."""
    return _QUOTED_TERM.sub(lambda m: typed_detail("zoekterm", m.group(1)), text)


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
    played_by: str | None = None  # demo only: the real account playing this demo user

    @classmethod
    def system_actor(cls, purpose: str = "systeem") -> Actor:
        return cls(login=purpose, name="Systeem", role=Role.BEHEERDER, system=True)

    def acting_for(self, login: str) -> Actor:
        return replace(self, on_behalf_of=login)


DISABLED = (
    "Uw account is uitgeschakeld; vraag de beheerder van uw gemeente om het weer in te schakelen. "
    "Tot die tijd kunt u niets inzien of wijzigen."
)
GONE = (
    "Uw account bestaat niet (meer) in deze database; vraag de beheerder van uw gemeente om u toe te "
    "voegen. Tot die tijd kunt u niets inzien of wijzigen."
)

_CURRENT_USERS = "access.current_users"  # session.info key: user id -> _Current | None


@dataclass(frozen=True)
class _Current:
    """What the users table says about a user right now."""

    role: Role
    active: bool
    gemeente_id: int | None
    gemeente_code: str | None
    gemeente_name: str | None


def _current(session: Session, user_id: int) -> _Current | None:
    """The user's row as it is now, read once per Session (None: no such user)."""
    cache: dict[int, _Current | None] = session.info.setdefault(_CURRENT_USERS, {})
    if user_id not in cache:
        row = session.execute(
            select(User.role, User.active, User.gemeente_id, Gemeente.cbs_code, Gemeente.name)
            .outerjoin(Gemeente, Gemeente.id == User.gemeente_id)
            .where(User.id == user_id)
        ).first()
        cache[user_id] = None if row is None else _Current(*row)
    return cache[user_id]


@event.listens_for(Session, "after_flush")
def _forget_changed_users(session: Session, _context: object) -> None:
    """A change to a user written in this Session (a new role, disabled) applies to its next check."""
    if _CURRENT_USERS in session.info and any(
        isinstance(obj, User) for obj in (*session.new, *session.dirty, *session.deleted)
    ):
        del session.info[_CURRENT_USERS]


def current_actor(session: Session, actor: Actor) -> Actor:
    """``actor`` with the role and municipality the users table holds now. System actors and actors
    without a user id are returned as they are. A disabled or removed user keeps the old values
    here; ``authorize`` refuses them everything."""
    if actor.system or actor.user_id is None:
        return actor
    now = _current(session, actor.user_id)
    if now is None or (now.role, now.gemeente_id) == (actor.role, actor.gemeente_id):
        return actor
    return replace(
        actor,
        role=now.role,
        gemeente_id=now.gemeente_id,
        gemeente_code=now.gemeente_code,
        gemeente_name=now.gemeente_name,
    )


def is_permitted(
    session: Session, actor: Actor, action: Action, area: Area, *, gemeente_id: int | None = None
) -> bool:
    """Whether ``authorize`` would allow this, without logging anything (for what to show or offer)."""
    if actor.system:
        return True
    if actor.user_id is not None:
        now = _current(session, actor.user_id)
        if now is None or not now.active:
            return False
        actor = current_actor(session, actor)
    own = None if gemeente_id is None else gemeente_id == actor.gemeente_id
    return is_allowed(actor.role, action, area, own_gemeente=own)


def _entry(
    actor: Actor, action: Action, object_type: str, object_id: object, gemeente_id: int | None,
    detail: str | None, *, allowed: bool,
) -> AccessLog:  # fmt: skip
    return AccessLog(
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


def _with_result(entry: AccessLog, result: str) -> AccessLog:
    """The same action again, with how it ended (a conflict, refused input, an error)."""
    return AccessLog(
        actor_id=entry.actor_id,
        actor_login=entry.actor_login,
        on_behalf_of=entry.on_behalf_of,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        gemeente_id=entry.gemeente_id,
        result=result,
        detail=entry.detail,
        workstation=entry.workstation,
    )


def _defer_log(session: Session, actor: Actor) -> bool:
    """Whether this allowed action's log row waits for the commit. On PostgreSQL a person's row
    does: its insert locks the chain head until the commit, and a long unit of work (an import)
    would hold up everyone's logging. SQLite has one writer anyway, and there the early insert takes
    the write lock before the work reads (as before the chain). The system's own work (installing,
    demo data) keeps its row first too, so that it runs one at a time."""
    if actor.system:
        return False
    try:
        return session.get_bind().dialect.name == "postgresql"
    except UnboundExecutionError:  # never in the program: as before
        return False


@event.listens_for(Session, "before_commit")
def _insert_pending_log(session: Session) -> None:
    """The log rows of a unit of work go in last, just before its commit."""
    pending = session.info.get(PENDING_LOG)
    if pending:
        session.add_all(pending)
        pending.clear()


@event.listens_for(Session, "after_rollback")
def _drop_pending_log(session: Session) -> None:
    """A rollback takes the not yet inserted log rows with it, as it would have taken them had
    they been inserted (an import's preview rolls back, then logs itself anew)."""
    pending = session.info.get(PENDING_LOG)
    if pending:
        pending.clear()


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

    ``gemeente_id`` is the municipality the object belongs to (None: a region-wide object). The
    user's current role, municipality and active flag decide (see ``current_actor``).
    """
    if not actor.system and actor.user_id is not None:
        now = _current(session, actor.user_id)
        if now is None or not now.active:
            why = "account uitgeschakeld" if now is not None else "account bestaat niet"
            refuse(
                session, actor, action, object_type, object_id, gemeente_id=gemeente_id,
                detail=f"{why}; {detail}" if detail else why, message=GONE if now is None else DISABLED,
            )  # fmt: skip
        actor = current_actor(session, actor)
    own = None if gemeente_id is None else gemeente_id == actor.gemeente_id
    allowed = actor.system or is_allowed(actor.role, action, area, own_gemeente=own)
    if allowed:
        entry = _entry(actor, action, object_type, object_id, gemeente_id, detail, allowed=True)
        pending = session.info.get(PENDING_LOG)
        if pending is not None and _defer_log(session, actor):
            pending.append(entry)  # inserted at commit: the chain head stays locked only briefly
        else:
            session.add(entry)
        session.info[FAILURE_ENTRY] = lambda result: _with_result(entry, result)
        return
    refuse(
        session, actor, action, object_type, object_id, gemeente_id=gemeente_id, detail=detail,
        message=refusal_message(
            actor.role, actor.gemeente_name, action, area, object_type,
            _gemeente_name(session, gemeente_id), region_wide=gemeente_id is None,
        ),
    )  # fmt: skip


def refuse(
    session: Session,
    actor: Actor,
    action: Action,
    object_type: str,
    object_id: object = None,
    *,
    gemeente_id: int | None = None,
    detail: str | None = None,
    message: str,
) -> NoReturn:
    """Log a refusal (apart, so it survives the rollback) and raise ``PermissionDenied(message)``.
    For a service rule that forbids what the matrix alone would allow (e.g. taking another
    municipality's dwelling without a swap)."""
    _write_apart(session, _entry(actor, action, object_type, object_id, gemeente_id, detail, allowed=False))
    raise PermissionDenied(message)


def _gemeente_name(session: Session, gemeente_id: int | None) -> str | None:
    if gemeente_id is None:
        return None
    from app.db.models import Gemeente

    try:
        gemeente = session.get(Gemeente, gemeente_id)
    except SQLAlchemyError:  # the refusal must not fail on its own explanation
        return None
    return gemeente.name if gemeente else None


def write_apart(session: Session, entry: AccessLog) -> bool:
    """Commit a log row in its own transaction, because the caller's work is about to be rolled
    back. In a unit of work that happens once the transaction has ended (no waiting on its locks).
    False: it could not be written (the caller decides what then)."""
    deferred = session.info.get(DEFERRED_REFUSALS)
    if deferred is not None:
        deferred.append(entry)
        return True
    try:
        with Session(bind=session.get_bind()) as apart:
            apart.add(entry)
            apart.commit()
    except SQLAlchemyError:
        return False
    return True


def _write_apart(session: Session, entry: AccessLog) -> None:
    """A refusal's row, written apart; when that fails it stays in the session."""
    if not write_apart(session, entry):
        log.warning("access log row for a refusal could not be written apart; kept in the session")
        session.add(entry)
