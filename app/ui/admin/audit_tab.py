"""Toegangslog (beheerder only): the access log filtered on person, dossier, object, action, result
and a date range, a page of 200 rows at a time ("Vorige"/"Volgende"), an export of the whole
filtered set, and the last check of the log's hash chain with a button to run one.

Thin: ``app.services.audit_query`` filters, pages and exports (and logs each look); this tab only
turns the widgets into a ``LogFilter`` and keeps the cursor of the page shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.roles import Action
from app.services.audit import ChainReport, LastVerification
from app.services.audit_query import PAGE_SIZE, LogFilter, LogPage
from app.ui.cases.fields import optional_date, optional_date_edit, set_optional_date
from app.ui.context import AppContext
from app.ui.latest import LatestOnly
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel, SearchBar
from app.ui.widgets.flow import FlowLayout, group
from app.ui.widgets.formatting import format_value

if TYPE_CHECKING:
    from app.services.exports import ExportResult
    from app.ui.tasks import Task


def _t(text: str) -> str:
    return QCoreApplication.translate("AuditTab", text)


ACTION_LABELS = {
    Action.READ: "inzien",
    Action.SEARCH: "zoeken",
    Action.CREATE: "aanmaken",
    Action.UPDATE: "wijzigen",
    Action.DELETE: "verwijderen",
    Action.PRINT: "afdrukken",
    Action.EXPORT: "exporteren",
    Action.IMPORT: "importeren",
    Action.LOGIN: "aanmelden",
}
OBJECT_LABELS = {
    "user": "gebruiker",
    "access_log": "toegangslog",
    "gemeente": "gemeente",
    "period": "periode",
    "demo": "demo-gegevens",
    "purge": "verwijderen na bewaartermijn",
    "database": "database",
    "dossier": "dossier",
}
RESULT_LABELS = {
    "ok": "toegestaan",
    "denied": "geweigerd",
    "error": "fout",
    "conflict": "conflict",
    "invalid": "ongeldige invoer",
}


def audit_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("at", _t("Tijdstip"), kind="datetime"),
        ColumnSpec("actor_login", _t("Gebruiker")),
        ColumnSpec("on_behalf_of", _t("Namens")),
        ColumnSpec("action", _t("Actie"), format=lambda a: _t(ACTION_LABELS.get(a, str(a)))),
        ColumnSpec("object_type", _t("Object"), format=lambda o: _t(OBJECT_LABELS.get(o, o or ""))),
        ColumnSpec("object_id", _t("Kenmerk")),
        ColumnSpec("result", _t("Resultaat"), format=lambda r: _t(RESULT_LABELS.get(r, r or ""))),
        ColumnSpec("workstation", _t("Werkplek")),
        ColumnSpec("id", _t("Regel"), kind="int"),
        ColumnSpec("detail", _t("Toelichting"), format=detail_text),
    ]


_UNSET = re.compile(r"\s*\b\w+=None\b,?")


def detail_text(detail: object) -> str:
    """The row's explanation as a person reads it: older rows said "status=None gemeente=None" for
    filters that were not set; those parts are left out (the stored row stays as it was)."""
    if not detail:
        return ""
    text = _UNSET.sub("", str(detail)).strip(" ,;")
    return text or "—"


def _n(count: int) -> str:
    return f"{count:,}".replace(",", ".")


class AuditTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False
        self.page = LogPage([], None, None)
        self.offset = 0  # rows above the page shown (for "regels 201–400")
        self.page_size = PAGE_SIZE
        self.last_task: Task | None = None
        self.last_export: ExportResult | None = None
        self._object_types_loaded = False
        self._pages = LatestOnly()  # a filter changed while a page was loading: the newest filter wins

        reload = lambda *_args: self.load()  # noqa: E731 - every filter starts at the newest page
        self.person_filter = SearchBar(placeholder=self.tr("Gebruiker (inlognaam)…"), delay_ms=400)
        self.person_filter.setToolTip(self.tr("Een deel van de inlognaam; ook 'namens' telt mee"))
        self.person_filter.sig_search_changed.connect(reload)
        self.login_filter = self.person_filter  # the name older code and tests use
        self.dossier_filter = QLineEdit()
        self.dossier_filter.setAccessibleName(self.tr("Dossiernummer"))
        self.dossier_filter.setPlaceholderText(self.tr("Dossiernummer"))
        self.dossier_filter.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.dossier_filter.setFixedWidth(110)
        self.dossier_filter.editingFinished.connect(reload)
        self.object_filter = QComboBox()
        self.object_filter.setAccessibleName(self.tr("Soort object"))
        self.object_filter.addItem(self.tr("Alle objecten"), None)
        self.object_filter.currentIndexChanged.connect(reload)
        self.action_filter = QComboBox()
        self.action_filter.setAccessibleName(self.tr("Actie"))
        self.action_filter.addItem(self.tr("Alle acties"), None)
        for action, label in ACTION_LABELS.items():
            self.action_filter.addItem(_t(label), action.value)
        self.action_filter.currentIndexChanged.connect(reload)
        self.result_filter = QComboBox()
        self.result_filter.setAccessibleName(self.tr("Resultaat"))
        self.result_filter.addItem(self.tr("Alle resultaten"), None)
        for result, label in RESULT_LABELS.items():
            self.result_filter.addItem(_t(label), result)
        self.result_filter.currentIndexChanged.connect(reload)
        self.date_from = optional_date_edit(None, self.tr("begin"))
        self.date_to = optional_date_edit(None, self.tr("vandaag"))
        self.date_from.setAccessibleName(self.tr("Vanaf datum"))
        self.date_to.setAccessibleName(self.tr("Tot en met datum"))
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(reload)
        self.clear_button = QPushButton(self.tr("Wissen"))
        self.clear_button.setToolTip(self.tr("Alle filters leegmaken"))
        self.clear_button.clicked.connect(self.clear_filters)

        self.previous_button = QPushButton(self.tr("◀ Vorige"))
        self.previous_button.setToolTip(self.tr("De {n} nieuwere regels").format(n=self.page_size))
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button = QPushButton(self.tr("Volgende ▶"))
        self.next_button.setToolTip(self.tr("De {n} oudere regels").format(n=self.page_size))
        self.next_button.clicked.connect(self.next_page)
        self.range_label = QLabel()
        self.export_button = QPushButton(self.tr("Exporteren…"))
        self.export_button.setToolTip(
            self.tr(
                "Alle regels die bij het filter passen (niet alleen deze pagina) opslaan als Excel of CSV"
            )
        )
        self.export_button.clicked.connect(lambda: self.export())
        self.refresh_button = QPushButton(self.tr("Vernieuwen"))
        self.refresh_button.clicked.connect(reload)
        self.verify_label = QLabel()
        self.verify_label.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Keten controleren"))
        self.verify_button.setToolTip(
            self.tr(
                "Rekent van elke regel de hash opnieuw uit: een gewijzigde, verwijderde of "
                "tussengevoegde regel valt op."
            )
        )
        self.verify_button.clicked.connect(self.verify)

        self.model = RowTableModel(audit_columns(), parent=self)
        self.table = DataTableView()
        self.table.setSortingEnabled(True)  # within the page: the model sorts its own 200 rows
        self.table.setModel(self.model)
        self.table.set_empty_state(
            self.tr("Het toegangslog is nog leeg. Zodra iemand een dossier of persoonsgegevens bekijkt of "
                    "wijzigt, staat dat hier."),
            search=self.person_filter.text,
            filtered=[self.dossier_filter, self.object_filter, self.action_filter, self.result_filter,
                      self.date_from, self.date_to],
        )

        # Wraps onto more rows on a narrow window instead of forcing it wider (fits 1280 px).
        filters = QWidget()
        flow = FlowLayout(filters)
        for widget in (
            group(self.person_filter), group(self.dossier_filter),
            group(QLabel(self.tr("Object:")), self.object_filter),
            group(QLabel(self.tr("Actie:")), self.action_filter),
            group(QLabel(self.tr("Resultaat:")), self.result_filter),
            group(QLabel(self.tr("Van:")), self.date_from, QLabel(self.tr("t/m:")), self.date_to),
            group(self.clear_button),
        ):  # fmt: skip
            flow.addWidget(widget)
        pager = QHBoxLayout()
        pager.addWidget(self.previous_button)
        pager.addWidget(self.next_button)
        pager.addWidget(self.range_label)
        pager.addStretch(1)
        pager.addWidget(self.export_button)
        pager.addWidget(self.refresh_button)
        chain = QHBoxLayout()
        chain.addWidget(self.verify_label, 1)
        chain.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(filters)
        layout.addLayout(pager)
        layout.addLayout(chain)
        layout.addWidget(self.table)
        self._show_page()

    # -- the filter ------------------------------------------------------------------------------

    def current_filter(self) -> LogFilter:
        action = self.action_filter.currentData()
        dossier = self.dossier_filter.text().strip()
        return LogFilter(
            person=self.person_filter.text().strip(),
            dossier_id=int(dossier) if dossier.isdigit() else None,
            object_type=self.object_filter.currentData() or None,
            action=Action(action) if action else None,
            result=self.result_filter.currentData() or None,
            date_from=optional_date(self.date_from),
            date_to=optional_date(self.date_to),
        )

    @Slot()
    def clear_filters(self) -> None:
        widgets = (self.person_filter, self.dossier_filter, self.object_filter, self.action_filter,
                   self.result_filter, self.date_from, self.date_to)  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        self.person_filter.clear()
        self.dossier_filter.clear()
        for combo in (self.object_filter, self.action_filter, self.result_filter):
            combo.setCurrentIndex(0)
        set_optional_date(self.date_from, None)
        set_optional_date(self.date_to, None)
        for widget in widgets:
            widget.blockSignals(False)
        self.load()

    # -- pages -----------------------------------------------------------------------------------

    @Slot()
    def load(self) -> Task:
        """The newest page of the filtered log (and the last chain check)."""
        return self._read(before=None, after=None, offset=0, with_extras=True)

    @Slot()
    def next_page(self) -> Task | None:
        if self.page.older is None:
            return None
        return self._read(before=self.page.older, after=None, offset=self.offset + len(self.page.rows))

    @Slot()
    def previous_page(self) -> Task | None:
        if self.page.newer is None:
            return None
        return self._read(before=None, after=self.page.newer, offset=max(0, self.offset - self.page_size))

    def _read(self, *, before: int | None, after: int | None, offset: int, with_extras: bool = False) -> Task:
        from app.services.audit import last_verification
        from app.services.audit_query import distinct_values, read_access_log

        self.loaded = True
        actor, f, size = self.context.actor, self.current_filter(), self.page_size
        types_wanted = with_extras and not self._object_types_loaded
        turn = self._pages.start()

        def work(session: Any, _control: Any) -> tuple[LogPage, LastVerification | None, list[str] | None]:
            from app.db.models import AccessLog

            page = read_access_log(session, actor, f, before=before, after=after, page_size=size)
            last = last_verification(session, actor) if with_extras else None
            types = distinct_values(session, AccessLog.object_type) if types_wanted else None
            return page, last, types

        def done(result: tuple[LogPage, LastVerification | None, list[str] | None]) -> None:
            page, last, types = result
            self.page = page
            self.offset = offset if page.newer is not None else 0
            self._show_page()
            if with_extras:
                self.show_last_verification(last)
            if types is not None:
                self._fill_object_types(types)

        self.previous_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.last_task = self.context.tasks.run(
            work, on_success=turn(done), title=self.tr("Toegangslog laden"), parent=self
        )
        self.last_task.sig_finished.connect(self._enable_pager)
        return self.last_task

    def _show_page(self) -> None:
        self.model.set_rows(self.page.rows)
        rows = len(self.page.rows)
        if rows:
            self.range_label.setText(
                self.tr("regels {first}–{last}").format(
                    first=_n(self.offset + 1), last=_n(self.offset + rows)
                )
            )
        else:
            self.range_label.setText(self.tr("geen regels bij dit filter") if self.loaded else "")
        self._enable_pager()

    @Slot()
    def _enable_pager(self) -> None:
        self.previous_button.setEnabled(self.page.newer is not None)
        self.next_button.setEnabled(self.page.older is not None)

    def _fill_object_types(self, types: list[str]) -> None:
        self._object_types_loaded = True
        self.object_filter.blockSignals(True)
        for value in types:
            self.object_filter.addItem(_t(OBJECT_LABELS.get(value, value.replace("_", " "))), value)
        self.object_filter.blockSignals(False)

    # -- export ----------------------------------------------------------------------------------

    def ask_path(self) -> Path | None:
        from datetime import date

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = Path(folder or Path.home()) / f"toegangslog-{date.today().isoformat()}.xlsx"
        name, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Toegangslog exporteren"), str(start),
            self.tr("Excel-werkmap (*.xlsx);;CSV-bestand, puntkomma's (*.csv)"),
        )  # fmt: skip
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + (".csv" if "csv" in chosen.lower() else ".xlsx"))
        return path

    def export(self, path: Path | None = None) -> Task | None:
        """Every row the filter matches, to .xlsx or .csv, on the task runner with progress."""
        from app.services.audit_query import export_access_log

        path = path or self.ask_path()
        if path is None:
            return None
        actor, f = self.context.actor, self.current_filter()
        writing = self.tr("Regels schrijven…")

        def work(session: Any, control: Any) -> ExportResult:
            def report(fraction: float) -> None:
                control.check_cancelled()
                control.progress(fraction, writing)

            return export_access_log(session, actor, f, path, progress=report)

        def done(result: ExportResult) -> None:
            self.last_export = result
            self.context.show_status(
                self.tr("{n} regels geëxporteerd naar {file}.").format(
                    n=_n(result.rows), file=result.path.name
                )
            )

        self.export_button.setEnabled(False)
        self.last_task = self.context.tasks.run(
            work, on_success=done, title=self.tr("Toegangslog exporteren"), parent=self
        )
        self.last_task.sig_finished.connect(lambda: self.export_button.setEnabled(True))
        return self.last_task

    # -- the chain -------------------------------------------------------------------------------

    def show_last_verification(self, last: LastVerification | None) -> None:
        if last is None:
            self.verify_label.setText(self.tr("De keten van het toegangslog is nog nooit gecontroleerd."))
            self.verify_label.setStyleSheet("")
            return
        when = format_value(last.at, "datetime")  # Amsterdam time, as the table shows it
        self.verify_label.setText(
            self.tr("Laatste controle van de keten: {when} door {who}: {text}").format(
                when=when, who=last.actor_login, text=last.text
            )
        )
        self.verify_label.setStyleSheet("" if last.ok else "color: #b00020; font-weight: bold;")

    @Slot()
    def verify(self) -> None:
        """Check the whole chain on the task runner; the result shows here and lands in the log."""
        from app.services.audit import verify_chain

        actor = self.context.actor

        def work(session: Any, _control: Any) -> ChainReport:
            return verify_chain(session, actor)

        def done(report: ChainReport) -> None:
            self.verify_label.setText(report.summary)
            self.verify_label.setStyleSheet("" if report.ok else "color: #b00020; font-weight: bold;")
            self.load()

        self.verify_button.setEnabled(False)
        self.last_verify_task = self.context.tasks.run(
            work, on_success=done, title=self.tr("Toegangslog controleren"), parent=self
        )
        self.last_verify_task.sig_finished.connect(lambda: self.verify_button.setEnabled(True))
