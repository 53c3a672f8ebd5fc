"""The regional swap plan over the database: compute it (regio-coördinator or beheerder) and send
the chosen swaps as ordinary swap proposals (regio-coördinator), which both municipalities still
accept or refuse.

Inputs are built field by field with a few aggregate queries — size, needs and deadline of each
waiting household, never a name, language or any other protected attribute (see
``app.domain.swap_plan``). The ledger counts the agreed swaps *and* the open proposals as if they
go ahead, so plans sent one after another stay within the bound together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import (
    Dwelling,
    DwellingStatus,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    PeriodRow,
    SwapRow,
    SwapStatus,
    Taakstelling,
)
from app.domain import swap_plan as engine
from app.domain.deadlines import offer_deadline
from app.domain.periods import Period
from app.domain.roles import Action, Area, Role
from app.errors import ValidationError
from app.services.access import Actor, authorize, current_actor, refuse
from app.services.board.swaps import SwapInfo

#: Who may compute the plan; only a regio-coördinator sends it (a beheerder does not work the board).
PLANNERS = (Role.REGIO_COORDINATOR, Role.BEHEERDER)
SENDERS = (Role.REGIO_COORDINATOR,)
OBJECT = "uitruilplan"
_IN_PLAN = (KoppelingStatus.GEKOPPELD, KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.UITGERUILD)


@dataclass(frozen=True)
class PlannedSwap:
    """One proposal of the plan, as the table and the CLI show it."""

    koppeling_id: int
    v_nummer: str
    owner_code: str
    owner_name: str
    host_code: str
    host_name: str
    persons: int
    dwelling_id: int | None  # None: an expected vacancy, no address yet
    dwelling: str  # "Corporatie kenmerk" or "verwachte woning"
    bedrooms: int
    max_occupants: int
    available_from: date
    deadline: date
    explanation: tuple[str, ...]

    @property
    def key(self) -> tuple[int, str]:
        return (self.koppeling_id, self.host_code)

    @property
    def expected(self) -> bool:
        return self.dwelling_id is None


@dataclass(frozen=True)
class PlanRun:
    plan: engine.SwapPlan
    swaps: list[PlannedSwap]
    names: dict[str, str]
    as_of: date

    @property
    def summary(self) -> str:
        return self.plan.summary_nl()


def _require(session: Session, actor: Actor, roles: tuple[Role, ...], action: Action, what: str) -> None:
    """Only these roles; the refusal is logged and says who may, in Dutch."""
    now = current_actor(session, actor)
    if not now.system and now.role not in roles:
        who = " of ".join(r.label.lower() for r in roles)
        you = now.role.label.lower() + (f" van {now.gemeente_name}" if now.gemeente_name else "")
        refuse(
            session, actor, action, OBJECT,
            message=f"Alleen een {who} kan {what}; u bent {you}.",
        )  # fmt: skip


def load_plan_inputs(
    session: Session, today: date
) -> tuple[list[engine.WaitingHousehold], list[engine.Vacancy], dict[int, str], dict[str, str]]:
    """Waiting households and vacancies (announced and expected), with V-nummers and dwelling labels
    for display only: (households, vacancies, koppeling id → V-nummer, vacancy key → label)."""
    codes = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
    reserved = select(Dwelling.reserved_for_id).where(Dwelling.reserved_for_id.is_not(None))
    open_swaps = select(SwapRow.koppeling_id).where(
        SwapRow.status == SwapStatus.VOORGESTELD, SwapRow.koppeling_id.is_not(None)
    )
    query = select(
        Koppeling.id,
        Koppeling.gemeente_id,
        Koppeling.persons,
        Koppeling.needs_accessible,
        Koppeling.needs_ground_floor,
        Koppeling.linked_on,
        Koppeling.status,
        Koppeling.v_nummer,
        Koppeling.id.in_(reserved),
        Koppeling.id.in_(open_swaps),
    ).where(Koppeling.status.in_(_IN_PLAN), Koppeling.housed_on.is_(None))
    households, v_nummers = [], {}
    for kid, gid, persons, acc, ground, linked, status, vnr, is_reserved, in_swap in session.execute(query):
        households.append(
            engine.WaitingHousehold(
                id=kid,
                gemeente=codes[gid],
                persons=persons,
                needs_accessible=bool(acc),
                needs_ground_floor=bool(ground),
                deadline=offer_deadline(linked),
                reserved=bool(is_reserved) or status is KoppelingStatus.WONING_AANGEBODEN,
                in_swap=bool(in_swap) or status is KoppelingStatus.UITGERUILD,
            )
        )
        v_nummers[kid] = vnr
    waiting = [h for h in households if not (h.reserved or h.in_swap)]
    until = max((max(h.deadline, today) for h in waiting), default=today)

    promised = select(SwapRow.dwelling_id).where(
        SwapRow.status == SwapStatus.VOORGESTELD, SwapRow.dwelling_id.is_not(None)
    )
    dq = select(
        Dwelling.id, Dwelling.gemeente_id, Dwelling.bedrooms, Dwelling.max_occupants, Dwelling.accessible,
        Dwelling.ground_floor, Dwelling.available_from, Dwelling.kind, Dwelling.corporation,
        Dwelling.reference,
    ).where(
        Dwelling.status == DwellingStatus.BESCHIKBAAR,
        Dwelling.reserved_for_id.is_(None),
        Dwelling.id.not_in(promised),
        Dwelling.available_from <= until,
    )  # fmt: skip
    vacancies, labels = [], {}
    for did, gid, beds, occ, acc, ground, avail, kind, corp, ref in session.execute(dq):
        key = f"W{did}"
        vacancies.append(
            engine.Vacancy(key, codes[gid], beds, occ, bool(acc), bool(ground), avail, kind.value, did)
        )
        labels[key] = f"{corp} {ref}"
    vacancies += engine.expected_vacancies(_history(session, codes, today, until), today, until)
    return households, vacancies, v_nummers, labels


def _history(
    session: Session, codes: dict[int, str], today: date, until: date
) -> list[engine.VacancyHistory]:
    """Dwellings that came free in the past year per municipality and size (any status now), and
    those announced for the coming period: two grouped counts."""
    since = today - timedelta(days=engine.HISTORY_DAYS)
    keys = (Dwelling.gemeente_id, Dwelling.bedrooms, Dwelling.kind)
    past = session.execute(
        select(*keys, func.count(), func.min(Dwelling.max_occupants))
        .where(Dwelling.available_from >= since, Dwelling.available_from < today)
        .group_by(*keys)
    ).all()
    coming = {
        (g, b, k): int(n)
        for g, b, k, n in session.execute(
            select(*keys, func.count())
            .where(Dwelling.available_from >= today, Dwelling.available_from <= until)
            .group_by(*keys)
        )
    }
    return [
        engine.VacancyHistory(
            codes[g], b, int(occ), k.value, int(n), engine.HISTORY_DAYS, coming.get((g, b, k), 0)
        )
        for g, b, k, n, occ in past
    ]


def current_ledger(session: Session) -> dict[str, int]:
    """gemeente → balance in persons (positive: others owe it), agreed swaps plus open proposals."""
    counted = (SwapStatus.AKKOORD, SwapStatus.VOORGESTELD)
    codes = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
    net = dict.fromkeys(codes.values(), 0)
    for column, sign in ((SwapRow.host_gemeente_id, 1), (SwapRow.owner_gemeente_id, -1)):
        query = select(column, func.sum(SwapRow.persons)).where(SwapRow.status.in_(counted)).group_by(column)
        for gid, persons in session.execute(query):
            net[codes[gid]] += sign * int(persons or 0)
    return net


def _taakstellingen(session: Session, period: Period) -> dict[str, int]:
    query = (
        select(Gemeente.cbs_code, Taakstelling.persons)
        .join(Gemeente, Gemeente.id == Taakstelling.gemeente_id)
        .join(PeriodRow, PeriodRow.id == Taakstelling.period_id)
        .where(PeriodRow.code == period.code)
    )
    return {code: int(n) for code, n in session.execute(query)}


def compute_swap_plan(
    session: Session,
    actor: Actor,
    *,
    today: date | None = None,
    bound: engine.LedgerBound | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PlanRun:
    """The plan for the whole region, as of ``today``. Reads only; nothing is sent."""
    _require(session, actor, PLANNERS, Action.SEARCH, "het uitruilplan voor de regio berekenen")
    bound = bound or engine.LedgerBound()
    authorize(session, actor, Action.SEARCH, Area.BOARD, OBJECT, detail=f"grens {bound.text_nl}")
    today = today or date.today()
    households, vacancies, v_nummers, labels = load_plan_inputs(session, today)
    names = dict(session.execute(select(Gemeente.cbs_code, Gemeente.name)).all())  # type: ignore[arg-type]
    plan = engine.plan_swaps(
        households,
        vacancies,
        current_ledger(session),
        today=today,
        bound=bound,
        taakstelling=_taakstellingen(session, Period.containing(today)) if bound.share is not None else None,
        progress=progress,
        cancelled=cancelled,
        names=names,
    )
    swaps = [
        PlannedSwap(
            koppeling_id=p.household_id,
            v_nummer=v_nummers.get(p.household_id, str(p.household_id)),
            owner_code=p.owner,
            owner_name=names.get(p.owner, p.owner),
            host_code=p.host,
            host_name=names.get(p.host, p.host),
            persons=p.persons,
            dwelling_id=p.dwelling_id,
            dwelling=labels.get(p.vacancy_key, "verwachte woning"),
            bedrooms=p.bedrooms,
            max_occupants=p.max_occupants,
            available_from=p.available_from,
            deadline=p.deadline,
            explanation=p.explanation,
        )
        for p in plan.swaps
    ]
    return PlanRun(plan, swaps, names, today)


def send_planned_swaps(
    session: Session, actor: Actor, chosen: Sequence[PlannedSwap], *, today: date | None = None
) -> list[SwapInfo]:
    """Send the chosen swaps as ordinary proposals (``propose_swap``); both municipalities still
    accept or refuse. All or nothing: when a household meanwhile got a dwelling, was swapped or is
    in another proposal, or a dwelling was taken, nothing is sent and the message says which."""
    from app.services.board.swaps import propose_swap

    _require(session, actor, SENDERS, Action.CREATE, "voorstellen uit het uitruilplan versturen")
    if not chosen:
        raise ValidationError("Kies eerst een of meer voorstellen om te versturen.")
    today = today or date.today()
    problems = [text for text in (_stale(session, s) for s in chosen) if text]
    if len({s.koppeling_id for s in chosen}) < len(chosen):
        problems.append("Een huishouden staat meer dan één keer in de keuze.")
    dwellings = [s.dwelling_id for s in chosen if s.dwelling_id is not None]
    if len(set(dwellings)) < len(dwellings):
        problems.append("Een woning staat meer dan één keer in de keuze.")
    if problems:
        raise ValidationError(
            "Er is niets verstuurd. " + " ".join(problems) + " Bereken het uitruilplan opnieuw."
        )
    sent = []
    for s in chosen:
        note = f"Voorstel uit het uitruilplan van {today:%d-%m-%Y}. " + (
            s.explanation[1] if s.explanation else ""
        )
        sent.append(
            propose_swap(
                session,
                actor,
                host_code=s.host_code,
                owner_code=s.owner_code,
                persons=0,  # the household's own size
                period=Period.containing(today),
                koppeling_id=s.koppeling_id,
                dwelling_id=s.dwelling_id,
                note=note[:500],
            )
        )
    return sent


def _stale(session: Session, s: PlannedSwap) -> str:
    """Why this proposal can no longer be sent, or ''."""
    koppeling = session.get(Koppeling, s.koppeling_id)
    if koppeling is None:
        return f"Huishouden {s.v_nummer} bestaat niet meer."
    if koppeling.status is not KoppelingStatus.GEKOPPELD or koppeling.housed_gemeente_id is not None:
        return f"Huishouden {s.v_nummer} wacht niet meer ({koppeling.status.label.lower()})."
    if session.scalar(select(Dwelling.id).where(Dwelling.reserved_for_id == koppeling.id)) is not None:
        return f"Voor huishouden {s.v_nummer} is intussen een woning gereserveerd."
    other = session.scalar(
        select(SwapRow.id).where(
            SwapRow.koppeling_id == koppeling.id, SwapRow.status == SwapStatus.VOORGESTELD
        )
    )
    if other is not None:
        return f"Voor huishouden {s.v_nummer} loopt intussen al een uitruilvoorstel (uitruil {other})."
    if s.dwelling_id is not None:
        dwelling = session.get(Dwelling, s.dwelling_id)
        if dwelling is None or dwelling.status is not DwellingStatus.BESCHIKBAAR or dwelling.reserved_for_id:
            return f"Woning {s.dwelling} is niet meer beschikbaar."
        promised = session.scalar(
            select(SwapRow.id).where(
                SwapRow.dwelling_id == s.dwelling_id, SwapRow.status == SwapStatus.VOORGESTELD
            )
        )
        if promised is not None:
            return (
                f"Woning {s.dwelling} is intussen in een ander uitruilvoorstel genoemd (uitruil {promised})."
            )
    return ""
