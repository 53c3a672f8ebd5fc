"""The board table: columns of the overview, colour for behind/ahead, and the totals row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

from app.domain.periods import Period
from app.domain.quota import QuotaStatus
from app.domain.timefmt import date_text
from app.domain.wording import BEDROOMS_SHORT, count
from app.services.board.figures import BEDROOM_BUCKETS, BoardRow
from app.ui.contrast import tint
from app.ui.widgets.table import AnyIndex, ColumnSpec, RowTableModel

BEHIND_BG = QColor("#fbe3e1")  # soft red
AHEAD_BG = QColor("#dcf1e1")  # soft green
ON_TRACK_BG = QColor("#e3eef9")  # soft blue
BEHIND_FG = QColor("#8a1c14")
AHEAD_FG = QColor("#1e6b34")


def _t(text: str) -> str:
    return QCoreApplication.translate("OverviewTab", text)


@dataclass(frozen=True)
class BoardColumn(ColumnSpec):
    """A column that may also colour its cells (background and text) per row."""

    background: Callable[[Any], QColor | None] | None = None
    foreground: Callable[[Any], QColor | None] | None = None
    cell_tooltip: Callable[[Any], str] | None = None
    row_text: Callable[[Any], str] | None = None  # shown text from the whole row; sorts by ``key``

    def text(self, row: Any) -> str:
        return self.row_text(row) if self.row_text is not None else super().text(row)


def signed(value: int | None) -> str:
    """+5 / −3 / 0 with a real minus sign (reads better than a hyphen in a table)."""
    if value is None:
        return ""
    if value > 0:
        return f"+{value:,}".replace(",", ".")
    if value < 0:
        return f"−{-value:,}".replace(",", ".")
    return "0"


def number(value: int | None) -> str:
    """Thousands with a dot, negatives with a real minus sign."""
    if value is None:
        return ""
    text = f"{abs(value):,}".replace(",", ".")
    return f"−{text}" if value < 0 else text


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100):d}%"


def _status(row: Any) -> QuotaStatus | None:
    """The row's standing; none for a period still to come (nothing can be housed in it yet)."""
    return None if getattr(row, "upcoming", False) else getattr(row, "status", None)


def status_background(row: Any) -> QColor | None:
    status = _status(row)
    if status is QuotaStatus.BEHIND:
        return BEHIND_BG
    if status is QuotaStatus.AHEAD:
        return AHEAD_BG
    if status is QuotaStatus.ON_TRACK:
        return ON_TRACK_BG
    return None


def status_foreground(row: Any) -> QColor | None:
    status = _status(row)
    if status is QuotaStatus.BEHIND:
        return BEHIND_FG
    if status is QuotaStatus.AHEAD:
        return AHEAD_FG
    return None


def _status_text(row: Any) -> str:
    if getattr(row, "upcoming", False):
        return _t("komt nog")  # short: the column is sized for "achterstand"
    status = _status(row)
    return status.label_nl if status else ""


def _status_tip(row: Any) -> str:
    if getattr(row, "upcoming", False):
        return _t("Deze periode is nog niet begonnen: er kan nog niemand in gehuisvest zijn.")
    if _status(row) is None:
        return ""
    remaining = row.corrected - row.housed_persons
    if remaining > 0:
        return _t("Nog {n} te huisvesten deze periode.").format(n=count(remaining, "persoon"))
    if remaining < 0:
        return _t("{n} meer gehuisvest dan nodig (voorsprong).").format(n=count(-remaining, "persoon"))
    return _t("Precies de gecorrigeerde taakstelling gehuisvest.")


def _balance_fg(row: Any) -> QColor | None:
    value = getattr(row, "swap_balance", None)
    if value is None or value == 0:
        return None
    return AHEAD_FG if value > 0 else BEHIND_FG


def _vacancy(bucket: str) -> Callable[[Any], int]:
    return lambda row: row.vacancies.get(bucket, 0)


