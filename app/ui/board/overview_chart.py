"""Bar chart of the board: per municipality the share of its corrected taakstelling housed so far,
and housed by the period's end as the forecast expects, with a line at 100%.

Percentages, not persons: Utrecht's hundreds would squash the other municipalities to a few pixels.
A click on a bar asks to show that municipality's koppelingen (``sig_gemeente_clicked``).
Imports QtCharts, which is heavy: only the overview tab imports this module, when it is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from app.domain.periods import Period

HOUSED_COLOR = QColor("#2b6cb0")
EXPECTED_COLOR = QColor("#9cc3e6")
OWN_HOUSED = QColor("#c05621")  # the user's own municipality stands out in orange
OWN_EXPECTED = QColor("#f6ad55")
TARGET_LINE = QColor("#4a5568")
AXIS_CAP = 200  # a municipality far ahead would flatten everyone else; its tooltip has the figure

# Long names get a line break so sixteen category labels stay readable side by side.
_SHORT = {"Utrechtse Heuvelrug": "Utrechtse<br>Heuvelrug", "Wijk bij Duurstede": "Wijk bij<br>Duurstede",
          "De Ronde Venen": "De Ronde<br>Venen", "Stichtse Vecht": "Stichtse<br>Vecht"}


def housed_percent(row: Any) -> float:
    """Housed as a percentage of what is needed (``OverviewRow.share``: 100 when nothing is)."""
    return 100.0 * row.share(row.housed_persons)


def expected_percent(row: Any) -> float | None:
    expected = getattr(row, "expected", None)
    return None if expected is None else 100.0 * row.share(expected)


def _axis_top(values: Sequence[float]) -> int:
    """Round up to the next 25 above 100, at most ``AXIS_CAP``."""
    top = max([100.0, *values])
    return int(min(AXIS_CAP, -(-(top + 5) // 25) * 25))


class BoardChart(QWidget):
    sig_gemeente_clicked = Signal(str)
    """A bar was clicked; carries the municipality's CBS code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: list[str] = []
        self.rows: list[Any] = []
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setBackgroundRoundness(0)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        title_font = QFont(self.font())
        title_font.setBold(True)
        self.chart.setTitleFont(title_font)

        self.housed = QBarSet(self.tr("Gehuisvest tot nu"))
        self.housed.setColor(HOUSED_COLOR)
        self.housed.setBorderColor(HOUSED_COLOR)
        self.housed.setSelectedColor(OWN_HOUSED)
        self.expected = QBarSet(self.tr("Verwacht aan het eind van de periode"))
        self.expected.setColor(EXPECTED_COLOR)
        self.expected.setBorderColor(EXPECTED_COLOR)
        self.expected.setSelectedColor(OWN_EXPECTED)
        self.series = QBarSeries()
        self.series.setBarWidth(0.8)
        self.series.append(self.housed)
        self.series.append(self.expected)
        self.series.clicked.connect(self._clicked)
        self.series.hovered.connect(self._hovered)
        self.chart.addSeries(self.series)

        self.target = QLineSeries()
        self.target.setName(self.tr("Gecorrigeerde taakstelling (100%)"))
        pen = QPen(TARGET_LINE)
        pen.setWidthF(1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.target.setPen(pen)
        self.chart.addSeries(self.target)

        self.axis_x = QBarCategoryAxis()
        self.axis_x.setLabelsFont(self._small_font())
        self.axis_y = QValueAxis()
        self.axis_y.setLabelFormat("%d%%")
        self.axis_y.setTitleText(self.tr("% van taakstelling"))
        self.axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
        self.axis_y.setTickAnchor(0)
        self.axis_y.setLabelsFont(self._small_font())
        self.axis_y.setTitleFont(self._small_font())
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (self.series, self.target):
            series.attachAxis(self.axis_x)
            series.attachAxis(self.axis_y)

        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        self.view.setToolTip(self.tr("Klik op een staaf om de koppelingen van die gemeente te zien"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1.5))
        return font

    def set_rows(
        self, rows: Sequence[Any], period: Period, own_code: str | None = None, *, expectation: bool = False
    ) -> None:
        """Show these municipalities (in the given order) for the period; ``own_code`` stands out.
        ``expectation``: the period lies ahead, so the taakstelling itself is the forecast's."""
        self.rows, self.codes = list(rows), [r.cbs_code for r in rows]
        title = (self.tr("Verwacht gehuisvest, in % van de verwachte gecorrigeerde taakstelling — {p}")
                 if expectation else
                 self.tr("Gehuisvest en verwacht, in % van de gecorrigeerde taakstelling — {p}"))  # fmt: skip
        self.chart.setTitle(title.format(p=period.label_nl))
        housed = [housed_percent(r) for r in rows]
        expected = [expected_percent(r) for r in rows]
        has_forecast = any(e is not None for e in expected)
        self.housed.remove(0, self.housed.count())
        self.expected.remove(0, self.expected.count())
        self.housed.append([min(v, AXIS_CAP) for v in housed])
        self.expected.append([min(e or 0.0, AXIS_CAP) for e in expected] if has_forecast else [])
        self._show(self.expected, has_forecast)
        self._show(self.housed, not expectation)  # nothing is housed yet in a period still to come
        self.axis_x.clear()
        self.axis_x.append([self._label(r, own_code) for r in rows])
        self.target.replace([QPointF(-0.5, 100.0), QPointF(len(rows) - 0.5, 100.0)])
        top = _axis_top(housed + [e for e in expected if e is not None])
        self.axis_y.setRange(0, top)
        self.axis_y.setTickInterval(25 if top <= 150 else 50)
        for bar_set in (self.housed, self.expected):
            bar_set.deselectAllBars()
            if own_code in self.codes:
                bar_set.selectBar(self.codes.index(own_code))

    def _show(self, bar_set: QBarSet, shown: bool) -> None:
        in_series = bar_set in self.series.barSets()
        if shown and not in_series:  # the housed set stays first
            self.series.insert(0 if bar_set is self.housed else len(self.series.barSets()), bar_set)
        elif not shown and in_series:
            self.series.take(bar_set)

    @staticmethod
    def _label(row: Any, own_code: str | None) -> str:
        name = _SHORT.get(row.name, row.name)
        return f"<b>{name}</b>" if row.cbs_code == own_code else name

    def _clicked(self, index: int, _bar_set: QBarSet) -> None:
        if 0 <= index < len(self.codes):
            self.sig_gemeente_clicked.emit(self.codes[index])

    def _hovered(self, status: bool, index: int, _bar_set: QBarSet) -> None:
        if not status or not 0 <= index < len(self.rows):
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.bar_text(index), self.view)

    def bar_text(self, index: int) -> str:
        """What a bar's tooltip says, in persons as well as percent."""
        row = self.rows[index]
        text = self.tr("{name}: {pct}% gehuisvest ({n} van {needed} personen)").format(
            name=row.name, pct=round(housed_percent(row)), n=row.housed_persons, needed=row.needed)
        pct = expected_percent(row)
        if pct is not None:
            text += self.tr("\nVerwacht aan het eind: {pct}% ({n} personen)").format(
                pct=round(pct), n=round(row.expected))
        return text + self.tr("\nKlik voor de koppelingen van {name}.").format(name=row.name)

    def bar_center(self, index: int) -> QPoint:
        """The middle of the first bar of category ``index`` in the view's coordinates (for a click)."""
        value = self.series.barSets()[0].at(index) / 2
        point = self.chart.mapToPosition(QPointF(index, value), self.series)
        if len(self.series.barSets()) == 2:  # two bars per category: the first left of centre
            point.setX(point.x() - self.chart.plotArea().width() / max(1, len(self.codes)) * 0.2)
        return self.view.mapFromScene(point)

    def values(self) -> dict[str, list[float]]:
        """The bar values per set label (for tests and export)."""
        return {s.label(): [s.at(i) for i in range(s.count())] for s in self.series.barSets()}
