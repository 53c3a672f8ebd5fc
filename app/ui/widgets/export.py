""" "Exporteren naar Excel…" for any table: what the table shows (filter, sort order, visible columns)
goes to an .xlsx, written in the background through ``app.services.exports.export_list``.

A tab adds it with a few lines::

    self.exporter = TableExporter(context, self.table, "gebruikers-lijstnaam", scope=self,
                                  filters=[self.search])
    toolbar.addWidget(self.exporter.widget)        # the button (and an "Openen" link afterwards)
    menu.addAction(self.exporter.action)           # in a context menu of its own, if the table has one

- ``list_name`` is a key of ``app.services.exports.EXPORT_LISTS`` (title, file name, rights area).
- Rows: a ``RowTableModel`` gives its filtered and sorted rows. A paged list (only a page is loaded)
  passes ``fetch_all``: called on the GUI thread, it returns a function that loads *all* matching
  rows in the worker's Session, already in the table's order. ``extra_rows`` adds rows below (totals).
- Columns: the visible ones, in the order the user sees them. Each table ``ColumnSpec`` becomes an
  Excel column of the same kind with the raw value (dates stay dates, numbers numbers); a text column
  with a ``format`` exports its shown text. ``overrides`` replaces a column (by model index) with
  other ``ExportField``s, e.g. "3 (2/1)" persons as three number columns.
- ``filters``: the widgets that filter the table; their state is written in words on the Info sheet
  ("Gemeente: Zeist; Status: Openstaand; Alleen te laat"). Or ``describe``: a function that says it.
- Ctrl+E exports while the focus is inside ``scope``; the table's header gets a menu to hide and show
  columns (hidden columns are not exported). ``compact``: a short button text ("Naar Excel…") for
  narrow places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from app.ui.widgets.table import ColumnSpec, RowTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.exports import ExportResult
    from app.ui.context import AppContext
    from app.ui.tasks import Task

# Table column kinds → Excel column kinds (app.io.excel.writer.ColumnKind).
_KINDS = {"int": "int", "number": "decimal", "money": "decimal", "bool": "bool", "date": "date",
          "datetime": "datetime"}  # fmt: skip
_last_folder: Path | None = None  # where the user saved last, for the next export in this session


@dataclass(frozen=True)
class ExportField:
    """One exported column: its title, how to get the value from a row, and its Excel kind
    (text, int, decimal, date, datetime, bool)."""

    title: str
    value: Callable[[Any], Any]
    kind: str = "text"


def one_line(title: str) -> str:
    """Two-line table headers as one Excel header: 'Taak-\\nstelling' → 'Taakstelling'."""
    lines = [line.strip() for line in title.split("\n")]
    text = lines[0] if lines else ""
    for line in lines[1:]:
        text = text[:-1] + line if text.endswith("-") and line[:1].islower() else f"{text} {line}"
    return text.strip()


def field_for(spec: ColumnSpec) -> ExportField:
    kind = _KINDS.get(spec.kind, "text")
    if kind == "text" and spec.format is not None:
        return ExportField(one_line(spec.title), spec.text, "text")  # e.g. codes shown as Dutch words
    return ExportField(one_line(spec.title), spec.value, kind)


def visible_fields(
    view: QTableView, overrides: Mapping[int, Sequence[ExportField]] | None = None
) -> list[ExportField]:
    """The columns the user sees, in the order they appear (moved columns too); hidden ones left out."""
    model = view.model()
    header = view.horizontalHeader()
    columns: list[ColumnSpec] = list(getattr(model, "columns", []))
    logical = sorted(
        (c for c in range(len(columns)) if not header.isSectionHidden(c)), key=header.visualIndex
    )
    fields: list[ExportField] = []
    for c in logical:
        if overrides and c in overrides:
            fields.extend(overrides[c])
        else:
            fields.append(field_for(columns[c]))
    return fields


def describe_sort(view: QTableView) -> str:
    """'Gekoppeld op, oplopend' from the header's sort indicator; '' when unsorted."""
    header = view.horizontalHeader()
    section = header.sortIndicatorSection()
    columns = getattr(view.model(), "columns", [])
    if not header.isSortIndicatorShown() or not 0 <= section < len(columns):
        return ""
    order = "aflopend" if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder else "oplopend"
    return f"{one_line(columns[section].title)}, {order}"


