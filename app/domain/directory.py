"""The volunteer-initiative directory: what an initiative is, how it is found, when it must be checked,
and how a referral to it moves (voorgesteld → aangemeld → gestart → gestopt, or niet gestart).

Pure rules, no database and no Qt: the services load rows into ``InitiativeFacts`` and filter them
here, so the GUI, the command line and the benchmarks search the same way.

Lists (languages, target groups, municipalities where it runs) are stored as space-separated codes
in one column each (``"ar ti"``, ``"volwassenen vrouwen"``, ``"GM0344 GM0355"``): a search over
5,000 initiatives then reads one table, and the HSDS export spells them out into its own tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from app.domain.case_dossier import fold

# -- kinds ------------------------------------------------------------------------------------------

#: The kinds every directory starts with (code → label); a beheerder can add more (initiative_kinds).
DEFAULT_KINDS: dict[str, str] = {
    "taalmaatje": "Taalmaatje",
    "taalcafe": "Taalcafé",
    "buddy": "Buddy / maatje",
    "huiswerk": "Huiswerkbegeleiding",
    "sport": "Sport",
    "cultuur": "Cultuur",
    "fietsles": "Fietsles",
    "juridisch": "Juridisch spreekuur",
    "ontmoeting": "Ontmoeting",
    "werk": "Werk en vrijwilligerswerk",
    "gezondheid": "Gezondheid en welzijn",
    "overig": "Overig",
}
#: Kinds that are about learning Dutch: a referral to one lands in the plan's *onderwijs* domain.
LANGUAGE_KINDS = frozenset({"taalmaatje", "taalcafe", "huiswerk"})
KIND_CODE_MAX = 40


class InitiativeStatus(StrEnum):
    ACTIEF = "actief"
    TIJDELIJK_GESTOPT = "tijdelijk_gestopt"
    GESTOPT = "gestopt"

    @property
    def label(self) -> str:
        return {"actief": "Actief", "tijdelijk_gestopt": "Tijdelijk gestopt", "gestopt": "Gestopt"}[
            self.value
        ]


# -- target groups ----------------------------------------------------------------------------------

#: The basic groups (code → label). A compound group (below) stands for several of them.
TARGET_GROUPS: dict[str, str] = {
    "iedereen": "Iedereen",
    "volwassenen": "Volwassenen",
    "kinderen": "Kinderen (tot 12)",
    "jongeren": "Jongeren (12–23)",
    "vrouwen": "Vrouwen",
    "mannen": "Mannen",
    "gezinnen": "Gezinnen",
    "ouderen": "Ouderen (65+)",
    "statushouders": "Statushouders",
}
#: Compound groups as people say them: "jeugd" is children and young people.
COMPOUND_GROUPS: dict[str, frozenset[str]] = {
    "jeugd": frozenset({"kinderen", "jongeren"}),
    "ouders": frozenset({"gezinnen"}),
    "volwassen": frozenset({"volwassenen"}),
}
#: Who a group's age range is, for the "voor dit huishouden" search (inclusive years).
GROUP_AGES: dict[str, tuple[int, int]] = {
    "kinderen": (0, 11),
    "jongeren": (12, 23),
    "volwassenen": (18, 120),
    "ouderen": (65, 120),
}
AGE_MAX = 120


def expand_groups(codes: Iterable[str]) -> frozenset[str]:
    """The basic groups a set of (possibly compound) codes stands for."""
    out: set[str] = set()
    for code in codes:
        code = fold(code).strip()
        if not code:
            continue
        out |= COMPOUND_GROUPS.get(code, frozenset({code}))
    return frozenset(out)


def group_label(code: str) -> str:
    return TARGET_GROUPS.get(code, code)


# -- languages (ISO 639; 639-3 where 639-1 has none, such as Dari) ---------------------------------

#: code → Dutch name; the order is the order of the pick lists.
LANGUAGES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "Engels",
    "ar": "Arabisch",
    "ti": "Tigrinya",
    "prs": "Dari",
    "fa": "Farsi (Perzisch)",
    "ps": "Pasjtoe",
    "tr": "Turks",
    "ku": "Koerdisch",
    "so": "Somalisch",
    "am": "Amhaars",
    "uk": "Oekraïens",
    "ru": "Russisch",
    "fr": "Frans",
    "es": "Spaans",
    "de": "Duits",
    "ur": "Urdu",
    "tig": "Tigre",
    "om": "Oromo",
    "sw": "Swahili",
}
# Other names people write for the same language (folded).
_LANGUAGE_SYNONYMS = {
    "perzisch": "fa",
    "farsi": "fa",
    "pashto": "ps",
    "pasjtoe": "ps",
    "koerdisch (kurmanci)": "ku",
    "koerdisch (sorani)": "ku",
    "kurmanci": "ku",
    "sorani": "ku",
    "tigrinya": "ti",
    "tigrinja": "ti",
    "tigrigna": "ti",
    "arabic": "ar",
    "english": "en",
    "engels": "en",
    "dari": "prs",
    "oekraiens": "uk",
    "ukrainian": "uk",
    "somali": "so",
    "amhaars": "am",
    "amharic": "am",
    "turkish": "tr",
    "french": "fr",
    "russian": "ru",
    "dutch": "nl",
}
_BY_NAME = {fold(name).split(" (")[0]: code for code, name in LANGUAGES.items()} | _LANGUAGE_SYNONYMS
#: "via tolk" is not a language: it is kept apart (``Initiative.via_interpreter``).
INTERPRETER_WORDS = frozenset({"via tolk", "tolk", "met tolk", "tolk aanwezig"})


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def language_code(word: str) -> str | None:
    """The ISO code of a language written as a code or a (Dutch or English) name; None: unknown."""
    key = fold(word).strip().strip(".")
    if not key:
        return None
    if key in LANGUAGES:
        return key
    return _BY_NAME.get(key) or _BY_NAME.get(key.split(" (")[0])


def split_list(text: str) -> list[str]:
    """Words of a list as people type it: "Arabisch, Tigrinya / Engels en Dari"."""
    for sep in (";", "/", "|", "+", "\n", " en ", " & "):
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_languages(text: str) -> tuple[list[str], bool, list[str]]:
    """(codes, via interpreter, words not understood) of a languages cell or a member's languages."""
    codes: list[str] = []
    interpreter = False
    unknown: list[str] = []
    for word in split_list(text):
        if fold(word) in INTERPRETER_WORDS:
            interpreter = True
            continue
        code = language_code(word)
        if code is None:
            unknown.append(word)
        elif code not in codes:
            codes.append(code)
    return codes, interpreter, unknown


