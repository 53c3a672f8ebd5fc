"""A synthetic handover pack (no real person, no medical content) for previews, tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.domain.handover import HandoverKind
from app.io.pdf.pack_model import (
    ChecklistLine,
    ConsentInfo,
    Contact,
    HandoverPack,
    Letterhead,
    PackMember,
    RiskSignalInfo,
)

KINDS = tuple(kind.value for kind in HandoverKind)

FAMILY = (
    PackMember("Ayşe Özdemir-Şahin", date(1986, 3, 14), "Hoofdaanvrager", "Turks, Koerdisch", True),
    PackMember(
        "Yohannes Ghebreyesús",
        date(1983, 11, 2),
        "Partner",
        "Tigrinya, Arabisch",
        True,
        name_arabic="يوحنا غبريسوس",
    ),
    PackMember("Lucía Nuñez Đorđević", date(2012, 7, 30), "Kind", "Tigrinya, Nederlands"),
    PackMember("Łukasz Ghebreyesús", date(2019, 1, 5), "Kind", "Tigrinya"),
)

CHECKLISTS = {
    "gca_huisarts": (
        ("Huisarts gekozen en cliënt ingeschreven", True),
        ("Verzoek tot overdracht door cliënt ondertekend", True),
        ("Dossier verzonden door GCA", False),
        ("Ontvangst bevestigd door huisarts", False),
    ),
    "jgz": (
        ("JGZ-dossier van het kind overgedragen", True),
        ("Vaccinatieoverzicht overgedragen", True),
        ("Ontvangst bevestigd door JGZ gemeente", False),
    ),
    "vwn_mb": (
        ("Overdrachtsgesprek gepland", True),
        ("Begeleidingsplan meegestuurd", False),
        ("Eerste afspraak in de gemeente gemaakt", False),
    ),
    "risk_signal": (
        ("Signaal besproken met ontvanger", True),
        ("Opvolger aangewezen", True),
        ("Eerste contact met het huishouden", False),
    ),
}

# One contact per line reads better here than the formatter's layout.
RECEIVERS = {
    "gca_huisarts": Contact("Huisartsenpraktijk De Linde", "mw. dr. F. El Amrani", "030 123 45 67",
                            "assistente@praktijkdelinde.example"),
    "jgz": Contact("JGZ Houten (GGD regio Utrecht)", "R. van den Berg, jeugdverpleegkundige", "030 987 65 43",
                   "jgz.houten@ggd.example"),
    "vwn_mb": Contact("Welzijn Houten, maatschappelijke begeleiding", "S. de Vries",
                                 "030 555 12 12", "begeleiding@welzijnhouten.example"),
    "risk_signal": Contact("Sociaal wijkteam Houten-Zuid", "M. Jansen", "030 555 34 34",
                           "wijkteam.zuid@houten.example"),
}  # fmt: skip

SENDERS = {
    "gca_huisarts": Contact("GCA locatie AZC Utrecht", "P. Bakker, praktijkondersteuner", "088 112 23 34",
                            "gca.utrecht@gca.example"),
    "jgz": Contact("JGZ AZC Utrecht", "E. Visser", "088 112 23 40", "jgz.azc@ggd.example"),
    "vwn_mb": Contact("Vluchtelingenwerk AZC Utrecht", "K. Smit", "088 112 23 50",
                                 "azc.utrecht@vluchtelingenwerk.example"),
    "risk_signal": Contact("COA locatie Utrecht", "T. Mulder, casemanager", "088 112 23 60",
                           "casemanager.utrecht@coa.example"),
}  # fmt: skip


def sample_pack(
    kind: str = "gca_huisarts",
    *,
    members: tuple[PackMember, ...] | None = None,
    consent: ConsentInfo | None = None,
    logo_path: str | None = None,
    risk_signal: RiskSignalInfo | None = None,
    reference: str = "Dossier 1042 / overdracht 17",
) -> HandoverPack:
    if members is None:
        members = tuple(m for m in FAMILY if m.role == "Kind")[:1] if kind == "jgz" else FAMILY
    if consent is None:
        consent = ConsentInfo(
            status="Gegeven",
            given=True,
            date=date(2026, 3, 2),
            recorded_by="J. de Wit (consulent)",
            method="met een tolk (Tigrinya)",
            scope=f"Overdracht aan {RECEIVERS.get(kind, RECEIVERS['gca_huisarts']).organisation}",
        )
    if risk_signal is None and kind == "risk_signal":
        risk_signal = RiskSignalInfo("Schulden", "Hoog", "M. Jansen (wijkteam)", date(2026, 4, 20))
    checklist = tuple(
        ChecklistLine(text, done, date(2026, 3, 5) if done else None, "J. de Wit" if done else "")
        for text, done in CHECKLISTS.get(kind, CHECKLISTS["gca_huisarts"])
    )
    return HandoverPack(
        kind=kind,
        title=HandoverKind(kind).pack_title if kind in KINDS else "Warme overdracht",
        reference=reference,
        letterhead=Letterhead(
            organisation="Gemeente Houten",
            address="Onderwijsboulevard 1\n3991 AA Houten\nTelefoon 14 030\nwww.houten.example",
            logo_path=logo_path,
        ),
        gemeente_name="Houten",
        sender=SENDERS.get(kind, SENDERS["gca_huisarts"]),
        receiver=RECEIVERS.get(kind, RECEIVERS["gca_huisarts"]),
        v_nummer="2093847561",
        members=members,
        consent=consent,
        printed_by="J. de Wit",
        printed_at=datetime(2026, 3, 9, 13, 5, tzinfo=UTC),
        address_after_move="Lindenlaan 12 bis\n3992 KL Houten",
        moving_date=date(2026, 3, 30),
        due_date=date(2026, 4, 13),
        checklist=checklist,
        risk_signal=risk_signal,
        household_size=len(FAMILY),
        sent_on=date(2026, 3, 9),
        return_to="Gemeente Houten, t.a.v. J. de Wit",
        printed_by_phone="030 639 21 11",
        gemeente_phone="14 030",
        gemeente_email="info@houten.example",
    )
