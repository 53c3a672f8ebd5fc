"""The named lists the command line exports (``python -m app export LIST FILE``), without Qt.

Each list has fixed columns (every column its table in the program shows, with the raw values:
dates, numbers, yes/no) and a few filters. The GUI exports what a table shows instead; both go
through ``app.services.exports.export_list``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from app.domain.wording import BEDROOMS_SHORT
from app.errors import UserError
from app.io.excel.writer import ColumnKind, ColumnSpec
from app.services.access import Actor
from app.services.exports import (
    EXCEL_MAX_ROWS,
    ExportResult,
    ensure_may_export,
    export_list,
    export_spec,
    plain,
)


@dataclass(frozen=True)
class ListOptions:
    """Filters; each list uses those that apply to it (``LIST_FILTERS``)."""

    gemeente_code: str | None = None
    period: str | None = None
    status: str | None = None
    text: str = ""
    limit: int | None = None


@dataclass(frozen=True)
class ListData:
    columns: list[ColumnSpec]
    rows: list[list[Any]]
    filter_text: str
    sort_text: str


Field = tuple[str, ColumnKind, Callable[[Any], Any]]


def _table(fields: Sequence[Field], items: Sequence[Any]) -> tuple[list[ColumnSpec], list[list[Any]]]:
    columns = [ColumnSpec(f"c{i}", title, kind) for i, (title, kind, _pick) in enumerate(fields)]
    rows = [[plain(pick(item)) for _title, _kind, pick in fields] for item in items]
    return columns, rows


def _describe(options: ListOptions, used: Sequence[str]) -> str:
    labels = {"gemeente_code": "Gemeente", "period": "Periode", "status": "Status", "text": "Zoekterm",
              "limit": "Aantal"}  # fmt: skip
    parts = [f"{labels[name]}: {getattr(options, name)}" for name in used if getattr(options, name)]
    return "; ".join(parts)


# -- the lists ----------------------------------------------------------------------------------------


def _koppelingen(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.db.models import KoppelingStatus
    from app.services.board.koppelingen import KoppelingFilter
    from app.services.board.views import list_koppeling_rows

    statuses = (_enum(KoppelingStatus, o.status),) if o.status else ()
    query = KoppelingFilter(gemeente_code=o.gemeente_code, statuses=statuses, text=o.text, sort="linked_on",
                            limit=EXCEL_MAX_ROWS + 1)  # fmt: skip
    items, _total = list_koppeling_rows(session, actor, query)
    fields: list[Field] = [
        ("V-nummer", "text", lambda k: k.v_nummer),
        ("Gemeente", "text", lambda k: k.gemeente_name),
        ("CBS-code", "text", lambda k: k.gemeente_code),
        ("Gekoppeld op", "date", lambda k: k.linked_on),
        ("Personen", "int", lambda k: k.persons),
        ("Volwassenen", "int", lambda k: k.adults),
        ("Kinderen", "int", lambda k: k.children),
        ("Talen", "text", lambda k: k.languages),
        ("AZC", "text", lambda k: k.azc_location),
        ("Nareizigers", "int", lambda k: k.expected_followers),
        ("Toegankelijk", "bool", lambda k: k.needs_accessible),
        ("Gelijkvloers", "bool", lambda k: k.needs_ground_floor),
        ("Nabij zorg", "bool", lambda k: k.medical_proximity),
        ("Status", "text", lambda k: k.status),
        ("Woning aangeboden op", "date", lambda k: k.offered_on),
        ("Woning", "text", lambda k: k.dwelling_text),
        ("Gehuisvest op", "date", lambda k: k.housed_on),
        ("Gehuisvest in", "text", lambda k: k.housed_gemeente_name),
        ("Termijn", "text", lambda k: k.deadline.label_nl),
    ]
    columns, rows = _table(fields, items)
    return ListData(
        columns, rows, _describe(o, ("gemeente_code", "status", "text")), "Gekoppeld op, oplopend"
    )


def _woningen(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.db.models import DwellingStatus
    from app.services.board.dwellings import DwellingFilter, list_dwellings

    statuses = (_enum(DwellingStatus, o.status),) if o.status else ()
    query = DwellingFilter(gemeente_code=o.gemeente_code, statuses=statuses, text=o.text,
                           limit=EXCEL_MAX_ROWS + 1)  # fmt: skip
    items, _total = list_dwellings(session, actor, query)
    fields: list[Field] = [
        ("Corporatie", "text", lambda d: d.corporation),
        ("Kenmerk", "text", lambda d: d.reference),
        ("Adres", "text", lambda d: d.address),
        ("Gemeente", "text", lambda d: d.gemeente_name),
        ("Soort", "text", lambda d: d.kind),
        ("Slaapkamers", "int", lambda d: d.bedrooms),
        ("Max. bewoners", "int", lambda d: d.max_occupants),
        ("Huur", "decimal", lambda d: d.rent),
        ("Beschikbaar per", "date", lambda d: d.available_from),
        ("Toegankelijk", "bool", lambda d: d.accessible),
        ("Gelijkvloers", "bool", lambda d: d.ground_floor),
        ("Status", "text", lambda d: d.status),
        ("Voor huishouden (V-nummer)", "text", lambda d: d.reserved_v_nummer),
        ("Personen huishouden", "int", lambda d: d.reserved_persons),
    ]
    columns, rows = _table(fields, items)
    return ListData(columns, rows, _describe(o, ("gemeente_code", "status", "text")),
                    "Beschikbaar per, oplopend")  # fmt: skip


def _board(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.services.board.figures import BEDROOM_BUCKETS, board_figures

    period = _period(o.period)
    board = board_figures(session, actor, period)
    names = ("taakstelling", "backlog_in", "corrected", "housed_persons", "housed_households",
             "pending_persons", "pending_households", "overdue_households", "swap_balance")  # fmt: skip
    fields: list[Field] = [
        ("Gemeente", "text", lambda r: r["name"]),
        ("CBS-code", "text", lambda r: r["cbs_code"]),
        ("Taakstelling", "int", lambda r: r["taakstelling"]),
        ("Achterstand (+) / voorsprong (−)", "int", lambda r: r["backlog_in"]),
        ("Gecorrigeerd", "int", lambda r: r["corrected"]),
        ("Gehuisvest (pers.)", "int", lambda r: r["housed_persons"]),
        ("Gehuisvest (huish.)", "int", lambda r: r["housed_households"]),
        ("Wachtend (pers.)", "int", lambda r: r["pending_persons"]),
        ("Wachtend (huish.)", "int", lambda r: r["pending_households"]),
        ("Te laat (huish.)", "int", lambda r: r["overdue_households"]),
        *[
            (f"Woningen {b} {BEDROOMS_SHORT}", "int", lambda r, b=b: r["vacancies"][b])
            for b in BEDROOM_BUCKETS
        ],
        ("Uitruilsaldo", "int", lambda r: r["swap_balance"]),
        ("Stand", "text", lambda r: r["status"]),
        ("Voortgang (%)", "int", lambda r: None if r["progress"] is None else round(r["progress"] * 100)),
    ]  # fmt: skip
    items: list[dict[str, Any]] = [dict(vars(r)) for r in board.rows]
    totals: dict[str, Any] = {n: sum(r[n] for r in items) for n in names}
    corrected = totals["corrected"]
    totals |= {"name": "Totaal regio", "cbs_code": "", "status": "",
               "vacancies": {b: sum(r["vacancies"].get(b, 0) for r in items) for b in BEDROOM_BUCKETS},
               "progress": totals["housed_persons"] / corrected if corrected > 0 else None}  # fmt: skip
    columns, rows = _table(fields, [*items, totals])
    text = f"Periode: {period.code}; peildatum {board.reference_date:%d-%m-%Y}"
    return ListData(columns, rows, text, "Gemeente; laatste rij: totaal regio")


def _posts(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.services.board.posts import list_posts

    items = [
        p for p in list_posts(session, actor) if not o.gemeente_code or p.gemeente_code == o.gemeente_code
    ]
    fields: list[Field] = [
        ("Gemeente", "text", lambda p: p.gemeente_name),
        ("Soort", "text", lambda p: p.kind),
        ("Personen", "int", lambda p: p.persons),
        ("Geplaatst door", "text", lambda p: p.posted_by_name or p.posted_by),
        ("Geplaatst op", "datetime", lambda p: p.created_at),
        ("Bericht", "text", lambda p: p.text),
    ]
    columns, rows = _table(fields, items)
    return ListData(columns, rows, _describe(o, ("gemeente_code",)) or "open berichten",
                    "Geplaatst op, nieuwste eerst")  # fmt: skip


def _swaps(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.db.models import SwapStatus
    from app.services.board.swaps import list_swaps
    from app.services.board.views import with_v_nummers

    status = _enum(SwapStatus, o.status) if o.status else None
    items = with_v_nummers(session, list_swaps(session, actor, status=status, gemeente_code=o.gemeente_code))
    fields: list[Field] = [
        ("Nr.", "int", lambda s: s.id),
        ("V-nummer", "text", lambda s: s.v_nummer),
        ("Gastgemeente", "text", lambda s: s.host_name),
        ("Voor gemeente", "text", lambda s: s.owner_name),
        ("Personen", "int", lambda s: s.persons),
        ("Periode", "text", lambda s: s.period),
        ("Status", "text", lambda s: s.status),
        ("Voorgesteld door", "text", lambda s: s.proposed_by_name or s.proposed_by),
        ("Voorgesteld op", "datetime", lambda s: s.proposed_at),
        ("Akkoord gastgemeente", "text", lambda s: s.host_agreed),
        ("Akkoord andere gemeente", "text", lambda s: s.owner_agreed),
        ("Nog te vereffenen (pers.)", "int", lambda s: s.outstanding if s.outstanding else None),
        ("Vereffent uitruil", "text", lambda s: ", ".join(f"#{i}" for i in s.settles)),
        ("Notitie", "text", lambda s: s.note),
        ("Reden", "text", lambda s: s.close_reason),
    ]
    columns, rows = _table(fields, items)
    return ListData(
        columns, rows, _describe(o, ("gemeente_code", "status")), "Voorgesteld op, nieuwste eerst"
    )


def _ledger(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.services.board.swaps import ledger

    up_to = _period(o.period) if o.period else None
    items = [e for e in ledger(session, actor, up_to)
             if not o.gemeente_code or o.gemeente_code in (e.debtor_code, e.creditor_code)]  # fmt: skip
    fields: list[Field] = [
        ("Schuldenaar", "text", lambda e: e.debtor_name),
        ("Schuldeiser", "text", lambda e: e.creditor_name),
        ("Personen", "int", lambda e: e.persons),
    ]
    columns, rows = _table(fields, items)
    text = _describe(o, ("gemeente_code",))
    if up_to:
        text = "; ".join(t for t in (f"tot en met periode {up_to.code}", text) if t)
    return ListData(columns, rows, text, "Schuldenaar, schuldeiser")


def _users(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.services.users import list_users

    items = list_users(session, actor)
    fields: list[Field] = [
        ("Inlognaam", "text", lambda u: u.login),
        ("Naam", "text", lambda u: u.name),
        ("Rol", "text", lambda u: u.role),
        ("Gemeente", "text", lambda u: u.gemeente_name),
        ("Actief", "bool", lambda u: u.active),
        ("E-mail", "text", lambda u: u.email),
    ]
    columns, rows = _table(fields, items)
    return ListData(columns, rows, "", "Naam, oplopend")


def _toegangslog(session: Session, actor: Actor, o: ListOptions) -> ListData:
    from app.domain.roles import Action
    from app.services.audit import MAX_LIMIT, list_access_log

    action = _enum(Action, o.status) if o.status else None
    limit = o.limit or MAX_LIMIT
    items = list_access_log(session, actor, login=o.text or None, action=action, limit=limit)
    fields: list[Field] = [
        ("Tijdstip", "datetime", lambda e: e.at),
        ("Gebruiker", "text", lambda e: e.actor_login),
        ("Namens", "text", lambda e: e.on_behalf_of),
        ("Actie", "text", lambda e: e.action.value),
        ("Object", "text", lambda e: e.object_type),
        ("Kenmerk", "text", lambda e: e.object_id),
        ("Resultaat", "text", lambda e: e.result),
        ("Werkplek", "text", lambda e: e.workstation),
        ("Toelichting", "text", lambda e: e.detail),
    ]
    columns, rows = _table(fields, items)
    text = "; ".join(t for t in (f"laatste {limit}", f"Actie: {action.value}" if action else "",
                                 f"Gebruiker: {o.text}" if o.text else "") if t)  # fmt: skip
    return ListData(columns, rows, text, "Tijdstip, nieuwste eerst")


Collector = Callable[[Session, Actor, ListOptions], ListData]
COLLECTORS: dict[str, Collector] = {
    "koppelingen": _koppelingen,
    "woningen": _woningen,
    "board": _board,
    "posts": _posts,
    "swaps": _swaps,
    "ledger": _ledger,
    "users": _users,
    "toegangslog": _toegangslog,
}
# Which options each list takes (the CLI help and a refusal of options that would be ignored).
LIST_FILTERS: dict[str, tuple[str, ...]] = {
    "koppelingen": ("gemeente_code", "status", "text"),
    "woningen": ("gemeente_code", "status", "text"),
    "board": ("period",),
    "posts": ("gemeente_code",),
    "swaps": ("gemeente_code", "status"),
    "ledger": ("gemeente_code", "period"),
    "users": (),
    "toegangslog": ("status", "text", "limit"),
}


def collect(session: Session, actor: Actor, list_name: str, options: ListOptions | None = None) -> ListData:
    """The rows of a named list, as the program's table would show them unfiltered by the user."""
    if list_name not in COLLECTORS:
        raise UserError(f"Onbekende lijst '{list_name}'. Kies uit: {', '.join(COLLECTORS)}.")
    return COLLECTORS[list_name](session, actor, options or ListOptions())


