"""Vandaag: candidates of the actor's municipality whose next step is past its due date. A match
made at a challenge evaporates unless someone follows it up; this is the reminder.

Who: anyone who may read the dossiers of their own municipality. Counts leave no log row; reading
the items logs one ``SEARCH``. The target opens the candidate's dossier.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.domain.roles import Action, Area, is_allowed
from app.domain.timefmt import date_text
from app.services.access import Actor
from app.services.today import KindInfo, Target, TodayItem

MODULE = "cases"  # the dossier is where the candidate is followed up
OVERDUE = "kandidaat-te-laat"


class CandidatesProvider:
    kinds = (KindInfo(OVERDUE, "Kandidaat: volgende stap is te laat", MODULE, 45),)

    def applies(self, actor: Actor) -> bool:
        return not actor.system and is_allowed(actor.role, Action.READ, Area.DOSSIER, own_gemeente=True)

    def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]:
        from app.services.challenges.candidates import overdue_count

        n = overdue_count(session, actor, today)
        return {OVERDUE: n} if n else {}

    def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[TodayItem]:
        from app.services.challenges.candidates import overdue_candidates

        out: list[TodayItem] = []
        for c in overdue_candidates(session, actor, today)[:limit]:
            due = date_text(c.next_due) if c.next_due else ""
            text = f"{c.member_name} — {c.next_step} (uiterlijk {due})"
            title = f"{c.kind.label} bij {c.employer}"
            target = Target(MODULE, "dossier", c.dossier_id, find=c.v_nummer)
            out.append(TodayItem(OVERDUE, title, text, target, urgent=True))
        return out


PROVIDER = CandidatesProvider()
