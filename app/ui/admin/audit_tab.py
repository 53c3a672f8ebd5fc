"""Toegangslog: the newest access-log entries, filtered on user and action (beheerder only), the
last check of the log's hash chain and a button to run one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.roles import Action
from app.services.audit import AccessLogEntry, ChainReport, LastVerification
from app.ui.context import AppContext
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel, SearchBar, TableExporter


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
        ColumnSpec("detail", _t("Toelichting")),
    ]


class AuditTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False
        self.login_filter = SearchBar(placeholder=self.tr("Gebruiker (inlognaam)…"), delay_ms=400)
        self.login_filter.sig_search_changed.connect(lambda _text: self.load())
        self.action_filter = QComboBox()
        self.action_filter.addItem(self.tr("Alle acties"), None)
        for action, label in ACTION_LABELS.items():
            self.action_filter.addItem(_t(label), action.value)
        self.action_filter.currentIndexChanged.connect(lambda _index: self.load())
        self.limit = QComboBox()
        for n in (100, 500, 2000):
            self.limit.addItem(self.tr("laatste {n}").format(n=n), n)
        self.limit.setCurrentIndex(1)
        self.limit.currentIndexChanged.connect(lambda _index: self.load())
        self.refresh_button = QPushButton(self.tr("Vernieuwen"))
        self.refresh_button.clicked.connect(self.load)
        self.count_label = QLabel()
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
        self.table.setSortingEnabled(True)
        self.table.setModel(self.model)
        action_label = QLabel(self.tr("Actie:"))
        filters = [self.login_filter, action_label, self.action_filter, self.limit]
        self.exporter = TableExporter(context, self.table, "toegangslog", scope=self, filters=filters)

        bar = QHBoxLayout()
        for widget in filters:
            bar.addWidget(widget)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.exporter.widget)
        bar.addWidget(self.refresh_button)
        chain = QHBoxLayout()
        chain.addWidget(self.verify_label, 1)
        chain.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(chain)
        layout.addWidget(self.table)

    @Slot()
    def load(self) -> None:
        from app.services.audit import last_verification, list_access_log

        self.loaded = True
        actor = self.context.actor
        login = self.login_filter.text().strip() or None
        data = self.action_filter.currentData()
        action = Action(data) if data else None
        limit = int(self.limit.currentData())

        def work(session: Any, _control: Any) -> tuple[list[AccessLogEntry], LastVerification | None]:
            entries = list_access_log(session, actor, login=login, action=action, limit=limit)
            return entries, last_verification(session, actor)

        def done(result: tuple[list[AccessLogEntry], LastVerification | None]) -> None:
            entries, last = result
            self.model.set_rows(entries)
            self.count_label.setText(self.tr("{n} regels").format(n=len(entries)))
            self.show_last_verification(last)

        self.context.tasks.run(work, on_success=done, title=self.tr("Toegangslog laden"), parent=self)

    def show_last_verification(self, last: LastVerification | None) -> None:
        if last is None:
            self.verify_label.setText(self.tr("De keten van het toegangslog is nog nooit gecontroleerd."))
            self.verify_label.setStyleSheet("")
            return
        when = last.at.astimezone().strftime("%d-%m-%Y %H:%M")
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
