"""Swaps (uitruil) of taakstelling between municipalities, and the ledger derived from them.

A swap: the *host* municipality houses persons (all or part of a household linked to the *owner*,
or just a number of persons) in a period. Those persons count for the owner's taakstelling, and the
owner now owes the host that many persons. The debt is repaid when the owner later houses persons
for the host: a swap in the reverse direction, which names the swap(s) it repays in ``settles``.
So, over time, each municipality houses its own taakstelling (the 2017 agreement: "met handhaving
van hun individuele taakstelling").

State machine (derived from the recorded facts, never set directly)::

    voorgesteld ──(host and owner both agree)──> akkoord
         │
         ├──(either side withdraws)──> ingetrokken
         └──(a side that has not agreed declines)──> afgewezen

Only swaps in state *akkoord* count. The ledger is always computed from the swaps, never stored,
so it cannot drift from them. Swaps are immutable: every transition returns a new ``Swap``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from app.domain.periods import Period


class SwapError(ValueError):
    """An invalid swap or transition; the message is Dutch and meant for the user."""


class SwapState(StrEnum):
    PROPOSED = "voorgesteld"
    AGREED = "akkoord"
    WITHDRAWN = "ingetrokken"
    DECLINED = "afgewezen"


class Side(StrEnum):
    HOST = "host"  # houses the persons now
    OWNER = "owner"  # the persons count for its taakstelling; owes the host

    @property
    def label_nl(self) -> str:
        return "huisvestende gemeente" if self is Side.HOST else "gemeente van de taakstelling"


@dataclass(frozen=True)
class Agreement:
    """Who agreed for one side, and when."""

    by: str
    on: datetime


@dataclass(frozen=True)
class Closure:
    """A swap ended before taking effect: withdrawn or declined, by whom, when, why."""

    state: SwapState
    side: Side
    by: str
    on: datetime
    reason: str = ""


@dataclass(frozen=True)
class Swap:
    id: int
    host: str
    owner: str
    persons: int
    period: Period
    koppeling_id: int | None = None
    #: Ids of earlier swaps (owner → host the other way round) that this swap repays.
    settles: tuple[int, ...] = ()
    host_agreement: Agreement | None = None
    owner_agreement: Agreement | None = None
    closure: Closure | None = None

    @property
    def state(self) -> SwapState:
        if self.closure is not None:
            return self.closure.state
        if self.host_agreement is not None and self.owner_agreement is not None:
            return SwapState.AGREED
        return SwapState.PROPOSED

    @property
    def agreed_on(self) -> datetime | None:
        """When the swap took effect: the moment the second side agreed."""
        if self.state is not SwapState.AGREED:
            return None
        assert self.host_agreement is not None and self.owner_agreement is not None
        return max(self.host_agreement.on, self.owner_agreement.on)

    def agreement(self, side: Side) -> Agreement | None:
        return self.host_agreement if side is Side.HOST else self.owner_agreement

    def gemeente(self, side: Side) -> str:
        return self.host if side is Side.HOST else self.owner

    def side_of(self, gemeente: str) -> Side:
        """The side ``gemeente`` is on; SwapError if it is not a party to this swap."""
        if gemeente == self.host:
            return Side.HOST
        if gemeente == self.owner:
            return Side.OWNER
        raise SwapError(f"Gemeente {gemeente} is geen partij bij uitruil {self.id}.")


def propose(
    swap_id: int,
    host: str,
    owner: str,
    persons: int,
    period: Period,
    *,
    koppeling_id: int | None = None,
    settles: Iterable[int] = (),
    earlier: Mapping[int, Swap] | None = None,
) -> Swap:
    """A new swap proposal (nobody has agreed yet).

    When ``settles`` names earlier swaps, ``earlier`` must hold them so the repayment can be checked:
    it must run the other way round, the repaid swap must have taken effect, and repayment cannot be
    in an earlier period than the debt.
    """
    if host == owner:
        raise SwapError("Een uitruil vraagt twee verschillende gemeenten.")
    if persons < 1:
        raise SwapError("Een uitruil gaat over ten minste één persoon.")
    settled = tuple(dict.fromkeys(settles))
    for ref in settled:
        original = (earlier or {}).get(ref)
        if original is None:
            raise SwapError(f"Uitruil {ref}, die vereffend zou worden, is niet bekend.")
        if (original.host, original.owner) != (owner, host):
            raise SwapError(
                f"Uitruil {ref} kan alleen vereffend worden doordat {original.owner} "
                f"personen huisvest voor {original.host}."
            )
        if original.state is not SwapState.AGREED:
            raise SwapError(f"Uitruil {ref} is niet van kracht en geeft geen schuld.")
        if period < original.period:
            raise SwapError(f"Vereffening kan niet in een periode vóór {original.period.code} liggen.")
    return Swap(swap_id, host, owner, persons, period, koppeling_id, settled)


def _require_open(swap: Swap, action: str) -> None:
    state = swap.state
    if state is SwapState.AGREED:
        raise SwapError(f"Uitruil {swap.id} is al door beide gemeenten akkoord; {action} kan niet meer.")
    if state is not SwapState.PROPOSED:
        raise SwapError(f"Uitruil {swap.id} is {state.value}; {action} kan niet meer.")


def agree(swap: Swap, side: Side, by: str, on: datetime) -> Swap:
    """Record one side's agreement; the swap takes effect when both sides have agreed."""
    _require_open(swap, "akkoord geven")
    if swap.agreement(side) is not None:
        raise SwapError(f"De {side.label_nl} ({swap.gemeente(side)}) heeft al akkoord gegeven.")
    agreement = Agreement(by, on)
    if side is Side.HOST:
        return replace(swap, host_agreement=agreement)
    return replace(swap, owner_agreement=agreement)