def describe_filters(widgets: Iterable[QWidget]) -> str:
    """The filter widgets' state in words, in screen order. A label ending in ':' names the combo box
    or the spin boxes after it ("Gemeente: Zeist; Personen: min. 2, max. 5"); a checked box gives its
    own text, a search field "zoekterm '…'"; widgets hidden on purpose are skipped."""
    parts: list[tuple[str, list[str]]] = []
    label = ""
    for widget in _flatten(widgets):
        if widget.isHidden():
            continue
        if isinstance(widget, QLabel):
            text = widget.text().replace("&", "").strip()
            if text.endswith(":"):
                label = text[:-1].strip()
            continue
        own = label if isinstance(widget, QComboBox | QAbstractSpinBox) else ""
        if not isinstance(widget, QAbstractSpinBox):
            label = ""  # a label names one combo box, or a run of spin boxes ("min. … t/m max. …")
        state = _state(widget)
        if not state:
            continue
        if own and parts and parts[-1][0] == own:
            parts[-1][1].append(state)
        else:
            parts.append((own, [state]))
    return "; ".join(f"{name}: {', '.join(values)}" if name else ", ".join(values) for name, values in parts)


def _flatten(widgets: Iterable[QWidget]) -> list[QWidget]:
    """Widgets in layout order; a container (a filter bar) stands for the widgets in its layout."""
    out: list[QWidget] = []
    for widget in widgets:
        layout = widget.layout()
        if layout is None or isinstance(widget, QComboBox | QLineEdit | QAbstractSpinBox):
            out.append(widget)
        else:
            out.extend(_flatten(_layout_widgets(layout)))
    return out


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    found: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget() if item is not None else None
        inner = item.layout() if item is not None else None
        if widget is not None:
            found.append(widget)
        elif inner is not None:
            found.extend(_layout_widgets(inner))
    return found


