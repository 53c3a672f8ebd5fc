"""Demo data for the case register: dossiers for the households linked in the last half year, with
members (synthetic names, diacritics, some in Arabic script), milestones, NOA parts, a plan of action,
and warm handovers in every state. Written with bulk inserts; deterministic per seed.
No real person and no medical content: risk signals carry a category only."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Dossier, DossierMember, Dwelling, Gemeente, Koppeling, KoppelingStatus, User
from app.demo.case_journey import Journey, _at, _insert
from app.demo.fill import DemoContext, _slug, contributor
from app.domain.case_dossier import MemberRole, search_text

HISTORY_DAYS = 180  # households linked in the last half year or so get a dossier

# name pools per first language: (first names, family names); Arabic ones carry their own script.
_AR_FIRST = {"Ahmad": "أحمد", "Omar": "عمر", "Youssef": "يوسف", "Khaled": "خالد", "Samir": "سمير",
             "Fatima": "فاطمة", "Layla": "ليلى", "Rania": "رانيا", "Sara": "سارة", "Nour": "نور",
             "Huda": "هدى", "Amira": "أميرة", "Adam": "آدم", "Zaid": "زيد", "Yara": "يارا"}  # fmt: skip
_AR_FAMILY = {"Haddad": "حداد", "Al-Hassan": "الحسن", "Mansour": "منصور", "Ibrahim": "إبراهيم",
              "Hussein": "حسين", "Nouri": "نوري", "Darwish": "درويش", "Khalil": "خليل"}  # fmt: skip
POOLS = {
    "Tigrinya": (["Yohannes", "Tesfay", "Mehret", "Senait", "Dawit", "Filmon", "Selam", "Rahwa", "Yonas"],
                 ["Ghebreyesús", "Tesfamariam", "Kahsay", "Haile", "Gebremedhin", "Zerai", "Mesfin"]),
    "Turks": (["Ayşe", "Mehmet", "Elif", "Can", "Zeynep", "Emre", "Şeyma", "Ömer", "Gülşen", "Barış"],
              ["Özdemir", "Şahin", "Yılmaz", "Çelik", "Doğan", "Kılıç", "Aydın", "Öztürk"]),
    "Dari": (["Ali", "Zahra", "Reza", "Maryam", "Hamid", "Shirin", "Farid", "Nilufar", "Parisa", "Jawad"],
             ["Rahimi", "Karimi", "Ahmadi", "Hosseini", "Sadeghi", "Mohammadi", "Jafari", "Noori"]),
    "Somalisch": (["Abdi", "Hodan", "Farah", "Amina", "Mohamed", "Sahra", "Abdullahi", "Ifrah"],
                  ["Warsame", "Osman", "Farah", "Hassan", "Jama", "Nur", "Egal", "Dahir"]),
    "Frans": (["Carmen", "José", "Lucía", "Mateo", "Aïcha", "Chloé", "Grâce", "Noël", "Inès", "Jérôme"],
              ["Nuñez", "Peña", "Muñoz", "Ibáñez", "Kaboré", "Ndiaye", "Traoré", "Mbemba"]),
}  # fmt: skip
POOLS["Koerdisch"] = POOLS["Turks"]
POOLS["Farsi"] = POOLS["Dari"]
POOLS["Engels"] = POOLS["Frans"]


def _bsn(rng: random.Random, taken: set[str]) -> str:
    """A synthetic number that passes the 11-proef (never 000000000)."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check == 10 or digits[0] == 0:
            continue
        value = "".join(map(str, digits)) + str(check)
        if value not in taken:
            taken.add(value)
            return value


def _names(rng: random.Random, languages: str) -> tuple[list[str], list[str], bool]:
    first = (languages.split(",")[0] or "Frans").strip()
    if first == "Arabisch":
        return list(_AR_FIRST), list(_AR_FAMILY), True
    firsts, families = POOLS.get(first, POOLS["Frans"])
    return firsts, families, False


