"""The employer challenge planner: employers, challenges (events that match employers with
vergunninghouders), pledged places, candidates and their pipeline, and the regional targets.

Pure rules, no database and no Qt. Background: the bestuursovereenkomst's chapter 6 (taalstages,
werkstages, werkervaringsplekken and leerwerktrajecten, realised by each municipality *naar rato*
of its size; five Werkgeversservicepunten in the labour-market region Utrecht-Midden; challenges
and network events). Targets are *indicatief*, never quotas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# -- employers --------------------------------------------------------------------------------------

KVK_LENGTH = 8


def kvk_error(text: str) -> str | None:
    """Why a KvK number is not valid (None: fine). Eight digits, as the Handelsregister issues them
    (a leading zero is kept: it is text, not a number); an empty value is allowed (not known)."""
    value = text.strip().replace(" ", "").replace(".", "")
    if not value:
        return None
    if not value.isdigit() or not value.isascii():
        return "Een KvK-nummer bestaat alleen uit cijfers."
    if len(value) != KVK_LENGTH:
        return f"Een KvK-nummer heeft {KVK_LENGTH} cijfers (dit heeft er {len(value)})."
    if value == "0" * KVK_LENGTH:
        return "00000000 is geen KvK-nummer."
    return None


def clean_kvk(text: str) -> str:
    return text.strip().replace(" ", "").replace(".", "")


#: SBI 2008 sections (CBS), letter → Dutch label.
SBI_SECTIONS: dict[str, str] = {
    "A": "Landbouw, bosbouw en visserij",
    "B": "Delfstoffenwinning",
    "C": "Industrie",
    "D": "Energievoorziening",
    "E": "Water, afval en sanering",
    "F": "Bouwnijverheid",
    "G": "Groot- en detailhandel",
    "H": "Vervoer en opslag",
    "I": "Logies, maaltijden en drinken (horeca)",
    "J": "Informatie en communicatie",
    "K": "Financiële dienstverlening",
    "L": "Verhuur en handel van onroerend goed",
    "M": "Specialistische zakelijke diensten",
    "N": "Verhuur en overige zakelijke diensten",
    "O": "Openbaar bestuur",
    "P": "Onderwijs",
    "Q": "Gezondheids- en welzijnszorg",
    "R": "Cultuur, sport en recreatie",
    "S": "Overige dienstverlening",
    "T": "Huishoudens",
    "U": "Extraterritoriale organisaties",
}
#: CBS size classes by number of employees.
SIZE_CLASSES: dict[str, str] = {
    "1-9": "Klein (1–9)",
    "10-49": "Middelgroot (10–49)",
    "50-249": "Groot (50–249)",
    "250+": "Zeer groot (250 of meer)",
}

#: The five Werkgeversservicepunten of the labour-market region and the municipalities they serve
#: (the region's own split: a beheerder can correct it here; an employer's WSP follows its place).
WSP_REGIONS: dict[str, tuple[str, ...]] = {
    "Utrecht Stad": ("GM0344",),
    "Lekstroom": ("GM0356", "GM0353", "GM0620", "GM0331", "GM0321"),
    "Zuidoost-Utrecht": ("GM0355", "GM0312", "GM0310", "GM1581", "GM0352"),
    "Utrecht-West": ("GM0632", "GM0335", "GM0589"),
    "Vecht en Venen": ("GM0736", "GM1904"),
}


def wsp_of(cbs_code: str) -> str:
    """The Werkgeversservicepunt of a municipality ("" when none)."""
    return next((name for name, codes in WSP_REGIONS.items() if cbs_code in codes), "")


# -- places -----------------------------------------------------------------------------------------


class PlaceKind(StrEnum):
    TAALSTAGE = "taalstage"
    WERKSTAGE = "werkstage"
    WERKERVARINGSPLEK = "werkervaringsplek"
    LEERWERKTRAJECT = "leerwerktraject"
    BETAALDE_BAAN = "betaalde_baan"

    @property
    def label(self) -> str:
        return "Betaalde baan" if self is PlaceKind.BETAALDE_BAAN else self.value.capitalize()


#: Language levels of the Common European Framework, low to high (A0: not yet A1).
LANGUAGE_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1")


def level_index(level: str | None) -> int:
    """Position of a level for comparing ("B1" > "A2"); -1 for unknown or empty."""
    return LANGUAGE_LEVELS.index(level) if level in LANGUAGE_LEVELS else -1


def meets_level(has: str | None, needs: str | None) -> bool:
    """A place asking for ``needs`` fits someone at ``has`` (no demand: anyone)."""
    return not needs or level_index(has) >= level_index(needs)


PLEDGE_COUNT_MAX = 500
HOURS_MAX = 40
#: A pledge still unfilled this long after its challenge is flagged (and may be opened to the region).
UNFILLED_AFTER = timedelta(weeks=6)


def unfilled_flag(challenge_on: date | None, pledged: int, filled: int, today: date) -> bool:
    """Places pledged at a challenge and not all filled six weeks after it."""
    return challenge_on is not None and filled < pledged and today - challenge_on >= UNFILLED_AFTER


def reliability(pledged: int, filled: int) -> float | None:
    """How reliable an employer's pledges were: filled ÷ pledged (None before any pledge)."""
    return None if pledged <= 0 else min(filled, pledged) / pledged


