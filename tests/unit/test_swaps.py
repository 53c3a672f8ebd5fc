from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from app.domain.periods import Period
from app.domain.swaps import (
    Side,
    Swap,
    SwapError,
    SwapState,
    agree,
    build_ledger,
    decline,
    is_settled,
    outstanding,
    own_total_deviations,
    own_totals,
    propose,
    withdraw,
)

UTRECHT, ZEIST, HOUTEN, BUNNIK = "GM0344", "GM0355", "GM0321", "GM0312"
P1, P2, P3 = Period(2017, 1), Period(2017, 2), Period(2018, 1)
T0 = datetime(2017, 2, 1, 9, 0)


def agreed(swap: Swap, t: datetime = T0) -> Swap:
    swap = agree(swap, Side.HOST, "host-user", t)
    return agree(swap, Side.OWNER, "owner-user", t + timedelta(hours=1))


def test_takes_effect_only_when_both_sides_agree() -> None:
    swap = propose(1, host=ZEIST, owner=UTRECHT, persons=7, period=P1, koppeling_id=42)
    assert swap.state is SwapState.PROPOSED
    one = agree(swap, Side.OWNER, "anna", T0)
    assert one.state is SwapState.PROPOSED and one.agreed_on is None
    assert build_ledger([one]).closed  # half-agreed swaps do not count
    both = agree(one, Side.HOST, "bert", T0 + timedelta(days=2))
    assert both.state is SwapState.AGREED
    assert both.owner_agreement is not None and both.owner_agreement.by == "anna"
    assert both.host_agreement is not None and both.host_agreement.by == "bert"
    assert both.agreed_on == T0 + timedelta(days=2)
    assert build_ledger([both]).between(UTRECHT, ZEIST) == 7


def test_invalid_proposals_and_transitions_raise_dutch_errors() -> None:
    with pytest.raises(SwapError, match="twee verschillende gemeenten"):
        propose(1, UTRECHT, UTRECHT, 3, P1)
    with pytest.raises(SwapError, match="ten minste één persoon"):
        propose(1, ZEIST, UTRECHT, 0, P1)
    swap = agree(propose(1, ZEIST, UTRECHT, 3, P1), Side.HOST, "x", T0)
    with pytest.raises(SwapError, match="al akkoord gegeven"):
        agree(swap, Side.HOST, "x", T0)
    with pytest.raises(SwapError, match="trek het voorstel in"):
        decline(swap, Side.HOST, "x", T0)
    done = agreed(propose(2, ZEIST, UTRECHT, 3, P1))
    for action in (withdraw, decline):
        with pytest.raises(SwapError, match="al door beide gemeenten akkoord"):
            action(done, Side.OWNER, "x", T0)
    with pytest.raises(SwapError, match="geen partij"):
        done.side_of(HOUTEN)
    assert done.side_of(ZEIST) is Side.HOST and done.side_of(UTRECHT) is Side.OWNER


def test_withdraw_and_decline_before_agreement() -> None:
    swap = agree(propose(1, ZEIST, UTRECHT, 3, P1), Side.HOST, "x", T0)
    gone = withdraw(swap, Side.HOST, "x", T0, "woning toch nodig")
    assert gone.state is SwapState.WITHDRAWN and gone.closure is not None
    assert gone.closure.reason == "woning toch nodig"
    with pytest.raises(SwapError, match="ingetrokken"):
        agree(gone, Side.OWNER, "y", T0)
    no = decline(swap, Side.OWNER, "y", T0)
    assert no.state is SwapState.DECLINED
    with pytest.raises(SwapError, match="afgewezen"):
        withdraw(no, Side.HOST, "x", T0)
    assert build_ledger([gone, no]).closed
    assert own_totals({}, [gone, no]) == {}