def codes_text(codes: Iterable[str]) -> str:
    """The stored form of a list of codes: unique, in the given order, space-separated."""
    seen: list[str] = []
    for code in codes:
        code = code.strip()
        if code and code not in seen:
            seen.append(code)
    return " ".join(seen)


def codes_of(stored: str) -> list[str]:
    return stored.split() if stored else []


# -- keeping it true --------------------------------------------------------------------------------

#: Months after the last check (or, never checked, after it was entered) that an initiative is
#: "te controleren"; after as many months again it is "mogelijk verouderd" in search results.
CHECK_AFTER_MONTHS = 6
STALE_AFTER_MONTHS = 6
CHECK_MONTHS_MIN, CHECK_MONTHS_MAX = 1, 36


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the last day of a shorter month)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


class Freshness(StrEnum):
    OK = "ok"
    TE_CONTROLEREN = "te_controleren"  # past the check period
    MOGELIJK_VEROUDERD = "mogelijk_verouderd"  # past the check period and the second period

    @property
    def label(self) -> str:
        return {"ok": "", "te_controleren": "Te controleren", "mogelijk_verouderd": "Mogelijk verouderd"}[
            self.value
        ]


def freshness(
    checked_on: date | None,
    entered_on: date,
    today: date,
    *,
    check_months: int = CHECK_AFTER_MONTHS,
    stale_months: int = STALE_AFTER_MONTHS,
) -> Freshness:
    """How true an entry still is: measured from the last *check*, never from the last change."""
    since = checked_on or entered_on
    if since > months_before(today, check_months):
        return Freshness.OK
    if since > months_before(today, check_months + stale_months):
        return Freshness.TE_CONTROLEREN
    return Freshness.MOGELIJK_VEROUDERD


# -- search -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InitiativeFacts:
    """What a search looks at, one per initiative (the services fill it from one row)."""

    id: int
    name: str
    kind: str
    status: InitiativeStatus
    owner_gemeente: str  # cbs code
    gemeenten: frozenset[str]  # cbs codes where it runs (the owner's when empty)
    open_to_region: bool
    languages: frozenset[str]
    via_interpreter: bool
    groups: frozenset[str]  # basic groups
    min_age: int | None
    max_age: int | None
    places_available: int | None
    waiting_list: bool
    online: bool
    checked_on: date | None
    entered_on: date
    search_text: str  # folded name, organisation, description, kind, contact, place


