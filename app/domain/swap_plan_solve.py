"""Solving the swap plan's program (:mod:`app.domain.swap_plan_model`) with whole numbers, quickly.

HiGHS on the whole integer program takes a minute and more on 5,000 households (its heuristics find
whole numbers late), while its relaxation takes about a second and nearly always has the optimum's
value. So: solve the relaxation, then a narrowed integer program that its reduced costs justify,
and call a plan optimal only when that is proven (see :func:`integral`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from app.domain.swap_plan_model import _Program


def integral(
    prog: _Program, integer_cols: list[int], time_limit: float, step: Callable[[float], None]
) -> tuple[np.ndarray | None, bool]:
    """An optimal solution with whole numbers of swaps, found quickly.

    The relaxation (fractions allowed) is solved first, by the interior-point method with crossover
    (on this program about twice as fast as the simplex method): its value bounds what any plan can
    do, and nearly all swap counts in it are whole already (most are 0); only the ledger rows make a
    few fractional. Reaching that bound (rounded to whole households and swaps) proves a plan
    optimal for the whole program, so the search for whole numbers may be narrowed as long as what
    it finds is checked against the bound:

    0. Quickest: the swap counts that are 0 in the relaxation stay 0, and so does every column
       that step 1 fixes at the bound. Only a plan that reaches the bound counts.
    1. *Reduced-cost fixing.* Once the swap counts are whole, the rest is a network flow, so some
       optimal plan has every column whole. For such a plan, moving a column off the bound where
       the relaxation has it costs at least its reduced cost; so every plan within ``slack`` of the
       relaxation keeps each column whose reduced cost exceeds ``slack`` where it is. Fixing those
       leaves a small integer program (under a second here, where freeing all columns took four to
       six). If its optimum lies within ``slack``, it is the optimum of the whole program; if not,
       the whole program's optimum lies further away, and ``slack`` grows (to the bound, then one
       swap more, 3, 10, one household fewer).
    2. Only if that gets nowhere: the former heuristics (only the zeros fixed, only the fractional
       swap counts free), then the whole program, within the time limit."""
    started = time.monotonic()
    relaxed = relax(prog, time_limit)
    if relaxed is None:
        return None, False
    fun, values, reduced = relaxed
    if all(abs(values[c] - round(values[c])) <= 1e-6 for c in integer_cols):
        return values, True  # whole already: the relaxation's optimum is the program's
    step(0.6)
    cost = np.array(prog.cost)
    weight = -float(cost.min())  # a household housed is worth this; a swap costs 1
    best = -fun  # no plan scores more than the relaxation: weight × housed − swaps
    housed_max = math.floor((best + weight - 1) / weight + 1e-9)  # swaps < weight
    swaps_min = math.ceil(weight * housed_max - best - 1e-6)
    gap = max(0.0, (best - (weight * housed_max - swaps_min)))

    def proven(x: np.ndarray) -> bool:
        housed = round(float(x[cost < 0].sum()))
        swaps = round(float(x[cost > 0].sum()))
        return housed == housed_max and swaps <= swaps_min

    def left() -> float:
        return max(1.0, time_limit - (time.monotonic() - started))

    whole = {c: float(round(values[c])) for c in integer_cols if abs(values[c] - round(values[c])) <= 1e-6}
    zeros = {c: v for c, v in whole.items() if v == 0.0}
    # First, quickest: also the swap counts that are 0 stay 0 (a heuristic, so only a plan that
    # reaches the bound counts).
    quick = dict(zeros)
    for c in np.flatnonzero(np.abs(reduced) > gap + 1e-7).tolist():
        quick.setdefault(c, float(round(values[c])))
    found, _ = run(prog, fixed=quick, integral=True, time_limit=left())
    if found is not None and proven(found.x):
        return found.x, True
    small = found
    for extra in (0.0, 1.0, 3.0, 10.0, weight):
        slack = gap + extra
        narrow = {c: float(round(values[c])) for c in np.flatnonzero(np.abs(reduced) > slack + 1e-7).tolist()}
        found, optimal = run(prog, fixed=narrow, integral=True, time_limit=left())
        if found is not None and (small is None or found.fun < small.fun):
            small = found
        if found is not None and optimal and found.fun <= fun + slack + 1e-6:
            return found.x, True  # every better plan lies within the slack, so in the narrowed program
        if found is not None and not optimal:
            break  # out of time
    for fixed in (zeros, whole):
        found, _ = run(prog, fixed=fixed, integral=True, time_limit=left())
        if found is not None and (small is None or found.fun < small.fun):
            small = found
        if small is not None and proven(small.x):
            return small.x, True
    full, optimal = run(prog, fixed={}, integral=True, time_limit=left())
    if full is None:
        return (small.x, False) if small is not None else (None, False)
    if small is not None and small.fun < full.fun:
        return small.x, False
    return full.x, optimal or proven(full.x)


def relax(prog: _Program, time_limit: float) -> tuple[float, np.ndarray, np.ndarray] | None:
    """The relaxation by HiGHS' interior-point method with crossover (a vertex, so few fractions):
    (value, solution, reduced cost per column), or None when it has no solution."""
    from scipy.optimize import linprog  # heavy: only when planning
    from scipy.sparse import csr_array, vstack

    lo, hi = np.array(prog.row_lo), np.array(prog.row_hi)
    matrix = csr_array((prog.v, (prog.r, prog.c)), shape=(len(lo), len(prog.cost)))
    eq = np.flatnonzero(lo == hi)
    below = np.flatnonzero((lo != hi) & np.isfinite(hi))
    above = np.flatnonzero((lo != hi) & np.isfinite(lo))
    result = linprog(
        np.array(prog.cost, dtype=np.float64),
        A_ub=vstack([matrix[below], -matrix[above]]).tocsr(),
        b_ub=np.concatenate([hi[below], -lo[above]]),
        A_eq=matrix[eq],
        b_eq=lo[eq],
        bounds=np.column_stack([np.zeros(len(prog.cost)), np.array(prog.upper, dtype=np.float64)]),
        method="highs-ipm",
        options={"time_limit": time_limit},
    )
    if result.status != 0 or result.x is None:
        return None
    reduced = np.asarray(result.lower.marginals) + np.asarray(result.upper.marginals)
    return float(result.fun), np.asarray(result.x), reduced


@dataclass(frozen=True)
class Found:
    x: np.ndarray  # every column of the program, the fixed ones included
    fun: float


def run(
    prog: _Program, *, fixed: Mapping[int, float], integral: bool, time_limit: float
) -> tuple[Found | None, bool]:
    """One HiGHS solve; ``fixed`` columns get that value. Returns (solution or None, proven optimal).

    The fixed columns are taken out before HiGHS sees the program (their values moved into the row
    bounds, rows left without columns checked and dropped): with most columns fixed that makes the
    solve three times quicker than leaving them to HiGHS' presolve."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # heavy: only when planning
    from scipy.sparse import csr_array

    n = len(prog.cost)
    cost = np.array(prog.cost, dtype=np.float64)
    value = np.zeros(n, dtype=np.float64)
    is_fixed = np.zeros(n, dtype=bool)
    if fixed:
        cols = np.fromiter(fixed.keys(), np.int64, len(fixed))
        value[cols] = np.fromiter(fixed.values(), np.float64, len(fixed))
        is_fixed[cols] = True
    free = np.flatnonzero(~is_fixed)
    matrix = csr_array((prog.v, (prog.r, prog.c)), shape=(len(prog.row_lo), n)).tocsc()
    taken = matrix @ value
    lo, hi = np.array(prog.row_lo) - taken, np.array(prog.row_hi) - taken
    part = matrix[:, free].tocsr()
    rows = np.diff(part.indptr) > 0
    if np.any(lo[~rows] > 1e-6) or np.any(hi[~rows] < -1e-6):
        return None, True  # the fixed columns alone break a row: nothing fits
    x = value.copy()
    if not len(free):
        return Found(x, float(cost @ x)), True
    result = milp(
        cost[free],
        integrality=np.array(prog.integer)[free] if integral else None,
        bounds=Bounds(np.zeros(len(free)), np.array(prog.upper, dtype=np.float64)[free]),
        constraints=[LinearConstraint(part[rows], lo[rows], hi[rows])] if rows.any() else [],
        options={"time_limit": time_limit, "mip_rel_gap": 0.0, "presolve": True, "disp": False},
    )
    if result.x is None:
        return None, result.status == 2  # 2: proven infeasible
    x[free] = result.x
    return Found(x, float(cost @ x)), result.status == 0
