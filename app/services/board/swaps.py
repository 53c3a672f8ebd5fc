"""Swaps (uitruil) between municipalities and the ledger (the board's offers and requests, which a
swap can answer, are in ``posts``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from app.db.base import utcnow
from app.db.models import (
    BoardPost,
    Dwelling,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    PeriodRow,
    SwapRow,
    SwapStatus,
)
from app.domain import swaps as rules
from app.domain.periods import Period
from app.domain.roles import Action, Area
from app.errors import CONFLICT, ConflictError, NotFound, PermissionDenied, ValidationError
from app.services.access import Actor, authorize, current_actor
from app.services.board.swap_convert import apply_to_row, domain_swaps, lookups, to_domain
from app.services.board.swap_effects import WAITING, apply_agreed_swap, release_swap
from app.services.people import person_name


@dataclass(frozen=True)
class SwapInfo:
    id: int
    host_code: str
    host_name: str
    owner_code: str
    owner_name: str
    persons: int
    period: str
    status: SwapStatus
    koppeling_id: int | None
    post_id: int | None
    settles: tuple[int, ...]
    proposed_by: str
    proposed_at: datetime
    host_agreed: str  # "naam, datum" or ""
    owner_agreed: str
    note: str
    close_reason: str
    outstanding: int  # persons still to repay (agreed swaps)
    version: int
    dwelling_id: int | None = None  # the host's dwelling the swap reserves, when one was named
    proposed_by_name: str = ""  # the proposer's name, for people; proposed_by stays the login


@dataclass(frozen=True)
class LedgerEntry:
    debtor_code: str
    debtor_name: str
    creditor_code: str
    creditor_name: str
    persons: int


@dataclass(frozen=True)
class HouseholdChoice:
    """A household a swap can be about: waiting at its own municipality, in no open swap."""

    id: int
    v_nummer: str
    persons: int
    linked_on: date


def _fmt(by: str | None, on: datetime | None) -> str:
    if not on:
        return ""
    from app.domain.timefmt import local_text

    return f"{by}, {local_text(on)}"


def _gemeente(session: Session, code: str) -> Gemeente:
    row = session.scalar(select(Gemeente).where(Gemeente.cbs_code == code))
    if row is None:
        raise ValidationError(f"Gemeente {code} bestaat niet.", {"gemeente": "onbekend"})
    return row


def _period_row(session: Session, period: Period) -> PeriodRow:
    """The row for a half year; created when missing (a period is reference data, not a choice)."""
    from app.services.region import ensure_periods

    return ensure_periods(session, period, period)[0]


def name_of(row: object, login: str | None) -> str:
    session = object_session(row)
    return person_name(session, login) if session is not None else (login or "")


def _info(row: SwapRow, outstanding: dict[int, int]) -> SwapInfo:
    return SwapInfo(
        id=row.id,
        host_code=row.host.cbs_code,
        host_name=row.host.name,
        owner_code=row.owner.cbs_code,
        owner_name=row.owner.name,
        persons=row.persons,
        period=row.period.code,
        status=row.status,
        koppeling_id=row.koppeling_id,
        post_id=row.post_id,
        settles=tuple(int(x) for x in row.settles_ids.split(",") if x),
        proposed_by=row.proposed_by,
        proposed_at=row.proposed_at,
        host_agreed=_fmt(name_of(row, row.host_agreed_by), row.host_agreed_at),
        owner_agreed=_fmt(name_of(row, row.owner_agreed_by), row.owner_agreed_at),
        note=row.note,
        close_reason=row.close_reason,
        outstanding=outstanding.get(row.id, 0),
        version=row.version,
        dwelling_id=row.dwelling_id,
        proposed_by_name=name_of(row, row.proposed_by),
    )


def _acting_side(actor: Actor, swap: rules.Swap) -> rules.Side:
    """The side the actor speaks for. A regio-coördinator may act for either side only when the
    swap names their own municipality; otherwise each municipality answers for itself."""
    if actor.gemeente_code == swap.host:
        return rules.Side.HOST
    if actor.gemeente_code == swap.owner:
        return rules.Side.OWNER
    raise PermissionDenied(
        f"Alleen {swap.host} of {swap.owner} kan over uitruil {swap.id} beslissen; u werkt voor "
        f"{actor.gemeente_code or 'geen gemeente'}."
    )


def propose_swap(
    session: Session,
    actor: Actor,
    *,
    host_code: str,
    owner_code: str,
    persons: int,
    period: Period,
    koppeling_id: int | None = None,
    dwelling_id: int | None = None,
    post_id: int | None = None,
    settles: tuple[int, ...] = (),
    note: str = "",
) -> SwapInfo:
    """Propose a swap; the proposing municipality's agreement is recorded with the proposal."""
    host, owner = _gemeente(session, host_code), _gemeente(session, owner_code)
    # A party proposes for its own side; a regio-coördinator may propose between two others, and
    # then both municipalities still have to agree. The side is the user's municipality of now.
    now = current_actor(session, actor)
    mine = host if now.gemeente_code == host_code else owner
    authorize(session, actor, Action.CREATE, Area.BOARD, "uitruil", gemeente_id=mine.id)
    is_party = now.gemeente_code in (host_code, owner_code)
    period_row = _period_row(session, period)
    codes, periods = lookups(session)
    earlier = {}
    if settles:
        earlier = {
            r.id: to_domain(r, codes, periods)
            for r in session.scalars(select(SwapRow).where(SwapRow.id.in_(settles)))
        }
    if koppeling_id is not None:
        koppeling = session.get(Koppeling, koppeling_id)
        if koppeling is None or koppeling.gemeente_id != owner.id:
            raise ValidationError("Het huishouden hoort niet bij de gemeente voor wie wordt gehuisvest.")
        check_waiting(session, koppeling)
        persons = persons or koppeling.persons
        if persons > koppeling.persons:
            raise ValidationError(
                f"Het huishouden {koppeling.v_nummer} telt {koppeling.persons} personen, niet {persons}.",
                {"persons": "meer dan het huishouden"},
            )
    if dwelling_id is not None:
        # The swap reserves this dwelling once both agree: it must be the host's own.
        dwelling = session.get(Dwelling, dwelling_id)
        if dwelling is None or dwelling.gemeente_id != host.id:
            raise ValidationError(
                f"De woning hoort niet bij {host.name}, de gemeente die huisvest.",
                {"dwelling": "andere gemeente"},
            )
    if post_id is not None:
        # The swap closes this post once both agree: it must be one of the two parties' own.
        post = session.get(BoardPost, post_id)
        if post is None or post.gemeente_id not in (host.id, owner.id):
            raise ValidationError(
                "Het bericht op het bord is niet van een van beide gemeenten.", {"post": "andere gemeente"}
            )
    try:
        proposal = rules.propose(
            0,
            host_code,
            owner_code,
            persons,
            period,
            koppeling_id=koppeling_id,
            settles=settles,
            earlier=earlier,
        )
        if is_party:
            proposal = rules.agree(proposal, _acting_side(now, proposal), actor.login, utcnow())
    except rules.SwapError as exc:
        raise ValidationError(str(exc)) from exc
    row = SwapRow(
        host=host,
        owner=owner,
        period=period_row,
        persons=persons,
        koppeling_id=koppeling_id,
        dwelling_id=dwelling_id,
        post_id=post_id,
        settles_ids=",".join(str(s) for s in proposal.settles),
        note=note.strip()[:500],
        proposed_by=actor.login,
        close_reason="",
    )
    apply_to_row(proposal, row)
    session.add(row)
    session.flush()
    return _info(row, {})