@dataclass(frozen=True)
class InitiativeFilter:
    """A coordinator's search. Every field empty/None: no restriction. Shown and cleared one by one
    in the GUI (``describe``)."""

    text: str = ""
    gemeente: str | None = None  # cbs code: runs there, or (with include_region) open to the region
    include_region: bool = True
    kinds: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()  # any of them
    groups: frozenset[str] = frozenset()  # any of them (compound codes allowed)
    ages: tuple[int, ...] = ()  # every age must fit the initiative's range
    places_only: bool = False
    statuses: frozenset[InitiativeStatus] = frozenset({InitiativeStatus.ACTIEF})
    unchecked_months: int | None = None  # not checked for longer than this
    owner_gemeente: str | None = None  # the "Te controleren" list: one owner's entries

    def is_empty(self) -> bool:
        return self == InitiativeFilter()


def runs_in(facts: InitiativeFacts, cbs: str) -> bool:
    return cbs in facts.gemeenten or (not facts.gemeenten and facts.owner_gemeente == cbs)


def _fits_ages(facts: InitiativeFacts, ages: tuple[int, ...]) -> bool:
    low = facts.min_age if facts.min_age is not None else 0
    high = facts.max_age if facts.max_age is not None else AGE_MAX
    return all(low <= age <= high for age in ages)


def matches(facts: InitiativeFacts, flt: InitiativeFilter, today: date, *, check_months: int) -> bool:
    if flt.statuses and facts.status not in flt.statuses:
        return False
    if flt.owner_gemeente is not None and facts.owner_gemeente != flt.owner_gemeente:
        return False
    if flt.gemeente is not None and not (
        runs_in(facts, flt.gemeente) or (flt.include_region and facts.open_to_region)
    ):
        return False
    if flt.kinds and facts.kind not in flt.kinds:
        return False
    if flt.languages and not (facts.languages & flt.languages):
        return False
    if flt.groups:
        wanted = expand_groups(flt.groups)
        if not ("iedereen" in facts.groups or not facts.groups or facts.groups & wanted):
            return False
    if flt.ages and not _fits_ages(facts, flt.ages):
        return False
    if flt.places_only and not (facts.places_available or 0) > 0:
        return False
    if flt.unchecked_months is not None:
        since = facts.checked_on or facts.entered_on
        if since > months_before(today, flt.unchecked_months):
            return False
    if flt.text:
        words = fold(flt.text).split()
        if not all(word in facts.search_text for word in words):
            return False
    del check_months  # the freshness shown beside a hit; it never hides one
    return True


def search(
    rows: Iterable[InitiativeFacts],
    flt: InitiativeFilter,
    today: date,
    *,
    check_months: int = CHECK_AFTER_MONTHS,
) -> list[InitiativeFacts]:
    """The rows that pass ``flt``, best first: those running in the searched municipality before
    those only open to the region, those with a matching language before the others, then by name."""

    def rank(f: InitiativeFacts) -> tuple[int, int, str]:
        local = 0 if flt.gemeente is None or runs_in(f, flt.gemeente) else 1
        spoken = len(f.languages & flt.languages) if flt.languages else 0
        return (local, -spoken, fold(f.name))

    return sorted((r for r in rows if matches(r, flt, today, check_months=check_months)), key=rank)


def describe(
    flt: InitiativeFilter, *, gemeente_names: dict[str, str], kind_labels: dict[str, str]
) -> list[tuple[str, str]]:
    """(field, Dutch text) per filter that is set, for the chips above the results."""
    out: list[tuple[str, str]] = []
    if flt.text.strip():
        out.append(("text", f"Tekst: “{flt.text.strip()}”"))
    if flt.gemeente is not None:
        name = gemeente_names.get(flt.gemeente, flt.gemeente)
        out.append(
            ("gemeente", f"Gemeente: {name}" + (" of open voor de regio" if flt.include_region else ""))
        )
    if flt.kinds:
        out.append(("kinds", "Soort: " + ", ".join(sorted(kind_labels.get(k, k) for k in flt.kinds))))
    if flt.languages:
        out.append(("languages", "Taal: " + ", ".join(sorted(language_name(c) for c in flt.languages))))
    if flt.groups:
        out.append(("groups", "Doelgroep: " + ", ".join(sorted(group_label(g) for g in flt.groups))))
    if flt.ages:
        out.append(("ages", "Leeftijd: " + ", ".join(str(a) for a in flt.ages)))
    if flt.places_only:
        out.append(("places_only", "Alleen met plek"))
    if flt.statuses != InitiativeFilter().statuses:
        shown = ", ".join(s.label for s in InitiativeStatus if s in flt.statuses) or "alle"
        out.append(("statuses", f"Status: {shown}"))
    if flt.unchecked_months is not None:
        out.append(("unchecked_months", f"Niet gecontroleerd in {flt.unchecked_months} maanden"))
    if flt.owner_gemeente is not None:
        out.append(
            ("owner_gemeente", f"Eigenaar: {gemeente_names.get(flt.owner_gemeente, flt.owner_gemeente)}")
        )
    return out


