"""Warm handover rules: kinds, the status machine, consent, due dates and checklists.

Four kinds (seed plan, chapter 2 step 7 and chapter 4): the medical dossier from the GCA to the
huisarts, the JGZ file of each child, the Vluchtelingenwerk file to the local maatschappelijke
begeleiding, and COA risk signals to whoever follows them up. The program records *that* and *when*
something was handed over, with consent; never the medical content itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.deadlines import move_in_deadline
from app.domain.timefmt import date_text
from app.domain.wording import count

#: A handover note is practical ("bel na 14:00, tolk Tigrinya") and short; never medical detail.
NOTE_MAX = 300
NOTE_LABEL = "Praktische opmerking (geen medische details)"


class HandoverKind(StrEnum):
    GCA_HUISARTS = "gca_huisarts"
    JGZ = "jgz"
    VWN_MB = "vwn_mb"
    RISK_SIGNAL = "risk_signal"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def pack_title(self) -> str:
        """The heading of a handover pack (not ``title``: that would shadow ``str.title()``)."""
        return f"Warme overdracht {self.label}"

    @property
    def per_child(self) -> bool:
        return self is HandoverKind.JGZ

    @property
    def shares_personal_data(self) -> bool:
        """Every kind passes names and dates of birth on, so every kind needs consent (AVG)."""
        return True

    @property
    def default_sender(self) -> str:
        return _DEFAULT_SENDERS[self]


_KIND_LABELS = {
    HandoverKind.GCA_HUISARTS: "GCA → huisarts",
    HandoverKind.JGZ: "JGZ AZC → JGZ gemeente",
    HandoverKind.VWN_MB: "Vluchtelingenwerk → maatschappelijke begeleiding",
    HandoverKind.RISK_SIGNAL: "Risicosignaal COA → gemeente",
}
_DEFAULT_SENDERS = {
    HandoverKind.GCA_HUISARTS: "Gezondheidscentrum Asielzoekers (GCA)",
    HandoverKind.JGZ: "JGZ GGD (AZC)",
    HandoverKind.VWN_MB: "Vluchtelingenwerk (AZC)",
    HandoverKind.RISK_SIGNAL: "COA",
}


def parse_kind(text: str) -> HandoverKind:
    """'gca_huisarts', 'GCA-huisarts', 'risicosignaal' → the kind; ValueError with a Dutch message."""
    key = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {
        "gca": "gca_huisarts",
        "huisarts": "gca_huisarts",
        "vwn": "vwn_mb",
        "risicosignaal": "risk_signal",
    }
    key = aliases.get(key, key)
    try:
        return HandoverKind(key)
    except ValueError:
        choices = ", ".join(k.value for k in HandoverKind)
        raise ValueError(f"Onbekende soort overdracht '{text}'; kies uit {choices}.") from None


class HandoverStatus(StrEnum):
    TE_DOEN = "te_doen"
    AANGEVRAAGD = "aangevraagd"
    VERZONDEN = "verzonden"
    ONTVANGEN = "ontvangen"
    AFGEROND = "afgerond"
    GEWEIGERD = "geweigerd"
    INGETROKKEN = "ingetrokken"

    @property
    def label(self) -> str:
        return "Te doen" if self is HandoverStatus.TE_DOEN else self.value.capitalize()

    @property
    def final(self) -> bool:
        return self in FINAL


FINAL = frozenset({HandoverStatus.AFGEROND, HandoverStatus.GEWEIGERD, HandoverStatus.INGETROKKEN})
#: Not yet with the receiver: these count for "deze week" and can be late.
PENDING = (HandoverStatus.TE_DOEN, HandoverStatus.AANGEVRAAGD, HandoverStatus.VERZONDEN)
OPEN = (*PENDING, HandoverStatus.ONTVANGEN)

_MAIN_LINE = [
    HandoverStatus.TE_DOEN,
    HandoverStatus.AANGEVRAAGD,
    HandoverStatus.VERZONDEN,
    HandoverStatus.ONTVANGEN,
    HandoverStatus.AFGEROND,
]


def next_statuses(current: HandoverStatus) -> tuple[HandoverStatus, ...]:
    """Where a handover may go from ``current``: one step along the line, never skipping; refused
    while it has not reached the receiver; withdrawn at any time until it is closed."""
    if current in FINAL:
        return ()
    following = _MAIN_LINE[_MAIN_LINE.index(current) + 1]
    out = [following]
    if current in PENDING:
        out.append(HandoverStatus.GEWEIGERD)
    out.append(HandoverStatus.INGETROKKEN)
    return tuple(out)


class TransitionError(ValueError):
    """A status change the rules do not allow; the message is Dutch and fit for the user."""


def check_transition(current: HandoverStatus, new: HandoverStatus, reason: str = "") -> None:
    if new not in next_statuses(current):
        if current in FINAL:
            raise TransitionError(f"Deze overdracht is al {current.label.lower()}; de status ligt vast.")
        allowed = " of ".join(f"'{s.label}'" for s in next_statuses(current))
        raise TransitionError(
            f"Van '{current.label}' kan niet naar '{new.label}' worden gegaan (geen stappen overslaan); "
            f"wel naar {allowed}."
        )
    if new is HandoverStatus.GEWEIGERD and not reason.strip():
        raise TransitionError("Geef de reden van de weigering op.")


class ConsentStatus(StrEnum):
    NIET_GEVRAAGD = "niet_gevraagd"
    GEGEVEN = "gegeven"
    GEWEIGERD = "geweigerd"

    @property
    def label(self) -> str:
        return "Niet gevraagd" if self is ConsentStatus.NIET_GEVRAAGD else self.value.capitalize()


class ConsentMethod(StrEnum):
    """How the client's answer was obtained: it matters for whether the client understood it."""

    IN_PERSON = "persoonlijk"
    INTERPRETER = "tolk"
    PHONE = "telefonisch"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    ConsentMethod.IN_PERSON: "In een gesprek",
    ConsentMethod.INTERPRETER: "Met een tolk",
    ConsentMethod.PHONE: "Telefonisch",
}
LANGUAGE_MAX = 60


