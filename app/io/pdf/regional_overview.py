"""The regional overview on paper, for the regio-overleg and the bestuurstafel: one A4-landscape
PDF with the board per municipality, a chart in percent of the corrected taakstelling, the next
COA check, the forecast with its 80% intervals and the swap ledger. Dated, with the time the data
stand at. Counts per municipality only: no household, no name.

Imports reportlab at module level: the service imports this module inside its function. The data
it draws is in app.io.pdf.regional_model, the chart in app.io.pdf.regional_chart.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from app.domain.wording import count
from app.io.pdf.build import CREATOR
from app.io.pdf.fonts import BOLD, REGULAR, register_fonts
from app.io.pdf.layout import (
    ACCENT,
    HEADER_FILL,
    MUTED,
    RULE,
    ZEBRA,
    cell_text,
    para,
    styles,
    table_style,
)
from app.io.pdf.regional_chart import PercentChart
from app.io.pdf.regional_model import RegionalOverviewDoc, number, percent, signed, stamp

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 15 * mm, 18 * mm, 16 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BEHIND = colors.HexColor("#9B1C1C")
GOOD = colors.HexColor("#1E6B3A")


# --- the parts --------------------------------------------------------------------------------


def _heads(texts: list[Any], left: int = 1) -> list[Any]:
    """Header cells as paragraphs, so a long heading wraps instead of running into its neighbour."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    s = styles()
    head = ParagraphStyle("head_left", parent=s.cell_head, fontSize=8, leading=10)
    right = ParagraphStyle("head_right", parent=head, alignment=TA_RIGHT)
    return [para(t, head if i < left else right) if isinstance(t, str) else t for i, t in enumerate(texts)]


def _table(
    rows: list[list[Any]],
    widths: list[float],
    *,
    total: bool = False,
    extra: list[tuple] | None = None,
    left: int = 1,
) -> Table:
    rows = [_heads(rows[0], left), *rows[1:]]
    style = [
        *cell_text("cell", (0, 0), (-1, -1)),
        *cell_text("head", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        # The header row a little tighter: "Gecorrigeerd" fits its column without a broken word.
        ("LEFTPADDING", (0, 0), (-1, 0), 2),
        ("RIGHTPADDING", (0, 0), (-1, 0), 2.5),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(rows) - (1 if total else 0), 2)]
    if total:
        style += [*cell_text("bold", (0, -1), (-1, -1)), ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)]
    return Table(
        rows, colWidths=widths, style=table_style([*style, *(extra or [])]), repeatRows=1, hAlign="LEFT"
    )


def _board_table(doc: RegionalOverviewDoc) -> Table:
    head = [
        "Gemeente",
        "Taakstelling",
        "Achterstand in",
        "Gecorrigeerd",
        "Gehuisvest",
        "Gerealiseerd",
        "Nog te huisvesten",
        "Vrije woningen",
        "Saldo uitruil",
        "Verwacht einde",
        "Stand",
    ]
    rows: list[list[Any]] = [head]
    extra: list[tuple] = []
    for i, b in enumerate(doc.board, start=1):
        rows.append(
            [
                b.name,
                number(b.taakstelling),
                signed(b.backlog_in),
                number(b.corrected),
                number(b.housed),
                percent(b.housed, b.corrected),
                number(b.pending),
                number(b.vacancies),
                signed(b.swap_balance),
                percent(b.expected, b.corrected) if b.expected is not None else "–",
                b.status,
            ]
        )
        if b.status == "achterstand":
            extra.append(("TEXTCOLOR", (10, i), (10, i), BEHIND))
        if b.own:
            extra.append(("FONTNAME", (0, i), (9, i), BOLD))  # the status stays regular: it fits
    t = {
        k: sum(getattr(b, k) for b in doc.board)
        for k in ("taakstelling", "backlog_in", "corrected", "housed", "pending", "vacancies")
    }
    expected = (
        sum(b.expected or 0 for b in doc.board) if any(b.expected is not None for b in doc.board) else None
    )
    rows.append(
        [
            "Regio",
            number(t["taakstelling"]),
            signed(t["backlog_in"]),
            number(t["corrected"]),
            number(t["housed"]),
            percent(t["housed"], t["corrected"]),
            number(t["pending"]),
            number(t["vacancies"]),
            "",
            percent(expected, t["corrected"]) if expected is not None else "–",
            "",
        ]
    )
    w = CONTENT_WIDTH
    widths = [w * 0.135] + [w * 0.087] * 9 + [w * 0.082]
    return _table(rows, widths, total=True, extra=extra)


