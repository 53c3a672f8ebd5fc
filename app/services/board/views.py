"""What the board's overview and exchange views load in one round trip (no Qt).

Thin compositions of the board, region and swap services (the overview's is in
``app.services.board.overview``).

The board's lists also carry what links a row to the rest of the line (``KoppelingRow``,
``SwapListRow``): which dwelling a household was offered, whether the user can open its dossier,
the V-nummer a swap is about. Each is one extra query over the ids of the page shown, never over
the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Dossier, Dwelling, DwellingStatus, Gemeente, Koppeling, KoppelingStatus
from app.domain.periods import Period
from app.domain.roles import Action, Area, is_allowed
from app.domain.timefmt import date_text
from app.services.access import Actor, current_actor
from app.services.board.koppelingen import KoppelingFilter, KoppelingInfo, get_koppeling, list_koppelingen

# COA's check moved to the overview's module; the printed regional overview still reaches it here.
from app.services.board.overview import CoaCheck as CoaCheck
from app.services.board.overview import coa_checks as coa_checks
from app.services.board.posts import PostInfo, list_posts
from app.services.board.swaps import (
    LedgerEntry,
    SwapInfo,
    ledger,
    ledger_per_gemeente,
    list_swaps,
)
from app.services.region import GemeenteInfo, list_gemeenten, list_periods

# -- koppelingen with their links ---------------------------------------------------------------


@dataclass(frozen=True)
class KoppelingRow(KoppelingInfo):
    """A koppeling as the board's list, dialog and export show it, with its links: the dwelling
    offered or reserved for it, and its dossier as far as this user may know of it."""

    dwelling_id: int | None = None
    dwelling_text: str = ""  # the address, or corporation and reference when there is none
    dwelling_status: DwellingStatus | None = None
    # The municipality whose dossier it is (the host after a swap): who can open it.
    dossier_gemeente_code: str = ""
    dossier_gemeente_name: str = ""
    # The dossier, only when this user may read it; None also when it exists elsewhere.
    dossier_id: int | None = None

    @property
    def board_text(self) -> str:
        """Where the household stands on the board, for the dossier header: e.g.
        'Gekoppeld · nog 23 dagen tot aanbod' or 'Woning aangeboden op 03-11-2026 · Houtenseweg 12'."""
        status = self.status
        if status is KoppelingStatus.GEHUISVEST:
            where = self.housed_gemeente_name or self.dossier_gemeente_name
            return f"Gehuisvest in {where} op {date_text(self.housed_on)}" if where else "Gehuisvest"
        if status is KoppelingStatus.VERVALLEN:
            return "Koppeling vervallen"
        parts = []
        if status is KoppelingStatus.UITGERUILD:
            parts.append(f"Uitgeruild naar {self.housed_gemeente_name or self.dossier_gemeente_name}")
        if status is KoppelingStatus.WONING_AANGEBODEN or self.offered_on:
            parts.append(f"Woning aangeboden op {date_text(self.offered_on)}" if self.offered_on
                         else "Woning aangeboden")  # fmt: skip
            if self.dwelling_text:
                parts.append(self.dwelling_text)
        elif status is KoppelingStatus.GEKOPPELD:
            parts.append("Gekoppeld")
        if not self.offered_on or status is KoppelingStatus.UITGERUILD:
            parts.append(self.deadline.label_nl)
        return " · ".join(parts)


def _dwelling_label(address: str, corporation: str, reference: str) -> str:
    return address or f"{corporation} {reference}".strip()


def with_links(session: Session, actor: Actor, items: Sequence[KoppelingInfo]) -> list[KoppelingRow]:
    """The koppelingen with their dwelling and dossier links: two queries over these ids only.

    A dossier id is given only for a dossier this user may read (on PostgreSQL the database hides
    the others as well), so the board never tells whether another municipality has one."""
    ids = [k.id for k in items]
    if not ids:
        return []
    owner = func.coalesce(Koppeling.housed_gemeente_id, Koppeling.gemeente_id)
    links = {
        kid: (code, name, did, dgid)
        for kid, code, name, did, dgid in session.execute(
            select(Koppeling.id, Gemeente.cbs_code, Gemeente.name, Dossier.id, Dossier.gemeente_id)
            .join(Gemeente, Gemeente.id == owner)
            .outerjoin(Dossier, Dossier.koppeling_id == Koppeling.id)
            .where(Koppeling.id.in_(ids))
        )
    }
    dwellings: dict[int, tuple[int, str, DwellingStatus]] = {}
    for kid, did, address, corporation, reference, status in session.execute(
        select(Dwelling.reserved_for_id, Dwelling.id, Dwelling.address, Dwelling.corporation,
               Dwelling.reference, Dwelling.status)
        .where(Dwelling.reserved_for_id.in_(ids))
        .order_by(Dwelling.id)
    ):  # fmt: skip
        # A household has one dwelling; should an old one linger, the reserved/assigned one wins.
        if kid is not None and (kid not in dwellings or status is not DwellingStatus.BESCHIKBAAR):
            dwellings[kid] = (did, _dwelling_label(address, corporation, reference), status)
    me = current_actor(session, actor)

    def readable(gemeente_id: int | None) -> bool:
        if gemeente_id is None:
            return False
        own = gemeente_id == me.gemeente_id
        return me.system or is_allowed(me.role, Action.READ, Area.DOSSIER, own_gemeente=own)

    out = []
    for item in items:
        code, name, dossier_id, dossier_gemeente = links.get(item.id, ("", "", None, None))
        dwelling = dwellings.get(item.id)
        out.append(
            KoppelingRow(
                **{f.name: getattr(item, f.name) for f in fields(KoppelingInfo)},
                dwelling_id=dwelling[0] if dwelling else None,
                dwelling_text=dwelling[1] if dwelling else "",
                dwelling_status=dwelling[2] if dwelling else None,
                dossier_gemeente_code=code,
                dossier_gemeente_name=name,
                dossier_id=dossier_id if readable(dossier_gemeente) else None,
            )
        )
    return out


def list_koppeling_rows(
    session: Session, actor: Actor, f: KoppelingFilter, *, today: date | None = None
) -> tuple[list[KoppelingRow], int]:
    """One page of ``list_koppelingen`` (logged there) with the links of its rows."""
    items, total = list_koppelingen(session, actor, f, today=today)
    return with_links(session, actor, items), total


def get_koppeling_row(
    session: Session, actor: Actor, koppeling_id: int, *, today: date | None = None
) -> KoppelingRow:
    """One koppeling (``get_koppeling``, logged there) with its links."""
    return with_links(session, actor, [get_koppeling(session, actor, koppeling_id, today=today)])[0]


# -- swaps with the household they are about ----------------------------------------------------


@dataclass(frozen=True)
class SwapListRow(SwapInfo):
    """A swap with the V-nummer of the household it is about ('' for a number of persons)."""

    v_nummer: str = ""


def with_v_nummers(session: Session, swaps: Sequence[SwapInfo]) -> list[SwapListRow]:
    """The swaps with their household's V-nummer (the board's anonymous key): one query by id."""
    ids = {s.koppeling_id for s in swaps if s.koppeling_id}
    numbers: dict[int, str] = {}
    if ids:
        query = select(Koppeling.id, Koppeling.v_nummer).where(Koppeling.id.in_(ids))
        numbers = {kid: v_nummer for kid, v_nummer in session.execute(query)}
    return [
        SwapListRow(
            **{f.name: getattr(s, f.name) for f in fields(SwapInfo)},
            v_nummer=numbers.get(s.koppeling_id, "") if s.koppeling_id else "",
        )
        for s in swaps
    ]


def default_period(periods: list[Period], today: date | None = None) -> Period | None:
    """The running half year when the database has it, else the latest one before today, else the last."""
    if not periods:
        return None
    current = Period.containing(today or date.today())
    if current in periods:
        return current
    earlier = [p for p in periods if p < current]
    return earlier[-1] if earlier else periods[-1]


@dataclass(frozen=True)
class LedgerBalance:
    """One municipality's standing in the ledger, in persons."""

    cbs_code: str
    name: str
    owed_to: int
    owed_by: int
    net: int


