"""Cells of a directory sheet: languages, target groups, age ranges, kinds, status, places.

Each parser takes one raw cell and returns a value that reads well in the preview (``str()`` of
it is Dutch), or None for an empty cell, or raises CellError with a Dutch message naming what
was not understood. The words are the domain's (app.domain.directory); what people type beside
them ("jeugd", "12-18 jaar", "Arabisch, Tigrinya, via tolk", "vol") is understood here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.case_dossier import fold
from app.domain.directory import (
    AGE_MAX,
    COMPOUND_GROUPS,
    TARGET_GROUPS,
    InitiativeStatus,
    codes_text,
    group_label,
    language_name,
    parse_languages,
    split_list,
)
from app.io.excel.values import CellError, parse_gemeente, parse_text, show_cell

#: What a cell may say to empty a field in a correction column ("Nieuw: …"): an empty cell there
#: means "no correction".
CLEAR_WORDS = frozenset({"-", "(leeg)", "leeg", "geen", "wissen", "weg"})


# -- languages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Languages:
    codes: tuple[str, ...]
    interpreter: bool

    def __str__(self) -> str:
        return languages_text(self.codes, self.interpreter)


def languages_text(codes: tuple[str, ...] | list[str], interpreter: bool) -> str:
    """'Arabisch, Tigrinya, via tolk' (what the export writes and the import reads back)."""
    names = [language_name(c) for c in codes]
    return ", ".join([*names, "via tolk"] if interpreter else names)


def parse_language_cell(value: Any) -> Languages | None:
    text = parse_text(value)
    if text is None:
        return None
    codes, interpreter, unknown = parse_languages(text)
    if unknown:
        words = ", ".join(f"'{w}'" for w in unknown)
        raise CellError(
            f"onbekende taal {words}. Schrijf de taal voluit (bijvoorbeeld Arabisch, Tigrinya, Dari) "
            "of als ISO-code (ar, ti, prs); 'via tolk' mag erbij."
        )
    return Languages(tuple(codes), interpreter)


# -- target groups -------------------------------------------------------------------------------

# What people write (folded) -> the basic groups it stands for.
_GROUP_WORDS: dict[str, tuple[str, ...]] = {
    **{code: (code,) for code in TARGET_GROUPS},
    **{fold(label).split(" (")[0]: (code,) for code, label in TARGET_GROUPS.items()},
    **{code: tuple(sorted(groups)) for code, groups in COMPOUND_GROUPS.items()},
    "alle": ("iedereen",), "alle leeftijden": ("iedereen",), "alle inwoners": ("iedereen",),
    "kind": ("kinderen",), "jeugd": ("kinderen", "jongeren"), "jongere": ("jongeren",),
    "tieners": ("jongeren",), "jongvolwassenen": ("jongeren",), "volwassene": ("volwassenen",),
    "vrouw": ("vrouwen",), "meiden": ("vrouwen",), "man": ("mannen",), "gezin": ("gezinnen",),
    "families": ("gezinnen",), "ouders en kinderen": ("gezinnen",), "senioren": ("ouderen",),
    "65+": ("ouderen",), "nieuwkomers": ("statushouders",), "vluchtelingen": ("statushouders",),
    "statushouder": ("statushouders",),
}  # fmt: skip


@dataclass(frozen=True)
class Groups:
    codes: tuple[str, ...]

    def __str__(self) -> str:
        return groups_text(self.codes)


def groups_text(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(group_label(c) for c in codes)


def parse_group_cell(value: Any) -> Groups | None:
    text = parse_text(value)
    if text is None:
        return None
    codes: list[str] = []
    unknown: list[str] = []
    for word in split_list(text):
        key = fold(word).strip().strip(".")
        found = _GROUP_WORDS.get(key) or _GROUP_WORDS.get(key.split(" (")[0].strip())
        if found is None:
            unknown.append(word)
        else:
            codes += [c for c in found if c not in codes]
    if unknown:
        words = ", ".join(f"'{w}'" for w in unknown)
        known = ", ".join(label.split(" (")[0].lower() for label in TARGET_GROUPS.values())
        raise CellError(f"onbekende doelgroep {words}. Kies uit: {known}, of 'jeugd'.")
    return Groups(tuple(codes_text(codes).split()))


# -- ages ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeRange:
    low: int | None
    high: int | None

    def __str__(self) -> str:
        return age_text(self.low, self.high)


def age_text(low: int | None, high: int | None) -> str:
    """'12-18 jaar', 'vanaf 16 jaar', 'tot en met 11 jaar', '' (no limit)."""
    if low is None and high is None:
        return ""
    if high is None:
        return f"vanaf {low} jaar"
    if low is None:
        return f"tot en met {high} jaar"
    return f"{low} jaar" if low == high else f"{low}-{high} jaar"


_NUMBER = r"(\d{1,4})"
_AGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_NUMBER}\s*(?:-|–|—|t/m|tm|tot en met|tot|to)\s*{_NUMBER}$"), "range"),
    (re.compile(rf"^(?:vanaf|va|from|boven|ouder dan)\s*{_NUMBER}$"), "from"),
    (re.compile(rf"^{_NUMBER}\s*(?:\+|en ouder|en hoger|of ouder|plus)$"), "from"),
    (re.compile(rf"^(?:tot en met|t/m|tm|hoogstens|maximaal|max)\s*{_NUMBER}$"), "upto"),
    (re.compile(rf"^(?:tot|onder|jonger dan)\s*{_NUMBER}$"), "below"),
    (re.compile(rf"^{_NUMBER}\s*(?:-|en jonger|of jonger)$"), "upto"),
    (re.compile(rf"^{_NUMBER}$"), "one"),
]
_NO_LIMIT = frozenset({"alle", "alle leeftijden", "iedereen", "geen", "geen leeftijdsgrens", "n.v.t.", "nvt"})


def parse_age_cell(value: Any) -> AgeRange | None:
    """'12-18 jaar', '12 t/m 18', 'vanaf 16', '16+', 'tot 12' (= t/m 11), 'alle leeftijden'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = parse_text(value) or ""
    else:
        text = parse_text(value) or ""
    if not text:
        return None
    key = fold(text).strip().rstrip(".")
    key = re.sub(r"\s*\bjaar\b\s*", " ", key).strip()
    if key in _NO_LIMIT:
        return AgeRange(None, None)
    for pattern, how in _AGE_PATTERNS:
        match = pattern.match(key)
        if not match:
            continue
        numbers = [int(g) for g in match.groups()]
        low, high = {
            "range": (numbers[0], numbers[-1]),
            "from": (numbers[0], None),
            "upto": (None, numbers[0]),
            "below": (None, numbers[0] - 1),
            "one": (numbers[0], numbers[0]),
        }[how]
        for n in (low, high):
            if n is not None and not 0 <= n <= AGE_MAX:
                raise CellError(
                    f"{n} kan niet; een leeftijd ligt tussen 0 en {AGE_MAX} jaar.", labelled=True
                )
        if low is not None and high is not None and low > high:
            raise CellError(f"'{show_cell(text)}': de eerste leeftijd is hoger dan de tweede.")
        return AgeRange(low, high)
    raise CellError(
        f"'{show_cell(text)}' is geen leeftijd. Schrijf bijvoorbeeld 12-18 jaar, vanaf 16 of tot 12."
    )


