"""Consent needs an explicit answer, its day and how it was asked; a receipt needs the receiver's
name and day, not before sending. Stored on the handover and shown in its history and timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from app.db.models import Handover
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverKind, HandoverStatus, Receipt
from app.domain.roles import Role
from app.errors import ValidationError
from app.services.cases import dossiers as ds
from app.services.cases import handovers as ho
from app.services.cases.views import ContactInfo
from tests.db.case_fixtures import ZEIST, family

S = HandoverStatus
TODAY = date.today()


def _gp(session: Session, actor) -> ho.HandoverInfo:  # type: ignore[no-untyped-def]
    dossier = family(session, actor, linked_on=TODAY - timedelta(days=40))
    data = ho.HandoverInput(HandoverKind.GCA_HUISARTS, receiver=ContactInfo("Huisartsenpraktijk De Linde"))
    return ho.create_handover(session, actor, dossier.id, data)


def _sent(session: Session, actor, h: ho.HandoverInfo) -> ho.HandoverInfo:  # type: ignore[no-untyped-def]
    h = ho.record_consent(
        session, actor, h.id, h.version, ConsentStatus.GEGEVEN, on=TODAY, method=ConsentMethod.IN_PERSON
    )
    h = ho.change_status(session, actor, h.id, h.version, S.AANGEVRAAGD)
    return ho.change_status(session, actor, h.id, h.version, S.VERZONDEN)


def test_consent_needs_an_answer_a_day_and_how_it_was_asked(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    h = _gp(session, zeist)
    cases = [
        (dict(consent=None, on=TODAY, method=ConsentMethod.IN_PERSON), "consent", "Kies het antwoord"),
        (dict(consent=ConsentStatus.GEGEVEN, on=None, method=ConsentMethod.IN_PERSON), "consent_on", "datum"),
        (dict(consent=ConsentStatus.GEGEVEN, on=TODAY + timedelta(days=1), method=ConsentMethod.PHONE),
         "consent_on", "toekomst"),
        (dict(consent=ConsentStatus.GEGEVEN, on=TODAY - timedelta(days=41), method=ConsentMethod.PHONE),
         "consent_on", "vóór het begin van het dossier"),
        (dict(consent=ConsentStatus.GEGEVEN, on=TODAY, method=None), "consent_method", "Kies hoe"),
        (dict(consent=ConsentStatus.GEWEIGERD, on=TODAY, method=ConsentMethod.INTERPRETER, language=" "),
         "consent_language", "taal van de tolk"),
    ]  # fmt: skip
    for kwargs, field, text in cases:
        consent = kwargs.pop("consent")
        with pytest.raises(ValidationError, match=text) as caught:
            ho.record_consent(session, zeist, h.id, h.version, consent, **kwargs)  # type: ignore[arg-type]
        assert field in caught.value.fields
    row = session.get(Handover, h.id)
    assert row is not None and (row.consent, row.consent_on, row.consent_method) == (
        ConsentStatus.NIET_GEVRAAGD,
        None,
        None,
    )


def test_consent_with_an_interpreter_is_stored_with_its_language(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    h = _gp(session, zeist)
    day = TODAY - timedelta(days=3)
    h = ho.record_consent(
        session, zeist, h.id, h.version, ConsentStatus.GEGEVEN, on=day, method=ConsentMethod.INTERPRETER,
        language=" Tigrinya ",
    )  # fmt: skip
    assert (h.consent, h.consent_on, h.consent_method, h.consent_language) == (
        ConsentStatus.GEGEVEN,
        day,
        ConsentMethod.INTERPRETER,
        "Tigrinya",
    )
    session.expire_all()
    row = session.get(Handover, h.id)
    assert row is not None and (row.consent_method, row.consent_language) == (
        ConsentMethod.INTERPRETER,
        "Tigrinya",
    )
    assert "met een tolk (Tigrinya)" in ds.get_dossier(session, zeist, h.dossier_id).timeline[0].text
    # By phone no language is kept; "niet gevraagd" clears day and method.
    h = ho.record_consent(
        session,
        zeist,
        h.id,
        h.version,
        ConsentStatus.GEGEVEN,
        on=day,
        method=ConsentMethod.PHONE,
        language="Tigrinya",
    )
    assert (h.consent_method, h.consent_language) == (ConsentMethod.PHONE, "")
    h = ho.record_consent(session, zeist, h.id, h.version, ConsentStatus.NIET_GEVRAAGD)
    assert (h.consent_on, h.consent_method) == (None, None)


def test_receipt_needs_the_receivers_name_and_day_not_before_sending(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    h = _sent(session, zeist, _gp(session, zeist))
    assert h.sent_on == TODAY
    with pytest.raises(ValidationError) as caught:
        ho.change_status(session, zeist, h.id, h.version, S.ONTVANGEN)  # the old one click
    assert {"received_by", "received_on"} <= set(caught.value.fields)
    refused = [
        (Receipt("  ", TODAY), "received_by"),
        (Receipt("J. Bakker", None), "received_on"),
        (Receipt("J. Bakker", TODAY + timedelta(days=1)), "received_on"),
        (Receipt("J. Bakker", TODAY - timedelta(days=1)), "received_on"),  # before it was sent
    ]
    for receipt, field in refused:
        with pytest.raises(ValidationError) as caught:
            ho.record_receipt(session, zeist, h.id, h.version, receipt)
        assert field in caught.value.fields
    assert ho.get_handover(session, zeist, h.id).status is S.VERZONDEN

    h = ho.record_receipt(session, zeist, h.id, h.version, Receipt(" J. Bakker ", TODAY, "HA-2026-17"))
    assert h.status is S.ONTVANGEN
    assert (h.received_by, h.received_on, h.received_reference) == ("J. Bakker", TODAY, "HA-2026-17")
    assert h.history[-1].reason == f"Ontvangen door J. Bakker op {TODAY:%d-%m-%Y} (kenmerk HA-2026-17)"
    check = next(c for c in h.checks if c.key == "ontvangst_bevestigd")
    assert check.done and check.done_on == TODAY
    timeline = ds.get_dossier(session, zeist, h.dossier_id).timeline
    assert "Verzonden → Ontvangen — Ontvangen door J. Bakker" in timeline[0].text
    session.expire_all()
    row = session.get(Handover, h.id)
    assert row is not None and (row.received_by, row.received_on) == ("J. Bakker", TODAY)


def test_the_printed_pack_shows_how_consent_was_asked_and_ends_with_a_reply_slip(
    session: Session, make_actor, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from app.io.pdf.pack_model import Letterhead
    from app.services.cases import packs

    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    h = _gp(session, zeist)
    h = ho.record_consent(
        session, zeist, h.id, h.version, ConsentStatus.GEGEVEN, on=TODAY, method=ConsentMethod.INTERPRETER,
        language="Arabisch",
    )  # fmt: skip
    h = ho.change_status(session, zeist, h.id, h.version, S.AANGEVRAAGD)
    h = ho.change_status(session, zeist, h.id, h.version, S.VERZONDEN)
    target = tmp_path / "pakket.pdf"
    packs.print_pack(session, zeist, h.id, target, letterhead=Letterhead("Gemeente Zeist", "Postbus 513"))
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(target).pages]
    assert "Gevraagd: met een tolk (Arabisch)" in " ".join(pages)
    slip = pages[-1]
    assert "Ontvangstbevestiging" in slip and f"Dossier {h.dossier_id} / overdracht {h.id}" in slip
    assert f"Verzonden op {TODAY:%d-%m-%Y}" in slip and "Gemeente Zeist, t.a.v. Test Gebruiker" in slip
    assert "Ayşe Özdemir" not in slip and "Naam ontvanger" in slip and "Handtekening" in slip
