"""Counted words in Dutch: "1 persoon", "3 personen" — never "1 personen" or "slaapkamer(s)".

One place for the nouns the program counts, and one abbreviation for a bedroom ("slpk.") wherever
space is short (the board's column headers, a dwelling in a list).
"""

from __future__ import annotations

BEDROOMS_SHORT = "slpk."

# noun -> (singular, plural)
NOUNS: dict[str, tuple[str, str]] = {
    "persoon": ("persoon", "personen"),
    "bewoner": ("bewoner", "bewoners"),
    "slaapkamer": ("slaapkamer", "slaapkamers"),
    "dag": ("dag", "dagen"),
    "week": ("week", "weken"),
    "rij": ("rij", "rijen"),
    "huishouden": ("huishouden", "huishoudens"),
    "woning": ("woning", "woningen"),
    "voorstel": ("voorstel", "voorstellen"),
    "gezinslid": ("gezinslid", "gezinsleden"),
}


def count(n: int, noun: str) -> str:
    """``n`` and the noun in the right number: count(1, "dag") == "1 dag", count(0, "dag") == "0 dagen"."""
    one, many = NOUNS[noun]
    return f"{_number(n)} {one if n == 1 else many}"


def word(n: int, noun: str) -> str:
    """Only the noun, in the number that goes with ``n`` (for texts that place the number apart)."""
    one, many = NOUNS[noun]
    return one if n == 1 else many


def bedrooms_short(n: int) -> str:
    """A dwelling's size where space is short: "studio", "3 slpk."."""
    return "studio" if n == 0 else f"{n} {BEDROOMS_SHORT}"


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # 1.250, as Dutch readers write it
