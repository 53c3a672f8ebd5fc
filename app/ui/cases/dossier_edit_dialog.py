"""The dossier's own data: moving date (handover due dates follow it), address after the move,
expected nareizigers, and open/closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from app.domain.case_dossier import DossierStatus
from app.services.cases.views import DossierDetail
from app.ui.cases.fields import line_edit, optional_date, optional_date_edit, set_optional_date
from app.ui.cases.form_dialog import FormDialog

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle


def _t(text: str) -> str:
    return QCoreApplication.translate("DossierEditDialog", text)


class DossierEditDialog(FormDialog):
    def __init__(self, handle: DossierHandle, parent: QWidget, detail: DossierDetail) -> None:
        super().__init__(
            handle,
            parent,
            _t("Dossiergegevens wijzigen"),
            width=520,
            intro=_t(
                "Lopende overdrachten krijgen een nieuwe uiterste datum als de verhuisdatum verandert "
                "(behalve een datum die met de hand is gezet)."
            ),
        )
        self.detail = detail
        self.moving_date = optional_date_edit(None, self.tr("nog niet bekend"))
        self.moving_date.setFixedWidth(160)
        self.address = line_edit(200, placeholder=self.tr("straat, huisnummer, postcode en plaats"))
        self.followers = QSpinBox()
        self.followers.setRange(0, 99)
        self.followers.setFixedWidth(72)
        self.status = QComboBox()
        for status in DossierStatus:
            self.status.addItem(status.label, status.value)
        self.add_row(self.tr("&Verhuisdatum:"), "moving_date", self.moving_date)
        self.add_row(self.tr("&Adres na verhuizing:"), "address_after_move", self.address)
        self.add_row(
            self.tr("&Nareizigers verwacht:"),
            "expected_followers",
            self.followers,
            hint=self.tr("gezinsleden die later komen (gezinshereniging)"),
        )
        self.add_row(self.tr("&Status:"), "status", self.status)
        self.show_dossier(detail)

    def show_dossier(self, detail: DossierDetail) -> None:
        self.detail = detail
        set_optional_date(self.moving_date, detail.moving_date)
        self.address.setText(detail.address_after_move)
        self.followers.setValue(detail.expected_followers)
        self.status.setCurrentIndex(self.status.findData(detail.status.value))

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, DossierDetail):
            self.show_dossier(current)

    def accept(self) -> None:
        from app.services.cases.dossiers import DossierChanges, update_dossier

        changes = DossierChanges(
            moving_date=optional_date(self.moving_date),
            address_after_move=self.address.text(),
            expected_followers=self.followers.value(),
            status=DossierStatus(self.status.currentData()),
        )
        actor, detail = self.handle.actor, self.detail
        self.submit(
            lambda session: update_dossier(session, actor, detail.id, detail.version, changes),
            title=self.tr("Dossier opslaan"),
            success_text=self.tr("Dossiergegevens opgeslagen."),
        )
