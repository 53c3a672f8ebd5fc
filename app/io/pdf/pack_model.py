"""What a handover pack shows, as plain data: the case services fill it, the PDF renderer draws it.

Only what the receiver needs goes in: the services choose the members (e.g. one child for JGZ) and
never put medical content here; a risk signal carries a category and urgency, not details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.io.pdf.guide_model import Guide


@dataclass(frozen=True)
class Letterhead:
    organisation: str  # "Gemeente Houten"
    address: str = ""  # multi-line allowed
    logo_path: str | None = None  # PNG/JPG from the settings; missing file -> no logo


@dataclass(frozen=True)
class Contact:
    organisation: str
    person: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class PackMember:
    name: str  # Latin script, may have diacritics: "Şahin", "Ghebreyesús"
    birth_date: date | None = None
    role: str = ""  # label: "Hoofdaanvrager", "Partner", "Kind"
    languages: str = ""
    interpreter_needed: bool = False
    name_arabic: str | None = None  # shaped right-to-left correctly or not printed at all


@dataclass(frozen=True)
class ChecklistLine:
    text: str
    done: bool = False
    done_on: date | None = None
    done_by: str = ""


@dataclass(frozen=True)
class RiskSignalInfo:
    category: str  # label: "Schulden"
    urgency: str  # label: "Hoog"
    follow_up_owner: str = ""
    follow_up_date: date | None = None


@dataclass(frozen=True)
class ConsentInfo:
    status: str  # label: "Gegeven", "Geweigerd", "Niet gevraagd"
    given: bool
    date: date | None = None
    recorded_by: str = ""
    scope: str = ""
    override_reason: str | None = None  # printed without consent: the logged reason
    method: str = ""  # how it was asked: "in een gesprek", "met een tolk (Tigrinya)", "telefonisch"


@dataclass(frozen=True)
class HandoverPack:
    kind: str  # HandoverKind value, e.g. "gca_huisarts"
    title: str  # "Warme overdracht GCA → huisarts"
    reference: str  # "Dossier 123 / overdracht 17"
    letterhead: Letterhead
    gemeente_name: str
    sender: Contact
    receiver: Contact
    v_nummer: str
    members: tuple[PackMember, ...]
    consent: ConsentInfo
    printed_by: str
    printed_at: datetime  # aware; shown in Dutch local time
    address_after_move: str = ""
    moving_date: date | None = None
    due_date: date | None = None
    checklist: tuple[ChecklistLine, ...] = ()
    risk_signal: RiskSignalInfo | None = None
    notes: str = ""  # non-medical practical notes for the receiver
    household_size: int | None = None
    extra: dict[str, str] = field(default_factory=dict)  # kind-specific label -> value lines
    sent_on: date | None = None  # the day it went to the receiver, for the reply slip
    return_to: str = ""  # who the reply slip goes back to (the printing organisation and person)
    # "Wie kunt u bellen?": the printing person's own number, the municipality's general ones.
    printed_by_phone: str = ""
    gemeente_phone: str = ""
    gemeente_email: str = ""
    nearby: Guide | None = None  # on request (maatschappelijke begeleiding): "Activiteiten bij u in de buurt"
