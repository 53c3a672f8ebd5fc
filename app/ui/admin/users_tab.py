"""Gebruikers: the list of users, with new and edit dialogs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.domain.roles import Action, Area, is_allowed
from app.errors import UserError
from app.services.region import GemeenteInfo
from app.services.users import UserInfo
from app.ui.context import AppContext
from app.ui.latest import LatestOnly
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel, SearchBar, TableExporter
from app.ui.widgets.flow import FlowLayout


def _t(text: str) -> str:
    return QCoreApplication.translate("UsersTab", text)


def user_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("login", _t("Inlognaam")),
        ColumnSpec("name", _t("Naam")),
        ColumnSpec("role", _t("Rol")),
        ColumnSpec("gemeente_name", _t("Gemeente")),
        ColumnSpec("active", _t("Actief"), kind="bool"),
        ColumnSpec("email", _t("E-mail")),
        ColumnSpec("phone", _t("Telefoon")),
    ]


class UsersTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        actor = context.actor
        self.can_create = actor.system or is_allowed(actor.role, Action.CREATE, Area.USERS, own_gemeente=True)
        self.can_update = actor.system or is_allowed(actor.role, Action.UPDATE, Area.USERS, own_gemeente=True)
        self.gemeenten: list[GemeenteInfo] = []
        self._load = LatestOnly()  # every save reloads; of overlapping reloads the last one shows

        self.search = SearchBar(placeholder=self.tr("Zoek gebruiker…"))
        self.search.sig_search_changed.connect(self._filter)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.refresh_button = QPushButton(self.tr("Vernieuwen"))
        self.refresh_button.clicked.connect(self.load)
        self.edit_button = QPushButton(self.tr("Wijzigen…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.edit_button.setEnabled(False)
        self.edit_button.setVisible(self.can_update)
        self.on_postgres = context.database.is_postgresql
        self.active_button = QPushButton(self.tr("Uitschakelen…"))
        self.active_button.setToolTip(self.tr("Uitgeschakeld kan iemand zich niet meer aanmelden."))
        self.active_button.clicked.connect(self.toggle_active_selected)
        self.active_button.setEnabled(False)
        self.active_button.setVisible(self.can_update)
        self.password_button = QPushButton(self.tr("Nieuw wachtwoord…"))
        self.password_button.clicked.connect(self.set_password_selected)
        self.password_button.setEnabled(False)
        self.password_button.setVisible(self.can_update and self.on_postgres)
        self.confirmation: QMessageBox | None = None
        self.password_dialog: Any = None
        self.new_button = QPushButton(self.tr("Nieuwe gebruiker…"))
        self.new_button.clicked.connect(self.new_user)
        self.new_button.setVisible(self.can_create)
        self.new_button.setEnabled(False)

        self.model = RowTableModel(user_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sortByColumn(1, self.table.horizontalHeader().sortIndicatorOrder())
        self.table.sig_row_activated.connect(self._activated)
        self.table.sig_selection_changed.connect(self._update_buttons)
        self.table.set_empty_state(
            self.tr("Nog geen gebruikers. Voeg er een toe met Nieuwe gebruiker.") if self.can_create
            else self.tr("Nog geen gebruikers.")
        )
        self.exporter = TableExporter(context, self.table, "users", scope=self, filters=[self.search])

        bar = QHBoxLayout()
        bar.addWidget(self.search)
        bar.addWidget(self.count_label)
        buttons = QWidget()  # wraps onto a second row on a narrow window (fits 1280 px)
        flow = FlowLayout(buttons, spacing=6, alignment=Qt.AlignmentFlag.AlignRight)
        for widget in (self.exporter.widget, self.refresh_button, self.edit_button, self.active_button,
                       self.password_button, self.new_button):  # fmt: skip
            flow.addWidget(widget)
        bar.addWidget(buttons, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self._update_count()

    @Slot()
    def load(self, select_id: int | None = None) -> None:
        """Fetch users (and municipalities for the dialogs) in the background."""
        from app.services.region import list_gemeenten
        from app.services.users import list_users

        actor, turn = self.context.actor, self._load.start()
        self.refresh_button.setEnabled(False)

        def work(session: Any, _control: Any) -> tuple[list[UserInfo], list[GemeenteInfo]]:
            return list_users(session, actor), list_gemeenten(session, actor)

        def done(result: tuple[list[UserInfo], list[GemeenteInfo]]) -> None:
            users, self.gemeenten = result
            self.model.set_rows(users)
            self._update_count()
            self.new_button.setEnabled(True)
            if select_id is not None:
                self.table.select_row(lambda u: u.id == select_id)

        title = self.tr("Gebruikers laden")
        task = self.context.tasks.run(work, on_success=turn(done), title=title, parent=self)
        task.sig_finished.connect(self._load_finished)  # a bound slot: dropped if this tab is gone

    @Slot()
    def _load_finished(self) -> None:
        self.refresh_button.setEnabled(True)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows())
        text = self.tr("{n} gebruikers").format(n=total)
        if shown != total:
            text = self.tr("{shown} van {total} gebruikers").format(shown=shown, total=total)
        self.count_label.setText(text)

    @Slot(str)
    def _filter(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._update_count()

    @Slot()
    def _update_buttons(self) -> None:
        user = self.table.current_row()
        self.edit_button.setEnabled(user is not None)
        self.password_button.setEnabled(user is not None and user.active)
        is_me = user is not None and user.id == self.context.actor.user_id
        self.active_button.setEnabled(user is not None and not is_me)
        active = user is None or user.active
        self.active_button.setText(self.tr("Uitschakelen…") if active else self.tr("Inschakelen"))

    @Slot()
    def toggle_active_selected(self) -> None:
        """Disable (after a question) or re-enable the selected user."""
        user = self.table.current_row()
        if user is None:
            return
        if not user.active:
            self.set_active(user, True)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Gebruiker uitschakelen"),
            self.tr(
                "{name} ({login}) uitschakelen?\n\nDeze gebruiker kan zich daarna niet meer aanmelden; "
                "wat hij of zij nu open heeft, werkt niet meer. U kunt het account later weer inschakelen."
            ).format(name=user.name, login=user.login),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        yes = box.addButton(self.tr("Uitschakelen"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.set_active(user, False) if button is yes else None)
        box.finished.connect(lambda _r: setattr(self, "confirmation", None))
        self.confirmation = box
        box.open()

    def set_active(self, user: UserInfo, active: bool) -> None:
        from app.services.users import update_user

        actor = self.context.actor

        def work(session: Any, _control: Any) -> UserInfo:
            return update_user(session, actor, user.id, user.version, active=active)

        def done(info: UserInfo) -> None:
            text = self.tr("{login} is ingeschakeld.") if active else self.tr("{login} is uitgeschakeld.")
            self.context.show_status(text.format(login=info.login))
            self.load(select_id=info.id)

        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            self.context.tasks.show_error(self, self.tr("Gebruiker"), message)
            self.load(select_id=user.id)

        self.context.tasks.run(
            work, on_success=done, on_failure=failed, parent=self, title=self.tr("Gebruiker opslaan")
        )

    @Slot()
    def set_password_selected(self) -> None:
        from app.ui.admin.password_dialog import PasswordDialog

        user = self.table.current_row()
        if user is None:
            return
        dialog = PasswordDialog(self.context, user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_saved.connect(
            lambda info: self.context.show_status(
                self.tr("Het wachtwoord van {login} is ingesteld.").format(login=info.login)
            )
        )
        self.password_dialog = dialog
        dialog.open()

    @Slot(object)
    def _activated(self, user: UserInfo) -> None:
        if self.can_update:
            self.edit_user(user)

    @Slot()
    def edit_selected(self) -> None:
        user = self.table.current_row()
        if user is not None:
            self.edit_user(user)

    @Slot()
    def new_user(self) -> None:
        self._open_dialog(None)

    def edit_user(self, user: UserInfo) -> None:
        self._open_dialog(user)

    def _open_dialog(self, user: UserInfo | None) -> Any:
        from app.ui.admin.user_dialog import UserDialog

        dialog = UserDialog(self.context, self.gemeenten, user, self)
        dialog.sig_saved.connect(self._saved)
        dialog.open()
        self.dialog = dialog  # tests and screenshots reach the open dialog here
        return dialog

    @Slot(object)
    def _saved(self, user: UserInfo) -> None:
        self.context.show_status(self.tr("Gebruiker {login} is opgeslagen.").format(login=user.login))
        self.load(select_id=user.id)
