"""Doorverwijzingen: the household's referrals to volunteer initiatives. The list on top (initiative,
for whom, status, consent, whether the program asks something); below, the chosen referral's story.
The buttons refer (with the "voor dit huishouden" search), change the status, record consent, answer
the program's question and open the initiative (when the directory offers that link).

The referrals come with the dossier (``DossierDetail.referrals``, read and logged with it), so the
list is fresh after every change made in the window.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.domain.handover import ConsentStatus, consent_method_text
from app.domain.timefmt import date_text
from app.ui.cases.columns import OVERDUE_COLOR
from app.ui.contrast import LATE_MARK, tint
from app.ui.fonts import pt
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.services.cases.views import DossierDetail
    from app.services.directory.referrals import ReferralInfo
    from app.ui.cases.handle import DossierHandle
    from app.ui.context import AppContext


def _t(text: str) -> str:
    return QCoreApplication.translate("ReferralsTab", text)


def _since(r: ReferralInfo) -> date:
    return r.ended_on or r.started_on or r.registered_on or r.proposed_on


def referral_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("initiative_name", _t("Initiatief")),
        ColumnSpec("members_text", _t("Voor")),
        ColumnSpec(lambda r: r.status.label, _t("Status")),
        ColumnSpec(_since, _t("Sinds"), kind="date"),
        ColumnSpec(lambda r: r.consent.label, _t("Toestemming")),
        ColumnSpec(lambda r: r.reason_label, _t("Reden")),
        ColumnSpec(lambda r: f"{LATE_MARK} {r.follow_up.question}" if r.follow_up else "", _t("Navragen")),
    ]


class ReferralModel(RowTableModel):
    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and self.row_at(index.row()).follow_up:
            return tint(OVERDUE_COLOR)  # the row also says it in words (none under high contrast)
        return super().data(index, role)


class ReferralsTab(QWidget):
    def __init__(self, handle: DossierHandle, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle = handle
        self.context = context
        self.referrals: list[ReferralInfo] = []
        self.current_id: int | None = None
        self.dialog: Any = None  # the dialog opened last (tests and screenshots reach it here)
        self.link: Any = None  # what "Initiatief tonen" opened
        tr = self.tr
        self.model = ReferralModel(referral_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sig_selection_changed.connect(self._selected)
        self.table.set_empty_state(
            tr("Nog geen doorverwijzingen. Verwijs gezinsleden naar een initiatief met Doorverwijzen.")
        )
        self.refer_button = QPushButton(tr("&Doorverwijzen…"))
        self.refer_button.setToolTip(tr("Gezinsleden doorverwijzen naar een vrijwilligersinitiatief"))
        self.refer_button.clicked.connect(self.refer)
        self.status_button = QPushButton(tr("&Status wijzigen…"))
        self.status_button.clicked.connect(self.change_status)
        self.consent_button = QPushButton(tr("&Toestemming vastleggen…"))
        self.consent_button.clicked.connect(self.record_consent)
        self.follow_up_button = QPushButton(tr("&Navraag beantwoorden…"))
        self.follow_up_button.setToolTip(tr("Is het gestart? Loopt het nog? Of nog geen nieuws"))
        self.follow_up_button.clicked.connect(self.answer_follow_up)
        self.initiative_button = QPushButton(tr("Initiatief &bekijken"))
        self.initiative_button.clicked.connect(self.show_initiative)
        from app.ui.context import LINKS

        self.initiative_button.setVisible("initiative" in LINKS)
        for button in (self.refer_button, self.status_button, self.consent_button, self.follow_up_button):
            button.setVisible(handle.can_write)
        self.empty = QLabel(
            tr(
                "Nog geen doorverwijzingen. Kies ‘Doorverwijzen…’ om gezinsleden naar een "
                "initiatief te verwijzen."
            )
        )
        self.empty.setStyleSheet("color: #5f6b76;")
        self.title = QLabel()
        self.title.setStyleSheet(f"font-weight: 600; font-size: {pt(1.1)};")
        self.story = QLabel()
        self.story.setWordWrap(True)
        self.story.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.story.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(self.refer_button)
        top.addWidget(self.empty)
        top.addStretch(1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table)
        actions = QHBoxLayout()
        for button in (
            self.status_button,
            self.follow_up_button,
            self.consent_button,
            self.initiative_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.detail_box = QWidget()
        lower = QVBoxLayout(self.detail_box)
        lower.setContentsMargins(0, 4, 0, 0)
        lower.addWidget(self.title)
        lower.addLayout(actions)
        lower.addWidget(self.story, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.detail_box)
        splitter.setSizes([220, 300])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(splitter)
        self._show(None)

    # -- loading and showing -------------------------------------------------------------------

    def show_detail(self, detail: DossierDetail) -> None:
        """The referrals come with the dossier (its one logged read), fresh after every change."""
        self.show_referrals(list(detail.referrals))

    def show_referrals(self, referrals: list[ReferralInfo]) -> None:
        keep = self.current_id
        self.referrals = referrals
        self.model.set_rows(referrals)
        self.table.fit_columns()
        self.empty.setVisible(not referrals)
        if (keep is None or not self.table.select_row(lambda r: r.id == keep)) and referrals:
            self.table.selectRow(0)
        self._selected()

    def show_when_loaded(self, referral_id: int) -> None:
        """Select this referral now, or as soon as the list is (re)loaded."""
        self.current_id = referral_id  # ``show_referrals`` keeps it selected when the list arrives
        self.select(referral_id)

    def current(self) -> ReferralInfo | None:
        return self.table.current_row()

    def select(self, referral_id: int) -> bool:
        return self.table.select_row(lambda r: r.id == referral_id)

    @Slot()
    def _selected(self) -> None:
        r = self.current()
        self.current_id = r.id if r else None
        self._show(r)

    def _show(self, r: ReferralInfo | None) -> None:
        tr = self.tr
        self.detail_box.setEnabled(r is not None)
        open_ = r is not None and not r.status.ended
        self.status_button.setEnabled(open_)
        self.consent_button.setEnabled(open_)
        self.follow_up_button.setEnabled(r is not None and r.follow_up is not None)
        self.initiative_button.setEnabled(r is not None)
        if r is None:
            self.title.setText(tr("Geen doorverwijzing gekozen"))
            self.story.setText("")
            return
        self.title.setText(f"{r.initiative_name} — {r.members_text} · {tr('Status')}: {r.status.label}")
        lines = []
        if r.follow_up is not None:
            lines.append(f"<b style='color:#8a5a00'>{r.follow_up.question}</b>")
        how = consent_method_text(r.consent_method, r.consent_language)
        consent = tr("Toestemming: {c}").format(c=r.consent.label.lower())
        if r.consent is not ConsentStatus.NIET_GEVRAAGD:
            consent += f" ({date_text(r.consent_on)}" + (f", {how}" if how else "") + ")"
        lines.append(consent)
        if r.organisation:
            lines.append(tr("Organisatie: {o}").format(o=r.organisation))
        lines.append(
            tr("Doorverwezen door {who} op {day}").format(
                who=r.referred_by_name or r.referred_by, day=date_text(r.proposed_on)
            )
        )
        if r.note:
            lines.append(tr("Opmerking: {n}").format(n=r.note))
        for h in r.history:
            step = (
                h.to_status.label if h.from_status is None else f"{h.from_status.label} → {h.to_status.label}"
            )
            why = f" — {h.reason.label}" + (f": {h.reason_text}" if h.reason_text else "") if h.reason else ""
            lines.append(f"{date_text(h.on)} · {step}{why} ({h.by_name})")
        self.story.setText("<br>".join(lines))

    # -- actions -------------------------------------------------------------------------------

    def _open(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def refer(self) -> Any:
        from app.ui.cases.referral_dialogs import ReferDialog

        if not self.handle.can_write or self.handle.detail() is None:
            return None
        return self._open(ReferDialog(self.handle, self.context, self.window()))

    @Slot()
    def change_status(self) -> Any:
        from app.ui.cases.referral_dialogs import ReferralStatusDialog

        r = self.current()
        if r is None or r.status.ended or not self.handle.can_write:
            return None
        return self._open(ReferralStatusDialog(self.handle, self.window(), r))

    @Slot()
    def record_consent(self) -> Any:
        from app.ui.cases.referral_dialogs import ReferralConsentDialog

        r = self.current()
        if r is None or r.status.ended or not self.handle.can_write:
            return None
        return self._open(ReferralConsentDialog(self.handle, self.window(), r))

    @Slot()
    def answer_follow_up(self) -> Any:
        from app.ui.cases.referral_dialogs import FollowUpDialog

        r = self.current()
        if r is None or r.follow_up is None or not self.handle.can_write:
            return None
        return self._open(FollowUpDialog(self.handle, self.window(), r))

    @Slot()
    def show_initiative(self) -> Any:
        from app.ui.context import LINKS

        r = self.current()
        if r is None or "initiative" not in LINKS:
            return None
        self.link = self.context.open_link("initiative", r.initiative_id, self.window())
        return self.link