def _check_part(doc: RegionalOverviewDoc) -> list[Flowable]:
    s = styles()
    if doc.check_date is None:
        return [para("Er is geen volgende COA-peildatum bekend.", s.body)]
    days = doc.check_days_left or 0
    when = "vandaag" if days == 0 else f"over {count(days, 'dag')}"
    story: list[Flowable] = [
        para(
            f"Volgende COA-peildatum: {doc.check_date.strftime('%d-%m-%Y')} ({when}), voor de periode "
            f"{doc.check_period_label}. Op die dag moet COA de gecorrigeerde taakstelling gekoppeld hebben.",
            s.body,
        )
    ]
    if not doc.check:
        story.append(para(f"De taakstelling voor {doc.check_period_label} is nog niet ingevoerd.", s.body))
        return story
    rows: list[list[Any]] = [["Gemeente", "Nodig", "Gekoppeld", "Nog te koppelen", "Gehaald"]]
    extra: list[tuple] = []
    for i, c in enumerate(doc.check, start=1):
        rows.append(
            [
                c.name,
                number(c.needed),
                number(c.linked),
                number(c.shortfall),
                "ja" if not c.shortfall else "nee",
            ]
        )
        extra.append(("TEXTCOLOR", (4, i), (4, i), GOOD if not c.shortfall else BEHIND))
    rows.append(
        [
            "Regio",
            number(sum(c.needed for c in doc.check)),
            number(sum(c.linked for c in doc.check)),
            number(sum(c.shortfall for c in doc.check)),
            "",
        ]
    )
    w = CONTENT_WIDTH * 0.48
    story.append(_table(rows, [w * 0.36, w * 0.16, w * 0.16, w * 0.18, w * 0.14], total=True, extra=extra))
    return story


def _forecast_part(doc: RegionalOverviewDoc) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        para(
            "De prognose telt wat bekend is: wie al gehuisvest is, wie een woning heeft of een afgesproken "
            "uitruil, wie gekoppeld is (met de eigen doorlooptijd van de gemeente), de verwachte vrije "
            "woningen en wie COA nog koppelt. Het programma speelt dat vele keren na. Het interval is de "
            "bandbreedte waarin de uitkomst in 8 van de 10 gevallen valt; de kans is hoe vaak de "
            "gecorrigeerde taakstelling gehaald wordt.",
            s.small,
        ),
        Spacer(1, 2 * mm),
    ]
    if not doc.forecast:
        story.append(para(doc.forecast_note or "Er is geen prognose beschikbaar.", s.body))
        return story
    rows: list[list[Any]] = [
        [
            "Gemeente",
            f"Gecorrigeerd {doc.period_label}",
            "Gehuisvest",
            "Verwacht",
            "80%-interval",
            "Kans",
            f"Verwacht {doc.next_period_label}",
            "80%-interval",
            "Kans",
        ]
    ]
    for f in doc.forecast:
        c, n = f.current, f.next
        rows.append(
            [
                f.name,
                number(c.corrected),
                number(c.realised),
                number(c.expected),
                f"{number(c.low)}–{number(c.high)}",
                f"{round(100 * c.probability)}%",
                f"{number(n.expected)} van {number(n.corrected)}",
                f"{number(n.low)}–{number(n.high)}",
                f"{round(100 * n.probability)}%",
            ]
        )
    w = CONTENT_WIDTH
    widths = [w * 0.16, w * 0.12, w * 0.09, w * 0.09, w * 0.11, w * 0.07, w * 0.15, w * 0.12, w * 0.09]
    story.append(_table(rows, widths))
    if doc.forecast_note:
        story.append(para(doc.forecast_note, s.small_muted))
    return story


