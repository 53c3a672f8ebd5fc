"""Demo data of the volunteer-initiative directory: about 150 initiatives across the region's 16
municipalities, and referrals of demo dossiers to them in every status.

Every entry has an owning municipality; the check dates are spread so that the *Te controleren*
list and *mogelijk verouderd* both show, and some referrals wait for news (aangemeld three weeks
ago, gestart three months ago) so the follow-ups appear on the Vandaag page. Synthetic names only
(organisations, contacts, e-mail addresses under example.nl). Bulk inserts; deterministic per seed.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import (
    Dossier,
    DossierMember,
    Gemeente,
    Initiative,
    Referral,
    ReferralMember,
    ReferralStatusChange,
    User,
)
from app.demo.case_journey import _insert
from app.demo.fill import FIRST_NAMES, LAST_NAMES, DemoContext, _slug, contributor
from app.domain.case_dossier import MemberRole, fold
from app.domain.directory import (
    DEFAULT_KINDS,
    InitiativeStatus,
    ReferralReason,
    ReferralStatus,
    codes_text,
    months_before,
    parse_languages,
)
from app.domain.handover import ConsentMethod, ConsentStatus

TARGET_INITIATIVES = 150
REFERRAL_SHARE = 0.22  # of the filled dossiers in municipalities with initiatives

# kind → (name templates, description, target groups, (min age, max age) or None)
_KINDS: dict[str, list[tuple[str, str, str, tuple[int, int] | None]]] = {
    "taalmaatje": [
        (
            "Taalmaatjes {g}",
            "Een vrijwilliger oefent elke week een uur Nederlands met u, thuis of in de bieb.",
            "volwassenen",
            None,
        ),
        (
            "Taalhuis {g}: samen lezen",
            "Samen lezen en praten over wat u leest. Voor elk niveau.",
            "volwassenen",
            None,
        ),
    ],
    "taalcafe": [
        (
            "Taalcafé {n}",
            "Elke week Nederlands praten met buurtgenoten, met koffie en thee.",
            "iedereen",
            None,
        ),
        (
            "Praatgroep Nederlands {g}",
            "In een kleine groep Nederlands oefenen over het dagelijks leven.",
            "volwassenen",
            None,
        ),
    ],
    "buddy": [
        (
            "Maatjesproject {g}",
            "Een maatje helpt u de weg te vinden in de buurt en in de gemeente.",
            "volwassenen gezinnen",
            None,
        ),
        (
            "Gezinsmaatjes {n}",
            "Een vrijwilligersgezin trekt een jaar op met een nieuw gezin.",
            "gezinnen",
            None,
        ),
    ],
    "huiswerk": [
        ("Huiswerkklas {n}", "Hulp bij huiswerk en plannen, twee middagen per week.", "jeugd", (8, 18)),
        (
            "Bijles rekenen en taal",
            "Een vrijwilliger helpt uw kind met rekenen en begrijpend lezen.",
            "kinderen",
            (6, 12),
        ),
    ],
    "sport": [
        (
            "Zwemles voor vrouwen",
            "Leren zwemmen in een groep met alleen vrouwen en een vrouwelijke trainer.",
            "vrouwen",
            (16, 70),
        ),
        (
            "Voetbal voor iedereen {g}",
            "Elke week samen voetballen op het veld van de club.",
            "jongeren volwassenen",
            (12, 40),
        ),
        (
            "Jongerensport {n}",
            "Sporten met leeftijdsgenoten: voetbal, basketbal en fitness.",
            "jongeren",
            (12, 23),
        ),
        ("Wandelgroep {n}", "Samen wandelen door de omgeving, daarna koffie.", "iedereen", None),
    ],
    "cultuur": [
        (
            "Muziek maken in {g}",
            "Samen zingen en muziek maken. U hoeft geen noten te lezen.",
            "iedereen",
            None,
        ),
        ("Museumclub {n}", "Een keer per maand samen naar een museum in de regio.", "volwassenen", None),
    ],
    "fietsles": [
        (
            "Fietsles voor volwassenen",
            "Leren fietsen op een afgesloten plein, daarna de verkeersregels.",
            "volwassenen",
            (16, 80),
        ),
    ],
    "juridisch": [
        (
            "Spreekuur post en papieren {g}",
            "Hulp bij brieven van de gemeente, de Belastingdienst en andere instanties.",
            "volwassenen",
            None,
        ),
        (
            "Juridisch spreekuur {n}",
            "Vrijwillige juristen beantwoorden vragen over wonen, werk en gezinshereniging.",
            "volwassenen",
            None,
        ),
    ],
    "ontmoeting": [
        (
            "Koffieochtend {n}",
            "Elke week koffie drinken en kennismaken met mensen uit de buurt.",
            "iedereen",
            None,
        ),
        ("Vrouwencafé {g}", "Ontmoeten, praten en samen iets maken. Kinderen mogen mee.", "vrouwen", None),
        ("Samen eten in {n}", "Eén keer per maand koken en eten met buurtgenoten.", "iedereen", None),
    ],
    "werk": [
        (
            "Werkcoach {g}",
            "Een vrijwilliger helpt u met uw cv, een sollicitatie en uw eerste werkdag.",
            "volwassenen",
            (18, 67),
        ),
        (
            "Vrijwilligerswerk vinden",
            "Samen zoeken naar vrijwilligerswerk dat bij u past.",
            "volwassenen",
            None,
        ),
    ],
    "gezondheid": [
        (
            "Samen bewegen {n}",
            "Rustig bewegen in een groep, voor iedereen die fitter wil worden.",
            "volwassenen ouderen",
            None,
        ),
        ("Ouders en opvoeden {g}", "Ouders praten samen over opvoeden in Nederland.", "gezinnen", None),
    ],
    "overig": [
        (
            "Repair café {n}",
            "Samen kapotte spullen repareren: fietsen, kleding, apparaten.",
            "iedereen",
            None,
        ),
        ("Kledingpunt {g}", "Gratis kleding en speelgoed voor nieuwe inwoners.", "gezinnen", None),
    ],
}
_NOUNS = ["De Brug", "Het Anker", "De Linde", "Oost", "West", "Centrum", "De Kern", "Het Plein", "De Wijk",
          "Noord", "Zuid", "De Bieb", "Buurtkamer", "De Ontmoeting"]  # fmt: skip
_ORGS = ["Stichting Open Deur", "Vereniging Buurtkracht", "Stichting Nieuw Thuis", "Stichting Taalbrug",
         "Buurtteam {g}", "Stichting Samen {g}", "Welzijnshuis {g}", "Sportvereniging De Zwaluw",
         "Stichting Handen Ineen", "Vrijwilligerscentrale {g}", "Kerkelijk Diaconaat {g}",
         "Stichting Fietsvrienden", "Bibliotheek {g}"]  # fmt: skip
_STREETS = ["Dorpsstraat", "Kerkstraat", "Stationsweg", "Molenweg", "Schoolstraat", "Lindelaan", "Marktplein",
            "Julianalaan", "Beukenlaan", "Wilhelminastraat"]  # fmt: skip
_DAYS = ["Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag"]
_SLOTS = ["9.30–11.30", "10.00–12.00", "13.30–15.30", "15.30–17.00", "19.00–21.00", "19.30–21.30"]
_COSTS = ["Gratis"] * 7 + ["€ 1 per keer", "€ 2,50 per keer", "€ 5 per maand (met stadspas gratis)"]
# Languages volunteers offer besides Dutch, roughly as often as they come up in the region.
_OFFERED = (
    ["ar"] * 5 + ["en"] * 5 + ["ti"] * 3 + ["prs"] * 2 + ["fa"] * 2 + ["tr"] * 2 + ["so", "uk", "ku", "fr"]
)
_ACCESS = ["", "", "Rolstoeltoegankelijk", "Lift aanwezig", "Kinderopvang tijdens de les"]
_REASON_TEXT = {ReferralReason.ANDERS: "Tijden passen niet bij de inburgeringslessen."}


def _at(day: date, hour: int = 10) -> datetime:
    from datetime import UTC

    return datetime.combine(day, time(hour), UTC)


def _counts(gemeenten: list[Gemeente]) -> dict[int, int]:
    """Initiatives per municipality: a few everywhere, more where more people live."""
    base = 4
    total = sum(g.population for g in gemeenten) or 1
    spare = TARGET_INITIATIVES - base * len(gemeenten)
    return {g.id: base + round(spare * g.population / total) for g in gemeenten}


def _check_dates(rng: random.Random, today: date) -> tuple[date, date | None]:
    """(entered, last checked): most checked lately, some past the check period, some past both."""
    entered = today - timedelta(days=rng.randrange(40, 3 * 365))
    roll = rng.random()
    if roll < 0.62:  # checked in the last five months
        low = max(entered, today - timedelta(days=150))
    elif roll < 0.82:  # te controleren: 6–11 months ago
        low = max(entered, months_before(today, 11))
        entered = min(entered, months_before(today, 7))
        return entered, _between(rng, max(low, entered), months_before(today, 6) - timedelta(days=3))
    elif roll < 0.94:  # mogelijk verouderd: more than a year ago
        entered = min(entered, months_before(today, 14))
        return entered, _between(rng, entered, months_before(today, 12) - timedelta(days=5))
    else:  # never checked since it was entered
        return entered, None
    return entered, _between(rng, low, today - timedelta(days=2))


def _between(rng: random.Random, low: date, high: date) -> date:
    if high <= low:
        return low
    return low + timedelta(days=rng.randrange((high - low).days + 1))


def _initiative(
    rng: random.Random, g: Gemeente, codes: list[str], today: date, serial: int
) -> dict[str, Any]:
    kind = rng.choice(list(_KINDS))
    template, description, groups, ages = rng.choice(_KINDS[kind])
    if "{g}" not in template and "{n}" not in template:
        template += " {n}"  # "Fietsles voor volwassenen De Linde": no two entries alike
    name = template.format(g=g.name, n=rng.choice(_NOUNS))
    organisation = rng.choice(_ORGS).format(g=g.name)
    languages = ["nl"]
    if rng.random() < 0.7:
        for _ in range(rng.choice((1, 1, 2, 3))):
            code = rng.choice(_OFFERED)
            if code not in languages:
                languages.append(code)
    if kind == "taalmaatje" and rng.random() < 0.5:
        languages = ["nl"]  # many language buddies speak only Dutch, on purpose
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    online = rng.random() < 0.08
    by_appointment = kind in ("juridisch", "buddy", "werk") and rng.random() < 0.5
    slot = f"{rng.choice(_DAYS)} {rng.choice(_SLOTS)}"
    schedule = "Op afspraak" if by_appointment else slot
    if not by_appointment and rng.random() < 0.25:
        schedule = f"{slot} en {rng.choice(_DAYS).lower()} {rng.choice(_SLOTS)}"
    # Open to the whole region: mostly Dutch-language activities of the bigger places (a regional
    # language café in Arabic would hide every gap the demo is meant to show).
    open_region = rng.random() < 0.12
    if open_region:
        languages = languages[:1] + [c for c in languages[1:] if c in ("en", "ar")][:1]
    runs = [g.cbs_code]
    if rng.random() < 0.12:
        runs.append(rng.choice([c for c in codes if c != g.cbs_code]))
    places = None if rng.random() < 0.3 else rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15])
    status = InitiativeStatus.ACTIEF
    roll = rng.random()
    if roll < 0.06:
        status = InitiativeStatus.GESTOPT
    elif roll < 0.10:
        status = InitiativeStatus.TIJDELIJK_GESTOPT
    entered, checked = _check_dates(rng, today)
    changed = _between(rng, entered, checked or today)
    address = "" if online else f"{rng.choice(_STREETS)} {rng.randrange(1, 120)}, {g.name}"
    org_slug = _slug(organisation.replace(g.name, ""))[:24] or "vrijwilligers"
    checker = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    contact = f"{first} {last}"
    parts = [name, organisation, description, DEFAULT_KINDS[kind], contact, address, g.name]
    return {
        "gemeente_id": g.id,
        "name": name,
        "organisation": organisation,
        "description": description,
        "kind": kind,
        "target_groups": groups,
        "min_age": ages[0] if ages else None,
        "max_age": ages[1] if ages else None,
        "languages": codes_text(languages),
        "via_interpreter": rng.random() < 0.22,
        "gemeenten": codes_text(runs),
        "open_to_region": open_region,
        "places_available": places,
        "waiting_list": places == 0 and rng.random() < 0.7,
        "schedule": schedule,
        "by_appointment": by_appointment,
        "address": address,
        "online": online,
        "accessibility": rng.choice(_ACCESS),
        "cost": rng.choice(_COSTS),
        "contact_name": contact,
        "contact_phone": f"0{rng.randrange(30, 35)} {rng.randrange(100, 999)} {rng.randrange(10, 99)} "
        f"{rng.randrange(10, 99)}",
        "contact_email": f"{_slug(first)}.{_slug(last)}@{org_slug}.example.nl",
        "website": f"https://www.{org_slug}.example.nl/{serial}" if rng.random() < 0.6 else "",
        "status": status,
        "changed_at": _at(changed, 9 + rng.randrange(8)),
        "changed_by": checker,
        "checked_on": checked,
        "checked_by": checker if checked else "",
        "entered_on": entered,
        "search_text": fold(" ".join(p for p in parts if p))[:6000],
        "created_by": f"cp-{_slug(g.name)}",
    }


@contributor(50, "initiatieven en doorverwijzingen")
def fill_directory(session: Session, ctx: DemoContext) -> None:
    rng, today = random.Random(ctx.rng.random()), ctx.today
    gemeenten = list(session.scalars(select(Gemeente).order_by(Gemeente.cbs_code)))
    if not gemeenten:
        return
    codes = [g.cbs_code for g in gemeenten]
    rows: list[dict[str, Any]] = []
    for g in gemeenten:
        for _ in range(_counts(gemeenten)[g.id]):
            rows.append(_initiative(rng, g, codes, today, len(rows) + 1))
    ids = session.scalars(_insert(Initiative, returning=True), rows).all()
    for row, iid in zip(rows, ids, strict=True):
        row["id"] = iid
    ctx.report["initiatieven"] = len(ids)
    ctx.report["doorverwijzingen"] = _referrals(session, ctx, rng, gemeenten, rows)


def _candidates(rows: list[dict[str, Any]], g: Gemeente) -> list[dict[str, Any]]:
    return [
        r
        for r in rows
        if r["status"] is InitiativeStatus.ACTIEF
        and (g.cbs_code in r["gemeenten"].split() or r["open_to_region"])
    ]


def _pick_initiative(rng: random.Random, options: list[dict[str, Any]], spoken: list[str]) -> dict[str, Any]:
    """Mostly one that speaks a language of the household, as a coordinator would choose."""
    fitting = [r for r in options if set(r["languages"].split()) & set(spoken)]
    return rng.choice(fitting if fitting and rng.random() < 0.7 else options)


def _plan(rng: random.Random, today: date, linked: date) -> list[tuple[ReferralStatus, date]]:
    """The steps of one referral with their days, the last one where it stands now."""
    age = (today - linked).days
    roll = rng.random()
    if age > 115 and roll < 0.4:  # gestart over three months ago: "loopt het nog?"
        started = today - timedelta(days=rng.randrange(93, age - 20))
        return _started(rng, started)
    if age > 30 and 0.4 <= roll < 0.55:  # aangemeld over three weeks ago without news
        registered = today - timedelta(days=rng.randrange(22, min(age - 5, 60)))
        return [
            (ReferralStatus.VOORGESTELD, registered - timedelta(days=rng.randrange(1, 5))),
            (ReferralStatus.AANGEMELD, registered),
        ]
    kind = rng.random()
    if kind < 0.45:  # voorgesteld or aangemeld lately: news within the last weeks
        proposed = today - timedelta(days=rng.randrange(1, max(2, min(age - 1, 18))))
        steps = [(ReferralStatus.VOORGESTELD, proposed)]
        left = (today - proposed).days
        if kind >= 0.25 and left >= 2:
            steps.append((ReferralStatus.AANGEMELD, proposed + timedelta(days=rng.randrange(1, left))))
        return steps
    proposed = today - timedelta(days=rng.randrange(1, max(age - 2, 3)))
    steps = [(ReferralStatus.VOORGESTELD, proposed)]
    left = (today - proposed).days
    if left < 6:
        return steps
    registered = proposed + timedelta(days=rng.randrange(1, 5))
    steps.append((ReferralStatus.AANGEMELD, registered))
    left = (today - registered).days
    if kind < 0.62:
        day = registered + timedelta(days=rng.randrange(1, left))
        return [*steps, (ReferralStatus.NIET_GESTART, day)]
    started = registered + timedelta(days=rng.randrange(1, max(2, min(left, 14))))
    steps.append((ReferralStatus.GESTART, started))
    left = (today - started).days
    if kind < 0.82 and left > 14:
        steps.append((ReferralStatus.GESTOPT, started + timedelta(days=rng.randrange(7, left))))
    return steps


def _started(rng: random.Random, started: date) -> list[tuple[ReferralStatus, date]]:
    registered = started - timedelta(days=rng.randrange(3, 15))
    proposed = registered - timedelta(days=rng.randrange(1, 6))
    return [
        (ReferralStatus.VOORGESTELD, proposed),
        (ReferralStatus.AANGEMELD, registered),
        (ReferralStatus.GESTART, started),
    ]


def _referrals(
    session: Session,
    ctx: DemoContext,
    rng: random.Random,
    gemeenten: list[Gemeente],
    rows: list[dict[str, Any]],
) -> int:
    today = ctx.today
    by_id = {g.id: g for g in gemeenten}
    names = dict(session.execute(select(User.login, User.name)).all())
    dossiers = session.execute(
        select(Dossier.id, Dossier.gemeente_id, Dossier.linked_on)
        .where(Dossier.member_count > 0, Dossier.linked_on.is_not(None))
        .order_by(Dossier.id)
    ).all()
    members: dict[int, list[Any]] = {}
    for m in session.execute(
        select(DossierMember.id, DossierMember.dossier_id, DossierMember.role, DossierMember.birth_date,
               DossierMember.languages).order_by(DossierMember.id)
    ):  # fmt: skip
        members.setdefault(m.dossier_id, []).append(m)
    referral_rows: list[dict[str, Any]] = []
    member_rows: list[list[int]] = []
    change_rows: list[list[dict[str, Any]]] = []
    for did, gid, linked in dossiers:
        if linked is None or did not in members or rng.random() > REFERRAL_SHARE or (today - linked).days < 7:
            continue
        g = by_id[gid]
        options = _candidates(rows, g)
        if not options:
            continue
        household = members[did]
        spoken = parse_languages(household[0].languages)[0]
        target = _pick_initiative(rng, options, spoken)
        youth = (target["max_age"] or 120) < 30
        chosen = [
            m.id
            for m in household
            if (m.role is MemberRole.KIND) == youth
            and _fits(m.birth_date, today, target["min_age"], target["max_age"])
        ][: rng.choice((1, 1, 2))]
        if not chosen:
            continue
        steps = _plan(rng, today, linked)
        referrer = f"cons-{_slug(g.name)}"
        if ctx.login and g.cbs_code == "GM0344" and rng.random() < 0.5:
            referrer = ctx.login  # the demo user's own Vandaag page shows follow-ups too
        status, last_on = steps[-1]
        reason: ReferralReason | None = None
        if status is ReferralStatus.NIET_GESTART:
            reason = rng.choice(
                [ReferralReason.GEEN_PLEK, ReferralReason.PAST_NIET, ReferralReason.GEEN_CONTACT,
                 ReferralReason.ANDERS]
            )  # fmt: skip
        elif status is ReferralStatus.GESTOPT:
            reason = rng.choice(
                [ReferralReason.NIET_MEER_NODIG, ReferralReason.PAST_NIET, ReferralReason.VERHUISD]
            )
        reason_text = _REASON_TEXT.get(reason, "") if reason else ""
        when = dict(steps)
        method = rng.choice(list(ConsentMethod))
        referral_rows.append(
            {
                "dossier_id": did, "gemeente_id": gid, "initiative_id": target["id"], "status": status,
                "reason": reason, "reason_text": reason_text, "consent": ConsentStatus.GEGEVEN,
                "consent_on": steps[0][1], "consent_method": method,
                "consent_language": "Tigrinya" if method is ConsentMethod.INTERPRETER else "",
                "consent_recorded_by": names.get(referrer, referrer),
                "proposed_on": steps[0][1], "registered_on": when.get(ReferralStatus.AANGEMELD),
                "started_on": when.get(ReferralStatus.GESTART),
                "ended_on": last_on if status.ended else None, "last_news_on": last_on,
                "referred_by": referrer, "referred_by_name": names.get(referrer, referrer),
                "note": "", "plan_action_id": None,
                "created_at": _at(steps[0][1]), "updated_at": _at(last_on),
            }
        )  # fmt: skip
        member_rows.append(chosen)
        previous: ReferralStatus | None = None
        changes = []
        for step, day in steps:
            final = step is status and step.ended
            changes.append(
                {
                    "from_status": previous, "to_status": step, "on": day, "at": _at(day, 11),
                    "by_login": referrer, "by_name": names.get(referrer, referrer),
                    "reason": reason if final else None, "reason_text": reason_text if final else "",
                }
            )  # fmt: skip
            previous = step
        change_rows.append(changes)
    if not referral_rows:
        return 0
    ids = session.scalars(_insert(Referral, returning=True), referral_rows).all()
    session.execute(
        _insert(ReferralMember),
        [
            {"referral_id": rid, "member_id": mid}
            for rid, chosen in zip(ids, member_rows, strict=True)
            for mid in chosen
        ],
    )
    session.execute(
        _insert(ReferralStatusChange),
        [dict(c, referral_id=rid) for rid, changes in zip(ids, change_rows, strict=True) for c in changes],
    )
    return len(ids)


def _fits(born: date | None, today: date, low: int | None, high: int | None) -> bool:
    if born is None:
        return low is None and high is None
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return (low or 0) <= age <= (high if high is not None else 120)
