"""Reusable widgets: the row table (model + view), the search bar, the status indicator, and the
Excel export every table offers (``TableExporter``; how to use it is in ``app.ui.widgets.export``)."""

from app.ui.widgets.export import ExportField, TableExporter
from app.ui.widgets.search_bar import SearchBar
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

__all__ = ["ColumnSpec", "DataTableView", "ExportField", "RowTableModel", "SearchBar", "TableExporter"]
