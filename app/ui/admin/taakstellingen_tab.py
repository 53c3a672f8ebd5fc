"""Beheer → Taakstellingen (regio-coördinator, beheerder): the taakstelling of every municipality for
one half year, typed in or corrected with its source, and the history of the selected one.

The table holds the user's changes until *Opslaan*; saving asks first (a taakstelling binds the
municipality it belongs to) and sends the versions the user saw, so a change somebody else made in
the meantime is shown as a conflict instead of being overwritten (app.services.board.taakstellingen).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.periods import Period
from app.services.board.taakstellingen import HistoryLine, TaakstellingTable
from app.ui.admin.taakstellingen_model import (
    BACKLOG,
    PERSONS,
    SOURCE,
    Draft,
    DraftModel,
    change_text,
)
from app.ui.context import AppContext
from app.ui.latest import LatestOnly
from app.ui.widgets.formatting import format_value
from app.ui.widgets.table import DataTableView


class TaakstellingenTab(QWidget):
    sig_saved = Signal()
    """Taakstellingen were saved (the page and the board refresh)."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False
        self.today = today or date.today()
        self.period: Period | None = None
        # A period or row chosen while the previous one still loads: only the last choice is shown.
        self._table_load, self._history_load = LatestOnly(), LatestOnly()
        self.dialog: Any = None  # the open confirmation (tests answer it)

        explain = QLabel(
            self.tr(
                "De taakstelling per gemeente voor een halfjaar. Klik op een getal of de bron om het te "
                "wijzigen; gewijzigde vakken worden geel tot u opslaat. Vul altijd de bron in (bijvoorbeeld "
                "de brief van het ministerie). Onder de tabel staat de geschiedenis van de gekozen gemeente."
            )
        )
        explain.setWordWrap(True)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Periode"))
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.setMinimumContentsLength(14)
        self.period_combo.activated.connect(self._period_chosen)
        self.total_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Periode:")))
        top.addWidget(self.period_combo)
        top.addStretch(1)
        top.addWidget(self.total_label)

        self.model = DraftModel(self)
        self.model.sig_invalid.connect(self._show_error)
        self.model.sig_edited.connect(self._edited)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            DataTableView.EditTrigger.DoubleClicked
            | DataTableView.EditTrigger.EditKeyPressed
            | DataTableView.EditTrigger.AnyKeyPressed
            | DataTableView.EditTrigger.SelectedClicked
        )
        self.table.setAccessibleName(self.tr("Taakstellingen per gemeente"))
        self.table.sig_selection_changed.connect(self._load_history)
        # Fixed widths, set after the view fits its columns to the first (still empty) rows.
        self.model.modelReset.connect(self._set_widths)

        self.history = QTableWidget(0, 6)
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("Wanneer"),
                self.tr("Door"),
                self.tr("Taakstelling"),
                self.tr("Achterstand"),
                self.tr("Bron"),
                self.tr("Reden"),
            ]
        )
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setAccessibleName(self.tr("Geschiedenis van de gekozen gemeente"))
        self.history_title = QLabel(self.tr("Geschiedenis: kies een gemeente in de tabel."))
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history_title)
        history_layout.addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.reason = QLineEdit()
        self.reason.setMaxLength(400)
        self.reason.setPlaceholderText(self.tr("Reden van de wijziging (komt in de geschiedenis)"))
        self.reason.setAccessibleName(self.tr("Reden van de wijziging"))
        self.save_button = QPushButton(self.tr("Opslaan…"))
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton(self.tr("Wijzigingen wissen"))
        self.discard_button.clicked.connect(self.discard)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("formMessage")
        bottom = QHBoxLayout()
        bottom.addWidget(self.reason, 1)
        bottom.addWidget(self.discard_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        self._edited()

    # -- loading ------------------------------------------------------------------------------

    @Slot()
    def load(self, period: Period | None = None) -> None:
        from app.services.board.taakstellingen import list_taakstellingen
        from app.services.board.views import default_period
        from app.services.region import list_periods

        self.loaded = True
        actor, today, turn = self.context.actor, self.today, self._table_load.start()

        def work(session: Any, _control: Any) -> tuple[list[Period], TaakstellingTable]:
            now = Period.containing(today)
            periods = sorted(set(list_periods(session, actor)) | {now, now.next()})
            chosen = period or default_period(periods, today) or now
            return periods, list_taakstellingen(session, actor, chosen)

        self.context.tasks.run(
            work, on_success=turn(self._loaded), title=self.tr("Taakstellingen laden"), parent=self
        )

    def _loaded(self, result: tuple[list[Period], TaakstellingTable]) -> None:
        periods, table = result
        self.period_combo.clear()
        for p in periods:
            self.period_combo.addItem(p.label_nl, p.code)  # a code: findData compares it
            self.period_combo.setItemData(self.period_combo.count() - 1, p.code, Qt.ItemDataRole.ToolTipRole)
        self._show_table(table)

    def _show_table(self, table: TaakstellingTable) -> None:
        self.period = table.period
        index = self.period_combo.findData(table.period.code)
        if index >= 0:
            self.period_combo.setCurrentIndex(index)
        self.model.set_rows([Draft.of(r) for r in table.rows])
        self.history.setRowCount(0)
        self.history_title.setText(self.tr("Geschiedenis: kies een gemeente in de tabel."))
        self._edited()

    @Slot()
    def _set_widths(self) -> None:
        for column, width in ((0, 190), (PERSONS, 180), (BACKLOG, 180), (SOURCE, 340)):
            self.table.setColumnWidth(column, width)

    @Slot(int)
    def _period_chosen(self, index: int) -> None:
        wanted = Period.parse(self.period_combo.itemData(index))
        if wanted == self.period:
            self._table_load.start()  # back to the period shown: another one still loading stays away
            return
        if self.model.changed():  # never drop typed changes unasked
            self.period_combo.setCurrentIndex(
                self.period_combo.findData(self.period.code if self.period else "")
            )
            self._show_error(self.tr("Sla eerst uw wijzigingen op, of klik op 'Wijzigingen wissen'."))
            return
        self.load(wanted)

    @Slot()
    def _load_history(self) -> None:
        from app.services.board.taakstellingen import taakstelling_history

        draft, turn = self.table.current_row(), self._history_load.start()
        if draft is None or self.period is None:
            return
        actor, period, gemeente_id, name = (
            self.context.actor,
            self.period,
            draft.stored.gemeente_id,
            draft.name,
        )

        def work(session: Any, _control: Any) -> list[HistoryLine]:
            return taakstelling_history(session, actor, period, gemeente_id)

        def done(lines: list[HistoryLine]) -> None:
            self._show_history(name, lines)

        self.context.tasks.run(
            work, on_success=turn(done), title=self.tr("Geschiedenis laden"), parent=self, silent=True
        )

    def _show_history(self, name: str, lines: list[HistoryLine]) -> None:
        self.history_title.setText(
            self.tr("Geschiedenis van {name}").format(name=name)
            if lines
            else self.tr("Geschiedenis van {name}: nog geen wijzigingen vastgelegd.").format(name=name)
        )
        self.history.setRowCount(len(lines))
        for r, line in enumerate(lines):
            values = [
                format_value(line.at),
                line.by_name,
                change_text(line.old_persons, line.new_persons),
                change_text(line.old_backlog, line.new_backlog),
                line.source,
                line.reason,
            ]
            for c, text in enumerate(values):
                self.history.setItem(r, c, QTableWidgetItem(text))
        self.history.resizeColumnsToContents()

    # -- editing and saving ------------------------------------------------------------------

    @Slot()
    def _edited(self) -> None:
        changed = self.model.changed()
        self.save_button.setEnabled(bool(changed))
        self.discard_button.setEnabled(bool(changed))
        total = sum(d.persons or 0 for d in self.model.drafts())
        self.total_label.setText(self.tr("Totaal regio: {n} personen").format(n=format_value(total)))
        if changed:
            self.message.setText(
                self.tr("{n} gemeente(n) gewijzigd, nog niet opgeslagen.").format(n=len(changed))
            )

    @Slot(str)
    def _show_error(self, text: str) -> None:
        self.message.setText(text)

    @Slot()
    def discard(self) -> None:
        self.model.set_rows([Draft.of(d.stored) for d in self.model.drafts()])
        self.message.setText(self.tr("Wijzigingen gewist."))
        self._edited()

    def _problem(self, drafts: list[Draft]) -> str:
        for d in drafts:
            if d.persons is None:
                return self.tr("Vul de taakstelling van {name} in.").format(name=d.name)
            if not d.source.strip():
                return self.tr(
                    "Vul de bron in bij {name}: waar komt dit getal vandaan "
                    "(bijvoorbeeld 'Brief ministerie')?"
                ).format(name=d.name)
        return ""

    @Slot()
    def save(self) -> Any:
        """Ask first: a taakstelling binds the municipality it belongs to."""
        from app.ui.confirm import ask_confirmation

        drafts = self.model.changed()
        if not drafts or self.period is None:
            return None
        problem = self._problem(drafts)
        if problem:
            self._show_error(problem)
            return None
        lines = [
            self.tr("{name}: {persons}, achterstand {backlog} (bron: {source})").format(
                name=d.name,
                persons=change_text(d.stored.persons, d.persons or 0),
                backlog=change_text(d.stored.backlog_in, d.backlog_in),
                source=d.source,
            )
            for d in drafts
        ]
        text = self.tr("De taakstelling van {n} gemeente(n) voor {period} opslaan?").format(
            n=len(drafts), period=self.period.label_nl
        )
        detail = (
            "\n".join(lines)
            + "\n\n"
            + self.tr(
                "Dit legt vast hoeveel personen deze gemeenten moeten huisvesten. Het overzicht, de "
                "COA-toets en de prognose rekenen er meteen mee."
            )
        )
        self.dialog = ask_confirmation(
            self,
            self.tr("Taakstellingen opslaan"),
            text,
            self.tr("&Ja, opslaan"),
            lambda: self._save(drafts),
            detail=detail,
        )
        return self.dialog

    def _save(self, drafts: list[Draft]) -> None:
        from app.services.board.taakstellingen import TaakstellingEdit, save_taakstellingen

        assert self.period is not None
        actor, period, reason = self.context.actor, self.period, self.reason.text().strip()
        edits = [
            TaakstellingEdit(
                d.stored.gemeente_id, d.persons or 0, d.backlog_in, d.source, reason, d.stored.version
            )
            for d in drafts
        ]
        self.save_button.setEnabled(False)

        def work(session: Any, _control: Any) -> TaakstellingTable:
            return save_taakstellingen(session, actor, period, edits)

        def done(table: TaakstellingTable) -> None:
            self._show_table(table)
            self.reason.clear()
            self.message.setText(self.tr("Opgeslagen: {n} gemeente(n).").format(n=len(edits)))
            self.context.show_status(self.tr("Taakstellingen opgeslagen."))
            self.context.report_change()
            self.sig_saved.emit()

        def failed(exc: BaseException) -> None:
            from app.errors import ConflictError

            current = getattr(exc, "current", None)
            if isinstance(exc, ConflictError) and isinstance(current, TaakstellingTable):
                self._show_table(current)  # the fresh numbers; the user types the correction again
            else:
                self._edited()
            self._show_error(getattr(exc, "message", str(exc)))

        self.context.tasks.run(
            work,
            on_success=done,
            on_failure=failed,
            title=self.tr("Taakstellingen opslaan"),
            parent=self,
            cancellable=False,
        )
