"""The chapters of the user guide (one HTML file each in resources/help/) and which chapter belongs to
which page. A page chooses its chapter without the shell knowing modules: a page (or its current tab)
may carry ``help_chapter = "id"`` or ``"id#anchor"``; otherwise the module key decides (MODULE_CHAPTERS),
and the current tab's class may narrow it to an anchor (TAB_ANCHORS)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QTabWidget, QWidget

from app.resources import resource


@dataclass(frozen=True)
class Chapter:
    id: str  # the file name without .html
    title: str

    @property
    def path(self) -> Path:
        return resource("help", f"{self.id}.html")


# In the order of the chapter list.
CHAPTERS: list[Chapter] = [
    Chapter("vandaag", "Vandaag"),
    Chapter("uitwisselbord", "Uitwisselbord"),
    Chapter("voorspelling", "Hoe werkt de voorspelling?"),
    Chapter("dossiers", "Dossiers en warme overdracht"),
    Chapter("initiatieven", "Initiatieven (sociale kaart)"),
    Chapter("werkgevers", "Werkgevers en challenges"),
    Chapter("importeren-exporteren", "Importeren en exporteren"),
    Chapter("afdrukken", "Afdrukken"),
    Chapter("privacy", "Beheer, toegangslog en privacy"),
    Chapter("geen-verbinding", "Geen verbinding met de database"),
    Chapter("toegankelijkheid", "Toegankelijkheid"),
    Chapter("begrippen", "Begrippen"),
]
GLOSSARY = "begrippen"
FIRST = "vandaag"

# Module key (ModuleSpec.key) → chapter. A module not listed opens the first chapter.
MODULE_CHAPTERS: dict[str, str] = {
    "today": "vandaag",
    "board": "uitwisselbord",
    "cases": "dossiers",
    "directory": "initiatieven",
    "challenges": "werkgevers",
    "admin": "privacy",
}
# Class name of a page's current tab → anchor in the page's chapter.
TAB_ANCHORS: dict[str, str] = {
    "OverviewTab": "overzicht",
    "KoppelingenTab": "koppelingen",
    "DwellingsTab": "woningen",
    "ExchangeTab": "uitruil",
    "MatchingTab": "matching",
    "SwapPlanTab": "uitruilplan",
    "DossiersTab": "zoeken",
    "WorklistTab": "zoeken",
    "SearchTab": "zoeken",
    "CheckTab": "controleren",
    "GapsTab": "hiaten",
    "PlannerTab": "planner",
    "EmployersTab": "werkgevers",
    "CandidatesTab": "kandidaten",
    "DashboardTab": "dashboard",
    "UsersTab": "beheer",
    "RetentionTab": "beheer",
    "AuditTab": "toegangslog",
}


def chapter(chapter_id: str) -> Chapter:
    return next((c for c in CHAPTERS if c.id == chapter_id), CHAPTERS[0])


def _current_tab(page: QWidget) -> QWidget | None:
    tabs = page if isinstance(page, QTabWidget) else page.findChild(QTabWidget)
    return tabs.currentWidget() if tabs is not None else None


def topic_for_page(module_key: str | None, page: QWidget | None) -> str:
    """ "chapter" or "chapter#anchor" for the page shown: what F1 opens."""
    tab = _current_tab(page) if page is not None else None
    for widget in (tab, page):
        own = getattr(widget, "help_chapter", None)
        if isinstance(own, str) and own:
            return own
    base = MODULE_CHAPTERS.get(module_key or "", FIRST)
    anchor = TAB_ANCHORS.get(type(tab).__name__) if tab is not None else None
    return f"{base}#{anchor}" if anchor else base
