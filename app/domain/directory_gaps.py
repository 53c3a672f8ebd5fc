"""Gaps in the offer: where the directory is not *sluitend* (the bestuursovereenkomst's word).

Per municipality two questions, answered from plain values (no database, no Qt):

- which kinds of active initiative can its residents go to — running there, or open to the whole
  region — and how many of each;
- which languages the people of its open dossiers speak that no such initiative offers, and how many
  people speak each.

An initiative that runs "via tolk" does not count as offering a language: the interpreter is kept
apart, as in the search. A person who speaks two languages counts for both; people whose languages
are not filled in (or not understood) are counted apart, so a municipality with an empty column does
not look well served.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.directory import language_name, parse_languages

#: Kinds that are never a gap of their own: "overig" is a catch-all, not something a municipality
#: is expected to offer.
NOT_A_GAP_KINDS = frozenset({"overig"})


@dataclass(frozen=True)
class Offer:
    """One active initiative as the gaps see it."""

    kind: str
    runs_in: frozenset[str]  # cbs codes (the owner's when the initiative names none)
    open_to_region: bool
    languages: frozenset[str]  # ISO codes; "via tolk" not among them


@dataclass(frozen=True)
class KindCell:
    local: int  # initiatives of this kind running in the municipality
    regional: int  # others of this kind open to the region

    @property
    def total(self) -> int:
        return self.local + self.regional


@dataclass(frozen=True)
class LanguageCell:
    persons: int  # people of the municipality's open dossiers who speak it
    offers: int  # initiatives there or open to the region that offer it

    @property
    def is_gap(self) -> bool:
        return self.persons > 0 and self.offers == 0


@dataclass(frozen=True)
class Gap:
    """One row of the table: a kind or a language missing in one municipality, and who misses it."""

    gemeente_code: str
    gemeente_name: str
    what: str  # "soort" or "taal"
    code: str  # kind code or ISO language code
    label: str  # Dutch
    persons: int

    @property
    def what_label(self) -> str:
        return "Soort initiatief" if self.what == "soort" else "Taal"

    @property
    def explanation(self) -> str:
        if self.what == "taal":
            who = "1 mens spreekt het" if self.persons == 1 else f"{self.persons} mensen spreken het"
            return f"Geen initiatief in het {self.label}; {who}"
        who = "1 mens" if self.persons == 1 else f"{self.persons} mensen"
        return f"Geen {self.label} in de gemeente of open voor de regio; {who} in open dossiers"


@dataclass
class GapsReport:
    gemeenten: list[tuple[str, str]]  # (cbs code, name) in the order of the rows
    kinds: list[tuple[str, str]]  # (code, label) in the order of the kind columns
    languages: list[str]  # ISO codes in the order of the language columns (most spoken first)
    kind_cells: dict[tuple[str, str], KindCell]  # (gemeente, kind)
    language_cells: dict[tuple[str, str], LanguageCell]  # (gemeente, language)
    persons: dict[str, int]  # people in open dossiers per municipality
    unknown_language: dict[str, int]  # of them: languages empty or not understood
    gaps: list[Gap] = field(default_factory=list)

    def gemeente_name(self, code: str) -> str:
        return dict(self.gemeenten).get(code, code)

    def kind_matrix(self) -> list[list[int]]:
        """Rows municipalities, columns kinds: the initiatives residents can go to."""
        return [[self.kind_cells[(g, k)].total for k, _ in self.kinds] for g, _ in self.gemeenten]

    def language_matrix(self) -> list[list[int]]:
        """Rows municipalities, columns languages: the people who speak it."""
        return [[self.language_cells[(g, c)].persons for c in self.languages] for g, _ in self.gemeenten]

    def table(self) -> tuple[list[str], list[list[object]]]:
        """The gaps as a table: headers and rows (the CLI and the GUI show the same)."""
        headers = ["Gemeente", "Code", "Hiaat", "Wat ontbreekt", "Mensen"]
        rows: list[list[object]] = [
            [g.gemeente_name, g.gemeente_code, g.what_label, g.label, g.persons] for g in self.gaps
        ]
        return headers, rows


def language_persons(
    cells: Iterable[tuple[str, str, int]],
) -> tuple[dict[tuple[str, str], int], dict[str, int], dict[str, int]]:
    """From (gemeente code, languages cell, persons) rows: people per (gemeente, language), people
    per gemeente, and per gemeente the people whose cell names no language we know. Each distinct
    cell is parsed once."""
    parsed: dict[str, list[str]] = {}
    spoken: dict[tuple[str, str], int] = {}
    persons: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for code, cell, n in cells:
        persons[code] = persons.get(code, 0) + n
        text = cell or ""
        if text not in parsed:
            parsed[text] = parse_languages(text)[0]
        languages = parsed[text]
        if not languages:
            unknown[code] = unknown.get(code, 0) + n
        for language in languages:
            spoken[(code, language)] = spoken.get((code, language), 0) + n
    return spoken, persons, unknown


def compute_gaps(
    gemeenten: list[tuple[str, str]],
    kinds: list[tuple[str, str]],
    offers: Iterable[Offer],
    cells: Iterable[tuple[str, str, int]],
) -> GapsReport:
    """The report for ``gemeenten`` (code, name) and ``kinds`` (code, label), from the active
    ``offers`` and the household language ``cells`` (gemeente code, cell text, persons)."""
    offers = list(offers)
    codes = [g for g, _ in gemeenten]
    spoken, persons, unknown = language_persons(cells)
    kind_codes = [k for k, _ in kinds]
    kind_cells: dict[tuple[str, str], KindCell] = {}
    offered: dict[tuple[str, str], int] = {}
    for g in codes:
        local: dict[str, int] = {}
        regional: dict[str, int] = {}
        for offer in offers:
            if g in offer.runs_in:
                local[offer.kind] = local.get(offer.kind, 0) + 1
            elif offer.open_to_region:
                regional[offer.kind] = regional.get(offer.kind, 0) + 1
            else:
                continue
            for language in offer.languages:
                offered[(g, language)] = offered.get((g, language), 0) + 1
        for k in kind_codes:
            kind_cells[(g, k)] = KindCell(local.get(k, 0), regional.get(k, 0))
    # Columns: every language someone speaks, most spoken in the region first; then the languages
    # only offered (so the map also shows what is there without demand).
    totals: dict[str, int] = {}
    for (_g, language), n in spoken.items():
        totals[language] = totals.get(language, 0) + n
    languages = sorted(totals, key=lambda c: (-totals[c], language_name(c)))
    languages += sorted({c for _g, c in offered} - set(totals), key=language_name)
    language_cells = {
        (g, c): LanguageCell(spoken.get((g, c), 0), offered.get((g, c), 0)) for g in codes for c in languages
    }
    names = dict(gemeenten)
    labels = dict(kinds)
    gaps: list[Gap] = []
    for g in sorted(codes, key=lambda c: names[c]):
        here = persons.get(g, 0)
        language_gaps = [
            Gap(g, names[g], "taal", c, language_name(c), language_cells[(g, c)].persons)
            for c in languages
            if language_cells[(g, c)].is_gap
        ]
        kind_gaps = [
            Gap(g, names[g], "soort", k, labels[k], here)
            for k in kind_codes
            if k not in NOT_A_GAP_KINDS and kind_cells[(g, k)].total == 0
        ]
        gaps += sorted(language_gaps, key=lambda x: (-x.persons, x.label)) + kind_gaps
    return GapsReport(
        gemeenten=list(gemeenten),
        kinds=list(kinds),
        languages=languages,
        kind_cells=kind_cells,
        language_cells=language_cells,
        persons={g: persons.get(g, 0) for g in codes},
        unknown_language={g: unknown.get(g, 0) for g in codes},
        gaps=gaps,
    )


# -- words for the heat maps -------------------------------------------------------------------------


def _people(n: int) -> str:
    return "1 mens spreekt het" if n == 1 else f"{n} mensen spreken het"


def language_tip(gemeente: str, language: str, cell: LanguageCell) -> str:
    """ "Zeist: geen initiatief in het Tigrinya; 37 mensen spreken het"."""
    name = language_name(language)
    if cell.offers == 0:
        if cell.persons == 0:
            return f"{gemeente}: geen initiatief in het {name}; niemand in de dossiers spreekt het"
        return f"{gemeente}: geen initiatief in het {name}; {_people(cell.persons)}"
    offers = "1 initiatief" if cell.offers == 1 else f"{cell.offers} initiatieven"
    if cell.persons == 0:
        return f"{gemeente}: {offers} in het {name}; niemand in de dossiers spreekt het"
    return f"{gemeente}: {offers} in het {name}; {_people(cell.persons)}"


def kind_tip(gemeente: str, kind_label: str, cell: KindCell, persons: int) -> str:
    """ "Zeist: geen Taalcafé; 120 mensen in open dossiers" or "Zeist: 3 × Sport (2 in Zeist, 1 open
    voor de regio)"."""
    if cell.total == 0:
        who = "1 mens" if persons == 1 else f"{persons} mensen"
        return f"{gemeente}: geen {kind_label}; {who} in open dossiers"
    parts = []
    if cell.local:
        parts.append(f"{cell.local} in {gemeente}")
    if cell.regional:
        parts.append(f"{cell.regional} open voor de regio")
    return f"{gemeente}: {cell.total} × {kind_label} ({', '.join(parts)})"
