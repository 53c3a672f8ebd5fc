from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.periods import Period
from app.domain.quota import (
    CheckMode,
    QuotaStatus,
    backlog_out,
    coa_check_dates,
    corrected_taakstelling,
    count_linked,
    count_realised,
    linked_vs_needed,
    progress_ratio,
    quota_status,
    roll_forward,
)

H1 = Period(2017, 1)
H2 = Period(2017, 2)
H1_2018 = Period(2018, 1)


def test_corrected_adds_backlog_and_subtracts_lead() -> None:
    assert corrected_taakstelling(100, 12) == 112
    assert corrected_taakstelling(100, -8) == 92
    assert backlog_out(112, 100) == 12
    assert backlog_out(92, 100) == -8


def test_status_and_progress() -> None:
    assert quota_status(10, 7) is QuotaStatus.BEHIND
    assert quota_status(10, 10) is QuotaStatus.ON_TRACK
    assert quota_status(10, 12) is QuotaStatus.AHEAD
    assert progress_ratio(10, 7) == pytest.approx(0.7)
    # A lead that covers the whole taakstelling: nothing needed, counted as done, not as behind.
    assert progress_ratio(-3, 0) == 1.0
    assert progress_ratio(0, 0) == 1.0
    assert QuotaStatus.BEHIND.label_nl == "achterstand"


def test_roll_forward_carries_backlog_and_lead() -> None:
    rows = roll_forward(
        [H1, H2, H1_2018],
        taakstelling={H1: 100, H2: 80, H1_2018: 60},
        realised={H1: 90, H2: 95, H1_2018: 55},
        starting_backlog=5,
    )
    assert [(r.taakstelling, r.backlog_in, r.corrected, r.realised, r.backlog_out) for r in rows] == [
        (100, 5, 105, 90, 15),
        (80, 15, 95, 95, 0),
        (60, 0, 60, 55, 5),
    ]
    assert [r.status for r in rows] == [QuotaStatus.BEHIND, QuotaStatus.ON_TRACK, QuotaStatus.BEHIND]
    assert rows[0].progress == pytest.approx(90 / 105)

    lead = roll_forward([H1, H2], {H1: 10, H2: 10}, {H1: 14, H2: 3})
    assert lead[0].backlog_out == -4 and lead[0].status is QuotaStatus.AHEAD
    assert lead[1].backlog_in == -4 and lead[1].corrected == 6 and lead[1].backlog_out == 3


def test_roll_forward_refuses_gaps() -> None:
    with pytest.raises(ValueError, match="sluiten niet aan"):
        roll_forward([H1, H1_2018], {}, {})


@given(
    st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=12),
    st.integers(-50, 50),
)
def test_roll_forward_telescopes(figures: list[tuple[int, int]], start: int) -> None:
    periods = [Period(2017, 1)]
    while len(periods) < len(figures):
        periods.append(periods[-1].next())
    rows = roll_forward(
        periods,
        {p: t for p, (t, _) in zip(periods, figures, strict=True)},
        {p: r for p, (_, r) in zip(periods, figures, strict=True)},
        start,
    )
    # The final backlog is everything asked minus everything housed, plus the starting backlog.
    assert rows[-1].backlog_out == start + sum(t for t, _ in figures) - sum(r for _, r in figures)
    for before, after in pairwise(rows):
        assert after.backlog_in == before.backlog_out


def test_realised_by_move_in_date_at_half_year_boundaries() -> None:
    moves = [
        (date(2016, 12, 31), 1),  # previous year's H2
        (date(2017, 1, 1), 2),
        (date(2017, 6, 30), 3),
        (date(2017, 7, 1), 4),
        (date(2017, 12, 31), 5),
        (date(2018, 1, 1), 6),
    ]
    assert count_realised(moves, H1) == 2 + 3
    assert count_realised(moves, H2) == 4 + 5
    assert count_realised(moves, H1_2018) == 6
    assert count_realised(moves, Period(2016, 2)) == 1


def test_coa_check_dates() -> None:
    assert coa_check_dates(H1) == [date(2017, 4, 1)]
    assert coa_check_dates(H2) == [date(2017, 10, 1)]
    for period in (H1, H2):
        assert all(period.contains(d) for d in coa_check_dates(period))


def test_linked_vs_needed_full_and_pro_rata() -> None:
    full = linked_vs_needed(date(2017, 4, 1), corrected=40, linked_in_period=30, linked_carried_in=4)
    assert full.mode is CheckMode.FULL
    assert (full.linked, full.needed, full.shortfall, full.enough) == (34, 40, 6, False)
    assert full.period == H1
    assert "6 personen te weinig" in full.label_nl

    # 1 April: 90 of 181 days of H1 elapsed → ceil(40 * 90 / 181) = 20.
    rata = linked_vs_needed(date(2017, 4, 1), 40, 30, mode=CheckMode.PRO_RATA)
    assert rata.needed == 20 and rata.enough and rata.shortfall == 0
    assert "voldoende" in rata.label_nl

    # A lead larger than the taakstelling: nothing needed.
    assert linked_vs_needed(date(2017, 10, 1), -5, 0).needed == 0


def test_count_linked_only_in_period_up_to_check_date() -> None:
    links = [
        (date(2016, 12, 31), 9),  # before the period: carried in, not counted here
        (date(2017, 1, 1), 1),
        (date(2017, 4, 1), 2),  # on the check date itself: counted
        (date(2017, 4, 2), 4),
    ]
    assert count_linked(links, H1, date(2017, 4, 1)) == 3
