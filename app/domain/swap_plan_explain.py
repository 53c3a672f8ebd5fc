"""Why each proposed swap: the household's size and deadline, the dwelling, what its own
municipality has in time, and the ledger effect for both sides. Only swaps are explained; a
household housed in its own municipality needs no proposal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from app.domain.swap_plan import Placement, Vacancy, WaitingHousehold, cutoff
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
    # Per municipality its vacancies as arrays: the fit test of ``fits`` for one household against
    # all of them at once (a plan of 5,000 × 5,000 has hundreds of swaps to explain).
    table = {g: _Table(vs, used) for g, vs in own.items()}

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
        fitting, taken = table[h.gemeente].count(h, today) if h.gemeente in table else (0, 0)
        if not fitting:
            lines.append(f"In {owner} komt vóór de termijn geen passende woning vrij.")
        elif taken == fitting:
            lines.append(
                f"In {owner} komen vóór de termijn {fitting} passende woning(en) vrij; het plan heeft "
                "ze allemaal nodig voor andere huishoudens."
            )
        elif optimal:
            lines.append(
                f"In {owner} blijven {fitting - taken} passende woning(en) over, maar zonder deze "
                "uitruil komt een grootboek buiten de grens en lukt het plan met minder huishoudens."
            )
        else:
            lines.append(f"In {owner} zijn {fitting} passende woning(en); het plan gebruikt er {taken}.")
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


class _Table:
    """One municipality's vacancies as arrays, for :meth:`count`."""

    def __init__(self, vacancies: Sequence[Vacancy], used: set[str]) -> None:
        import numpy as np

        self.low = np.array([v.persons_range[0] for v in vacancies])
        self.high = np.array([v.persons_range[1] for v in vacancies])
        self.level = np.array([v.level for v in vacancies])
        self.free = np.array([v.available_from.toordinal() for v in vacancies])
        self.used = np.array([v.key in used for v in vacancies])

    def count(self, h: WaitingHousehold, today: date) -> tuple[int, int]:
        """(vacancies that fit ``h``, of which the plan uses): :func:`fits`, for all at once."""
        ok = (
            (self.low <= h.persons)
            & (h.persons <= self.high)
            & (self.level >= h.need_level)
            & (self.free <= cutoff(h, today).toordinal())
        )
        return int(ok.sum()), int((ok & self.used).sum())


def _limits(limit: tuple[int, int]) -> str:
    lo, hi = limit
    if lo == -hi:
        return f"±{hi}"
    return f"{signed(lo)} tot {signed(hi)}"
