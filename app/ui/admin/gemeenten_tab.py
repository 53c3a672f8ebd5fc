"""Beheer → Gemeenten (regio-coördinator, beheerder): each municipality's general phone number and
e-mail address, which the handover packs print under "Wie kunt u bellen?". Region data: the service
(app.services.region.update_gemeente_contact) checks the rights, the form and the version."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.contact import EMAIL_MAX, PHONE_MAX
from app.services.region import GemeenteInfo
from app.ui.context import AppContext
from app.ui.forms import FieldWithError, set_field_errors
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel


def _t(text: str) -> str:
    return text


def gemeente_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("name", _t("Gemeente")),
        ColumnSpec("cbs_code", _t("CBS-code")),
        ColumnSpec(lambda g: g.phone or "—", _t("Telefoon")),
        ColumnSpec(lambda g: g.email or "—", _t("E-mail")),
    ]


class GemeentenTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False
        self.current: GemeenteInfo | None = None

        explain = QLabel(
            self.tr(
                "Het algemene telefoonnummer en e-mailadres van elke gemeente. Ze staan op de "
                "overdrachtspakketten onder 'Wie kunt u bellen?', naast de naam en het nummer van wie het "
                "pakket afdrukt."
            )
        )
        explain.setWordWrap(True)
        self.model = RowTableModel(gemeente_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Gemeenten met telefoon en e-mail"))
        self.table.sig_selection_changed.connect(self._selected)

        self.phone = QLineEdit()
        self.phone.setMaxLength(PHONE_MAX)
        self.phone.setPlaceholderText(self.tr("bijvoorbeeld 14 030 of 030 286 00 00"))
        self.phone.setAccessibleName(self.tr("Telefoon van de gemeente"))
        self.phone_field = FieldWithError(self.phone)
        self.email = QLineEdit()
        self.email.setMaxLength(EMAIL_MAX)
        self.email.setPlaceholderText(self.tr("bijvoorbeeld info@gemeente.nl"))
        self.email.setAccessibleName(self.tr("E-mail van de gemeente"))
        self.email_field = FieldWithError(self.email)
        self.save_button = QPushButton(self.tr("Opslaan"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.editor = QGroupBox(self.tr("Kies een gemeente in de lijst"))
        form = QFormLayout(self.editor)
        form.addRow(self.tr("&Telefoon:"), self.phone_field)
        form.addRow(self.tr("&E-mail:"), self.email_field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.editor.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(explain)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.editor)

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {"phone": self.phone_field, "email": self.email_field}

    @Slot()
    def load(self, select_id: int | None = None) -> None:
        from app.services.region import list_gemeenten

        self.loaded = True
        actor = self.context.actor

        def work(session: Any, _control: Any) -> list[GemeenteInfo]:
            return list_gemeenten(session, actor)

        def done(rows: list[GemeenteInfo]) -> None:
            self.model.set_rows(rows)
            if select_id is not None:
                self.table.select_row(lambda g: g.id == select_id)

        self.context.tasks.run(work, on_success=done, title=self.tr("Gemeenten laden"), parent=self)

    @Slot()
    def _selected(self) -> None:
        row = self.table.current_row()
        before = self.current.id if self.current is not None else None
        self.current = row if isinstance(row, GemeenteInfo) else None
        self.editor.setEnabled(self.current is not None)
        set_field_errors(self.fields, {})
        if self.current is None:
            self.editor.setTitle(self.tr("Kies een gemeente in de lijst"))
            return
        self.editor.setTitle(self.tr("Contactgegevens van {name}").format(name=self.current.name))
        self.phone.setText(self.current.phone)
        self.email.setText(self.current.email)
        if self.current.id != before:  # the same row reloaded after saving keeps its "Opgeslagen."
            self.message.clear()

    @Slot()
    def save(self) -> None:
        from app.services.region import update_gemeente_contact
        from app.services.users import contact_errors

        row = self.current
        if row is None:
            return
        phone, email = self.phone.text().strip(), self.email.text().strip()
        errors = contact_errors(phone, email)
        set_field_errors(self.fields, errors)
        if errors:
            self.message.setText(self.tr("Verbeter de rood gemarkeerde velden."))
            return
        actor = self.context.actor

        def work(session: Any, _control: Any) -> GemeenteInfo:
            return update_gemeente_contact(session, actor, row.id, row.version, phone=phone, email=email)

        def done(info: GemeenteInfo) -> None:
            self.message.setText(self.tr("Opgeslagen."))
            self.context.show_status(self.tr("Contactgegevens van {name} opgeslagen.").format(name=info.name))
            self.load(select_id=info.id)

        def failed(exc: BaseException) -> None:
            set_field_errors(self.fields, getattr(exc, "fields", {}) or {})
            self.message.setText(getattr(exc, "message", str(exc)))

        self.context.tasks.run(
            work, on_success=done, on_failure=failed, title=self.tr("Contactgegevens opslaan"), parent=self
        )
