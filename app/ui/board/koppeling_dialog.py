"""New / edit koppeling: validates, saves through the service in the background, and on a conflict
shows the message and the fresh data instead of overwriting someone else's change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QWidget

from app.domain.identifiers import IdentifierError, normalize_v_nummer
from app.errors import ConflictError, UserError, ValidationError
from app.services.board.koppelingen import KoppelingInfo, KoppelingInput
from app.services.region import GemeenteInfo
from app.ui.a11y import name_fields
from app.ui.board.koppeling_form import KoppelingForm, from_qdate, to_qdate
from app.ui.board.koppeling_model import deadline_text, host_name
from app.ui.context import AppContext
from app.ui.forms import set_field_errors
from app.ui.widgets.formatting import format_value


class KoppelingDialog(QDialog):
    sig_saved = Signal(object)
    """The koppeling was saved; carries the fresh ``KoppelingInfo``."""
    sig_dossier_created = Signal(int)
    """A dossier was made for this koppeling from the dialog; carries the koppeling id."""

    def __init__(
        self,
        context: AppContext,
        gemeenten: list[GemeenteInfo],
        koppeling: KoppelingInfo | None = None,
        *,
        read_only: bool = False,
        parent: QWidget | None = None,
        dossier_link: bool = True,
    ) -> None:
        """``dossier_link``: offer "Dossier openen / aanmaken" (not when opened from the dossier)."""
        super().__init__(parent)
        self.context = context
        self.koppeling = koppeling
        self.saved: KoppelingInfo | None = None
        self.form = KoppelingForm()
        self.form.setup(self, gemeenten)
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)
        self._add_host_row()
        self.dossier_button: QPushButton | None = None
        self.opener: Any = None  # the DossierOpener after the button was used (tests reach it)
        if dossier_link and koppeling is not None:
            self.dossier_button = self.form.buttons.addButton(
                self.tr("Dossier openen"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.dossier_button.setAutoDefault(False)
            self.dossier_button.clicked.connect(self.open_dossier)
        if koppeling is None:
            self.setWindowTitle(self.tr("Nieuwe koppeling"))
            own = context.actor.gemeente_code
            if own:
                self.form.gemeente.setCurrentIndex(max(0, self.form.gemeente.findData(own)))
        else:
            self.setWindowTitle(self.tr("Koppeling {v_nummer}").format(v_nummer=koppeling.v_nummer))
            self.show_koppeling(koppeling)
        if read_only:
            self._make_read_only()
        name_fields(self)  # labels whose fields sit in wrappers name them too

    @Slot()
    def open_dossier(self) -> Any:
        """Open the household's dossier, or create it after a confirmation (``board.links``)."""
        from app.services.board.views import KoppelingRow
        from app.ui.board.links import DossierOpener

        if not isinstance(self.koppeling, KoppelingRow):
            return None
        if self.opener is None:
            self.opener = DossierOpener(self.context, self)
            self.opener.sig_created.connect(lambda _kid: self._reload())
            self.opener.sig_created.connect(self.sig_dossier_created)
        return self.opener.open_for(self.koppeling)

    def _show_dossier_choice(self, info: KoppelingInfo) -> None:
        from app.services.board.views import KoppelingRow
        from app.ui.board.links import dossier_choice

        button = self.dossier_button
        if button is None:
            return
        if not isinstance(info, KoppelingRow):  # fresh data without links (after a conflict)
            return
        choice = dossier_choice(self.context.actor, info)
        button.setText(choice.text)
        button.setEnabled(choice.enabled)
        button.setToolTip(choice.tooltip)

    def _add_host_row(self) -> None:
        """'Huisvest:' under the status, shown only after a swap: who houses the household now."""
        info_form = self.form.info.layout()
        assert isinstance(info_form, QFormLayout)
        self.host_label = QLabel()
        self.host_label.setWordWrap(True)
        info_form.insertRow(1, self.tr("Huisvest:"), self.host_label)
        info_form.setRowVisible(self.host_label, False)

    def _show_host(self, info: KoppelingInfo) -> None:
        host = host_name(info)
        if host is not None:
            text = self.tr("{host} (uitruil): legt aanbod en verhuizing vast")
            self.host_label.setText(text.format(host=host))
        info_form = self.form.info.layout()
        assert isinstance(info_form, QFormLayout)
        info_form.setRowVisible(self.host_label, host is not None)

    def show_koppeling(self, info: KoppelingInfo) -> None:
        """Fill the form with this (fresh) data; later saves expect its version."""
        form = self.form
        self.koppeling = info
        form.v_nummer.setText(info.v_nummer)
        form.gemeente.setCurrentIndex(max(0, form.gemeente.findData(info.gemeente_code)))
        form.linked_on.setDate(to_qdate(info.linked_on))
        form.adults.setValue(info.adults)
        form.children.setValue(info.children)
        form.expected_followers.setValue(info.expected_followers)
        form.azc_location.setText(info.azc_location)
        form.languages.setText(info.languages)
        form.needs_accessible.setChecked(info.needs_accessible)
        form.needs_ground_floor.setChecked(info.needs_ground_floor)
        form.medical_proximity.setChecked(info.medical_proximity)
        form.notes.setPlainText(info.notes)
        form.info.setVisible(True)
        form.status_label.setText(info.status.label)
        form.deadline_label.setText(deadline_text(info))
        self._show_host(info)
        form.offered_label.setText(format_value(info.offered_on) or "—")
        dwelling = getattr(info, "dwelling_text", "")
        form.dwelling_label.setText(dwelling or "—")
        self._show_dossier_choice(info)
        housed = format_value(info.housed_on)
        if housed and info.housed_gemeente_name:
            housed = self.tr("{date} in {gemeente}").format(date=housed, gemeente=info.housed_gemeente_name)
        form.housed_label.setText(housed or "—")

    def _make_read_only(self) -> None:
        form = self.form
        for edit in (form.v_nummer, form.azc_location, form.languages):
            edit.setReadOnly(True)
        form.notes.setReadOnly(True)
        for widget in (
            form.gemeente,
            form.linked_on,
            form.adults,
            form.children,
            form.expected_followers,
            form.needs_accessible,
            form.needs_ground_floor,
            form.medical_proximity,
        ):
            widget.setEnabled(False)
        form.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

    def values(self) -> KoppelingInput:
        form = self.form
        return KoppelingInput(
            v_nummer=form.v_nummer.text().strip(),
            gemeente_code=form.gemeente.currentData() or "",
            linked_on=from_qdate(form.linked_on.date()),
            adults=form.adults.value(),
            children=form.children.value(),
            languages=form.languages.text(),
            azc_location=form.azc_location.text(),
            expected_followers=form.expected_followers.value(),
            needs_accessible=form.needs_accessible.isChecked(),
            needs_ground_floor=form.needs_ground_floor.isChecked(),
            medical_proximity=form.medical_proximity.isChecked(),
            notes=form.notes.toPlainText(),
        )

    def validate(self) -> dict[str, str]:
        """The checks that need no database; the service repeats them and checks the rest."""
        data = self.values()
        errors: dict[str, str] = {}
        if not data.v_nummer:
            errors["v_nummer"] = self.tr("Vul het V-nummer in.")
        else:
            try:
                normalize_v_nummer(data.v_nummer)
            except IdentifierError as exc:
                errors["v_nummer"] = str(exc)
        if not data.gemeente_code:
            errors["gemeente"] = self.tr("Kies de gemeente waaraan het huishouden gekoppeld is.")
        if data.adults < 1:
            errors["adults"] = self.tr("Een huishouden heeft minstens één volwassene.")
        self.show_errors(errors)
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        if "children" in errors:  # adults and children share one line
            errors["adults"] = " ".join(filter(None, (errors.get("adults"), errors.pop("children"))))
        set_field_errors(self.form.fields, errors)

    def accept(self) -> None:
        """Validate here, then save through the service on a worker; close only when it worked."""
        self._show_message("")
        if self.validate():
            return
        data, actor, current = self.values(), self.context.actor, self.koppeling
        if current is None:
            from app.services.board.koppelingen import create_koppeling

            def work(session: Any, _control: Any) -> KoppelingInfo:
                return create_koppeling(session, actor, data)
        else:
            from app.services.board.koppelingen import update_koppeling

            def work(session: Any, _control: Any) -> KoppelingInfo:
                return update_koppeling(session, actor, current.id, current.version, data)

        self._set_busy(True)
        self.context.tasks.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            title=self.tr("Koppeling opslaan"),
            parent=self,
            cancellable=False,
        )

    def _saved(self, info: KoppelingInfo) -> None:
        self._set_busy(False)
        self.saved = info
        self.sig_saved.emit(info)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.fields)
            self._show_message(exc.message)
        elif isinstance(exc, ConflictError):
            self._show_message(exc.message)
            if isinstance(exc.current, KoppelingInfo):
                self.show_koppeling(exc.current)
            else:
                self._reload()
        elif isinstance(exc, UserError):
            self._show_message(exc.message)
        else:
            self._show_message(self.tr("Er ging iets onverwachts mis: {error}").format(error=exc))

    def _reload(self) -> None:
        """Fetch the fresh row (after a conflict detected at commit time, or a new dossier)."""
        from app.services.board.views import get_koppeling_row

        if self.koppeling is None:
            return
        actor, koppeling_id = self.context.actor, self.koppeling.id
        self.context.tasks.run(
            lambda session, _control: get_koppeling_row(session, actor, koppeling_id),
            on_success=self.show_koppeling,
            parent=self,
            silent=True,
        )

    def _show_message(self, message: str) -> None:
        self.form.message.setText(message)
        self.form.message.setVisible(bool(message))

    def _set_busy(self, busy: bool) -> None:
        button = self.form.buttons.button(QDialogButtonBox.StandardButton.Save)
        if button is not None:
            button.setEnabled(not busy)