def withdraw(swap: Swap, side: Side, by: str, on: datetime, reason: str = "") -> Swap:
    """Either side pulls the proposal back, as long as not both have agreed."""
    _require_open(swap, "intrekken")
    return replace(swap, closure=Closure(SwapState.WITHDRAWN, side, by, on, reason))


def decline(swap: Swap, side: Side, by: str, on: datetime, reason: str = "") -> Swap:
    """A side that has not agreed refuses the proposal (a side that agreed withdraws instead)."""
    _require_open(swap, "afwijzen")
    if swap.agreement(side) is not None:
        raise SwapError(
            f"De {side.label_nl} ({swap.gemeente(side)}) heeft al akkoord gegeven; trek het voorstel in."
        )
    return replace(swap, closure=Closure(SwapState.DECLINED, side, by, on, reason))


# --- the ledger ------------------------------------------------------------------------------------


def effective(swaps: Iterable[Swap], up_to: Period | None = None) -> list[Swap]:
    """The swaps that count: agreed by both sides (and in a period up to ``up_to`` if given)."""
    return [
        s for s in swaps if s.state is SwapState.AGREED and (up_to is None or s.period <= up_to)
    ]


@dataclass(frozen=True)
class LedgerLine:
    gemeente: str
    owed_to_them: int
    owed_by_them: int

    @property
    def net(self) -> int:
        """Positive: others owe this municipality persons; negative: it owes others."""
        return self.owed_to_them - self.owed_by_them


@dataclass(frozen=True)
class Ledger:
    """Who owes whom, in persons, netted per pair of municipalities."""

    #: (debtor, creditor) → persons the debtor still has to house for the creditor; only > 0.
    owed: Mapping[tuple[str, str], int] = field(default_factory=dict)

    def between(self, debtor: str, creditor: str) -> int:
        """Net persons ``debtor`` owes ``creditor`` (negative when it is the other way round)."""
        return self.owed.get((debtor, creditor), 0) - self.owed.get((creditor, debtor), 0)

    def owed_to(self, gemeente: str) -> int:
        return sum(n for (_, creditor), n in self.owed.items() if creditor == gemeente)

    def owed_by(self, gemeente: str) -> int:
        return sum(n for (debtor, _), n in self.owed.items() if debtor == gemeente)

    def net(self, gemeente: str) -> int:
        return self.owed_to(gemeente) - self.owed_by(gemeente)

    @property
    def closed(self) -> bool:
        """True when nobody owes anybody: every swap has been repaid."""
        return not self.owed

    def lines(self, gemeenten: Iterable[str] = ()) -> list[LedgerLine]:
        """One line per municipality (those given, plus any in the ledger), sorted by code."""
        codes = set(gemeenten) | {code for pair in self.owed for code in pair}
        return [LedgerLine(c, self.owed_to(c), self.owed_by(c)) for c in sorted(codes)]


