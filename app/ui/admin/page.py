"""The Beheer page: a tab per task (users, access log, retention, the directory's reference data,
the taakstellingen, the municipalities' contact details)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app.domain.roles import Action, Area, Role, is_allowed
from app.ui.context import AppContext


class AdminPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.ui.admin.users_tab import UsersTab

        self.context = context
        title = QLabel(self.tr("Beheer"))
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.users_tab = UsersTab(context)
        self.tabs.addTab(self.users_tab, self.tr("Gebruikers"))
        self.audit_tab = None
        if context.actor.system or is_allowed(context.actor.role, Action.READ, Area.AUDIT, own_gemeente=None):
            from app.ui.admin.audit_tab import AuditTab

            self.audit_tab = AuditTab(context)
            self.tabs.addTab(self.audit_tab, self.tr("Toegangslog"))
        self.retention_tab = None
        if context.actor.system or context.actor.role is Role.BEHEERDER:
            from app.ui.admin.retention_tab import RetentionTab

            self.retention_tab = RetentionTab(context)
            self.tabs.addTab(self.retention_tab, self.tr("Bewaartermijn"))
        self.directory_tab = None
        if context.actor.system or is_allowed(
            context.actor.role, Action.UPDATE, Area.REGION, own_gemeente=None
        ):
            from app.ui.admin.directory_tab import DirectoryTab

            self.directory_tab = DirectoryTab(context)
            self.tabs.addTab(self.directory_tab, self.tr("Sociale kaart"))
        self.taakstellingen_tab = None
        if context.actor.system or is_allowed(
            context.actor.role, Action.UPDATE, Area.REGION, own_gemeente=None
        ):
            from app.ui.admin.taakstellingen_tab import TaakstellingenTab

            self.taakstellingen_tab = TaakstellingenTab(context)
            self.tabs.addTab(self.taakstellingen_tab, self.tr("Taakstellingen"))
        self.gemeenten_tab = None
        if context.actor.system or is_allowed(
            context.actor.role, Action.UPDATE, Area.REGION, own_gemeente=None
        ):
            from app.ui.admin.gemeenten_tab import GemeentenTab

            self.gemeenten_tab = GemeentenTab(context)
            self.tabs.addTab(self.gemeenten_tab, self.tr("Gemeenten"))
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.tabs)
        self.users_tab.load()

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.audit_tab and self.audit_tab is not None and not self.audit_tab.loaded:
            self.audit_tab.load()
        if widget is self.retention_tab and self.retention_tab is not None and not self.retention_tab.loaded:
            self.retention_tab.load()
        if widget is self.directory_tab and self.directory_tab is not None and not self.directory_tab.loaded:
            self.directory_tab.load()
        gt = self.gemeenten_tab
        if widget is gt and gt is not None and not gt.loaded:
            gt.load()
        tk = self.taakstellingen_tab
        if widget is tk and tk is not None and not tk.loaded:
            tk.load()
