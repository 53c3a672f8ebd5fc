"""Reusable widgets: the row table (model + view), the search bar, the status indicator, and the
Excel export every table offers (``TableExporter``; how to use it is in ``app.ui.widgets.export``).

The names below are imported on first use: the main window needs only ``placement`` and
``status_indicator`` to show itself, and importing this package must not cost it the table and
the export (issue 17, start-up)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ui.widgets.export import ExportField, TableExporter
    from app.ui.widgets.search_bar import SearchBar
    from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

_WHERE = {
    "ColumnSpec": "app.ui.widgets.table",
    "DataTableView": "app.ui.widgets.table",
    "RowTableModel": "app.ui.widgets.table",
    "ExportField": "app.ui.widgets.export",
    "TableExporter": "app.ui.widgets.export",
    "SearchBar": "app.ui.widgets.search_bar",
}

__all__ = ["ColumnSpec", "DataTableView", "ExportField", "RowTableModel", "SearchBar", "TableExporter"]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
