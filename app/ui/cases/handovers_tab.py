"""Overdrachten: the warm handovers of the dossier. The list on top; below, the chosen handover's
details, its checklist (tick items off) and its status history with who and when. The buttons move
it on one step at a time as the service allows (refuse with a reason, withdraw), record consent, and
print its pack."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.handover import SHARING, HandoverStatus, consent_refusal_text
from app.services.cases.views import CheckInfo, DossierDetail, HandoverInfo
from app.ui.cases.columns import OVERDUE_COLOR, late_count
from app.ui.cases.handover_panel import HandoverPanel
from app.ui.contrast import tint
from app.ui.fonts import pt
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle


def _t(text: str) -> str:
    return QCoreApplication.translate("HandoversTab", text)


def handover_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec(lambda h: h.kind.label, _t("Soort")),
        ColumnSpec("member_name", _t("Voor")),
        ColumnSpec(lambda h: h.receiver.organisation or _t("nog niet gekozen"), _t("Ontvanger")),
        ColumnSpec("due_on", _t("Uiterlijk"), kind="date"),
        ColumnSpec("status", _t("Status")),
        ColumnSpec("consent", _t("Toestemming")),
        ColumnSpec("days_overdue", _t("Dagen te laat"), kind="int", format=late_count),
    ]


class HandoverModel(RowTableModel):
    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and self.row_at(index.row()).days_overdue
        ):
            return tint(OVERDUE_COLOR)  # the row also says it in words (none under high contrast)
        return super().data(index, role)


class HandoversTab(QWidget):
    def __init__(self, handle: DossierHandle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle = handle
        self.current_id: int | None = None
        self.dialog: Any = None  # the dialog opened last (tests and screenshots reach it here)
        self.printer: Any = None  # the pack print in progress (tests reach it here)
        self.model = HandoverModel(handover_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sig_selection_changed.connect(self._selected)
        self.table.sig_row_activated.connect(lambda _h: self.edit_handover())
        self.table.set_empty_state(
            self.tr("Nog geen overdrachten in dit dossier. Begin er een met Nieuwe overdracht.")
        )
        tr = self.tr
        self.new_button = QPushButton(tr("&Nieuwe overdracht…"))
        self.new_button.clicked.connect(self.new_handover)
        self.standard_button = QPushButton(tr("Standaardoverdrachten aanmaken"))
        self.standard_button.setToolTip(
            tr("Huisarts, maatschappelijke begeleiding en JGZ per kind, voor zover ze nog niet lopen")
        )
        self.standard_button.clicked.connect(self.create_standard)
        self.consent_button = QPushButton(tr("&Toestemming vastleggen…"))
        self.consent_button.clicked.connect(self.record_consent)
        self.next_button = QPushButton(tr("Volgende stap"))
        self.next_button.clicked.connect(self.next_step)
        self.refuse_button = QPushButton(tr("Weigeren…"))
        self.refuse_button.setToolTip(tr("De ontvanger of de cliënt weigert de overdracht (met reden)"))
        self.refuse_button.clicked.connect(self.refuse)
        self.withdraw_button = QPushButton(tr("Intrekken…"))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.edit_button = QPushButton(tr("&Wijzigen…"))
        self.edit_button.clicked.connect(self.edit_handover)
        # Printing packs is a daily task: the printer first (Ctrl+P), the PDF for mail or the archive.
        self.printer_button = QPushButton(tr("&Afdrukken…"))
        self.printer_button.setToolTip(tr("Het overdrachtspakket voor de ontvanger op de printer (Ctrl+P)"))
        self.printer_button.clicked.connect(self.print_on_printer)
        self.print_button = QPushButton(tr("Opslaan als &PDF…"))
        self.print_button.setToolTip(tr("Het overdrachtspakket voor de ontvanger als PDF-bestand"))
        self.print_button.clicked.connect(self.print_pack)
        shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.print_on_printer)
        writers = (
            self.new_button,
            self.standard_button,
            self.consent_button,
            self.next_button,
            self.refuse_button,
            self.withdraw_button,
            self.edit_button,
        )
        for button in writers:
            button.setVisible(handle.can_write)

        self.title = QLabel()
        self.title.setStyleSheet(f"font-weight: 600; font-size: {pt(1.1)};")
        self.panel = HandoverPanel()
        self.panel.sig_check_toggled.connect(self._check_toggled)

        actions = QHBoxLayout()
        for button in (
            self.consent_button,
            self.next_button,
            self.refuse_button,
            self.withdraw_button,
            self.edit_button,
            self.printer_button,
            self.print_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.detail_box = QWidget()
        lower = QVBoxLayout(self.detail_box)
        lower.setContentsMargins(0, 4, 0, 0)
        lower.addWidget(self.title)
        lower.addLayout(actions)
        lower.addWidget(self.panel, 1)

        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.standard_button)
        top.addStretch(1)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.detail_box)
        splitter.setSizes([200, 430])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(splitter)
        self._show_handover(None)

    # -- showing -------------------------------------------------------------------------------

    def show_detail(self, detail: DossierDetail) -> None:
        keep = self.current_id
        self.model.set_rows(detail.handovers)
        self.table.fit_columns()
        if (keep is None or not self.table.select_row(lambda h: h.id == keep)) and detail.handovers:
            self.table.selectRow(0)
        self._selected()

    def current(self) -> HandoverInfo | None:
        return self.table.current_row()

    def select(self, handover_id: int) -> bool:
        return self.table.select_row(lambda h: h.id == handover_id)

    @Slot()
    def _selected(self) -> None:
        h = self.current()
        self.current_id = h.id if h else None
        self._show_handover(h)

    def _show_handover(self, h: HandoverInfo | None) -> None:
        tr = self.tr
        self.detail_box.setEnabled(h is not None)
        for button in (
            self.consent_button,
            self.next_button,
            self.refuse_button,
            self.withdraw_button,
            self.edit_button,
            self.printer_button,
            self.print_button,
        ):
            button.setEnabled(False)
        self.panel.show_handover(h, writable=self.handle.can_write)
        if h is None:
            self.title.setText(tr("Geen overdracht gekozen"))
            self.next_button.setText(tr("Volgende stap"))
            return
        who = f" — {h.member_name}" if h.member_name else ""
        self.title.setText(f"{h.kind.label}{who} · {tr('Status')}: {h.status.label}")
        following = [
            s for s in h.next_statuses if s not in (HandoverStatus.GEWEIGERD, HandoverStatus.INGETROKKEN)
        ]
        # A step that asks something first (confirmation, the receipt) ends in "…".
        asks = bool(following) and following[0] in (*SHARING, HandoverStatus.ONTVANGEN)
        self.next_button.setText(
            tr("Volgende stap: {s}").format(s=following[0].label) + ("…" if asks else "")
            if following
            else tr("Volgende stap")
        )
        self.next_button.setEnabled(bool(following))
        self.refuse_button.setEnabled(HandoverStatus.GEWEIGERD in h.next_statuses)
        self.withdraw_button.setEnabled(HandoverStatus.INGETROKKEN in h.next_statuses)
        self.consent_button.setEnabled(not h.status.final)
        self.edit_button.setEnabled(not h.status.final)
        self.print_button.setEnabled(True)
        self.printer_button.setEnabled(True)

    # -- actions -------------------------------------------------------------------------------

    def _open(self, dialog: Any) -> Any:
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def new_handover(self) -> Any:
        from app.ui.cases.handover_dialogs import HandoverDialog

        return self._open(HandoverDialog(self.handle, self.window())) if self.handle.can_write else None

    @Slot()
    def edit_handover(self) -> Any:
        from app.ui.cases.handover_dialogs import HandoverDialog

        h = self.current()
        if h is None or h.status.final or not self.handle.can_write:
            return None
        return self._open(HandoverDialog(self.handle, self.window(), h))

    @Slot()
    def create_standard(self) -> None:
        from app.services.cases.handovers import create_standard_handovers

        actor, did = self.handle.actor, self.handle.dossier_id
        self.handle.change(
            lambda session: create_standard_handovers(session, actor, did),
            title=self.tr("Standaardoverdrachten aanmaken"),
            done=lambda made: self.handle.show_info(
                self.tr("{n} overdracht(en) aangemaakt.").format(n=len(made))
                if made
                else self.tr("Alle standaardoverdrachten lopen al.")
            ),
        )

    @Slot()
    def record_consent(self) -> Any:
        from app.ui.cases.consent_dialogs import ConsentDialog

        h = self.current()
        if h is None or h.status.final or not self.handle.can_write:
            return None
        return self._open(ConsentDialog(self.handle, self.window(), h))

    def _status_work(
        self, h: HandoverInfo, new: HandoverStatus, *, reason: str = "", override: str | None = None
    ) -> Any:
        from app.services.cases.handovers import change_status

        actor = self.handle.actor
        return lambda session: change_status(
            session, actor, h.id, h.version, new, reason=reason, override_reason=override
        )

    @Slot()
    def next_step(self) -> Any:
        from app.ui.cases.handover_dialogs import OverrideDialog

        h = self.current()
        following = (
            [s for s in h.next_statuses if s not in (HandoverStatus.GEWEIGERD, HandoverStatus.INGETROKKEN)]
            if h
            else []
        )
        if h is None or not following or not self.handle.can_write:
            return None
        new = following[0]
        done = self.tr("Overdracht {kind}: {old} → {new}.").format(
            kind=h.kind.label, old=h.status.label, new=new.label
        )
        if new is HandoverStatus.ONTVANGEN:
            from app.ui.cases.consent_dialogs import ReceiptDialog

            return self._open(ReceiptDialog(self.handle, self.window(), h))
        if new in SHARING and h.consent_missing:
            # Refused without consent; the user may go on only with a reason, which is logged.
            dialog = OverrideDialog(
                self.handle,
                self.window(),
                self.tr("Verzenden zonder toestemming?"),
                consent_refusal_text(h.consent, "Verzenden"),
                self.tr("Zonder toestemming verzenden"),
                work=lambda session, reason: self._status_work(h, new, override=reason)(session),
                success_text=done + " " + self.tr("Zonder toestemming; de reden is vastgelegd."),
            )
            return self._open(dialog)
        if new in SHARING:
            return self._confirm_sending(h, new, done)
        self.handle.change(self._status_work(h, new), title=self.tr("Status wijzigen"), success_text=done)
        return None

    def _confirm_sending(self, h: HandoverInfo, new: HandoverStatus, done: str) -> Any:
        """Personal data leave the municipality: say to whom and what, and go on only on Yes."""
        from app.ui.confirm import ask_confirmation

        who = ", ".join(p for p in (h.receiver.organisation, h.receiver.person) if p)
        what = h.kind.label + (f" ({h.member_name})" if h.member_name else "")
        text = self.tr("Overdracht {what} verzenden aan {who}?").format(
            what=what, who=who or self.tr("(nog geen ontvanger ingevuld)")
        )
        detail = self.tr(
            "Daarmee gaan de gegevens van het huishouden naar de ontvanger. Toestemming: {c}."
        ).format(c=h.consent.label.lower())
        self.dialog = ask_confirmation(
            self.window(),
            self.tr("Overdracht verzenden"),
            text,
            self.tr("&Ja, verzenden"),
            lambda: self.handle.change(
                self._status_work(h, new), title=self.tr("Status wijzigen"), success_text=done
            ),
            detail=detail,
        )
        return self.dialog

    @Slot()
    def refuse(self) -> Any:
        from app.ui.cases.handover_dialogs import ReasonDialog

        h = self.current()
        if h is None or HandoverStatus.GEWEIGERD not in h.next_statuses:
            return None
        return self._open(
            ReasonDialog(
                self.handle,
                self.window(),
                self.tr("Overdracht weigeren"),
                self.tr("Waarom wordt de overdracht {kind} geweigerd?").format(kind=h.kind.label),
                self.tr("Weigeren"),
                required=True,
                work=lambda session, reason: self._status_work(h, HandoverStatus.GEWEIGERD, reason=reason)(
                    session
                ),
                success_text=self.tr("Overdracht {kind} is geweigerd.").format(kind=h.kind.label),
            )
        )

    @Slot()
    def withdraw(self) -> Any:
        from app.ui.cases.handover_dialogs import ReasonDialog

        h = self.current()
        if h is None or HandoverStatus.INGETROKKEN not in h.next_statuses:
            return None
        return self._open(
            ReasonDialog(
                self.handle,
                self.window(),
                self.tr("Overdracht intrekken"),
                self.tr(
                    "De overdracht {kind} intrekken? Daarna kan er niets meer aan worden gewijzigd."
                ).format(kind=h.kind.label),
                self.tr("Intrekken"),
                required=False,
                work=lambda session, reason: self._status_work(h, HandoverStatus.INGETROKKEN, reason=reason)(
                    session
                ),
                success_text=self.tr("Overdracht {kind} is ingetrokken.").format(kind=h.kind.label),
            )
        )

    @Slot(object, bool)
    def _check_toggled(self, check: CheckInfo, done: bool) -> None:
        from app.services.cases.handovers import tick_check

        actor = self.handle.actor
        text = self.tr("Afgevinkt: {t}") if done else self.tr("Niet meer afgevinkt: {t}")
        self.handle.change(
            lambda session: tick_check(session, actor, check.id, check.version, done),
            title=self.tr("Checklist"),
            success_text=text.format(t=check.text),
        )

    @Slot()
    def print_pack(self) -> Any:
        """Save the pack as a PDF (Opslaan als PDF)."""
        return self._print(to_printer=False)

    @Slot()
    def print_on_printer(self) -> Any:
        """Print the pack through the system print dialog (Afdrukken…, Ctrl+P)."""
        return self._print(to_printer=True)

    def _print(self, *, to_printer: bool) -> Any:
        from app.ui.cases.pack_print import PackPrint

        h = self.current()
        if h is None:
            return None
        printer = PackPrint(self.handle, self.window(), h, to_printer=to_printer)
        self.printer = printer
        return printer.start()
