"""A varied synthetic directory for GUI tests and screenshots (the real demo generator is elsewhere):
every kind, languages, target groups and ages, places, open-to-region, some stale, some stopped."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Gemeente
from app.domain.directory import DEFAULT_KINDS, LANGUAGES, InitiativeStatus
from app.services.access import Actor
from app.services.directory import initiatives as di

_NAMES = {
    "taalmaatje": ["Taalmaatjes", "Samen Nederlands", "Taal doe je samen"],
    "taalcafe": ["Taalcafé", "Praatcafé", "Koffie & Taal"],
    "buddy": ["Buddyproject", "Maatje voor nieuwkomers", "Wegwijs"],
    "huiswerk": ["Huiswerkklas", "Leerhulp", "Huiswerkbegeleiding"],
    "sport": ["Zwemles voor vrouwen", "Voetbal voor iedereen", "Sport in de wijk"],
    "cultuur": ["Museum met elkaar", "Koor Nieuwe Stemmen", "Theater zonder grenzen"],
    "fietsles": ["Fietsles", "Op de fiets", "Fietsmaatjes"],
    "juridisch": ["Juridisch spreekuur", "Rechtswinkel", "Vraag het de advocaat"],
    "ontmoeting": ["Inloophuis", "Buurtkamer", "Ontmoetingsochtend"],
    "werk": ["Werkcoach", "Vrijwilligerswerk zoeken", "Sollicitatiehulp"],
    "gezondheid": ["Bewegen en ontspannen", "Wandelgroep", "Gezond koken"],
    "overig": ["Repair café", "Kledingbank", "Moestuin"],
}
_PLACES = ["De Brug", "Het Anker", "De Linde", "Oost", "Centrum", "Zuid", "De Kroon", "Overvecht"]
_ORGS = ["Stichting Samen", "Vluchtelingenwerk", "Humanitas", "Bibliotheek", "Buurtteam", "Rode Kruis"]
_PEOPLE = ["Anna de Vries", "Mohammed El Amrani", "Sanne Bakker", "Yonas Tesfay", "Petra Jansen", "Ali Rezai"]
_GROUPS = [["volwassenen"], ["iedereen"], ["kinderen"], ["jongeren"], ["kinderen", "jongeren"],
           ["vrouwen"], ["gezinnen"], ["statushouders"], ["volwassenen", "ouderen"]]  # fmt: skip
_AGES = {"kinderen": (4, 11), "jongeren": (12, 23), "volwassenen": (18, None), "ouderen": (65, None)}


def fill_directory(session: Session, actor: Actor, count: int = 150, *, seed: int = 14,
                   today: date | None = None) -> list[int]:  # fmt: skip
    """``count`` initiatives spread over the region's municipalities; returns their ids."""
    rnd = random.Random(seed)
    day = today or date.today()
    gemeenten = list(session.execute(select(Gemeente.id, Gemeente.cbs_code, Gemeente.name)))
    codes = list(LANGUAGES)
    ids: list[int] = []
    for n in range(count):
        kind = list(DEFAULT_KINDS)[n % len(DEFAULT_KINDS)]
        gid, code, gname = gemeenten[rnd.randrange(len(gemeenten))]
        groups = rnd.choice(_GROUPS)
        ages = [_AGES[g] for g in groups if g in _AGES]
        low = min((a[0] for a in ages), default=None)
        high = None if any(a[1] is None for a in ages) else max((a[1] for a in ages if a[1]), default=None)
        languages = ["nl", *rnd.sample(codes[1:], rnd.randrange(0, 4))]
        online = rnd.random() < 0.1
        place = rnd.choice(_PLACES)
        data = di.InitiativeInput(
            name=f"{rnd.choice(_NAMES[kind])} {place}" if n >= len(DEFAULT_KINDS) else _NAMES[kind][0],
            kind=kind, gemeente_id=gid, organisation=rnd.choice(_ORGS),
            description=f"{DEFAULT_KINDS[kind]} in {gname}: elke week, met vrijwilligers uit de buurt. "
                        f"Aanmelden kan bij de contactpersoon.",
            target_groups=groups, min_age=low, max_age=high, languages=languages,
            via_interpreter=rnd.random() < 0.15,
            gemeenten=[code] + ([gemeenten[rnd.randrange(len(gemeenten))][1]] if rnd.random() < 0.2 else []),
            open_to_region=rnd.random() < 0.3,
            places_available=rnd.choice([None, 0, 0, 1, 2, 3, 5, 8, 12]),
            waiting_list=rnd.random() < 0.2,
            schedule=rnd.choice(["maandag 19:00–21:00", "woensdagmiddag", "zaterdag 10:00–12:00",
                                 "op afspraak", "dinsdag en donderdag 9:30–11:30"]),
            address="" if online else f"{place}laan {rnd.randrange(1, 120)}, {gname}", online=online,
            accessibility=rnd.choice(["", "rolstoeltoegankelijk", "lift aanwezig"]),
            cost=rnd.choice(["gratis", "gratis", "€ 2 per keer", "€ 10 per jaar"]),
            contact_name=rnd.choice(_PEOPLE), contact_phone=f"030-{rnd.randrange(1000000, 9999999)}",
            contact_email=f"info{n}@voorbeeld.invalid", website=f"https://voorbeeld.invalid/{n}",
            status=rnd.choices(list(InitiativeStatus), weights=[85, 10, 5])[0],
        )  # fmt: skip
        entered = day - timedelta(days=rnd.randrange(0, 900))
        info = di.create_initiative(session, actor, data, today=entered)
        # A mix of fresh, "te controleren" and "mogelijk verouderd" entries.
        if rnd.random() < 0.7:
            checked = entered + timedelta(days=rnd.randrange(0, max(1, (day - entered).days + 1)))
            di.verify_initiative(session, actor, info.id, info.version, today=min(checked, day))
        ids.append(info.id)
    return ids
