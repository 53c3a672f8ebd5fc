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

from app.db.models import (
    Dwelling,
    DwellingStatus,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    MatchRejection,
    SwapRow,
    SwapStatus,
)
from app.domain import matching as engine
from app.domain.deadlines import offer_deadline
from app.domain.periods import Period
from app.domain.roles import Action, Area
from app.errors import NotFound, ValidationError
from app.services.access import Actor, authorize, current_actor

# Waiting at its own municipality. A swapped household is the host's to house: the swap settled
# where it goes, so the matching never proposes it again (nor under the host's name).
MATCHABLE = (KoppelingStatus.GEKOPPELD,)


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
    ).where(
        Koppeling.status.in_(MATCHABLE),
        (Koppeling.housed_gemeente_id.is_(None)) | (Koppeling.housed_gemeente_id == Koppeling.gemeente_id),
    )
    for kid, gid, persons, adults, children, acc, ground, linked, lat, lon, vnr, _host in session.execute(
        query
    ):
        households.append(
            engine.HouseholdIn(
                id=kid,
                gemeente=codes[gid],  # the taakstelling it counts for, which is also where it waits
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
    for row in session.execute(dq):
        dwellings.append(engine.DwellingIn.of(row, codes[row.gemeente_id]))
        labels[row.id] = f"{row.corporation} {row.reference}"
    return households, dwellings, v_nummers, labels


def rejected_pairs(session: Session, koppeling_id: int | None = None) -> set[tuple[int, int]]:
    query = select(MatchRejection.koppeling_id, MatchRejection.dwelling_id)
    if koppeling_id is not None:
        query = query.where(MatchRejection.koppeling_id == koppeling_id)
    return {(k, d) for k, d in session.execute(query)}


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


def _household_in(row: Koppeling, code: str) -> engine.HouseholdIn:
    """The engine's view of one household, as ``load_inputs`` builds it."""
    return engine.HouseholdIn(
        id=row.id,
        gemeente=code,
        persons=row.persons,
        adults=row.adults,
        children=row.children,
        needs_accessible=row.needs_accessible,
        needs_ground_floor=row.needs_ground_floor,
        linked_on=row.linked_on,
        offer_deadline=offer_deadline(row.linked_on),
        azc_lat=row.azc_lat,
        azc_lon=row.azc_lon,
    )


def _dwelling_in(row: Dwelling, code: str) -> engine.DwellingIn:
    return engine.DwellingIn.of(row, code)


def _pair(session: Session, koppeling_id: int, dwelling_id: int) -> tuple[Koppeling, Dwelling]:
    koppeling = session.get(Koppeling, koppeling_id)
    dwelling = session.get(Dwelling, dwelling_id)
    if koppeling is None or dwelling is None:
        raise NotFound("Het huishouden of de woning bestaat niet (meer).")
    return koppeling, dwelling


def _authorize_party(
    session: Session, actor: Actor, koppeling: Koppeling, dwelling: Dwelling, detail: str | None = None
) -> None:
    """Either party decides on a proposal: the municipality that houses the household or the
    dwelling's. The rights are checked for the party the user works for; a user of neither needs
    rights in the dwelling's municipality (a regio-coördinator, who may then only propose a swap)."""
    sides = (
        koppeling.housed_gemeente_id or koppeling.gemeente_id,
        koppeling.gemeente_id,
        dwelling.gemeente_id,
    )
    own = current_actor(session, actor).gemeente_id
    authorize(
        session,
        actor,
        Action.UPDATE,
        Area.BOARD,
        "matchvoorstel",
        f"{koppeling.id}-{dwelling.id}",
        gemeente_id=own if own in sides else dwelling.gemeente_id,
        detail=detail,
    )


def accept_proposal(
    session: Session, actor: Actor, koppeling_id: int, dwelling_id: int, *, today: date | None = None
) -> int | None:
    """Accept a pair the matching could propose. Within the municipality that houses the household
    the dwelling is offered and reserved at once. Across municipalities it becomes a swap proposal
    (host: the dwelling's municipality, owner: the household's), with the accepting side's
    agreement; the dwelling is reserved only once both sides agreed. Returns the swap's id."""
    from app.services.board.koppelingen import change_status
    from app.services.board.swaps import propose_swap

    koppeling, dwelling = _pair(session, koppeling_id, dwelling_id)
    _authorize_party(session, actor, koppeling, dwelling)
    today = today or date.today()
    if dwelling.status is not DwellingStatus.BESCHIKBAAR:
        raise ValidationError("Deze woning is intussen niet meer beschikbaar; draai de matching opnieuw.")
    if koppeling.status not in MATCHABLE:
        raise ValidationError("Dit huishouden heeft intussen al een woning of is niet meer gekoppeld.")
    if (koppeling.id, dwelling.id) in rejected_pairs(session, koppeling.id):
        raise ValidationError("Dit voorstel is eerder afgewezen; de matching stelt het niet meer voor.")
    host_id = koppeling.housed_gemeente_id or koppeling.gemeente_id
    codes = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
    if not engine.pair_fits(
        _household_in(koppeling, codes[host_id]), _dwelling_in(dwelling, codes[dwelling.gemeente_id]), today
    ):
        raise ValidationError(
            "Deze woning past niet bij dit huishouden (grootte, toegankelijkheid, soort woning of de datum "
            "waarop ze vrijkomt); de matching stelt dit paar niet voor."
        )
    if dwelling.gemeente_id == host_id:
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
    pending = session.scalar(
        select(SwapRow.id).where(
            SwapRow.koppeling_id == koppeling.id,
            SwapRow.dwelling_id == dwelling.id,
            SwapRow.status == SwapStatus.VOORGESTELD,
        )
    )
    if pending is not None:
        raise ValidationError(
            f"Voor dit huishouden en deze woning loopt al een uitruilvoorstel (uitruil {pending})."
        )
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
    koppeling, dwelling = _pair(session, koppeling_id, dwelling_id)
    _authorize_party(session, actor, koppeling, dwelling, detail="afgewezen")
    session.add(
        MatchRejection(
            koppeling_id=koppeling_id,
            dwelling_id=dwelling_id,
            reason=reason.strip()[:500],
            rejected_by=actor.login,
        )
    )
    session.flush()
