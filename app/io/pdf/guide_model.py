"""What the newcomer guide ("Activiteiten bij u in de buurt") shows, as plain data, and its headings
in the newcomer's language.

The directory service fills it (app.services.directory.guide); app.io.pdf.initiatives_guide draws
it as a guide of its own or as one page of the maatschappelijke-begeleiding pack.

The heading translations are short on purpose: a newcomer who does not read Dutch yet can find
*what*, *when*, *where* and *whom to call*; the text itself stays in B1 Dutch, which the volunteer
or the begeleider can explain. They were written by the developers, not by sworn translators: have
a native speaker check them before the guide is handed out widely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Fit(StrEnum):
    """Why an initiative is where it is in the guide: the order of relevance for one language."""

    OWN = "own"  # offered in the newcomer's language
    INTERPRETER = "interpreter"  # an interpreter can be there
    DUTCH = "dutch"  # in Dutch
    OTHER = "other"  # in another language only (English, say)


@dataclass(frozen=True)
class GuideEntry:
    name: str
    kind_label: str
    organisation: str
    description: str
    languages: str  # Dutch names: "Nederlands, Arabisch"
    via_interpreter: bool
    schedule: str  # "Dinsdag 19.00–21.00" or "Op afspraak"
    where: str  # the address, "Online", or both
    cost: str
    places: str  # "3 plaatsen vrij", "Vol, er is een wachtlijst", "" when unknown
    contact: tuple[str, ...]  # person, phone, e-mail, website: the lines that are filled in
    fit: Fit
    local: bool  # runs in the municipality itself (else: open to the region)


@dataclass(frozen=True)
class Guide:
    gemeente_name: str  # "Zeist"
    language_code: str  # the newcomer's language the order and headings follow ("nl": none)
    language_name: str  # Dutch name: "Arabisch"
    entries: tuple[GuideEntry, ...]
    made_on: date
    organisation: str  # who hands it out: "Gemeente Zeist"


# -- headings -----------------------------------------------------------------------------------------

HEADING_KEYS = ("title", "language", "when", "where", "contact", "cost", "places")
FIT_KEYS = {Fit.OWN: "own", Fit.INTERPRETER: "interpreter", Fit.DUTCH: "dutch", Fit.OTHER: "other"}

DUTCH: dict[str, str] = {
    "title": "Activiteiten bij u in de buurt",
    "language": "Taal",
    "when": "Wanneer",
    "where": "Waar",
    "contact": "Contact",
    "cost": "Kosten",
    "places": "Plaatsen",
    "own": "In uw taal",
    "interpreter": "Met een tolk",
    "dutch": "In het Nederlands",
    "other": "In een andere taal",
}

_DARI_FARSI = {
    "title": "فعالیت های نزدیک شما",
    "language": "زبان",
    "where": "کجا",
    "contact": "تماس",
    "cost": "هزینه",
    "places": "جای خالی",
    "own": "به زبان شما",
    "other": "به زبان دیگر",
}

#: language code → heading → text. Languages not listed get the Dutch headings only.
HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Activities near you",
        "language": "Language",
        "when": "When",
        "where": "Where",
        "contact": "Contact",
        "cost": "Cost",
        "places": "Places",
        "own": "In your language",
        "interpreter": "With an interpreter",
        "dutch": "In Dutch",
        "other": "In another language",
    },
    "ar": {
        "title": "أنشطة قريبة منك",
        "language": "اللغة",
        "when": "متى",
        "where": "أين",
        "contact": "التواصل",
        "cost": "التكلفة",
        "places": "الأماكن",
        "own": "بلغتك",
        "interpreter": "مع مترجم",
        "dutch": "باللغة الهولندية",
        "other": "بلغة أخرى",
    },
    "ti": {
        "title": "ኣብ ከባቢኹም ዘለዉ ንጥፈታት",
        "language": "ቋንቋ",
        "when": "መዓስ",
        "where": "ኣበይ",
        "contact": "ርክብ",
        "cost": "ክፍሊት",
        "places": "ቦታታት",
        "own": "ብቋንቋኹም",
        "interpreter": "ብተርጓሚ",
        "dutch": "ብሆላንድኛ",
        "other": "ብካልእ ቋንቋ",
    },
    "prs": _DARI_FARSI | {"when": "چه وقت", "interpreter": "با ترجمان", "dutch": "به زبان هالندی"},
    "fa": _DARI_FARSI | {"when": "زمان", "interpreter": "با مترجم", "dutch": "به زبان هلندی"},
    "uk": {
        "title": "Заходи поруч із вами",
        "language": "Мова",
        "when": "Коли",
        "where": "Де",
        "contact": "Контакт",
        "cost": "Вартість",
        "places": "Місця",
        "own": "Вашою мовою",
        "interpreter": "З перекладачем",
        "dutch": "Нідерландською",
        "other": "Іншою мовою",
    },
    "so": {
        "title": "Hawlo kuu dhow",
        "language": "Luqadda",
        "when": "Goorma",
        "where": "Halkee",
        "contact": "Xiriir",
        "cost": "Qiimaha",
        "places": "Meelo bannaan",
        "own": "Luqaddaada",
        "interpreter": "Turjumaan",
        "dutch": "Luqadda Holandiiska",
        "other": "Luqad kale",
    },
    "tr": {
        "title": "Yakınınızdaki etkinlikler",
        "language": "Dil",
        "when": "Ne zaman",
        "where": "Nerede",
        "contact": "İletişim",
        "cost": "Ücret",
        "places": "Yer",
        "own": "Kendi dilinizde",
        "interpreter": "Tercüman ile",
        "dutch": "Hollandaca",
        "other": "Başka bir dilde",
    },
}
#: Written right to left (shaped and reordered before drawing: app.io.pdf.scripts).
RTL_LANGUAGES = frozenset({"ar", "prs", "fa"})
#: Written in Ge'ez (Ethiopic) script, which the main font lacks.
ETHIOPIC_LANGUAGES = frozenset({"ti"})


def heading(key: str, language_code: str) -> str | None:
    """The heading in the newcomer's language, or None (Dutch, or a language without translations)."""
    return HEADINGS.get(language_code, {}).get(key)


def heading_language(codes: list[str]) -> str:
    """The first of a household's languages that has headings ("nl" when none has)."""
    return next((c for c in codes if c in HEADINGS), "nl")