def _ledger_part(doc: RegionalOverviewDoc) -> list[Flowable]:
    s = styles()
    if not doc.ledger:
        return [
            para("Er staan geen uitruilschulden open: geen gemeente is een andere personen schuldig.", s.body)
        ]
    rows: list[list[Any]] = [["Gemeente", "Is schuldig aan", "Personen"]]
    rows += [[e.debtor, e.creditor, number(e.persons)] for e in doc.ledger]
    w = CONTENT_WIDTH * 0.5
    return [
        para(
            "Na een uitruil huisvest de ene gemeente personen voor de andere; die gemeente betaalt dat later "
            "terug. Dit is wat nog openstaat.",
            s.small,
        ),
        _table(rows, [w * 0.38, w * 0.42, w * 0.2], extra=[("ALIGN", (1, 0), (1, -1), "LEFT")], left=2),
    ]


def story(doc: RegionalOverviewDoc) -> list[Flowable]:
    s = styles()
    stand = f"stand per {stamp(doc.stand_per)}" if doc.stand_per else "nog geen gegevens"
    out: list[Flowable] = [
        Paragraph(f"Regio-overzicht huisvesting vergunninghouders · {doc.period_label}", s.h1),
        para(
            f"{doc.region} · afgedrukt op {stamp(doc.printed_at)} door {doc.printed_by} · {stand}",
            s.small_muted,
        ),
        Spacer(1, 3 * mm),
        _board_table(doc),
        para(
            "Gerealiseerd en Verwacht einde: in procenten van de gecorrigeerde taakstelling "
            "(taakstelling plus achterstand). Saldo uitruil: personen die andere gemeenten deze "
            "gemeente nog schuldig zijn (negatief: wat zij zelf schuldig is).",
            s.small_muted,
        ),
        CondPageBreak(PercentChart.ROW * len(doc.board) + 30 * mm),
        Paragraph(f"Voortgang in procenten van de gecorrigeerde taakstelling · {doc.period_label}", s.h2),
        PercentChart(doc.board, CONTENT_WIDTH),
        CondPageBreak(30 * mm),
        KeepTogether([Paragraph("Grootboek uitruil", s.h2), *_ledger_part(doc)]),
        CondPageBreak(70 * mm),
        KeepTogether([Paragraph("De volgende COA-peildatum", s.h2), *_check_part(doc)]),
        CondPageBreak(90 * mm),
        Paragraph(f"Prognose {doc.period_label} en {doc.next_period_label}", s.h2),
        *_forecast_part(doc),
    ]
    return out


# --- the page ---------------------------------------------------------------------------------


def _decorate(canvas: Canvas, running: str, footer: str, page: int, total: int) -> None:
    canvas.saveState()
    canvas.setFillColor(MUTED)
    canvas.setFont(REGULAR, 7.5)
    if page > 1:
        canvas.drawString(MARGIN_X, PAGE_HEIGHT - 10 * mm, running)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, PAGE_HEIGHT - 11.5 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 11.5 * mm)
    canvas.setStrokeColor(RULE)
    canvas.line(MARGIN_X, 11 * mm, PAGE_WIDTH - MARGIN_X, 11 * mm)
    canvas.drawString(MARGIN_X, 7.5 * mm, footer)
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, 7.5 * mm, f"pagina {page} van {total}")
    canvas.restoreState()


def _canvas_class(running: str, footer: str, pages: list[int]) -> Callable[..., Canvas]:
    """Holds each page back until the total is known ("pagina X van Y"), in one pass."""

    class PagedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number_, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                _decorate(self, running, footer, number_, total)
                Canvas.showPage(self)
            pages.append(total)
            Canvas.save(self)

    return PagedCanvas


def render_regional_overview(doc: RegionalOverviewDoc) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    register_fonts()
    buffer = io.BytesIO()
    title = f"Regio-overzicht {doc.period_label}"
    template = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=doc.region,
        creator=CREATOR,
        producer=CREATOR,
        lang="nl-NL",
        displayDocTitle=True,
        initialFontName=REGULAR,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="content",
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    stand = f" · stand per {stamp(doc.stand_per)}" if doc.stand_per else ""
    running = f"{doc.region} · Regio-overzicht {doc.period_label}{stand}"
    footer = (
        f"Afgedrukt op {stamp(doc.printed_at)} door {doc.printed_by} · "
        "alleen aantallen, geen persoonsgegevens"
    )
    pages: list[int] = []
    template.build(story(doc), canvasmaker=_canvas_class(running, footer, pages))
    return buffer.getvalue(), pages[-1]
