"""The Dutch wording of a handover pack, per kind of handover: formal for the receiver's letter,
plain language (B1: short sentences, "u") for the client's page.

Placeholders: {gemeente} (name without "Gemeente"), {receiver} (receiving organisation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def long_date(day: date) -> str:
    from app.domain.timefmt import long_date_nl

    return long_date_nl(day)


@dataclass(frozen=True)
class KindTexts:
    key: str  # gca, jgz, vwn, risk, other
    intro: tuple[str, ...]  # paragraphs of the letter after the salutation
    client_what: str
    client_next: tuple[str, ...]
    client_label: str = "Cliënt"  # who signs for the household
    members_heading: str = "Personen in deze overdracht"
    shows_household_size: bool = True


_PRIVACY_LINE = (
    "Dit pakket bevat alleen de gegevens die u voor de overdracht nodig heeft, en bewust geen medische "
    "gegevens."
)

GCA = KindTexts(
    key="gca",
    intro=(
        "Namens de gemeente {gemeente} dragen wij de huisartsenzorg over voor de persoon of personen die "
        "hieronder staan. Zij hebben een verblijfsvergunning en wonen in onze gemeente, of komen er "
        "binnenkort wonen. In het asielzoekerscentrum was het Gezondheidscentrum Asielzoekers (GCA) "
        "hun huisarts.",
        "Wij vragen u hen in te schrijven in uw praktijk en het medisch dossier bij het GCA op te vragen "
        "of de ontvangst ervan te bevestigen. Het medisch dossier gaat rechtstreeks van het GCA naar u; "
        + _PRIVACY_LINE[0].lower()
        + _PRIVACY_LINE[1:],
    ),
    client_what=(
        "U krijgt een nieuwe huisarts in {gemeente}: {receiver}. Het GCA stuurt uw medisch dossier naar "
        "deze huisarts. Zo weet uw nieuwe huisarts welke zorg u eerder kreeg."
    ),
    client_next=(
        "Heeft u zorg nodig? Bel dan uw nieuwe huisarts.",
        "Neem uw zorgpas en uw verblijfsdocument mee naar de eerste afspraak.",
    ),
)

JGZ = KindTexts(
    key="jgz",
    intro=(
        "Namens de gemeente {gemeente} melden wij de overdracht van de jeugdgezondheidszorg voor het kind "
        "of de kinderen die hieronder staan. De JGZ op het asielzoekerscentrum draagt de zorg over aan "
        "de JGZ in onze gemeente.",
        "Wij vragen u het JGZ-dossier met het vaccinatieoverzicht over te nemen en het gezin uit te "
        "nodigen voor een eerste contact. " + _PRIVACY_LINE,
    ),
    client_what=(
        "Uw kind krijgt zorg van de jeugdgezondheidszorg (JGZ) in {gemeente}: {receiver}. De JGZ in het "
        "AZC stuurt het dossier van uw kind. Daarin staan ook de vaccinaties."
    ),
    client_next=(
        "U krijgt een uitnodiging van de JGZ. Ga met uw kind naar die afspraak.",
        "Heeft u een vaccinatieboekje? Neem het mee.",
    ),
    client_label="Ouder of verzorger",
    members_heading="Kind(eren) in deze overdracht",
    shows_household_size=False,
)

VWN = KindTexts(
    key="vwn",
    intro=(
        "Namens de gemeente {gemeente} dragen wij de maatschappelijke begeleiding over van het huishouden "
        "dat hieronder staat. Op het asielzoekerscentrum begeleidde Vluchtelingenwerk dit huishouden; "
        "na de verhuizing neemt u die begeleiding over.",
        "Wij vragen u contact op te nemen met het huishouden en kort na de verhuisdatum een eerste "
        "afspraak te maken. " + _PRIVACY_LINE,
    ),
    client_what=(
        "In het AZC hielp Vluchtelingenwerk u. In {gemeente} helpt {receiver} u verder. Zij helpen u "
        "bijvoorbeeld met brieven, geldzaken en de weg in uw nieuwe buurt."
    ),
    client_next=(
        "Een begeleider neemt contact met u op.",
        "Samen maakt u een eerste afspraak.",
    ),
)

RISK = KindTexts(
    key="risk",
    intro=(
        "Namens de gemeente {gemeente} geven wij een risicosignaal door dat het COA heeft gemeld voor het "
        "huishouden dat hieronder staat. Het signaal is bedoeld om na de verhuizing op tijd hulp aan te "
        "bieden.",
        "Wij vragen u de opvolging op te pakken zoals in dit pakket staat aangegeven. Het signaal bevat "
        "alleen een categorie en een urgentie, geen medische of andere inhoudelijke details. Neem voor "
        "een toelichting contact op met de afzender.",
    ),
    client_what=(
        "Wij willen dat het goed met u gaat in uw nieuwe woonplaats. Daarom vragen wij {receiver} om u "
        "te helpen."
    ),
    client_next=(
        "Een medewerker van {receiver} neemt contact met u op.",
        "Samen kijkt u wat u nodig heeft.",
    ),
)

OTHER = KindTexts(
    key="other",
    intro=(
        "Namens de gemeente {gemeente} dragen wij de zorg of begeleiding over van de persoon of personen "
        "die hieronder staan.",
        "Wij vragen u de overdracht over te nemen zoals in dit pakket staat aangegeven. " + _PRIVACY_LINE,
    ),
    client_what="Vanaf nu helpt {receiver} in {gemeente} u verder.",
    client_next=("Een medewerker van {receiver} neemt contact met u op.",),
)


_BY_KIND = {"gca_huisarts": GCA, "jgz": JGZ, "vwn_mb": VWN, "risk_signal": RISK}  # HandoverKind values


def texts_for(kind: str) -> KindTexts:
    """The wording for a HandoverKind value; an unknown kind gets a neutral text, never an error."""
    value = kind.lower()
    if value in _BY_KIND:
        return _BY_KIND[value]
    if "risk" in value or "signa" in value:
        return RISK
    if "jgz" in value:
        return JGZ
    if "vwn" in value or "vluchtelingenwerk" in value or "begeleiding" in value:
        return VWN
    if "gca" in value or "huisarts" in value:
        return GCA
    return OTHER


def gemeente_short(name: str) -> str:
    """ "Gemeente Houten" -> "Houten", so "de gemeente {gemeente}" never doubles the word."""
    stripped = name.strip()
    if stripped.lower().startswith("gemeente "):
        return stripped[len("gemeente ") :].strip()
    return stripped
