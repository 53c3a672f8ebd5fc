"""The pack ends with a reply slip the receiver fills in and returns: it names the pack by its
reference, kind and sending day, has the fields to fill in, and carries no personal data."""

from __future__ import annotations

import dataclasses

from app.io.pdf.samples import FAMILY, sample_pack
from tests.pdf.helpers import render


def test_the_last_page_is_a_reply_slip_to_fill_in_and_return() -> None:
    pdf = render(sample_pack("gca_huisarts"))
    slip = pdf.flat(pdf.pages - 1)
    assert slip.startswith("Ontvangstbevestiging") or "Ontvangstbevestiging" in slip
    assert "Dossier 1042 / overdracht 17" in slip
    assert "Warme overdracht GCA → huisarts" in slip
    assert "Verzonden op 09-03-2026" in slip
    assert "terug aan Gemeente Houten, t.a.v. J. de Wit" in slip
    for label in ("Naam ontvanger", "Organisatie", "Datum van ontvangst", "Uw kenmerk", "Handtekening"):
        assert label in slip
    # Only on the last page, and the pages before it keep their order.
    assert all("Ontvangstbevestiging" not in pdf.page_text(i) for i in range(pdf.pages - 1))
    assert "Samenvatting voor u" in pdf.page_text(pdf.pages - 2)


def test_the_reply_slip_carries_no_names_birth_dates_or_numbers_of_the_client() -> None:
    pdf = render(sample_pack("vwn_mb"))
    slip = pdf.flat(pdf.pages - 1)
    assert "2093847561" not in slip  # the V-nummer
    for member in FAMILY:
        assert member.name not in slip
        if member.birth_date:
            assert member.birth_date.strftime("%d-%m-%Y") not in slip


def test_a_pack_printed_before_sending_says_so_on_the_slip() -> None:
    pack = dataclasses.replace(sample_pack("jgz"), sent_on=None)
    pdf = render(pack)
    assert "Verzonden op nog niet verzonden bij het afdrukken" in pdf.flat(pdf.pages - 1)
