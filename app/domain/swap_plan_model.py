"""The integer program behind the swap plan, on classes of identical households and vacancies.

Why classes: 5,000 households × 5,000 vacancies is 25 million pairs, far too many for an integer
program. But what decides whether a household fits is only its size, its need (none / no stairs /
accessible) and its deadline, and a vacancy's range of household sizes, its level of
accessibility and its date. So:

* a *type* is (municipality, persons, need, deadline), the deadline rounded down to the last date
  on which any vacancy comes free (nothing changes in between, so this is exact);
* a *chain* is (municipality, range of sizes): its vacancies ordered by date, per level. Vacancies
  not used by one date are carried to the next (``carry``), and a higher level can serve a lower
  need (``down``: accessible → ground floor → none). A type attaches to each chain of its own
  municipality that fits its size, at the chain's last date on or before its deadline, and at the
  level of its need: so it can take exactly the vacancies that come free in time and meet its need;
* a household can stay in its own municipality (``local``), or go into a regional pool of its type
  (``out``), from which another municipality takes it in (``in``). In and out carry the persons
  that change the ledgers.

Without the ledger rows this is a network flow (whole numbers come out by themselves); the ledger
rows make it an integer program, solved by HiGHS: the relaxation through ``scipy.optimize.linprog``
(interior point), then the whole numbers through ``scipy.optimize.milp`` on a program narrowed by
what the relaxation's reduced costs prove (see :func:`app.domain.swap_plan_solve.integral`). Objective, as
whole numbers: each household housed counts (number of households + 1), each swap costs 1 — so
housing one more always beats any number of swaps saved, and among equal plans the fewest swaps
win.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from app.domain.swap_plan import Placement, Vacancy, WaitingHousehold, cutoff
from app.domain.swap_plan_solve import integral

LEVELS = 3  # need / accessibility levels 0, 1, 2


@dataclass(frozen=True)
class Solution:
    exported: dict[int, str]  # household id → the municipality that houses it in a swap
    housed_without_swaps: int
    optimal: bool


class _Program:
    """Columns and rows of the program, built up one at a time."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.r: list[int] = []
        self.c: list[int] = []
        self.v: list[float] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []

    def col(self, cost: float, upper: float, integer: bool) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        return len(self.cost) - 1

    def row(self, entries: list[tuple[int, float]], lo: float, hi: float) -> int:
        index = len(self.row_lo)
        for col, value in entries:
            self.r.append(index)
            self.c.append(col)
            self.v.append(value)
        self.row_lo.append(lo)
        self.row_hi.append(hi)
        return index


def _deadline_ord(h: WaitingHousehold, today: date) -> int:
    return cutoff(h, today).toordinal()


@dataclass
class Model:
    """The program and what is needed to read its solution back."""

    prog: _Program
    members: dict[tuple[str, int, int, int], list[WaitingHousehold]]
    outs: dict[tuple[str, int, int, int], int]
    ins: dict[tuple[str, int, int, int], int]

    @property
    def integer_cols(self) -> list[int]:
        return [*self.outs.values(), *self.ins.values()]


def solve(
    households: Sequence[WaitingHousehold],
    vacancies: Sequence[Vacancy],
    before: Mapping[str, int],
    limits: Mapping[str, tuple[int, int]],
    today: date,
    step: Callable[[float], None],
    time_limit: float,
) -> Solution:
    """Which municipality houses which household (inputs sorted by id/key by the caller)."""
    model = build(households, vacancies, before, limits, today)
    step(0.3)
    if model is None:
        return Solution({}, housed_alone(households, vacancies, today), True)
    x, optimal = integral(model.prog, model.integer_cols, time_limit, step)
    if x is None:  # nothing found in time: each municipality houses its own
        return Solution({}, housed_alone(households, vacancies, today), False)
    exported = _exported(model.members, model.outs, model.ins, np.rint(x).astype(np.int64))
    return Solution(exported, housed_alone(households, vacancies, today), optimal)


