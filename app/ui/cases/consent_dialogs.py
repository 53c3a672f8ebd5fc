"""Consent and receipt of a warm handover, both asked explicitly.

Consent: no answer is chosen beforehand (Enter alone records nothing); an answer needs the day it
was given — an empty date the user sets, never silently today — and how it was asked (in a
conversation, with an interpreter and its language, by phone). Receipt: the receiver's name and
the day it arrived (not before sending), and their reference if they gave one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QWidget,
)

from app.domain.handover import (
    DEFAULT_SCOPE,
    ConsentMethod,
    ConsentStatus,
    Receipt,
    consent_errors,
    receipt_errors,
)
from app.domain.timefmt import date_text, local
from app.services.cases.views import HandoverInfo
from app.ui.cases.fields import line_edit, optional_date, set_optional_date, text_box
from app.ui.cases.form_dialog import FormDialog

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle

PICK_DATE = "kies de datum"


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def picked_date_edit(earliest: date | None, empty_text: str) -> QDateEdit:
    """An empty date field for a day between ``earliest`` and today: its lowest value (the day
    before ``earliest``) shows ``empty_text`` and means "not chosen", so the calendar opens near the
    days that are allowed rather than in 1900."""
    edit = QDateEdit()
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setCalendarPopup(True)
    edit.setFixedWidth(150)
    low = (earliest or date.today() - timedelta(days=3 * 365)) - timedelta(days=1)
    edit.setMinimumDate(_qdate(low))
    edit.setMaximumDate(QDate.currentDate())
    edit.setSpecialValueText(empty_text)
    set_optional_date(edit, None)
    return edit


def _today_button(edit: QDateEdit) -> QPushButton:
    button = QPushButton(_t("ConsentDialog", "Vandaag"))
    button.setToolTip(_t("ConsentDialog", "Zet de datum op vandaag"))
    button.setAutoDefault(False)  # Enter in the dialog must not pick today
    button.clicked.connect(lambda: edit.setDate(QDate.currentDate()))
    return button


def _radio_row(items: list[tuple[Any, str]], on_toggle: Any) -> tuple[QGroupBox, dict[Any, QRadioButton]]:
    """Radio buttons in a borderless box, none of them checked."""
    holder = QGroupBox()
    holder.setFlat(True)
    holder.setStyleSheet("QGroupBox { border: none; margin: 0; padding: 0; }")
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(holder)
    buttons: dict[Any, QRadioButton] = {}
    for value, text in items:
        button = QRadioButton(text)
        button.toggled.connect(on_toggle)
        group.addButton(button)
        buttons[value] = button
        row.addWidget(button)
    row.addStretch(1)
    return holder, buttons


def dossier_start(handle: DossierHandle) -> date | None:
    """The first day the dossier stands for (as the service checks it): linking, or entry if earlier."""
    detail = handle.detail()
    if detail is None:
        return None
    entered = local(detail.created_at).date()
    return min(detail.linked_on, entered) if detail.linked_on else entered


class ConsentDialog(FormDialog):
    """Record the client's answer: given, refused or not asked; the day, how, and what it covers."""

    def __init__(self, handle: DossierHandle, parent: QWidget, handover: HandoverInfo) -> None:
        intro = _t(
            "ConsentDialog", "Toestemming van de cliënt voor: {kind}{who}. Vastgelegd door: {me}."
        ).format(
            kind=handover.kind.label,
            who=f" ({handover.member_name})" if handover.member_name else "",
            me=handle.actor.name,
        )
        if handover.consent is not ConsentStatus.NIET_GEVRAAGD:
            intro += " " + _t("ConsentDialog", "Nu vastgelegd: {c} op {d}.").format(
                c=handover.consent.label.lower(), d=date_text(handover.consent_on) or "?"
            )
        super().__init__(
            handle, parent, _t("ConsentDialog", "Toestemming vastleggen"), width=620, intro=intro
        )
        self.handover = handover
        self.earliest = dossier_start(handle)
        tr = self.tr
        answer_box, self.choices = _radio_row(
            [
                (ConsentStatus.GEGEVEN, tr("&Gegeven")),
                (ConsentStatus.GEWEIGERD, tr("Ge&weigerd")),
                (ConsentStatus.NIET_GEVRAAGD, tr("&Niet gevraagd")),
            ],
            self._toggled,
        )
        self.consent_on = picked_date_edit(self.earliest, tr(PICK_DATE))
        self.today = _today_button(self.consent_on)
        method_box, self.methods = _radio_row(
            [
                (ConsentMethod.IN_PERSON, tr("In een &gesprek")),
                (ConsentMethod.INTERPRETER, tr("Met een &tolk")),
                (ConsentMethod.PHONE, tr("Tele&fonisch")),
            ],
            self._toggled,
        )
        self.language = line_edit(60, 220, tr("bijv. Tigrinya"))
        self.scope = text_box(56)
        self.scope.setPlaceholderText(DEFAULT_SCOPE[handover.kind])
        self.add_row(tr("Antwoord:"), "consent", answer_box)
        self.add_row(
            tr("&Datum:"), "consent_on", self.consent_on, self.today, hint=tr("de dag van het antwoord")
        )
        self.add_row(tr("Gevraagd:"), "consent_method", method_box)
        self.add_row(tr("Taal &tolk:"), "consent_language", self.language)
        self.add_row(
            tr("&Waarvoor:"),
            "consent_scope",
            self.scope,
            hint=tr("leeg: de gebruikelijke omschrijving hierboven"),
        )
        self.set_ok_text(tr("Vastleggen"))
        if handover.consent_scope and handover.consent_scope != DEFAULT_SCOPE[handover.kind]:
            self.scope.setPlainText(handover.consent_scope)
        self._toggled()

    def _toggled(self) -> None:
        if self.chosen() is not None and "consent" in self.fields:
            self.fields["consent"].set_error(None)  # answered: the "choose" message is done
        answered = self.chosen() not in (None, ConsentStatus.NIET_GEVRAAGD)
        for widget in (self.consent_on, self.today, self.scope, *self.methods.values()):
            widget.setEnabled(answered)
        self.language.setEnabled(answered and self.method() is ConsentMethod.INTERPRETER)

    def show_handover(self, h: HandoverInfo) -> None:
        self.handover = h

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, HandoverInfo):
            self.show_handover(current)

    def chosen(self) -> ConsentStatus | None:
        return next((s for s, b in getattr(self, "choices", {}).items() if b.isChecked()), None)

    def method(self) -> ConsentMethod | None:
        return next((m for m, b in getattr(self, "methods", {}).items() if b.isChecked()), None)

    def accept(self) -> None:
        from app.services.cases.handovers import record_consent

        consent, day, method = self.chosen(), optional_date(self.consent_on), self.method()
        language, scope = self.language.text(), self.scope.toPlainText()
        errors = consent_errors(consent, day, method, language, today=date.today(), earliest=self.earliest)
        if self.show_local_errors(errors):
            return
        assert consent is not None
        actor, h = self.handle.actor, self.handover
        self.submit(
            lambda session: record_consent(
                session,
                actor,
                h.id,
                h.version,
                consent,
                on=day,
                method=method,
                language=language,
                scope=scope,
            ),
            title=self.tr("Toestemming vastleggen"),
            success_text=self.tr("Toestemming vastgelegd: {c}.").format(c=consent.label.lower()),
        )


