"""Synthetic, deterministic demo data. Each module contributes its part through ``contributor``;
the foundation adds the region, periods and users. No real person is in here."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Gemeente, User
from app.domain.periods import Period
from app.domain.roles import Action, Area, Role
from app.services.access import Actor, authorize

DEMO_PERIODS = 6  # half years up to and including the current one
# Modules that add demo data; imported on demand so the foundation need not know them otherwise.
DEMO_MODULES: list[str] = [
    "app.demo.fill",
    "app.demo.board",
    "app.demo.cases",
    "app.demo.directory",
    "app.demo.challenges",
]


@dataclass
class DemoContext:
    rng: random.Random
    actor: Actor
    scale: float = 1.0
    login: str | None = None
    today: date = field(default_factory=date.today)
    report: dict[str, int] = field(default_factory=dict)
    progress: Callable[[float, str], None] | None = None
    periods: int = DEMO_PERIODS  # half years of history; the forecast's backtest asks for more


Contributor = Callable[[Session, DemoContext], None]
_CONTRIBUTORS: list[tuple[int, str, Contributor]] = []


def contributor(order: int, name: str) -> Callable[[Contributor], Contributor]:
    def register(fn: Contributor) -> Contributor:
        if all(existing != name for _, existing, _ in _CONTRIBUTORS):
            _CONTRIBUTORS.append((order, name, fn))
        return fn

    return register


class DemoAlreadyLoaded(Exception):
    pass


def has_data(session: Session) -> bool:
    """True once any user exists: demo data never mixes with real data."""
    return session.execute(select(func.count()).select_from(User)).scalar_one() > 0


def is_demo_database(session: Session) -> bool:
    """True when demo data was loaded here: only such a database may be reset or played."""
    from app.auth.identity import is_demo

    return is_demo(session)


def fill_demo(
    session: Session,
    actor: Actor,
    *,
    seed: int = 2017,
    scale: float = 1.0,
    login: str | None = None,
    progress: Callable[[float, str], None] | None = None,
    today: date | None = None,
    periods: int = DEMO_PERIODS,
) -> dict[str, int]:
    """Fill an empty database; ``login`` becomes a regio-coördinator so the GUI opens usefully."""
    authorize(session, actor, Action.IMPORT, Area.REGION, "demo", detail=f"seed={seed} scale={scale}")
    if has_data(session):
        raise DemoAlreadyLoaded(
            "De database bevat al gegevens; demo-gegevens worden alleen in een lege database geladen."
        )
    for module in DEMO_MODULES:
        importlib.import_module(module)
    ctx = DemoContext(
        rng=random.Random(seed),
        actor=actor,
        scale=scale,
        login=login,
        progress=progress,
        today=today or date.today(),
        periods=periods,
    )
    steps = sorted(_CONTRIBUTORS, key=lambda item: item[0])
    for index, (_, name, fn) in enumerate(steps):
        if progress:
            progress(index / len(steps), name)
        fn(session, ctx)
        session.flush()
    from app.auth.identity import mark_demo

    mark_demo(session)  # from now on --as may choose a demo user here, and the window says "demo"
    if progress:
        progress(1.0, "klaar")
    return ctx.report


FIRST_NAMES = [
    "Anne",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Fleur",
    "Gijs",
    "Hanneke",
    "Ilse",
    "Joost",
    "Karin",
    "Lars",
    "Mirjam",
    "Niels",
    "Olga",
    "Pieter",
    "Renske",
    "Sander",
    "Tessa",
    "Vincent",
    "Wendy",
    "Yara",
    "Sanne",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Vermeulen",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@contributor(10, "regio en periodes")
def _region(session: Session, ctx: DemoContext) -> None:
    from app.services.region import ensure_periods, sync_gemeenten

    if session.scalar(select(func.count()).select_from(Gemeente)) == 0:
        sync_gemeenten(session, ctx.actor)
    last = Period.containing(ctx.today)
    first = last
    for _ in range(ctx.periods - 1):
        first = first.previous()
    ensure_periods(session, first, last)


@contributor(20, "gebruikers")
def _users(session: Session, ctx: DemoContext) -> None:
    gemeenten = list(session.scalars(select(Gemeente).order_by(Gemeente.cbs_code)))
    utrecht = next((g for g in gemeenten if g.cbs_code == "GM0344"), gemeenten[0])
    users = [
        User(login="beheer", name="Beheerder Regio", role=Role.BEHEERDER),
        User(login="regio", name=_person(ctx.rng), role=Role.REGIO_COORDINATOR, gemeente=utrecht),
        User(login="lezer", name=_person(ctx.rng), role=Role.ALLEEN_LEZEN, gemeente=utrecht),
    ]
    for g in gemeenten:
        slug = _slug(g.name)
        users.append(User(login=f"cp-{slug}", name=_person(ctx.rng), role=Role.CONTACTPERSOON, gemeente=g))
        users.append(User(login=f"cons-{slug}", name=_person(ctx.rng), role=Role.CONSULENT, gemeente=g))
    # The demo runs only on a database with at most one user: the first one, made beheerder by
    # whatever command signed in first. That user gets the role the demo promises (a demo login's
    # own role, or regio-coördinator of Utrecht), so the demo ends with the user it names.
    existing = {u.login.lower(): u for u in session.scalars(select(User))}
    for user in users:
        user.email = f"{user.login}@voorbeeld.invalid"
        first = existing.get(user.login.lower())
        if first is None:
            session.add(user)
        else:
            first.role, first.gemeente, first.email = user.role, user.gemeente, user.email
    if ctx.login and ctx.login.lower() not in {u.login.lower() for u in users}:
        first = existing.get(ctx.login.lower())
        if first is None:
            session.add(
                User(login=ctx.login, name=ctx.login, role=Role.REGIO_COORDINATOR, gemeente=utrecht, email="")
            )
        else:
            first.role, first.gemeente, first.active = Role.REGIO_COORDINATOR, utrecht, True
    ctx.report["gebruikers"] = len(users) + (1 if ctx.login else 0)
