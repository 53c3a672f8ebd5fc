"""Copying table cells (Ctrl+C) follows the same formula-safe rule as CSV and xlsx."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QGuiApplication

from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel


@dataclass
class Row:
    name: str
    saldo: int


def test_copy_quotes_formula_text_and_keeps_numbers(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = DataTableView()
    qtbot.addWidget(view)
    columns = [ColumnSpec("name", "Naam"), ColumnSpec("saldo", "Saldo", kind="int")]
    rows = [Row("=cmd|' /C calc'!A0", -7), Row("@SUM(A1)", 3), Row("\t+1", 0)]
    model = RowTableModel(columns, rows, parent=view)
    view.setModel(model)
    view.selectAll()
    text = view.copy_selection()
    assert QGuiApplication.clipboard().text() == text
    assert text.split("\n") == ["'=cmd|' /C calc'!A0\t-7", "'@SUM(A1)\t3", "' +1\t0"]
