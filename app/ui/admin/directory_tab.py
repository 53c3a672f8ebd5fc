"""Sociale kaart (regio-coördinator, beheerder): how long an initiative may go unchecked before it is
on the *Te controleren* list, and the list of kinds every municipality picks from. Both are region
data; the services (app.services.directory.reference) check the rights and log the change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.directory import CHECK_AFTER_MONTHS, CHECK_MONTHS_MAX, CHECK_MONTHS_MIN
from app.ui.context import AppContext


class DirectoryTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False

        self.months = QSpinBox()
        self.months.setRange(CHECK_MONTHS_MIN, CHECK_MONTHS_MAX)
        self.months.setValue(CHECK_AFTER_MONTHS)
        self.months.setSuffix(self.tr(" maanden"))
        self.months.setAccessibleName(self.tr("Controletermijn in maanden"))
        self.save_button = QPushButton(self.tr("Opslaan"))
        self.save_button.clicked.connect(self.save_months)
        self.months_label = QLabel()
        term = QGroupBox(self.tr("Controletermijn"))
        explain = QLabel(
            self.tr(
                "Na hoeveel maanden zonder controle een initiatief op de lijst Te controleren komt "
                "(standaard {default}). Na nog eens zo lang staat het in de zoekresultaten als "
                "'mogelijk verouderd'. Alleen controleren telt; een wijziging niet."
            ).format(default=CHECK_AFTER_MONTHS)
        )
        explain.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Controleren na:")))
        row.addWidget(self.months)
        row.addWidget(self.save_button)
        row.addWidget(self.months_label, 1)
        term_layout = QVBoxLayout(term)
        term_layout.addWidget(explain)
        term_layout.addLayout(row)

        kinds = QGroupBox(self.tr("Soorten initiatief"))
        self.kinds = QListWidget()
        self.kinds.setAccessibleName(self.tr("Soorten initiatief"))
        self.new_kind = QLineEdit()
        self.new_kind.setPlaceholderText(self.tr("Nieuwe soort, bijvoorbeeld 'Schaakclub'"))
        self.new_kind.setMaxLength(80)
        self.new_kind.returnPressed.connect(self.add_kind)
        self.add_button = QPushButton(self.tr("Toevoegen"))
        self.add_button.clicked.connect(self.add_kind)
        self.kind_message = QLabel()
        self.kind_message.setWordWrap(True)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_kind, 1)
        add_row.addWidget(self.add_button)
        kinds_layout = QVBoxLayout(kinds)
        kinds_layout.addWidget(self.kinds, 1)
        kinds_layout.addLayout(add_row)
        kinds_layout.addWidget(self.kind_message)

        layout = QVBoxLayout(self)
        layout.addWidget(term)
        layout.addWidget(kinds, 1)

    @Slot()
    def load(self) -> None:
        from app.services.directory.reference import check_months, list_kinds

        self.loaded = True

        def work(session: Any, _control: Any) -> tuple[int, dict[str, str]]:
            return check_months(session), list_kinds(session)

        def done(result: tuple[int, dict[str, str]]) -> None:
            months, kinds = result
            self.months.setValue(months)
            self.months_label.setText(self.tr("Nu ingesteld: {n} maanden.").format(n=months))
            self.kinds.clear()
            self.kinds.addItems(list(kinds.values()))

        self.context.tasks.run(work, on_success=done, title=self.tr("Sociale kaart laden"), parent=self)

    @Slot()
    def save_months(self) -> None:
        from app.services.directory.reference import set_check_months

        actor, wanted = self.context.actor, self.months.value()

        def work(session: Any, _control: Any) -> int:
            return set_check_months(session, actor, wanted)

        def done(months: int) -> None:
            self.months_label.setText(self.tr("Opgeslagen: {n} maanden.").format(n=months))
            self.context.show_status(self.tr("Controletermijn opgeslagen: {n} maanden.").format(n=months))
            self.context.report_change()  # the Te controleren counts follow

        self.context.tasks.run(work, on_success=done, title=self.tr("Controletermijn opslaan"), parent=self)

    @Slot()
    def add_kind(self) -> None:
        from app.services.directory.reference import add_kind

        label = self.new_kind.text().strip()
        if not label:
            self.kind_message.setText(self.tr("Typ eerst de naam van de nieuwe soort."))
            return
        actor = self.context.actor

        def work(session: Any, _control: Any) -> None:
            add_kind(session, actor, label, label)

        def done(_result: None) -> None:
            self.new_kind.clear()
            self.kind_message.setText(self.tr("'{name}' is toegevoegd.").format(name=label))
            self.load()

        def failed(exc: BaseException) -> None:
            self.kind_message.setText(getattr(exc, "message", str(exc)))

        self.context.tasks.run(
            work, on_success=done, on_failure=failed, title=self.tr("Soort toevoegen"), parent=self
        )