def check_waiting(session: Session, koppeling: Koppeling) -> None:
    """A household swap hands over a household that still waits at its own municipality and is in
    no other open swap proposal."""
    if koppeling.status not in WAITING or koppeling.housed_gemeente_id not in (None, koppeling.gemeente_id):
        raise ValidationError(
            f"Het huishouden {koppeling.v_nummer} wacht niet meer op een woning bij "
            f"{koppeling.gemeente.name} "
            f"({koppeling.status.label.lower()}).",
            {"koppeling": "wacht niet meer"},
        )
    other = session.scalar(
        select(SwapRow.id).where(
            SwapRow.koppeling_id == koppeling.id, SwapRow.status == SwapStatus.VOORGESTELD
        )
    )
    if other is not None:
        raise ValidationError(
            f"Voor het huishouden {koppeling.v_nummer} loopt al een uitruilvoorstel (uitruil {other}).",
            {"koppeling": "al in een uitruil"},
        )


def waiting_households(
    session: Session, actor: Actor, gemeente_code: str, *, limit: int = 500
) -> list[HouseholdChoice]:
    """The households of ``gemeente_code`` a swap can be about (oldest linked first): V-nummer, size
    and linking date only, as the board shows them to the whole region."""
    gemeente = _gemeente(session, gemeente_code)
    authorize(
        session, actor, Action.SEARCH, Area.BOARD, "koppeling", detail=f"uitruil: wachtend {gemeente_code}"
    )
    in_swap = select(SwapRow.koppeling_id).where(
        SwapRow.status == SwapStatus.VOORGESTELD, SwapRow.koppeling_id.is_not(None)
    )
    query = (
        select(Koppeling.id, Koppeling.v_nummer, Koppeling.persons, Koppeling.linked_on)
        .where(
            Koppeling.gemeente_id == gemeente.id,
            Koppeling.status == KoppelingStatus.GEKOPPELD,
            Koppeling.housed_gemeente_id.is_(None),
            Koppeling.id.not_in(in_swap),
        )
        .order_by(Koppeling.linked_on, Koppeling.id)
        .limit(limit)
    )
    return [HouseholdChoice(*row) for row in session.execute(query)]


def _load(session: Session, swap_id: int, expected_version: int | None) -> tuple[SwapRow, rules.Swap]:
    row = session.get(SwapRow, swap_id)
    if row is None:
        raise NotFound(f"Uitruil {swap_id} bestaat niet (meer).")
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(row, {}))
    codes, periods = lookups(session)
    return row, to_domain(row, codes, periods)


