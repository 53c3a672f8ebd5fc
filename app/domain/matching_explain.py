"""The explanation of each chosen matching pair: constraints met and criteria with their weights.

Split from ``app.domain.matching`` so the engine and the wording can be read on their own; only
the chosen pairs are explained, never the whole cost matrix.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from app.domain.matching import (
    CRITERIA_LABELS,
    PERSONS_PER_BEDROOM,
    ROOM_KIND,
    Criterion,
    DwellingIn,
    HouseholdIn,
    IntArray,
    MatchWeights,
    Proposal,
    _Arrays,
    _pair_values,
)
from app.domain.wording import count


def explain(
    hs: Sequence[HouseholdIn],
    ds: Sequence[DwellingIn],
    arr: _Arrays,
    w: MatchWeights,
    rows: IntArray,
    cols: IntArray,
    today: date,
    step: Callable[[float], None],
) -> list[Proposal]:
    """Explanations for the chosen pairs only: per-pair values gathered with numpy, then texts."""
    values = {key: v.tolist() for key, v in _pair_values(arr, rows, cols).items()}
    km = arr.km_hg[rows, arr.d_gem[cols]].tolist()
    capacity = arr.capacity[cols].tolist()

    proposals: list[Proposal] = []
    n = len(rows)
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        if k and k % 1000 == 0:
            step(0.9 + 0.1 * k / n)
        h, d = hs[i], ds[j]
        same = h.gemeente == d.gemeente
        prog = values["progress"][k]
        details = {
            "size_fit": f"{h.persons} van {capacity[k]} plaatsen benut",
            "urgency": _days_text((h.offer_deadline - today).days),
            "same_gemeente": "zelfde gemeente" if same
            else f"uitruil: woning in {d.gemeente}, gekoppeld aan {h.gemeente}",
            "progress": f"{h.gemeente}: {100 * (1 - prog):.0f}% gerealiseerd" if prog > 0
            else f"{h.gemeente}: geen achterstand",
            "travel": "afstand onbekend" if km[k] != km[k] else f"{km[k]:.0f} km",  # NaN != NaN
        }  # fmt: skip
        criteria = []
        for key, label in CRITERIA_LABELS.items():
            value, weight = values[key][k], getattr(w, key)
            criteria.append(Criterion(key, label, value, weight, value * weight, details[key]))
        proposals.append(
            Proposal(
                household_id=h.id,
                dwelling_id=d.id,
                household_gemeente=h.gemeente,
                dwelling_gemeente=d.gemeente,
                score=sum(c.contribution for c in criteria),
                cross_municipality=not same,
                constraints_met=_constraints_met(h, d, today),
                criteria=criteria,
            )
        )
    proposals.sort(key=lambda p: p.household_id)
    return proposals


def _days_text(days: int) -> str:
    if days < 0:
        return f"termijn voor aanbod {count(-days, 'dag')} verstreken"
    if days == 0:
        return "termijn voor aanbod verloopt vandaag"
    return f"nog {count(days, 'dag')} tot de termijn voor aanbod"


def _constraints_met(h: HouseholdIn, d: DwellingIn, today: date) -> list[str]:
    out = [f"Past: {_persons(h.persons)}, maximaal {count(d.max_occupants, 'bewoner')}"]
    if d.bedrooms == 0:
        out.append("Bezettingsnorm: studio zonder slaapkamer voor één persoon")
    else:
        out.append(
            f"Bezettingsnorm: {_persons(h.persons)} in {count(d.bedrooms, 'slaapkamer')} "
            f"(hoogstens {PERSONS_PER_BEDROOM} per slaapkamer, niet meer slaapkamers dan personen)"
        )
    if d.kind == ROOM_KIND:
        out.append("Kamerverhuur: alleenstaande volwassene")
    if h.needs_accessible:
        out.append("Toegankelijke woning nodig en aanwezig")
    if h.needs_ground_floor:
        out.append(
            "Woning zonder trap nodig: " + ("begane grond" if d.ground_floor else "toegankelijke woning")
        )
    if not (h.needs_accessible or h.needs_ground_floor):
        out.append("Geen eisen aan toegankelijkheid")
    deadline = h.offer_deadline
    if deadline >= today:
        out.append(f"Beschikbaar per {d.available_from:%d-%m-%Y}, vóór de termijn van {deadline:%d-%m-%Y}")
    else:
        since = d.available_from
        out.append(f"Termijn van {deadline:%d-%m-%Y} verstreken; woning al beschikbaar per {since:%d-%m-%Y}")
    return out


def _persons(n: int) -> str:
    return "1 persoon" if n == 1 else f"{n} personen"
