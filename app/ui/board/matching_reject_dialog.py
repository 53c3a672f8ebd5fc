"""Reject a matching proposal with a reason (required); the pair is then never proposed again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.errors import UserError
from app.ui.board.koppeling_form import message_label
from app.ui.board.matching_model import ProposalRow
from app.ui.context import AppContext
from app.ui.forms import FieldWithError


class RejectDialog(QDialog):
    sig_rejected = Signal(object)
    """The proposal was rejected; carries its ``ProposalRow``."""

    def __init__(self, context: AppContext, row: ProposalRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.row = row
        self.setWindowTitle(self.tr("Voorstel afwijzen"))
        self.setMinimumWidth(440)
        intro = QLabel(
            self.tr(
                "Huishouden {v} → woning {w} in {g}.\nWaarom past dit voorstel niet? (Geen namen of BSN.)"
            ).format(v=row.v_nummer, w=row.dwelling, g=row.dwelling_gemeente)
        )
        intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(self.tr("Reden van afwijzen"))
        self.reason.setPlaceholderText(self.tr("bijv. woning ligt te ver van school of werk"))
        self.reason.setFixedHeight(80)
        self.reason_field = FieldWithError(self.reason)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Afwijzen"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason_field)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumHeight(230)

    def accept(self) -> None:
        from app.services.board.matching import reject_proposal

        reason = self.reason.toPlainText().strip()
        if not reason:
            self.reason_field.set_error(self.tr("Geef een reden op."))
            return
        self.reason_field.set_error(None)
        actor, proposal = self.context.actor, self.row.proposal

        def work(session: Any, _control: Any) -> None:
            reject_proposal(session, actor, proposal.household_id, proposal.dwelling_id, reason)

        self.ok_button.setEnabled(False)
        self.context.tasks.run(
            work,
            on_success=self._done,
            on_failure=self._failed,
            title=self.tr("Voorstel afwijzen"),
            parent=self,
            cancellable=False,
        )

    def _done(self, _result: object) -> None:
        self.sig_rejected.emit(self.row)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        text = exc.message if isinstance(exc, UserError) else str(exc)
        self.message.setText(text)
        self.message.setVisible(True)