@dataclass(frozen=True)
class ExchangeData:
    posts: list[PostInfo]
    swaps: list[SwapInfo]  # SwapListRow: with the V-nummer of the household
    ledger: list[LedgerEntry]
    balances: list[LedgerBalance]
    gemeenten: list[GemeenteInfo]
    periods: list[Period]
    default_period: Period | None


def load_exchange(session: Session, actor: Actor, today: date | None = None) -> ExchangeData:
    """Open posts, all swaps, the ledger (pairs and per municipality) and the choice lists."""
    gemeenten = list_gemeenten(session, actor)
    names = {g.cbs_code: g.name for g in gemeenten}
    per = ledger_per_gemeente(session, actor)
    names.update({code: code for code in per if code not in names})
    balances = [
        LedgerBalance(code, names[code], owed_to, owed_by, net)
        for code, (owed_to, owed_by, net) in sorted(per.items(), key=lambda item: names[item[0]])
    ]
    periods = list_periods(session, actor)
    return ExchangeData(
        posts=list_posts(session, actor),
        swaps=list[SwapInfo](with_v_nummers(session, list_swaps(session, actor))),
        ledger=ledger(session, actor),
        balances=balances,
        gemeenten=gemeenten,
        periods=periods,
        default_period=default_period(periods, today),
    )
