"""Overzicht: all municipalities side by side for a period, with totals, colour and a bar chart.

Above the table the next COA peildatum with the days left; in the table COA's check on the chosen
period's peildatum (linked, needed, shortfall) and the forecast. A double-click on a row, the
"Koppelingen tonen" button or a click on a bar asks the page to show that municipality's
koppelingen (``sig_show_koppelingen``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.periods import Period
from app.domain.timefmt import long_date_nl
from app.ui.a11y import DISPLAY_ONLY
from app.ui.board.base import BoardTab
from app.ui.board.overview_model import BoardTableModel, board_columns, fit_columns, totals_row
from app.ui.context import AppContext
from app.ui.fonts import pt
from app.ui.widgets import DataTableView, ExportField, TableExporter
from app.ui.widgets.flow import FlowLayout, button_row
from app.ui.widgets.formatting import format_value

if TYPE_CHECKING:
    from app.services.board.overview import OverviewData
    from app.ui.board.overview_chart import BoardChart


class OverviewTab(BoardTab):
    sig_loaded = Signal()
    """The figures of the chosen period were loaded and are shown."""
    sig_show_koppelingen = Signal(str)
    """The user asked for one municipality's koppelingen; carries its CBS code."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.period: Period | None = None
        self.data: OverviewData | None = None
        self._generation = 0
        self._fitted = False

        self.next_label = QLabel()  # the next COA peildatum: the date everyone works towards
        self.next_label.setObjectName("nextCheckLabel")
        self.next_label.setStyleSheet(
            f"#nextCheckLabel {{ font-size: {pt(1.2)}; font-weight: bold; color: #1a365d;"
            " background: #ebf4ff;"
            " border: 1px solid #bee3f8; border-radius: 3px; padding: 4px 8px; }"
        )
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(150)
        # Never narrower than the period's name: the buttons beside it wrap first (large system font).
        self.period_combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
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
        # Verwacht and Kans need a word of explanation: the same model the code states, in B1 Dutch.
        self.help_link = QLabel(self.tr('<a href="#">Hoe werkt de voorspelling?</a>'))
        self.help_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.help_link.linkActivated.connect(self._show_forecast_help)
        self.help_dialog: Any = None  # tests reach the open help here
        self.koppelingen_button = QPushButton(self.tr("Koppelingen tonen"))
        self.koppelingen_button.setToolTip(
            self.tr("De koppelingen van de gekozen gemeente tonen (of dubbelklik op de regel of de staaf)")
        )
        self.koppelingen_button.setEnabled(False)
        self.koppelingen_button.clicked.connect(self._show_selected)

        self.model = BoardTableModel(board_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.sig_row_activated.connect(self._drill_down_row)
        self.table.sig_selection_changed.connect(
            lambda: self.koppelingen_button.setEnabled(self.table.current_row() is not None)
        )
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.set_empty_state(
            self.tr("Nog geen taakstellingen voor deze periode. Importeer ze via Bestand → Importeren "
                    "(Ctrl+I) of voer ze in bij Beheer → Taakstellingen.")
        )
        self.totals_model = BoardTableModel(board_columns(), parent=self, bold=True)
        self.totals = self._make_totals_view()

        self.check_note = QLabel()  # what the check columns mean for this period, in one line
        self.check_note.setWordWrap(True)
        self.check_note.setTextFormat(Qt.TextFormat.PlainText)
        self.check_note.setObjectName("countLabel")

        from app.ui.board.overview_chart import BoardChart  # QtCharts is heavy: only when the tab is built

        self.chart: BoardChart = BoardChart()
        self.chart.sig_gemeente_clicked.connect(self.sig_show_koppelingen)
        self.model.layoutChanged.connect(self._chart_follows_sort)

        # The figures as shown plus the totals row; progress as a whole percentage, not 0.76.
        progress = next(i for i, c in enumerate(self.model.columns) if c.key == "progress")
        chance = next(i for i, c in enumerate(self.model.columns) if c.key == "probability")
        interval = next(i for i, c in enumerate(self.model.columns) if c.key == "expected") + 1
        bounds = [  # the interval as two numbers in Excel, not the text "30–37"
            ExportField(self.tr("80%-interval van"), lambda r: r.outlook.low if r.outlook else None, "int"),
            ExportField(self.tr("80%-interval tot"), lambda r: r.outlook.high if r.outlook else None, "int"),
        ]
        percent = ExportField(self.tr("Voortgang (%)"), lambda r: None if r.progress is None
                              else round(r.progress * 100), "int")  # fmt: skip
        chance_percent = ExportField(self.tr("Kans (%)"), lambda r: None if r.probability is None
                                     else round(r.probability * 100), "int")  # fmt: skip
        self.exporter = TableExporter(
            context, self.table, "board", scope=self, filters=[period_label, self.period_combo],
            extra_rows=self.totals_model.rows,
            overrides={progress: [percent], chance: [chance_percent], interval: bounds},
        )  # fmt: skip

        bar = QHBoxLayout()
        bar.addWidget(period_label)
        bar.addWidget(self.period_combo)
        bar.addSpacing(12)
        bar.addWidget(self.help_link)
        # The buttons wrap onto a second row at a large system font instead of widening the window.
        bar.addWidget(button_row(self.koppelingen_button, self.exporter.widget, self.refresh_button), 1)

        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.totals)
        table_layout.addSpacing(6)
        table_layout.addWidget(self.check_note)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        # The date on the left, the count on the right; the count goes under it when the two do not
        # fit side by side (at a large system font) instead of widening the window.
        banner = FlowLayout(spacing=12, alignment=Qt.AlignmentFlag.AlignRight)
        banner.addWidget(self.next_label)
        gap = QWidget()  # takes the room between them
        gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        banner.addWidget(gap)
        banner.addWidget(self.reference_label)
        layout.addLayout(banner)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def _make_totals_view(self) -> QTableView:
        """A one-row table under the board whose columns follow the board's widths and scrolling."""
        view = QTableView()
        view.setModel(self.totals_model)
        view.horizontalHeader().setVisible(False)
        view.verticalHeader().setVisible(False)
        view.setShowGrid(False)
        # Display only: it follows the board's columns; Tab goes from the board to what is below.
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setAccessibleName(self.tr("Totaal van de regio"))
        view.setProperty(DISPLAY_ONLY, True)
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
                  + self.totals.height() + self.check_note.sizeHint().height() + 30)
        total = sum(self.splitter.sizes())
        if total > 0:
            table = min(wanted, max(total - 260, total // 2))
            self.splitter.setSizes([table, total - table])

    # -- loading ---------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Load the board for the chosen period (the running half year the first time)."""
        super().refresh()
        from app.services.board.overview import load_overview

        actor, period = self.context.actor, self.period
        self._generation += 1
        generation = self._generation
        self.refresh_button.setEnabled(False)

        def figures(session: Any, _control: Any) -> OverviewData:
            return load_overview(session, actor, period, with_forecast=False)

        def complete(session: Any, _control: Any) -> OverviewData:
            return load_overview(session, actor, period)

        # Two steps: the figures at once, then the same with the forecast (which reads the whole
        # history and takes longer at a province's or the country's scale). ``sig_loaded`` says
        # the overview is complete; when the forecast fails the figures stay and the note says so.
        def shown(data: OverviewData) -> None:
            if generation != self._generation:  # a later request wins
                return
            self._show(data, complete=False)
            follow = self.context.tasks.run(
                complete, on_success=finished, on_failure=no_forecast, title=self.tr("Voorspelling"),
                parent=self, silent=True,
            )  # fmt: skip
            follow.sig_finished.connect(lambda: self.refresh_button.setEnabled(True))

        def finished(data: OverviewData) -> None:
            if generation == self._generation:
                self._show(data)

        def no_forecast(_exc: BaseException) -> None:
            if generation == self._generation and self.data is not None:
                self.check_note.setText(
                    self.check_note.text() + " " + self.tr("De voorspelling kon nu niet worden berekend.")
                )
                self.sig_loaded.emit()

        task = self.context.tasks.run(
            figures, on_success=shown, title=self.tr("Uitwisselbord laden"), parent=self
        )
        task.sig_finished.connect(lambda: self.refresh_button.setEnabled(self.data is not None))

    def _show(self, data: OverviewData, *, complete: bool = True) -> None:
        self.data = data
        board = data.board
        self.period = board.period
        self._fill_periods(data.periods, board.period)
        for model in (self.model, self.totals_model):
            model.set_period(board.period, data.check_date, expectation=data.expectation)
        self.model.set_rows(data.rows)
        self.totals_model.set_rows([totals_row(data.rows)])
        if not self._fitted:
            self._fitted = True
            self._fit_columns()
            self._fit_splitter()
        self.next_label.setText(data.next_check.text_nl)
        self.next_label.setToolTip(
            self.tr("Op {day} kijkt COA of het genoeg personen aan elke gemeente gekoppeld heeft ({p}).")
            .format(day=long_date_nl(data.next_check.check_date), p=data.next_check.period.label_nl)
        )
        self.reference_label.setText(
            self.tr("Stand per {day} · {n} gemeenten").format(
                day=format_value(board.reference_date), n=len(board.rows)
            )
        )
        self._chart_follows_sort()
        self.check_note.setText(self._check_text(data))
        if not complete:
            return  # the forecast follows
        if self.isVisible():  # loaded while the user went elsewhere: the message is not about that page
            self.context.show_status(
                self.tr("Uitwisselbord {period} geladen.").format(period=board.period.label_nl)
            )
        self.sig_loaded.emit()

    @Slot()
    def _chart_follows_sort(self) -> None:
        if self.data is not None:
            self.chart.set_rows(self.model.rows(), self.data.board.period, self.context.actor.gemeente_code,
                                expectation=self.data.expectation)

    def _fill_periods(self, periods: list[Period], chosen: Period) -> None:
        """Periods by their Dutch name; the code (2027-H1) in the tooltip, as files and exports use it."""
        from datetime import date

        running = Period.containing(date.today())
        marks = {running: self.tr(" · lopende periode"), running.next(): self.tr(" · volgende periode")}
        combo = self.period_combo
        combo.blockSignals(True)
        try:
            combo.clear()
            for period in periods:
                combo.addItem(period.label_nl, period)
                combo.setItemData(combo.count() - 1, period.code + marks.get(period, ""),
                                  Qt.ItemDataRole.ToolTipRole)  # fmt: skip
            combo.setCurrentIndex(max(0, self._index_of(chosen)))
            combo.setToolTip(self.tr("Het halfjaar waarvan de cijfers getoond worden ({code})")
                             .format(code=chosen.code))
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
        self.period_combo.setCurrentIndex(self._index_of(Period.parse(code)))

    def _index_of(self, period: Period) -> int:
        # findData compares a Python object by identity once it went through Qt, not by value.
        combo = self.period_combo
        return next((i for i in range(combo.count()) if combo.itemData(i) == period), -1)

    def _check_text(self, data: OverviewData) -> str:
        """One line under the table on what the check columns hold for this period."""
        day = long_date_nl(data.check_date)
        short = sum(1 for r in data.rows if r.shortfall)
        if data.expectation:
            text = self.tr("Peildatum {day} ligt in de volgende periode: 'Nodig' is een verwachting "
                           "(wat deze periode naar verwachting overlaat), 'Gekoppeld' de stand tot nu.")
        elif data.reached:
            text = self.tr("Peildatum {day} is voorbij: zo stond het op die dag.")
        else:
            text = self.tr("Peildatum {day} is nog niet bereikt: 'Gekoppeld' is de stand tot nu.")
        count = self.tr("{n} van {total} gemeenten hebben te weinig gekoppeld.")
        text = text.format(day=day) + " " + count.format(n=short, total=len(data.rows))
        if not data.taakstelling_known:
            text += " " + self.tr("De taakstelling voor {p} is nog niet ingevoerd.").format(
                p=data.board.period.label_nl)
        if data.forecast_note:
            text += " " + data.forecast_note
        return text

    @Slot()
    def _show_forecast_help(self) -> None:
        from app.ui.board.forecast_help import show_forecast_help

        self.help_dialog = show_forecast_help(self)

    # -- drill-down ------------------------------------------------------------------------------

    def _drill_down_row(self, row: Any) -> None:
        code = getattr(row, "cbs_code", None)
        if code:  # the totals row has none
            self.sig_show_koppelingen.emit(code)

    @Slot()
    def _show_selected(self) -> None:
        self._drill_down_row(self.table.current_row())

    def _context_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        row = self.model.data(index, self.model.ROW_ROLE) if index.isValid() else None
        if row is None:
            return
        menu = QMenu(self)
        action = menu.addAction(self.tr("Koppelingen van {name} tonen").format(name=row.name))
        action.triggered.connect(lambda: self._drill_down_row(row))
        menu.popup(self.table.viewport().mapToGlobal(pos))
