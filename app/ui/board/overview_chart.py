"""Bar chart of the board: per municipality persons housed vs the corrected taakstelling.

Imports QtCharts, which is heavy: only the overview tab imports this module, when it is built.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services.board.figures import BoardRow

HOUSED_COLOR = QColor("#2b6cb0")
TARGET_COLOR = QColor("#b7c4d1")

# Long names get a line break so sixteen category labels stay readable side by side.
_SHORT = {"Utrechtse Heuvelrug": "Utrechtse<br>Heuvelrug", "Wijk bij Duurstede": "Wijk bij<br>Duurstede",
          "De Ronde Venen": "De Ronde<br>Venen", "Stichtse Vecht": "Stichtse<br>Vecht"}


def _nice_max(value: int) -> int:
    """Round the axis maximum up to a tidy number (10, 20, 50, 100, …)."""
    if value <= 10:
        return 10
    step = 10 ** (len(str(value)) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        top = int(step * factor)
        if top >= value:
            return top
    return value


class BoardChart(QWidget):
    """Grouped vertical bars: 'Gehuisvest' next to 'Gecorrigeerde taakstelling' per municipality."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setBackgroundRoundness(0)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        title_font = QFont(self.font())
        title_font.setBold(True)
        self.chart.setTitleFont(title_font)

        self.housed = QBarSet(self.tr("Gehuisvest (personen)"))
        self.housed.setColor(HOUSED_COLOR)
        self.housed.setBorderColor(HOUSED_COLOR)
        self.target = QBarSet(self.tr("Gecorrigeerde taakstelling (personen)"))
        self.target.setColor(TARGET_COLOR)
        self.target.setBorderColor(TARGET_COLOR)
        self.series = QBarSeries()
        self.series.setBarWidth(0.75)
        self.series.append(self.housed)
        self.series.append(self.target)
        self.chart.addSeries(self.series)

        self.axis_x = QBarCategoryAxis()
        self.axis_x.setLabelsFont(self._small_font())
        self.axis_y = QValueAxis()
        self.axis_y.setLabelFormat("%d")
        self.axis_y.setTitleText(self.tr("Personen"))
        self.axis_y.setLabelsFont(self._small_font())
        self.axis_y.setTitleFont(self._small_font())
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.axis_x)
        self.series.attachAxis(self.axis_y)

        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1.5))
        return font

    def set_rows(self, rows: Sequence[BoardRow], period_code: str) -> None:
        """Show these municipalities (in the given order) for the period."""
        self.chart.setTitle(self.tr("Gehuisvest en gecorrigeerde taakstelling per gemeente, {period}")
                            .format(period=period_code))
        self.housed.remove(0, self.housed.count())
        self.target.remove(0, self.target.count())
        self.housed.append([float(r.housed_persons) for r in rows])
        self.target.append([float(max(0, r.corrected)) for r in rows])
        self.axis_x.clear()
        self.axis_x.append([_SHORT.get(r.name, r.name) for r in rows])
        top = max([r.housed_persons for r in rows] + [r.corrected for r in rows] + [0])
        self.axis_y.setRange(0, _nice_max(top))
        self.axis_y.setTickCount(6)

    def values(self) -> dict[str, list[float]]:
        """The bar values per set label (for tests and export)."""
        return {s.label(): [s.at(i) for i in range(s.count())] for s in self.series.barSets()}