# -- challenges -------------------------------------------------------------------------------------


class ChallengeStatus(StrEnum):
    IN_VOORBEREIDING = "in_voorbereiding"
    UITNODIGINGEN_VERSTUURD = "uitnodigingen_verstuurd"
    GEHOUDEN = "gehouden"
    AFGEROND = "afgerond"

    @property
    def label(self) -> str:
        return {
            "in_voorbereiding": "In voorbereiding",
            "uitnodigingen_verstuurd": "Uitnodigingen verstuurd",
            "gehouden": "Gehouden",
            "afgerond": "Afgerond",
        }[self.value]


CHALLENGE_ORDER = list(ChallengeStatus)


def challenge_move_error(current: ChallengeStatus, new: ChallengeStatus) -> str | None:
    """A challenge moves one step forward at a time, or one step back to correct a mistake."""
    step = CHALLENGE_ORDER.index(new) - CHALLENGE_ORDER.index(current)
    if step in (1, -1):
        return None
    if step == 0:
        return f"De challenge is al '{current.label.lower()}'."
    return f"Van '{current.label.lower()}' kan de challenge alleen één stap verder (of één terug)."


#: The checklist every new challenge starts with (key → text); organisers add their own.
DEFAULT_CHECKLIST: dict[str, str] = {
    "locatie": "Locatie vastgelegd",
    "werkgevers": "Werkgevers uitgenodigd",
    "kandidaten": "Kandidaten voorgedragen en voorbereid",
    "tolken": "Tolken of taalmaatjes geregeld",
    "programma": "Programma en sprekers rond",
    "briefing": "Briefing verstuurd aan de deelnemers",
    "nazorg": "Afspraken na afloop vastgelegd (binnen zes weken opvolgen)",
}


# -- candidates -------------------------------------------------------------------------------------


class CandidateStatus(StrEnum):
    VOORGESTELD = "voorgesteld"
    TOESTEMMING = "toestemming"  # the candidate agreed to be introduced
    BIJ_WERKGEVER = "bij_werkgever"  # voorgesteld aan werkgever (anonymous until both agreed)
    GESPREK = "gesprek"
    AANGENOMEN = "aangenomen"
    GESTART = "gestart"
    AFGEROND = "afgerond"
    GESTOPT = "gestopt"

    @property
    def label(self) -> str:
        return _CANDIDATE_LABELS[self]

    @property
    def ended(self) -> bool:
        return self in (CandidateStatus.AFGEROND, CandidateStatus.GESTOPT)

    @property
    def fills(self) -> bool:
        """Counts as a filled place (the employer took the candidate on)."""
        return self in (CandidateStatus.AANGENOMEN, CandidateStatus.GESTART, CandidateStatus.AFGEROND)


_CANDIDATE_LABELS = {
    CandidateStatus.VOORGESTELD: "Voorgesteld",
    CandidateStatus.TOESTEMMING: "Toestemming kandidaat",
    CandidateStatus.BIJ_WERKGEVER: "Voorgesteld aan werkgever",
    CandidateStatus.GESPREK: "Gesprek",
    CandidateStatus.AANGENOMEN: "Aangenomen",
    CandidateStatus.GESTART: "Gestart",
    CandidateStatus.AFGEROND: "Afgerond",
    CandidateStatus.GESTOPT: "Gestopt",
}
PIPELINE: list[CandidateStatus] = [s for s in CandidateStatus if s is not CandidateStatus.GESTOPT]


