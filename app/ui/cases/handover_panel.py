"""The chosen handover in detail: its data (contacts, due date, consent with how it was asked, sent
and received with the receiver's confirmation, override, risk signal), the checklist to tick off,
and the status history with who and when (the receipt's name and day as its note)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.handover import ConsentStatus, consent_method_text
from app.domain.wording import count
from app.services.cases.views import ContactInfo, HandoverInfo, StatusChangeInfo
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel
from app.ui.widgets.formatting import format_value

CHECK_ROLE = Qt.ItemDataRole.UserRole
MISSING_STYLE = "color: #b3261e;"


def _t(text: str) -> str:
    return QCoreApplication.translate("HandoverPanel", text)


def contact_text(contact: ContactInfo) -> str:
    lines = [p for p in (contact.organisation, contact.person) if p]
    reach = " · ".join(p for p in (contact.phone, contact.email) if p)
    return "\n".join(lines + ([reach] if reach else [])) or "—"


def due_text(h: HandoverInfo) -> str:
    due = format_value(h.due_on) or _t("nog niet bekend")
    rule = _t("met de hand gezet") if h.due_set_by_hand else h.due_rule
    late = _t(" — {n} te laat").format(n=count(h.days_overdue, "dag")) if h.days_overdue else ""
    return f"{due} ({rule}){late}"


def consent_text(h: HandoverInfo) -> str:
    text = h.consent.label
    if h.consent is not ConsentStatus.NIET_GEVRAAGD:
        text += _t(" op {date}").format(date=format_value(h.consent_on))
        how = consent_method_text(h.consent_method, h.consent_language)
        if how:
            text += f", {how}"
        text += _t(", vastgelegd door {who}").format(who=h.consent_recorded_by or "—")
        if h.consent_scope:
            text += f"\n{h.consent_scope}"
    return text


def sent_text(h: HandoverInfo) -> str:
    return format_value(h.sent_on) or "—"


def received_text(h: HandoverInfo) -> str:
    """Who confirmed receipt and when; "—" until then."""
    if not h.received_by and h.received_on is None:
        return "—"
    text = _t("{who} op {date}").format(who=h.received_by or "—", date=format_value(h.received_on))
    if h.received_reference:
        text += _t(" (kenmerk {ref})").format(ref=h.received_reference)
    return text


def override_text(h: HandoverInfo) -> str:
    if not h.override_reason:
        return "—"
    return _t("{reason} ({who}, {at})").format(
        reason=h.override_reason, who=h.override_by or "", at=format_value(h.override_at)
    )


def risk_text(h: HandoverInfo) -> str:
    if h.risk_category is None:
        return "—"
    urgency = h.risk_urgency.label.lower() if h.risk_urgency else "?"
    parts = [h.risk_category.label, _t("urgentie {u}").format(u=urgency)]
    if h.risk_receiver is not None:
        parts.append(_t("voor {r}").format(r=h.risk_receiver.label.lower()))
    if h.follow_up_owner or h.follow_up_on:
        when = format_value(h.follow_up_on)
        parts.append(_t("opvolging {who} {when}").format(who=h.follow_up_owner, when=when).strip())
    return ", ".join(parts)


def _step(change: StatusChangeInfo) -> str:
    if change.from_status is None:
        return _t("Aangemaakt ({s})").format(s=change.to_status.label)
    return f"{change.from_status.label} → {change.to_status.label}"


def _reason(change: StatusChangeInfo) -> str:
    if change.without_consent:
        return _t("ZONDER TOESTEMMING: {r}").format(r=change.reason)
    return change.reason


def history_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("at", _t("Wanneer"), kind="datetime"),
        ColumnSpec(_step, _t("Stap")),
        ColumnSpec(lambda c: c.by_name or c.by_login, _t("Door")),
        ColumnSpec(_reason, _t("Toelichting")),
    ]


class HandoverPanel(QSplitter):
    sig_check_toggled = Signal(object, bool)
    """The user ticked (True) or unticked a checklist item (its ``CheckInfo``)."""

    FACTS = (
        ("sender", "Afzender:"),
        ("receiver", "Ontvanger:"),
        ("due", "Uiterlijk:"),
        ("consent", "Toestemming:"),
        ("sent", "Verzonden op:"),
        ("received", "Ontvangen:"),
        ("override", "Zonder toestemming:"),
        ("risk", "Risicosignaal:"),
        ("note", "Opmerking:"),
        ("owner", "Eigenaar:"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.facts: dict[str, QLabel] = {}
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for key, text in self.FACTS:
            label = QLabel()
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[key] = label
            caption = QLabel(self.tr(text))
            # Captions sit at the top of their (multi-line) value, not in its middle.
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            form.addRow(caption, label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_widget)
        details = QGroupBox(self.tr("Gegevens"))
        QVBoxLayout(details).addWidget(scroll)

        self.checks = QListWidget()
        self.checks.itemChanged.connect(self._item_changed)
        self.history_model = RowTableModel(history_columns(), parent=self)
        self.history = DataTableView()
        self.history.setModel(self.history_model)
        self.history.setSortingEnabled(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        checklist = QGroupBox(self.tr("Checklist"))
        QVBoxLayout(checklist).addWidget(self.checks)
        history = QGroupBox(self.tr("Statusgeschiedenis"))
        QVBoxLayout(history).addWidget(self.history)
        right_layout.addWidget(checklist)
        right_layout.addWidget(history, 1)
        self.addWidget(details)
        self.addWidget(right)
        self.setSizes([540, 540])
        self.setChildrenCollapsible(False)

    def show_handover(self, h: HandoverInfo | None, *, writable: bool) -> None:
        self.checks.blockSignals(True)
        self.checks.clear()
        if h is None:
            for label in self.facts.values():
                label.setText("")
            self.history_model.set_rows([])
            self.checks.blockSignals(False)
            return
        self.facts["sender"].setText(contact_text(h.sender))
        self.facts["receiver"].setText(contact_text(h.receiver))
        self.facts["due"].setText(due_text(h))
        self.facts["consent"].setText(consent_text(h))
        self.facts["consent"].setStyleSheet(MISSING_STYLE if h.consent_missing else "")
        self.facts["sent"].setText(sent_text(h))
        self.facts["received"].setText(received_text(h))
        self.facts["override"].setText(override_text(h))
        self.facts["risk"].setText(risk_text(h))
        self.facts["note"].setText(h.note or "—")
        self.facts["owner"].setText(h.owner_name or h.assigned_to or h.created_by or "—")
        owner_login = h.assigned_to or h.created_by
        tip = _t("Inlognaam: {login}").format(login=owner_login) if owner_login else ""
        self.facts["owner"].setToolTip(tip)
        for check in h.checks:
            item = QListWidgetItem(check.text)
            item.setData(CHECK_ROLE, check)
            if check.done:
                item.setToolTip(self.tr("Afgevinkt op {date} door {who}").format(
                    date=format_value(check.done_on), who=check.done_by or "—"))  # fmt: skip
            flags = Qt.ItemFlag.ItemIsEnabled
            if writable and not h.status.final:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if check.done else Qt.CheckState.Unchecked)
            self.checks.addItem(item)
        self.checks.blockSignals(False)
        rows = max(1, self.checks.count())
        self.checks.setFixedHeight(
            rows * max(18, self.checks.sizeHintForRow(0)) + 2 * self.checks.frameWidth() + 4
        )
        self.history_model.set_rows(list(reversed(h.history)))  # newest first
        for column, width in enumerate((132, 175, 110)):
            self.history.setColumnWidth(column, width)

    def check_item(self, key: str) -> QListWidgetItem | None:
        """The checklist line of this item key (keyboard users tick with Space; tests use it)."""
        for n in range(self.checks.count()):
            item = self.checks.item(n)
            if item.data(CHECK_ROLE).key == key:
                return item
        return None

    @Slot(QListWidgetItem)
    def _item_changed(self, item: QListWidgetItem) -> None:
        check: Any = item.data(CHECK_ROLE)
        done = item.checkState() == Qt.CheckState.Checked
        if check is not None and done != check.done:
            self.sig_check_toggled.emit(check, done)