def export_named_list(
    session: Session,
    actor: Actor,
    list_name: str,
    path: str | os.PathLike[str],
    options: ListOptions | None = None,
) -> ExportResult:
    """Collect a named list and export it (refused and logged first when the actor may not)."""
    export_spec(list_name)
    options = options or ListOptions()
    ensure_may_export(session, actor, list_name, detail=f"lijst={list_name}")
    data = collect(session, actor, list_name, options)
    return export_list(session, actor, list_name, data.columns, data.rows, path,
                       filter_text=data.filter_text, sort_text=data.sort_text)  # fmt: skip


def _enum(cls: type[Enum], text: str) -> Any:
    wanted = text.strip().casefold().replace(" ", "_")
    for member in cls:
        label = str(getattr(member, "label", "") or "")
        if wanted in (
            str(member.value).casefold(),
            label.casefold().replace(" ", "_"),
            member.name.casefold(),
        ):
            return member
    choices = ", ".join(str(m.value) for m in cls)
    raise UserError(f"Onbekende status '{text}'. Kies uit: {choices}.")


def _period(code: str | None) -> Any:
    from app.domain.periods import Period

    if not code:
        return Period.containing(date.today())
    try:
        return Period.parse(code)
    except (ValueError, KeyError) as exc:
        raise UserError(f"Onbekende periode '{code}'; schrijf bijvoorbeeld 2017-H1.") from exc
