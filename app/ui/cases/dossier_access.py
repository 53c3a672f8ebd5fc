""" "Wie heeft dit dossier ingezien?": who read, changed, printed or exported one dossier, and when.

For the users of the dossier's own municipality (not the beheerder). The list comes from
``app.services.audit_query.dossier_access`` (on PostgreSQL through a database function: a user
cannot read the access log itself); looking is logged as a read of the dossier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.errors import UserError
from app.services.audit_query import DOSSIER_ACCESS_LIMIT, DossierAccess
from app.ui.admin.audit_tab import ACTION_LABELS, RESULT_LABELS
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.ui.context import AppContext
    from app.ui.tasks import Task


def _t(text: str) -> str:
    return QCoreApplication.translate("DossierAccess", text)


def access_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("at", _t("Tijdstip"), kind="datetime"),
        ColumnSpec("actor_name", _t("Naam")),
        ColumnSpec("actor_login", _t("Inlognaam")),
        ColumnSpec("on_behalf_of", _t("Namens")),
        ColumnSpec("action", _t("Actie"), format=lambda a: _t(ACTION_LABELS.get(a, str(a)))),
        ColumnSpec("result", _t("Resultaat"), format=lambda r: _t(RESULT_LABELS.get(r, r or ""))),
        ColumnSpec("workstation", _t("Werkplek")),
    ]


class DossierAccessDialog(QDialog):
    """A small window with the list; loads itself on the task runner when opened."""

    def __init__(self, context: AppContext, dossier_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dossier_id = dossier_id
        self.last_task: Task | None = None
        self.setWindowTitle(self.tr("Wie heeft dossier {id} ingezien?").format(id=dossier_id))
        self.resize(820, 480)
        self.summary = QLabel(self.tr("Laden…"))
        self.summary.setWordWrap(True)
        self.model = RowTableModel(access_columns(), parent=self)
        self.table = DataTableView()
        self.table.setSortingEnabled(True)
        self.table.setModel(self.model)
        self.table.set_empty_state(self.tr("Nog niemand heeft dit dossier bekeken of gewijzigd."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def load(self) -> Task:
        from app.services.audit_query import dossier_access

        actor, dossier_id = self.context.actor, self.dossier_id

        def work(session: Any, _control: Any) -> list[DossierAccess]:
            return dossier_access(session, actor, dossier_id)

        self.last_task = self.context.tasks.run(
            work, on_success=self.show_rows, on_failure=self._failed,
            title=self.tr("Inzage van het dossier laden"), parent=self, cancellable=False,
        )  # fmt: skip
        return self.last_task

    def show_rows(self, rows: list[DossierAccess]) -> None:
        self.model.set_rows(rows)
        if not rows:
            text = self.tr("Er is nog niets over dit dossier vastgelegd.")
        elif len(rows) >= DOSSIER_ACCESS_LIMIT:
            text = self.tr(
                "De nieuwste {n} keer dat iemand dit dossier inzag, wijzigde, afdrukte of "
                "exporteerde. Oudere regels ziet de beheerder in het toegangslog."
            ).format(n=len(rows))
        else:
            text = self.tr(
                "{n} keer heeft iemand dit dossier ingezien, gewijzigd, afgedrukt of "
                "geëxporteerd (nieuwste eerst). Ook dit overzicht wordt vastgelegd."
            ).format(n=len(rows))
        self.summary.setText(text)

    def _failed(self, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
        self.summary.setText(message)
        self.summary.setStyleSheet("color: #b00020;")
