"""Demo data for the exchange board: taakstellingen naar rato, koppelingen, dwellings, swaps, posts."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.db.base import utcnow
from app.db.models import (
    BoardPost,
    Dwelling,
    DwellingKind,
    DwellingStatus,
    Gemeente,
    Koppeling,
    KoppelingStatus,
    PeriodRow,
    PostKind,
    SwapRow,
    SwapStatus,
    Taakstelling,
)
from app.demo.fill import DemoContext, contributor
from app.resources import resource

# Persons to house per 1,000 inhabitants per half year (in the range the ministry set recently).
RATE_PER_1000 = [1.25, 1.1, 1.3, 1.2, 1.35, 1.3]
SIZES = [(1, 44), (2, 10), (3, 10), (4, 12), (5, 10), (6, 7), (7, 4), (8, 3)]
CORPORATIONS = ["Mitros", "Bo-Ex", "Portaal", "Woonin", "SSH", "Jutphaas Wonen", "Viveste", "Woongoed Zeist"]
LANGUAGES = ["Arabisch", "Tigrinya", "Dari", "Farsi", "Turks", "Koerdisch", "Somalisch", "Engels", "Frans"]
STREETS = ["Lindelaan", "Kerkstraat", "Molenweg", "Beukenlaan", "Dorpsstraat", "Stationsweg", "Parklaan"]


def _rate(index: int, count: int) -> float:
    """Rate of period ``index`` of ``count``: the last six as listed, earlier ones repeat them."""
    return RATE_PER_1000[(index - count) % len(RATE_PER_1000)]


def _azc_locations() -> list[tuple[str, float, float]]:
    with resource("azc.csv").open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [(r["naam"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(lines, delimiter=";")]


def _size(rng) -> int:  # type: ignore[no-untyped-def]
    return rng.choices([s for s, _ in SIZES], weights=[w for _, w in SIZES])[0]


def _dwelling_for(rng, persons: int) -> tuple[DwellingKind, int, int]:  # type: ignore[no-untyped-def]
    if persons == 1:
        if rng.random() < 0.35:
            return DwellingKind.KAMER, 1, 1
        return DwellingKind.APPARTEMENT, rng.choice([0, 1]), 2
    bedrooms = max(1, min(5, (persons + 1) // 2))
    kind = DwellingKind.EENGEZINSWONING if bedrooms >= 3 else DwellingKind.APPARTEMENT
    return kind, bedrooms, max(persons, bedrooms * 2)


def _taakstelling_history(session: Session, ctx: DemoContext) -> None:
    """Each demo taakstelling's first history line, as if typed in from the ministry's letter."""
    from app.db.models import TaakstellingChange

    rows = session.execute(select(Taakstelling.id, Taakstelling.persons, Taakstelling.backlog_in)).all()
    session.execute(
        insert(TaakstellingChange),
        [{"taakstelling_id": i, "at": utcnow(), "by_login": ctx.actor.login, "by_name": ctx.actor.name,
          "old_persons": None, "new_persons": n, "old_backlog": None, "new_backlog": b,
          "source": "demo (verzonnen brief van het ministerie)", "reason": ""} for i, n, b in rows],
    )  # fmt: skip


@contributor(30, "uitwisselbord")
def fill_board(session: Session, ctx: DemoContext) -> None:
    rng = ctx.rng
    today = ctx.today
    gemeenten = list(session.scalars(select(Gemeente).where(Gemeente.active).order_by(Gemeente.cbs_code)))
    # Up to the running period: a next period that already exists has no history to invent.
    periods = list(
        session.scalars(
            select(PeriodRow).where(PeriodRow.start_date <= today).order_by(PeriodRow.year, PeriodRow.half)
        )
    )[-ctx.periods :]
    azcs = _azc_locations()

    taak_rows = []
    for gemeente in gemeenten:
        for index, period in enumerate(periods):
            persons = round(gemeente.population / 1000 * _rate(index, len(periods)) * ctx.scale)
            backlog = round(rng.uniform(-0.1, 0.3) * persons) if index == 0 else None
            taak_rows.append(
                {
                    "gemeente_id": gemeente.id,
                    "period_id": period.id,
                    "persons": persons,
                    "backlog_in": backlog,
                    "source": "demo",
                }
            )
    session.execute(insert(Taakstelling), taak_rows)
    _taakstelling_history(session, ctx)

    koppelingen: list[dict[str, Any]] = []  # rows for one executemany insert
    v_counter = rng.randrange(1_000_000, 2_000_000)
    for gemeente in gemeenten:
        for index, period in enumerate(periods):
            if period.start_date > today:
                continue
            target = round(
                gemeente.population / 1000 * _rate(index, len(periods)) * ctx.scale * rng.uniform(0.85, 1.15)
            )
            span = (min(period.end_date, today + timedelta(days=1)) - period.start_date).days
            linked_persons = 0
            while linked_persons < target:
                persons = _size(rng)
                adults = 1 if persons == 1 else min(persons, rng.choice([1, 2, 2, 2]))
                linked_on = period.start_date + timedelta(days=rng.randrange(max(1, span)))
                azc = rng.choice(azcs)
                age_days = (today - linked_on).days
                # Most households move in 5 to 16 weeks after linking; recent ones still wait, and
                # a few lapse (vervallen) when they are long past their deadline.
                moves_on = linked_on + timedelta(days=rng.randrange(35, 112))
                housed = moves_on <= today and rng.random() < 0.97
                housed_on = moves_on if housed else None
                status = KoppelingStatus.GEHUISVEST if housed else KoppelingStatus.GEKOPPELD
                offered_on = None
                if not housed and age_days > 40 and rng.random() < 0.5:
                    status, offered_on = (
                        KoppelingStatus.WONING_AANGEBODEN,
                        linked_on + timedelta(days=rng.randrange(20, 40)),
                    )
                if not housed and age_days > 120:
                    status = KoppelingStatus.VERVALLEN
                v_counter += rng.randrange(1, 40)
                koppelingen.append(
                    {
                        "v_nummer": f"{v_counter:010d}",
                        "gemeente_id": gemeente.id,
                        "linked_on": linked_on,
                        "persons": persons,
                        "adults": adults,
                        "children": persons - adults,
                        "languages": ", ".join(rng.sample(LANGUAGES, rng.choice([1, 1, 2]))),
                        "azc_location": azc[0],
                        "azc_lat": azc[1],
                        "azc_lon": azc[2],
                        "expected_followers": rng.choice([0] * 8 + [1, 2, 3]) if persons <= 2 else 0,
                        "needs_accessible": rng.random() < 0.04,
                        "needs_ground_floor": rng.random() < 0.06,
                        "medical_proximity": rng.random() < 0.05,
                        "status": status,
                        "offered_on": offered_on,
                        "housed_gemeente_id": gemeente.id if housed else None,
                        "housed_on": housed_on,
                        "notes": "",
                    }
                )
                linked_persons += persons
    ids = session.scalars(
        insert(Koppeling).returning(Koppeling.id, sort_by_parameter_order=True), koppelingen
    ).all()

    dwellings = []
    ref = 0
    for kid, k in zip(ids, koppelingen, strict=True):
        if k["status"] not in (KoppelingStatus.GEHUISVEST, KoppelingStatus.WONING_AANGEBODEN):
            continue
        kind, bedrooms, occupants = _dwelling_for(rng, k["persons"])
        ref += 1
        housed = k["status"] is KoppelingStatus.GEHUISVEST
        dwellings.append(
            _dwelling(
                rng,
                k["gemeente_id"],
                ref,
                kind,
                bedrooms,
                occupants,
                (k["housed_on"] or k["offered_on"]) - timedelta(days=rng.randrange(0, 20)),
                DwellingStatus.TOEGEWEZEN if housed else DwellingStatus.GERESERVEERD,
                kid,
            )
        )
    # Vacancies still open now: a few per municipality, of mixed sizes.
    for gemeente in gemeenten:
        for _ in range(max(2, round(gemeente.population / 9000 * ctx.scale))):
            kind, bedrooms, occupants = _dwelling_for(rng, _size(rng))
            ref += 1
            dwellings.append(
                _dwelling(
                    rng,
                    gemeente.id,
                    ref,
                    kind,
                    bedrooms,
                    occupants,
                    today + timedelta(days=rng.randrange(-20, 60)),
                    DwellingStatus.BESCHIKBAAR,
                    None,
                )
            )
    session.execute(insert(Dwelling), dwellings)
    ctx.report["taakstellingen"] = len(taak_rows)
    ctx.report["koppelingen"] = len(koppelingen)
    ctx.report["woningen"] = len(dwellings)
    _swaps_and_posts(session, ctx, gemeenten, periods)


def _dwelling(rng, gemeente_id, ref, kind, bedrooms, occupants, available, status, koppeling_id):  # type: ignore[no-untyped-def]
    return {
        "gemeente_id": gemeente_id,
        "corporation": rng.choice(CORPORATIONS),
        "reference": f"VH-{ref:05d}",
        "address": f"{rng.choice(STREETS)} {rng.randrange(1, 180)}",
        "kind": kind,
        "bedrooms": bedrooms,
        "max_occupants": occupants,
        "rent": round(rng.uniform(480, 880), 2),
        "available_from": available,
        "accessible": rng.random() < 0.08,
        "ground_floor": rng.random() < 0.25,
        "status": status,
        "reserved_for_id": koppeling_id,
    }


def _swaps_and_posts(
    session: Session, ctx: DemoContext, gemeenten: list[Gemeente], periods: list[PeriodRow]
) -> None:
    """Swaps between small municipalities with few large dwellings and larger ones that have them."""
    by_code = {g.cbs_code: g for g in gemeenten}
    pairs = [
        ("GM0344", "GM0589"),
        ("GM0356", "GM0335"),
        ("GM1904", "GM0331"),
        ("GM0321", "GM0312"),
        ("GM0355", "GM0352"),
        ("GM0632", "GM0589"),
        ("GM0344", "GM0336"),
    ]
    now = utcnow()
    rng = ctx.rng
    made = []
    for index, (host, owner) in enumerate(pairs):
        if host not in by_code or owner not in by_code:
            continue
        period = periods[min(index, len(periods) - 2)]
        # Agreed a few weeks into the swap's own half year (never in the future).
        agreed_at = min(
            now, datetime.combine(period.start_date, time(10), UTC) + timedelta(days=20 + 7 * index)
        )
        row = SwapRow(
            host=by_code[host],
            owner=by_code[owner],
            period=period,
            persons=rng.choice([5, 6, 7, 8]),
            proposed_by=f"cp-{_slug(by_code[owner].name)}",
            proposed_at=agreed_at - timedelta(days=3),
            owner_agreed_by=f"cp-{_slug(by_code[owner].name)}",
            owner_agreed_at=agreed_at - timedelta(days=3),
            host_agreed_by=f"cp-{_slug(by_code[host].name)}",
            host_agreed_at=agreed_at,
            status=SwapStatus.AKKOORD,
            note="Groot gezin, geen passende woning in eigen gemeente",
            close_reason="",
        )
        session.add(row)
        made.append(row)
    session.flush()
    # Two debts repaid later: the owner houses the same number of persons for the host.
    for original in made[:2]:
        later = periods[min(periods.index(original.period) + 2, len(periods) - 1)]
        at = min(now, datetime.combine(later.start_date, time(11), UTC) + timedelta(days=30))
        session.add(
            SwapRow(
                host=original.owner,
                owner=original.host,
                period=later,
                persons=original.persons,
                settles_ids=str(original.id),
                proposed_by=f"cp-{_slug(original.host.name)}",
                proposed_at=at,
                owner_agreed_by=f"cp-{_slug(original.host.name)}",
                owner_agreed_at=at,
                host_agreed_by=f"cp-{_slug(original.owner.name)}",
                host_agreed_at=at + timedelta(days=1),
                status=SwapStatus.AKKOORD,
                note="Vereffening",
                close_reason="",
            )
        )
    # One still waiting for the other side.
    current = periods[-1]
    session.add(
        SwapRow(
            host=by_code["GM0356"],
            owner=by_code["GM0352"],
            period=current,
            persons=6,
            proposed_by="cp-wijkbijduurstede",
            proposed_at=now - timedelta(days=2),
            owner_agreed_by="cp-wijkbijduurstede",
            owner_agreed_at=now - timedelta(days=2),
            status=SwapStatus.VOORGESTELD,
            note="Gezin van 6, wij hebben geen eengezinswoning vrij",
            close_reason="",
        )
    )
    posts = [
        (
            by_code["GM0344"],
            PostKind.WONING_BESCHIKBAAR,
            7,
            "Eengezinswoning met 4 slaapkamers, per direct beschikbaar",
        ),
        (by_code["GM0335"], PostKind.HUISHOUDEN_ZOEKT, 8, "Gezin van 8, geen passende woning in Montfoort"),
        (
            by_code["GM0331"],
            PostKind.HUISHOUDEN_ZOEKT,
            6,
            "Gezin van 6 met rolstoelgebruiker, gelijkvloers nodig",
        ),
    ]
    for gemeente, kind, persons, text in posts:
        session.add(
            BoardPost(
                gemeente=gemeente,
                kind=kind,
                persons=persons,
                text=text,
                posted_by=f"cp-{_slug(gemeente.name)}",
            )
        )
    ctx.report["uitruilen"] = len(made) + 3
    ctx.report["berichten op het bord"] = len(posts)


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())
