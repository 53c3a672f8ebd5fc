"""Assembles one pack into a PDF: cover letter, data pages, the client's page, and last the reply
slip the receiver sends back (ontvangstbevestiging).

Imported by app.io.pdf.packs inside its functions, so reportlab loads on the first print, not at
start-up.
"""

from __future__ import annotations

from typing import BinaryIO

from reportlab.platypus import Flowable, Frame, KeepInFrame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate

from app.domain.timefmt import local_text
from app.io.pdf import client, letter, reply_slip, sections
from app.io.pdf.fonts import REGULAR, register_fonts
from app.io.pdf.layout import (
    CONTENT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PageDecor,
    numbered_canvas,
)
from app.io.pdf.pack_model import HandoverPack
from app.io.pdf.texts import texts_for

CREATOR = "Doorlopende Lijn"


def _one_page(content: list[Flowable], name: str) -> KeepInFrame:
    """Content that must stay on one page (the letter, the client's page): shrunk rather than split."""
    height = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - 1
    return KeepInFrame(CONTENT_WIDTH, height, content, mode="shrink", name=name)


def story(pack: HandoverPack) -> list[Flowable]:
    texts = texts_for(pack.kind)
    flow: list[Flowable] = [_one_page(letter.cover_letter(pack, texts), "letter"), PageBreak()]
    flow += sections.data_heading(pack)
    flow += sections.household(pack, texts)
    flow += sections.risk_signal(pack, texts)
    flow += sections.members(pack, texts)
    flow += sections.checklist(pack)
    flow += sections.contacts(pack)
    flow += sections.consent(pack)
    flow += sections.extra_and_notes(pack)
    flow += sections.signatures(pack, texts)
    flow += [PageBreak(), _one_page(client.client_summary(pack, texts), "client")]
    if pack.nearby is not None:  # for the client too: it goes with the summary, before the slip
        from app.io.pdf.initiatives_guide import nearby_page

        flow += [PageBreak(), _one_page(nearby_page(pack.nearby), "nearby")]
    flow += [PageBreak(), _one_page(reply_slip.reply_slip(pack), "reply_slip")]
    return flow


def write(pack: HandoverPack, out: BinaryIO) -> int:
    """Write the PDF to ``out``; returns the number of pages."""
    register_fonts()
    organisation = pack.letterhead.organisation
    doc = BaseDocTemplate(
        out,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=pack.title,
        author=organisation,
        subject=f"Overdrachtspakket {pack.reference}",
        creator=CREATOR,
        producer=CREATOR,
        keywords="vertrouwelijk, warme overdracht",
        lang="nl-NL",
        displayDocTitle=True,
        initialFontName=REGULAR,  # otherwise every page names Helvetica, a font we never embed
    )
    frame = Frame(
        MARGIN_LEFT, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content",
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="pack", frames=[frame])])
    printed = f"Afgedrukt op {local_text(pack.printed_at)}"
    if pack.printed_by:
        printed += f" door {pack.printed_by}"
    decor = PageDecor(
        running_title=f"{organisation}  ·  {pack.title}",
        footer_left=f"{printed}  ·  Kenmerk {pack.reference}",
    )
    pages: list[int] = []
    doc.build(story(pack), canvasmaker=numbered_canvas(decor, pages))
    return pages[-1]