def build(
    households: Sequence[WaitingHousehold],
    vacancies: Sequence[Vacancy],
    before: Mapping[str, int],
    limits: Mapping[str, tuple[int, int]],
    today: date,
) -> Model | None:
    """The program of the module docstring; None when nothing can be housed at all."""
    if not households or not vacancies:
        return None
    # A vacancy's date only matters against the households' cut-off days (Mondays, or today), so it
    # is moved on to the next cut-off day: exact for the rule, and a program a seventh the size.
    cutoffs = sorted({_deadline_ord(h, today) for h in households})
    moved: dict[str, int] = {}
    for v in vacancies:
        i = bisect_left(cutoffs, v.available_from.toordinal())
        low, high = v.persons_range
        if i < len(cutoffs) and low <= high:
            moved[v.key] = cutoffs[i]
    usable = [v for v in vacancies if v.key in moved]
    dates = sorted(set(moved.values()))
    if not dates:
        return None

    # Chains: (gemeente, low, high) → grid of date indices and supply per (level, node).
    chain_vacancies: dict[tuple[str, int, int], list[Vacancy]] = defaultdict(list)
    for v in usable:
        chain_vacancies[(v.gemeente, *v.persons_range)].append(v)
    chains = sorted(chain_vacancies)
    grids: dict[tuple[str, int, int], list[int]] = {}
    supply: dict[tuple[str, int, int], np.ndarray] = {}
    for key in chains:
        grid = sorted({bisect_right(dates, moved[v.key]) - 1 for v in chain_vacancies[key]})
        table = np.zeros((LEVELS, len(grid)), dtype=np.int64)
        for v in chain_vacancies[key]:
            table[v.level, grid.index(bisect_right(dates, moved[v.key]) - 1)] += 1
        grids[key], supply[key] = grid, table
    by_gemeente: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for key in chains:
        by_gemeente[key[0]].append(key)

    # Types: (gemeente, persons, need, date index) with the households of each.
    members: dict[tuple[str, int, int, int], list[WaitingHousehold]] = defaultdict(list)
    for h in households:
        t = bisect_right(dates, _deadline_ord(h, today)) - 1
        if t >= 0:  # otherwise nothing comes free in time anywhere
            members[(h.gemeente, h.persons, h.need_level, t)].append(h)
    kinds = sorted({(p, need, t) for (_, p, need, t) in members})
    codes = sorted(set(before) | {g for g, *_ in members} | set(by_gemeente))

    prog = _Program()
    weight = float(len(households) + 1)
    # attach[(chain, level, node)] → columns of types attached there
    attach: dict[tuple[tuple[str, int, int], int, int], list[int]] = defaultdict(list)
    ledger: dict[str, list[tuple[int, float]]] = defaultdict(list)
    pool: dict[tuple[int, int, int], list[tuple[int, float]]] = defaultdict(list)
    locals_: dict[tuple[str, int, int, int], int] = {}
    outs: dict[tuple[str, int, int, int], int] = {}
    ins: dict[tuple[str, int, int, int], int] = {}
    swap_cols: list[int] = []

    cum_ok = {key: np.cumsum(np.cumsum(supply[key][::-1], axis=0)[::-1], axis=1) > 0 for key in chains}
    # cum_ok[key][need, k]: some vacancy of level ≥ need comes free at node ≤ k
    reach: dict[tuple[str, int, int, int], list[tuple[tuple[str, int, int], int]]] = {}
    for g in codes:
        for p, need, t in kinds:
            spots = []
            for key in by_gemeente.get(g, ()):
                if key[1] <= p <= key[2]:
                    k = bisect_right(grids[key], t) - 1
                    if k >= 0 and cum_ok[key][need, k]:
                        spots.append((key, k))
            if spots:
                reach[(g, p, need, t)] = spots
    demand: dict[tuple[int, int, int], int] = defaultdict(int)
    takers: dict[tuple[int, int, int], int] = defaultdict(int)
    for (_g, p, need, t), hs in members.items():
        demand[(p, need, t)] += len(hs)
    for _g, p, need, t in reach:
        takers[(p, need, t)] += 1

    for g in codes:
        for p, need, t in kinds:
            node = (g, p, need, t)
            n = len(members.get(node, ()))
            spots = reach.get(node, [])
            others_take = takers[(p, need, t)] - (1 if spots else 0) > 0
            others_give = demand[(p, need, t)] - n > 0
            if not n and not (spots and others_give):
                continue  # nobody of this type here, and none can come
            entries: list[tuple[int, float]] = []
            for key, k in spots:
                col = prog.col(-weight, n + demand[(p, need, t)], False)
                attach[(key, need, k)].append(col)
                entries.append((col, 1.0))
            if n and spots:
                locals_[node] = prog.col(0.0, n, False)
                entries.append((locals_[node], -1.0))
            if n and others_take:
                outs[node] = col = prog.col(1.0, n, True)
                swap_cols.append(col)
                pool[(p, need, t)].append((col, 1.0))
                ledger[g].append((col, -float(p)))
            if spots and others_give:
                ins[node] = col = prog.col(0.0, demand[(p, need, t)] - n, True)
                pool[(p, need, t)].append((col, -1.0))
                ledger[g].append((col, float(p)))
                entries.append((col, -1.0))
            if spots:  # what attaches here: the own households kept local plus those taken in
                prog.row(entries, 0.0, 0.0)
            if n:  # own households: local + out ≤ n
                kept = [(c, 1.0) for c in (locals_.get(node), outs.get(node)) if c is not None]
                if kept:
                    prog.row(kept, 0.0, float(n))
    for entries in pool.values():
        prog.row(entries, 0.0, 0.0)
    for g, entries in ledger.items():
        lo, hi = limits.get(g, (0, 0))
        prog.row(entries, lo - before.get(g, 0), hi - before.get(g, 0))
    for key in chains:
        grid, table = grids[key], supply[key]
        top = max(level for level in range(LEVELS) if table[level].any())
        carry = {(lv, k): prog.col(0.0, np.inf, False) for lv in range(top + 1) for k in range(len(grid))}
        down = {(lv, k): prog.col(0.0, np.inf, False) for lv in range(1, top + 1) for k in range(len(grid))}
        for level in range(top + 1):
            for k in range(len(grid)):
                entries = [(carry[(level, k)], 1.0)]
                if k:
                    entries.append((carry[(level, k - 1)], -1.0))
                if level < top:
                    entries.append((down[(level + 1, k)], -1.0))
                if level:
                    entries.append((down[(level, k)], 1.0))
                entries += [(col, 1.0) for col in attach.get((key, level, k), ())]
                prog.row(entries, float(table[level, k]), float(table[level, k]))
    return Model(prog, members, outs, ins)


