"""The domain words in plain Dutch (B1), for tooltips; the glossary chapter (resources/help/begrippen.html)
says the same at more length, with an anchor per term (tested to stay in step).

``header_tooltip`` gives the tooltip for a column header of the board's overview, so a coordinator who
wonders what "Gecorrigeerd" or "Uitruilsaldo" means reads it where she sees the word.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain.lateness import LATE_EXPLANATION, LATE_LABEL

MORE = "F1: meer in de handleiding"

# Anchor in begrippen.html → (term, short explanation). No QCoreApplication.translate at import: the
# texts are translated when asked for (a translator may be installed later).
TERMS: dict[str, tuple[str, str]] = {
    "taakstelling": (
        "Taakstelling",
        "Hoeveel vergunninghouders een gemeente in een halfjaar moet huisvesten. Het Rijk stelt het vast,"
        " naar rato van het aantal inwoners.",
    ),
    "achterstand": (
        "Achterstand / voorsprong",
        "Wat uit de vorige periode is meegenomen: + betekent dat er nog personen te huisvesten waren "
        "(achterstand), − dat er meer gehuisvest zijn dan nodig (voorsprong).",
    ),
    "gecorrigeerd": (
        "Gecorrigeerde taakstelling",
        "De taakstelling plus de achterstand (of min de voorsprong). Dit is het echte doel voor deze "
        "periode.",
    ),
    "realisatie": (
        "Gehuisvest (realisatie)",
        "Personen die in deze periode echt verhuisd zijn (verhuisdatum).",
    ),
    "wachtend": ("Wachtend", "Gekoppeld aan de gemeente, maar nog niet gehuisvest."),
    "te-laat": (LATE_LABEL, LATE_EXPLANATION),  # one definition: app.domain.lateness
    "peildatum": (
        "Peildatum",
        "De datum waarop een getal of een bestand klopt. Cijfers van een andere peildatum zijn niet "
        "zomaar te vergelijken.",
    ),
    "koppeling": (
        "Koppeling",
        "COA wijst een huishouden toe aan een gemeente. Vanaf dan moet de gemeente het huisvesten: 10 "
        "weken om een woning te vinden, 2 weken om te verhuizen.",
    ),
    "vergunninghouder": (
        "Vergunninghouder (statushouder)",
        "Iemand die een verblijfsvergunning asiel heeft gekregen en in een gemeente gaat wonen.",
    ),
    "uitruil": (
        "Uitruil",
        "Twee gemeenten helpen elkaar: de ene huisvest nu personen voor de andere, de andere betaalt dat "
        "later terug. Elke gemeente houdt haar eigen taakstelling.",
    ),
    "uitruilsaldo": (
        "Uitruilsaldo",
        "Hoeveel personen andere gemeenten deze gemeente nog schuldig zijn (+), of zij hun (−), door "
        "uitruilen die nog niet zijn terugbetaald.",
    ),
    "schuldenaar": (
        "Schuldenaar",
        "De gemeente die bij een uitruil nog personen moet teruggeven: een andere gemeente heeft voor "
        "haar gehuisvest.",
    ),
    "stand": (
        "Stand",
        "Of de gemeente achter ligt, op schema is of voor ligt ten opzichte van de gecorrigeerde "
        "taakstelling. De tekst zegt het; de kleur helpt alleen.",
    ),
    "voortgang": ("Voortgang", "Gehuisvest als deel van de gecorrigeerde taakstelling, in procenten."),
    "gekoppeld": (
        "Gekoppeld (op de peildatum)",
        "Personen die COA op de peildatum aan de gemeente gekoppeld heeft, ook wie uit de vorige periode "
        "nog wacht.",
    ),
    "nodig": (
        "Nodig (op de peildatum)",
        "Wat COA op de peildatum gekoppeld moet hebben: de hele gecorrigeerde taakstelling. Met (verw.): "
        "een verwachting, omdat de periode nog loopt.",
    ),
    "tekort": ("Tekort", "Personen die COA op de peildatum nog te weinig aan de gemeente gekoppeld heeft."),
    "verwacht": (
        "Verwacht",
        "Hoeveel personen er volgens de voorspelling aan het eind van de periode gehuisvest zijn.",
    ),
    "interval": (
        "80%-interval",
        "De marge van de voorspelling: in 8 van de 10 keer valt de uitkomst hiertussen.",
    ),
    "kans": ("Kans", "De kans dat de gemeente haar gecorrigeerde taakstelling in deze periode haalt."),
    "warme-overdracht": (
        "Warme overdracht",
        "Een dossier dat persoonlijk wordt doorgegeven aan wie de zorg overneemt. De ontvanger bevestigt "
        "dat het is aangekomen.",
    ),
    "challenge": (
        "Challenge",
        "Een bijeenkomst waar werkgevers plekken beloven voor vergunninghouders.",
    ),
    "v-nummer": ("V-nummer", "Het vreemdelingennummer van 10 cijfers dat COA en IND gebruiken."),
}

# Column header (as shown, line breaks and hyphenation left out: see ``plain``) → term in TERMS.
HEADER_TERMS: dict[str, str] = {
    "Taakstelling": "taakstelling",
    "Achterstand (+) voorsprong (−)": "achterstand",
    "Gecorrigeerd": "gecorrigeerd",
    "Gehuisvest pers.": "realisatie",
    "Gehuisvest huish.": "realisatie",
    "Wachtend pers.": "wachtend",
    "Wachtend huish.": "wachtend",
    "Te laat huish.": "te-laat",
    "Te laat": "te-laat",
    "Uitruilsaldo": "uitruilsaldo",
    "Stand": "stand",
    "Voortgang": "voortgang",
    "Verwacht pers.": "verwacht",
    "80%-interval": "interval",
    "Kans": "kans",
}
# Headers whose second line is a date ("Gekoppeld\n1-7-2026"): their first line → term.
HEADER_FIRST_LINES: dict[str, str] = {
    "Gekoppeld": "gekoppeld",
    "Nodig": "nodig",
    "Nodig (verw.)": "nodig",
    "Tekort": "tekort",
}


def _t(text: str) -> str:
    return QCoreApplication.translate("Glossary", text)


def plain(title: str) -> str:
    """A header as one line: "Taak-\\nstelling" → "Taakstelling", "Wachtend\\npers." → "Wachtend pers."."""
    lines = [line.strip() for line in title.splitlines() if line.strip()]
    text = ""
    for line in lines:
        if text.endswith("-"):  # "Taak-\nstelling" is one word; "80%-\ninterval" keeps its hyphen
            text = (text[:-1] if text[-2:-1].isalpha() else text) + line
            continue
        text = f"{text} {line}" if text else line
    return text


def explanation(anchor: str) -> str:
    """'Term: explanation' for a glossary anchor, translated."""
    term, text = TERMS[anchor]
    return f"{_t(term)}: {_t(text)}"


def header_tooltip(title: str) -> str | None:
    """The tooltip for an overview column header: what the word means and that F1 tells more; None for a
    header that is no glossary word (Gemeente, Won. 2 sk, …)."""
    first_line = title.split("\n", 1)[0].strip()
    anchor = HEADER_TERMS.get(plain(title)) or HEADER_FIRST_LINES.get(first_line)
    if anchor is None:
        return None
    return f"{explanation(anchor)}\n{_t(MORE)}"


def header_tooltips(titles: list[str]) -> dict[str, str]:
    """Header title (exactly as given) → tooltip, for the headers that are glossary words."""
    return {title: tip for title in titles if (tip := header_tooltip(title)) is not None}
