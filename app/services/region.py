"""Reference data of the region: municipalities (from resources/gemeenten.csv) and periods."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Gemeente, PeriodRow
from app.domain.identifiers import normalize_gemeentecode
from app.domain.periods import Period, periods_between
from app.domain.roles import Action, Area
from app.errors import CONFLICT, ConflictError, NotFound, ValidationError
from app.resources import resource
from app.services.access import Actor, authorize


@dataclass(frozen=True)
class GemeenteInfo:
    id: int
    cbs_code: str
    name: str
    population: int
    subregion: str
    active: bool
    version: int
    phone: str = ""  # the municipality's general number and address, for the packs
    email: str = ""


def _info(row: Gemeente) -> GemeenteInfo:
    return GemeenteInfo(
        row.id, row.cbs_code, row.name, row.population, row.subregion, row.active, row.version,
        row.phone, row.email,
    )  # fmt: skip


def read_gemeenten_file(path: Path | None = None) -> list[dict[str, object]]:
    """Parse the data file; the region's membership is data, not code."""
    path = path or resource("gemeenten.csv")
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.lstrip().startswith("#")]
    rows = []
    for rec in csv.DictReader(lines, delimiter=";"):
        rows.append(
            {
                "cbs_code": normalize_gemeentecode(rec["cbs_code"]),
                "name": rec["naam"].strip(),
                "population": int(rec["inwoners"]),
                "subregion": rec.get("regio", "").strip(),
                "lat": float(rec["lat"]) if rec.get("lat") else None,
                "lon": float(rec["lon"]) if rec.get("lon") else None,
                "active": rec.get("actief", "1").strip() not in ("0", "nee", ""),
            }
        )
    return rows


def sync_gemeenten(session: Session, actor: Actor, path: Path | None = None) -> int:
    """Insert or update the municipalities from the data file; returns how many changed."""
    authorize(session, actor, Action.IMPORT, Area.REGION, "gemeente", detail="gemeenten.csv")
    existing = {g.cbs_code: g for g in session.scalars(select(Gemeente))}
    changed = 0
    for rec in read_gemeenten_file(path):
        row = existing.get(str(rec["cbs_code"]))
        if row is None:
            session.add(Gemeente(**rec))
            changed += 1
            continue
        for key, value in rec.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed += 1
    session.flush()
    return changed


def list_gemeenten(session: Session, actor: Actor, *, active_only: bool = True) -> list[GemeenteInfo]:
    authorize(session, actor, Action.READ, Area.REGION, "gemeente")
    query = select(Gemeente).order_by(Gemeente.name)
    if active_only:
        query = query.where(Gemeente.active.is_(True))
    return [_info(g) for g in session.scalars(query)]


def update_gemeente(
    session: Session, actor: Actor, gemeente_id: int, expected_version: int, *, population: int
) -> GemeenteInfo:
    """Change a municipality's population (for naar-rato targets), with optimistic locking."""
    row = session.get(Gemeente, gemeente_id)
    if row is None:
        raise NotFound("Deze gemeente bestaat niet (meer).")
    authorize(session, actor, Action.UPDATE, Area.REGION, "gemeente", gemeente_id)
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(row))
    if population < 0:
        raise ValidationError("Het aantal inwoners kan niet negatief zijn.", {"population": "negatief"})
    row.population = population
    session.flush()
    return _info(row)


def ensure_periods(session: Session, first: Period, last: Period) -> list[PeriodRow]:
    """Make sure rows exist for every half year from ``first`` to ``last``; reference data, not logged."""
    wanted = periods_between(first, last)
    have = {
        p.code: p
        for p in session.scalars(select(PeriodRow).where(PeriodRow.code.in_([w.code for w in wanted])))
    }
    out = []
    for period in wanted:
        row = have.get(period.code)
        if row is None:
            row = PeriodRow.from_period(period)
            session.add(row)
        out.append(row)
    session.flush()
    return out


def list_periods(session: Session, actor: Actor) -> list[Period]:
    authorize(session, actor, Action.READ, Area.REGION, "periode")
    return [p.period for p in session.scalars(select(PeriodRow).order_by(PeriodRow.year, PeriodRow.half))]


def update_gemeente_contact(
    session: Session, actor: Actor, gemeente_id: int, expected_version: int, *, phone: str, email: str
) -> GemeenteInfo:
    """The number and address a pack gives the client to call or write to. Region data: a
    regio-coördinator or beheerder changes it (on PostgreSQL the policy on gemeenten says so too)."""
    from app.services.users import contact_errors

    row = session.get(Gemeente, gemeente_id)
    if row is None:
        raise NotFound("Deze gemeente bestaat niet (meer).")
    authorize(session, actor, Action.UPDATE, Area.REGION, "gemeente", gemeente_id, detail="contactgegevens")
    if row.version != expected_version:
        raise ConflictError(CONFLICT, current=_info(row))
    errors = contact_errors(phone, email)
    if errors:
        raise ValidationError(" ".join(errors.values()), errors)
    row.phone, row.email = phone.strip(), email.strip()
    session.flush()
    return _info(row)