def test_settlement_by_reverse_swap() -> None:
    first = agreed(propose(1, host=ZEIST, owner=UTRECHT, persons=7, period=P1))
    ledger = build_ledger([first])
    assert ledger.owed_by(UTRECHT) == 7 and ledger.owed_to(ZEIST) == 7
    assert ledger.net(UTRECHT) == -7 and ledger.net(ZEIST) == 7
    assert not is_settled(1, [first])

    part = agreed(propose(2, UTRECHT, ZEIST, persons=3, period=P2, settles=[1], earlier={1: first}))
    assert outstanding([first, part]) == {1: 4, 2: 0}  # a repayment is not a new debt
    assert build_ledger([first, part]).between(UTRECHT, ZEIST) == 4
    rest = agreed(propose(3, UTRECHT, ZEIST, 4, P3, settles=[1], earlier={1: first}))
    swaps = [first, part, rest]
    assert is_settled(1, swaps)
    assert build_ledger(swaps).closed
    # As of P2 the last repayment has not happened yet.
    assert build_ledger(swaps, up_to=P2).between(UTRECHT, ZEIST) == 4
    lines = build_ledger([first]).lines([HOUTEN])
    assert [(line.gemeente, line.owed_to_them, line.owed_by_them, line.net) for line in lines] == [
        (HOUTEN, 0, 0, 0),
        (UTRECHT, 0, 7, -7),
        (ZEIST, 7, 0, 7),
    ]


def test_settles_must_reverse_an_effective_earlier_swap() -> None:
    first = agreed(propose(1, ZEIST, UTRECHT, 7, P2))
    with pytest.raises(SwapError, match="niet bekend"):
        propose(2, UTRECHT, ZEIST, 7, P2, settles=[1])
    with pytest.raises(SwapError, match="personen huisvest voor"):
        propose(2, HOUTEN, ZEIST, 7, P2, settles=[1], earlier={1: first})
    with pytest.raises(SwapError, match="vóór 2017-H2"):
        propose(2, UTRECHT, ZEIST, 7, P1, settles=[1], earlier={1: first})
    pending = propose(3, ZEIST, UTRECHT, 2, P1)
    with pytest.raises(SwapError, match="niet van kracht"):
        propose(4, UTRECHT, ZEIST, 2, P2, settles=[3], earlier={3: pending})


def test_own_totals_and_invariant_example() -> None:
    # Zeist houses a family of 7 for Utrecht in H1; Utrecht repays in H2.
    first = agreed(propose(1, ZEIST, UTRECHT, 7, P1))
    repay = agreed(propose(2, UTRECHT, ZEIST, 7, P2, settles=[1], earlier={1: first}))
    taakstelling = {UTRECHT: 100, ZEIST: 20}
    direct = {UTRECHT: 93, ZEIST: 13}  # what each housed for itself
    half = own_totals(direct, [first])
    assert half[ZEIST].own_total == 20 and half[ZEIST].counted_total == 13 and half[ZEIST].balance == 7
    assert half[UTRECHT].counted_total == 100 and half[UTRECHT].own_total == 93
    assert own_total_deviations(taakstelling, direct, [first]) == {UTRECHT: -7}
    both = own_totals(direct, [first, repay])
    assert all(t.balance == 0 for t in both.values())
    # Counted totals are 100 and 20, i.e. each met its taakstelling, and housed exactly that itself.
    assert {c: t.counted_total for c, t in both.items()} == taakstelling
    assert own_total_deviations(taakstelling, direct, [first, repay]) == {}


# --- property-based ---------------------------------------------------------------------------------