def board_columns() -> list[ColumnSpec]:
    """Short, two-line headers; tooltips say it in full. What a coordinator looks at first stands
    left (where the period stands, COA's check, the forecast); the detail follows and may scroll."""
    status_column = BoardColumn(
        _status_text, _t("Stand"),
        background=status_background, foreground=status_foreground, cell_tooltip=_status_tip,
        tooltip=_t("Achterstand, op schema of voorsprong ten opzichte van de gecorrigeerde taakstelling"))
    columns: list[ColumnSpec] = [
        BoardColumn("name", _t("Gemeente")),
        BoardColumn("taakstelling", _t("Taak-\nstelling"), "int",
                    tooltip=_t("Taakstelling van deze periode (personen)")),
        BoardColumn("backlog_in", _t("Achterstand (+)\nvoorsprong (−)"), "int", format=signed,
                    tooltip=_t("Meegenomen uit de vorige periode: + achterstand, − voorsprong")),
        BoardColumn("corrected", _t("Gecorri-\ngeerd"), "int", format=number,
                    tooltip=_t("Gecorrigeerde taakstelling: taakstelling plus achterstand")),
        BoardColumn("housed_persons", _t("Gehuisvest\npers."), "int",
                    tooltip=_t("Personen gehuisvest in deze periode (verhuisdatum)")),
        BoardColumn("progress", _t("Voortgang"), "number", format=percent,
                    background=status_background, foreground=status_foreground, cell_tooltip=_status_tip,
                    tooltip=_t("Gehuisvest als deel van de gecorrigeerde taakstelling")),
        status_column,
        *check_columns(None, expectation=False),
        *forecast_columns(None),
        BoardColumn("housed_households", _t("Gehuisvest\nhuish."), "int",
                    tooltip=_t("Huishoudens gehuisvest in deze periode")),
        BoardColumn("pending_persons", _t("Wachtend\npers."), "int",
                    tooltip=_t("Gekoppeld, nog niet gehuisvest (personen)")),
        BoardColumn("pending_households", _t("Wachtend\nhuish."), "int",
                    tooltip=_t("Gekoppeld, nog niet gehuisvest (huishoudens)")),
        BoardColumn("overdue_households", _t("Te laat\nhuish."), "int",
                    foreground=lambda r: BEHIND_FG if getattr(r, "overdue_households", 0) else None,
                    tooltip=_t("Huishoudens die nu te laat zijn; het filter \u2018Alleen te laat\u2019 bij "
                               "Koppelingen toont dezelfde")),
    ]
    for bucket in BEDROOM_BUCKETS:
        columns.append(
            BoardColumn(_vacancy(bucket), _t("Won.\n{b} {short}").format(b=bucket, short=BEDROOMS_SHORT),
                        "int", tooltip=_t("Beschikbare woningen met {b} slaapkamers").format(b=bucket))
        )
    columns.append(
        BoardColumn("swap_balance", _t("Uitruil-\nsaldo"), "int", format=signed, foreground=_balance_fg,
                    tooltip=_t("Personen die andere gemeenten deze gemeente nog schuldig zijn "
                               "(+) of die zij nog moet huisvesten voor anderen (−)"))
    )
    return [_with_glossary(column) for column in columns]


def _with_glossary(column: ColumnSpec) -> ColumnSpec:
    """The header's tooltip also says what the word means, and that F1 tells more."""
    from dataclasses import replace

    from app.ui.help.glossary import header_tooltip

    tip = header_tooltip(column.title)
    if not tip:
        return column
    return replace(column, tooltip=f"{column.tooltip}\n\n{tip}" if column.tooltip else tip)


def _day(check_date: date | None) -> str:
    return date_text(check_date) if check_date else _t("peildatum")


def check_columns(check_date: date | None, *, expectation: bool) -> list[BoardColumn]:
    """COA's check on the period's peildatum: the date in the header, "verwacht" when it lies ahead
    of the running period (what is needed then depends on how this period ends)."""
    day = _day(check_date)
    ahead = _t(" Dit is een verwachting uit de voorspelling: de taakstelling (of de huidige, zolang die "
               "nog niet bekend is) plus de achterstand die deze periode naar verwachting overlaat."
               ) if expectation else ""  # fmt: skip
    needed_title = _t("Nodig (verw.)\n{day}") if expectation else _t("Nodig\n{day}")
    return [
        BoardColumn("linked", _t("Gekoppeld\n{day}").format(day=day), "int",
                    tooltip=_t("Personen die COA op {day} aan de gemeente gekoppeld heeft (ook wie uit "
                               "de vorige periode nog wacht)").format(day=day)
                    + (_t("; nu: de stand tot vandaag") if expectation else "")),
        BoardColumn("needed", needed_title.format(day=day), "int",
                    tooltip=_t("Wat COA op {day} gekoppeld moet hebben: de hele gecorrigeerde "
                               "taakstelling.").format(day=day) + ahead),
        BoardColumn("shortfall", _t("Tekort\n{day}").format(day=day), "int",
                    foreground=lambda r: BEHIND_FG if getattr(r, "shortfall", 0) else None,
                    cell_tooltip=_shortfall_tip,
                    tooltip=_t("Personen die COA op {day} nog te weinig gekoppeld heeft").format(day=day)),
    ]


def _shortfall_tip(row: Any) -> str:
    if getattr(row, "status", None) is None:
        return ""
    if row.shortfall:
        return _t("{linked} van {needed} gekoppeld: {n} te weinig.").format(
            linked=row.linked, needed=row.needed, n=row.shortfall)
    return _t("Voldoende gekoppeld ({linked} van {needed}).").format(linked=row.linked, needed=row.needed)


def _expected_text(value: float | None) -> str:
    return "" if value is None else number(round(value))


def _expected_tip(row: Any) -> str:
    outlook = getattr(row, "outlook", None)
    if outlook is None:
        return ""
    lines = [_t("Verwacht gehuisvest aan het eind van de periode: {n} personen, met 80% zekerheid tussen "
                "{low} en {high}.").format(n=round(outlook.expected), low=outlook.low, high=outlook.high)]
    return "\n".join([*lines, *outlook.explanation])


def _interval_low(row: Any) -> int | None:
    outlook = getattr(row, "outlook", None)
    return None if outlook is None else outlook.low


