"""Overzicht: all municipalities side by side for a period, with totals, colour and a bar chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.periods import Period
from app.ui.board.base import BoardTab
from app.ui.board.overview_model import BoardTableModel, board_columns, fit_columns, totals_row
from app.ui.context import AppContext
from app.ui.widgets import DataTableView, ExportField, TableExporter
from app.ui.widgets.formatting import format_value

if TYPE_CHECKING:
    from app.services.board.views import CoaCheck, OverviewData
    from app.ui.board.overview_chart import BoardChart


class OverviewTab(BoardTab):
    sig_loaded = Signal()
    """The figures of the chosen period were loaded and are shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.period: Period | None = None
        self.data: OverviewData | None = None
        self._generation = 0
        self._fitted = False

        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(110)
        self.period_combo.setToolTip(self.tr("Het halfjaar waarvan de cijfers getoond worden"))
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        period_label = QLabel(self.tr("&Periode:"))
        period_label.setBuddy(self.period_combo)
        self.reference_label = QLabel()
        self.reference_label.setObjectName("countLabel")
        self.refresh_action = QAction(self.tr("Vernieuwen"), self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)
        self.refresh_button = QPushButton(self.tr("Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("Cijfers opnieuw ophalen (F5)"))
        self.refresh_button.clicked.connect(self.refresh)

        self.model = BoardTableModel(board_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.totals_model = BoardTableModel(board_columns(), parent=self, bold=True)
        self.totals = self._make_totals_view()

        self.coa_label = QLabel()
        self.coa_label.setWordWrap(True)
        self.coa_label.setTextFormat(Qt.TextFormat.PlainText)

        from app.ui.board.overview_chart import BoardChart  # QtCharts is heavy: only when the tab is built

        self.chart: BoardChart = BoardChart()
        self.model.layoutChanged.connect(self._chart_follows_sort)

        # The figures as shown plus the totals row; progress as a whole percentage, not 0.76.
        progress = next(i for i, c in enumerate(self.model.columns) if c.key == "progress")
        percent = ExportField(self.tr("Voortgang (%)"), lambda r: None if r.progress is None
                              else round(r.progress * 100), "int")  # fmt: skip
        self.exporter = TableExporter(
            context, self.table, "board", scope=self, filters=[period_label, self.period_combo],
            extra_rows=self.totals_model.rows, overrides={progress: [percent]},
        )  # fmt: skip

        bar = QHBoxLayout()
        bar.addWidget(period_label)
        bar.addWidget(self.period_combo)
        bar.addSpacing(12)
        bar.addWidget(self.reference_label)
        bar.addStretch(1)
        bar.addWidget(self.exporter.widget)
        bar.addWidget(self.refresh_button)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.totals)
        table_layout.addSpacing(6)
        table_layout.addWidget(self.coa_label)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def _make_totals_view(self) -> QTableView:
        """A one-row table under the board whose columns follow the board's widths and scrolling."""
        view = QTableView()
        view.setModel(self.totals_model)
        view.horizontalHeader().setVisible(False)
        view.verticalHeader().setVisible(False)
        view.setShowGrid(False)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row_height = self.table.verticalHeader().defaultSectionSize()
        view.verticalHeader().setDefaultSectionSize(row_height)
        view.setFixedHeight(row_height + 2 * view.frameWidth())
        view.setStyleSheet("QTableView { background: #eef2f6; border-top: none; }")
        header = self.table.horizontalHeader()
        header.sectionResized.connect(lambda index, _old, new: view.setColumnWidth(index, new))
        self.table.horizontalScrollBar().valueChanged.connect(view.horizontalScrollBar().setValue)
        return view

    def _fit_columns(self) -> None:
        fit_columns(self.table, self.totals_model.rows())
        for column in range(self.model.columnCount()):
            self.totals.setColumnWidth(column, self.table.columnWidth(column))

    def _fit_splitter(self) -> None:
        """Give the table room for all municipalities; the chart gets the rest."""
        rows = self.model.rowCount()
        row_height = self.table.verticalHeader().defaultSectionSize()
        wanted = (self.table.horizontalHeader().height() + rows * row_height
                  + self.totals.height() + self.coa_label.sizeHint().height() + 30)
        total = sum(self.splitter.sizes())
        if total > 0:
            table = min(wanted, max(total - 260, total // 2))
            self.splitter.setSizes([table, total - table])

    # -- loading ---------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Load the board for the chosen period (the running half year the first time)."""
        super().refresh()
        from app.services.board.views import load_overview

        actor, period = self.context.actor, self.period
        self._generation += 1
        generation = self._generation
        self.refresh_button.setEnabled(False)

        def work(session: Any, _control: Any) -> OverviewData:
            return load_overview(session, actor, period)

        def done(data: OverviewData) -> None:
            if generation == self._generation:  # a later request wins
                self._show(data)

        task = self.context.tasks.run(
            work, on_success=done, title=self.tr("Uitwisselbord laden"), parent=self
        )
        task.sig_finished.connect(lambda: self.refresh_button.setEnabled(True))

    def _show(self, data: OverviewData) -> None:
        self.data = data
        board = data.board
        self.period = board.period
        self._fill_periods(data.periods, board.period)
        self.model.set_rows(board.rows)
        self.totals_model.set_rows([totals_row(board.rows)])
        if not self._fitted:
            self._fitted = True
            self._fit_columns()
            self._fit_splitter()
        self.reference_label.setText(
            self.tr("Stand per {day} · {n} gemeenten").format(
                day=format_value(board.reference_date), n=len(board.rows)
            )
        )
        self.chart.set_rows(self.model.rows(), board.period.code)
        self.coa_label.setText(self._coa_text(data.coa))
        self.context.show_status(self.tr("Uitwisselbord {period} geladen.").format(period=board.period.code))
        self.sig_loaded.emit()

    @Slot()
    def _chart_follows_sort(self) -> None:
        if self.period is not None:
            self.chart.set_rows(self.model.rows(), self.period.code)

    def _fill_periods(self, periods: list[Period], chosen: Period) -> None:
        combo = self.period_combo
        combo.blockSignals(True)
        try:
            combo.clear()
            for period in periods:
                combo.addItem(period.code, period)
            combo.setCurrentIndex(max(0, combo.findText(chosen.code)))
        finally:
            combo.blockSignals(False)

    @Slot(int)
    def _period_chosen(self, index: int) -> None:
        period = self.period_combo.itemData(index)
        if isinstance(period, Period) and period != self.period:
            self.period = period
            self.refresh()

    def select_period(self, code: str) -> None:
        """Choose a period by its code (as the user would in the combo box)."""
        self.period_combo.setCurrentIndex(self.period_combo.findText(code))

    def _coa_text(self, checks: list[CoaCheck]) -> str:
        if not checks:
            return ""
        first = checks[0].result
        day = format_value(first.check_date)
        short = [c for c in checks if not c.result.enough]
        if checks[0].reached:
            intro = self.tr("COA-peildatum {day}:").format(day=day)
        else:
            intro = self.tr("COA-peildatum {day} (nog niet bereikt, stand tot nu):").format(day=day)
        if not short:
            return self.tr("{intro} alle gemeenten voldoende gekoppeld.").format(intro=intro)
        parts = ", ".join(
            self.tr("{name} {linked}/{needed}").format(
                name=c.name, linked=c.result.linked, needed=c.result.needed
            )
            for c in sorted(short, key=lambda c: -c.result.shortfall)
        )
        text = self.tr("{intro} {n} van {total} gemeenten te weinig gekoppeld (gekoppeld/nodig): {parts}.")
        return text.format(intro=intro, n=len(short), total=len(checks), parts=parts)
