"""Pure rules of a household's dossier: roles, milestones, NOA parts, plan domains, voorinburgering.

The NOA assessment is recorded only as *which part was done, when and by whom*: answers and scores
never enter this program (data minimisation; see DESIGN.md §6).
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

#: Voorinburgering in the AZC: 158 hours in all, of which 121 are Dutch language lessons.
PRE_INTEGRATION_HOURS = 158
PRE_INTEGRATION_LANGUAGE_HOURS = 121


class DossierStatus(StrEnum):
    OPEN = "open"
    GESLOTEN = "gesloten"

    @property
    def label(self) -> str:
        return "Open" if self is DossierStatus.OPEN else "Gesloten"


class MemberRole(StrEnum):
    HOOFDAANVRAGER = "hoofdaanvrager"
    PARTNER = "partner"
    KIND = "kind"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def order(self) -> int:
        """Household order in lists and packs: head first, children last but one."""
        return list(MemberRole).index(self)


class MilestoneKind(StrEnum):
    """The journey from koppeling to a settled household, in order (seed plan, chapter 2)."""

    GEKOPPELD = "gekoppeld"
    RECHTEN_PLICHTEN = "rechten_plichten"
    NOA = "noa"
    INTAKE = "intake"
    PLAN_VASTGESTELD = "plan_vastgesteld"
    VERHUISD = "verhuisd"
    OVERDRACHTEN_AFGEROND = "overdrachten_afgerond"

    @property
    def label(self) -> str:
        return _MILESTONE_LABELS[self]


_MILESTONE_LABELS = {
    MilestoneKind.GEKOPPELD: "Gekoppeld aan de gemeente",
    MilestoneKind.RECHTEN_PLICHTEN: "Gesprek rechten en plichten",
    MilestoneKind.NOA: "NOA-assessment afgerond",
    MilestoneKind.INTAKE: "Intakegesprek",
    MilestoneKind.PLAN_VASTGESTELD: "Plan van aanpak vastgesteld",
    MilestoneKind.VERHUISD: "Verhuisd naar de gemeente",
    MilestoneKind.OVERDRACHTEN_AFGEROND: "Warme overdrachten afgerond",
}


class NoaPart(StrEnum):
    ACHTERGROND = "achtergrond"
    PTSS = "ptss"
    EMOTIONELE_STABILITEIT = "emotionele_stabiliteit"
    TAAL_NL = "taal_nl"
    TAAL_EN = "taal_en"
    LEERBAARHEID = "leerbaarheid"
    WERKMOTIVATIE = "werkmotivatie"
    PERSOONLIJKHEID = "persoonlijkheid"
    COMPETENTIES = "competenties"

    @property
    def label(self) -> str:
        return _NOA_LABELS[self]


_NOA_LABELS = {
    NoaPart.ACHTERGROND: "Achtergrond en zelfredzaamheid",
    NoaPart.PTSS: "PTSS-screening",
    NoaPart.EMOTIONELE_STABILITEIT: "Emotionele stabiliteit",
    NoaPart.TAAL_NL: "Taaltoets Nederlands",
    NoaPart.TAAL_EN: "Taaltoets Engels",
    NoaPart.LEERBAARHEID: "Leerbaarheid",
    NoaPart.WERKMOTIVATIE: "Werkmotivatie en zoekgedrag",
    NoaPart.PERSOONLIJKHEID: "Persoonlijkheid",
    NoaPart.COMPETENTIES: "Competenties",
}


class PlanDomain(StrEnum):
    """The four domains of the plan van aanpak."""

    HUISVESTING = "huisvesting"
    GEZONDHEID_PARTICIPATIE = "gezondheid_participatie"
    ONDERWIJS_INBURGERING = "onderwijs_inburgering"
    WERK_INKOMEN = "werk_inkomen"

    @property
    def label(self) -> str:
        return _DOMAIN_LABELS[self]


_DOMAIN_LABELS = {
    PlanDomain.HUISVESTING: "Huisvesting",
    PlanDomain.GEZONDHEID_PARTICIPATIE: "Gezondheid, participatie en maatschappelijke ondersteuning",
    PlanDomain.ONDERWIJS_INBURGERING: "Onderwijs, educatie en inburgering",
    PlanDomain.WERK_INKOMEN: "Werk en inkomen",
}


class ActionStatus(StrEnum):
    OPEN = "open"
    BEZIG = "bezig"
    GEDAAN = "gedaan"
    VERVALLEN = "vervallen"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class TimelineKind(StrEnum):
    """What a timeline entry is about; the text says the rest."""

    DOSSIER = "dossier"
    LID = "lid"
    MIJLPAAL = "mijlpaal"
    NOA = "noa"
    PLAN = "plan"
    OVERDRACHT = "overdracht"
    TOESTEMMING = "toestemming"
    STATUS = "status"
    CHECKLIST = "checklist"
    AFDRUK = "afdruk"
    VERPLAATST = "verplaatst"

    @property
    def label(self) -> str:
        return _TIMELINE_LABELS[self]


_TIMELINE_LABELS = {
    TimelineKind.DOSSIER: "Dossier",
    TimelineKind.LID: "Gezinslid",
    TimelineKind.MIJLPAAL: "Mijlpaal",
    TimelineKind.NOA: "NOA-assessment",
    TimelineKind.PLAN: "Plan van aanpak",
    TimelineKind.OVERDRACHT: "Overdracht",
    TimelineKind.TOESTEMMING: "Toestemming",
    TimelineKind.STATUS: "Status overdracht",
    TimelineKind.CHECKLIST: "Checklist",
    TimelineKind.AFDRUK: "Afgedrukt",
    TimelineKind.VERPLAATST: "Overgedragen aan andere gemeente",
}


def pre_integration_errors(total: int, language: int) -> dict[str, str]:
    """Field messages for voorinburgering hours used; empty when the numbers are possible."""
    errors: dict[str, str] = {}
    if total < 0:
        errors["pre_integration_hours"] = "Het aantal uren kan niet negatief zijn."
    elif total > PRE_INTEGRATION_HOURS:
        errors["pre_integration_hours"] = (
            f"Voor voorinburgering zijn {PRE_INTEGRATION_HOURS} uur beschikbaar; {total} is te veel."
        )
    if language < 0:
        errors["pre_integration_language_hours"] = "Het aantal taaluren kan niet negatief zijn."
    elif language > PRE_INTEGRATION_LANGUAGE_HOURS:
        errors["pre_integration_language_hours"] = (
            f"Van de voorinburgering zijn {PRE_INTEGRATION_LANGUAGE_HOURS} uur taalles; "
            f"{language} is te veel."
        )
    elif language > total >= 0 and "pre_integration_hours" not in errors:
        errors["pre_integration_language_hours"] = "Er kunnen niet meer taaluren zijn dan uren in totaal."
    return errors


def fold(text: str) -> str:
    """Lower case without diacritics, so 'ozdemir' finds 'Özdemir' and 'sahin' finds 'Şahin'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def needs_escape(term: str) -> bool:
    """LIKE wildcards in a search term must be escaped; without any, the faster plain LIKE is used."""
    return any(ch in term for ch in "%_/")


def search_text(*parts: str | None) -> str:
    """The folded text a dossier is found by: names (both scripts), V-nummers, BSNs."""
    return " ".join(fold(p) for p in parts if p).strip()