def _members(
    rng: random.Random, k: Any, today: date, counter: list[int], bsns: set[str]
) -> list[dict[str, Any]]:
    firsts, families, arabic = _names(rng, k.languages)
    family = rng.choice(families)
    script = arabic and rng.random() < 0.4
    housed = k.housed_on is not None and k.housed_on <= today
    out = []
    for n in range(k.persons):
        role = (
            MemberRole.HOOFDAANVRAGER if n == 0 else MemberRole.PARTNER if n < k.adults else MemberRole.KIND
        )
        adult = role is not MemberRole.KIND
        first = rng.choice(firsts)
        born = today - timedelta(
            days=rng.randrange(19 * 365, 55 * 365) if adult else rng.randrange(60, 17 * 365)
        )
        counter[0] += rng.randrange(1, 9)
        name = f"{first} {family}"
        out.append(
            {
                "name": name,
                "name_arabic": f"{_AR_FIRST[first]} {_AR_FAMILY[family]}" if script else None,
                "birth_date": born,
                "v_nummer": k.v_nummer if n == 0 else f"{3_000_000_000 + counter[0]:010d}",
                "bsn": _bsn(rng, bsns) if housed and rng.random() < 0.9 else None,
                "role": role,
                "languages": k.languages,
                "interpreter_needed": adult and rng.random() < 0.55,
                "pre_integration_hours": 0,
                "pre_integration_language_hours": 0,
            }
        )
    return out


@contributor(40, "dossiers en overdrachten")
def fill_cases(session: Session, ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    gemeenten = {g.id: g for g in session.scalars(select(Gemeente))}
    addresses = dict(
        session.execute(
            select(Dwelling.reserved_for_id, Dwelling.address).where(Dwelling.reserved_for_id.is_not(None))
        ).all()
    )
    households = (
        session.execute(
            select(Koppeling)
            .where(
                Koppeling.linked_on >= today - timedelta(days=HISTORY_DAYS),
                Koppeling.status.in_(
                    (KoppelingStatus.GEKOPPELD, KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.GEHUISVEST)
                ),
            )
            .order_by(Koppeling.id)
        )
        .scalars()
        .all()
    )
    counter, bsns = [0], set[str]()
    dossier_rows, member_rows = [], []
    for k in households:
        owner = gemeenten[k.housed_gemeente_id or k.gemeente_id]
        members = _members(rng, k, today, counter, bsns)
        moved = k.housed_on
        dossier_rows.append(
            {
                "koppeling_id": k.id,
                "gemeente_id": owner.id,
                "v_nummer": k.v_nummer,
                "linked_on": k.linked_on,
                "moving_date": moved,
                "address_after_move": f"{addresses[k.id]}, {owner.name}"
                if moved and k.id in addresses
                else "",
                "expected_followers": k.expected_followers,
                "head_name": members[0]["name"],
                "member_count": len(members),
                "search_text": search_text(
                    k.v_nummer,
                    *[p for m in members for p in (m["name"], m["name_arabic"], m["v_nummer"], m["bsn"])],
                ),
                "created_by": f"cons-{_slug(owner.name)}",
                "created_at": _at(k.linked_on),
                "updated_at": _at(k.linked_on),
            }
        )
        member_rows.append(members)
    if not dossier_rows:
        return
    ids = session.scalars(_insert(Dossier, returning=True), dossier_rows).all()
    flat = [dict(m, dossier_id=did) for did, members in zip(ids, member_rows, strict=True) for m in members]
    member_ids = session.scalars(_insert(DossierMember, returning=True), flat).all()
    for m, mid in zip(flat, member_ids, strict=True):
        m["id"] = mid
    by_dossier: dict[int, list[dict[str, Any]]] = {}
    for m in flat:
        by_dossier.setdefault(m["dossier_id"], []).append(m)
    names = dict(session.execute(select(User.login, User.name)).all())
    journey = Journey(rng, today, ctx.login, names)
    for did, k, row in zip(ids, households, dossier_rows, strict=True):
        journey.dossier(did, k, row, by_dossier[did], gemeenten[row["gemeente_id"]])
    journey.flush(session)
    ctx.report["dossiers"] = len(ids)
    ctx.report["gezinsleden"] = len(flat)
    ctx.report["overdrachten"] = journey.handover_count


@contributor(90, "een dossier bij elke koppeling")
def _every_koppeling_a_dossier(session: Session, ctx: DemoContext) -> None:
    """As in real use (import, manual entry, swap), every koppeling has its dossier: the ones the
    demo's case register did not fill get the dossier the board would have made."""
    from app.services.cases.auto_dossiers import ensure_dossiers

    missing = session.scalars(
        select(Koppeling.id).where(~select(Dossier.id).where(Dossier.koppeling_id == Koppeling.id).exists())
    ).all()
    made = ensure_dossiers(session, ctx.actor, missing, why="demo")
    ctx.report["dossiers bij koppelingen"] = made
