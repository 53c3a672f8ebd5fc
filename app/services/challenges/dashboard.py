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
(app.db.pg_challenges) and ``dl_candidate_stops()`` (app.db.pg_challenge_funnel, revision 0017);
on SQLite (a single-user file) the same GROUP BYs run directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.models import Candidate, Challenge, Gemeente, Pledge
from app.db.pg_challenge_funnel import STOPS_SQL
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


def stop_counts(session: Session, year: int) -> dict[str, int]:
    """{step stopped after: candidates} of the stopped candidates on the pledges of ``year``."""
    source = "dl_candidate_stops()" if session.get_bind().dialect.name == "postgresql" else f"({STOPS_SQL})"
    rows = session.execute(
        text(
            f"SELECT f.after, sum(f.n) FROM {source} f JOIN pledges p ON p.id = f.pledge_id "
            "WHERE p.pledged_on >= :start AND p.pledged_on < :end GROUP BY f.after"
        ),
        {"start": date(year, 1, 1), "end": date(year + 1, 1, 1)},
    )
    return {str(after or ""): int(n) for after, n in rows}


def _add(a: PlaceFigures, pledged: int, filled: int, started: int, completed: int) -> PlaceFigures:
    return PlaceFigures(
        a.target, a.pledged + pledged, a.filled + filled, a.started + started, a.completed + completed
    )


_STATUSES = [s.value for s in CandidateStatus]


def year_pledge_counts(session: Session, year: int) -> list[tuple[int, int, PlaceKind, int, dict[str, int]]]:
    """(pledge id, its municipality, kind, places, {candidate step: candidates}) of the pledges made in
    ``year``, counted in SQL (one row per pledge). Counts only: the caller has already been authorised."""
    sums = ", ".join(f"sum(CASE WHEN f.status = '{v}' THEN f.n ELSE 0 END)" for v in _STATUSES)
    if session.get_bind().dialect.name == "postgresql":
        source = "dl_pledge_counts()"
    else:  # SQLite: the candidates of the year's pledges through ix_candidates_pledge_status
        source = "(SELECT pledge_id, status, 1 AS n FROM candidates)"
    rows = session.execute(
        text(
            f"SELECT p.id, p.gemeente_id, p.kind, p.places, {sums} FROM pledges p "
            f"LEFT JOIN {source} f ON f.pledge_id = p.id "
            "WHERE p.pledged_on >= :start AND p.pledged_on < :end "
            "GROUP BY p.id, p.gemeente_id, p.kind, p.places"
        ),
        {"start": date(year, 1, 1), "end": date(year + 1, 1, 1)},
    )
    return [
        (
            int(pid),
            int(gid),
            PlaceKind(kind),
            int(places),
            dict(zip(_STATUSES, (int(n or 0) for n in counts), strict=True)),
        )
        for pid, gid, kind, places, *counts in rows
    ]


def challenge_dashboard(session: Session, actor: Actor, year: int) -> Dashboard:
    """The dashboard of ``year`` for every active municipality (counts of places and candidates)."""
    authorize(session, actor, Action.READ, Area.REGION, OBJECT, year, gemeente_id=None)
    targets = targets_of_year(session, year)
    pledges = year_pledge_counts(session, year)
    per_pledge = {pid: counts for pid, _gid, _kind, _places, counts in pledges}
    by_gemeente: dict[int, PlaceFigures] = {
        r.gemeente_id: PlaceFigures(target=r.places) for r in targets.rows
    }
    regional = targets.total
    kinds = {k: PlaceFigures(target=regional) for k in PlaceKind}
    for _pid, gid, kind, places, counts in pledges:
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
    # The furthest step of a candidate: the current one (one step at a time), or for a stopped one
    # the step it stopped after.
    position = {s.value: n for n, s in enumerate(PIPELINE, start=1)}
    reached = [0] * (len(PIPELINE) + 1)
    stopped = [0] * (len(PIPELINE) + 1)
    for counts in per_pledge.values():
        for status, n in counts.items():
            if status in position:
                reached[position[status]] += n
    for after, n in stop_counts(session, year).items():
        step = position.get(after, 1)
        reached[step] += n
        stopped[step] += n
    # Who reached step k also passed every step before it.
    funnel = [
        FunnelStep(status, sum(reached[pos:]), stopped[pos]) for pos, status in enumerate(PIPELINE, start=1)
    ]
    return Dashboard(
        year=year,
        rows=rows,
        kinds=kinds,
        total=total,
        funnel=funnel,
        own_code=actor.gemeente_code,
        candidates=funnel[0].reached,
    )


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
    authorize(
        session,
        actor,
        Action.SEARCH,
        Area.REGION,
        "challenges",
        gemeente_id=None,
        detail=f"jaar {year}" if year else None,
    )
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
                c.id,
                c.held_on,
                c.title,
                [names.get(code, code) for code in codes if code],
                c.status,
                sum(p for _, p in pledges[c.id]),
                sum(min(p, fills[pid]) for pid, p in pledges[c.id]),
            )
        )
    return out
