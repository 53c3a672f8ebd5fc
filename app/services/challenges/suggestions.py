"""Candidate suggestions for the open places of a challenge, from the actor's own case register.

Public API (rights: reading dossiers of the actor's own municipality, ``Area.DOSSIER``):

- ``open_places(session, actor, challenge_id) -> list[PlaceInfo]`` — the challenge's pledges the
  actor may fill: those of the actor's municipality, and those of others that are open to the
  whole region; each with how many places are still open (pledged minus those with a candidate
  in the pipeline, of any municipality: counted, never who).
- ``challenge_choices(session, actor) -> list[ChallengeChoice]`` — every challenge, latest first.
- ``suggest_candidates(session, actor, challenge_id) -> list[SuggestionInfo]`` — one member per
  open place where one fits, solved over all places at once (app.domain.candidate_matching).
  Members come from the open dossiers of the actor's municipality with a work profile; a member
  already in the pipeline (not stopped) is not suggested again. Only the work profile and the
  municipality go into the matching; the name is added afterwards, for the consulent's screen.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.models import Candidate, Challenge, Dossier, DossierMember, Gemeente, Pledge, WorkProfile
from app.domain.candidate_matching import MemberProfile, OpenPlace, suggest
from app.domain.case_dossier import DossierStatus
from app.domain.challenges import CandidateStatus, PlaceKind
from app.domain.roles import Action, Area
from app.errors import NotFound
from app.services.access import Actor, authorize, current_actor

CHALLENGE_GONE = "Deze challenge bestaat niet (meer)."


@dataclass(frozen=True)
class PlaceInfo:
    pledge_id: int
    employer: str
    kind: PlaceKind
    job_title: str
    sector: str
    language_level: str
    hours: int | None
    gemeente: str
    open_to_region: bool
    places: int
    taken: int  # with a candidate in the pipeline (any municipality)

    @property
    def open(self) -> int:
        return max(self.places - self.taken, 0)


@dataclass(frozen=True)
class SuggestionInfo:
    pledge_id: int
    slot: int
    employer: str
    kind: PlaceKind
    job_title: str
    member_id: int
    dossier_id: int
    member_name: str  # own municipality's dossier: shown to the consulent, never to the matching
    score: int
    travel_minutes: int
    explanation: str


@dataclass(frozen=True)
class ChallengeChoice:
    id: int
    title: str
    held_on: date


def challenge_choices(session: Session, actor: Actor) -> list[ChallengeChoice]:
    """Every challenge of the region, the latest first (to pick one to find candidates for)."""
    authorize(session, actor, Action.READ, Area.REGION, "challenges", None, gemeente_id=None)
    rows = session.execute(
        select(Challenge.id, Challenge.title, Challenge.held_on).order_by(
            Challenge.held_on.desc(), Challenge.id
        )
    )
    return [ChallengeChoice(*r) for r in rows]


def _challenge(session: Session, challenge_id: int) -> Challenge:
    row = session.get(Challenge, challenge_id)
    if row is None:
        raise NotFound(CHALLENGE_GONE)
    return row


def _taken(session: Session, pledge_ids: list[int]) -> dict[int, int]:
    """Candidates in the pipeline per pledge, every municipality's (the count only)."""
    if not pledge_ids:
        return {}
    out: dict[int, int] = defaultdict(int)
    if session.get_bind().dialect.name == "postgresql":
        # Row-level security hides other municipalities' candidates; the function counts them.
        rows = session.execute(text("SELECT pledge_id, status, n FROM dl_pledge_counts()"))
        wanted = set(pledge_ids)
        for pledge_id, status, n in rows:
            if pledge_id in wanted and status != CandidateStatus.GESTOPT.value:
                out[pledge_id] += int(n)
        return out
    grouped = session.execute(
        select(Candidate.pledge_id, func.count())
        .where(Candidate.pledge_id.in_(pledge_ids), Candidate.status != CandidateStatus.GESTOPT)
        .group_by(Candidate.pledge_id)
    )
    for pledge_id, n in grouped:
        out[pledge_id] = int(n)
    return out


