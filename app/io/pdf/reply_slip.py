"""The pack's last page: the reply slip (ontvangstbevestiging) the receiver fills in and sends back.

It names the pack by its reference only (dossier and handover number: no names, no BSN), so it can
travel back by post or as a scan without carrying personal data; the receiver writes their name,
organisation, the day it arrived, their own reference and signs.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app.domain.timefmt import date_text
from app.io.pdf.layout import ACCENT, CONTENT_WIDTH, RULE, cell_text, para, styles, table_style
from app.io.pdf.pack_model import HandoverPack

TITLE = "Ontvangstbevestiging"
LABEL_WIDTH = 52 * mm
FILL_IN = (
    ("Naam ontvanger", 11 * mm),
    ("Organisatie", 11 * mm),
    ("Datum van ontvangst", 11 * mm),
    ("Uw kenmerk (als u dat heeft)", 11 * mm),
    ("Handtekening", 24 * mm),
)


def _known(pack: HandoverPack) -> Table:
    sent = date_text(pack.sent_on) if pack.sent_on else "nog niet verzonden bij het afdrukken"
    rows = [
        ("Kenmerk", pack.reference),
        ("Soort overdracht", pack.title),
        ("Gemeente", pack.gemeente_name),
        ("Verzonden door", pack.sender.organisation or "—"),
        ("Verzonden op", sent),
    ]
    style = [
        *cell_text("label", (0, 0), (0, -1)),
        *cell_text("cell", (1, 0), (1, -1)),
        *cell_text("bold", (1, 0), (1, 0)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    return Table(
        [list(r) for r in rows],
        colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH],
        style=table_style(style),
    )


def _fill_in() -> Table:
    """Label on the left, an empty ruled line to write on at the right."""
    rows = [[label, ""] for label, _ in FILL_IN]
    style = [
        *cell_text("label", (0, 0), (0, -1)),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (1, 0), (1, -1), 0.6, ACCENT),
    ]
    return Table(
        rows,
        colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH],
        rowHeights=[height for _, height in FILL_IN],
        style=table_style(style),
    )


def reply_slip(pack: HandoverPack) -> list[Flowable]:
    s = styles()
    back_to = pack.return_to or pack.letterhead.organisation
    address = ", ".join(line.strip() for line in pack.letterhead.address.splitlines() if line.strip())
    story: list[Flowable] = [
        Paragraph(TITLE, s.h1),
        para(f"{pack.title}  ·  {pack.reference}", s.small_muted),
        Spacer(1, 4 * mm),
        para(
            "Heeft u deze overdracht ontvangen? Vul dan deze bladzijde in, onderteken haar en stuur haar "
            f"terug aan {back_to}" + (f", {address}" if address else "") + ". Een scan of foto mag ook.",
            s.body,
        ),
        para(
            "Zo weet de gemeente dat de overdracht is aangekomen en kan zij de ontvangst vastleggen.",
            s.body,
        ),
        Paragraph("Over deze overdracht", s.h2),
        _known(pack),
        Paragraph("In te vullen door de ontvanger", s.h2),
        _fill_in(),
        Spacer(1, 6 * mm),
        para(
            "Op deze bladzijde staan bewust geen namen, geboortedata of BSN van de cliënt: het kenmerk is "
            "genoeg om de overdracht terug te vinden.",
            s.small_muted,
        ),
    ]
    return story
