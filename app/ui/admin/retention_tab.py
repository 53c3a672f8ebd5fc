"""Bewaartermijn (beheerder): how long closed dossiers are kept, which ones are past that term
(number, municipality, closing day: nothing personal), and removing them after a question that
states the count. The work runs in the services (app.services.retention) on the task runner."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.retention import DEFAULT_YEARS, MAX_YEARS, MIN_YEARS
from app.services.retention import ExpiredDossier, PurgeResult, RetentionPreview
from app.ui.context import AppContext
from app.ui.latest import LatestOnly
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel


def _t(text: str) -> str:
    return QCoreApplication.translate("RetentionTab", text)


def expired_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("dossier_id", _t("Dossier"), kind="int"),
        ColumnSpec(lambda d: f"{d.gemeente_name} ({d.gemeente_code})", _t("Gemeente")),
        ColumnSpec("closed_on", _t("Gesloten op"), kind="date"),
    ]


class RetentionTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False
        self.preview: RetentionPreview | None = None
        self.confirmation: QMessageBox | None = None
        self._preview_load = LatestOnly()  # asked again (or a term saved) during a search: the last wins

        self.years = QSpinBox()
        self.years.setRange(MIN_YEARS, MAX_YEARS)
        self.years.setValue(DEFAULT_YEARS)
        self.years.setSuffix(self.tr(" jaar"))
        self.years.setAccessibleName(self.tr("Bewaartermijn in jaren"))
        self.save_button = QPushButton(self.tr("Opslaan"))
        self.save_button.clicked.connect(self.save_years)
        self.years_label = QLabel()
        self.years_label.setWordWrap(True)
        term = QGroupBox(self.tr("Bewaartermijn"))
        explain = QLabel(
            self.tr(
                "Hoe lang een gesloten dossier bewaard blijft, gerekend vanaf de dag van sluiten "
                "({low} tot en met {high} jaar; standaard {default}). Open dossiers blijven altijd staan."
            ).format(low=MIN_YEARS, high=MAX_YEARS, default=DEFAULT_YEARS)
        )
        explain.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Bewaren:")))
        row.addWidget(self.years)
        row.addWidget(self.save_button)
        row.addWidget(self.years_label, 1)
        term_layout = QVBoxLayout(term)
        term_layout.addWidget(explain)
        term_layout.addLayout(row)

        self.preview_button = QPushButton(self.tr("Wat zou er verwijderd worden?"))
        self.preview_button.clicked.connect(self.load_preview)
        self.purge_button = QPushButton(self.tr("Verwijderen…"))
        self.purge_button.setEnabled(False)
        self.purge_button.setToolTip(
            self.tr(
                "Verwijdert de dossiers in de lijst met alle persoonsgegevens erin. Dit kan niet ongedaan."
            )
        )
        self.purge_button.clicked.connect(self.confirm_purge)
        self.status_label = QLabel(self.tr("Klik op 'Wat zou er verwijderd worden?' om de lijst te zien."))
        self.status_label.setWordWrap(True)
        self.model = RowTableModel(expired_columns(), parent=self)
        self.table = DataTableView()
        self.table.setSortingEnabled(True)
        self.table.setModel(self.model)
        self.table.set_empty_state(
            self.tr("Geen gesloten dossiers over de bewaartermijn: er hoeft niets verwijderd te worden.")
        )
        purge = QGroupBox(self.tr("Gesloten dossiers over de termijn"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        purge_layout = QVBoxLayout(purge)
        purge_layout.addLayout(buttons)
        purge_layout.addWidget(self.status_label)
        purge_layout.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(term)
        layout.addWidget(purge, 1)

    # -- the term ------------------------------------------------------------------------------

    @Slot()
    def load(self) -> None:
        from app.services.retention import retention_years

        self.loaded = True

        def work(session: Any, _control: Any) -> int:
            return retention_years(session)

        def done(years: int) -> None:
            self.years.setValue(years)
            self.years_label.setText(self.tr("Nu ingesteld: {n} jaar.").format(n=years))

        self.context.tasks.run(work, on_success=done, title=self.tr("Bewaartermijn laden"), parent=self)

    @Slot()
    def save_years(self) -> None:
        from app.services.retention import set_retention_years

        actor = self.context.actor
        wanted = self.years.value()

        def work(session: Any, _control: Any) -> int:
            return set_retention_years(session, actor, wanted)

        def done(years: int) -> None:
            self.years_label.setText(self.tr("Opgeslagen: {n} jaar.").format(n=years))
            self.context.show_status(self.tr("Bewaartermijn opgeslagen: {n} jaar.").format(n=years))
            if self.preview is not None:
                self.load_preview()  # the list follows the new term

        self.context.tasks.run(work, on_success=done, title=self.tr("Bewaartermijn opslaan"), parent=self)

    # -- the list and the purge ----------------------------------------------------------------

    @Slot()
    def load_preview(self) -> None:
        from app.services.retention import expired_dossiers

        actor, turn = self.context.actor, self._preview_load.start()
        self.purge_button.setEnabled(False)

        def work(session: Any, _control: Any) -> RetentionPreview:
            return expired_dossiers(session, actor)

        self.context.tasks.run(
            work,
            on_success=turn(self.show_preview),
            title=self.tr("Dossiers over de termijn zoeken"),
            parent=self,
        )

    def show_preview(self, preview: RetentionPreview) -> None:
        self.preview = preview
        rows: list[ExpiredDossier] = preview.dossiers
        self.model.set_rows(rows)
        cutoff = preview.cutoff.strftime("%d-%m-%Y")
        if rows:
            self.status_label.setText(
                self.tr(
                    "{n} gesloten dossiers zijn over de bewaartermijn van {years} jaar (gesloten vóór "
                    "{cutoff}). Er is nog niets verwijderd."
                ).format(n=len(rows), years=preview.years, cutoff=cutoff)
            )
        else:
            self.status_label.setText(
                self.tr(
                    "Geen dossiers over de bewaartermijn van {years} jaar (gesloten vóór {cutoff})."
                ).format(years=preview.years, cutoff=cutoff)
            )
        self.purge_button.setEnabled(bool(rows))

    @Slot()
    def confirm_purge(self) -> None:
        if self.preview is None or not self.preview.dossiers:
            return
        count = len(self.preview.dossiers)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Dossiers verwijderen"),
            self.tr(
                "{n} gesloten dossiers definitief verwijderen?\n\nAlle persoonsgegevens erin gaan weg: "
                "gezinsleden (met BSN), overdrachten, toestemmingen, plan en tijdlijn. Dit kan niet "
                "ongedaan worden gemaakt. Het toegangslog noteert alleen hoeveel dossiers en welke nummers."
            ).format(n=count),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        yes = box.addButton(
            self.tr("{n} dossiers verwijderen").format(n=count), QMessageBox.ButtonRole.DestructiveRole
        )
        box.setDefaultButton(box.addButton(self.tr("Annuleren"), QMessageBox.ButtonRole.RejectRole))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.purge(count) if button is yes else None)
        box.finished.connect(lambda _r: setattr(self, "confirmation", None))
        self.confirmation = box
        box.open()

    def purge(self, expected: int) -> None:
        from app.services.retention import purge_expired

        actor = self.context.actor

        def work(session: Any, control: Any) -> PurgeResult:
            def progress(fraction: float, text: str) -> None:
                control.check_cancelled()  # a cancel rolls the whole purge back
                control.progress(fraction, text)

            return purge_expired(session, actor, expected=expected, progress=progress)

        def done(result: PurgeResult) -> None:
            self.context.show_status(self.tr("{n} dossiers verwijderd.").format(n=result.count))
            self.load_preview()

        self.purge_button.setEnabled(False)
        task = self.context.tasks.run(
            work, on_success=done, title=self.tr("Dossiers verwijderen"), parent=self
        )
        # A failure (or a cancel) changed nothing: the list is still right, and may be tried again.
        task.sig_finished.connect(lambda: self.purge_button.setEnabled(bool(self.model.rowCount())))
