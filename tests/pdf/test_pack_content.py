"""What a receiver and a client find in a handover pack (synthetic data, no medical content)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.io.pdf.pack_model import ConsentInfo, PackMember, RiskSignalInfo
from app.io.pdf.samples import FAMILY, KINDS, sample_pack
from tests.pdf.helpers import fonts_of, render

DIACRITIC_NAMES = ("Ayşe Özdemir-Şahin", "Yohannes Ghebreyesús", "Lucía Nuñez Đorđević", "Łukasz Ghebreyesús")
STANDARD_14 = {
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold",
    "Times-Italic", "Times-BoldItalic", "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Symbol", "ZapfDingbats",
}  # fmt: skip


def test_names_with_diacritics_come_out_as_the_same_text() -> None:
    pdf = render(sample_pack("gca_huisarts"))
    for name in DIACRITIC_NAMES:
        assert name in pdf.text, name
    # Dates of birth as dd-mm-jjjj, next to the household's V-nummer and moving date.
    assert "14-03-1986" in pdf.text and "05-01-2019" in pdf.text
    assert "2093847561" in pdf.text
    assert "30-03-2026" in pdf.text
    assert "Lindenlaan 12 bis" in pdf.text


def test_page_count_is_returned_and_every_page_is_marked_and_numbered() -> None:
    pdf = render(sample_pack("gca_huisarts"))
    assert pdf.pages == len(pdf.reader.pages) >= 3
    for number, text in enumerate(pdf.texts, start=1):
        assert "VERTROUWELIJK" in text
        assert f"pagina {number} van {pdf.pages}" in text
        assert "Afgedrukt op 09-03-2026 14:05 door J. de Wit" in text  # 13:05 UTC is 14:05 in Houten


def test_metadata_names_the_pack_and_the_municipality() -> None:
    pdf = render(sample_pack("jgz"))
    meta = pdf.reader.metadata
    assert meta is not None
    assert meta.title == "Warme overdracht JGZ AZC → JGZ gemeente"
    assert meta.author == "Gemeente Houten"
    assert meta.subject == "Overdrachtspakket Dossier 1042 / overdracht 17"


def test_all_fonts_are_embedded_subsets_and_no_standard_font_is_used() -> None:
    pdf = render(sample_pack("risk_signal"))
    fonts = fonts_of(pdf.reader)
    assert fonts
    for font in fonts:
        base = str(font.get("/BaseFont", "")).lstrip("/")
        assert base.split("+")[-1] not in STANDARD_14, base
        if font.get("/Subtype") in ("/Type0", "/Type3"):
            continue
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, base
        assert re.match(r"^[A-Z]{6}\+", base), f"{base} is not a subset"


def test_cover_letter_is_addressed_to_the_receiver_on_the_letterhead() -> None:
    pdf = render(sample_pack("gca_huisarts"))
    first = pdf.flat(0)
    assert "Gemeente Houten" in first and "Onderwijsboulevard 1" in first
    assert "Huisartsenpraktijk De Linde" in first and "t.a.v. mw. dr. F. El Amrani" in first
    assert "Geachte mw. dr. F. El Amrani," in first
    assert "Gezondheidscentrum Asielzoekers" in first
    assert "9 maart 2026" in first and "Dossier 1042 / overdracht 17" in first
    assert "Met vriendelijke groet" in first
    # The letter is its own page: the data begin on the next one.
    assert "Overdrachtsgegevens" not in first
    assert "Overdrachtsgegevens" in pdf.flat(1)


def test_contacts_checklist_consent_and_signature_blocks() -> None:
    pdf = render(sample_pack("gca_huisarts"))
    body = pdf.flat()
    for text in (
        "GCA locatie AZC Utrecht",
        "088 112 23 34",
        "assistente@praktijkdelinde.example",
        "030 123 45 67",
    ):
        assert text in body
    assert "☑ Huisarts gekozen en cliënt ingeschreven 05-03-2026 J. de Wit" in body
    assert "☐ Dossier verzonden door GCA" in body
    assert "Toestemming gegeven" in body
    assert "De cliënt heeft op 02-03-2026 toestemming gegeven" in body
    assert "Vastgelegd door: J. de Wit (consulent)" in body
    assert "Reikwijdte: Overdracht aan Huisartsenpraktijk De Linde" in body
    assert "ZONDER TOESTEMMING" not in body
    signatures = body[body.index("Ondertekening") :]
    for label in ("Afzender", "Ontvanger", "Cliënt", "Naam", "Datum", "Handtekening"):
        assert label in signatures


def test_client_summary_is_a_separate_page_before_the_reply_slip_in_plain_dutch() -> None:
    pdf = render(sample_pack("gca_huisarts"))
    last = pdf.flat(pdf.pages - 2)
    assert last.count("Samenvatting voor u") == 1
    assert "Wat gebeurt er nu?" in last and "Wie kunt u bellen?" in last
    assert "U verhuist op 30-03-2026." in last
    assert "U krijgt een nieuwe huisarts in Houten: Huisartsenpraktijk De Linde." in last
    assert "030 123 45 67" in last
    assert "Heeft u een tolk nodig?" in last  # two members need one
    # Nothing of the receiver's form on that page, and no summary on the pages before it.
    assert "Handtekening" not in last and "Checklist" not in last
    for index in range(pdf.pages - 2):
        assert "Samenvatting voor u" not in pdf.page_text(index)
    # B1: short sentences.
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", last) if s]
    assert max(len(s.split()) for s in sentences if "·" not in s) <= 25


def test_consent_override_is_clearly_marked_with_its_reason() -> None:
    consent = ConsentInfo(
        status="Niet gevraagd",
        given=False,
        recorded_by="A. Yilmaz",
        date=date(2026, 3, 8),
        override_reason="Cliënt onbereikbaar; huisarts moet vóór de verhuizing ingeschreven zijn",
    )
    pdf = render(sample_pack("gca_huisarts", consent=consent))
    body = pdf.flat()
    assert "LET OP: AFGEDRUKT ZONDER TOESTEMMING VAN DE CLIËNT" in body
    assert "Status toestemming: Niet gevraagd." in body
    assert "Cliënt onbereikbaar; huisarts moet vóór de verhuizing ingeschreven zijn" in body
    assert "A. Yilmaz" in body
    assert "Toestemming gegeven" not in body
    # The client is told too, in plain words.
    assert "U heeft geen toestemming gegeven" in pdf.flat(pdf.pages - 2)


def test_missing_consent_without_override_is_not_presented_as_given() -> None:
    pdf = render(sample_pack("vwn_mb", consent=ConsentInfo(status="Geweigerd", given=False)))
    assert "GEEN TOESTEMMING VASTGELEGD" in pdf.flat()
    assert "Toestemming gegeven" not in pdf.flat()


def test_risk_signal_block_only_in_a_risk_signal_pack() -> None:
    signal = RiskSignalInfo("Schulden", "Hoog", "M. Jansen (wijkteam)", date(2026, 4, 20))
    risk = render(sample_pack("risk_signal", risk_signal=signal)).flat()
    block = risk[risk.index("Risicosignaal Categorie") :]
    assert block.startswith(
        "Risicosignaal Categorie Schulden Urgentie Hoog Opvolging door M. Jansen (wijkteam)"
    )
    assert "Opvolgen vóór 20-04-2026" in block
    assert "geen medische of andere inhoudelijke details" in block
    # A risk signal handed to a GCA pack by mistake is not printed there.
    other = render(sample_pack("gca_huisarts", risk_signal=signal)).flat()
    assert "Schulden" not in other and "Urgentie" not in other and "Risicosignaal" not in other


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_its_own_letter(kind: str) -> None:
    pdf = render(sample_pack(kind))
    first = pdf.flat(0)
    expected = {
        "gca_huisarts": "huisartsenzorg",
        "jgz": "jeugdgezondheidszorg",
        "vwn_mb": "maatschappelijke begeleiding",
        "risk_signal": "risicosignaal",
    }[kind]
    assert expected in first
    assert pdf.pages >= 3


def test_jgz_pack_shows_only_the_child_it_is_about() -> None:
    child = PackMember("Lucía Nuñez Đorđević", date(2012, 7, 30), "Kind", "Tigrinya, Nederlands")
    pdf = render(sample_pack("jgz", members=(child,)))
    body = pdf.flat()
    assert "Lucía Nuñez Đorđević" in body and "30-07-2012" in body
    for other in FAMILY:
        if other.name != child.name:
            assert other.name not in body
    assert "Grootte huishouden" not in body and "4 personen" not in body
    assert "Het gaat om 1 kind" in body
    assert "Voor uw kind: Lucía Nuñez Đorđević" in pdf.flat(pdf.pages - 2)
    assert "Ouder of verzorger" in body


def test_ten_members_with_long_names_and_addresses_fit_the_tables() -> None:
    members = tuple(
        PackMember(
            f"Abdirahman Mohamed Abdullahi Ghebremedhin-Özdemir Şahin {n}",
            date(1980 + n, 1 + n, 10),
            "Hoofdaanvrager" if n == 0 else "Kind",
            "Tigrinya, Arabisch, Amhaars, Engels, Nederlands",
            n % 2 == 0,
        )
        for n in range(10)
    )
    pack = sample_pack("vwn_mb", members=members)
    long_address = "Burgemeester van Nispen tot Sevenaerstraat 1234 bis, appartement 17-C\n3992 KL Houten"
    pack = type(pack)(**{**pack.__dict__, "address_after_move": long_address})
    pdf = render(pack)
    body = pdf.flat()
    for n in range(10):
        assert f"Ghebremedhin-Özdemir Şahin {n}" in body
    assert "Sevenaerstraat" in body
    assert pdf.pages <= 6
    assert "Samenvatting voor u" in pdf.page_text(pdf.pages - 2)


def test_logo_is_drawn_when_the_file_exists_and_skipped_when_not(tmp_path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (31, 58, 95)).save(logo)
    with_logo = render(sample_pack("gca_huisarts", logo_path=str(logo)))
    xobjects = with_logo.reader.pages[0]["/Resources"].get("/XObject") or {}
    assert any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())

    missing = render(sample_pack("gca_huisarts", logo_path=str(tmp_path / "weg.png")))
    assert "Gemeente Houten" in missing.flat(0)
    broken = tmp_path / "kapot.png"
    broken.write_bytes(b"geen plaatje")
    assert render(sample_pack("gca_huisarts", logo_path=str(broken))).pages >= 3


def test_client_page_lists_only_contacts_the_client_can_reach() -> None:
    import dataclasses

    from app.io.pdf.pack_model import Contact

    pack = dataclasses.replace(sample_pack("gca_huisarts"), sender=Contact("GCA locatie AZC Utrecht"))
    last = render(pack).flat(-2)
    assert "Huisartsenpraktijk De Linde" in last and "030 123 45 67" in last
    assert "GCA locatie AZC Utrecht" not in last[last.index("Wie kunt u bellen?") :]
    assert "Gemeente Houten J. de Wit" in last
