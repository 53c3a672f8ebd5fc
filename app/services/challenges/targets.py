"""Yearly targets of places per municipality: a regional total split *naar rato* of population.

- ``get_targets(session, actor, year) -> TargetTable``: the 16 municipalities with their target, which
  ones the regio-coördinator set by hand, and the sum.
- ``split_targets(session, actor, year, total)``: spread ``total`` over the municipalities. Those set
  by hand keep their number; the rest of the total goes naar rato over the others.
- ``save_targets(session, actor, year, total, by_hand)``: set some municipalities by hand (a number,
  or None to let it follow the split again) and re-split ``total`` — what the editing screen saves.

A target is always *indicatief* (the bestuursovereenkomst: each municipality realises places naar
rato of its size), never a quota. Region data: read by all, written by a regio-coördinator or a
beheerder; on PostgreSQL table kind ``region``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import ChallengeTarget, Gemeente
from app.domain.challenges import split_naar_rato
from app.domain.roles import Action, Area
from app.errors import ValidationError
from app.services.access import Actor, authorize

OBJECT = "indicatieve_doelen"
INDICATIEF = "indicatief"
YEAR_MIN, YEAR_MAX = 2000, 2100
PLACES_MAX = 100_000


@dataclass(frozen=True)
class TargetRow:
    gemeente_id: int
    code: str
    name: str
    population: int
    places: int
    set_by_hand: bool


@dataclass(frozen=True)
class TargetTable:
    year: int
    rows: list[TargetRow]

    @property
    def total(self) -> int:
        """The sum shown under the table: the regional target as it stands."""
        return sum(r.places for r in self.rows)

    def by_id(self) -> dict[int, TargetRow]:
        return {r.gemeente_id: r for r in self.rows}


def resplit(total: int, populations: Mapping[int, int], by_hand: Mapping[int, int]) -> dict[int, int]:
    """The hand-set numbers as they are; what is left of ``total`` naar rato over the others."""
    hand = {gid: n for gid, n in by_hand.items() if gid in populations}
    rest = total - sum(hand.values())
    if rest < 0:
        raise ValidationError(
            f"De gemeenten die met de hand zijn ingevuld hebben samen al {sum(hand.values())} plaatsen, "
            f"meer dan het regionale doel van {total}. Verhoog het regionale doel of verlaag die gemeenten.",
            {"total": "Lager dan de som van de met de hand ingevulde gemeenten."},
        )
    others = {gid: p for gid, p in populations.items() if gid not in hand}
    if not others and rest:
        raise ValidationError(
            "Alle gemeenten zijn met de hand ingevuld; hun som is het regionale doel.",
            {"total": f"De som van de gemeenten is {sum(hand.values())}."},
        )
    spread = {gid: n for gid, n in split_naar_rato(rest, {str(g): p for g, p in others.items()}).items()}
    return {**hand, **{int(g): n for g, n in spread.items()}}


def _check_year(year: int) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError(f"Kies een jaar tussen {YEAR_MIN} en {YEAR_MAX}.", {"year": "Ongeldig jaar."})


def _check_places(places: int, field: str = "total") -> None:
    if not 0 <= places <= PLACES_MAX:
        raise ValidationError(
            f"Een doel ligt tussen 0 en {PLACES_MAX:,} plaatsen.".replace(",", "."), {field: "Buiten bereik."}
        )


def _gemeenten(session: Session) -> list[Gemeente]:
    return list(session.scalars(select(Gemeente).where(Gemeente.active.is_(True)).order_by(Gemeente.name)))


def _table(session: Session, year: int) -> TargetTable:
    stored = {
        t.gemeente_id: t for t in session.scalars(select(ChallengeTarget).where(ChallengeTarget.year == year))
    }
    rows = [
        TargetRow(
            g.id,
            g.cbs_code,
            g.name,
            g.population,
            stored[g.id].places if g.id in stored else 0,
            stored[g.id].set_by_hand if g.id in stored else False,
        )
        for g in _gemeenten(session)
    ]
    return TargetTable(year, rows)


def targets_of_year(session: Session, year: int) -> TargetTable:
    """The table without a log row: for the dashboard, which has authorised its own read."""
    return _table(session, year)


def get_targets(session: Session, actor: Actor, year: int) -> TargetTable:
    authorize(session, actor, Action.READ, Area.REGION, OBJECT, year, gemeente_id=None)
    return _table(session, year)


def _write(session: Session, year: int, places: Mapping[int, int], by_hand: set[int]) -> None:
    stored = {
        t.gemeente_id: t for t in session.scalars(select(ChallengeTarget).where(ChallengeTarget.year == year))
    }
    for gid, n in places.items():
        row = stored.get(gid)
        if row is None:
            session.add(ChallengeTarget(year=year, gemeente_id=gid, places=n, set_by_hand=gid in by_hand))
        elif row.places != n or row.set_by_hand != (gid in by_hand):
            row.places, row.set_by_hand = n, gid in by_hand
    session.flush()


def save_targets(
    session: Session, actor: Actor, year: int, total: int, by_hand: Mapping[int, int | None] | None = None
) -> TargetTable:
    """Set the municipalities in ``by_hand`` (None: follow the split again), then spread ``total``:
    hand-set ones keep their number, the rest goes naar rato of population."""
    _check_year(year)
    _check_places(total)
    changes = dict(by_hand or {})
    for gid, n in changes.items():
        if n is not None:
            _check_places(n, f"gemeente_{gid}")
    detail = f"regionaal doel {total}" + (f"; {len(changes)} gemeente(n) met de hand" if changes else "")
    authorize(session, actor, Action.UPDATE, Area.REGION, OBJECT, year, gemeente_id=None, detail=detail)
    current = _table(session, year)
    hand = {r.gemeente_id: r.places for r in current.rows if r.set_by_hand}
    for gid, n in changes.items():
        if n is None:
            hand.pop(gid, None)
        else:
            hand[gid] = n
    populations = {r.gemeente_id: r.population for r in current.rows}
    places = resplit(total, populations, hand)
    _write(session, year, places, set(hand))
    return _table(session, year)


def split_targets(session: Session, actor: Actor, year: int, total: int) -> TargetTable:
    """Spread ``total`` naar rato; the municipalities set by hand keep their number."""
    return save_targets(session, actor, year, total)


def set_target(
    session: Session, actor: Actor, year: int, gemeente_id: int, places: int | None
) -> TargetTable:
    """One municipality by hand (None: back to naar rato). The others stay as they are, so the regional
    sum changes by the difference — the sum is shown, and re-splitting spreads a new total."""
    _check_year(year)
    if places is not None:
        _check_places(places, "places")
    authorize(
        session,
        actor,
        Action.UPDATE,
        Area.REGION,
        OBJECT,
        year,
        gemeente_id=None,
        detail=f"één gemeente: {places if places is not None else 'naar rato'}",
    )
    current = _table(session, year)
    if places is None:  # follow the split again: re-spread the current total
        hand = {
            r.gemeente_id: r.places for r in current.rows if r.set_by_hand and r.gemeente_id != gemeente_id
        }
        populations = {r.gemeente_id: r.population for r in current.rows}
        _write(session, year, resplit(current.total, populations, hand), set(hand))
    else:
        now = {r.gemeente_id: r.places for r in current.rows}
        now[gemeente_id] = places
        hand_set = {r.gemeente_id for r in current.rows if r.set_by_hand} | {gemeente_id}
        _write(session, year, now, hand_set)
    return _table(session, year)
