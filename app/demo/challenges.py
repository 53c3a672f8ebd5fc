"""Demo data of the employer challenge planner: employers across the five Werkgeversservicepunten,
past and upcoming challenges with their checklists and invited employers, pledges of every kind,
work profiles of a few hundred adult members of the demo dossiers, candidates at every pipeline
step, and this year's targets naar rato.

What the planner is for shows: some pledges are still unfilled more than six weeks after their
challenge (one of them opened to the region), some candidates' next step is overdue, stopped
candidates carry a coded reason. Synthetic only: company names made up, KvK numbers 99xxxxxx (none
is a real registration), contacts at example.nl. Bulk inserts; deterministic per seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import (
    Candidate,
    CandidateStatusChange,
    Challenge,
    ChallengeCheck,
    ChallengeEmployer,
    ChallengeTarget,
    Dossier,
    DossierMember,
    Employer,
    EmployerContact,
    Gemeente,
    Pledge,
    WorkProfile,
)
from app.demo.case_journey import _insert
from app.demo.fill import FIRST_NAMES, LAST_NAMES, DemoContext, _slug, contributor
from app.domain.challenges import (
    DEFAULT_CHECKLIST,
    LANGUAGE_LEVELS,
    PIPELINE,
    WSP_REGIONS,
    CandidateStatus,
    ChallengeStatus,
    PlaceKind,
    StopReason,
    split_naar_rato,
)

EMPLOYERS_PER_WSP = {
    "Utrecht Stad": 16,
    "Lekstroom": 10,
    "Zuidoost-Utrecht": 10,
    "Utrecht-West": 8,
    "Vecht en Venen": 6,
}
PROFILES = 320
REGIONAL_TARGET = 240  # places this year, split naar rato
# SBI section → (company name templates, job titles)
_SECTORS: dict[str, tuple[list[str], list[str]]] = {
    "I": (["Eetcafé De {n}", "Hotel {p} Centrum", "Lunchroom {n}"], ["Keukenhulp", "Bediening", "Afwasser"]),
    "G": (["Supermarkt {n}", "Bouwmarkt {p}", "Groothandel {n}"], ["Vakkenvuller", "Magazijnmedewerker"]),
    "H": (["Transportbedrijf {n}", "Koeriers {p}"], ["Bijrijder", "Orderpicker"]),
    "C": (["Metaalbewerking {n}", "Bakkerij {n}", "Drukkerij {p}"], ["Productiemedewerker", "Inpakker"]),
    "F": (
        ["Bouwbedrijf {n}", "Schilders {p}", "Installatietechniek {n}"],
        ["Bouwplaatsassistent", "Leerling-installateur"],
    ),
    "Q": (["Zorggroep {n}", "Thuiszorg {p}"], ["Helpende zorg", "Gastvrouw/-heer"]),
    "N": (["Schoonmaakbedrijf {n}", "Groenvoorziening {p}"], ["Schoonmaker", "Hovenier"]),
    "A": (["Kwekerij {n}", "Zorgboerderij {n}"], ["Teeltmedewerker"]),
    "P": (["Kinderopvang {n}", "Taalschool {p}"], ["Onderwijsassistent"]),
}
_NOUNS = ["Linde", "Brug", "Wilg", "Haven", "Molen", "Zon", "Eik", "Kade", "Vaart", "Horizon", "Dijk", "Beuk"]
_STREETS = ["Industrieweg", "Handelsstraat", "Nijverheidslaan", "Ambachtsweg", "Marktplein", "Stationsstraat"]
_TITLES = [
    "Werkgeverschallenge {p}",
    "Taalstagemarkt {p}",
    "Netwerkontbijt werkgevers {p}",
    "Speeddate werk {p}",
    "Banenmarkt statushouders {p}",
]
_NEXT = {
    CandidateStatus.VOORGESTELD: "Kandidaat om toestemming vragen",
    CandidateStatus.TOESTEMMING: "Anoniem profiel naar de werkgever sturen",
    CandidateStatus.BIJ_WERKGEVER: "Reactie van de werkgever navragen",
    CandidateStatus.GESPREK: "Uitslag van het gesprek navragen",
    CandidateStatus.AANGENOMEN: "Startdatum en begeleiding afspreken",
    CandidateStatus.GESTART: "Evaluatiegesprek na zes weken",
}
_REASONS = [
    StopReason.GEEN_GESPREK,
    StopReason.NIET_PASSEND,
    StopReason.KANDIDAAT_ZIET_AF,
    StopReason.WERKGEVER_TREKT_IN,
    StopReason.TAAL_ONVOLDOENDE,
    StopReason.VERHUISD,
    StopReason.ANDERS,
]


def _kvk(serial: int) -> str:
    return f"99{serial:06d}"  # 99xxxxxx: obviously synthetic


@contributor(95, "werkgevers en challenges")
def fill_challenges(session: Session, ctx: DemoContext) -> None:
    rng, today = random.Random(ctx.rng.random()), ctx.today
    gemeenten = {g.cbs_code: g for g in session.scalars(select(Gemeente).order_by(Gemeente.cbs_code))}
    if len(gemeenten) < 2:
        return
    employers = _employers(session, rng, gemeenten)
    challenges = _challenges(session, rng, today, gemeenten, employers)
    pledges = _pledges(session, rng, today, employers, challenges)
    profiles = _profiles(session, rng, today)
    ctx.report["werkgevers"] = len(employers)
    ctx.report["challenges"] = len(challenges)
    ctx.report["toezeggingen"] = len(pledges)
    ctx.report["werkprofielen"] = len(profiles)
    ctx.report["kandidaten"] = _candidates(session, rng, today, ctx.login, pledges, profiles, challenges)
    year = today.year
    split = split_naar_rato(REGIONAL_TARGET, {c: g.population for c, g in gemeenten.items() if g.active})
    session.execute(
        _insert(ChallengeTarget),
        [
            {"year": year, "gemeente_id": gemeenten[c].id, "places": n, "set_by_hand": False}
            for c, n in split.items()
        ],
    )


def _employers(session: Session, rng: random.Random, gemeenten: dict[str, Gemeente]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for wsp, count in EMPLOYERS_PER_WSP.items():
        codes = [c for c in WSP_REGIONS[wsp] if c in gemeenten]
        for n in range(count):
            g = gemeenten[codes[n % len(codes)]]
            sector = rng.choice(list(_SECTORS))
            name = rng.choice(_SECTORS[sector][0]).format(n=rng.choice(_NOUNS), p=g.name)
            rows.append(
                {
                    "gemeente_id": g.id,
                    "name": f"{name} ({len(rows) + 1})" if any(r["name"] == name for r in rows) else name,
                    "kvk": _kvk(len(rows) + 1),
                    "sector": sector,
                    "size_class": rng.choice(["1-9", "10-49", "10-49", "50-249", "250+"]),
                    "address": f"{rng.choice(_STREETS)} {rng.randrange(1, 90)}, {g.name}",
                    "wsp": wsp,
                    "notes": "",
                    "active": rng.random() > 0.05,
                    "created_by": f"cp-{_slug(g.name)}",
                    "_code": g.cbs_code,
                }
            )
    ids = session.scalars(_insert(Employer, returning=True), [_db(r) for r in rows]).all()
    contacts = []
    for row, eid in zip(rows, ids, strict=True):
        row["id"] = eid
        for _ in range(rng.choice((1, 1, 2))):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            contacts.append(
                {
                    "employer_id": eid,
                    "name": f"{first} {last}",
                    "role": rng.choice(["HR-adviseur", "Eigenaar", "Teamleider", "Vestigingsmanager"]),
                    "phone": f"030 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
                    "email": f"{_slug(first)}.{_slug(last)}@werkgever{eid}.example.nl",
                }
            )
    session.execute(_insert(EmployerContact), contacts)
    return rows


def _db(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _challenges(
    session: Session,
    rng: random.Random,
    today: date,
    gemeenten: dict[str, Gemeente],
    employers: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    # Days from today: eight past (the oldest ten months ago), four upcoming.
    offsets = [-300, -240, -190, -150, -110, -75, -50, -21, 12, 30, 55, 90]
    wsps = list(WSP_REGIONS)
    rows: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    invites: list[dict[str, Any]] = []
    for n, offset in enumerate(offsets):
        wsp = wsps[n % len(wsps)]
        codes = [c for c in WSP_REGIONS[wsp] if c in gemeenten]
        lead = gemeenten[codes[0]]
        held = today + timedelta(days=offset)
        if offset < -60:
            status = ChallengeStatus.AFGEROND
        elif offset < 0:
            status = ChallengeStatus.GEHOUDEN
        else:
            status = (
                ChallengeStatus.UITNODIGINGEN_VERSTUURD if offset < 40 else ChallengeStatus.IN_VOORBEREIDING
            )
        organisers = codes[: rng.choice((1, 2, 3))]
        rows.append(
            {
                "gemeente_id": lead.id,
                "title": rng.choice(_TITLES).format(p=lead.name if len(organisers) == 1 else wsp),
                "held_on": held,
                "from_time": rng.choice(["09:30", "14:00", "15:30"]),
                "to_time": "17:00",
                "venue": f"Gemeentehuis {lead.name}" if n % 2 else f"Bedrijfsverzamelgebouw {lead.name}",
                "organisers": " ".join(organisers),
                "target_places": rng.choice((10, 15, 20, 25)),
                "target_kinds": " ".join(rng.sample([k.value for k in PlaceKind], 3)),
                "status": status,
                "notes": "",
                "created_by": f"cp-{_slug(lead.name)}",
                "_wsp": wsp,
            }
        )
    ids = session.scalars(_insert(Challenge, returning=True), [_db(r) for r in rows]).all()
    for row, cid in zip(rows, ids, strict=True):
        row["id"] = cid
        past = row["held_on"] < today
        ticked = (
            len(DEFAULT_CHECKLIST)
            if row["status"] is ChallengeStatus.AFGEROND
            else (len(DEFAULT_CHECKLIST) - 1 if past else rng.randrange(1, 4))
        )
        for pos, (key, text) in enumerate(DEFAULT_CHECKLIST.items()):
            done = pos < ticked
            checks.append(
                {
                    "challenge_id": cid,
                    "item_key": key,
                    "position": pos,
                    "text": text,
                    "done": done,
                    "done_on": min(today, row["held_on"] - timedelta(days=20 - 2 * pos)) if done else None,
                    "done_by": "Demo Organisator" if done else "",
                }
            )
        local = [e for e in employers if e["wsp"] == row["_wsp"] and e["active"]]
        chosen = rng.sample(local, min(len(local), rng.randrange(5, 9)))
        row["_participants"] = []
        for e in chosen:
            joined = past and rng.random() < 0.7
            invites.append(
                {
                    "challenge_id": cid,
                    "employer_id": e["id"],
                    "participating": joined,
                    "invited_on": row["held_on"] - timedelta(days=28)
                    if row["status"] is not ChallengeStatus.IN_VOORBEREIDING
                    else None,
                }
            )
            if joined:
                row["_participants"].append(e)
    session.execute(_insert(ChallengeCheck), checks)
    session.execute(_insert(ChallengeEmployer), invites)
    return rows


def _pledges(
    session: Session,
    rng: random.Random,
    today: date,
    employers: list[dict[str, Any]],
    challenges: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    kinds = list(PlaceKind)
    rows: list[dict[str, Any]] = []

    def add(e: dict[str, Any], on: date, challenge: dict[str, Any] | None) -> None:
        kind = kinds[len(rows) % len(kinds)]  # every kind, in turn
        rows.append(
            {
                "gemeente_id": e["gemeente_id"],
                "employer_id": e["id"],
                "challenge_id": challenge["id"] if challenge else None,
                "kind": kind,
                "places": rng.choice((1, 1, 2, 2, 3, 4)),
                "sector": e["sector"],
                "job_title": rng.choice(_SECTORS[e["sector"]][1]),
                "language_level": rng.choice(["", "A1", "A2", "A2", "B1"]),
                "hours": rng.choice((16, 24, 32, None)),
                "location": e["address"],
                "start_on": on + timedelta(days=rng.randrange(14, 60)),
                "open_to_region": rng.random() < 0.15,
                "opened_to_region_on": None,
                "pledged_on": on,
                "notes": "",
                "created_by": "demo",
                "_held": challenge["held_on"] if challenge else None,
            }
        )

    for c in challenges:
        for e in c["_participants"]:
            for _ in range(rng.choice((1, 1, 2))):
                add(e, c["held_on"], c)
    for e in rng.sample(employers, 8):  # pledged outside a challenge
        add(e, today - timedelta(days=rng.randrange(10, 200)), None)
    ids = session.scalars(_insert(Pledge, returning=True), [_db(r) for r in rows]).all()
    for row, pid in zip(rows, ids, strict=True):
        row["id"] = pid
    return rows


def _profiles(session: Session, rng: random.Random, today: date) -> list[dict[str, Any]]:
    adult = date(today.year - 18, today.month, min(today.day, 28))
    members = session.execute(
        select(DossierMember.id, DossierMember.dossier_id, Dossier.gemeente_id)
        .join(Dossier, Dossier.id == DossierMember.dossier_id)
        .where(DossierMember.birth_date.is_not(None), DossierMember.birth_date <= adult)
        .order_by(DossierMember.id)
    ).all()
    picked = sorted(rng.sample(list(members), min(PROFILES, len(members))), key=lambda m: m.id)
    sectors = list(_SECTORS)
    rows = [
        {
            "dossier_id": m.dossier_id,
            "member_id": m.id,
            "education_level": rng.choice(["geen", "basis", "mbo", "hbo", "wo"]),
            "experience_sectors": " ".join(rng.sample(sectors, rng.randrange(0, 3))),
            "experience_text": rng.choice(
                ["", "Werkte in een restaurant", "Ervaring in de bouw", "Chauffeur", "Kapper"]
            ),
            "language_level": rng.choice(LANGUAGE_LEVELS[:5]),
            "available_hours": rng.choice((16, 24, 32, 40)),
            "available_from": today - timedelta(days=rng.randrange(0, 120)),
            "interests": " ".join(rng.sample(sectors, rng.randrange(1, 3))),
            "max_travel_minutes": rng.choice((30, 45, 60)),
            "recorded_by": "Demo Consulent",
            "_gemeente_id": m.gemeente_id,
        }
        for m in picked
    ]
    if rows:
        session.execute(_insert(WorkProfile), [_db(r) for r in rows])
    return rows


def _candidates(
    session: Session,
    rng: random.Random,
    today: date,
    login: str | None,
    pledges: list[dict[str, Any]],
    profiles: list[dict[str, Any]],
    challenges: list[dict[str, Any]],
) -> int:
    by_gemeente: dict[int, list[dict[str, Any]]] = {}
    for p in profiles:
        by_gemeente.setdefault(p["_gemeente_id"], []).append(p)
    rows: list[dict[str, Any]] = []
    histories: list[list[dict[str, Any]]] = []
    opened: list[int] = []
    for pledge in pledges:
        start = pledge["_held"] or pledge["pledged_on"]
        age = (today - start).days
        if age < 3:
            continue
        pool = by_gemeente.get(pledge["gemeente_id"], [])
        if pledge["open_to_region"]:
            pool = pool + rng.sample(profiles, min(6, len(profiles)))
        if not pool:
            continue
        # A few pledges older than six weeks get nobody who fills them: the unfilled flag shows.
        stalled = age > 42 and rng.random() < 0.25
        if stalled and rng.random() < 0.4:
            opened.append(pledge["id"])
        fills = 0
        seen: set[int] = set()
        for _ in range(rng.randrange(1, pledge["places"] + 3)):
            person = rng.choice(pool)
            if person["member_id"] in seen:
                continue
            seen.add(person["member_id"])
            furthest = min(len(PIPELINE) - 1, max(0, int(age / 25) + rng.randrange(-2, 3)))
            if stalled:
                furthest = min(furthest, PIPELINE.index(CandidateStatus.GESPREK))
            stop = rng.random() < 0.22 and furthest < len(PIPELINE) - 1
            if PIPELINE[furthest].fills and not stop:
                if fills >= pledge["places"]:
                    furthest = PIPELINE.index(CandidateStatus.GESPREK)
                else:
                    fills += 1
            steps = list(PIPELINE[: furthest + 1]) + ([CandidateStatus.GESTOPT] if stop else [])
            span = max(1, min(age, 25 * len(steps)))
            days = sorted(start + timedelta(days=rng.randrange(0, span)) for _ in steps)
            days = [min(d, today) for d in days]
            status = steps[-1]
            reason = rng.choice(_REASONS) if stop else None
            reached = PIPELINE[furthest]
            consent = days[1] if furthest >= 1 else None
            consulent = (
                days[min(3, len(days) - 1)] if furthest >= PIPELINE.index(CandidateStatus.GESPREK) else None
            )
            due = None if status.ended else days[-1] + timedelta(days=rng.choice((7, 14, 21)))
            gid = person["_gemeente_id"]
            rows.append(
                {
                    "dossier_id": person["dossier_id"],
                    "member_id": person["member_id"],
                    "gemeente_id": gid,
                    "pledge_id": pledge["id"],
                    "status": status,
                    "status_on": days[-1],
                    "reason": reason,
                    "reason_text": "Volgt eerst een taaltraject" if reason is StopReason.ANDERS else "",
                    "next_step": _NEXT.get(reached, "") if not status.ended else "",
                    "next_due": due,
                    "candidate_consent_on": consent,
                    "candidate_consent_by": "Demo Consulent" if consent else "",
                    "consulent_consent_on": consulent,
                    "consulent_consent_by": "Demo Consulent" if consulent else "",
                    "score": rng.randrange(45, 96),
                    "explanation": "Taalniveau past; ervaring in de sector; reistijd kort",
                    "plan_action_id": None,
                    "proposed_by": login if login and rng.random() < 0.2 else "cons-demo",
                }
            )
            histories.append(
                [
                    {
                        "from_status": steps[i - 1] if i else None,
                        "to_status": s,
                        "on": days[i],
                        "by_login": "cons-demo",
                        "by_name": "Demo Consulent",
                        "reason": reason if s is CandidateStatus.GESTOPT else None,
                        "reason_text": rows[-1]["reason_text"] if s is CandidateStatus.GESTOPT else "",
                    }
                    for i, s in enumerate(steps)
                ]
            )
    if not rows:
        return 0
    ids = session.scalars(_insert(Candidate, returning=True), rows).all()
    changes = [{**h, "candidate_id": cid} for cid, hist in zip(ids, histories, strict=True) for h in hist]
    session.execute(_insert(CandidateStatusChange), changes)
    for pid in opened:  # opened to the region with the one click, after the six weeks
        opened_row = session.get(Pledge, pid)
        if opened_row is not None and not opened_row.open_to_region:
            opened_row.open_to_region = True
            opened_row.opened_to_region_on = min(
                today, (challenge_day(opened_row, challenges) or today) + timedelta(days=45)
            )
    return len(ids)


def challenge_day(pledge: Pledge, challenges: list[dict[str, Any]]) -> date | None:
    return next((c["held_on"] for c in challenges if c["id"] == pledge.challenge_id), None)