def _interval_text(row: Any) -> str:
    outlook = getattr(row, "outlook", None)
    return "" if outlook is None else f"{outlook.low}–{outlook.high}"


def _chance_fg(row: Any) -> QColor | None:
    chance = getattr(row, "probability", None)
    if chance is None:
        return None
    if chance < 0.5:
        return BEHIND_FG
    return AHEAD_FG if chance >= 0.8 else None


def forecast_columns(period: Period | None) -> list[BoardColumn]:
    """The forecast for the chosen period: expected persons housed (80% interval) and the chance of
    meeting the corrected taakstelling."""
    name = period.label_nl if period else _t("de periode")
    return [
        BoardColumn("expected", _t("Verwacht\npers."), "int", format=_expected_text,
                    cell_tooltip=_expected_tip,
                    tooltip=_t("Verwacht aantal gehuisveste personen aan het eind van {p} (inclusief wie al "
                               "gehuisvest is)").format(p=name)),
        BoardColumn(_interval_low, _t("80%-\ninterval"), "int", row_text=_interval_text,
                    cell_tooltip=_expected_tip,
                    tooltip=_t("Met 80% zekerheid ligt het aantal gehuisveste personen hiertussen")),
        BoardColumn("probability", _t("Kans"), "number", format=percent, foreground=_chance_fg,
                    cell_tooltip=_expected_tip,
                    tooltip=_t("Kans dat de gemeente in {p} de gecorrigeerde taakstelling haalt")
                    .format(p=name)),
    ]


class BoardTableModel(RowTableModel):
    """RowTableModel plus per-cell colour and tooltips from ``BoardColumn``; bold text for totals."""

    def __init__(self, columns: Sequence[ColumnSpec], rows: Iterable[Any] = (), parent: Any = None,
                 *, bold: bool = False) -> None:
        super().__init__(columns, rows, parent)
        self._font: QFont | None = None
        if bold:
            self._font = QFont()
            self._font.setBold(True)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if isinstance(column, BoardColumn):
            row = self.row_at(index.row())
            if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
                return tint(column.background(row))  # none under high contrast: the text tells
            if role == Qt.ItemDataRole.ForegroundRole and column.foreground is not None:
                return tint(column.foreground(row))
            if role == Qt.ItemDataRole.ToolTipRole and column.cell_tooltip is not None:
                return column.cell_tooltip(row) or None
        if role == Qt.ItemDataRole.FontRole and self._font is not None:
            return self._font
        return super().data(index, role)

    def set_period(self, period: Period, check_date: date, *, expectation: bool) -> None:
        """Put the peildatum and the period in the check and forecast columns' headers."""
        fresh = {c.key: c for c in check_columns(check_date, expectation=expectation)
                 + forecast_columns(period) if isinstance(c.key, str)}  # fmt: skip
        for i, column in enumerate(self.columns):
            if isinstance(column.key, str) and column.key in fresh:
                new = fresh[column.key]
                self.columns[i] = replace(column, title=new.title, tooltip=new.tooltip)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)


def fit_columns(view: QTableView, extra_rows: Sequence[Any] = (), *, max_width: int = 320) -> None:
    """Size columns to the widest cell or header line (not Qt's generous hints), so wide tables fit."""
    model = view.model()
    if not isinstance(model, RowTableModel):
        return
    metrics = view.fontMetrics()
    bold_font = QFont(view.font())
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    rows = model.rows()[:500]
    for column, spec in enumerate(model.columns):
        header = max(metrics.horizontalAdvance(line) for line in spec.title.split("\n"))
        cells = max((metrics.horizontalAdvance(spec.text(row)) for row in rows), default=0)
        totals = max((bold.horizontalAdvance(spec.text(row)) for row in extra_rows), default=0)
        view.setColumnWidth(column, min(max_width, max(header + 24, cells + 16, totals + 16, 40)))
    if view.horizontalHeader().stretchLastSection():  # the last column takes what is left, no more
        last = model.columnCount() - 1
        title = model.columns[last].title
        view.setColumnWidth(last, metrics.horizontalAdvance(title) + 24)


def totals_row(rows: Sequence[BoardRow]) -> SimpleNamespace:
    """A row with the same attributes as ``BoardRow`` holding the region's totals."""
    fields = (
        "taakstelling", "backlog_in", "corrected", "housed_persons", "housed_households",
        "pending_persons", "pending_households", "overdue_households", "swap_balance",
        "linked", "needed", "shortfall",
    )
    total = {name: sum(getattr(r, name, 0) for r in rows) for name in fields}
    expected = [e for e in (getattr(r, "expected", None) for r in rows) if e is not None]
    vacancies = {b: sum(r.vacancies.get(b, 0) for r in rows) for b in BEDROOM_BUCKETS}
    corrected, housed = total["corrected"], total["housed_persons"]
    progress = housed / corrected if corrected > 0 else None
    # The region's expected total is the sum; its chance is no sum of chances, so it stays empty.
    return SimpleNamespace(name=_t("Totaal regio"), vacancies=vacancies, status=None, progress=progress,
                           expected=sum(expected) if expected else None, probability=None, outlook=None,
                           **total)
