"""A challenge on paper: the organisers' briefing (participants, open places by kind, checklist) and
the invitation letters to employers, one letter per employer. No personal data of candidates: the
briefing counts places, it never names who fills them.

Imports reportlab at module level: the services import this module inside their functions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import BaseDocTemplate

from app.domain.timefmt import date_text, long_date_nl
from app.io.pdf.build import CREATOR
from app.io.pdf.fonts import REGULAR, has_glyphs, register_fonts
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
    bullet,
    cell_text,
    numbered_canvas,
    para,
    styles,
    table_style,
)


def long_date(day: date) -> str:
    """ "donderdag 12 maart 2026"."""
    return long_date_nl(day, weekday=True)


@dataclass(frozen=True)
class BriefingParticipant:
    name: str
    participating: bool
    invited_on: date | None
    pledged: int
    filled: int


@dataclass(frozen=True)
class Briefing:
    title: str
    held_on: date
    times: str  # "14:00–17:00"
    venue: str
    organisers: list[str]
    status: str
    target_places: int
    target_kinds: list[str]
    participants: list[BriefingParticipant]
    places: list[tuple[str, int, int]]  # kind label, pledged, filled
    checks: list[tuple[str, bool, str]]  # text, done, "by, on"
    notes: str
    made_on: date
    made_by: str


@dataclass(frozen=True)
class Invitation:
    employer: str
    contact: str  # "" when not known: "Geachte heer, mevrouw"
    address: str


@dataclass(frozen=True)
class Invitations:
    title: str
    held_on: date
    times: str
    venue: str
    organisation: str  # the lead municipality, who signs
    sender: str
    letters: list[Invitation]
    made_on: date


def _table(rows: list[list[str]], widths: list[float], head: bool = True) -> Table:
    style = [
        *cell_text("cell", (0, 0), (-1, -1)),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if head:
        style += cell_text("head", (0, 0), (-1, 0))
    return Table(rows, colWidths=widths, style=table_style(style), repeatRows=1 if head else 0)


def briefing_story(b: Briefing) -> list[Flowable]:
    s = styles()
    where = (
        f"{long_date(b.held_on)}" + (f", {b.times}" if b.times else "") + (f" · {b.venue}" if b.venue else "")
    )
    story: list[Flowable] = [
        Paragraph(f"Briefing: {b.title}", s.h1),
        para(where, s.body_bold),
        para(f"Organisatie: {', '.join(b.organisers)} · status: {b.status.lower()}", s.body),
        para(
            f"Doel: {b.target_places} plekken"
            + (f" ({', '.join(b.target_kinds).lower()})" if b.target_kinds else ""),
            s.body,
        ),
        Paragraph("Werkgevers", s.h2),
    ]
    if b.participants:
        rows = [["Werkgever", "Doet mee", "Uitgenodigd", "Toegezegd", "Ingevuld"]]
        for p in b.participants:
            rows.append([
                p.name, "ja" if p.participating else "nog geen antwoord", date_text(p.invited_on),
                str(p.pledged), str(p.filled),
            ])  # fmt: skip
        w = CONTENT_WIDTH
        story.append(_table(rows, [w * 0.38, w * 0.2, w * 0.16, w * 0.13, w * 0.13]))
    else:
        story.append(para("Er zijn nog geen werkgevers uitgenodigd.", s.body))
    story.append(Paragraph("Plekken per soort", s.h2))
    if b.places:
        rows = [["Soort plek", "Toegezegd", "Ingevuld", "Nog open"]]
        rows += [[kind, str(n), str(f), str(max(n - f, 0))] for kind, n, f in b.places]
        total_n, total_f = sum(n for _, n, _ in b.places), sum(f for _, _, f in b.places)
        rows.append(["Totaal", str(total_n), str(total_f), str(max(total_n - total_f, 0))])
        w = CONTENT_WIDTH
        story.append(_table(rows, [w * 0.4, w * 0.2, w * 0.2, w * 0.2]))
    else:
        story.append(para("Nog geen plekken toegezegd.", s.body))
    story.append(Paragraph("Checklist", s.h2))
    boxes = ("☑", "☐") if has_glyphs("☑☐") else ("[x]", "[ ]")
    for text, done, who in b.checks:
        extra = f"  <font color='#5f6b76'>(gedaan: {escape(who)})</font>" if done else ""
        story.append(Paragraph(escape(text) + extra, s.bullet, bulletText=boxes[0] if done else boxes[1]))
    if b.notes:
        story += [Paragraph("Notities", s.h2), para(b.notes, s.body)]
    story += [
        Spacer(1, 6 * mm),
        para(
            "Deze briefing noemt geen kandidaten: wie een plek invult, staat in het dossier van de "
            "eigen gemeente.",
            s.small_muted,
        ),
    ]
    return story


def invitation_story(inv: Invitations) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    where = long_date(inv.held_on) + (f" van {inv.times.replace('–', ' tot ')} uur" if inv.times else "")
    for index, letter in enumerate(inv.letters):
        if index:
            story.append(PageBreak())
        story += [
            para(inv.organisation, s.org_name),
            Spacer(1, 10 * mm),
            para(letter.employer, s.body_bold),
        ]
        if letter.contact:
            story.append(para(f"t.a.v. {letter.contact}", s.body))
        for line in letter.address.splitlines():
            story.append(para(line, s.body))
        salutation = f"Beste {letter.contact}," if letter.contact else "Geachte heer, mevrouw,"
        story += [
            Spacer(1, 10 * mm),
            para(f"{date_text(inv.made_on)}", s.body),
            para(f"Onderwerp: uitnodiging {inv.title}", s.body_bold),
            Spacer(1, 6 * mm),
            para(salutation, s.body),
            para(
                f"Graag nodigen wij {letter.employer} uit voor de {inv.title}. Op deze bijeenkomst maken "
                "werkgevers kennis met nieuwe inwoners van onze regio die willen werken, leren of "
                "stage lopen.",
                s.body,
            ),
            Paragraph("Wanneer en waar", s.h2),
            para(where, s.body_bold),
            para(inv.venue or "De locatie volgt.", s.body),
            Paragraph("Wat wij u vragen", s.h2),
            bullet("Laat ons weten of u komt.", s.bullet),
            bullet(
                "Denk na over plekken die u kunt bieden: een taalstage, werkstage, werkervaringsplek, "
                "leerwerktraject of betaalde baan.",
                s.bullet,
            ),
            bullet("Wij zorgen voor de voorbereiding van de kandidaten en begeleiden hen daarna.", s.bullet),
            Spacer(1, 8 * mm),
            para("Met vriendelijke groet,", s.body),
            Spacer(1, 10 * mm),
            para(inv.sender, s.body),
            para(inv.organisation, s.body),
        ]
    return story


def _write(out: BinaryIO, flowables: list[Flowable], title: str, decor: PageDecor, author: str) -> int:
    register_fonts()
    doc = BaseDocTemplate(
        out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author, creator=CREATOR,
        producer=CREATOR, lang="nl-NL", displayDocTitle=True, initialFontName=REGULAR,
    )  # fmt: skip
    frame = Frame(
        MARGIN_LEFT, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content",
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    pages: list[int] = []
    doc.build(flowables, canvasmaker=numbered_canvas(decor, pages))
    return pages[-1]


def render_briefing(b: Briefing) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    decor = PageDecor(
        running_title=f"Briefing {b.title} · {date_text(b.held_on)}",
        footer_left=f"Gemaakt op {date_text(b.made_on)} door {b.made_by}",
        confidential=False,  # no personal data: employers and counts only
    )
    pages = _write(buffer, briefing_story(b), f"Briefing {b.title}", decor, ", ".join(b.organisers))
    return buffer.getvalue(), pages


def render_invitations(inv: Invitations) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    decor = PageDecor(
        running_title=f"Uitnodiging {inv.title}",
        footer_left=f"{inv.organisation} · {date_text(inv.made_on)}",
        confidential=False,
    )
    pages = _write(buffer, invitation_story(inv), f"Uitnodiging {inv.title}", decor, inv.organisation)
    return buffer.getvalue(), pages
