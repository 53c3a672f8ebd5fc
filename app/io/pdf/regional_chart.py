"""The regional overview's chart: per municipality a bar in percent of the corrected taakstelling,
drawn with reportlab graphics (no Qt, no matplotlib)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.io.pdf.fonts import BOLD, REGULAR
from app.io.pdf.layout import INK, MUTED, RULE
from app.io.pdf.regional_model import BoardLine

REALISED = colors.HexColor("#1F3A5F")
EXPECTED = colors.HexColor("#9DB4D0")
TARGET = colors.HexColor("#9B1C1C")


class PercentChart(Flowable):
    """Horizontal bars per municipality: realised and realised + expected, in percent of the corrected
    taakstelling, with the 100% line. Percent, so Utrecht's hundreds do not dwarf Oudewater's tens."""

    ROW = 6.8 * mm

    def __init__(self, board: list[BoardLine], width: float) -> None:
        super().__init__()
        self.board = board
        self.width = width
        self.height = self.ROW * len(board) + 16 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def drawing(self) -> Drawing:
        label_w, right_pad = 42 * mm, 22 * mm
        plot_w = self.width - label_w - right_pad
        top_pct = max(
            150.0, *(self._pct(b.expected if b.expected is not None else b.housed, b) for b in self.board)
        )
        scale = plot_w / min(top_pct, 250.0)
        d = Drawing(self.width, self.height)
        base_y = 10 * mm
        for i, b in enumerate(reversed(self.board)):
            y = base_y + i * self.ROW
            d.add(
                String(
                    label_w - 3,
                    y + self.ROW * 0.32,
                    b.name,
                    fontName=BOLD if b.own else REGULAR,
                    fontSize=8.5,
                    fillColor=INK,
                    textAnchor="end",
                )
            )
            realised = self._pct(b.housed, b)
            expected = self._pct(b.expected, b) if b.expected is not None else None
            bar_h = self.ROW * 0.62
            if expected is not None and expected > realised:
                d.add(
                    Rect(
                        label_w,
                        y + self.ROW * 0.12,
                        min(expected, 250) * scale,
                        bar_h,
                        fillColor=EXPECTED,
                        strokeColor=None,
                    )
                )
            d.add(
                Rect(
                    label_w,
                    y + self.ROW * 0.12,
                    min(realised, 250) * scale,
                    bar_h,
                    fillColor=REALISED,
                    strokeColor=None,
                )
            )
            text = f"{round(realised)}%" + (f" → {round(expected)}%" if expected is not None else "")
            if not b.corrected:
                text = "geen taakstelling"
            end = max(realised, expected or 0)
            d.add(
                String(
                    label_w + min(end, 250) * scale + 3,
                    y + self.ROW * 0.32,
                    text,
                    fontName=REGULAR,
                    fontSize=7.5,
                    fillColor=MUTED,
                )
            )
        top = base_y + len(self.board) * self.ROW
        for pct in range(0, int(min(top_pct, 250)) + 1, 25):
            x = label_w + pct * scale
            strong = pct == 100
            d.add(
                Line(
                    x,
                    base_y - 2,
                    x,
                    top,
                    strokeColor=TARGET if strong else RULE,
                    strokeWidth=1.2 if strong else 0.3,
                    strokeDashArray=None if strong else [1, 2],
                )
            )
            d.add(
                String(
                    x,
                    base_y - 9,
                    f"{pct}%",
                    fontName=BOLD if strong else REGULAR,
                    fontSize=7,
                    fillColor=INK if strong else MUTED,
                    textAnchor="middle",
                )
            )
        # Legend, above the bars.
        lx, ly = label_w, top + 4 * mm
        d.add(Rect(lx, ly, 8, 8, fillColor=REALISED, strokeColor=None))
        d.add(String(lx + 11, ly + 1, "gehuisvest tot nu toe", fontName=REGULAR, fontSize=8, fillColor=INK))
        d.add(Rect(lx + 42 * mm, ly, 8, 8, fillColor=EXPECTED, strokeColor=None))
        d.add(
            String(
                lx + 42 * mm + 11,
                ly + 1,
                "verwacht aan het eind van de periode (prognose)",
                fontName=REGULAR,
                fontSize=8,
                fillColor=INK,
            )
        )
        d.add(Line(lx + 125 * mm, ly + 4, lx + 131 * mm, ly + 4, strokeColor=TARGET, strokeWidth=1.2))
        d.add(
            String(
                lx + 133 * mm,
                ly + 1,
                "100% = gecorrigeerde taakstelling",
                fontName=REGULAR,
                fontSize=8,
                fillColor=INK,
            )
        )
        return d

    @staticmethod
    def _pct(value: float | None, b: BoardLine) -> float:
        return 100.0 * (value or 0) / b.corrected if b.corrected else 0.0

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        renderPDF.draw(self.drawing(), self.canv, 0, 0)