def housed_alone(
    households: Sequence[WaitingHousehold], vacancies: Sequence[Vacancy], today: date
) -> int:
    """How many households each municipality can house in time on its own, summed: a maximum
    matching per municipality (Hopcroft–Karp), the figure the plan is compared with."""
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import maximum_bipartite_matching

    total = 0
    by_gemeente: dict[str, list[Vacancy]] = defaultdict(list)
    for v in vacancies:
        by_gemeente[v.gemeente].append(v)
    mine: dict[str, list[WaitingHousehold]] = defaultdict(list)
    for h in households:
        mine[h.gemeente].append(h)
    for g, hs in mine.items():
        vs = by_gemeente.get(g)
        if not vs:
            continue
        ok = _fit_matrix(hs, vs, today)
        if not ok.any():
            continue
        matching = maximum_bipartite_matching(csr_array(ok.astype(np.int8)), perm_type="column")
        total += int((matching >= 0).sum())
    return total


def _fit_matrix(hs: Sequence[WaitingHousehold], vs: Sequence[Vacancy], today: date) -> np.ndarray:
    """H × V: the hard constraints of :func:`app.domain.swap_plan.fits`, by broadcasting."""
    persons = np.array([h.persons for h in hs])[:, None]
    need = np.array([h.need_level for h in hs])[:, None]
    deadline = np.array([_deadline_ord(h, today) for h in hs])[:, None]
    low = np.array([v.persons_range[0] for v in vs])[None, :]
    high = np.array([v.persons_range[1] for v in vs])[None, :]
    level = np.array([v.level for v in vs])[None, :]
    avail = np.array([v.available_from.toordinal() for v in vs])[None, :]
    result: np.ndarray = (low <= persons) & (persons <= high) & (level >= need) & (avail <= deadline)
    return result