# -- closed lists --------------------------------------------------------------------------------

_KIND_WORDS: dict[str, str] = {
    "taalmaatjes": "taalmaatje", "taalcoach": "taalmaatje", "taalcoaches": "taalmaatje",
    "taal cafe": "taalcafe", "taalhuis": "taalcafe", "maatje": "buddy", "maatjes": "buddy",
    "buddy": "buddy", "buddyproject": "buddy", "maatjesproject": "buddy", "huiswerkhulp": "huiswerk",
    "huiswerkklas": "huiswerk", "bijles": "huiswerk", "sporten": "sport", "kunst": "cultuur",
    "muziek": "cultuur", "fietsen": "fietsles", "fietslessen": "fietsles", "spreekuur": "juridisch",
    "rechtshulp": "juridisch", "juridisch advies": "juridisch", "inloop": "ontmoeting",
    "koffieochtend": "ontmoeting", "vrijwilligerswerk": "werk", "werk": "werk", "welzijn": "gezondheid",
    "gezondheid": "gezondheid", "anders": "overig", "overige": "overig",
}  # fmt: skip


@dataclass(frozen=True)
class Choice:
    code: str
    label: str

    def __str__(self) -> str:
        return self.label


def kind_parser(kinds: Mapping[str, str]) -> Callable[[Any], Choice | None]:
    """The kinds list (code -> label, the beheerder's additions included) by code, label or an
    everyday word for it."""
    words = {fold(code): code for code in kinds} | {fold(label): code for code, label in kinds.items()}
    words |= {w: c for w, c in _KIND_WORDS.items() if c in kinds and w not in words}

    def parse(value: Any) -> Choice | None:
        text = parse_text(value)
        if text is None:
            return None
        key = fold(text).strip().rstrip(".")
        code = words.get(key) or words.get(key.replace("-", " ")) or words.get(key.replace(" ", ""))
        if code is None:
            known = ", ".join(kinds.values())
            raise CellError(f"onbekende soort '{show_cell(text)}'. Kies uit: {known}.")
        return Choice(code, kinds[code])

    return parse