def build_ledger(swaps: Iterable[Swap], up_to: Period | None = None) -> Ledger:
    """Derive the ledger from the swaps: each agreed swap makes its owner owe its host.

    A swap the other way round offsets the debt whether or not it names it in ``settles``: a person
    housed is a person housed. ``settles`` tells *which* debt is repaid (see :func:`outstanding`).
    """
    gross: dict[tuple[str, str], int] = defaultdict(int)
    for swap in effective(swaps, up_to):
        gross[(swap.owner, swap.host)] += swap.persons
    owed: dict[tuple[str, str], int] = {}
    for (debtor, creditor), n in gross.items():
        net = n - gross.get((creditor, debtor), 0)
        if net > 0:
            owed[(debtor, creditor)] = net
    return Ledger(owed)


def outstanding(swaps: Iterable[Swap]) -> dict[int, int]:
    """Persons still to be repaid per agreed swap, from the agreed swaps that name it in ``settles``.

    A repayment naming several swaps pays them off in the order named; only what exceeds them is a
    new debt of its own (a repayment is not also a loan).
    """
    agreed = effective(swaps)
    remaining = {s.id: s.persons for s in agreed}
    for repayment in sorted(agreed, key=lambda s: (s.period, s.agreed_on or datetime.min, s.id)):
        budget = repayment.persons
        for ref in repayment.settles:
            if ref in remaining and budget > 0:
                paid = min(budget, remaining[ref])
                remaining[ref] -= paid
                budget -= paid
        if repayment.settles:
            remaining[repayment.id] = min(remaining[repayment.id], budget)
    return remaining


def is_settled(swap_id: int, swaps: Iterable[Swap]) -> bool:
    return outstanding(swaps).get(swap_id, 0) == 0


# --- each municipality keeps its own total --------------------------------------------------------


@dataclass(frozen=True)
class OwnTotal:
    """A municipality's housing over a set of swaps plus its direct housing, in persons.

    ``own_total`` is what it housed itself (its own koppelingen plus those it hosted for others);
    ``counted_total`` is what counts for its taakstelling (its own koppelingen plus those others
    hosted for it). Their difference is its ledger balance; once every swap is repaid they are equal,
    so a municipality that met its taakstelling also housed exactly its taakstelling itself.
    """

    gemeente: str
    direct: int
    hosted_for_others: int
    hosted_by_others: int

    @property
    def own_total(self) -> int:
        return self.direct + self.hosted_for_others

    @property
    def counted_total(self) -> int:
        return self.direct + self.hosted_by_others

    @property
    def balance(self) -> int:
        """Persons owed to this municipality (negative: it owes), equals the ledger's net."""
        return self.own_total - self.counted_total


def own_totals(
    direct: Mapping[str, int], swaps: Iterable[Swap], up_to: Period | None = None
) -> dict[str, OwnTotal]:
    """Own and counted totals per municipality; ``direct`` = persons each housed for itself."""
    hosted_for: dict[str, int] = defaultdict(int)
    hosted_by: dict[str, int] = defaultdict(int)
    for swap in effective(swaps, up_to):
        hosted_for[swap.host] += swap.persons
        hosted_by[swap.owner] += swap.persons
    codes = set(direct) | set(hosted_for) | set(hosted_by)
    return {
        c: OwnTotal(c, direct.get(c, 0), hosted_for.get(c, 0), hosted_by.get(c, 0)) for c in sorted(codes)
    }


def own_total_deviations(
    taakstelling: Mapping[str, int], direct: Mapping[str, int], swaps: Iterable[Swap]
) -> dict[str, int]:
    """Own total minus taakstelling per municipality, for those where it is not zero.

    Empty for a closed (fully repaid) set of swaps in which every municipality's counted total met
    its taakstelling: that is the invariant of the regional agreement.
    """
    totals = own_totals(direct, swaps)
    codes = set(taakstelling) | set(totals)
    out = {}
    for code in sorted(codes):
        own = totals[code].own_total if code in totals else 0
        if own != taakstelling.get(code, 0):
            out[code] = own - taakstelling.get(code, 0)
    return out