def _decide(
    session: Session, actor: Actor, swap_id: int, expected_version: int | None, how: str, reason: str
) -> SwapInfo:
    row, swap = _load(session, swap_id, expected_version)
    side = _acting_side(current_actor(session, actor), swap)
    gemeente_id = row.host_gemeente_id if side is rules.Side.HOST else row.owner_gemeente_id
    authorize(
        session, actor, Action.UPDATE, Area.BOARD, "uitruil", swap_id, gemeente_id=gemeente_id, detail=how
    )
    try:
        if how == "akkoord":
            swap = rules.agree(swap, side, actor.login, utcnow())
        elif how == "intrekken":
            swap = rules.withdraw(swap, side, actor.login, utcnow(), reason)
        else:
            swap = rules.decline(swap, side, actor.login, utcnow(), reason)
    except rules.SwapError as exc:
        raise ValidationError(str(exc)) from exc
    if swap.state is rules.SwapState.AGREED and row.koppeling_id is not None:
        koppeling = session.get(Koppeling, row.koppeling_id)
        if koppeling is not None and koppeling.status is not KoppelingStatus.UITGERUILD:
            _check_waiting_for_agreement(koppeling)
    apply_to_row(swap, row)
    if swap.state is rules.SwapState.AGREED:
        apply_agreed_swap(session, actor, row)
    elif swap.state in (rules.SwapState.WITHDRAWN, rules.SwapState.DECLINED):
        release_swap(session, row)
    session.flush()
    return _info(row, {})


def _check_waiting_for_agreement(koppeling: Koppeling) -> None:
    if koppeling.status not in WAITING or koppeling.housed_gemeente_id not in (None, koppeling.gemeente_id):
        raise ValidationError(
            f"Het huishouden {koppeling.v_nummer} wacht intussen niet meer "
            f"({koppeling.status.label.lower()}); "
            "deze uitruil kan niet meer ingaan. Trek het voorstel in of wijs het af."
        )


def accept_swap(
    session: Session, actor: Actor, swap_id: int, expected_version: int | None = None
) -> SwapInfo:
    return _decide(session, actor, swap_id, expected_version, "akkoord", "")


def withdraw_swap(
    session: Session, actor: Actor, swap_id: int, reason: str, expected_version: int | None = None
) -> SwapInfo:
    return _decide(session, actor, swap_id, expected_version, "intrekken", reason)


def decline_swap(
    session: Session, actor: Actor, swap_id: int, reason: str, expected_version: int | None = None
) -> SwapInfo:
    if not reason.strip():
        raise ValidationError("Geef een reden op voor het afwijzen.", {"reason": "leeg"})
    return _decide(session, actor, swap_id, expected_version, "afwijzen", reason)


def list_swaps(
    session: Session, actor: Actor, *, status: SwapStatus | None = None, gemeente_code: str | None = None
) -> list[SwapInfo]:
    # Only the filters that were set, in words: the access log viewer shows this text as it is.
    parts = [f"status {status.label}" if status else "", f"gemeente {gemeente_code}" if gemeente_code else ""]
    detail = ", ".join(p for p in parts if p) or "alle uitruilen"
    authorize(session, actor, Action.READ, Area.BOARD, "uitruil", detail=detail)
    rows = list(session.scalars(select(SwapRow).order_by(SwapRow.proposed_at.desc())))
    outstanding = rules.outstanding(domain_swaps(session, rows))
    out = [_info(r, outstanding) for r in rows]
    if status is not None:
        out = [s for s in out if s.status is status]
    if gemeente_code:
        out = [s for s in out if gemeente_code in (s.host_code, s.owner_code)]
    return out


def ledger(session: Session, actor: Actor, up_to: Period | None = None) -> list[LedgerEntry]:
    """Who owes whom, in persons, derived from the agreed swaps (never stored)."""
    authorize(session, actor, Action.READ, Area.REGION, "grootboek", up_to.code if up_to else None)
    names = dict(session.execute(select(Gemeente.cbs_code, Gemeente.name)).all())  # type: ignore[arg-type]
    book = rules.build_ledger(domain_swaps(session, session.scalars(select(SwapRow))), up_to=up_to)
    return [
        LedgerEntry(debtor, names.get(debtor, debtor), creditor, names.get(creditor, creditor), persons)
        for (debtor, creditor), persons in sorted(book.owed.items())
    ]


def ledger_per_gemeente(
    session: Session, actor: Actor, up_to: Period | None = None
) -> dict[str, tuple[int, int, int]]:
    """cbs_code → (owed to it, owed by it, net)."""
    authorize(session, actor, Action.READ, Area.REGION, "grootboek", up_to.code if up_to else None)
    book = rules.build_ledger(domain_swaps(session, session.scalars(select(SwapRow))), up_to=up_to)
    codes = [c for (c,) in session.execute(select(Gemeente.cbs_code).where(Gemeente.active))]
    return {c: (book.owed_to(c), book.owed_by(c), book.net(c)) for c in codes}