_STATUS_WORDS = {
    "actief": InitiativeStatus.ACTIEF, "loopt": InitiativeStatus.ACTIEF, "ja": InitiativeStatus.ACTIEF,
    "open": InitiativeStatus.ACTIEF, "tijdelijk gestopt": InitiativeStatus.TIJDELIJK_GESTOPT,
    "tijdelijk_gestopt": InitiativeStatus.TIJDELIJK_GESTOPT, "tijdelijk": InitiativeStatus.TIJDELIJK_GESTOPT,
    "gepauzeerd": InitiativeStatus.TIJDELIJK_GESTOPT, "pauze": InitiativeStatus.TIJDELIJK_GESTOPT,
    "zomerstop": InitiativeStatus.TIJDELIJK_GESTOPT, "gestopt": InitiativeStatus.GESTOPT,
    "beeindigd": InitiativeStatus.GESTOPT, "opgeheven": InitiativeStatus.GESTOPT,
    "nee": InitiativeStatus.GESTOPT, "gesloten": InitiativeStatus.GESTOPT,
}  # fmt: skip


def parse_status_cell(value: Any) -> Choice | None:
    text = parse_text(value)
    if text is None:
        return None
    status = _STATUS_WORDS.get(fold(text).strip().rstrip("."))
    if status is None:
        raise CellError(f"'{show_cell(text)}' is geen status. Kies uit: actief, tijdelijk gestopt, gestopt.")
    return Choice(status.value, status.label)


def parse_places_cell(value: Any) -> int | None:
    """Places available: a number from 0 to 10.000; 'vol' and 'geen' are 0."""
    text = parse_text(value)
    if text is None:
        return None
    if fold(text).strip().rstrip(".") in {"vol", "geen", "volgeboekt", "nee"}:
        return 0
    try:
        number = int(text.replace(".", "")) if re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", text) else None
    except ValueError:
        number = None
    if number is None:
        raise CellError(f"'{show_cell(text)}' is geen aantal plaatsen (een getal, of 'vol').")
    if number > 10_000:
        raise CellError(f"{number} plaatsen is te veel (hoogstens 10.000).", labelled=True)
    return number


def parse_phone_cell(value: Any) -> str | None:
    """A phone number as text; one Excel stored as a number lost its leading 0 (030… -> 30…)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = parse_text(value) or ""
        return "0" + digits if len(digits) == 9 else digits
    return parse_text(value)


@dataclass(frozen=True)
class Places:
    """Municipalities where it runs (cbs codes) and their names for the preview."""

    codes: tuple[str, ...]
    names: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join(self.names)


def gemeenten_parser(lookup: Mapping[str, str], names: Mapping[str, str]) -> Callable[[Any], Places | None]:
    """'Zeist, Bunnik / De Bilt' -> their cbs codes; an unknown name is a row error."""

    def parse(value: Any) -> Places | None:
        text = parse_text(value)
        if text is None:
            return None
        codes: list[str] = []
        for word in split_list(text):
            code = parse_gemeente(word, lookup)
            if code is not None and code not in codes:
                codes.append(code)
        return Places(tuple(codes), tuple(names.get(c, c) for c in codes))

    return parse


def clear_or(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A correction cell: '-' or '(leeg)' empties the field (returned as CLEARED); else ``parse``."""

    def parsed(value: Any) -> Any:
        text = parse_text(value)
        if text is not None and fold(text).strip() in CLEAR_WORDS:
            return CLEARED
        return parse(value)

    return parsed


class _Cleared:
    def __str__(self) -> str:
        return "(leegmaken)"

    def __repr__(self) -> str:
        return "CLEARED"


CLEARED: Any = _Cleared()