class StopReason(StrEnum):
    GEEN_GESPREK = "geen_gesprek"
    NIET_PASSEND = "niet_passend"
    KANDIDAAT_ZIET_AF = "kandidaat_ziet_af"
    WERKGEVER_TREKT_IN = "werkgever_trekt_in"
    TAAL_ONVOLDOENDE = "taal_onvoldoende"
    GEZONDHEID = "gezondheid"  # the reason only; never what it is
    VERHUISD = "verhuisd"
    ANDERS = "anders"

    @property
    def label(self) -> str:
        return {
            "geen_gesprek": "Geen gesprek",
            "niet_passend": "Niet passend",
            "kandidaat_ziet_af": "Kandidaat ziet af",
            "werkgever_trekt_in": "Werkgever trekt in",
            "taal_onvoldoende": "Taal onvoldoende",
            "gezondheid": "Gezondheid",
            "verhuisd": "Verhuisd",
            "anders": "Anders",
        }[self.value]


REASON_TEXT_MAX = 300
NEXT_STEP_MAX = 200


def candidate_move_errors(
    current: CandidateStatus,
    new: CandidateStatus,
    reason: StopReason | None,
    reason_text: str,
    *,
    both_agreed: bool,
) -> dict[str, str]:
    """Why a pipeline step is not allowed ({}: it is). One step forward at a time; stopping is
    possible from any open step and needs a coded reason; an employer hears of a candidate only
    after the candidate agreed (and hears the name only after the consulent agreed too)."""
    errors: dict[str, str] = {}
    if current.ended:
        errors["status"] = f"Deze kandidaat is al {current.label.lower()}; er volgt geen stap meer."
        return errors
    if new is CandidateStatus.GESTOPT:
        if reason is None:
            errors["reason"] = "Kies een reden waarom het stopt."
        elif reason is StopReason.ANDERS and not reason_text.strip():
            errors["reason_text"] = "Vul bij 'Anders' de reden in."
    elif PIPELINE.index(new) != PIPELINE.index(current) + 1:
        following = PIPELINE[PIPELINE.index(current) + 1]
        errors["status"] = f"De volgende stap na '{current.label.lower()}' is '{following.label.lower()}'."
    elif new is CandidateStatus.GESPREK and not both_agreed:
        errors["status"] = (
            "Een gesprek met naam kan pas als de kandidaat én de consulent akkoord zijn met de voorstelling."
        )
    if len(reason_text.strip()) > REASON_TEXT_MAX:
        errors["reason_text"] = f"De toelichting is te lang (hoogstens {REASON_TEXT_MAX} tekens)."
    return errors


def overdue(next_due: date | None, status: CandidateStatus, today: date) -> bool:
    return next_due is not None and not status.ended and next_due < today


# -- targets naar rato ------------------------------------------------------------------------------


def split_naar_rato(total: int, populations: Mapping[str, int]) -> dict[str, int]:
    """``total`` places over the municipalities in proportion to their population, whole numbers
    that add up to ``total`` exactly (largest remainder; ties by code, so the split is stable)."""
    if total < 0:
        raise ValueError("a target is never negative")
    people = sum(max(p, 0) for p in populations.values())
    if people == 0 or not populations:
        return dict.fromkeys(populations, 0)
    exact = {code: total * max(p, 0) / people for code, p in populations.items()}
    out = {code: int(share) for code, share in exact.items()}
    left = total - sum(out.values())
    for code in sorted(exact, key=lambda c: (-(exact[c] - out[c]), c))[:left]:
        out[code] += 1
    return out


@dataclass(frozen=True)
class PlaceFigures:
    """Places of one municipality (or kind) in one year: what the dashboard shows."""

    target: int = 0
    pledged: int = 0
    filled: int = 0
    started: int = 0
    completed: int = 0

    def percent(self, value: int) -> float | None:
        """``value`` as a percentage of the target (None without a target)."""
        return None if self.target <= 0 else 100 * value / self.target
