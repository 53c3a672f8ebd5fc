"""Vandaag: what waits for the acting user, contributed by the modules through providers.

Public API (no Qt):

- ``Target(module, object_type, object_id, parent_id=None, find="")`` — where an item is handled:
  the module page key, the object's kind ("uitruil", "bericht", "koppeling", "dossier",
  "overdracht"), its id, the id it lives in (a handover's dossier) and a text that finds it in a
  list (a V-nummer).
- ``TodayItem`` — one row: kind, title, text (short Dutch), urgent, target.
- ``KindInfo`` — one group: key, title, module key, order.
- ``Provider`` (Protocol) — ``kinds``, ``applies(actor)``, ``provide(session, actor, today, limit)``,
  ``count(session, actor, today)``. Register one with ``app.services.today.registry.register``.
- ``load_today(session, actor, today=None, limit=5) -> TodayData`` — groups with their count and
  first items; logs what the providers read.
- ``today_counts(session, actor, today=None) -> dict[str, int]`` — kind → count (no log: numbers
  only).
- ``module_counts(session, actor, today=None) -> dict[str, int]`` — module key → count, plus
  ``"today"`` with the total (the sidebar badges).
- ``badge_counts(session, actor, today=None) -> dict[str, int]`` — ``module_counts`` plus each
  kind as ``"<module>/<kind>"`` (the tabs' badges), from the same queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.access import Actor

TODAY_MODULE = "today"


@dataclass(frozen=True)
class Target:
    """Where an item is handled: the shell shows ``module`` and hands the page this target."""

    module: str
    object_type: str
    object_id: int
    parent_id: int | None = None  # the dossier of a handover
    find: str = ""  # finds the object in a list (a V-nummer); never shown or logged


@dataclass(frozen=True)
class TodayItem:
    kind: str
    title: str
    text: str
    target: Target
    urgent: bool = False


@dataclass(frozen=True)
class KindInfo:
    key: str
    title: str  # the group's heading, e.g. "Uitruil wacht op uw akkoord"
    module: str  # whose sidebar entry gets the count
    order: int = 100


class Provider(Protocol):
    """What a module contributes to Vandaag. ``applies`` decides from the actor as signed in (for
    the navigation); ``provide`` and ``count`` check the rights as they are now and return nothing
    (not an error) when the actor has none."""

    kinds: tuple[KindInfo, ...]

    def applies(self, actor: Actor) -> bool: ...

    def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[TodayItem]: ...

    def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]: ...


@dataclass(frozen=True)
class TodayGroup:
    kind: KindInfo
    count: int
    items: tuple[TodayItem, ...]


@dataclass(frozen=True)
class TodayData:
    today: date
    groups: tuple[TodayGroup, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)  # module key → count, "today": total

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def _providers(actor: Actor) -> list[Provider]:
    from app.services.today.registry import providers

    return [p for p in providers() if p.applies(actor)]


def today_counts(session: Session, actor: Actor, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    counts: dict[str, int] = {}
    for provider in _providers(actor):
        counts.update(provider.count(session, actor, today))
    return counts


def _by_module(providers: list[Provider], counts: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {TODAY_MODULE: 0}
    for provider in providers:
        for kind in provider.kinds:
            n = counts.get(kind.key, 0)
            out[kind.module] = out.get(kind.module, 0) + n
            out[TODAY_MODULE] += n
    return out


def module_counts(session: Session, actor: Actor, today: date | None = None) -> dict[str, int]:
    return _by_module(_providers(actor), today_counts(session, actor, today))


KIND_SEP = "/"  # "board/uitruil": a kind's count among the module counts


def badge_counts(session: Session, actor: Actor, today: date | None = None) -> dict[str, int]:
    """The sidebar's module counts and, for the pages' tabs, each kind's: one count of each."""
    providers, counts = _providers(actor), today_counts(session, actor, today)
    out = _by_module(providers, counts)
    for provider in providers:
        for kind in provider.kinds:
            out[f"{kind.module}{KIND_SEP}{kind.key}"] = counts.get(kind.key, 0)
    return out


def load_today(session: Session, actor: Actor, today: date | None = None, limit: int = 5) -> TodayData:
    today = today or date.today()
    groups = []
    providers = _providers(actor)
    all_counts: dict[str, int] = {}
    for provider in providers:
        counts = provider.count(session, actor, today)
        all_counts.update(counts)
        if not any(counts.values()):
            continue  # nothing waits: no need to read (and log) the items
        items = provider.provide(session, actor, today, limit)
        for kind in provider.kinds:
            n = counts.get(kind.key, 0)
            if n:
                groups.append(TodayGroup(kind, n, tuple(i for i in items if i.kind == kind.key)[:limit]))
    groups.sort(key=lambda g: (g.kind.order, g.kind.key))
    return TodayData(today, tuple(groups), _by_module(providers, all_counts))