def _places(session: Session, actor: Actor, challenge_id: int) -> tuple[list[PlaceInfo], dict[int, Pledge]]:
    _challenge(session, challenge_id)
    pledges = list(
        session.scalars(select(Pledge).where(Pledge.challenge_id == challenge_id).order_by(Pledge.id))
    )
    mine = [p for p in pledges if p.gemeente_id == actor.gemeente_id or p.open_to_region]
    taken = _taken(session, [p.id for p in mine])
    names = dict(session.execute(select(Gemeente.id, Gemeente.name)).all())  # type: ignore[arg-type]
    infos = [
        PlaceInfo(
            p.id,
            p.employer.name,
            p.kind,
            p.job_title,
            p.sector,
            p.language_level,
            p.hours,
            names.get(p.gemeente_id, ""),
            p.open_to_region,
            p.places,
            taken.get(p.id, 0),
        )
        for p in mine
    ]
    return infos, {p.id: p for p in mine}


def open_places(session: Session, actor: Actor, challenge_id: int) -> list[PlaceInfo]:
    actor = current_actor(session, actor)
    authorize(session, actor, Action.READ, Area.REGION, "challenge-plaatsen", challenge_id, gemeente_id=None)
    return _places(session, actor, challenge_id)[0]


def _members(session: Session, gemeente_id: int) -> list[MemberProfile]:
    busy = select(Candidate.member_id).where(Candidate.status != CandidateStatus.GESTOPT)
    rows = session.execute(
        select(
            WorkProfile.member_id,
            Dossier.gemeente_id,
            WorkProfile.language_level,
            WorkProfile.education_level,
            WorkProfile.experience_sectors,
            WorkProfile.interests,
            WorkProfile.available_hours,
            WorkProfile.available_from,
            WorkProfile.max_travel_minutes,
        )
        .join(Dossier, Dossier.id == WorkProfile.dossier_id)
        .where(
            Dossier.gemeente_id == gemeente_id,
            Dossier.status == DossierStatus.OPEN,
            WorkProfile.member_id.not_in(busy),
        )
        .order_by(WorkProfile.member_id)
    )
    return [MemberProfile(*r) for r in rows]


def suggest_candidates(session: Session, actor: Actor, challenge_id: int) -> list[SuggestionInfo]:
    actor = current_actor(session, actor)
    authorize(
        session, actor, Action.READ, Area.DOSSIER, "kandidaat-suggesties", challenge_id,
        gemeente_id=actor.gemeente_id,
    )  # fmt: skip
    if actor.gemeente_id is None:
        return []  # no case register of one's own: nothing to suggest from
    infos, pledges = _places(session, actor, challenge_id)
    places = [
        OpenPlace(
            p.id,
            slot,
            p.kind,
            p.gemeente_id,
            p.sector,
            p.language_level,
            p.hours,
            p.start_on,
            p.open_to_region,
        )
        for info in infos
        for p in [pledges[info.pledge_id]]
        for slot in range(info.open)
    ]
    members = _members(session, actor.gemeente_id)
    coords = {
        g: (lat, lon) if lat is not None and lon is not None else None
        for g, lat, lon in session.execute(select(Gemeente.id, Gemeente.lat, Gemeente.lon))
    }
    found = suggest(places, members, coords)
    if not found:
        return []
    chosen = {s.member_key for s in found}
    who = {
        m_id: (d_id, name)
        for m_id, d_id, name in session.execute(
            select(DossierMember.id, DossierMember.dossier_id, DossierMember.name).where(
                DossierMember.id.in_(chosen)
            )
        )
    }
    by_id = {i.pledge_id: i for i in infos}
    return [
        SuggestionInfo(
            s.pledge_id,
            s.slot,
            by_id[s.pledge_id].employer,
            by_id[s.pledge_id].kind,
            by_id[s.pledge_id].job_title,
            s.member_key,
            who[s.member_key][0],
            who[s.member_key][1],
            s.score,
            s.travel,
            s.explanation,
        )
        for s in found
    ]


__all__ = [
    "CHALLENGE_GONE",
    "ChallengeChoice",
    "PlaceInfo",
    "SuggestionInfo",
    "challenge_choices",
    "open_places",
    "suggest_candidates",
]
