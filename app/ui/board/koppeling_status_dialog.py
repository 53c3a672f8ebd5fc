"""Move a koppeling to another status: offer a dwelling (choose one + date), moved in (date),
lapsed, or back to linked. Only the changes the service allows (``TRANSITIONS``) are offered."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.db.models.board import DwellingStatus, KoppelingStatus
from app.domain.wording import bedrooms_short
from app.errors import ConflictError, UserError
from app.services.board.dwellings import DwellingInfo
from app.services.board.koppelingen import TRANSITIONS, KoppelingInfo
from app.ui.board.koppeling_form import date_edit, from_qdate, message_label
from app.ui.context import AppContext
from app.ui.forms import FieldWithError
from app.ui.widgets.formatting import format_value


def _t(text: str) -> str:
    return QCoreApplication.translate("KoppelingStatusDialog", text)


def action_title(status: KoppelingStatus) -> str:
    """The menu text for moving to ``status``."""
    return {
        KoppelingStatus.WONING_AANGEBODEN: _t("Woning aangeboden…"),
        KoppelingStatus.GEHUISVEST: _t("Verhuisd…"),
        KoppelingStatus.VERVALLEN: _t("Vervallen…"),
        KoppelingStatus.GEKOPPELD: _t("Terug naar gekoppeld…"),
        KoppelingStatus.UITGERUILD: _t("Uitgeruild"),
    }[status]


def allowed(info: KoppelingInfo | None, status: KoppelingStatus) -> bool:
    return info is not None and status in TRANSITIONS[info.status]


def dwelling_text(d: DwellingInfo) -> str:
    rooms = bedrooms_short(d.bedrooms)
    where = d.address or d.reference
    return (
        f"{d.corporation} · {where} · {d.kind.label} · {rooms} · {_t('per')} {format_value(d.available_from)}"
    )


class KoppelingStatusDialog(QDialog):
    sig_changed = Signal(object)
    """The status changed; carries the fresh ``KoppelingInfo``."""
    sig_refreshed = Signal(object)
    """Someone else changed the koppeling first; carries its fresh ``KoppelingInfo``."""

    def __init__(
        self, context: AppContext, info: KoppelingInfo, target: KoppelingStatus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.info = info
        self.target = target
        self.setWindowTitle(action_title(target).rstrip("…") + f" — {info.v_nummer}")
        self.setMinimumWidth(600)  # the dwelling's description is long
        self.intro = intro = QLabel(self._intro())
        intro.setWordWrap(True)
        form = QFormLayout()
        self.dwelling = QComboBox()
        self.dwelling.setMinimumContentsLength(40)
        self.dwelling_field = FieldWithError(self.dwelling)
        self.on = date_edit()
        self.on_field = FieldWithError(self.on)
        if target is KoppelingStatus.WONING_AANGEBODEN:
            self.dwelling.addItem(_t("Woningen laden…"), None)
            self.dwelling.setEnabled(False)
            form.addRow(_t("Woning:"), self.dwelling_field)
            form.addRow(_t("Aangeboden op:"), self.on_field)
        elif target is KoppelingStatus.GEHUISVEST:
            form.addRow(_t("Verhuisd op:"), self.on_field)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_t("Vastleggen"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("Annuleren"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if target is KoppelingStatus.WONING_AANGEBODEN:
            self._load_dwellings()

    def _host_name(self) -> str:
        """The municipality that houses the household: the host after a swap, else its own."""
        info = self.info
        if info.housed_gemeente_code and info.housed_gemeente_code != info.gemeente_code:
            return info.housed_gemeente_name or info.gemeente_name
        return info.gemeente_name

    def _intro(self) -> str:
        info = self.info
        size = _t("1 persoon") if info.persons == 1 else _t("{n} personen").format(n=info.persons)
        who = _t("Huishouden {v} ({size}), gekoppeld aan {g} op {d}.").format(
            v=info.v_nummer, size=size, g=info.gemeente_name, d=format_value(info.linked_on)
        )
        host = self._host_name()
        if host != info.gemeente_name:
            who += " " + _t("Door uitruil huisvest {h} dit huishouden.").format(h=host)
        what = {
            KoppelingStatus.WONING_AANGEBODEN: _t(
                "Kies een beschikbare woning in {g}; die wordt gereserveerd."
            ),
            KoppelingStatus.GEHUISVEST: _t(
                "Leg vast wanneer het huishouden verhuisd is; een gereserveerde "
                "woning wordt daarmee toegewezen."
            ),
            KoppelingStatus.VERVALLEN: _t("De koppeling vervalt; een gereserveerde woning komt weer vrij."),
            KoppelingStatus.GEKOPPELD: _t(
                "De koppeling gaat terug naar 'gekoppeld'; een gereserveerde woning komt weer vrij."
            ),
        }.get(self.target, "")
        return who + "\n" + what.format(g=host)

    def _load_dwellings(self) -> None:
        from app.services.board.dwellings import DwellingFilter, list_dwellings

        actor, code = self.context.actor, self.info.responsible_code  # the host's dwellings after a swap
        # The available dwellings, and the one already reserved for this household (a swap about a
        # dwelling reserves it when both agree): offering that one is the usual next step.
        statuses = (DwellingStatus.BESCHIKBAAR, DwellingStatus.GERESERVEERD)
        query = DwellingFilter(gemeente_code=code, statuses=statuses, limit=500)
        own = self.info.id

        def done(result: tuple[list[DwellingInfo], int]) -> None:
            found, _total = result
            rows = [r for r in found if r.status is DwellingStatus.BESCHIKBAAR or r.reserved_for_id == own]
            rows.sort(key=lambda r: r.reserved_for_id != own)  # the reserved one first
            self.dwelling.clear()
            for row in rows:
                mark = " · " + _t("al gereserveerd voor dit huishouden") if row.reserved_for_id == own else ""
                self.dwelling.addItem(dwelling_text(row) + mark, row.id)
            if not rows:
                self.dwelling.addItem(_t("— geen beschikbare woning in {g} —").format(g=self._host_name()))
            self.dwelling.setEnabled(bool(rows))

        self.load_task = self.context.tasks.run(
            lambda session, _control: list_dwellings(session, actor, query),
            on_success=done,
            parent=self,
            silent=True,
        )

    def chosen_date(self) -> date:
        return from_qdate(self.on.date())

    def validate(self) -> bool:
        self.dwelling_field.set_error(None)
        self.on_field.set_error(None)
        ok = True
        if self.target is KoppelingStatus.WONING_AANGEBODEN and self.dwelling.currentData() is None:
            self.dwelling_field.set_error(_t("Kies de woning die is aangeboden."))
            ok = False
        if self.target in (KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.GEHUISVEST):
            on = self.chosen_date()
            if on < self.info.linked_on:
                self.on_field.set_error(
                    _t("De datum ligt vóór de koppelingsdatum ({d}).").format(
                        d=format_value(self.info.linked_on)
                    )
                )
                ok = False
            elif on > date.today():
                self.on_field.set_error(_t("De datum ligt in de toekomst."))
                ok = False
        return ok

    def accept(self) -> None:
        from app.services.board.koppelingen import change_status

        self.message.setVisible(False)
        if not self.validate():
            return
        actor, info, target = self.context.actor, self.info, self.target
        dated = target in (KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.GEHUISVEST)
        on = self.chosen_date() if dated else max(date.today(), info.linked_on)
        dwelling_id = self.dwelling.currentData() if target is KoppelingStatus.WONING_AANGEBODEN else None

        def work(session: Any, _control: Any) -> KoppelingInfo:
            return change_status(
                session, actor, info.id, info.version, target, on=on, dwelling_id=dwelling_id
            )

        self.ok_button.setEnabled(False)
        self.context.tasks.run(
            work,
            on_success=self._done,
            on_failure=self._failed,
            title=_t("Status wijzigen"),
            parent=self,
            cancellable=False,
        )

    def _done(self, fresh: KoppelingInfo) -> None:
        self.sig_changed.emit(fresh)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        text = (
            exc.message
            if isinstance(exc, UserError)
            else _t("Er ging iets onverwachts mis: {e}").format(e=exc)
        )
        if isinstance(exc, ConflictError) and isinstance(exc.current, KoppelingInfo):
            self.info = exc.current  # the fresh data: a retry is then a deliberate choice
            self.sig_refreshed.emit(exc.current)
            if allowed(exc.current, self.target):
                text += " " + _t("Status nu: {s}. Kies Vastleggen om het toch te doen.").format(
                    s=exc.current.status.label
                )
            else:
                self.ok_button.setEnabled(False)
                text += " " + _t("Status nu: {s}; deze wijziging kan niet meer.").format(
                    s=exc.current.status.label
                )
        self.message.setText(text)
        self.message.setVisible(True)
