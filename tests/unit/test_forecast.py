"""The forecast on hand-built municipalities: the figures a wethouder would be shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from app.domain import forecast as fc
from app.domain.periods import Period

PERIOD = Period(2026, 2)
AS_OF = date(2026, 9, 1)  # four months left
EMPTY = fc.History()


def state(**kw) -> fc.MunicipalityState:  # type: ignore[no-untyped-def]
    base = dict(code="GM0001", name="Testdorp", corrected=20, realised=5, next_taakstelling=0, taakstelling=0)
    base.update(kw)
    return fc.MunicipalityState(**base)  # type: ignore[arg-type]


def history(days: int = 60, n: int = 40) -> fc.History:
    spread = tuple(days - 10 + (i % 21) for i in range(n))
    return fc.History(durations={0: spread, 1: spread, 2: spread}, sizes=(1, 2, 3, 4), link_ratio=1.0)


def test_only_households_with_a_dwelling_give_a_degenerate_interval_at_their_number() -> None:
    waiting = (
        fc.Waiting(1, 4, date(2026, 8, 1), has_dwelling=True),
        fc.Waiting(2, 3, date(2026, 8, 10), has_dwelling=True),
    )
    result = fc.simulate(state(waiting=waiting), EMPTY, PERIOD, AS_OF).current
    assert (result.low, result.high) == (12, 12)
    assert result.expected == 12
    assert result.probability == 0.0  # 12 of 20: certainly not met
    assert any("met een woning" in line for line in result.explanation)


def test_without_any_history_the_interval_is_wide_and_the_explanation_says_so() -> None:
    waiting = tuple(fc.Waiting(i, 3, date(2026, 8, 1) + timedelta(days=i), False) for i in range(6))
    nothing = fc.simulate(state(waiting=waiting), EMPTY, PERIOD, AS_OF).current
    known = fc.simulate(state(waiting=waiting, history=history(60)), EMPTY, PERIOD, AS_OF).current
    assert nothing.high - nothing.low > known.high - known.low
    assert any("geen geschiedenis" in line for line in nothing.explanation)
    assert not any("geen geschiedenis" in line for line in known.explanation)


def test_own_waiting_times_decide_who_moves_in_before_the_end() -> None:
    waiting = (fc.Waiting(1, 5, date(2026, 8, 1), False),)
    quick = fc.simulate(state(waiting=waiting, history=history(40)), EMPTY, PERIOD, AS_OF).current
    slow = fc.simulate(state(waiting=waiting, history=history(300)), EMPTY, PERIOD, AS_OF).current
    assert quick.expected == 10  # 5 housed + 5: 40 days from August always ends before January
    assert slow.expected == 5  # 300 days: only next year
    nxt = fc.simulate(state(waiting=waiting, history=history(200)), EMPTY, PERIOD, AS_OF).next
    assert nxt.expected == 5  # linked in August, 200 days later is in the first half of 2027


def test_little_own_history_borrows_the_regions() -> None:
    own = fc.History(durations={1: (50, 55)}, sizes=(3,))
    region = history(50)
    result = fc.simulate(state(history=own, waiting=(fc.Waiting(1, 3, AS_OF, False),)), region, PERIOD, AS_OF)
    assert any("regio" in line for line in result.current.explanation)


def test_an_announced_dwelling_counts_as_a_dwelling_for_a_household_that_fits() -> None:
    waiting = (fc.Waiting(1, 6, date(2026, 8, 1), False),)
    slow = history(300)
    without = fc.simulate(state(waiting=waiting, history=slow), EMPTY, PERIOD, AS_OF).current
    small = (fc.Announced(9, 4, date(2026, 9, 15)),)
    too_small = fc.simulate(state(waiting=waiting, history=slow, announced=small), EMPTY, PERIOD, AS_OF)
    big = (fc.Announced(9, 6, date(2026, 9, 15)),)
    fits = fc.simulate(state(waiting=waiting, history=slow, announced=big), EMPTY, PERIOD, AS_OF).current
    assert without.expected == too_small.current.expected == 5
    assert fits.expected == 11


def test_a_swap_helps_the_owner_and_costs_the_host_its_dwelling() -> None:
    slow = history(300)
    owner = state(
        code="GM0001", name="Eigenaar", waiting=(fc.Waiting(1, 6, date(2026, 8, 1), False),), history=slow
    )
    host = state(
        code="GM0002",
        name="Gastgemeente",
        waiting=(fc.Waiting(2, 5, date(2026, 8, 1), False),),
        announced=(fc.Announced(7, 6, date(2026, 9, 10)),),
        history=slow,
    )
    change = fc.SwapChange(owner="GM0001", host="GM0002", persons=6, household_key=1, dwelling_key=7)
    after = {s.code: s for s in fc.apply_swap([owner, host], change)}
    before_owner = fc.simulate(owner, EMPTY, PERIOD, AS_OF).current
    before_host = fc.simulate(host, EMPTY, PERIOD, AS_OF).current
    assert fc.simulate(after["GM0001"], EMPTY, PERIOD, AS_OF).current.expected - before_owner.expected == 6
    assert fc.simulate(after["GM0002"], EMPTY, PERIOD, AS_OF).current.expected - before_host.expected == -5


def test_a_change_to_one_household_leaves_the_others_draws_alone() -> None:
    waiting = tuple(
        fc.Waiting(i, 2 + i % 3, date(2026, 7, 1) + timedelta(days=5 * i), False) for i in range(10)
    )
    base = state(waiting=waiting, history=history(90))
    changed = replace(base, waiting=(replace(waiting[0], has_dwelling=True), *waiting[1:]))
    without_first = replace(base, waiting=waiting[1:])
    a, b, c = (fc.simulate(s, EMPTY, PERIOD, AS_OF).current.expected for s in (base, changed, without_first))
    # With the first household certain, the forecast is the others' (same draws) plus its persons.
    assert b - c == waiting[0].persons
    assert a <= b


def test_the_next_period_inherits_what_this_one_leaves() -> None:
    result = fc.simulate(state(corrected=30, realised=10, next_taakstelling=15), EMPTY, PERIOD, AS_OF)
    assert result.next.corrected == 35  # 15 + the 20 this period leaves behind
    assert result.next.period == Period(2027, 1)
    unknown = fc.simulate(
        state(corrected=30, realised=10, next_taakstelling=None, taakstelling=12), EMPTY, PERIOD, AS_OF
    )
    assert any("nog niet bekend" in line for line in unknown.next.explanation)


def test_coa_links_to_come_raise_the_forecast_only_when_they_can_still_move_in() -> None:
    hist = history(60)
    early = fc.simulate(state(taakstelling=40, history=hist), EMPTY, PERIOD, date(2026, 7, 2)).current
    late = fc.simulate(state(taakstelling=40, history=hist), EMPTY, PERIOD, date(2026, 12, 1)).current
    assert early.expected > 5 + 15  # most of the 40 linked from July move in before January
    assert late.expected == 5  # linked in December, moved in next year


def test_the_forecast_is_reproducible_and_ignores_the_order_of_households() -> None:
    waiting = tuple(fc.Waiting(i, 3, date(2026, 7, 1) + timedelta(days=3 * i), False) for i in range(8))
    one = fc.simulate(state(waiting=waiting, history=history(100), taakstelling=10), EMPTY, PERIOD, AS_OF)
    two = fc.simulate(
        state(waiting=waiting[::-1], history=history(100), taakstelling=10), EMPTY, PERIOD, AS_OF
    )
    assert one == two


def test_the_naive_baseline_extends_the_period_so_far() -> None:
    assert fc.naive_extrapolation(10, PERIOD, date(2026, 10, 1)) == 10 * 184 / 92
    assert fc.naive_extrapolation(10, PERIOD, PERIOD.start) == 10


def test_a_period_that_has_not_begun_counts_only_moves_within_it() -> None:
    waiting = (fc.Waiting(1, 4, date(2026, 11, 20), has_dwelling=True),)  # moves within six weeks
    result = fc.simulate(state(waiting=waiting, realised=0), EMPTY, Period(2027, 1), date(2026, 12, 1))
    # It moves before or soon after 1 January: only the part of the draws after New Year counts.
    assert 0 < result.current.expected < 4
    early = fc.simulate(state(waiting=waiting, realised=0), EMPTY, Period(2027, 1), date(2026, 11, 1))
    assert early.current.expected == 0  # moved in (all draws) before the period began