def _state(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText().strip()
    if isinstance(widget, QCheckBox):
        return widget.text().replace("&", "") if widget.isChecked() else ""
    if isinstance(widget, QLineEdit):
        text = widget.text().strip()
        return f"zoekterm '{text}'" if text else ""
    if isinstance(widget, QAbstractSpinBox):
        special = widget.specialValueText()
        if special and widget.text() == special:
            return ""  # "min." / "max.": no limit
        value = widget.text().strip()
        return f"{special} {value}".strip() if special else value
    return ""


def install_column_menu(view: QTableView) -> None:
    """Right-click on the header: tick the columns to show (hidden ones are also left out of exports)."""
    header = view.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(pos: QPoint) -> None:
        columns = getattr(view.model(), "columns", [])
        menu = QMenu(view)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addSection(view.tr("Kolommen tonen"))
        shown = [c for c in range(len(columns)) if not header.isSectionHidden(c)]
        for c in sorted(range(len(columns)), key=header.visualIndex):
            action = menu.addAction(one_line(columns[c].title))
            action.setCheckable(True)
            action.setChecked(c in shown)
            action.setEnabled(not (len(shown) == 1 and c in shown))  # keep at least one column
            action.toggled.connect(lambda on, c=c: view.setColumnHidden(c, not on))
        menu.popup(header.mapToGlobal(pos))

    header.customContextMenuRequested.connect(show_menu)


class _ExportWidget(QWidget):
    """The button, and after an export a link to open the file."""

    def __init__(self, action: QAction, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QPushButton(self.tr("Naar Excel…") if compact else action.text())
        self.button.setToolTip(self.tr("De lijst zoals getoond (filter, sortering, kolommen) opslaan als "
                                       "Excel-bestand (Ctrl+E)"))  # fmt: skip
        self.button.clicked.connect(action.trigger)
        self.open_link = QLabel()
        self.open_link.setVisible(False)
        self.open_link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.open_link.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.open_link)
        layout.addWidget(self.button)

    def show_file(self, path: Path) -> None:
        url = QUrl.fromLocalFile(str(path)).toString()
        self.open_link.setText(self.tr('<a href="{url}">Openen</a>').format(url=url))
        self.open_link.setToolTip(self.tr("{file} openen in Excel").format(file=str(path)))
        self.open_link.setVisible(True)


class TableExporter(QObject):
    """Export one table; see the module docstring."""

    sig_exported = Signal(object)
    """The file was written (an ``ExportResult``: path, rows)."""

    def __init__(
        self,
        context: AppContext,
        view: QTableView,
        list_name: str,
        *,
        scope: QWidget,
        filters: Sequence[QWidget] = (),
        describe: Callable[[], str] | None = None,
        fetch_all: Callable[[], Callable[[Session], list[Any]]] | None = None,
        extra_rows: Callable[[], list[Any]] | None = None,
        overrides: Mapping[int, Sequence[ExportField]] | None = None,
        column_menu: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(scope)
        from app.services.exports import may_export

        self.context = context
        self.view = view
        self.list_name = list_name
        self.scope = scope
        self.filters = list(filters)
        self.describe = describe
        self.fetch_all = fetch_all
        self.extra_rows = extra_rows
        self.overrides = dict(overrides or {})
        self.last_task: Task | None = None
        self.last_result: ExportResult | None = None
        allowed = may_export(context.actor, list_name)

        self.action = QAction(self.tr("Exporteren naar Excel…"), scope)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action.triggered.connect(lambda: self.export())
        self.action.setVisible(allowed)
        self.action.setEnabled(allowed)
        scope.addAction(self.action)
        self.widget = _ExportWidget(self.action, compact)
        self.widget.setVisible(allowed)
        self.button = self.widget.button
        if column_menu:
            install_column_menu(view)
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu and allowed:
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addAction(self.action)

    # -- asking for the file ---------------------------------------------------------------------

    def default_path(self) -> Path:
        from app.services.exports import default_file_name

        folder = _last_folder
        if folder is None or not folder.is_dir():
            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
        return folder / default_file_name(self.list_name, date.today())

    def ask_path(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self.scope,
            self.tr("Exporteren naar Excel"),
            str(self.default_path()),
            self.tr("Excel-werkmap (*.xlsx)"),
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    # -- exporting ---------------------------------------------------------------------------------

    @Slot()
    def export(self, path: Path | None = None) -> Task | None:
        """Ask for a file name (unless given), then write the table's current view in the background."""
        if not self.action.isEnabled() or (self.last_task is not None and self.last_task.is_running):
            return None
        path = path or self.ask_path()
        if path is None:
            return None
        global _last_folder
        _last_folder = path.parent
        return self._start(path)

    def _start(self, path: Path) -> Task:
        from app.io.excel.writer import ColumnSpec as ExcelColumn
        from app.services.exports import ensure_may_export, export_list, plain

        fields = visible_fields(self.view, self.overrides)
        columns = [ExcelColumn(f"c{i}", f.title, f.kind) for i, f in enumerate(fields)]  # type: ignore[arg-type]
        pickers = [f.value for f in fields]
        filter_text = self.describe() if self.describe is not None else describe_filters(self.filters)
        sort_text = describe_sort(self.view)
        fetch = self.fetch_all() if self.fetch_all is not None else None
        model = self.view.model()
        shown = None if fetch is not None else (model.rows() if isinstance(model, RowTableModel) else [])
        extra = list(self.extra_rows()) if self.extra_rows is not None else []
        actor, list_name = self.context.actor, self.list_name
        fetching, writing = self.tr("Gegevens ophalen…"), self.tr("Bestand schrijven…")

        def work(session: Session, control: Any) -> ExportResult:
            ensure_may_export(session, actor, list_name)
            control.progress(0.0, fetching)
            items = fetch(session) if fetch is not None else shown
            control.check_cancelled()
            values = [[plain(pick(item)) for pick in pickers] for item in [*(items or []), *extra]]

            def report(fraction: float) -> None:
                control.check_cancelled()
                control.progress(0.1 + 0.9 * fraction, writing)

            return export_list(session, actor, list_name, columns, values, path, filter_text=filter_text,
                               sort_text=sort_text, progress=report, items=items)  # fmt: skip

        self.action.setEnabled(False)
        self.last_task = self.context.tasks.run(
            work, on_success=self._done, title=self.tr("Exporteren naar Excel"), parent=self.scope
        )
        self.last_task.sig_finished.connect(self._finished)
        return self.last_task

    @Slot()
    def _finished(self) -> None:
        self.action.setEnabled(True)

    def _done(self, result: ExportResult) -> None:
        self.last_result = result
        self.widget.show_file(result.path)
        self.context.show_status(
            self.tr("{n} rijen geëxporteerd naar {file}.").format(n=result.rows, file=result.path.name)
        )
        self.sig_exported.emit(result)
