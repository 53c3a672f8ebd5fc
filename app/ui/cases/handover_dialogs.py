"""Dialogs of the warm handovers: a new or changed handover, a reason (refusal, withdrawal), and the
explicit override when personal data would go out without consent (which is logged). Consent and
receipt: ``app.ui.cases.consent_dialogs``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from app.domain.case_dossier import MemberRole
from app.domain.handover import (
    NOTE_LABEL,
    HandoverKind,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
    due_rule_text,
)
from app.services.cases.views import ContactInfo, HandoverInfo
from app.ui.cases.fields import (
    line_edit,
    optional_date,
    optional_date_edit,
    set_optional_date,
    text_box,
)
from app.ui.cases.form_dialog import FormDialog
from app.ui.forms import ERROR_STYLE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.cases.handovers import HandoverInput
    from app.ui.cases.handle import DossierHandle

WARNING_STYLE = ERROR_STYLE + " background: #fdecea; border-radius: 3px; padding: 6px 8px;"


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def _combo(items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    for text, value in items:
        combo.addItem(text, value)
    return combo


class HandoverDialog(FormDialog):
    """New handover, or change the contacts, due date, note and risk details of a running one."""

    def __init__(self, handle: DossierHandle, parent: QWidget, handover: HandoverInfo | None = None) -> None:
        title = (
            _t("HandoverDialog", "Nieuwe overdracht")
            if handover is None
            else _t("HandoverDialog", "Overdracht wijzigen")
        )
        super().__init__(handle, parent, title, width=760)
        self.handover = handover
        tr = self.tr
        self.kind = _combo([(k.label, k.value) for k in HandoverKind])
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.member = QComboBox()
        self.due_on = optional_date_edit(None, tr("volgens de regel"))
        self.due_on.setFixedWidth(160)
        self.rule = QLabel()
        self.rule.setStyleSheet("color: #5f6b76;")
        self.note = line_edit(300, placeholder=tr("bijv. bellen na 14:00, tolk Tigrinya"))
        self.add_row(tr("&Soort:"), "kind", self.kind)
        self.add_row(tr("&Voor:"), "member_id", self.member)
        self.add_row(tr("&Uiterlijk:"), "due_on", self.due_on, self.rule)
        self.add_row(tr("&Opmerking:"), "note", self.note, hint=tr(NOTE_LABEL))

        contacts = QHBoxLayout()
        self.sender_box = self._contact_box(tr("Afzender (AZC)"), "sender")
        self.receiver_box = self._contact_box(tr("Ontvanger (gemeente)"), "receiver")
        contacts.addWidget(self.sender_box[0])
        contacts.addWidget(self.receiver_box[0])
        self.extra.addLayout(contacts)

        self.risk_box = QGroupBox(tr("Risicosignaal (alleen de soort, geen medische details)"))
        risk = QFormLayout(self.risk_box)
        self.risk_category = _combo([(tr("— kies —"), None)] + [(c.label, c.value) for c in RiskCategory])
        self.risk_urgency = _combo([(tr("— kies —"), None)] + [(u.label, u.value) for u in RiskUrgency])
        self.risk_receiver = _combo([(tr("— kies —"), None)] + [(r.label, r.value) for r in RiskReceiver])
        self.follow_up_owner = line_edit(120, placeholder=tr("wie het signaal opvolgt"))
        self.follow_up_on = optional_date_edit(None, tr("geen datum"))
        self.add_row(tr("Soort signaal:"), "risk_category", self.risk_category, form=risk)
        self.add_row(tr("Urgentie:"), "risk_urgency", self.risk_urgency, form=risk)
        self.add_row(tr("Opvolging door:"), "risk_receiver", self.risk_receiver, form=risk)
        self.add_row(tr("Eigenaar opvolging:"), "follow_up_owner", self.follow_up_owner, form=risk)
        self.add_row(tr("Opvolgen vóór:"), "follow_up_on", self.follow_up_on, form=risk)
        self.extra.addWidget(self.risk_box)

        if handover is not None:
            self.show_handover(handover)
            self.kind.setEnabled(False)
        self._kind_changed()

    def _contact_box(self, title: str, prefix: str) -> tuple[QGroupBox, dict[str, Any]]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        edits = {
            "organisation": line_edit(120),
            "person": line_edit(120),
            "phone": line_edit(40, 180, "030-1234567"),
            "email": line_edit(200, placeholder="naam@organisatie.nl"),
        }
        org = self.add_row(self.tr("Organisatie:"), f"{prefix}_org", edits["organisation"], form=form)
        self.add_row(self.tr("Contactpersoon:"), None, edits["person"], form=form)
        self.alias(f"{prefix}_person", org)
        self.add_row(self.tr("Telefoon:"), f"{prefix}_phone", edits["phone"], form=form)
        self.add_row(self.tr("E-mail:"), f"{prefix}_email", edits["email"], form=form)
        return box, edits

    def _kind_changed(self) -> None:
        kind = HandoverKind(self.kind.currentData())
        detail = self.handle.detail()
        members = detail.members if detail else ()
        wanted = self.member.currentData()
        self.member.clear()
        if kind is HandoverKind.JGZ:
            for m in members:
                if m.role is MemberRole.KIND:
                    self.member.addItem(m.name, m.id)
        elif kind is HandoverKind.RISK_SIGNAL:
            self.member.addItem(self.tr("Het hele huishouden"), None)
            for m in members:
                self.member.addItem(m.name, m.id)
        else:
            self.member.addItem(self.tr("Het hele huishouden"), None)
        self.member.setEnabled(self.member.count() > 1 or kind is HandoverKind.JGZ)
        if wanted is not None and self.member.findData(wanted) >= 0:
            self.member.setCurrentIndex(self.member.findData(wanted))
        self.risk_box.setVisible(kind is HandoverKind.RISK_SIGNAL)
        self.rule.setText(self.tr("regel: {rule}").format(rule=due_rule_text(kind)))
        if self.handover is None and not self.sender_box[1]["organisation"].text():
            self.sender_box[1]["organisation"].setPlaceholderText(kind.default_sender)
        self.adjustSize()

    def show_handover(self, h: HandoverInfo) -> None:
        self.handover = h
        self.kind.setCurrentIndex(self.kind.findData(h.kind.value))
        self._kind_changed()
        self.member.setCurrentIndex(max(0, self.member.findData(h.member_id)))
        set_optional_date(self.due_on, h.due_on)
        self.note.setText(h.note)
        for (_box, edits), contact in ((self.sender_box, h.sender), (self.receiver_box, h.receiver)):
            for key, edit in edits.items():
                edit.setText(getattr(contact, key))
        for combo, value in (
            (self.risk_category, h.risk_category),
            (self.risk_urgency, h.risk_urgency),
            (self.risk_receiver, h.risk_receiver),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value.value if value else None)))
        self.follow_up_owner.setText(h.follow_up_owner)
        set_optional_date(self.follow_up_on, h.follow_up_on)

    def on_conflict(self, current: Any) -> None:
        if isinstance(current, HandoverInfo):
            self.show_handover(current)

    def values(self) -> HandoverInput:
        from app.services.cases.handovers import HandoverInput

        def contact(edits: dict[str, Any]) -> ContactInfo:
            return ContactInfo(**{key: edit.text() for key, edit in edits.items()})

        def pick(combo: QComboBox, enum: Any) -> Any:
            return enum(combo.currentData()) if combo.currentData() else None

        return HandoverInput(
            kind=HandoverKind(self.kind.currentData()),
            member_id=self.member.currentData(),
            sender=contact(self.sender_box[1]),
            receiver=contact(self.receiver_box[1]),
            due_on=optional_date(self.due_on),
            note=self.note.text(),
            risk_category=pick(self.risk_category, RiskCategory),
            risk_urgency=pick(self.risk_urgency, RiskUrgency),
            risk_receiver=pick(self.risk_receiver, RiskReceiver),
            follow_up_owner=self.follow_up_owner.text(),
            follow_up_on=optional_date(self.follow_up_on),
        )

    def accept(self) -> None:
        from app.services.cases import handovers as ho

        data, actor, h, did = self.values(), self.handle.actor, self.handover, self.handle.dossier_id
        if h is None:
            self.submit(
                lambda session: ho.create_handover(session, actor, did, data),
                title=self.tr("Overdracht aanmaken"),
                success_text=self.tr("Overdracht {kind} aangemaakt.").format(kind=data.kind.label),
            )
        else:
            self.submit(
                lambda session: ho.update_handover(session, actor, h.id, h.version, data),
                title=self.tr("Overdracht opslaan"),
                success_text=self.tr("Overdracht opgeslagen."),
            )


class ReasonDialog(FormDialog):
    """A reason for a step (refusal needs one; a withdrawal may have one); ``work(session, reason)``."""

    def __init__(
        self,
        handle: DossierHandle,
        parent: QWidget,
        title: str,
        intro: str,
        ok_text: str,
        *,
        required: bool,
        work: Callable[[Session, str], Any],
        success_text: str,
    ) -> None:
        super().__init__(handle, parent, title, intro=intro, width=480)
        self.required = required
        self.work = work
        self.success_text = success_text
        self.reason = text_box(70)
        self.add_row(self.tr("&Reden:"), "reason", self.reason)
        self.alias("status", self.fields["reason"])
        self.set_ok_text(ok_text)
        self.reason.setFocus()

    def accept(self) -> None:
        reason = self.reason.toPlainText().strip()
        if self.required and self.show_local_errors(
            {"reason": self.tr("Geef de reden op.")} if not reason else {}
        ):
            return
        self.submit(
            lambda session: self.work(session, reason),
            title=self.windowTitle(),
            success_text=self.success_text,
        )


class OverrideDialog(FormDialog):
    """Going on without consent: says why it is refused, that going on is logged, and needs a reason.

    With ``work`` the step runs here (``work(session, reason)``); without, the dialog only closes and
    leaves the reason in ``reason_text`` for the caller (printing asks for the file next)."""

    def __init__(
        self,
        handle: DossierHandle,
        parent: QWidget,
        title: str,
        refusal: str,
        ok_text: str,
        *,
        work: Callable[[Session, str], Any] | None = None,
        success_text: str = "",
        reason: str = "",
    ) -> None:
        super().__init__(handle, parent, title, width=560)
        self.work = work
        self.success_text = success_text
        self.reason_text = ""
        self.refusal = QLabel(refusal)
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(WARNING_STYLE)
        self.top.addWidget(self.refusal)
        self.logged = QLabel(
            self.tr(
                "Gaat u toch door zonder toestemming, dan worden uw naam, het tijdstip en de reden "
                "vastgelegd in het logboek en bij de overdracht."
            )
        )
        self.logged.setWordWrap(True)
        self.top.addWidget(self.logged)
        self.reason = text_box(70)
        self.reason.setPlainText(reason)
        self.add_row(self.tr("&Reden:"), "override_reason", self.reason)
        self.alias("reason", self.fields["override_reason"])
        self.set_ok_text(ok_text)
        self.reason.setFocus()

    def accept(self) -> None:
        reason = self.reason.toPlainText().strip()
        errors = (
            {}
            if reason
            else {"override_reason": self.tr("Geef de reden op waarom het zonder toestemming moet.")}
        )
        if self.show_local_errors(errors):
            return
        self.reason_text = reason
        if self.work is None:
            self.result_value = reason
            super(FormDialog, self).accept()
            return
        work = self.work
        self.submit(
            lambda session: work(session, reason), title=self.windowTitle(), success_text=self.success_text
        )