def consent_errors(
    consent: ConsentStatus | None,
    on: date | None,
    method: ConsentMethod | None,
    language: str,
    *,
    today: date,
    earliest: date | None,
) -> dict[str, str]:
    """What is missing or wrong in a recorded answer (field name → Dutch message). "Niet gevraagd"
    needs nothing; an answer needs the day it was given (never silently today) and how it was asked.
    ``earliest`` is the first day the dossier existed: an answer cannot be older than its dossier."""
    if consent is None:
        return {"consent": "Kies het antwoord van de cliënt: gegeven, geweigerd of niet gevraagd."}
    if consent is ConsentStatus.NIET_GEVRAAGD:
        return {}
    errors: dict[str, str] = {}
    if on is None:
        errors["consent_on"] = "Vul de datum in waarop de cliënt antwoord gaf."
    elif on > today:
        errors["consent_on"] = "De datum van de toestemming ligt in de toekomst."
    elif earliest is not None and on < earliest:
        errors["consent_on"] = (
            f"De datum ligt vóór het begin van het dossier ({date_text(earliest)}); controleer de datum."
        )
    if method is None:
        errors["consent_method"] = (
            "Kies hoe de toestemming is gevraagd: in een gesprek, met een tolk of telefonisch."
        )
    elif method is ConsentMethod.INTERPRETER and not language.strip():
        errors["consent_language"] = "Vul de taal van de tolk in."
    if len(language.strip()) > LANGUAGE_MAX:
        errors["consent_language"] = f"De taal is te lang (hoogstens {LANGUAGE_MAX} tekens)."
    return errors


def consent_method_text(method: ConsentMethod | None, language: str) -> str:
    """ "met een tolk (Tigrinya)", "telefonisch"; "" when not recorded (older records)."""
    if method is None:
        return ""
    text = method.label.lower()
    if method is ConsentMethod.INTERPRETER and language.strip():
        text += f" ({language.strip()})"
    return text


#: What the client agrees to when nothing more specific is written down.
DEFAULT_SCOPE = {
    HandoverKind.GCA_HUISARTS: "Overdracht van het medisch dossier van het GCA aan de nieuwe huisarts",
    HandoverKind.JGZ: "Overdracht van het JGZ-dossier (met vaccinaties) aan de JGZ van de gemeente",
    HandoverKind.VWN_MB: "Overdracht van het Vluchtelingenwerk-dossier aan de maatschappelijke begeleiding",
    HandoverKind.RISK_SIGNAL: "Doorgeven van het signaal (zonder medische details) aan de genoemde ontvanger",
}

