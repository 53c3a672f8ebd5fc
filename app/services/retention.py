"""Retention of closed dossiers: the term a beheerder sets, the list of dossiers past it, and the
purge that removes them with all their personal data.

A dossier is past the term when it was closed before today minus the term (closed on 1-3-2019,
term 7 years: it goes from 2-3-2026). The list and the access log hold only dossier ids,
municipality codes and closing days: never a name, BSN or other content.

On PostgreSQL a beheerder sees no dossiers (row-level security): the list, the setting and the
purge go through SECURITY DEFINER functions (migration 0008) that check the caller and work out
the dossiers themselves from the stored term. On SQLite this module does the same directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.db.models import AppMeta, Dossier, Gemeente
from app.domain.case_dossier import DossierStatus
from app.domain.retention import DEFAULT_YEARS, OUT_OF_RANGE, cutoff_for, valid_years
from app.domain.roles import Action, Area, Role
from app.errors import ConflictError, ValidationError
from app.services.access import Actor, authorize, current_actor, is_permitted, refuse

YEARS_KEY = "retention_years"
PURGE_MARK = "purge"  # SQLite: the app_meta row that lets the insert-only triggers pass a delete
BATCH_SIZE = 500
OBJECT_TYPE = "purge"
DETAIL_MAX = 500  # access_log.detail

ONLY_BEHEERDER = (
    "Alleen een beheerder kan de bewaartermijn instellen of gesloten dossiers opschonen. "
    "Vraag dit aan de beheerder van het programma."
)
CHANGED = (
    "Er zijn intussen {now} dossiers over de termijn in plaats van {expected}. Bekijk de lijst "
    "opnieuw en verwijder dan."
)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ExpiredDossier:
    """A dossier past the term, without anything personal."""

    dossier_id: int
    gemeente_code: str
    gemeente_name: str
    closed_on: date


@dataclass(frozen=True)
class RetentionPreview:
    years: int
    cutoff: date  # dossiers closed before this day are past the term
    dossiers: list[ExpiredDossier]


@dataclass(frozen=True)
class PurgeResult:
    years: int
    dossier_ids: list[int]

    @property
    def count(self) -> int:
        return len(self.dossier_ids)


def check_years(years: object) -> int:
    """The term as a whole number of years in range, or a ValidationError in Dutch."""
    if not valid_years(years):
        raise ValidationError(OUT_OF_RANGE, {"years": OUT_OF_RANGE})
    assert isinstance(years, int)
    return years


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _gate(session: Session, actor: Actor, action: Action, detail: str) -> None:
    """Refuse (logged) anyone but an active beheerder or the system; logs nothing when allowed."""
    if actor.system:
        return
    if not is_permitted(session, actor, action, Area.USERS):
        # Disabled, removed, or a role without the right: authorize words the first two itself.
        if current_actor(session, actor).role is Role.BEHEERDER:
            authorize(session, actor, action, Area.USERS, OBJECT_TYPE, detail=detail)
        refuse(session, actor, action, OBJECT_TYPE, detail=detail, message=ONLY_BEHEERDER)
    if current_actor(session, actor).role is not Role.BEHEERDER:
        refuse(session, actor, action, OBJECT_TYPE, detail=detail, message=ONLY_BEHEERDER)


def retention_years(session: Session) -> int:
    """The stored term (not personal, readable by everyone); the default when none is set."""
    value = session.scalar(select(AppMeta.value).where(AppMeta.key == YEARS_KEY))
    try:
        return check_years(int(value)) if value is not None else DEFAULT_YEARS
    except (ValueError, ValidationError):  # a hand-edited value: keep the longer, safe default
        return DEFAULT_YEARS


def set_retention_years(session: Session, actor: Actor, years: int) -> int:
    """Store the term (beheerder only); logged with the old and new value."""
    years = check_years(years)
    old = retention_years(session)
    detail = f"bewaartermijn {old} → {years} jaar"
    _gate(session, actor, Action.UPDATE, detail)
    if _is_postgresql(session):
        session.execute(text("SELECT dl_set_retention_years(:y)"), {"y": years})
    else:
        row = session.get(AppMeta, YEARS_KEY)
        if row is None:
            session.add(AppMeta(key=YEARS_KEY, value=str(years)))
        else:
            row.value = str(years)
    authorize(session, actor, Action.UPDATE, Area.USERS, "bewaartermijn", detail=detail)
    session.flush()
    return years


def _expired(session: Session, years: int) -> list[tuple[int, str, date]]:
    """(id, CBS code, closing day) of the dossiers past the term, oldest first."""
    if _is_postgresql(session):
        rows = session.execute(text("SELECT dossier_id, cbs_code, closed_on FROM dl_retention_expired()"))
        return [(int(i), str(c), d) for i, c, d in rows]
    cutoff = cutoff_for(date.today(), years)
    query = (
        select(Dossier.id, Gemeente.cbs_code, Dossier.closed_on)
        .join(Gemeente, Gemeente.id == Dossier.gemeente_id)
        .where(
            Dossier.status == DossierStatus.GESLOTEN,
            Dossier.closed_on.is_not(None),
            Dossier.closed_on < cutoff,
        )
        .order_by(Dossier.closed_on, Dossier.id)
    )
    return [(i, c, d) for i, c, d in session.execute(query) if d is not None]


def expired_dossiers(session: Session, actor: Actor) -> RetentionPreview:
    """The dry run: which dossiers a purge would remove now (beheerder only; logged as a count)."""
    years = retention_years(session)
    _gate(session, actor, Action.SEARCH, "proefrun")
    rows = _expired(session, years)
    names = {code: name for code, name in session.execute(select(Gemeente.cbs_code, Gemeente.name))}
    authorize(session, actor, Action.SEARCH, Area.USERS, OBJECT_TYPE, detail=f"proefrun dossiers={len(rows)}")
    return RetentionPreview(
        years=years,
        cutoff=cutoff_for(date.today(), years),
        dossiers=[ExpiredDossier(i, c, names.get(c, c), d) for i, c, d in rows],
    )


def log_details(ids: Sequence[int]) -> list[str]:
    """The purge's access-log text: ``dossiers=<count> ids=…``, continued over as many rows as the
    ids need (``deel 2/3``); never anything but numbers."""
    head = f"dossiers={len(ids)}"
    if not ids:
        return [head]
    chunks: list[list[str]] = [[]]
    room = DETAIL_MAX - len(head) - len(" deel 999/999 ids=")
    used = 0
    for dossier_id in ids:
        word = str(dossier_id)
        if chunks[-1] and used + 1 + len(word) > room:
            chunks.append([])
            used = 0
        used += len(word) + (1 if chunks[-1] else 0)
        chunks[-1].append(word)
    if len(chunks) == 1:
        return [f"{head} ids={','.join(chunks[0])}"]
    return [f"{head} deel {n}/{len(chunks)} ids={','.join(c)}" for n, c in enumerate(chunks, 1)]


def purge_expired(
    session: Session,
    actor: Actor,
    *,
    expected: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> PurgeResult:
    """Delete every dossier past the term with all its child rows, in the caller's transaction
    (bounded statements of ``batch_size`` dossiers; any failure rolls the whole purge back).

    ``expected``: the count the user confirmed; when the list has changed since, nothing happens
    (ConflictError). Logged as ``dossiers=<count> ids=…`` (action delete, object "purge").
    """
    years = retention_years(session)
    _gate(session, actor, Action.DELETE, "opschonen")
    todo = _expired(session, years)
    if expected is not None and expected != len(todo):
        raise ConflictError(CHANGED.format(now=len(todo), expected=expected))
    batch_size = max(1, batch_size)
    done: list[int] = []

    def report() -> None:
        if progress is not None:
            fraction = len(done) / len(todo) if todo else 1.0
            progress(fraction, f"{len(done)} van {len(todo)} dossiers verwijderd")

    if _is_postgresql(session):
        # The function works out the set itself each time; a bound on the rounds guards the loop.
        for _round in range(len(todo) // batch_size + 2):
            batch = [
                int(i) for i in session.scalars(text("SELECT dl_retention_purge(:n)"), {"n": batch_size})
            ]
            done.extend(batch)
            if batch:
                report()
            if len(batch) < batch_size:
                break
    else:
        ids = [row[0] for row in todo]
        # The insert-only triggers let deletes pass while this row exists (migration 0008); it
        # never outlives this transaction.
        session.add(AppMeta(key=PURGE_MARK, value="1"))
        session.flush()
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            session.execute(
                delete(Dossier).where(Dossier.id.in_(batch)).execution_options(synchronize_session=False)
            )
            done.extend(batch)
            report()
        session.execute(delete(AppMeta).where(AppMeta.key == PURGE_MARK))
    if not todo:
        report()  # "done" for an empty list too
    for detail in log_details(sorted(done)):
        authorize(session, actor, Action.DELETE, Area.USERS, OBJECT_TYPE, detail=detail)
    session.flush()
    return PurgeResult(years=years, dossier_ids=sorted(done))
