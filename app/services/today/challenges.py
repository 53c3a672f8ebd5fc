"""What the challenge planner asks today.

- For the municipality that keeps a pledge: its places still not all filled six weeks after the
  challenge ("3 van 5 plekken bij Bakkerij X nog niet ingevuld, 7 weken na de challenge —
  openstellen voor de regio?").
- For every other municipality's contactpersoon or consulent: places opened to the whole region in
  the last 30 days ("Nieuw voor de hele regio: 2 werkervaringsplekken bij …").

Pledges are not personal data; reading the items logs one ``SEARCH``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.domain.challenges import PlaceKind
from app.domain.roles import Action, Area, Role, is_allowed
from app.domain.wording import count
from app.services.access import Actor, authorize, current_actor, is_permitted
from app.services.today import KindInfo, Target, TodayItem

MODULE = "challenges"
UNFILLED, FOR_REGION = "plekken-niet-ingevuld", "plekken-voor-de-regio"
_ANNOUNCED_TO = (Role.CONTACTPERSOON, Role.CONSULENT)


_PLURAL = {
    PlaceKind.TAALSTAGE: "taalstages",
    PlaceKind.WERKSTAGE: "werkstages",
    PlaceKind.WERKERVARINGSPLEK: "werkervaringsplekken",
    PlaceKind.LEERWERKTRAJECT: "leerwerktrajecten",
    PlaceKind.BETAALDE_BAAN: "betaalde banen",
}


def places_text(n: int, kind: PlaceKind) -> str:
    """ "1 werkstage", "3 werkervaringsplekken"."""
    return f"1 {kind.label.lower()}" if n == 1 else f"{n} {_PLURAL[kind]}"


class ChallengesProvider:
    kinds = (
        KindInfo(UNFILLED, "Toegezegde plekken nog niet ingevuld", MODULE, 70),
        KindInfo(FOR_REGION, "Nieuwe plekken voor de hele regio", MODULE, 75),
    )

    def applies(self, actor: Actor) -> bool:
        return not actor.system and actor.gemeente_id is not None and actor.role is not Role.BEHEERDER

    def _owner(self, session: Session, actor: Actor) -> int | None:
        own = current_actor(session, actor).gemeente_id
        if own is None or not is_permitted(session, actor, Action.UPDATE, Area.DIRECTORY, gemeente_id=own):
            return None
        return own

    def _announced(self, session: Session, actor: Actor) -> int | None:
        now = current_actor(session, actor)
        if now.gemeente_id is None or now.role not in _ANNOUNCED_TO:
            return None
        return (
            now.gemeente_id if is_allowed(now.role, Action.READ, Area.DIRECTORY, own_gemeente=None) else None
        )

    def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]:
        from app.services.challenges.pledges import opened_to_region, unfilled_pledges

        out: dict[str, int] = {}
        own = self._owner(session, actor)
        if own is not None and (n := len(unfilled_pledges(session, actor, own, today))):
            out[UNFILLED] = n
        other = self._announced(session, actor)
        if other is not None and (n := len(opened_to_region(session, actor, other, today))):
            out[FOR_REGION] = n
        return out

    def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[TodayItem]:
        from app.services.challenges.pledges import opened_to_region, unfilled_pledges

        own = self._owner(session, actor)
        other = self._announced(session, actor)
        if own is None and other is None:
            return []
        authorize(
            session, actor, Action.SEARCH, Area.DIRECTORY, "toezeggingen", gemeente_id=None, detail="vandaag"
        )
        out: list[TodayItem] = []
        if own is not None:
            for p in unfilled_pledges(session, actor, own, today)[:limit]:
                weeks = (today - p.challenge_on).days // 7 if p.challenge_on else 0
                text = (
                    f"{p.open_places} van {p.data.places} plekken bij {p.employer_name} nog niet ingevuld, "
                    f"{count(weeks, 'week')} na de challenge — openstellen voor de regio?"
                )
                out.append(TodayItem(UNFILLED, p.employer_name, text, Target(MODULE, "toezegging", p.id)))
        if other is not None:
            for p in opened_to_region(session, actor, other, today)[:limit]:
                text = (
                    f"Nieuw voor de hele regio: {places_text(p.open_places, p.data.kind)} bij "
                    f"{p.employer_name} ({p.owner_name})"
                )
                out.append(TodayItem(FOR_REGION, p.employer_name, text, Target(MODULE, "toezegging", p.id)))
        return out


PROVIDER = ChallengesProvider()