#: Statuses that pass personal data on; reaching them needs consent or a recorded override.
SHARING = frozenset({HandoverStatus.VERZONDEN})


def consent_missing(kind: HandoverKind, consent: ConsentStatus) -> bool:
    return kind.shares_personal_data and consent is not ConsentStatus.GEGEVEN


def consent_refusal_text(consent: ConsentStatus, what: str) -> str:
    why = (
        "de cliënt heeft geen toestemming gegeven"
        if consent is ConsentStatus.GEWEIGERD
        else ("er is geen toestemming van de cliënt vastgelegd")
    )
    return (
        f"{what} kan niet: {why}. Leg eerst de toestemming vast, of kies bewust voor overdracht "
        "zonder toestemming en geef daarvoor een reden op (dit wordt vastgelegd in het logboek)."
    )


class RiskCategory(StrEnum):
    GEZONDHEID = "gezondheid"
    PSYCHISCH = "psychisch"
    SCHULDEN = "schulden"
    VEILIGHEID = "veiligheid"
    ONDERWIJS = "onderwijs"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RiskUrgency(StrEnum):
    LAAG = "laag"
    MIDDEL = "middel"
    HOOG = "hoog"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RiskReceiver(StrEnum):
    WIJKTEAM = "wijkteam"
    HUISARTS = "huisarts"
    JGZ = "jgz"
    MAATSCHAPPELIJKE_BEGELEIDING = "maatschappelijke_begeleiding"

    @property
    def label(self) -> str:
        return {
            "wijkteam": "Wijkteam",
            "huisarts": "Huisarts",
            "jgz": "JGZ",
            "maatschappelijke_begeleiding": "Maatschappelijke begeleiding",
        }[self.value]


# --- receipt --------------------------------------------------------------------------------------

RECEIPT_NAME_MAX = 120
RECEIPT_REFERENCE_MAX = 120


@dataclass(frozen=True)
class Receipt:
    """The receiver's confirmation: who received it, on which day, and their own reference."""

    received_by: str
    received_on: date | None
    reference: str = ""


def receipt_errors(receipt: Receipt | None, *, sent_on: date | None, today: date) -> dict[str, str]:
    """What is missing or wrong in a receipt; the receiver confirms it, not the sender's click."""
    if receipt is None:
        return {
            "received_by": "Vul in wie de overdracht heeft ontvangen.",
            "received_on": "Vul de datum van ontvangst in.",
        }
    errors: dict[str, str] = {}
    name = receipt.received_by.strip()
    if not name:
        errors["received_by"] = "Vul in wie de overdracht heeft ontvangen."
    elif len(name) > RECEIPT_NAME_MAX:
        errors["received_by"] = f"De naam is te lang (hoogstens {RECEIPT_NAME_MAX} tekens)."
    day = receipt.received_on
    if day is None:
        errors["received_on"] = "Vul de datum van ontvangst in."
    elif day > today:
        errors["received_on"] = "De datum van ontvangst ligt in de toekomst."
    elif sent_on is not None and day < sent_on:
        errors["received_on"] = f"De datum van ontvangst ligt vóór de verzending ({date_text(sent_on)})."
    if len(receipt.reference.strip()) > RECEIPT_REFERENCE_MAX:
        errors["received_reference"] = f"Het kenmerk is te lang (hoogstens {RECEIPT_REFERENCE_MAX} tekens)."
    return errors


def receipt_text(received_by: str, received_on: date | None, reference: str) -> str:
    """ "Ontvangen door J. Bakker op 03-03-2017 (kenmerk HA-17)"; "" when none is recorded."""
    if not received_by and received_on is None:
        return ""
    text = f"Ontvangen door {received_by or '—'}"
    if received_on is not None:
        text += f" op {date_text(received_on)}"
    if reference.strip():
        text += f" (kenmerk {reference.strip()})"
    return text


# --- due dates ------------------------------------------------------------------------------------

