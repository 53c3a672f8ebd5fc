"""Run the household ↔ dwelling matching over the database, accept or reject proposals.

Inputs are built field by field from koppeling and dwelling rows: nothing else about a household
(and certainly no protected attribute) reaches the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Dwelling, DwellingStatus, Gemeente, Koppeling, KoppelingStatus, MatchRejection
from app.domain import matching as engine
from app.domain.deadlines import offer_deadline
from app.domain.periods import Period
from app.domain.roles import Action, Area
from app.errors import NotFound, ValidationError
from app.services.access import Actor, authorize

MATCHABLE = (KoppelingStatus.GEKOPPELD, KoppelingStatus.UITGERUILD)


@dataclass(frozen=True)
class MatchRun:
    result: engine.MatchResult
    households: int
    dwellings: int
    v_nummers: dict[int, str]
    dwelling_labels: dict[int, str]
    names: dict[str, str]


def load_inputs(
    session: Session, *, excluded: set[tuple[int, int]] | None = None
) -> tuple[list[engine.HouseholdIn], list[engine.DwellingIn], dict[int, str], dict[int, str]]:
    codes = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
    households = []
    v_nummers = {}
    query = select(
        Koppeling.id,
        Koppeling.gemeente_id,
        Koppeling.persons,
        Koppeling.adults,
        Koppeling.children,
        Koppeling.needs_accessible,
        Koppeling.needs_ground_floor,
        Koppeling.linked_on,
        Koppeling.azc_lat,
        Koppeling.azc_lon,
        Koppeling.v_nummer,
        Koppeling.housed_gemeente_id,
    ).where(Koppeling.status.in_(MATCHABLE))
    for kid, gid, persons, adults, children, acc, ground, linked, lat, lon, vnr, host_id in session.execute(
        query
    ):
        households.append(
            engine.HouseholdIn(
                id=kid,
                gemeente=codes[host_id or gid],
                persons=persons,
                adults=adults,
                children=children,
                needs_accessible=acc,
                needs_ground_floor=ground,
                linked_on=linked,
                offer_deadline=offer_deadline(linked),
                azc_lat=lat,
                azc_lon=lon,
            )
        )
        v_nummers[kid] = vnr
    dwellings = []
    labels = {}
    dq = select(
        Dwelling.id,
        Dwelling.gemeente_id,
        Dwelling.bedrooms,
        Dwelling.max_occupants,
        Dwelling.accessible,
        Dwelling.ground_floor,
        Dwelling.available_from,
        Dwelling.kind,
        Dwelling.rent,
        Dwelling.corporation,
        Dwelling.reference,
    ).where(Dwelling.status == DwellingStatus.BESCHIKBAAR)
    for did, gid, beds, occ, acc, ground, avail, kind, rent, corp, ref in session.execute(dq):
        dwellings.append(
            engine.DwellingIn(
                id=did,
                gemeente=codes[gid],
                bedrooms=beds,
                max_occupants=occ,
                accessible=acc,
                ground_floor=ground,
                available_from=avail,
                kind=kind.value,
                rent=rent,
            )
        )
        labels[did] = f"{corp} {ref}"
    return households, dwellings, v_nummers, labels


def rejected_pairs(session: Session) -> set[tuple[int, int]]:
    return {
        (k, d) for k, d in session.execute(select(MatchRejection.koppeling_id, MatchRejection.dwelling_id))
    }


def run_matching(
    session: Session,
    actor: Actor,
    *,
    gemeente_code: str | None = None,
    today: date | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    weights: engine.MatchWeights | None = None,
) -> MatchRun:
    authorize(session, actor, Action.SEARCH, Area.BOARD, "matching", gemeente_code)
    today = today or date.today()
    households, dwellings, v_nummers, labels = load_inputs(session)
    gemeenten = list(session.execute(select(Gemeente.cbs_code, Gemeente.name, Gemeente.lat, Gemeente.lon)))
    coords = {code: (lat, lon) for code, _, lat, lon in gemeenten if lat is not None and lon is not None}
    names = {code: name for code, name, _, _ in gemeenten}
    context = engine.MatchContext(
        today=today,
        gemeente_progress=_progress(session, actor, today),
        gemeente_coords=coords,
        weights=weights or engine.MatchWeights(),
    )
    result = engine.match(
        households,
        dwellings,
        context,
        gemeente=gemeente_code,
        progress=progress,
        cancelled=cancelled,
        excluded=rejected_pairs(session),
    )
    return MatchRun(result, len(households), len(dwellings), v_nummers, labels, names)


def _progress(session: Session, actor: Actor, today: date) -> dict[str, float]:
    from app.services.board.figures import board_figures

    try:
        board = board_figures(session, actor, Period.containing(today), today=today)
    except NotFound:
        return {}
    return {row.cbs_code: min(1.0, row.progress) for row in board.rows}


def accept_proposal(
    session: Session, actor: Actor, koppeling_id: int, dwelling_id: int, *, today: date | None = None
) -> int | None:
    """Reserve the dwelling for the household. Across municipalities this becomes a swap proposal
    (host: the dwelling's municipality, owner: the household's); returns its id."""
    from app.services.board.koppelingen import change_status
    from app.services.board.swaps import propose_swap

    koppeling = session.get(Koppeling, koppeling_id)
    dwelling = session.get(Dwelling, dwelling_id)
    if koppeling is None or dwelling is None:
        raise NotFound("Het huishouden of de woning bestaat niet (meer).")
    if dwelling.status is not DwellingStatus.BESCHIKBAAR:
        raise ValidationError("Deze woning is intussen niet meer beschikbaar; draai de matching opnieuw.")
    if koppeling.status not in MATCHABLE:
        raise ValidationError("Dit huishouden heeft intussen al een woning of is niet meer gekoppeld.")
    today = today or date.today()
    cross = dwelling.gemeente_id != (koppeling.housed_gemeente_id or koppeling.gemeente_id)
    authorize(
        session,
        actor,
        Action.UPDATE,
        Area.BOARD,
        "matchvoorstel",
        f"{koppeling_id}-{dwelling_id}",
        # Either party may accept: the household's municipality or the dwelling's.
        gemeente_id=actor.gemeente_id
        if actor.gemeente_id in (koppeling.gemeente_id, dwelling.gemeente_id)
        else dwelling.gemeente_id,
    )
    if not cross:
        change_status(
            session,
            actor,
            koppeling_id,
            koppeling.version,
            KoppelingStatus.WONING_AANGEBODEN,
            on=max(today, koppeling.linked_on),
            dwelling_id=dwelling_id,
        )
        return None
    dwelling.status, dwelling.reserved_for_id = DwellingStatus.GERESERVEERD, koppeling.id
    swap = propose_swap(
        session,
        actor,
        host_code=dwelling.gemeente.cbs_code,
        owner_code=koppeling.gemeente.cbs_code,
        persons=koppeling.persons,
        period=Period.containing(today),
        koppeling_id=koppeling.id,
        dwelling_id=dwelling.id,
        note="Voorstel uit de matching",
    )
    return swap.id


def reject_proposal(session: Session, actor: Actor, koppeling_id: int, dwelling_id: int, reason: str) -> None:
    if not reason.strip():
        raise ValidationError("Geef een reden op voor het afwijzen van dit voorstel.", {"reason": "leeg"})
    dwelling = session.get(Dwelling, dwelling_id)
    koppeling = session.get(Koppeling, koppeling_id)
    if koppeling is None or dwelling is None:
        raise NotFound("Het huishouden of de woning bestaat niet (meer).")
    authorize(
        session,
        actor,
        Action.UPDATE,
        Area.BOARD,
        "matchvoorstel",
        f"{koppeling_id}-{dwelling_id}",
        gemeente_id=actor.gemeente_id
        if actor.gemeente_id in (koppeling.gemeente_id, dwelling.gemeente_id)
        else koppeling.gemeente_id,
        detail="afgewezen",
    )
    session.add(
        MatchRejection(
            koppeling_id=koppeling_id,
            dwelling_id=dwelling_id,
            reason=reason.strip()[:500],
            rejected_by=actor.login,
        )
    )
    session.flush()
