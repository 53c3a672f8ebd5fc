"""The newcomer guide and the pack page "Activiteiten bij u in de buurt": the right initiatives of one
municipality, in the order of relevance for the language (own language, then via tolk, then
Dutch), the headings also in that language, and the page only in the pack when asked for."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from app.domain.directory import InitiativeStatus
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverKind
from app.domain.roles import Action, Role
from app.errors import UserError
from app.io.pdf.guide_model import Fit
from app.io.pdf.pack_model import Letterhead
from app.services.cases import handovers as ho
from app.services.cases import packs
from app.services.cases.views import ContactInfo
from app.services.directory.guide import build_guide, household_languages, write_guide
from tests.db.case_fixtures import family, last_log_id, log_rows
from tests.directory.fixtures import BUNNIK, HOUTEN, ZEIST, gemeente_id, initiative

TODAY = date(2026, 6, 10)
TITLE = "Activiteiten bij u in de buurt"


def _directory(session: Session, cp_zeist, cp_bunnik) -> None:  # type: ignore[no-untyped-def]
    """Zeist's own initiatives in every language situation, and Bunnik's: one open to the region."""
    make = initiative
    make(session, cp_zeist, name="Taalcafé Nederlands", languages=["nl"])
    make(session, cp_zeist, name="Buurtmaatjes met tolk", languages=["nl"], via_interpreter=True)
    make(session, cp_zeist, name="Zwemles in het Arabisch", languages=["nl", "ar"], cost="Gratis")
    make(session, cp_zeist, name="Book club", languages=["en"])
    make(session, cp_zeist, name="Gestopte fietsles", languages=["ar"], status=InitiativeStatus.GESTOPT)
    make(session, cp_bunnik, BUNNIK, name="Arabisch koffiehuis", languages=["ar"], open_to_region=True)
    make(session, cp_bunnik, BUNNIK, name="Alleen in Bunnik", languages=["ar"])
    # Runs in Zeist too, though Bunnik keeps it.
    make(
        session,
        cp_bunnik,
        BUNNIK,
        name="Tigrinya praatgroep",
        languages=["ti", "nl"],
        gemeenten=[BUNNIK, ZEIST],
    )


def _text(data: bytes | Path) -> list[str]:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return [page.extract_text() for page in reader.pages]


def test_the_guide_lists_a_municipalitys_initiatives_in_the_languages_order(
    session: Session, make_actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    cp_zeist = make_actor(Role.CONTACTPERSOON, ZEIST)
    _directory(session, cp_zeist, make_actor(Role.CONTACTPERSOON, BUNNIK))
    reader = make_actor(Role.ALLEEN_LEZEN, HOUTEN)  # everyone may print a guide for any municipality
    zeist = gemeente_id(session, ZEIST)

    guide = build_guide(session, reader, zeist, ["ar"], TODAY)
    names = [e.name for e in guide.entries]
    # In Arabic first (in Zeist before open to the region), then via tolk, then Dutch, then the rest.
    assert names == [
        "Zwemles in het Arabisch",
        "Arabisch koffiehuis",
        "Buurtmaatjes met tolk",
        "Taalcafé Nederlands",
        "Tigrinya praatgroep",
        "Book club",
    ]
    assert [e.fit for e in guide.entries] == [
        Fit.OWN,
        Fit.OWN,
        Fit.INTERPRETER,
        Fit.DUTCH,
        Fit.DUTCH,
        Fit.OTHER,
    ]
    assert guide.entries[0].languages == "Arabisch, Nederlands" and not guide.entries[1].local

    dutch = build_guide(session, reader, zeist, ["nl"], TODAY)
    assert {e.fit for e in dutch.entries} == {Fit.DUTCH, Fit.OTHER}
    assert [e.name for e in dutch.entries[-2:]] == ["Book club", "Arabisch koffiehuis"]

    tigrinya = [e.name for e in build_guide(session, reader, zeist, ["ti"], TODAY).entries]
    assert tigrinya[0] == "Tigrinya praatgroep" and tigrinya[1] == "Buurtmaatjes met tolk"

    start = last_log_id(session)
    path = tmp_path / "gids.pdf"
    pages = write_guide(session, reader, zeist, "ar", path, today=TODAY)
    text = "\n".join(_text(path))
    assert pages == len(_text(path)) >= 1
    assert TITLE in text and "Gemeente Zeist" in text and "In het Arabisch" in text
    for label in ("Taal", "Wanneer", "Waar", "Contact", "Kosten"):
        assert label in text
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Alleen in Bunnik" not in text and "Gestopte fietsles" not in text
    assert "VERTROUWELIJK" not in text  # a list of public activities to take home
    assert any(r.action == Action.PRINT.value and r.object_type == "gids" for r in log_rows(session, start))

    # Tigrinya headings come out in Ethiopic script (the font has the glyphs and maps them back).
    write_guide(session, reader, zeist, "ti", tmp_path / "ti.pdf", today=TODAY)
    assert "ቋንቋ" in "\n".join(_text(tmp_path / "ti.pdf"))


def test_household_languages_come_from_the_members_dutch_names() -> None:
    assert household_languages(["Arabisch, Engels", "Arabisch", "", "Tigrinya / via tolk"]) == [
        "ar",
        "en",
        "ti",
    ]


def _vwn(session: Session, actor, dossier_id: int, consent: bool = True) -> int:  # type: ignore[no-untyped-def]
    h = ho.create_handover(
        session,
        actor,
        dossier_id,
        ho.HandoverInput(HandoverKind.VWN_MB, receiver=ContactInfo("Maatschappelijke begeleiding Zeist")),
    )
    if consent:
        h = ho.record_consent(
            session, actor, h.id, h.version, ConsentStatus.GEGEVEN, on=TODAY, method=ConsentMethod.IN_PERSON
        )
    return h.id


def test_the_social_support_pack_gets_the_page_only_when_asked(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    consulent = make_actor(Role.CONSULENT, ZEIST)
    cp_zeist = make_actor(Role.CONTACTPERSOON, ZEIST)
    _directory(session, cp_zeist, make_actor(Role.CONTACTPERSOON, BUNNIK))
    initiative(session, cp_zeist, name="Turkse vrouwengroep", languages=["tr", "nl"])
    dossier = family(session, consulent)  # a Turkish-speaking family in Zeist
    hid = _vwn(session, consulent, dossier.id)
    letterhead = Letterhead("Gemeente Zeist")

    plain, with_page = io.BytesIO(), io.BytesIO()
    packs.print_pack(session, consulent, hid, plain, letterhead=letterhead)
    packs.print_pack(session, consulent, hid, with_page, letterhead=letterhead, nearby=True)
    without, pages = _text(plain.getvalue()), _text(with_page.getvalue())
    assert len(pages) == len(without) + 1
    assert not any(TITLE in page for page in without)
    nearby = pages[-2]  # before the reply slip, which stays last
    assert TITLE in nearby and "Turkse vrouwengroep" in nearby and "Book club" in nearby
    assert nearby.index("Turkse vrouwengroep") < nearby.index("Taalcafé Nederlands")
    assert "Alleen in Bunnik" not in nearby and "Yakınınızdaki etkinlikler" in nearby  # Turkish headings
    assert "ontvangst" in pages[-1].lower()

    gp = ho.create_handover(
        session,
        consulent,
        dossier.id,
        ho.HandoverInput(HandoverKind.GCA_HUISARTS, receiver=ContactInfo("Huisarts")),
    )
    with pytest.raises(UserError, match="maatschappelijke begeleiding"):
        packs.build_pack(session, consulent, gp.id, letterhead=letterhead, nearby=True)
