"""Reading referrals across dossiers: the counts every user of the region may see of an initiative,
who was referred (own municipality only), and the referrer's follow-up questions (Vandaag).
Re-exported by app.services.directory.referrals; see its docstring for the API."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select, text
from sqlalchemy.orm import Session

from app.db.models import Dossier, Initiative, Referral
from app.domain.directory import (
    NO_NEWS_AFTER,
    STILL_RUNNING_AFTER_MONTHS,
    FollowUp,
    ReferralStatus,
    months_before,
)
from app.domain.roles import Action, Area
from app.errors import NotFound
from app.services.access import Actor, authorize, current_actor, is_permitted
from app.services.directory.referral_views import (
    FollowUpItem,
    InitiativeReferralCounts,
    ReferralInfo,
    referral_info,
)

INITIATIVE_GONE = "Dit initiatief bestaat niet (meer)."


def _period(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def referral_counts(session: Session, actor: Actor, initiative_id: int) -> InitiativeReferralCounts:
    """Counts by status and half year (of the day proposed), for every user of the region."""
    authorize(
        session, actor, Action.READ, Area.DIRECTORY, "doorverwijzingen-aantallen", initiative_id,
        gemeente_id=None,
    )  # fmt: skip
    if session.get(Initiative, initiative_id) is None:
        raise NotFound(INITIATIVE_GONE)
    cells: list[tuple[str, str, int]] = []
    if session.get_bind().dialect.name == "postgresql":
        # Row-level security hides other municipalities' referrals; the function counts them all.
        result = session.execute(
            text("SELECT status, period, n FROM dl_referral_counts(ARRAY[:id]::integer[])"),
            {"id": initiative_id},
        )
        cells = [(r.status, r.period, int(r.n)) for r in result]
    else:
        grouped = session.execute(
            select(Referral.status, Referral.proposed_on, func.count())
            .where(Referral.initiative_id == initiative_id)
            .group_by(Referral.status, Referral.proposed_on)
        )
        cells = [(str(status), _period(day), int(n)) for status, day, n in grouped]
    out = InitiativeReferralCounts(initiative_id)
    for status_text, period, n in cells:
        status = ReferralStatus(status_text)
        out.by_status[status] = out.by_status.get(status, 0) + n
        cell = out.by_period.setdefault(period, {})
        cell[status] = cell.get(status, 0) + n
    return out


def initiative_referrals(
    session: Session, actor: Actor, initiative_id: int, *, today: date | None = None
) -> list[ReferralInfo]:
    """Who was referred to an initiative: the actor's own municipality's referrals only."""
    own = current_actor(session, actor).gemeente_id
    authorize(
        session, actor, Action.SEARCH, Area.DOSSIER, "doorverwijzingen", initiative_id, gemeente_id=own,
        detail=f"initiatief {initiative_id}",
    )  # fmt: skip
    rows = session.scalars(
        select(Referral)
        .where(Referral.initiative_id == initiative_id, Referral.gemeente_id == own)
        .order_by(Referral.proposed_on.desc(), Referral.id)
    )
    return [referral_info(session, r, today or date.today()) for r in rows]


def _waiting(actor: Actor, today: date) -> list[ColumnElement[bool]]:
    return [
        Referral.referred_by == actor.login[:64],
        or_(
            and_(Referral.status == ReferralStatus.AANGEMELD, Referral.last_news_on <= today - NO_NEWS_AFTER),
            and_(
                Referral.status == ReferralStatus.GESTART,
                Referral.last_news_on <= months_before(today, STILL_RUNNING_AFTER_MONTHS),
            ),
        ),
    ]


def _may_follow_up(session: Session, actor: Actor) -> int | None:
    own = current_actor(session, actor).gemeente_id
    if actor.system or own is None:
        return None
    if not is_permitted(session, actor, Action.UPDATE, Area.DOSSIER, gemeente_id=own):
        return None
    return own


def follow_up_count(session: Session, actor: Actor, today: date) -> dict[FollowUp, int]:
    """How many of the actor's referrals wait for an answer, per question (no log: numbers only)."""
    own = _may_follow_up(session, actor)
    if own is None:
        return {}
    rows = session.execute(
        select(Referral.status, func.count())
        .where(Referral.gemeente_id == own, *_waiting(actor, today))
        .group_by(Referral.status)
    )
    by_status = {ReferralStatus(s): int(n) for s, n in rows}
    return {
        FollowUp.NO_NEWS: by_status.get(ReferralStatus.AANGEMELD, 0),
        FollowUp.STILL_RUNNING: by_status.get(ReferralStatus.GESTART, 0),
    }


def follow_ups(session: Session, actor: Actor, today: date, limit: int | None = None) -> list[FollowUpItem]:
    """The actor's referrals that need a question, the longest without news first."""
    own = _may_follow_up(session, actor)
    if own is None:
        return []
    authorize(
        session, actor, Action.SEARCH, Area.DOSSIER, "doorverwijzingen", gemeente_id=own, detail="navragen"
    )
    query = (
        select(Referral, Dossier.head_name, Dossier.v_nummer)
        .join(Dossier, Dossier.id == Referral.dossier_id)
        .where(Referral.gemeente_id == own, *_waiting(actor, today))
        .order_by(Referral.last_news_on, Referral.id)
    )
    if limit is not None:
        query = query.limit(limit)
    out = []
    for row, head, v_nummer in session.execute(query):
        info = referral_info(session, row, today)
        if info.follow_up is not None:
            out.append(FollowUpItem(info, info.follow_up, head, v_nummer))
    return out
