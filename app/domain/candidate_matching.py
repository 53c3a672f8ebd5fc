"""Suggesting dossier members for the open places of a challenge: hard constraints, an explained
score 0–100, and one assignment over all places at once (not greedily).

Pure: no database, no Qt. The inputs carry only what a place needs to know (the work profile and
the member's municipality) — no name, birth date, nationality, religion or gender, so nothing else
*can* influence a suggestion. The member's ``key`` is an opaque number (the member id) used only
to hand the result back and to break ties the same way every time.

The solver follows the housing matching (app.domain.matching_solve): maximise first the number of
places filled, then the total score; infeasible pairs never appear. Only the best ``n_places``
members of each place can be needed (with n places at most n − 1 others are taken, so one of a
place's n best is always free and at least as good), which keeps the problem small when 20,000
members meet 200 places.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from app.domain.challenges import LANGUAGE_LEVELS, SBI_SECTIONS, PlaceKind, level_index

#: Education levels as the intake records them, low to high (code → Dutch label).
EDUCATION_LEVELS: dict[str, str] = {
    "geen": "Geen of weinig onderwijs",
    "basis": "Basisonderwijs",
    "middelbaar": "Middelbaar onderwijs",
    "mbo": "Beroepsonderwijs (mbo)",
    "hbo": "Hoger beroepsonderwijs (hbo)",
    "wo": "Universiteit (wo)",
}
_EDU_ORDER = list(EDUCATION_LEVELS)
#: Which education levels fit a kind of place best (a wider range still fits, for fewer points).
EDUCATION_FIT: dict[PlaceKind, tuple[str, ...]] = {
    PlaceKind.TAALSTAGE: tuple(_EDU_ORDER),
    PlaceKind.WERKSTAGE: tuple(_EDU_ORDER),
    PlaceKind.WERKERVARINGSPLEK: ("geen", "basis", "middelbaar", "mbo"),
    PlaceKind.LEERWERKTRAJECT: ("basis", "middelbaar", "mbo"),
    PlaceKind.BETAALDE_BAAN: ("middelbaar", "mbo", "hbo", "wo"),
}
#: Without a stated maximum, a member travels at most this long.
DEFAULT_MAX_TRAVEL = 60
MINUTES_PER_KM, MINUTES_BASE = 2.0, 10.0

# The score's parts and their maxima (they add up to 100).
W_SECTOR, W_INTEREST, W_EDUCATION, W_LANGUAGE, W_TRAVEL = 35, 20, 20, 20, 25

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def education_index(code: str) -> int:
    return _EDU_ORDER.index(code) if code in EDUCATION_LEVELS else -1


def travel_minutes(a: tuple[float, float] | None, b: tuple[float, float] | None) -> int | None:
    """Door-to-door estimate between two municipalities' centres: 2 minutes per km as the crow
    flies plus 10 (None when a coordinate is missing)."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    km = 2 * 6371.0 * math.asin(math.sqrt(h))
    return round(MINUTES_BASE + MINUTES_PER_KM * km)


@dataclass(frozen=True)
class MemberProfile:
    """What a suggestion may use of one member: the work profile and where they live."""

    key: int
    gemeente_id: int
    language_level: str = ""
    education_level: str = ""
    experience_sectors: str = ""  # SBI letters, "IG"
    interests: str = ""
    available_hours: int | None = None
    available_from: date | None = None
    max_travel_minutes: int | None = None


@dataclass(frozen=True)
class OpenPlace:
    """One open place (a pledge with three open places is three of these)."""

    pledge_id: int
    slot: int  # 0, 1, 2 … within its pledge
    kind: PlaceKind
    gemeente_id: int  # where the place is (the pledge's municipality)
    sector: str = ""
    language_level: str = ""
    hours: int | None = None
    start_on: date | None = None
    open_to_region: bool = False


@dataclass(frozen=True)
class Suggestion:
    pledge_id: int
    slot: int
    member_key: int
    score: int
    travel: int  # minutes
    explanation: str


_SBI_BIT = {s: 1 << i for i, s in enumerate(SBI_SECTIONS)}


def _bits(letters: str) -> int:
    return sum(_SBI_BIT.get(c, 0) for c in set(letters))


@dataclass
class _Members:
    keys: IntArray
    gem: IntArray  # index into the travel matrix
    lang: IntArray
    edu: IntArray
    sectors: IntArray
    interests: IntArray
    hours: IntArray  # -1 unknown
    avail: IntArray  # ordinal; 0 unknown
    max_travel: IntArray