# -- referrals --------------------------------------------------------------------------------------


class ReferralStatus(StrEnum):
    VOORGESTELD = "voorgesteld"
    AANGEMELD = "aangemeld"
    GESTART = "gestart"
    GESTOPT = "gestopt"
    NIET_GESTART = "niet_gestart"

    @property
    def label(self) -> str:
        return "Niet gestart" if self is ReferralStatus.NIET_GESTART else self.value.capitalize()

    @property
    def ended(self) -> bool:
        return self in (ReferralStatus.GESTOPT, ReferralStatus.NIET_GESTART)


class ReferralReason(StrEnum):
    GEEN_PLEK = "geen_plek"
    PAST_NIET = "past_niet"
    GEEN_CONTACT = "geen_contact"
    NIET_MEER_NODIG = "niet_meer_nodig"
    VERHUISD = "verhuisd"
    ANDERS = "anders"

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    ReferralReason.GEEN_PLEK: "Geen plek",
    ReferralReason.PAST_NIET: "Past niet",
    ReferralReason.GEEN_CONTACT: "Geen contact gekregen",
    ReferralReason.NIET_MEER_NODIG: "Niet meer nodig",
    ReferralReason.VERHUISD: "Verhuisd",
    ReferralReason.ANDERS: "Anders",
}

#: The moves a referral may make; an ended one is final.
REFERRAL_MOVES: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.VOORGESTELD: frozenset({ReferralStatus.AANGEMELD, ReferralStatus.NIET_GESTART}),
    ReferralStatus.AANGEMELD: frozenset({ReferralStatus.GESTART, ReferralStatus.NIET_GESTART}),
    ReferralStatus.GESTART: frozenset({ReferralStatus.GESTOPT}),
    ReferralStatus.GESTOPT: frozenset(),
    ReferralStatus.NIET_GESTART: frozenset(),
}
#: Without news this long after *aangemeld*, and this long after *gestart*, the program asks.
NO_NEWS_AFTER = timedelta(weeks=3)
STILL_RUNNING_AFTER_MONTHS = 3
REASON_TEXT_MAX = 300


def move_errors(
    current: ReferralStatus, new: ReferralStatus, reason: ReferralReason | None, reason_text: str
) -> dict[str, str]:
    """Why a status change is not allowed ({} when it is): the machine above, and every ending
    with a coded reason ("anders" with a text)."""
    errors: dict[str, str] = {}
    if new not in REFERRAL_MOVES[current]:
        allowed = ", ".join(s.label.lower() for s in REFERRAL_MOVES[current]) or "niets meer (afgesloten)"
        errors["status"] = f"Een doorverwijzing die {current.label.lower()} is kan naar: {allowed}."
    if new.ended:
        if reason is None:
            errors["reason"] = "Kies een reden waarom het stopt of niet start."
        elif reason is ReferralReason.ANDERS and not reason_text.strip():
            errors["reason_text"] = "Vul bij 'Anders' de reden in."
    if len(reason_text.strip()) > REASON_TEXT_MAX:
        errors["reason_text"] = f"De toelichting is te lang (hoogstens {REASON_TEXT_MAX} tekens)."
    return errors


class FollowUp(StrEnum):
    NO_NEWS = "geen_nieuws"  # aangemeld, three weeks without news
    STILL_RUNNING = "loopt_het_nog"  # gestart three months ago

    @property
    def question(self) -> str:
        return (
            "Aangemeld, maar al drie weken geen nieuws: is het gestart?"
            if self is FollowUp.NO_NEWS
            else "Drie maanden geleden gestart: loopt het nog?"
        )


def follow_up(status: ReferralStatus, last_news_on: date, today: date) -> FollowUp | None:
    """The question the program asks the referrer about a referral, or None. ``last_news_on`` is
    the day of the last status change or answer ("loopt nog", "nog geen nieuws")."""
    if status is ReferralStatus.AANGEMELD and today - last_news_on >= NO_NEWS_AFTER:
        return FollowUp.NO_NEWS
    if status is ReferralStatus.GESTART and last_news_on <= months_before(today, STILL_RUNNING_AFTER_MONTHS):
        return FollowUp.STILL_RUNNING
    return None


@dataclass
class ReferralCounts:
    """Per initiative: referrals by status (what users of other municipalities see: counts only)."""

    by_status: dict[ReferralStatus, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())
