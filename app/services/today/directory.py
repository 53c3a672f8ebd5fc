"""What the directory asks of a referrer today: their referrals *aangemeld* for three weeks without
news ("is het gestart?") and *gestart* three months ago ("loopt het nog?"). The loop closes because
the program asks.

Who: anyone who changes the dossiers of their own municipality and referred someone (the referral's
``referred_by``). Counts leave no log row; reading the items logs one ``SEARCH``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.domain.directory import FollowUp
from app.domain.roles import Action, Area, is_allowed
from app.services.access import Actor
from app.services.today import KindInfo, Target, TodayItem

MODULE = "cases"  # the dossier is where the answer is given
NO_NEWS, STILL_RUNNING = "doorverwijzing-geen-nieuws", "doorverwijzing-loopt-het-nog"
_KIND = {FollowUp.NO_NEWS: NO_NEWS, FollowUp.STILL_RUNNING: STILL_RUNNING}


class DirectoryProvider:
    kinds = (
        KindInfo(NO_NEWS, "Doorverwijzing: is het gestart?", MODULE, 40),
        KindInfo(STILL_RUNNING, "Doorverwijzing: loopt het nog?", MODULE, 50),
    )

    def applies(self, actor: Actor) -> bool:
        return not actor.system and is_allowed(actor.role, Action.UPDATE, Area.DOSSIER, own_gemeente=True)

    def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]:
        from app.services.directory.referrals import follow_up_count

        # Only what waits: a user who never referred anyone gets no referral kinds at all.
        return {_KIND[q]: n for q, n in follow_up_count(session, actor, today).items() if n}

    def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[TodayItem]:
        from app.services.directory.referrals import follow_ups

        out: list[TodayItem] = []
        seen: dict[FollowUp, int] = {}
        for item in follow_ups(session, actor, today):
            if seen.get(item.question, 0) >= limit:
                continue
            seen[item.question] = seen.get(item.question, 0) + 1
            r = item.referral
            who = item.head_name or f"V-nummer {item.v_nummer}"
            # "Ayşe Özdemir, voor Elif Özdemir": the household and, when not just its head, who.
            names = f", voor {r.members_text}" if r.members_text and r.members_text != item.head_name else ""
            text = f"{who}{names} — {item.question.question}"
            target = Target(MODULE, "doorverwijzing", r.id, parent_id=r.dossier_id, find=item.v_nummer)
            out.append(TodayItem(_KIND[item.question], r.initiative_name, text, target))
        return out


PROVIDER = DirectoryProvider()
