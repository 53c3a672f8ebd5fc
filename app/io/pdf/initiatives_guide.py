"""The newcomer guide as PDF: the initiatives of one municipality in the order of relevance for one
language, in B1 Dutch, with the headings also in that language (Arabic and Dari/Farsi right to left,
Tigrinya in Ethiopic script). The same entries, shorter, make the page "Activiteiten bij u in de
buurt" of the maatschappelijke-begeleiding pack (``nearby_page``).

Imports reportlab at module level: the services import this module inside their functions.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from app.domain.timefmt import date_text
from app.io.pdf.fonts import BOLD, ETHIOPIC, ETHIOPIC_BOLD, REGULAR, register_fonts
from app.io.pdf.guide_model import (
    DUTCH,
    ETHIOPIC_LANGUAGES,
    FIT_KEYS,
    RTL_LANGUAGES,
    Fit,
    Guide,
    GuideEntry,
    heading,
)
from app.io.pdf.layout import (
    ACCENT,
    CONTENT_WIDTH,
    HEADER_FILL,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    PageDecor,
    RtlLines,
    numbered_canvas,
    para,
    styles,
    table_style,
)
from app.io.pdf.scripts import rtl_lines

CREATOR = "Doorlopende Lijn"
LABEL_WIDTH = 27 * mm
#: The pack page holds this many initiatives; the whole list is the guide of its own.
PACK_LIMIT = 10


def _style(name: str, font: str, size: float, color: object = INK, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35, textColor=color, **kw)


def translated(key: str, code: str, size: float, width: float, *, bold: bool = False) -> Flowable | None:
    """The heading ``key`` in language ``code`` drawn in its own script, or None (no translation, or
    a script the fonts cannot draw properly: then only the Dutch heading is printed)."""
    text = heading(key, code)
    if text is None:
        return None
    if code in RTL_LANGUAGES:
        font = BOLD if bold else REGULAR
        lines = rtl_lines(text, font, size, width)
        return None if lines is None else RtlLines(lines, font, size, size * 1.4, ACCENT if bold else MUTED)
    font = (
        (ETHIOPIC_BOLD if bold else ETHIOPIC) if code in ETHIOPIC_LANGUAGES else (BOLD if bold else REGULAR)
    )
    return Paragraph(text, _style(f"t-{key}-{size}", font, size, ACCENT if bold else MUTED))


def _label(key: str, code: str) -> list[Flowable]:
    cell: list[Flowable] = [para(DUTCH[key], styles().cell_bold)]
    extra = translated(key, code, 8.5, LABEL_WIDTH - 8)
    if extra is not None:
        cell.append(extra)
    return cell


def _fit_heading(fit: Fit, guide: Guide) -> list[Flowable]:
    if fit is Fit.OWN and guide.language_name:
        dutch = f"In het {guide.language_name}"
    else:
        dutch = DUTCH[FIT_KEYS[fit]]
    out: list[Flowable] = [Paragraph(dutch, styles().client_h2)]
    extra = translated(FIT_KEYS[fit], guide.language_code, 11, CONTENT_WIDTH, bold=True)
    if extra is not None:
        out.append(extra)
    return out


def _languages(entry: GuideEntry) -> str:
    text = entry.languages or "Nederlands"
    return text + ("; er kan een tolk bij zijn" if entry.via_interpreter else "")


def _entry(entry: GuideEntry, code: str) -> KeepTogether:
    """One initiative: name, what it is, and a compact grid (two facts a row; contact across)."""
    s = styles()
    sub = " · ".join(p for p in (entry.kind_label, entry.organisation) if p)
    if not entry.local:
        sub += " · ook voor inwoners van andere gemeenten"
    rows: list[list[object]] = [
        [_label("language", code), para(_languages(entry), s.cell), _label("when", code),
         para(entry.schedule or "Op afspraak", s.cell)],
        [_label("where", code), para(entry.where or "—", s.cell), _label("cost", code),
         para(entry.cost or "—", s.cell)],
    ]  # fmt: skip
    spans = []
    if entry.places:
        spans.append(len(rows))
        rows.append([_label("places", code), para(entry.places, s.cell), "", ""])
    spans.append(len(rows))
    rows.append([_label("contact", code), para("  ·  ".join(entry.contact) or "—", s.cell), "", ""])
    value = (CONTENT_WIDTH - 2 * LABEL_WIDTH) / 2
    table = Table(
        rows,
        colWidths=[LABEL_WIDTH, value, LABEL_WIDTH, value],
        style=table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("BACKGROUND", (2, 0), (2, 1), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                *[("SPAN", (1, row), (3, row)) for row in spans],
            ]
        ),
    )
    return KeepTogether(
        [
            Paragraph(_escape(entry.name), _style("entry", BOLD, 11.5, ACCENT, spaceBefore=9)),
            para(sub, s.small_muted),
            para(entry.description, s.cell) if entry.description else Spacer(1, 2),
            Spacer(1, 2),
            table,
        ]
    )


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def _title(guide: Guide, size: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [Paragraph(DUTCH["title"], s.client_h1)]
    extra = translated("title", guide.language_code, size, CONTENT_WIDTH, bold=True)
    if extra is not None:
        out.append(extra)
    return out


def _intro(guide: Guide) -> list[Flowable]:
    s = styles()
    gemeente = guide.gemeente_name
    lines = [
        f"In deze lijst staan activiteiten voor nieuwe inwoners van {gemeente}. Vrijwilligers organiseren "
        "ze. U kunt er Nederlands oefenen, mensen ontmoeten, sporten of hulp krijgen.",
        "Wilt u meedoen? Bel of mail de contactpersoon. U kunt ook uw begeleider vragen om u aan te melden.",
    ]
    if guide.language_name and guide.language_code != "nl":
        lines.append(
            f"Bovenaan staan activiteiten in het {guide.language_name}. Daarna komen activiteiten met een "
            "tolk, en daarna activiteiten in het Nederlands."
        )
    return [para(line, s.client_body) for line in lines]


def guide_story(guide: Guide) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = _title(guide, 15)
    story.append(para(f"Gemeente {guide.gemeente_name}  ·  {date_text(guide.made_on)}", s.small_muted))
    story.append(HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=4, spaceAfter=8))
    story += _intro(guide)
    if not guide.entries:
        story.append(
            para(
                f"Er zijn nu geen activiteiten in {guide.gemeente_name} bekend. "
                "Vraag uw begeleider wat er is.",
                s.client_bold,
            )
        )
        return story
    current: Fit | None = None
    for entry in guide.entries:
        if entry.fit is not current:
            current = entry.fit
            story += _fit_heading(current, guide)
        story.append(_entry(entry, guide.language_code))
    story += [
        Spacer(1, 6 * mm),
        para("Bewaar deze lijst goed. Vraag uw begeleider als u iets niet begrijpt.", s.body),
    ]
    return story


def write(guide: Guide, out: BinaryIO) -> int:
    """The guide as PDF into ``out``; returns the number of pages."""
    register_fonts()
    doc = BaseDocTemplate(
        out,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{DUTCH['title']} – {guide.gemeente_name}",
        author=guide.organisation,
        subject="Activiteiten voor nieuwe inwoners",
        creator=CREATOR,
        producer=CREATOR,
        lang="nl-NL",
        displayDocTitle=True,
        initialFontName=REGULAR,
    )
    frame = Frame(
        MARGIN_LEFT, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="content",
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="guide", frames=[frame])])
    decor = PageDecor(
        running_title=f"{guide.organisation}  ·  {DUTCH['title']}",
        footer_left=f"Gemaakt op {date_text(guide.made_on)}  ·  {guide.organisation}",
        confidential=False,  # a list of public activities, to take home
    )
    pages: list[int] = []
    doc.build(guide_story(guide), canvasmaker=numbered_canvas(decor, pages))
    return pages[-1]


def render(guide: Guide) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    pages = write(guide, buffer)
    return buffer.getvalue(), pages


# -- the pack page ----------------------------------------------------------------------------------

#: (Dutch header, heading keys translated under it, share of the width)
_PACK_COLUMNS = (
    ("Activiteit", (), 0.31),
    ("Taal", ("language",), 0.17),
    ("Wanneer en waar", ("when", "where"), 0.26),
    ("Contact", ("contact",), 0.26),
)


def _head_cell(label: str, keys: tuple[str, ...], code: str, width: float) -> list[Flowable]:
    cell: list[Flowable] = [para(label, styles().cell_head)]
    for key in keys:
        extra = translated(key, code, 8, width - 8)
        if extra is not None:
            cell.append(extra)
    return cell


def _pack_rows(entry: GuideEntry) -> list[list[object]]:
    """Two rows per initiative: the facts, then e-mail and website across the last three columns
    (an address that long would otherwise break in the middle)."""
    s = styles()
    what: list[Flowable] = [
        para(entry.name, s.cell_bold),
        para(" · ".join(p for p in (entry.kind_label, entry.organisation) if p), s.small_muted),
    ]
    if entry.places:
        what.append(para(entry.places, s.small))
    when = "\n".join(p for p in (entry.schedule or "Op afspraak", entry.where, entry.cost) if p)
    person = [line for line in entry.contact if "@" not in line and not line.startswith("http")]
    online = [line for line in entry.contact if line not in person]
    first = [
        what,
        para(_languages(entry), s.cell),
        para(when, s.cell),
        para("\n".join(person) or "—", s.cell),
    ]
    return [first, ["", para("  ·  ".join(online), s.small) if online else "", "", ""]]


def nearby_page(guide: Guide, *, limit: int = PACK_LIMIT) -> list[Flowable]:
    """One page for the pack: the most relevant initiatives of the household's municipality."""
    s = styles()
    story: list[Flowable] = _title(guide, 14)
    story.append(
        para(
            f"In {guide.gemeente_name} en in de regio. Vrijwilligers organiseren deze activiteiten. "
            "Wilt u meedoen? Bel of mail de contactpersoon, of vraag uw begeleider.",
            s.client_body,
        )
    )
    if not guide.entries:
        story.append(para(f"Er zijn nu geen activiteiten in {guide.gemeente_name} bekend.", s.client_bold))
        return story
    widths = [CONTENT_WIDTH * share for *_, share in _PACK_COLUMNS]
    code = guide.language_code
    rows: list[list[object]] = [
        [_head_cell(label, keys, code, w) for (label, keys, _), w in zip(_PACK_COLUMNS, widths, strict=True)]
    ]
    commands: list[tuple] = [  # type: ignore[type-arg]
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for entry in guide.entries[:limit]:
        top = len(rows)
        rows += _pack_rows(entry)
        commands += [
            ("SPAN", (0, top), (0, top + 1)),
            ("SPAN", (1, top + 1), (3, top + 1)),
            ("TOPPADDING", (1, top + 1), (3, top + 1), 0),
            ("LINEBELOW", (0, top + 1), (-1, top + 1), 0.4, RULE),
        ]
    story.append(Table(rows, colWidths=widths, repeatRows=1, style=table_style(commands)))
    more = len(guide.entries) - limit
    if more > 0:
        story.append(Spacer(1, 3 * mm))
        story.append(
            para(f"Er zijn nog {more} andere activiteiten. Vraag uw begeleider naar de hele lijst.", s.body)
        )
    story.append(
        para(
            f"Lijst van {date_text(guide.made_on)}. Tijden en plaatsen kunnen veranderen.",
            _style("note", REGULAR, 8, MUTED),
        )
    )
    return story
