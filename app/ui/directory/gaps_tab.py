"""The *Hiaten* tab of the directory: where the offer is not *sluitend*.

Three views of one report (app.services.directory.gaps), loaded in the background when the tab is
first shown and on "Vernieuwen": the table of gaps (a kind or a language missing in a municipality,
with the number of people behind it) and two heat maps, municipality × kind and municipality ×
language. A heat map is a plain QTableView over ``HeatMapModel``: counts in the cells, colour by
how bad the gap is, a tooltip that says it in words, and a legend underneath.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import AppContext
from app.ui.contrast import LATE_MARK, tint
from app.ui.widgets.flow import FlowLayout, group
from app.ui.widgets.search_bar import SearchBar
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.domain.directory_gaps import GapsReport

AnyIndex = QModelIndex | QPersistentModelIndex

# Colours: a gap in shades of red (darker: more people behind it), an offer in greens.
GAP_SHADES = [QColor("#fde0dc"), QColor("#f7a99f"), QColor("#e8695b"), QColor("#b42318")]
OFFER_SHADES = [QColor("#dcefe1"), QColor("#a9d8b6"), QColor("#5fae78")]
OFFERED_UNUSED = QColor("#f1f6f2")  # offered, nobody in the dossiers speaks it
EMPTY = QColor("#ffffff")
DARK_TEXT, LIGHT_TEXT = QColor("#1f2328"), QColor("#ffffff")
GAP_MARK, OFFER_MARK = LATE_MARK, "✓"  # on the language map the colour alone told gap from offer


@dataclass(frozen=True)
class HeatCell:
    value: int  # what the cell shows
    color: QColor
    tip: str
    mark: str = ""  # what the colour says, as a symbol: ⚠ a gap, ✓ an initiative (not colour alone)


def _shade(shades: Sequence[QColor], value: int, top: int) -> QColor:
    """The shade for ``value`` on a scale up to ``top`` (the largest value on the map)."""
    if top <= 0 or value <= 0:
        return shades[0]
    step = min(len(shades) - 1, (value * len(shades) - 1) // top)
    return shades[step]


def _two_lines(label: str) -> str:
    """A long column title on two lines, so twenty columns fit a laptop screen."""
    if len(label) <= 10 or " " not in label:
        return label
    words = label.replace(" / ", "/ ").split(" ")
    half = len(label) // 2
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - half))
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


class HeatMapModel(QAbstractTableModel):
    """Rows municipalities, columns kinds or languages; read-only."""

    def __init__(self, parent: Any = None, *, zeros: bool = False) -> None:
        super().__init__(parent)
        self.zeros = zeros  # show "0" in empty cells (kinds), or leave them blank (languages)
        self.rows: list[str] = []  # row titles
        self.columns: list[str] = []
        self.cells: list[list[HeatCell]] = []

    def set_map(self, rows: list[str], columns: list[str], cells: list[list[HeatCell]]) -> None:
        self.beginResetModel()
        self.rows, self.columns, self.cells = rows, columns, cells
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            number = str(cell.value) if cell.value or self.zeros else ""
            return f"{cell.mark} {number}".strip()
        if cell.color == EMPTY and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return None  # nothing to say: the table's own colours
        if role == Qt.ItemDataRole.BackgroundRole:  # the shade repeats the number and mark shown
            return tint(cell.color)
        if role == Qt.ItemDataRole.ForegroundRole:
            return tint(LIGHT_TEXT if cell.color in (GAP_SHADES[-1], GAP_SHADES[-2]) else DARK_TEXT)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell.tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        titles = self.columns if orientation == Qt.Orientation.Horizontal else self.rows
        if not 0 <= section < len(titles):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return titles[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Vertical:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None


def _offer_shade(count: int) -> QColor:
    """A fixed scale, the same as the legend: 1, 2–3, 4 or more initiatives."""
    return OFFER_SHADES[0] if count == 1 else OFFER_SHADES[1] if count <= 3 else OFFER_SHADES[2]


def kind_map(report: GapsReport) -> tuple[list[str], list[str], list[list[HeatCell]]]:
    from app.domain.directory_gaps import NOT_A_GAP_KINDS, kind_tip

    top = max(report.persons.values(), default=0)
    cells = []
    for code, name in report.gemeenten:
        here = report.persons[code]
        row = []
        for kind, label in report.kinds:
            cell = report.kind_cells[(code, kind)]
            if cell.total:
                color = _offer_shade(cell.total)
            else:  # a gap weighs more where more people live in open dossiers
                color = EMPTY if kind in NOT_A_GAP_KINDS else _shade(GAP_SHADES, here, top)
            row.append(HeatCell(cell.total, color, kind_tip(name, label, cell, here)))
        cells.append(row)
    return _row_titles(report), [_two_lines(label) for _, label in report.kinds], cells


def language_map(report: GapsReport) -> tuple[list[str], list[str], list[list[HeatCell]]]:
    from app.domain.directory import language_name
    from app.domain.directory_gaps import language_tip

    top = max((c.persons for c in report.language_cells.values() if c.is_gap), default=0)
    cells = []
    for code, name in report.gemeenten:
        row = []
        for language in report.languages:
            cell = report.language_cells[(code, language)]
            mark = ""
            if cell.is_gap:
                color, mark = _shade(GAP_SHADES, cell.persons, top), GAP_MARK
            elif cell.persons:
                color, mark = OFFER_SHADES[1], OFFER_MARK
            else:
                color = OFFERED_UNUSED if cell.offers else EMPTY
                mark = OFFER_MARK if cell.offers else ""
            row.append(HeatCell(cell.persons, color, language_tip(name, language, cell), mark))
        cells.append(row)
    return _row_titles(report), [_two_lines(language_name(c)) for c in report.languages], cells


def _row_titles(report: GapsReport) -> list[str]:
    return [f"{name} ({report.persons[code]})" for code, name in report.gemeenten]


class HeatMapView(QTableView):
    def __init__(self, model: HeatMapModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(64)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setMinimumHeight(2 * self.fontMetrics().height() + 10)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 5)  # 16 rows fit at 720
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)


def _legend(items: list[tuple[QColor, str]], note: str) -> QWidget:
    """Swatches with their meaning, and under them what the numbers are (wrapped: the tab must fit
    beside the navigation on a laptop)."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 4, 0, 0)
    column.setSpacing(2)
    row = FlowLayout(spacing=20)  # at a large font the swatches wrap instead of widening the tab
    for color, text in items:
        swatch = QLabel()
        swatch.setFixedSize(18, 14)
        swatch.setStyleSheet(f"background: {color.name()}; border: 1px solid {color.darker(130).name()};")
        row.addWidget(group(swatch, QLabel(text)))
    column.addLayout(row)
    hint = QLabel(note)
    hint.setWordWrap(True)
    hint.setStyleSheet("color: #5b6670;")
    column.addWidget(hint)
    return box


