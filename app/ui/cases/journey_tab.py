"""Traject: the journey milestones with their dates, and per adult which NOA parts were taken —
done, when, by whom. Never the answers or scores: the program does not hold them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.case_dossier import MemberRole, MilestoneKind, NoaPart
from app.services.cases.views import DossierDetail
from app.ui.cases.fields import date_edit, hint_label, line_edit
from app.ui.cases.form_dialog import FormDialog
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from app.ui.cases.handle import DossierHandle


def _t(text: str) -> str:
    return QCoreApplication.translate("JourneyTab", text)


def _table(columns: list[ColumnSpec], parent: QWidget) -> tuple[RowTableModel, DataTableView]:
    model = RowTableModel(columns, parent=parent)
    table = DataTableView()
    table.setModel(model)
    table.setSortingEnabled(False)  # journey order
    return model, table


class DoneDialog(FormDialog):
    """When (not in the future) and by whom a milestone or NOA part was done."""

    def __init__(
        self, handle: DossierHandle, parent: QWidget, title: str, what: str, day: date | None, by: str
    ) -> None:
        super().__init__(handle, parent, title, width=420)
        self.what = QLabel(f"<b>{what}</b>")
        self.done_on = date_edit(day or date.today(), maximum_today=True)
        self.done_by = line_edit(120, placeholder=self.tr("bijv. COA, de werkcoach, naam"))
        self.done_by.setText(by)
        self.add_row(self.tr("Onderdeel:"), None, self.what)
        self.add_row(self.tr("&Datum:"), "done_on", self.done_on)
        self.add_row(self.tr("&Door:"), "done_by", self.done_by)
        self.work: Any = None

    def accept(self) -> None:
        self.submit(
            lambda session: self.work(session, self.done_on.date().toPython(), self.done_by.text()),
            title=self.windowTitle(),
            success_text=self.tr("Vastgelegd."),
        )


class JourneyTab(QWidget):
    def __init__(self, handle: DossierHandle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle = handle
        self.detail: DossierDetail | None = None
        self.dialog: Any = None  # the dialog opened last (tests and screenshots reach it here)
        self.milestone_model, self.milestones = _table(
            [
                ColumnSpec(lambda r: r["kind"].label, _t("Mijlpaal")),
                ColumnSpec(lambda r: r["done_on"], _t("Datum"), kind="date"),
                ColumnSpec(lambda r: r["done_by"], _t("Door")),
                ColumnSpec(lambda r: r["recorded_by"], _t("Vastgelegd door")),
            ],
            self,
        )
        self.milestones.sig_row_activated.connect(lambda _row: self.set_milestone())
        self.milestones.sig_selection_changed.connect(self.update_actions)
        self.set_button = QPushButton(self.tr("Datum &vastleggen…"))
        self.set_button.clicked.connect(self.set_milestone)
        self.clear_button = QPushButton(self.tr("Datum wissen"))
        self.clear_button.clicked.connect(self.clear_milestone)

        self.member = QComboBox()
        self.member.setMinimumContentsLength(24)
        self.member.currentIndexChanged.connect(self._show_noa)
        self.noa_model, self.noa = _table(
            [
                ColumnSpec(lambda r: r["part"].label, _t("Onderdeel")),
                ColumnSpec(lambda r: r["done"], _t("Afgenomen"), kind="bool"),
                ColumnSpec(lambda r: r["done_on"], _t("Datum"), kind="date"),
                ColumnSpec(lambda r: r["done_by"], _t("Door")),
                ColumnSpec(lambda r: r["recorded_by"], _t("Vastgelegd door")),
            ],
            self,
        )
        self.noa.sig_row_activated.connect(lambda _row: self.record_noa())
        self.noa.sig_selection_changed.connect(self.update_actions)
        self.noa_button = QPushButton(self.tr("Afgenomen &vastleggen…"))
        self.noa_button.clicked.connect(self.record_noa)
        self.noa_clear = QPushButton(self.tr("Niet afgenomen"))
        self.noa_clear.clicked.connect(self.clear_noa)
        for button in (self.set_button, self.clear_button, self.noa_button, self.noa_clear):
            button.setVisible(handle.can_write)

        journey = QGroupBox(self.tr("Mijlpalen"))
        bar = QHBoxLayout()
        bar.addWidget(self.set_button)
        bar.addWidget(self.clear_button)
        bar.addStretch(1)
        box = QVBoxLayout(journey)
        box.addLayout(bar)
        box.addWidget(self.milestones)
        noa = QGroupBox(self.tr("NOA-assessment"))
        noa_bar = QHBoxLayout()
        noa_bar.addWidget(QLabel(self.tr("Persoon:")))
        noa_bar.addWidget(self.member)
        noa_bar.addSpacing(12)
        noa_bar.addWidget(self.noa_button)
        noa_bar.addWidget(self.noa_clear)
        noa_bar.addStretch(1)
        noa_box = QVBoxLayout(noa)
        noa_box.addLayout(noa_bar)
        noa_box.addWidget(self.noa)
        noa_box.addWidget(
            hint_label(
                self.tr(
                    "Alleen óf, wanneer en door wie een onderdeel is afgenomen. Antwoorden, scores en "
                    "uitslagen worden hier nooit vastgelegd."
                )
            )
        )
        rows = self.milestones.verticalHeader().defaultSectionSize()
        self.milestones.setFixedHeight(
            rows * len(MilestoneKind) + self.milestones.horizontalHeader().sizeHint().height() + 4
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)
        layout.addWidget(journey)
        layout.addWidget(noa, 1)

    def show_detail(self, detail: DossierDetail) -> None:
        self.detail = detail
        rows = []
        for kind in MilestoneKind:
            m = detail.milestone(kind)
            rows.append(
                {
                    "kind": kind,
                    "done_on": m.done_on if m else None,
                    "done_by": m.done_by if m else "",
                    "recorded_by": m.recorded_by if m else "",
                }
            )
        chosen = self.milestones.currentIndex().row()
        self.milestone_model.set_rows(rows)
        self.milestones.fit_columns()
        if chosen >= 0:
            self.milestones.selectRow(chosen)
        wanted = self.member.currentData()
        self.member.blockSignals(True)
        self.member.clear()
        adults = [m for m in detail.members if m.role is not MemberRole.KIND]
        for person in adults + [p for p in detail.members if p.role is MemberRole.KIND]:
            self.member.addItem(f"{person.name} ({person.role.label.lower()})", person.id)
        self.member.setCurrentIndex(max(0, self.member.findData(wanted)) if wanted else 0)
        self.member.blockSignals(False)
        self._show_noa()

    @Slot()
    def _show_noa(self) -> None:
        member = (
            self.detail.member(self.member.currentData()) if self.detail and self.member.count() else None
        )
        done = {n.part: n for n in member.noa} if member else {}
        chosen = self.noa.currentIndex().row()
        self.noa_model.set_rows(
            [
                {
                    "part": part,
                    "done": part in done,
                    "done_on": done[part].done_on if part in done else None,
                    "done_by": done[part].done_by if part in done else "",
                    "recorded_by": done[part].recorded_by if part in done else "",
                }
                for part in NoaPart
            ]
        )
        self.noa.fit_columns()
        if chosen >= 0:
            self.noa.selectRow(chosen)
        self.update_actions()

    @Slot()
    def update_actions(self) -> None:
        row = self.milestones.current_row()
        self.set_button.setEnabled(row is not None)
        self.clear_button.setEnabled(row is not None and row["done_on"] is not None)
        part = self.noa.current_row()
        self.noa_button.setEnabled(part is not None and self.member.count() > 0)
        self.noa_clear.setEnabled(part is not None and part["done"])

    @Slot()
    def set_milestone(self) -> Any:
        from app.services.cases.members import set_milestone

        row = self.milestones.current_row()
        if row is None or not self.handle.can_write:
            return None
        actor, did, kind = self.handle.actor, self.handle.dossier_id, row["kind"]
        dialog = DoneDialog(
            self.handle,
            self.window(),
            self.tr("Mijlpaal vastleggen"),
            kind.label,
            row["done_on"],
            row["done_by"],
        )
        dialog.work = lambda session, day, by: set_milestone(session, actor, did, kind, day, by)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def clear_milestone(self) -> None:
        from app.services.cases.members import clear_milestone

        row = self.milestones.current_row()
        if row is None or row["done_on"] is None:
            return
        actor, did, kind = self.handle.actor, self.handle.dossier_id, row["kind"]
        self.handle.change(
            lambda session: clear_milestone(session, actor, did, kind),
            title=self.tr("Mijlpaal wissen"),
            success_text=self.tr("Datum van '{kind}' gewist.").format(kind=kind.label),
        )

    @Slot()
    def record_noa(self) -> Any:
        from app.services.cases.members import record_noa_part

        row, member_id = self.noa.current_row(), self.member.currentData()
        if row is None or member_id is None or not self.handle.can_write:
            return None
        actor, part = self.handle.actor, row["part"]
        dialog = DoneDialog(
            self.handle,
            self.window(),
            self.tr("NOA-onderdeel vastleggen"),
            f"{part.label} — {self.member.currentText()}",
            row["done_on"],
            row["done_by"],
        )
        dialog.work = lambda session, day, by: record_noa_part(session, actor, member_id, part, day, by)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def clear_noa(self) -> None:
        from app.services.cases.members import clear_noa_part

        row, member_id = self.noa.current_row(), self.member.currentData()
        if row is None or member_id is None or not row["done"]:
            return
        actor, part = self.handle.actor, row["part"]
        self.handle.change(
            lambda session: clear_noa_part(session, actor, member_id, part),
            title=self.tr("NOA-onderdeel wissen"),
            success_text=self.tr("'{part}' staat niet meer als afgenomen.").format(part=part.label),
        )