def _exported(
    members: Mapping[tuple[str, int, int, int], list[WaitingHousehold]],
    outs: Mapping[tuple[str, int, int, int], int],
    ins: Mapping[tuple[str, int, int, int], int],
    x: np.ndarray,
) -> dict[int, str]:
    """From class counts to households: of each type the latest deadlines go into the pool (the
    earliest stay home, where the offer is quickest), and each municipality taking that type in
    takes them in code order. Returns household id → host, for the swapped households only."""
    hosts: dict[int, str] = {}
    queues: dict[tuple[int, int, int], list[WaitingHousehold]] = defaultdict(list)
    for node in sorted(outs):
        g, p, need, t = node
        sent = int(x[outs[node]])
        if sent:
            hs = sorted(members[node], key=lambda h: (h.deadline, h.id))
            queues[(p, need, t)].extend(hs[len(hs) - sent :])
    for node in sorted(ins):
        g, p, need, t = node
        queue = queues[(p, need, t)]
        for _ in range(int(x[ins[node]])):
            pick = next((i for i, h in enumerate(queue) if h.gemeente != g), None)
            if pick is None:
                break  # only its own would be left: that is no swap
            hosts[queue.pop(pick).id] = g
    return hosts


def assign(
    households: Sequence[WaitingHousehold],
    vacancies: Sequence[Vacancy],
    exported: Mapping[int, str],
    today: date,
) -> list[Placement]:
    """Per municipality, the households it houses each get one of its vacancies (never one twice).

    A municipality houses the households it takes in (all of them: the program made sure they fit)
    and as many of its own as it can: a maximum matching with those it takes in first, by
    ``linear_sum_assignment`` with a "not housed" column per household. Among the ways to do that,
    a swapped household gets an announced dwelling before an expected one (the proposal can then
    name it), and every household the tightest fit."""
    from scipy.optimize import linear_sum_assignment

    by_host: dict[str, list[WaitingHousehold]] = defaultdict(list)
    for h in households:
        by_host[exported.get(h.id, h.gemeente)].append(h)
    by_gemeente: dict[str, list[Vacancy]] = defaultdict(list)
    for v in vacancies:
        by_gemeente[v.gemeente].append(v)
    out: list[Placement] = []
    for host in sorted(by_host):
        hs, vs = by_host[host], by_gemeente.get(host, [])
        if not vs:
            continue
        ok = _fit_matrix(hs, vs, today)
        persons = np.array([h.persons for h in hs])[:, None]
        swapped = np.array([h.gemeente != host for h in hs])
        places = np.array([v.places for v in vs])[None, :]
        expected = np.array([v.expected for v in vs])[None, :]
        prefer = np.where(expected, np.where(swapped[:, None], 2.0, 1.0), 0.0) + (places - persons) / places
        n = len(hs)
        unhoused = np.where(swapped, 1e9, 1e5)  # larger than any sum of preferences below it
        cost = np.full((n, len(vs) + n), 1e13)
        cost[:, : len(vs)] = np.where(ok, prefer, 1e13)
        cost[np.arange(n), len(vs) + np.arange(n)] = unhoused
        rows, cols = linear_sum_assignment(cost)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if j >= len(vs) or not ok[i, j]:
                continue
            h, v = hs[i], vs[j]
            out.append(
                Placement(
                    household_id=h.id,
                    owner=h.gemeente,
                    host=host,
                    persons=h.persons,
                    vacancy_key=v.key,
                    dwelling_id=v.dwelling_id,
                    available_from=v.available_from,
                    deadline=h.deadline,
                    bedrooms=v.bedrooms,
                    max_occupants=v.max_occupants,
                )
            )
    return out