CODES = [UTRECHT, ZEIST, HOUTEN, BUNNIK]
pairs = st.tuples(st.sampled_from(CODES), st.sampled_from(CODES)).filter(lambda p: p[0] != p[1])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(pairs, st.integers(1, 9)), min_size=1, max_size=15),
    st.dictionaries(st.sampled_from(CODES), st.integers(0, 300)),
    st.integers(1, 3),
)
def test_settled_swaps_keep_each_municipalitys_own_total(
    deals: list[tuple[tuple[str, str], int]], base: dict[str, int], pieces: int
) -> None:
    period = Period(2017, 1)
    swaps: dict[int, Swap] = {}
    for n, ((host, owner), persons) in enumerate(deals, start=1):
        swaps[n] = agreed(propose(n, host, owner, persons, period.next() if n % 2 else period))

    # Invariant during: own - counted equals the ledger's net, and the region as a whole balances.
    ledger = build_ledger(swaps.values())
    totals = own_totals(base, swaps.values())
    for code, total in totals.items():
        assert total.balance == ledger.net(code)
    assert sum(t.own_total for t in totals.values()) == sum(t.counted_total for t in totals.values())

    # Settle: every debtor houses what it owes, split over a few repayments naming the swaps repaid.
    next_id = len(swaps) + 1
    for (debtor, creditor), owed in sorted(ledger.owed.items()):
        refs = [s.id for s in swaps.values() if s.owner == debtor and s.host == creditor]
        chunks = [owed // pieces + (1 if i < owed % pieces else 0) for i in range(pieces)]
        for chunk in (c for c in chunks if c):
            swaps[next_id] = agreed(
                propose(next_id, debtor, creditor, chunk, Period(2018, 2), settles=refs, earlier=swaps)
            )
            next_id += 1

    closed = build_ledger(swaps.values())
    assert closed.closed
    totals = own_totals(base, swaps.values())
    # Every municipality that met its taakstelling through the counted total housed exactly that.
    taakstelling = {code: t.counted_total for code, t in totals.items()}
    assert own_total_deviations(taakstelling, base, swaps.values()) == {}
    for code in CODES:
        assert closed.net(code) == 0
        assert totals.get(code) is None or totals[code].own_total == totals[code].counted_total


class SwapMachine(RuleBasedStateMachine):
    """Random proposals, agreements, withdrawals and declines: only agreed swaps ever count."""

    def __init__(self) -> None:
        super().__init__()
        self.swaps: dict[int, Swap] = {}
        self.direct = {code: 50 for code in CODES}
        self.clock = T0

    def _tick(self) -> datetime:
        self.clock += timedelta(minutes=5)
        return self.clock

    @rule(pair=pairs, persons=st.integers(1, 8))
    def make_proposal(self, pair: tuple[str, str], persons: int) -> None:
        swap_id = len(self.swaps) + 1
        self.swaps[swap_id] = propose(swap_id, pair[0], pair[1], persons, Period(2017, 1))

    @precondition(lambda self: bool(self.swaps))
    @rule(
        data=st.data(),
        side=st.sampled_from(list(Side)),
        action=st.sampled_from(["agree", "withdraw", "decline"]),
    )
    def act(self, data: st.DataObject, side: Side, action: str) -> None:
        swap_id = data.draw(st.sampled_from(sorted(self.swaps)))
        swap = self.swaps[swap_id]
        fn = {"agree": agree, "withdraw": withdraw, "decline": decline}[action]
        try:
            new = fn(swap, side, "user", self._tick())
        except SwapError:
            # Refused transitions leave the swap as it was and only happen where the rules say so.
            assert (
                swap.state is not SwapState.PROPOSED
                or (action == "agree" and swap.agreement(side) is not None)
                or (action == "decline" and swap.agreement(side) is not None)
            )
            return
        assert swap.state is SwapState.PROPOSED
        if action == "agree":
            assert new.agreement(side) is not None
        self.swaps[swap_id] = new

    @invariant()
    def ledger_matches_agreed_swaps(self) -> None:
        ledger = build_ledger(self.swaps.values())
        totals = own_totals(self.direct, self.swaps.values())
        agreed_persons = sum(s.persons for s in self.swaps.values() if s.state is SwapState.AGREED)
        assert sum(t.hosted_for_others for t in totals.values()) == agreed_persons
        assert sum(ledger.net(c) for c in CODES) == 0
        for code in CODES:
            assert totals[code].balance == ledger.net(code)
        for swap in self.swaps.values():
            both = swap.host_agreement is not None and swap.owner_agreement is not None
            assert (swap.state is SwapState.AGREED) == (both and swap.closure is None)


TestSwapMachine = SwapMachine.TestCase
TestSwapMachine.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


def test_a_repayment_is_not_also_a_new_debt() -> None:
    from datetime import datetime

    from app.domain.periods import Period
    from app.domain.swaps import Side, agree, outstanding, propose

    on = datetime(2017, 3, 1)

    def agreed(swap):  # type: ignore[no-untyped-def]
        return agree(agree(swap, Side.HOST, "a", on), Side.OWNER, "b", on)

    debt = agreed(propose(1, "GM0355", "GM0312", 7, Period(2017, 1)))
    repay = agreed(propose(2, "GM0312", "GM0355", 9, Period(2017, 2), settles=(1,), earlier={1: debt}))
    assert outstanding([debt, repay]) == {1: 0, 2: 2}  # 7 repaid, 2 more is a new debt of Zeist