class ReceiptDialog(FormDialog):
    """The receiver confirmed: who received it and on which day (required), their reference."""

    def __init__(self, handle: DossierHandle, parent: QWidget, handover: HandoverInfo) -> None:
        receiver = handover.receiver.organisation or _t("ReceiptDialog", "de ontvanger")
        intro = _t(
            "ReceiptDialog",
            "Leg vast dat {receiver} de overdracht {kind}{who} heeft ontvangen, zoals de ontvanger het "
            "bevestigt (bijvoorbeeld met de ontvangstbevestiging uit het pakket).",
        ).format(
            receiver=receiver,
            kind=handover.kind.label,
            who=f" ({handover.member_name})" if handover.member_name else "",
        )
        if handover.sent_on:
            intro += " " + _t("ReceiptDialog", "Verzonden op {d}.").format(d=date_text(handover.sent_on))
        super().__init__(handle, parent, _t("ReceiptDialog", "Ontvangst vastleggen"), width=560, intro=intro)
        self.handover = handover
        tr = self.tr
        contact = handover.receiver.person
        self.received_by = line_edit(
            120,
            placeholder=tr("naam van wie het ontving") + (f" (contactpersoon: {contact})" if contact else ""),
        )
        self.received_on = picked_date_edit(handover.sent_on, tr(PICK_DATE))
        self.today = _today_button(self.received_on)
        self.reference = line_edit(120, 240, tr("als de ontvanger er een gaf"))
        self.add_row(tr("Ontvangen &door:"), "received_by", self.received_by)
        self.add_row(tr("&Datum ontvangst:"), "received_on", self.received_on, self.today)
        self.add_row(
            tr("&Kenmerk ontvanger:"), "received_reference", self.reference, hint=tr("niet verplicht")
        )
        self.set_ok_text(tr("Ontvangst vastleggen"))
        self.received_by.setFocus()

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, HandoverInfo):
            self.handover = current

    def values(self) -> Receipt:
        return Receipt(self.received_by.text(), optional_date(self.received_on), self.reference.text())

    def accept(self) -> None:
        from app.services.cases.handovers import record_receipt

        receipt = self.values()
        errors = receipt_errors(receipt, sent_on=self.handover.sent_on, today=date.today())
        if self.show_local_errors(errors):
            return
        actor, h = self.handle.actor, self.handover
        self.submit(
            lambda session: record_receipt(session, actor, h.id, h.version, receipt),
            title=self.tr("Ontvangst vastleggen"),
            success_text=self.tr("Ontvangst vastgelegd: {who}, {day}.").format(
                who=receipt.received_by.strip(), day=date_text(receipt.received_on)
            ),
        )
