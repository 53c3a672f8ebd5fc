"""Tijdlijn: everything that happened to the dossier, newest first, with a quick filter."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services.cases.views import DossierDetail
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel, SearchBar


def _t(text: str) -> str:
    return QCoreApplication.translate("TimelineTab", text)


def timeline_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("at", _t("Wanneer"), kind="datetime"),
        ColumnSpec(lambda e: e.by_name or e.by_login, _t("Door")),
        ColumnSpec("kind", _t("Soort")),
        ColumnSpec("text", _t("Wat")),
    ]


class TimelineTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowTableModel(timeline_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.set_empty_state(self.tr("Nog niets in de tijdlijn van dit dossier."))
        self.search = SearchBar(self, placeholder=self.tr("Filter de tijdlijn…"), delay_ms=120)
        self.search.sig_search_changed.connect(self._filter)
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def show_detail(self, detail: DossierDetail) -> None:
        self.model.set_rows(detail.timeline)  # newest first, as the service gives them
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(2, 150)
        self._update_count()

    @Slot(str)
    def _filter(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        text = self.tr("{n} gebeurtenissen").format(n=total)
        if shown != total:
            text = self.tr("{shown} van {total} gebeurtenissen").format(shown=shown, total=total)
        self.count.setText(text)
