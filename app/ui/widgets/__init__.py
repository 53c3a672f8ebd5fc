"""Reusable widgets: the row table (model + view), the search bar, the status indicator."""

from app.ui.widgets.search_bar import SearchBar
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

__all__ = ["ColumnSpec", "DataTableView", "RowTableModel", "SearchBar"]
