"""Demo → Andere gebruiker spelen…: the demo's users with role and municipality; choosing one
signs in again as them (only a demo database allows this; ``resolve_actor`` decides)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.services.users import UserInfo
from app.ui.context import AppContext
from app.ui.forms import HINT_STYLE
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel, SearchBar


def _t(text: str) -> str:
    return QCoreApplication.translate("DemoUsersDialog", text)


def demo_user_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("login", _t("Inlognaam")),
        ColumnSpec("role", _t("Rol")),
        ColumnSpec("gemeente_name", _t("Gemeente")),
        ColumnSpec("name", _t("Naam")),
    ]


class DemoUsersDialog(QDialog):
    sig_chosen = Signal(str)
    """The user chose a demo user to play; carries the login."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Andere gebruiker spelen — {name}").format(name=APP_NAME))
        self.resize(640, 520)
        intro = QLabel(
            self.tr(
                "Dit is een demodatabase: u kunt elke demogebruiker spelen om te zien wat die rol mag. "
                "U speelt nu <b>{login}</b>."
            ).format(login=context.actor.login)
        )
        intro.setWordWrap(True)
        self.search = SearchBar(placeholder=self.tr("Zoek gebruiker…"))
        self.search.sig_search_changed.connect(self._filter)
        self.count_label = QLabel()
        self.count_label.setStyleSheet(HINT_STYLE)
        self.model = RowTableModel(demo_user_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sig_row_activated.connect(self._activated)
        self.table.sig_selection_changed.connect(self._update_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.play_button = QPushButton(self.tr("Spelen"))
        self.play_button.setDefault(True)
        self.play_button.setEnabled(False)
        self.buttons.addButton(self.play_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.play_button.clicked.connect(self.choose_selected)
        self.buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.search)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.load()

    def load(self) -> None:
        from app.services.access import Actor
        from app.services.users import list_users

        def work(session: Any, _control: Any) -> list[UserInfo]:
            return [u for u in list_users(session, Actor.system_actor("demo")) if u.active]

        def done(users: list[UserInfo]) -> None:
            self.model.set_rows(sorted(users, key=lambda u: (u.gemeente_name or "", u.login)))
            self._update_count()
            self.table.select_row(lambda u: u.login == self.context.actor.login)

        self.context.tasks.run(work, on_success=done, parent=self, title=self.tr("Demogebruikers laden"))

    @Slot(str)
    def _filter(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{n} gebruikers").format(n=self.model.rowCount()))

    @Slot()
    def _update_button(self) -> None:
        self.play_button.setEnabled(self.table.current_row() is not None)

    @Slot(object)
    def _activated(self, user: UserInfo) -> None:
        self.choose(user.login)

    @Slot()
    def choose_selected(self) -> None:
        user = self.table.current_row()
        if user is not None:
            self.choose(user.login)

    def choose(self, login: str) -> None:
        self.sig_chosen.emit(login)
        self.accept()
