"""Reading the access log (beheerder only). Reading the log is itself logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AccessLog
from app.domain.roles import Action, Area
from app.services.access import Actor, authorize, typed_detail
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
        filters.append(typed_detail("gebruiker", login))
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


# -- the chain ---------------------------------------------------------------------------------------

VERIFY_PREFIX = "ketencontrole: "
_BATCH = 5000


@dataclass(frozen=True)
class ChainReport:
    """What ``verify_chain`` found. ``ok`` False: ``row_id`` is the first row that does not match
    (changed, or following a deleted or inserted row) and ``problem`` says how, in Dutch."""

    ok: bool
    checked: int
    first_id: int | None
    last_id: int | None
    row_id: int | None = None
    problem: str | None = None

    @property
    def summary(self) -> str:
        if self.ok:
            if not self.checked:
                return "Toegangslog in orde: er zijn (in deze periode) geen regels om te controleren."
            return (
                f"Toegangslog in orde: {_n(self.checked)} regels gecontroleerd (regel {self.first_id} "
                f"tot en met {self.last_id}); de keten is ongebroken."
            )
        return f"Toegangslog NIET in orde: {self.problem} ({_n(self.checked)} regels gecontroleerd)"

    @property
    def short(self) -> str:
        """What the log row of the verification says (no personal data in either)."""
        if self.ok:
            return f"in orde, {self.checked} regels (t/m regel {self.last_id})"
        return f"NIET in orde bij regel {self.row_id}: {self.problem}"[:480]


def _n(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def verify_chain(session: Session, actor: Actor, *, since: datetime | None = None) -> ChainReport:
    """Walk the access log in id order (in batches, never the whole log in memory) and recompute
    every row's hash and its link to the row before. ``since``: start at the first row of that
    moment (its link to the row before is checked too). The verification is itself logged."""
    from app.db.models.access import CHAIN_FIELDS, AccessLogChain

    authorize(session, actor, Action.READ, Area.AUDIT, "access_log", detail="ketencontrole gestart")
    head = session.execute(
        select(AccessLogChain.last_id, AccessLogChain.last_hash).where(AccessLogChain.id == 1)
    ).first()
    head_id, head_hash = (head[0], head[1]) if head else (None, None)
    columns = [getattr(AccessLog, name) for name in CHAIN_FIELDS] + [AccessLog.row_hash]
    start_id: int | None = None
    prev: tuple[int, str | None] | None = None  # (id, stored row_hash) of the row before
    if since is not None:
        start_id = session.scalar(select(func.min(AccessLog.id)).where(AccessLog.at >= since))
        if start_id is not None:
            before = session.execute(
                select(AccessLog.id, AccessLog.row_hash)
                .where(AccessLog.id < start_id)
                .order_by(AccessLog.id.desc())
                .limit(1)
            ).first()
            prev = (before[0], before[1]) if before else None
    if since is not None and start_id is None:
        return _logged(session, actor, ChainReport(True, 0, None, None))

    checked = 0
    first_id: int | None = None
    before_prev: tuple[int, str | None] | None = None
    after = (start_id - 1) if start_id is not None else None
    report: ChainReport | None = None
    while report is None:
        query = select(*columns).order_by(AccessLog.id).limit(_BATCH)
        if after is not None:
            query = query.where(AccessLog.id > after)
        if head_id is not None:
            query = query.where(AccessLog.id <= head_id)  # rows written while we walk: next time
        rows = session.execute(query).all()
        if not rows:
            break
        for row in rows:
            values, stored = list(row[:-1]), row[-1]
            row_id = int(values[0])
            first_id = row_id if first_id is None else first_id
            found = _problem(row_id, values, stored, prev, before_prev, at_start=start_id is None)
            if found is not None:
                named, problem = found
                report = ChainReport(False, checked, first_id, row_id, named, problem)
                break
            before_prev, prev = prev, (row_id, stored)
            checked += 1
        after = int(rows[-1][0])
    if report is None:
        last_id = prev[0] if prev is not None and checked else None
        if head_id is not None and (prev is None or prev[0] != head_id or prev[1] != head_hash):
            where = f"na regel {prev[0]}" if prev is not None else "alle regels"
            report = ChainReport(
                False, checked, first_id, last_id, head_id,
                f"de laatste regels ontbreken ({where}; de laatst geschreven regel was {head_id}).",
            )  # fmt: skip
        else:
            report = ChainReport(True, checked, first_id, last_id)
    return _logged(session, actor, report)


def _problem(
    row_id: int, values: list[object], stored: str | None, prev: tuple[int, str | None] | None,
    before_prev: tuple[int, str | None] | None, *, at_start: bool,
) -> tuple[int, str] | None:  # fmt: skip
    """(the row to name, what is wrong) when this row does not fit the chain; None when it does."""
    from app.db.models.access import chain_hash

    if chain_hash(values) != stored:
        return row_id, f"regel {row_id} klopt niet met zijn hash: de inhoud is na het schrijven gewijzigd."
    link = values[-1]  # prev_hash
    if prev is None:
        if at_start and link is not None:
            return row_id, (
                f"regel {row_id} is de eerste, maar verwijst naar een vorige: regels ervóór zijn verwijderd."
            )
        return None
    if link == prev[1]:
        return None
    if before_prev is not None and link == before_prev[1]:
        return prev[0], (
            f"regel {prev[0]} is tussengevoegd (regel {row_id} volgt in de keten op regel {before_prev[0]})."
        )
    return row_id, (
        f"de keten breekt vóór regel {row_id}: regels tussen {prev[0]} en {row_id} zijn verwijderd, "
        f"of regel {prev[0]} is gewijzigd of tussengevoegd."
    )


def _logged(session: Session, actor: Actor, report: ChainReport) -> ChainReport:
    authorize(session, actor, Action.READ, Area.AUDIT, "access_log", detail=VERIFY_PREFIX + report.short)
    return report


@dataclass(frozen=True)
class LastVerification:
    at: datetime
    actor_login: str
    text: str

    @property
    def ok(self) -> bool:
        return self.text.startswith("in orde")


def last_verification(session: Session, actor: Actor) -> LastVerification | None:
    """The newest ``audit verify`` recorded in the log (None: never verified)."""
    authorize(session, actor, Action.READ, Area.AUDIT, "access_log", detail="laatste ketencontrole")
    row = session.execute(
        select(AccessLog.at, AccessLog.actor_login, AccessLog.detail)
        .where(AccessLog.object_type == "access_log", AccessLog.detail.like(VERIFY_PREFIX + "%"))
        .order_by(AccessLog.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return LastVerification(row[0], row[1], (row[2] or "").removeprefix(VERIFY_PREFIX))
