"""The *Dashboard* tab of the challenge planner: places per municipality and per kind in a year
against the indicative targets, a chart in percent of the target, and the funnel of candidates.

The chart compares in percent, never in absolute numbers (Utrecht's size would dwarf the rest):
one horizontal bar per municipality, pledged (light) with filled inside it (dark), a line at 100%
(the target), the user's own municipality highlighted. A regio-coördinator (or beheerder) edits
the targets here — the regional total and per municipality — after a confirmation, since a target
binds the other municipalities. Everything loads through ``context.tasks``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import AppContext
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.domain.challenges import PlaceFigures
    from app.services.challenges.dashboard import Dashboard, FunnelStep
    from app.services.challenges.targets import TargetTable

PLEDGED, FILLED = QColor("#9cc3e6"), QColor("#1f5f99")
OWN_PLEDGED, OWN_FILLED = QColor("#f6c48f"), QColor("#c25e00")
FUNNEL, STOPPED, GRID, MUTED = QColor("#5b8fc7"), QColor("#d9534f"), QColor("#8a949e"), QColor("#5b6670")
KIND_ROWS = 5  # the place kinds: all shown without scrolling
SCALE_MAX = 200.0  # bars beyond twice the target are cut off (and say so) so the rest stay readable


def percent_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _figures_columns(first: ColumnSpec, target_title: str) -> list[ColumnSpec]:
    def of(row: Any) -> PlaceFigures:
        return row.figures if hasattr(row, "figures") else row[1]

    return [
        first,
        ColumnSpec(lambda r: of(r).target, target_title, "int"),
        ColumnSpec(lambda r: of(r).pledged, "Toegezegd", "int"),
        ColumnSpec(lambda r: of(r).filled, "Vervuld", "int"),
        ColumnSpec(lambda r: of(r).started, "Gestart", "int"),
        ColumnSpec(lambda r: of(r).completed, "Afgerond", "int"),
        ColumnSpec(lambda r: of(r).percent(of(r).pledged), "% toegezegd", "number", format=percent_text),
        ColumnSpec(lambda r: of(r).percent(of(r).filled), "% vervuld", "number", format=percent_text),
    ]


MUNICIPALITY_COLUMNS = _figures_columns(
    ColumnSpec(
        lambda r: r.name + (" *" if r.set_by_hand else ""),
        "Gemeente",
        tooltip="* het doel is met de hand ingevuld",
    ),
    "Doel (indicatief)",
)
KIND_COLUMNS = _figures_columns(ColumnSpec(lambda r: r[0].label, "Soort plaats"), "Regionaal doel")


class PercentChart(QWidget):
    """Horizontal bars in percent of each municipality's target; the own one highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, float | None, float | None, bool]] = []  # name, pledged %, filled %, own
        self.setMinimumHeight(16 * 18 + 40)
        self.setAccessibleName(self.tr("Grafiek: plaatsen in procenten van het doel per gemeente"))

    def set_rows(self, rows: list[tuple[str, float | None, float | None, bool]]) -> None:
        self.rows = rows
        self.setToolTip(
            "\n".join(f"{n}: {percent_text(p)} toegezegd, {percent_text(f)} vervuld" for n, p, f, _ in rows)
        )
        self.update()

    def scale(self) -> float:
        top = max((p or 0 for _, p, _, _ in self.rows), default=0)
        return min(SCALE_MAX, max(100.0, top))

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        label_w = max((metrics.horizontalAdvance(n) for n, *_ in self.rows), default=80) + 12
        right = metrics.horizontalAdvance("200% / 200%") + 12
        top, bottom = 6, metrics.height() + 8
        left, width = label_w, max(40, self.width() - label_w - right)
        if not self.rows:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Nog geen gegevens."))
            return
        step = (self.height() - top - bottom) / len(self.rows)
        bar = max(6.0, min(18.0, step * 0.7))
        scale = self.scale()
        for n, (name, pledged, filled, own) in enumerate(self.rows):
            y = top + n * step + (step - bar) / 2
            font = QFont(self.font())
            font.setBold(own)
            painter.setFont(font)
            painter.setPen(QColor("#1f2328"))
            painter.drawText(
                QRectF(0, top + n * step, label_w - 8, step),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            for value, color, inset in (
                (pledged, OWN_PLEDGED if own else PLEDGED, 0.0),
                (filled, OWN_FILLED if own else FILLED, bar * 0.25),
            ):
                if value:
                    w = width * min(value, scale) / scale
                    painter.fillRect(QRectF(left, y + inset, w, bar - 2 * inset), color)
            cut = (pledged or 0) > scale
            text = f"{percent_text(pledged)} / {percent_text(filled)}" + (" ▸" if cut else "")
            painter.drawText(
                QRectF(left + width + 6, top + n * step, right, step),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.setFont(self.font())
        axis_y = self.height() - bottom
        for mark in range(0, int(scale) + 1, 50):
            x = left + width * mark / scale
            pen = QPen(GRID if mark != 100 else QColor("#1f2328"), 1.5 if mark == 100 else 0.5)
            pen.setStyle(Qt.PenStyle.DashLine if mark == 100 else Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(int(x), top, int(x), int(axis_y))
            painter.setPen(MUTED)
            label = self.tr("doel") if mark == 100 else f"{mark}%"
            painter.drawText(QRectF(x - 30, axis_y + 2, 60, bottom), Qt.AlignmentFlag.AlignHCenter, label)


class FunnelChart(QWidget):
    """Candidates who got at least this far, step by step; how many stopped after each step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps: list[FunnelStep] = []
        self.setMinimumHeight(7 * 22 + 8)
        self.setAccessibleName(self.tr("Trechter: van voorgesteld tot afgerond"))

    def set_steps(self, steps: list[FunnelStep]) -> None:
        self.steps = steps
        self.setToolTip(
            "\n".join(
                f"{s.status.label}: {s.reached} (gestopt na deze stap: {s.stopped_here})" for s in steps
            )
        )
        self.update()

    def paintEvent(self, _event: Any) -> None:
        if not self.steps:
            return
        painter = QPainter(self)
        metrics = self.fontMetrics()
        label_w = max(metrics.horizontalAdvance(s.status.label) for s in self.steps) + 12
        right = metrics.horizontalAdvance("9999 · 999 gestopt") + 12
        width = max(40, self.width() - label_w - right)
        step = (self.height() - 4) / len(self.steps)
        first = max(self.steps[0].reached, 1)
        for n, s in enumerate(self.steps):
            y = 2 + n * step
            painter.setPen(QColor("#1f2328"))
            painter.drawText(
                QRectF(0, y, label_w - 8, step),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                s.status.label,
            )
            w = width * s.reached / first
            h = min(step * 0.7, 24.0)
            painter.fillRect(QRectF(label_w + (width - w) / 2, y + (step - h) / 2, w, h), FUNNEL)
            text = f"{s.reached}" + (f" · {s.stopped_here} gestopt" if s.stopped_here else "")
            painter.setPen(STOPPED if s.stopped_here else QColor("#1f2328"))
            painter.drawText(
                QRectF(label_w + width + 6, y, right, step),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )


class TargetDialog(QDialog):
    """The regional total and per municipality; a number changed by hand stays on a re-split."""

    def __init__(self, table: TargetTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Doelen %1 aanpassen").replace("%1", str(table.year)))
        self.table = table
        self.total = QSpinBox()
        self.total.setRange(0, 100_000)
        self.total.setValue(table.total)
        self.total.setAccessibleName(self.tr("Regionaal doel"))
        form = QFormLayout()
        form.addRow(self.tr("&Regionaal doel (plaatsen):"), self.total)
        grid = QGridLayout()
        self.spins: dict[int, QSpinBox] = {}
        for n, row in enumerate(table.rows):
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(row.places)
            spin.setAccessibleName(row.name)
            self.spins[row.gemeente_id] = spin
            label = QLabel(row.name + (self.tr(" (met de hand)") if row.set_by_hand else ""))
            grid.addWidget(label, n % 8, (n // 8) * 2)
            grid.addWidget(spin, n % 8, (n // 8) * 2 + 1)
        box = QGroupBox(self.tr("Per gemeente"))
        box.setLayout(grid)
        hint = QLabel(
            self.tr(
                "Het regionale doel wordt naar rato van het aantal inwoners verdeeld. "
                "Een gemeente die u hier "
                "verandert, houdt haar getal; de rest van het doel gaat naar rato over de andere gemeenten. "
                "Het doel is indicatief, geen quotum."
            )
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox()  # Opslaan first, as shown: Tab follows the order of adding
        self.save_button = buttons.addButton(self.tr("&Opslaan…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def changes(self) -> dict[int, int | None]:
        """The municipalities whose number the user changed (set by hand from now on)."""
        rows = self.table.by_id()
        return {gid: spin.value() for gid, spin in self.spins.items() if spin.value() != rows[gid].places}


class DashboardTab(QWidget):
    """The dashboard of one year; built as ``DashboardTab(context)``."""

    sig_loaded = Signal()
    """The year's figures were (re)loaded and are shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dashboard: Dashboard | None = None
        self.dialog: TargetDialog | None = None
        self.confirmation: Any = None
        self._generation = 0
        self.stale = True
        this_year = date.today().year
        self.year = QComboBox()
        self.year.setAccessibleName(self.tr("Jaar"))
        for y in range(this_year + 1, this_year - 5, -1):
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(self.year.findData(this_year))
        self.year.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel(self.tr("Bezig met laden…"))
        self.summary.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("&Doelen aanpassen…"))
        self.edit_button.setToolTip(
            self.tr("Het regionale doel en de doelen per gemeente (regio-coördinator)")
        )
        self.edit_button.clicked.connect(self.edit_targets)
        self.edit_button.setVisible(self._may_edit())
        refresh = QPushButton(self.tr("&Vernieuwen"))
        refresh.clicked.connect(self.refresh)
        from app.ui.challenges.list_export import export_button

        tip = self.tr("De cijfers van het gekozen jaar per gemeente en per soort plaats, als Excel-bestand")
        self.export_button = export_button(context.actor, "challenge-dashboard", tip, lambda: self.export())
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("&Jaar:")))
        head.itemAt(0).widget().setBuddy(self.year)  # type: ignore[union-attr]
        head.addWidget(self.year)
        head.addWidget(self.summary, 1)
        head.addWidget(self.edit_button)
        head.addWidget(refresh)
        head.addWidget(self.export_button)

        self.table_model = RowTableModel(MUNICIPALITY_COLUMNS)
        self.table = DataTableView()
        self.table.setModel(self.table_model)
        self.kind_model = RowTableModel(KIND_COLUMNS)
        self.kind_table = DataTableView()
        self.kind_table.setModel(self.kind_model)
        rows_h = self.kind_table.verticalHeader().defaultSectionSize() * KIND_ROWS
        self.kind_table.setFixedHeight(rows_h + self.kind_table.horizontalHeader().sizeHint().height() + 6)
        for view in (self.table, self.kind_table):
            view.horizontalHeader().setStretchLastSection(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(QLabel(self.tr("Per soort plaats (in procenten van het regionale doel):")))
        left_layout.addWidget(self.kind_table)

        self.chart = PercentChart()
        self.funnel = FunnelChart()
        legend = QLabel(
            self.tr(
                "Licht: toegezegd, donker: vervuld, in procenten van het doel van de gemeente (indicatief). "
                "Uw eigen gemeente is oranje."
            )
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #5b6670;")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("<b>Plaatsen in procenten van het doel</b>")))
        right_layout.addWidget(self.chart, 3)
        right_layout.addWidget(legend)
        right_layout.addWidget(QLabel(self.tr("<b>Kandidaten: van voorgesteld tot afgerond</b>")))
        right_layout.addWidget(self.funnel, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)

    def _may_edit(self) -> bool:
        from app.domain.roles import Action, Area, is_allowed

        actor = self.context.actor
        return actor.system or is_allowed(actor.role, Action.UPDATE, Area.REGION, own_gemeente=None)

    def selected_year(self) -> int:
        return int(self.year.currentData())

    # -- loading ------------------------------------------------------------------------------

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def export(self, path: Any = None) -> Any:
        """The chosen year's figures to an Excel file (asked for when not given)."""
        from app.services.challenges.lists import export_dashboard
        from app.ui.challenges.list_export import export_to_excel

        actor, year = self.context.actor, self.selected_year()
        write = lambda session, to: export_dashboard(session, actor, year, to)  # noqa: E731
        return export_to_excel(self, self.context, "challenge-dashboard", "regels", write, path)

    @Slot()
    def refresh(self) -> None:
        from app.services.challenges.dashboard import challenge_dashboard

        self.stale = False
        self._generation += 1
        generation, actor, year = self._generation, self.context.actor, self.selected_year()

        def done(board: Dashboard) -> None:
            if generation == self._generation:
                self.show_dashboard(board)

        self.context.tasks.run(
            lambda s, _c: challenge_dashboard(s, actor, year),
            on_success=done,
            title=self.tr("Dashboard laden"),
            parent=self,
        )

    def show_dashboard(self, board: Dashboard) -> None:
        self.dashboard = board
        self.table_model.set_rows(board.rows)
        self.kind_model.set_rows(list(board.kinds.items()))
        self.table.resizeColumnsToContents()
        self.kind_table.resizeColumnsToContents()
        self.chart.set_rows(
            [
                (
                    r.name,
                    r.figures.percent(r.figures.pledged),
                    r.figures.percent(r.figures.filled),
                    r.code == board.own_code,
                )
                for r in board.rows
            ]
        )
        self.funnel.set_steps(board.funnel)
        t = board.total
        if t.target:
            self.summary.setText(
                self.tr(
                    "%1: %2 plaatsen toegezegd (%3 van het regionale doel van %4, indicatief), %5 vervuld, "
                    "%6 gestart, %7 afgerond."
                )
                .replace("%1", str(board.year))
                .replace("%2", str(t.pledged))
                .replace("%3", percent_text(t.percent(t.pledged)))
                .replace("%4", str(t.target))
                .replace("%5", str(t.filled))
                .replace("%6", str(t.started))
                .replace("%7", str(t.completed))
            )
        else:
            self.summary.setText(
                self.tr("%1: %2 plaatsen toegezegd. Voor dit jaar is nog geen doel vastgelegd")
                .replace("%1", str(board.year))
                .replace("%2", str(t.pledged))
                + (self.tr("; leg het vast met 'Doelen aanpassen'.") if self._may_edit() else ".")
            )
        self.sig_loaded.emit()

    # -- editing the targets --------------------------------------------------------------------

    @Slot()
    def edit_targets(self) -> None:
        from app.services.challenges.targets import get_targets

        actor, year = self.context.actor, self.selected_year()
        self.context.tasks.run(
            lambda s, _c: get_targets(s, actor, year),
            on_success=self._open_dialog,
            title=self.tr("Doelen laden"),
            parent=self,
        )

    def _open_dialog(self, table: TargetTable) -> None:
        self.dialog = TargetDialog(table, self)
        self.dialog.accepted.connect(lambda: self._confirm(table))
        self.dialog.open()

    def _confirm(self, table: TargetTable) -> None:
        from app.ui.confirm import ask_confirmation

        assert self.dialog is not None
        total, changes = self.dialog.total.value(), self.dialog.changes()
        names = {r.gemeente_id: r.name for r in table.rows}
        changed = ", ".join(f"{names[g]} {n}" for g, n in changes.items())
        detail = self.tr("Met de hand: %1.").replace("%1", changed) if changed else ""
        self.confirmation = ask_confirmation(
            self,
            self.tr("Doelen opslaan?"),
            self.tr(
                "Het regionale doel voor %1 wordt %2 plaatsen. Dit geldt voor alle gemeenten van de regio "
                "(indicatief). Opslaan?"
            )
            .replace("%1", str(table.year))
            .replace("%2", str(total)),
            self.tr("Ja, doelen opslaan"),
            lambda: self._save(table.year, total, changes),
            detail=detail,
        )

    def _save(self, year: int, total: int, changes: dict[int, int | None]) -> None:
        from app.services.challenges.targets import save_targets

        actor = self.context.actor

        def done(_table: TargetTable) -> None:
            self.context.show_status(self.tr("De doelen voor %1 zijn opgeslagen.").replace("%1", str(year)))
            self.context.report_change()
            self.refresh()

        self.context.tasks.run(
            lambda s, _c: save_targets(s, actor, year, total, changes),
            on_success=done,
            title=self.tr("Doelen opslaan"),
            parent=self,
        )