def _member_arrays(members: Sequence[MemberProfile], gem_index: Mapping[int, int]) -> _Members:
    n = len(members)

    def col(values: list[int]) -> IntArray:
        return np.fromiter(values, dtype=np.int64, count=n)

    return _Members(
        keys=col([m.key for m in members]),
        gem=col([gem_index[m.gemeente_id] for m in members]),
        lang=col([level_index(m.language_level) for m in members]),
        edu=col([education_index(m.education_level) for m in members]),
        sectors=col([_bits(m.experience_sectors) for m in members]),
        interests=col([_bits(m.interests) for m in members]),
        hours=col([-1 if m.available_hours is None else m.available_hours for m in members]),
        avail=col([m.available_from.toordinal() if m.available_from else 0 for m in members]),
        max_travel=col(
            [DEFAULT_MAX_TRAVEL if m.max_travel_minutes is None else m.max_travel_minutes for m in members]
        ),
    )


def _place_row(
    p: OpenPlace, m: _Members, travel: IntArray, gem_index: Mapping[int, int]
) -> tuple[BoolArray, IntArray, IntArray]:
    """Feasibility, score and travel minutes of one place against every member."""
    minutes = travel[m.gem, gem_index[p.gemeente_id]]
    need = level_index(p.language_level)
    ok = m.lang >= need
    if p.hours is not None:
        ok &= m.hours >= p.hours
    ok &= minutes <= m.max_travel
    if p.start_on is not None:
        ok &= m.avail <= p.start_on.toordinal()  # unknown (0) counts as available now
    if not p.open_to_region:
        ok &= m.gem == gem_index[p.gemeente_id]
    score = np.zeros(len(m.keys), dtype=np.int64)
    bit = _SBI_BIT.get(p.sector, 0)
    if bit:
        has = (m.sectors & bit) != 0
        score += np.where(has, W_SECTOR, np.where((m.interests & bit) != 0, W_INTEREST, 0))
    fit = [education_index(e) for e in EDUCATION_FIT[p.kind]]
    lo, hi = min(fit), max(fit)
    score += np.where((m.edu >= lo) & (m.edu <= hi), W_EDUCATION, np.where(m.edu < 0, 0, W_EDUCATION // 2))
    spare = m.lang - max(need, 0)
    score += np.clip(spare, 0, 2) * (W_LANGUAGE // 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(m.max_travel > 0, minutes / np.maximum(m.max_travel, 1), 1.0)
    score += np.rint(W_TRAVEL * np.clip(1.0 - share, 0.0, 1.0)).astype(np.int64)
    return ok, score, minutes


def explain(place: OpenPlace, member: MemberProfile, minutes: int) -> tuple[int, str]:
    """The score of one pair and why, in Dutch (the same arithmetic as the matrix)."""
    parts: list[str] = []
    score = 0
    if place.language_level:
        parts.append(f"Taal {member.language_level or '?'} ≥ {place.language_level} gevraagd")
    else:
        parts.append(f"Taal {member.language_level or 'onbekend'}, geen eis")
    spare = level_index(member.language_level) - max(level_index(place.language_level), 0)
    score += min(max(spare, 0), 2) * (W_LANGUAGE // 2)
    sector = SBI_SECTIONS.get(place.sector, "")
    short = sector.split("(")[-1].rstrip(")").lower() if "(" in sector else sector.lower()
    if place.sector and place.sector in member.experience_sectors:
        score += W_SECTOR
        parts.append(f"ervaring in de {short}" if "(" in sector else f"ervaring in {short}")
    elif place.sector and place.sector in member.interests:
        score += W_INTEREST
        parts.append(f"interesse in de {short}" if "(" in sector else f"interesse in {short}")
    edu = education_index(member.education_level)
    fit = [education_index(e) for e in EDUCATION_FIT[place.kind]]
    if edu >= 0 and min(fit) <= edu <= max(fit):
        score += W_EDUCATION
        parts.append(f"opleiding past bij een {place.kind.label.lower()}")
    elif edu >= 0:
        score += W_EDUCATION // 2
    if place.hours is not None and member.available_hours is not None:
        parts.append(f"{member.available_hours} uur beschikbaar ({place.hours} gevraagd)")
    limit = DEFAULT_MAX_TRAVEL if member.max_travel_minutes is None else member.max_travel_minutes
    share = minutes / limit if limit > 0 else 1.0
    score += int(np.rint(W_TRAVEL * min(max(1.0 - share, 0.0), 1.0)))
    parts.append(f"{minutes} min reizen")
    return score, "; ".join(parts)


def _solve(score: npt.NDArray[np.float64], feasible: BoolArray) -> tuple[IntArray, IntArray]:
    """Rows × columns: the most feasible pairs, and among those the highest total score."""
    from scipy.optimize import linear_sum_assignment  # heavy import: only when suggesting

    n_rows, _n_cols = score.shape
    big = 2.0 * (n_rows + 1) * (100 + 1)  # any filled place outweighs all scores together
    cost = np.where(feasible, -score, big)
    r, c = linear_sum_assignment(cost)
    chosen = feasible[r, c]
    return r[chosen].astype(np.int64), c[chosen].astype(np.int64)


def suggest(
    places: Sequence[OpenPlace],
    members: Sequence[MemberProfile],
    coordinates: Mapping[int, tuple[float, float] | None],
) -> list[Suggestion]:
    """One member for as many places as can get one (each member at most once), best total score;
    ``coordinates`` gives each municipality's (lat, lon). Ties go to the lower member key."""
    if not places or not members:
        return []
    gem_ids = sorted({m.gemeente_id for m in members} | {p.gemeente_id for p in places})
    gem_index = {g: i for i, g in enumerate(gem_ids)}
    unknown = 10_000  # no coordinates: never within anyone's reach
    travel = np.array(
        [[travel_minutes(coordinates.get(a), coordinates.get(b)) or (MINUTES_BASE if a == b else unknown)
          for b in gem_ids] for a in gem_ids],
        dtype=np.int64,
    )  # fmt: skip
    arrays = _member_arrays(members, gem_index)
    n_places = len(places)
    # Places of one pledge are identical rows: compute each pledge once.
    by_pledge: dict[int, tuple[BoolArray, IntArray, IntArray]] = {}
    for p in places:
        if p.pledge_id not in by_pledge:
            by_pledge[p.pledge_id] = _place_row(p, arrays, travel, gem_index)
    # Keep each pledge's best n_places feasible members (see the module docstring); ties by key,
    # which a stable sort on (−score, key) gives because the members arrive sorted by key.
    order = np.argsort(arrays.keys, kind="stable")
    keep: set[int] = set()
    for ok, score, _ in by_pledge.values():
        idx = order[ok[order]]
        if len(idx) > n_places:
            best = np.argsort(-score[idx], kind="stable")[:n_places]
            idx = idx[best]
        keep.update(int(i) for i in idx)
    if not keep:
        return []
    cols = np.array(sorted(keep, key=lambda i: int(arrays.keys[i])), dtype=np.int64)
    feasible = np.zeros((n_places, len(cols)), dtype=np.bool_)
    scores = np.zeros((n_places, len(cols)), dtype=np.float64)
    # A tiny preference for lower keys makes the chosen optimum reproducible.
    tie = np.linspace(0.0, 0.5, len(cols), endpoint=False) / (n_places + 1)
    for r, p in enumerate(places):
        ok, score, _ = by_pledge[p.pledge_id]
        feasible[r] = ok[cols]
        scores[r] = score[cols] - tie
    rows, chosen = _solve(scores, feasible)
    out: list[Suggestion] = []
    for r, c in zip(rows.tolist(), chosen.tolist(), strict=True):
        place, member_i = places[r], int(cols[c])
        member = members[member_i]
        minutes = int(by_pledge[place.pledge_id][2][member_i])
        points, text = explain(place, member, minutes)
        out.append(Suggestion(place.pledge_id, place.slot, member.key, points, minutes, text))
    out.sort(key=lambda s: (s.pledge_id, s.slot))
    return out


def objective(suggestions: Sequence[Suggestion]) -> tuple[int, int]:
    """What the assignment maximises: places filled, then the total score."""
    return len(suggestions), sum(s.score for s in suggestions)


__all__ = [
    "DEFAULT_MAX_TRAVEL",
    "EDUCATION_LEVELS",
    "LANGUAGE_LEVELS",
    "MemberProfile",
    "OpenPlace",
    "Suggestion",
    "explain",
    "objective",
    "suggest",
    "travel_minutes",
]
