"""How an initiative's facts read in the tables, cards and the detail pane (plain Dutch). No widgets."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.directory import Freshness, group_label, language_name
from app.services.directory.search import InitiativeRow

# Freshness → (background, text colour) of its badge; "ok" has none.
FRESHNESS_COLORS: dict[Freshness, tuple[str, str]] = {
    Freshness.TE_CONTROLEREN: ("#fff4ce", "#7a5a00"),
    Freshness.MOGELIJK_VEROUDERD: ("#fde7e9", "#a4262c"),
}


def names_of(codes: Iterable[str], gemeente_names: dict[str, str]) -> str:
    return ", ".join(gemeente_names.get(c, c) for c in codes)


def where_text(row: InitiativeRow, gemeente_names: dict[str, str]) -> str:
    """Where it runs: its municipalities, online, and whether the region may come."""
    parts = [names_of(row.gemeenten, gemeente_names)]
    if row.online:
        parts.append("online")
    text = ", ".join(p for p in parts if p)
    return text + (" · open voor de regio" if row.open_to_region else "")


def languages_text(codes: Iterable[str], via_interpreter: bool = False) -> str:
    text = ", ".join(language_name(c) for c in codes)
    if via_interpreter:
        text = f"{text} (ook via tolk)" if text else "via tolk"
    return text


def groups_text(codes: Iterable[str]) -> str:
    return ", ".join(group_label(c) for c in codes) or "Iedereen"


def ages_text(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "alle leeftijden"
    if high is None:
        return f"vanaf {low} jaar"
    if low is None or low == 0:
        return f"tot en met {high} jaar"
    return f"{low}–{high} jaar"


def places_text(places: int | None, waiting_list: bool) -> str:
    if places is None:
        text = "niet bekend"
    elif places == 0:
        text = "vol"
    elif places == 1:
        text = "1 plek vrij"
    else:
        text = f"{places} plekken vrij"
    return text + (", wachtlijst" if waiting_list else "")