#: Days after (positive) or before (negative) the moving date by which the handover must be done.
#: The GP dossier two weeks after moving in (registration takes a visit); JGZ within four weeks
#: (the child's first contact); social support from the first day; risk signals a week before
#: the household arrives, so the receiver can act from day one.
DUE_OFFSET_DAYS = {
    HandoverKind.GCA_HUISARTS: 14,
    HandoverKind.JGZ: 28,
    HandoverKind.VWN_MB: 0,
    HandoverKind.RISK_SIGNAL: -7,
}


def due_date(kind: HandoverKind, moving_date: date | None, linked_on: date | None = None) -> date | None:
    """The due date relative to the moving date; before the move is known, relative to the latest
    move-in date of the koppeling (12 weeks after linking). None when neither is known."""
    base = moving_date or (move_in_deadline(linked_on) if linked_on else None)
    if base is None:
        return None
    return base + timedelta(days=DUE_OFFSET_DAYS[kind])


def due_rule_text(kind: HandoverKind) -> str:
    days = DUE_OFFSET_DAYS[kind]
    if days == 0:
        return "op de verhuisdatum"
    return f"{count(abs(days), 'dag')} {'na' if days > 0 else 'vóór'} de verhuisdatum"


def days_overdue(due: date | None, status: HandoverStatus, today: date) -> int:
    """Days past the due date while not yet with the receiver; 0 otherwise."""
    if due is None or status not in PENDING:
        return 0
    return max(0, (today - due).days)


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of today's week (Dutch weeks start on Monday)."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


# --- checklists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    ticks_on: HandoverStatus | None = None  # reaching this status ticks the item


_SENT, _RECEIVED = HandoverStatus.VERZONDEN, HandoverStatus.ONTVANGEN

CHECKLISTS: dict[HandoverKind, tuple[ChecklistItem, ...]] = {
    HandoverKind.GCA_HUISARTS: (
        ChecklistItem("huisarts_gekozen", "Huisarts gekozen en cliënt ingeschreven"),
        ChecklistItem("verzoek_ondertekend", "Verzoek tot overdracht door cliënt ondertekend"),
        ChecklistItem("dossier_verzonden", "Medisch dossier door GCA verzonden", _SENT),
        ChecklistItem("ontvangst_bevestigd", "Ontvangst bevestigd door de huisarts", _RECEIVED),
    ),
    HandoverKind.JGZ: (
        ChecklistItem("aangemeld", "Kind aangemeld bij de JGZ van de gemeente"),
        ChecklistItem("vaccinatiedossier", "Vaccinatiedossier overgedragen", _SENT),
        ChecklistItem("school_bekend", "School of kinderopvang bekend bij de JGZ"),
        ChecklistItem("ontvangst_bevestigd", "Ontvangst bevestigd door de JGZ gemeente", _RECEIVED),
    ),
    HandoverKind.VWN_MB: (
        ChecklistItem("mb_geinformeerd", "Maatschappelijke begeleiding geïnformeerd over de komst"),
        ChecklistItem("zorgverzekering", "Zorgverzekering vanaf dag één geregeld"),
        ChecklistItem("indicaties", "Lopende Wmo- of jeugdhulpindicaties overgezet"),
        ChecklistItem("dossier_verzonden", "Dossier Vluchtelingenwerk overgedragen", _SENT),
        ChecklistItem("ontvangst_bevestigd", "Ontvangst bevestigd, kennismaking gepland", _RECEIVED),
    ),
    HandoverKind.RISK_SIGNAL: (
        ChecklistItem("besproken", "Signaal besproken met de cliënt"),
        ChecklistItem("ontvanger_bepaald", "Ontvanger van het signaal bepaald"),
        ChecklistItem("overgedragen", "Signaal overgedragen (zonder medische details)", _SENT),
        ChecklistItem("opvolging", "Opvolging afgesproken: eigenaar en datum"),
        ChecklistItem("ontvangst_bevestigd", "Ontvangst bevestigd door de ontvanger", _RECEIVED),
    ),
}


def open_items_text(open_items: list[str]) -> str:
    return "Nog niet alles op de checklist is afgevinkt: " + "; ".join(open_items) + "."


def note_error(note: str) -> str | None:
    if len(note.strip()) > NOTE_MAX:
        return f"De opmerking is te lang (hoogstens {NOTE_MAX} tekens, en geen medische details)."
    return None
