"""Toegangslog: the newest access-log entries, filtered on user and action (beheerder only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.roles import Action
from app.services.audit import AccessLogEntry
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
RESULT_LABELS = {"ok": "toegestaan", "denied": "geweigerd", "error": "fout", "conflict": "conflict"}


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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    @Slot()
    def load(self) -> None:
        from app.services.audit import list_access_log

        self.loaded = True
        actor = self.context.actor
        login = self.login_filter.text().strip() or None
        data = self.action_filter.currentData()
        action = Action(data) if data else None
        limit = int(self.limit.currentData())

        def work(session: Any, _control: Any) -> list[AccessLogEntry]:
            return list_access_log(session, actor, login=login, action=action, limit=limit)

        def done(entries: list[AccessLogEntry]) -> None:
            self.model.set_rows(entries)
            self.count_label.setText(self.tr("{n} regels").format(n=len(entries)))

        self.context.tasks.run(work, on_success=done, title=self.tr("Toegangslog laden"), parent=self)
