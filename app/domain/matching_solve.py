"""The assignment step of the matching: both solvers find the same optimum (see ``match``)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from app.domain.matching import BoolArray, FloatArray, IntArray, MatchWeights, _Arrays, _score


def _big_cost(n_pairs_max: int, w: MatchWeights) -> float:
    """A cost for "no fitting dwelling" larger than the best possible total score of all pairs.

    So the solver first houses as many households as it can and only then maximises the score.
    """
    return 2.0 * (n_pairs_max + 1) * (w.total + 1.0)


def solve_dense(
    arr: _Arrays, w: MatchWeights, feasible: BoolArray, row_ok: BoolArray, step: Callable[[float], None]
) -> tuple[IntArray, IntArray]:
    """linear_sum_assignment on the full matrix; infeasible pairs cost ``big`` and are dropped."""
    cost = _score(arr, w)
    step(0.3)
    np.negative(cost, out=cost)  # maximising the score = minimising its negative
    np.copyto(cost, _big_cost(min(cost.shape), w), where=~feasible)
    col_ok = feasible.any(axis=0)
    rows_kept, cols_kept = np.flatnonzero(row_ok), np.flatnonzero(col_ok)
    if not len(rows_kept) or not len(cols_kept):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    if not (row_ok.all() and col_ok.all()):  # rows/columns without any feasible pair stay out
        cost = cost[np.ix_(rows_kept, cols_kept)]
    step(0.35)
    from scipy.optimize import linear_sum_assignment  # 0.5 s import: only when matching

    r_sub, c_sub = linear_sum_assignment(cost)
    rows, cols = rows_kept[r_sub], cols_kept[c_sub]
    chosen = feasible[rows, cols]
    return rows[chosen], cols[chosen]


def solve_sparse(
    arr: _Arrays, w: MatchWeights, feasible: BoolArray, row_ok: BoolArray, step: Callable[[float], None]
) -> tuple[IntArray, IntArray]:
    """LAPJVsp on the feasible pairs, plus one private "no dwelling" column per household.

    The extra columns make a full matching always exist (the solver demands one) and cost ``big``,
    so they are only used when a household cannot get a real dwelling. Edge weights are
    ``total weight + 1 - score``: always > 0, because a sparse zero would be a missing edge.
    """
    keep = np.flatnonzero(row_ok)
    if not len(keep):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    sub = feasible if len(keep) == len(row_ok) else feasible[keep]
    n_rows, n_cols = len(keep), len(arr.capacity)
    per_row = sub.sum(axis=1)
    # Column index of every feasible pair in row-major (CSR) order; cheaper than np.nonzero.
    c_idx = np.broadcast_to(np.arange(n_cols, dtype=np.int32), sub.shape)[sub]
    scores = _edge_scores(arr, w, keep, per_row, c_idx)
    step(0.3)

    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(per_row + 1, out=indptr[1:])
    dummy = indptr[1:] - 1  # each row's last entry is its own "no dwelling" column
    is_edge = np.ones(int(indptr[-1]), dtype=np.bool_)
    is_edge[dummy] = False
    data = np.empty(len(is_edge), dtype=np.float64)
    indices = np.empty(len(is_edge), dtype=np.int32)
    data[is_edge] = (w.total + 1.0) - scores
    indices[is_edge] = c_idx
    data[dummy] = _big_cost(min(n_rows, n_cols), w)
    indices[dummy] = n_cols + np.arange(n_rows)
    step(0.35)
    from scipy.sparse import csr_array  # heavy imports: only when matching
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    graph = csr_array((data, indices, indptr), shape=(n_rows, n_cols + n_rows))
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < n_cols
    return keep[r[real]], c[real].astype(np.int64)


def _edge_scores(
    arr: _Arrays, w: MatchWeights, rows: IntArray, per_row: IntArray, c_idx: npt.NDArray[np.int32]
) -> FloatArray:
    """Scores of the pairs listed row by row: ``per_row[k]`` columns ``c_idx`` for row ``rows[k]``.

    Same sum as :func:`_pair_values` gives, but household terms are repeated rather than gathered,
    which matters with millions of pairs.
    """
    n_gem = arr.travel_hg.shape[1]
    by_gemeente = w.travel * arr.travel_hg[rows]
    by_gemeente[np.arange(len(rows)), arr.h_gem[rows]] += w.same_gemeente
    row_term = w.urgency * arr.urgency[rows] + w.progress * arr.progress[rows]
    scores = np.repeat(w.size_fit * arr.persons[rows], per_row) * (1.0 / arr.capacity)[c_idx]
    scores += np.repeat(row_term, per_row)
    flat = np.repeat(np.arange(len(rows)) * n_gem, per_row)
    flat += arr.d_gem[c_idx]
    scores += by_gemeente.ravel()[flat]
    return scores
