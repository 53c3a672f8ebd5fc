"""The introduction letter: a candidate introduced by name to an employer, printed only after the
candidate and the consulent both agreed (the service checks; this module only draws).

It carries the name and what the employer needs for the first conversation — the place, the
candidate's work experience, language level and availability — and nothing else of the dossier (no
V-nummer, BSN, birth date or photo). Imports reportlab at module level: the service imports this
module inside its function.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from app.domain.timefmt import date_text
from app.io.pdf.fonts import REGULAR, register_fonts
from app.io.pdf.layout import (
    CONTENT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    PageDecor,
    cell_text,
    numbered_canvas,
    para,
    styles,
    table_style,
)
from app.io.pdf.letter import letterhead_block
from app.io.pdf.pack_model import Letterhead

CREATOR = "Doorlopende Lijn"
LABEL_WIDTH = 48 * mm


@dataclass(frozen=True)
class IntroductionLetter:
    letterhead: Letterhead
    employer: str
    place: str  # "Werkstage – Keukenhulp"
    candidate_name: str
    code: str  # "K-0042": the code the employer knows from the anonymous list
    experience: str
    education: str
    language: str
    availability: str
    candidate_consent_on: date
    consulent_consent_on: date
    consulent: str  # who signs
    made_on: date
    next_step: str = ""


def _facts(letter: IntroductionLetter) -> Table:
    rows = [
        ("Kandidaat", letter.candidate_name),
        ("Kandidaatcode", f"{letter.code} (zoals op de anonieme lijst)"),
        ("Plaats", letter.place),
        ("Werkervaring", letter.experience or "—"),
        ("Opleidingsniveau", letter.education or "—"),
        ("Taalniveau Nederlands", letter.language or "—"),
        ("Beschikbaar", letter.availability or "—"),
    ]
    s = styles()
    data = [[label, Paragraph(value, s.cell)] for label, value in rows]
    style = [
        *cell_text("label", (0, 0), (0, -1)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    return Table(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH], style=table_style(style))


def letter_story(letter: IntroductionLetter) -> list[Flowable]:
    s = styles()
    first = letter.candidate_name.split()[0] if letter.candidate_name else "de kandidaat"
    story: list[Flowable] = [
        letterhead_block(letter.letterhead),
        Spacer(1, 9 * mm),
        para(letter.employer, s.body_bold),
        Spacer(1, 6 * mm),
        para(f"{date_text(letter.made_on)}", s.small_muted),
        Paragraph(f"Voorstelling van {letter.candidate_name}", s.h1),
        Spacer(1, 3 * mm),
        para("Geachte heer, mevrouw,", s.body),
        para(
            f"Op de anonieme lijst kende u deze kandidaat als {letter.code}. Graag stellen wij u nu voor aan "
            f"{letter.candidate_name}, kandidaat voor de plaats die u heeft aangeboden: {letter.place}.",
            s.body,
        ),
        para(
            f"{first} en de consulent hebben allebei toestemming gegeven om de naam met u te delen "
            f"(de kandidaat op {date_text(letter.candidate_consent_on)}, de consulent op "
            f"{date_text(letter.consulent_consent_on)}). Gebruik de gegevens alleen voor deze plaats.",
            s.body,
        ),
        Paragraph("Over de kandidaat", s.h2),
        _facts(letter),
        Spacer(1, 5 * mm),
    ]
    if letter.next_step:
        story.append(para(f"Wat we voorstellen: {letter.next_step}.", s.body))
    story += [
        para(
            "Wilt u een kennismakingsgesprek? Neem dan contact op met de consulent hieronder. Past het "
            "niet, laat het ons dan ook weten: dan zoeken we samen verder.",
            s.body,
        ),
        Spacer(1, 3 * mm),
        para("Met vriendelijke groet,", s.body),
        Spacer(1, 5 * mm),
        para(letter.consulent, s.body_bold),
        para(letter.letterhead.organisation, s.body),
    ]
    return story


def render(letter: IntroductionLetter) -> tuple[bytes, int]:
    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=f"Voorstelling {letter.code}",
        author=letter.letterhead.organisation, creator=CREATOR, producer=CREATOR, lang="nl-NL",
        initialFontName=REGULAR,
    )  # fmt: skip
    decor = PageDecor(
        running_title=f"{letter.letterhead.organisation}  ·  Voorstelling {letter.code}",
        footer_left=f"Gemaakt op {date_text(letter.made_on)} door {letter.consulent}",
    )
    pages: list[int] = []
    doc.build(letter_story(letter), canvasmaker=numbered_canvas(decor, pages))
    return out.getvalue(), pages[-1]
