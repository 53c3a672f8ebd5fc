"""Why each proposed swap: the household's size and deadline, the dwelling, what its own
municipality has in time, and the ledger effect for both sides. Only swaps are explained; a
household housed in its own municipality needs no proposal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from app.domain.swap_plan import Placement, Vacancy, WaitingHousehold, fits
from app.domain.wording import count


def signed(n: int) -> str:
    """+3, -2, 0: a ledger balance as the board shows it."""
    return f"+{n}" if n > 0 else str(n)


def persons_text(n: int) -> str:
    return "1 persoon" if n == 1 else f"{n} personen"


def _bedrooms(n: int) -> str:
    if n == 0:
        return "studio"
    return "1 slaapkamer" if n == 1 else f"{n} slaapkamers"


def explain(
    placements: Sequence[Placement],
    households: Sequence[WaitingHousehold],
    vacancies: Sequence[Vacancy],
    before: Mapping[str, int],
    after: Mapping[str, int],
    limits: Mapping[str, tuple[int, int]],
    today: date,
    *,
    optimal: bool,
    names: Mapping[str, str] | None = None,
) -> list[Placement]:
    """The swaps among ``placements``, each with its explanation, ordered by deadline."""
    names = names or {}
    household = {h.id: h for h in households}
    vacancy = {v.key: v for v in vacancies}
    used = {p.vacancy_key for p in placements}
    own: dict[str, list[Vacancy]] = {}
    for v in vacancies:
        own.setdefault(v.gemeente, []).append(v)

    def name(code: str) -> str:
        return names.get(code, code)

    out = []
    for p in sorted((p for p in placements if p.is_swap), key=lambda p: (p.deadline, p.household_id)):
        h, v = household[p.household_id], vacancy[p.vacancy_key]
        host, owner = name(p.host), name(p.owner)
        lines = []
        if h.deadline >= today:
            lines.append(
                f"Huishouden van {persons_text(p.persons)}, gekoppeld aan {owner}; "
                f"termijn voor aanbod {h.deadline:%d-%m-%Y} (nog {count((h.deadline - today).days, 'dag')})."
            )
        else:
            lines.append(
                f"Huishouden van {persons_text(p.persons)}, gekoppeld aan {owner}; de termijn voor "
                f"aanbod ({h.deadline:%d-%m-%Y}) is al verstreken: het heeft nu een woning nodig."
            )
        size = f"{_bedrooms(v.bedrooms)}, tot {count(v.max_occupants, 'bewoner')}"
        if v.expected:
            lines.append(
                f"Verwachte woning in {host}: {size}, rond {v.available_from:%d-%m-%Y} ({v.basis}). "
                "Er is nog geen adres: de gemeente zoekt de woning als die vrijkomt."
            )
        else:
            lines.append(f"Woning in {host}: {size}, vrij per {v.available_from:%d-%m-%Y}.")
        fitting = [w for w in own.get(h.gemeente, ()) if fits(h, w, today)]
        taken = sum(1 for w in fitting if w.key in used)
        if not fitting:
            lines.append(f"In {owner} komt vóór de termijn geen passende woning vrij.")
        elif taken == len(fitting):
            lines.append(
                f"In {owner} komen vóór de termijn {len(fitting)} passende woning(en) vrij; het plan heeft "
                "ze allemaal nodig voor andere huishoudens."
            )
        elif optimal:
            lines.append(
                f"In {owner} blijven {len(fitting) - taken} passende woning(en) over, maar zonder deze "
                "uitruil komt een grootboek buiten de grens en lukt het plan met minder huishoudens."
            )
        else:
            lines.append(f"In {owner} zijn {len(fitting)} passende woning(en); het plan gebruikt er {taken}.")
        lines.append(
            f"Grootboek: {host} krijgt {persons_text(p.persons)} tegoed "
            f"({signed(before[p.host])} → {signed(before[p.host] + p.persons)}), {owner} is ze "
            f"verschuldigd ({signed(before[p.owner])} → {signed(before[p.owner] - p.persons)})."
        )
        lines.append(
            f"Na het hele plan: {host} {signed(after[p.host])} (grens {_limits(limits[p.host])}), "
            f"{owner} {signed(after[p.owner])} (grens {_limits(limits[p.owner])})."
        )
        out.append(replace(p, explanation=tuple(lines)))
    return out


def _limits(limit: tuple[int, int]) -> str:
    lo, hi = limit
    if lo == -hi:
        return f"±{hi}"
    return f"{signed(lo)} tot {signed(hi)}"
