"""The challenge dashboard: places pledged, filled, started and completed per municipality and per
kind in a year, against the indicative targets, and the funnel from proposed to completed.

- ``challenge_dashboard(session, actor, year) -> Dashboard``
- ``challenge_summaries(session, actor) -> list[ChallengeSummary]``: every challenge with its date,
  organisers, status and places pledged and filled (the CLI's ``challenges list``).

A pledge counts in the year it was made (``pledged_on``) and for the municipality that keeps it
(``Pledge.gemeente_id``), also when a candidate of another municipality fills it. A place is filled
when its candidate's step ``fills`` (aangenomen, gestart, afgerond), started at gestart or afgerond,
completed at afgerond; per pledge never more than the places pledged (a place filled twice is one).

Candidates are dossier data of their own municipality. The dashboard needs the counts of the whole
region, never who: on PostgreSQL they come from the SECURITY DEFINER functions ``dl_pledge_counts()``
(app.db.pg_challenges) and ``dl_candidate_funnel()`` (app.db.pg_challenge_funnel, revision 0017);
on SQLite (a single-user file) the same GROUP BYs run directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.models import Candidate, Challenge, Gemeente, Pledge
from app.db.pg_challenge_funnel import REACHED_SQL
from app.domain.challenges import PIPELINE, CandidateStatus, ChallengeStatus, PlaceFigures, PlaceKind
from app.domain.roles import Action, Area
from app.services.access import Actor, authorize
from app.services.challenges.targets import targets_of_year

OBJECT = "dashboard_challenges"
_STARTED = {CandidateStatus.GESTART.value, CandidateStatus.AFGEROND.value}
_FILLS = {s.value for s in CandidateStatus if s.fills}


@dataclass(frozen=True)
class MunicipalityFigures:
    gemeente_id: int
    code: str
    name: str
    figures: PlaceFigures
    set_by_hand: bool = False


@dataclass(frozen=True)
class FunnelStep:
    status: CandidateStatus
    reached: int  # candidates who got this far (also those who stopped later)
    stopped_here: int  # of them: stopped after this step


@dataclass
class Dashboard:
    year: int
    rows: list[MunicipalityFigures]
    kinds: dict[PlaceKind, PlaceFigures]
    total: PlaceFigures
    funnel: list[FunnelStep]
    own_code: str | None = None
    candidates: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def stopped(self) -> int:
        return sum(s.stopped_here for s in self.funnel)


def pledge_status_counts(session: Session) -> list[tuple[int, str, int]]:
    """(pledge id, candidate step, candidates) for the whole region. Counts only: the caller has
    already been authorised."""
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(text("SELECT pledge_id, status, sum(n) FROM dl_pledge_counts() GROUP BY 1, 2"))
    else:
        rows = session.execute(
            select(Candidate.pledge_id, Candidate.status, func.count()).group_by(
                Candidate.pledge_id, Candidate.status
            )
        )
    return [(int(pid), str(getattr(status, "value", status)), int(n)) for pid, status, n in rows]


def funnel_counts(session: Session) -> list[tuple[int, int, bool, int]]:
    """(pledge id, furthest step reached 1–7, stopped since, candidates) for the whole region."""
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(text("SELECT pledge_id, reached, stopped, n FROM dl_candidate_funnel()"))
    else:
        rows = session.execute(text(f"SELECT f.pledge_id, f.reached, f.stopped, f.n FROM ({REACHED_SQL}) f"))
    return [(int(pid), int(reached), bool(stopped), int(n)) for pid, reached, stopped, n in rows]


def _year_pledges(session: Session, year: int) -> list[tuple[int, int, PlaceKind, int]]:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    return [
        (pid, gid, PlaceKind(kind), places)
        for pid, gid, kind, places in session.execute(
            select(Pledge.id, Pledge.gemeente_id, Pledge.kind, Pledge.places).where(
                Pledge.pledged_on >= start, Pledge.pledged_on < end
            )
        )
    ]


def _add(a: PlaceFigures, pledged: int, filled: int, started: int, completed: int) -> PlaceFigures:
    return PlaceFigures(
        a.target, a.pledged + pledged, a.filled + filled, a.started + started, a.completed + completed
    )


def challenge_dashboard(session: Session, actor: Actor, year: int) -> Dashboard:
    """The dashboard of ``year`` for every active municipality (counts of places and candidates)."""
    authorize(session, actor, Action.READ, Area.REGION, OBJECT, year, gemeente_id=None)
    targets = targets_of_year(session, year)
    pledges = _year_pledges(session, year)
    wanted = {pid for pid, *_ in pledges}
    per_pledge: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, status, n in pledge_status_counts(session):
        if pid in wanted:
            per_pledge[pid][status] = per_pledge[pid].get(status, 0) + n
    by_gemeente: dict[int, PlaceFigures] = {
        r.gemeente_id: PlaceFigures(target=r.places) for r in targets.rows
    }
    regional = targets.total
    kinds = {k: PlaceFigures(target=regional) for k in PlaceKind}
    for pid, gid, kind, places in pledges:
        counts = per_pledge.get(pid, {})
        filled = min(places, sum(n for s, n in counts.items() if s in _FILLS))
        started = min(places, sum(n for s, n in counts.items() if s in _STARTED))
        completed = min(places, counts.get(CandidateStatus.AFGEROND.value, 0))
        if gid in by_gemeente:
            by_gemeente[gid] = _add(by_gemeente[gid], places, filled, started, completed)
        kinds[kind] = _add(kinds[kind], places, filled, started, completed)
    rows = [
        MunicipalityFigures(r.gemeente_id, r.code, r.name, by_gemeente[r.gemeente_id], r.set_by_hand)
        for r in targets.rows
    ]
    total = PlaceFigures(regional)
    for row in rows:
        f = row.figures
        total = _add(total, f.pledged, f.filled, f.started, f.completed)
    reached = [0] * (len(PIPELINE) + 1)
    stopped = [0] * (len(PIPELINE) + 1)
    for pid, step, was_stopped, n in funnel_counts(session):
        if pid in wanted:
            reached[step] += n
            if was_stopped:
                stopped[step] += n
    # Who reached step k also passed every step before it.
    funnel = [
        FunnelStep(status, sum(reached[pos:]), stopped[pos]) for pos, status in enumerate(PIPELINE, start=1)
    ]
    return Dashboard(
        year=year, rows=rows, kinds=kinds, total=total, funnel=funnel, own_code=actor.gemeente_code,
        candidates=funnel[0].reached,
    )  # fmt: skip


# -- the list of challenges ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChallengeSummary:
    id: int
    held_on: date
    title: str
    organisers: list[str]  # names, the lead organiser first
    status: ChallengeStatus
    pledged: int
    filled: int


def challenge_summaries(session: Session, actor: Actor, *, year: int | None = None) -> list[ChallengeSummary]:
    """Every challenge (or those of ``year``), newest first, with places pledged and filled."""
    authorize(session, actor, Action.SEARCH, Area.REGION, "challenges", gemeente_id=None,
              detail=f"jaar {year}" if year else None)  # fmt: skip
    names = dict(session.execute(select(Gemeente.cbs_code, Gemeente.name)).all())
    by_id = dict(session.execute(select(Gemeente.id, Gemeente.cbs_code)).all())
    query = select(Challenge).order_by(Challenge.held_on.desc(), Challenge.id)
    if year is not None:
        query = query.where(Challenge.held_on >= date(year, 1, 1), Challenge.held_on < date(year + 1, 1, 1))
    challenges = list(session.scalars(query))
    pledges = defaultdict(list)
    for pid, cid, places in session.execute(
        select(Pledge.id, Pledge.challenge_id, Pledge.places).where(Pledge.challenge_id.is_not(None))
    ):
        pledges[cid].append((pid, places))
    fills: dict[int, int] = defaultdict(int)
    for pid, status, n in pledge_status_counts(session):
        if status in _FILLS:
            fills[pid] += n
    out = []
    for c in challenges:
        lead = by_id.get(c.gemeente_id, "")
        codes = [lead, *[code for code in c.organisers.split() if code != lead]]
        out.append(
            ChallengeSummary(
                c.id, c.held_on, c.title, [names.get(code, code) for code in codes if code], c.status,
                sum(p for _, p in pledges[c.id]), sum(min(p, fills[pid]) for pid, p in pledges[c.id]),
            )
        )  # fmt: skip
    return out
