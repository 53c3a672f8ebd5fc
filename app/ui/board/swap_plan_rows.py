"""The table of the Uitruilplan tab: one row per planned swap, with a check box to choose it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from app.domain.wording import bedrooms_short
from app.services.board.swap_plan import PlannedSwap
from app.ui.widgets import ColumnSpec, RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate("SwapPlanTab", text)


def plan_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec(lambda _s: "", _t("Kies"), tooltip=_t("Kies de voorstellen die u wilt versturen")),
        ColumnSpec("v_nummer", _t("V-nummer")),
        ColumnSpec("owner_name", _t("Van"), tooltip=_t("De gemeente waaraan het huishouden gekoppeld is")),
        ColumnSpec("host_name", _t("Naar"), tooltip=_t("De gemeente die het huishouden huisvest")),
        ColumnSpec("persons", _t("Pers."), kind="int"),
        ColumnSpec(lambda s: _size(s), _t("Woning")),
        ColumnSpec("available_from", _t("Vrij per"), kind="date"),
        ColumnSpec("deadline", _t("Termijn"), kind="date", tooltip=_t("Termijn voor het aanbod")),
    ]


def _size(s: PlannedSwap) -> str:
    rooms = bedrooms_short(s.bedrooms)
    where = _t("verwacht") if s.expected else s.dwelling
    return f"{rooms}, {where}"


class PlanModel(RowTableModel):
    """The rows, sortable like every table, plus which ones are chosen (kept across sorting)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(plan_columns(), parent=parent)
        self.chosen: set[tuple[int, str]] = set()

    def set_rows(self, rows: Any) -> None:
        self.chosen.clear()
        super().set_rows(rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            chosen = self.row_at(index.row()).key in self.chosen
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(self.row_at(index.row()).explanation)
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        self.set_chosen(self.row_at(index.row()), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def set_chosen(self, row: PlannedSwap, chosen: bool) -> None:
        (self.chosen.add if chosen else self.chosen.discard)(row.key)
        index = self.row_of(lambda r: r.key == row.key)
        if index >= 0:
            cell = self.index(index, 0)
            self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])

    def choose_all(self, chosen: bool) -> None:
        self.chosen = {r.key for r in self.all_rows()} if chosen else set()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def chosen_rows(self) -> list[PlannedSwap]:
        return [r for r in self.all_rows() if r.key in self.chosen]
