"""New / edit woning: validates, saves through the service in the background, and on a conflict
shows the message and the fresh data instead of overwriting someone else's change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from app.db.models.board import DwellingKind, DwellingStatus
from app.errors import ConflictError, UserError, ValidationError
from app.services.board.dwellings import DwellingInfo, DwellingInput
from app.services.region import GemeenteInfo
from app.ui.a11y import name_fields
from app.ui.board.dwelling_form import DwellingForm
from app.ui.board.koppeling_form import from_qdate, to_qdate
from app.ui.context import AppContext
from app.ui.forms import set_field_errors


class DwellingDialog(QDialog):
    sig_saved = Signal(object)
    """The woning was saved; carries the fresh ``DwellingInfo``."""

    def __init__(
        self,
        context: AppContext,
        gemeenten: list[GemeenteInfo],
        dwelling: DwellingInfo | None = None,
        *,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.dwelling = dwelling
        self.saved: DwellingInfo | None = None
        self.form = DwellingForm()
        self.form.setup(self, gemeenten)
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)
        if dwelling is None:
            self.setWindowTitle(self.tr("Nieuwe woning"))
            self.form.status_label.setText(self.tr("Beschikbaar (na opslaan)"))
            own = context.actor.gemeente_code
            if own:
                self.form.gemeente.setCurrentIndex(max(0, self.form.gemeente.findData(own)))
        else:
            self.setWindowTitle(
                self.tr("Woning {corporation} {reference}").format(
                    corporation=dwelling.corporation, reference=dwelling.reference
                )
            )
            self.show_dwelling(dwelling)
        if read_only:
            for field in self.form.fields.values():
                field.setEnabled(False)
            for widget in (self.form.address, self.form.kind, self.form.accessible, self.form.ground_floor):
                widget.setEnabled(False)
            self.form.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        name_fields(self)  # labels whose fields sit in wrappers name them too

    def show_dwelling(self, info: DwellingInfo) -> None:
        """Fill the form with this (fresh) data; later saves expect its version."""
        form = self.form
        self.dwelling = info
        form.gemeente.setCurrentIndex(max(0, form.gemeente.findData(info.gemeente_code)))
        form.corporation.setText(info.corporation)
        form.reference.setText(info.reference)
        form.address.setText(info.address)
        form.kind.setCurrentIndex(max(0, form.kind.findData(info.kind.value)))
        form.bedrooms.setValue(info.bedrooms)
        form.max_occupants.setValue(info.max_occupants)
        form.rent.setValue(info.rent or 0.0)
        form.available_from.setDate(to_qdate(info.available_from))
        form.accessible.setChecked(info.accessible)
        form.ground_floor.setChecked(info.ground_floor)
        form.status_label.setText(info.status.label)
        form.reserved_label.setText(self._reserved_text(info))

    def _reserved_text(self, info: DwellingInfo) -> str:
        if not info.reserved_v_nummer:
            return "—"
        if info.status is DwellingStatus.TOEGEWEZEN:
            return self.tr("Toegewezen aan V-nummer {who}").format(who=info.reserved_text)
        return self.tr("Gereserveerd voor V-nummer {who}").format(who=info.reserved_text)

    def values(self) -> DwellingInput:
        form = self.form
        rent = form.rent.value()
        return DwellingInput(
            gemeente_code=form.gemeente.currentData() or "",
            corporation=form.corporation.text().strip(),
            reference=form.reference.text().strip(),
            kind=DwellingKind(form.kind.currentData()),
            bedrooms=form.bedrooms.value(),
            max_occupants=form.max_occupants.value(),
            available_from=from_qdate(form.available_from.date()),
            rent=round(rent, 2) if rent > 0 else None,
            address=form.address.text().strip(),
            accessible=form.accessible.isChecked(),
            ground_floor=form.ground_floor.isChecked(),
        )

    def validate(self) -> dict[str, str]:
        """The checks that need no database; the service repeats them and checks the rest."""
        data = self.values()
        errors: dict[str, str] = {}
        if not data.gemeente_code:
            errors["gemeente"] = self.tr("Kies de gemeente waarin de woning ligt.")
        if not data.corporation:
            errors["corporation"] = self.tr("Vul de corporatie in.")
        if not data.reference:
            errors["reference"] = self.tr("Vul het kenmerk van de corporatie in.")
        if data.max_occupants < 1:
            errors["max_occupants"] = self.tr("Er moet minstens één bewoner in kunnen.")
        set_field_errors(self.form.fields, errors)
        return errors

    def accept(self) -> None:
        """Validate here, then save through the service on a worker; close only when it worked."""
        self._show_message("")
        if self.validate():
            return
        data, actor, current = self.values(), self.context.actor, self.dwelling
        if current is None:
            from app.services.board.dwellings import create_dwelling

            def work(session: Any, _control: Any) -> DwellingInfo:
                return create_dwelling(session, actor, data)
        else:
            from app.services.board.dwellings import update_dwelling

            def work(session: Any, _control: Any) -> DwellingInfo:
                return update_dwelling(session, actor, current.id, current.version, data)

        self._set_busy(True)
        self.context.tasks.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            title=self.tr("Woning opslaan"),
            parent=self,
            cancellable=False,
        )

    def _saved(self, info: DwellingInfo) -> None:
        self._set_busy(False)
        self.saved = info
        self.sig_saved.emit(info)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            set_field_errors(self.form.fields, exc.fields)
            self._show_message(exc.message)
        elif isinstance(exc, ConflictError):
            self._show_message(exc.message)
            if isinstance(exc.current, DwellingInfo):
                self.show_dwelling(exc.current)
        elif isinstance(exc, UserError):
            self._show_message(exc.message)
        else:
            self._show_message(self.tr("Er ging iets onverwachts mis: {error}").format(error=exc))

    def _show_message(self, message: str) -> None:
        self.form.message.setText(message)
        self.form.message.setVisible(bool(message))

    def _set_busy(self, busy: bool) -> None:
        button = self.form.buttons.button(QDialogButtonBox.StandardButton.Save)
        if button is not None:
            button.setEnabled(not busy)
