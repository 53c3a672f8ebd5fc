"""Page geometry, colours, paragraph styles and the running header and footer of a pack.

Imports reportlab at module level: only the renderer imports this module, inside its functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, TableStyle

from app.io.pdf.fonts import BOLD, REGULAR, register_fonts, text_width

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

INK = colors.HexColor("#1B1F24")
MUTED = colors.HexColor("#5B6570")
ACCENT = colors.HexColor("#1F3A5F")  # headings, rules
RULE = colors.HexColor("#B9C2CC")
HEADER_FILL = colors.HexColor("#E9EEF4")
ZEBRA = colors.HexColor("#F6F8FA")
ALERT = colors.HexColor("#9B1C1C")  # VERTROUWELIJK, consent override
ALERT_FILL = colors.HexColor("#FBEFEF")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_bold: ParagraphStyle
    small: ParagraphStyle
    small_muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    org_name: ParagraphStyle
    org_address: ParagraphStyle
    bullet: ParagraphStyle
    alert: ParagraphStyle
    client_body: ParagraphStyle
    client_bold: ParagraphStyle
    client_h1: ParagraphStyle
    client_h2: ParagraphStyle
    client_bullet: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": REGULAR,
            "bulletFontName": REGULAR,  # reportlab's default is Helvetica, which is never embedded
            "fontSize": 10,
            "leading": 14.5,
            "textColor": INK,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    return Styles(
        body=style("body", spaceAfter=7),
        body_bold=style("body_bold", fontName=BOLD),
        small=style("small", fontSize=8.5, leading=11.5),
        small_muted=style("small_muted", fontSize=8.5, leading=11.5, textColor=MUTED),
        cell=style("cell", fontSize=9, leading=12),
        cell_bold=style("cell_bold", fontName=BOLD, fontSize=9, leading=12),
        cell_head=style("cell_head", fontName=BOLD, fontSize=8.5, leading=11, textColor=ACCENT),
        label=style("label", fontSize=8.5, leading=12, textColor=MUTED),
        h1=style("h1", fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceAfter=2),
        h2=style(
            "h2", fontName=BOLD, fontSize=11, leading=14, textColor=ACCENT, spaceBefore=12, spaceAfter=5
        ),
        org_name=style(
            "org_name", fontName=BOLD, fontSize=13, leading=16, alignment=TA_RIGHT, textColor=ACCENT
        ),
        org_address=style("org_address", fontSize=8.5, leading=11.5, alignment=TA_RIGHT, textColor=MUTED),
        bullet=style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=1.5),
        alert=style("alert", fontName=BOLD, fontSize=10, leading=13.5, textColor=ALERT),
        client_body=style("client_body", fontSize=12, leading=17.5, spaceAfter=6),
        client_bold=style("client_bold", fontName=BOLD, fontSize=12, leading=17.5, spaceAfter=6),
        client_h1=style("client_h1", fontName=BOLD, fontSize=18, leading=23, textColor=ACCENT, spaceAfter=4),
        client_h2=style(
            "client_h2",
            fontName=BOLD,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=4,
        ),
        client_bullet=style(
            "client_bullet", fontSize=12, leading=17.5, leftIndent=16, bulletIndent=3, spaceAfter=3
        ),
    )


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style that names our font: reportlab sets a cell's font even for paragraph cells, and its
    default (Helvetica) would end up in the PDF as a font that is not embedded."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


# Short fixed texts in table cells are drawn as plain strings: a Paragraph per cell costs a parse and
# several line-breaking passes, and a pack has over a hundred cells (see bench/bench_packs.py).
CELL_FONTS = {
    "label": (REGULAR, 8.5, MUTED),
    "head": (BOLD, 8.5, ACCENT),
    "cell": (REGULAR, 9, INK),
    "bold": (BOLD, 9, INK),
    "box": (REGULAR, 11.5, ACCENT),
}


def cell_text(kind: str, start: tuple[int, int], end: tuple[int, int]) -> list[tuple]:
    """Table style commands that draw the plain-string cells from ``start`` to ``end`` as ``kind``."""
    font, size, color = CELL_FONTS[kind]
    return [
        ("FONTNAME", start, end, font),
        ("FONTSIZE", start, end, size),
        ("LEADING", start, end, size * 1.35),
        ("TEXTCOLOR", start, end, color),
    ]


def fit(text: str, kind: str, width: float) -> str | Paragraph:
    """A cell's text as a plain string when every line fits ``width``, else as a wrapping paragraph.

    The table must draw plain strings of that cell as ``kind`` (see cell_text); nothing ever runs
    over its column either way.
    """
    font, size, _ = CELL_FONTS[kind]
    if all(text_width(line, font, size) <= width for line in text.split("\n")):
        return text
    s = styles()
    style = {"label": s.label, "head": s.cell_head, "cell": s.cell, "bold": s.cell_bold}[kind]
    return para(text, style)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: names may hold & or <); newlines become line breaks."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def bullet(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style, bulletText="•")


def markup(template: str, style: ParagraphStyle, **values: str) -> Paragraph:
    """A paragraph from trusted reportlab markup with escaped values filled in."""
    return Paragraph(template.format(**{k: escape(v) for k, v in values.items()}), style)


class RtlLines(Flowable):
    """Lines already shaped and in visual order, drawn right-aligned so no re-wrapping can reorder them."""

    def __init__(
        self, lines: list[str], font_name: str, size: float, leading: float, color: Any = INK
    ) -> None:
        super().__init__()
        self.color = color
        self.lines = lines
        self.font_name = font_name
        self.size = size
        self.leading = leading

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font_name, self.size)
        canvas.setFillColor(self.color)
        y = self.height - self.size
        for line in self.lines:
            canvas.drawRightString(self.width, y, line)
            y -= self.leading


@dataclass(frozen=True)
class PageDecor:
    """What the header and footer of every page say."""

    running_title: str  # pages after the first: "Gemeente Houten · Warme overdracht GCA → huisarts"
    footer_left: str  # "Afgedrukt op 12-03-2026 14:05 door … · Kenmerk …"
    confidential: bool = True  # the VERTROUWELIJK marking (not on a guide for newcomers)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_marking(canvas: Canvas) -> float:
    """The confidential marking in the top-right corner, boxed so it is not missed; returns its width."""
    label, size, spacing = "VERTROUWELIJK", 8.5, 1.2
    width = text_width(label, BOLD, size) + spacing * (len(label) - 1) + 10
    right = PAGE_WIDTH - MARGIN_RIGHT
    top = PAGE_HEIGHT - 11 * mm
    canvas.saveState()  # the character spacing must not leak into the header and footer
    canvas.setStrokeColor(ALERT)
    canvas.setLineWidth(0.8)
    canvas.rect(right - width, top - 3.2, width, size + 5.5, stroke=1, fill=0)
    canvas.setFillColor(ALERT)
    text = canvas.beginText(right - width + 5, top)
    text.setFont(BOLD, size)
    text.setCharSpace(spacing)
    text.textOut(label)
    canvas.drawText(text)
    canvas.restoreState()
    return width


def _draw_static(canvas: Canvas, decor: PageDecor, page: int) -> None:
    marking = _draw_marking(canvas) if decor.confidential else 0.0
    canvas.saveState()
    top = PAGE_HEIGHT - 11 * mm
    if page > 1:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7.5)
        title = _fit(decor.running_title, REGULAR, 7.5, CONTENT_WIDTH - marking - 6 * mm)
        canvas.drawString(MARGIN_LEFT, top, title)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, top - 6, PAGE_WIDTH - MARGIN_RIGHT - marking - 3 * mm, top - 6)
    # Footer: who printed it and when on the left; the page number is added once the total is known.
    bottom = 13 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_LEFT, bottom + 9, PAGE_WIDTH - MARGIN_RIGHT, bottom + 9)
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(MARGIN_LEFT, bottom, _fit(decor.footer_left, REGULAR, 7.5, CONTENT_WIDTH - 30 * mm))
    canvas.restoreState()


def _draw_page_number(canvas: Canvas, page: int, total: int) -> None:
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 7.5)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, 13 * mm, f"pagina {page} van {total}")
    canvas.restoreState()


def numbered_canvas(decor: PageDecor, pages: list[int]) -> Callable[..., Canvas]:
    """A canvas class that holds back each page until the total is known ("pagina X van Y") in one pass.

    ``pages`` receives the page count when the document is saved.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            _draw_static(self, decor, len(self._held) + 1)
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                _draw_page_number(self, number, total)
                Canvas.showPage(self)
            pages.append(total)
            Canvas.save(self)

    return NumberedCanvas