class GapsTab(QWidget):
    """The gaps of the whole region; built as ``GapsTab(context)``."""

    sig_loaded = Signal()
    """The report was (re)loaded and is shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: GapsReport | None = None
        self._generation = 0
        self.stale = True  # loaded when next shown; the page calls mark_stale() after a change
        self.summary = QLabel(self.tr("Bezig met laden…"))
        self.summary.setWordWrap(True)
        self.summary.setObjectName("gapsSummary")
        self.refresh_button = QPushButton(self.tr("&Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("De hiaten opnieuw berekenen (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # the page may have its own F5
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        self.table_model = RowTableModel(_GAP_COLUMNS)
        self.table = DataTableView()
        self.table.setModel(self.table_model)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # the most people behind it first
        self.filter = SearchBar(placeholder=self.tr("Zoek een gemeente, taal of soort…"))
        self.filter.sig_search_changed.connect(self.table_model.set_filter_text)
        self.what = QComboBox()
        self.what.setAccessibleName(self.tr("Welke hiaten"))
        for text, value in ((self.tr("Alle hiaten"), ""), (self.tr("Alleen talen"), "taal"),
                            (self.tr("Alleen soorten initiatief"), "soort")):  # fmt: skip
            self.what.addItem(text, value)
        self.what.currentIndexChanged.connect(self._show_rows)
        self.table.set_empty_state(
            self.tr("Geen hiaten gevonden: voor elke taal en soort die inwoners nodig hebben, is er een "
                    "initiatief."),
            filtered=[self.what],
        )
        filters = QHBoxLayout()
        filters.addWidget(self.what)
        filters.addWidget(self.filter, 1)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.addLayout(filters)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(QLabel(self.tr(
            "Een taal ontbreekt als mensen in open dossiers van de gemeente haar spreken en geen actief "
            "initiatief in de gemeente of open voor de regio haar aanbiedt ('via tolk' telt niet mee). "
            "Bij een soort staat het aantal mensen in open dossiers van de gemeente."
        )))  # fmt: skip
        table_layout.itemAt(2).widget().setWordWrap(True)  # type: ignore[union-attr]

        self.kind_model = HeatMapModel(self, zeros=True)
        self.kind_view = HeatMapView(self.kind_model)
        kind_page = self._map_page(self.kind_view, _legend(
            [(GAP_SHADES[0], self.tr("geen, weinig mensen")), (GAP_SHADES[3], self.tr("geen, veel mensen")),
             (OFFER_SHADES[0], self.tr("1 initiatief")), (OFFER_SHADES[1], self.tr("2–3")),
             (OFFER_SHADES[2], self.tr("4 of meer"))],
            self.tr("In de cel: initiatieven in de gemeente of open voor de regio. "
                    "Achter de gemeente: mensen in open dossiers."),
        ))  # fmt: skip
        self.language_model = HeatMapModel(self)
        self.language_view = HeatMapView(self.language_model)
        language_page = self._map_page(self.language_view, _legend(
            [(GAP_SHADES[0], self.tr("⚠ geen initiatief, weinig mensen")),
             (GAP_SHADES[3], self.tr("⚠ geen initiatief, veel mensen")),
             (OFFER_SHADES[1], self.tr("✓ wel een initiatief")),
             (OFFERED_UNUSED, self.tr("✓ aangeboden, niemand spreekt het"))],
            self.tr("In de cel: mensen die de taal spreken."),
        ))  # fmt: skip
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(table_page, self.tr("Lijst"))
        self.views.addTab(kind_page, self.tr("Kaart: soort initiatief"))
        self.views.addTab(language_page, self.tr("Kaart: talen"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(head)
        layout.addWidget(self.views, 1)

    @staticmethod
    def _map_page(view: QTableView, legend: QWidget) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(view, 1)
        layout.addWidget(legend)
        return page

    # -- loading ------------------------------------------------------------------------------

    def mark_stale(self) -> None:
        """Initiatives or dossiers changed: count again when the tab is shown next."""
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        from app.services.directory.gaps import directory_gaps

        self.stale = False
        self._generation += 1
        generation, actor = self._generation, self.context.actor

        def work(session: Any, _control: Any) -> GapsReport:
            return directory_gaps(session, actor)

        def done(report: GapsReport) -> None:
            if generation == self._generation:
                self.show_report(report)

        self.context.tasks.run(work, on_success=done, title=self.tr("Hiaten berekenen"), parent=self)

    def show_report(self, report: GapsReport) -> None:
        self.report = report
        self._show_rows()
        self.kind_model.set_map(*kind_map(report))
        self.language_model.set_map(*language_map(report))
        self.summary.setText(_summary(report))
        self.sig_loaded.emit()

    @Slot()
    def _show_rows(self) -> None:
        what = self.what.currentData()
        gaps = self.report.gaps if self.report is not None else []
        self.table_model.set_rows([g for g in gaps if not what or g.what == what])


def _summary(report: GapsReport) -> str:
    languages = [g for g in report.gaps if g.what == "taal"]
    places = len({g.gemeente_code for g in languages})
    if not languages:
        text = "<b>Voor elke taal die in de open dossiers gesproken wordt is er een initiatief.</b>"
    else:
        worst = max(languages, key=lambda g: g.persons)
        text = (
            f"<b>{len(languages)} keer een taal zonder initiatief, in {places} gemeente(n).</b> "
            f"Het grootste hiaat: {worst.gemeente_name}, {worst.label} ({worst.persons} mensen)."
        )
    unknown = sum(report.unknown_language.values())
    if unknown:
        who = "1 mens" if unknown == 1 else f"{unknown} mensen"
        text += f" Van {who} in open dossiers is de taal niet (goed) ingevuld; zij tellen niet mee."
    return text + " Kies een kaart om per gemeente te zien wat er is; wijs een cel aan voor uitleg."


def _column(key: Callable[[Any], Any] | str, title: str, kind: str = "text") -> ColumnSpec:
    return ColumnSpec(key, title, kind)


_GAP_COLUMNS = [
    _column("gemeente_name", "Gemeente"),
    _column(lambda g: g.what_label, "Wat ontbreekt"),
    _column("label", "Taal of soort"),
    _column("persons", "Mensen", "int"),
    _column("explanation", "Uitleg"),
]
