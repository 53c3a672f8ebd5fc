"""Werkgevers: the region's employers, filterable, with their contacts and how reliable their pledges
were; the own municipality adds and changes them (app.services.challenges.employers)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.challenges import SBI_SECTIONS, SIZE_CLASSES, WSP_REGIONS
from app.domain.roles import Action, Area, is_allowed
from app.errors import ConflictError, ValidationError
from app.services.challenges.employers import EmployerInfo, EmployerInput, EmployerRow
from app.ui.context import AppContext
from app.ui.latest import LatestOnly
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel

CONFLICT_TEXT = (
    "Iemand anders heeft deze werkgever intussen gewijzigd. U ziet nu die versie; pas zo nodig opnieuw aan."
)


def employer_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("name", "Werkgever"),
        ColumnSpec("gemeente_name", "Gemeente"),
        ColumnSpec("wsp", "Werkgeversservicepunt"),
        ColumnSpec("sector_label", "Sector"),
        ColumnSpec("kvk", "KvK"),
        ColumnSpec("contact", "Contactpersoon"),
    ]


class EmployerDialog(QDialog):
    """Add or change one employer; each field's error shows under it and the dialog grows."""

    def __init__(
        self, gemeenten: list[tuple[str, str]], data: EmployerInput | None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Werkgever wijzigen") if data else self.tr("Nieuwe werkgever"))
        self.name = QLineEdit()
        self.kvk = QLineEdit()
        self.kvk.setPlaceholderText(self.tr("8 cijfers"))
        self.gemeente = QComboBox()
        for code, name in gemeenten:
            self.gemeente.addItem(name, code)
        self.sector = QComboBox()
        self.sector.addItem(self.tr("(onbekend)"), "")
        for letter, label in SBI_SECTIONS.items():
            self.sector.addItem(f"{letter} – {label}", letter)
        self.size_class = QComboBox()
        self.size_class.addItem(self.tr("(onbekend)"), "")
        for code, label in SIZE_CLASSES.items():
            self.size_class.addItem(label, code)
        self.wsp = QComboBox()
        self.wsp.addItem(self.tr("(volgt uit de gemeente)"), "")
        for name in WSP_REGIONS:
            self.wsp.addItem(name, name)
        self.address = QLineEdit()
        from app.ui.challenges.contacts_editor import ContactsEditor

        self.contacts = ContactsEditor()
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        self.active = QCheckBox(self.tr("Actief"))
        self.active.setChecked(True)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("name", self.tr("&Naam:"), self.name),
            ("kvk", self.tr("&KvK-nummer:"), self.kvk),
            ("gemeente_code", self.tr("&Gemeente:"), self.gemeente),
            ("sector", self.tr("&Sector:"), self.sector),
            ("size_class", self.tr("&Grootte:"), self.size_class),
            ("wsp", self.tr("&Werkgeversservicepunt:"), self.wsp),
            ("address", self.tr("&Adres:"), self.address),
            ("contacts", self.tr("&Contactpersonen:"), self.contacts),
            ("notes", self.tr("Opmerkingen:"), self.notes),
            ("active", "", self.active),
        ):  # fmt: skip
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            error = QLabel()
            error.setObjectName("fieldError")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.setVisible(False)
            box.addWidget(error)
            self.errors[key] = error
            caption = QLabel(label)  # a real label with a buddy: "&Naam" shows as Naam, Alt+N goes there
            caption.setBuddy(widget)
            form.addRow(caption, box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        if data is not None:
            self.fill(data)

    def fill(self, data: EmployerInput) -> None:
        self.name.setText(data.name)
        self.kvk.setText(data.kvk)
        for combo, value in ((self.gemeente, data.gemeente_code), (self.sector, data.sector),
                             (self.size_class, data.size_class), (self.wsp, data.wsp)):  # fmt: skip
            combo.setCurrentIndex(max(0, combo.findData(value)))
        self.address.setText(data.address)
        self.contacts.set_contacts(data.contacts)
        self.notes.setPlainText(data.notes)
        self.active.setChecked(data.active)

    def value(self) -> EmployerInput:
        contacts = self.contacts.contacts()
        return EmployerInput(
            name=self.name.text(), gemeente_code=self.gemeente.currentData() or "", kvk=self.kvk.text(),
            sector=self.sector.currentData() or "", size_class=self.size_class.currentData() or "",
            address=self.address.text(), wsp=self.wsp.currentData() or "", notes=self.notes.toPlainText(),
            active=self.active.isChecked(), contacts=contacts,
        )  # fmt: skip

    def show_errors(self, fields: dict[str, str], message: str) -> None:
        # One message line per contact person ("Contactpersoon 2: …") under the table.
        about_contacts = [text for key, text in sorted(fields.items()) if key.startswith("contact_")]
        fields = {k: v for k, v in fields.items() if not k.startswith("contact_")}
        if about_contacts:
            fields["contacts"] = "\n".join(about_contacts)
        for key, label in self.errors.items():
            text = fields.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
        self.message.setText(message)
        # Grow so every message can be read (adjustSize would cap the dialog at part of the screen).
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))


class EmployersTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded = False
        self.dialog: EmployerDialog | None = None
        self.shown: EmployerInfo | None = None  # the employer in the detail pane
        self.last_task: Any = None
        self.gemeenten: list[tuple[str, str]] = []
        # Each key stroke searches: only the last search fills the list, the last pick the pane.
        self._list_load, self._detail_load = LatestOnly(), LatestOnly()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Zoek op naam, KvK, plaats of contactpersoon…"))
        self.search.setAccessibleName(self.tr("Zoek werkgever op naam, KvK, plaats of contactpersoon"))
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.wsp = QComboBox()
        self.wsp.addItem(self.tr("Alle servicepunten"), None)
        self.wsp.setAccessibleName(self.tr("Werkgeversservicepunt"))
        for name in WSP_REGIONS:
            self.wsp.addItem(name, name)
        self.wsp.currentIndexChanged.connect(lambda _i: self.refresh())
        actor = context.actor
        self.may_add = actor.system or is_allowed(
            actor.role, Action.CREATE, Area.DIRECTORY, own_gemeente=True
        )
        self.new_button = QPushButton(self.tr("&Nieuwe werkgever…"))
        self.new_button.setVisible(self.may_add)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button = QPushButton(self.tr("&Wijzigen…"))
        self.edit_button.setEnabled(False)
        self.edit_button.clicked.connect(lambda: self.edit(self.current_id()))
        from app.ui.challenges.list_export import export_button

        tip = self.tr("De werkgevers zoals de lijst ze nu toont, als Excel-bestand")
        self.export_button = export_button(actor, "werkgevers", tip, lambda: self.export())
        self.model = RowTableModel(employer_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.sig_selection_changed.connect(self.show_current)
        self.table.sig_row_activated.connect(lambda row: self.edit(row.id))
        self.table.set_empty_state(
            self.tr("Nog geen werkgevers. Voeg er een toe met Nieuwe werkgever, of importeer ze via "
                    "Bestand → Importeren (Ctrl+I).") if self.may_add
            else self.tr("Nog geen werkgevers in de lijst."),
            search=self.search.text,
            filtered=[self.wsp],
        )
        self.detail = QLabel(self.tr("Kies een werkgever in de lijst."))
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumWidth(280)
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.wsp)
        bar.addWidget(self.new_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.export_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)

    def mark_stale(self) -> None:
        self.loaded = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.refresh()

    def current_id(self) -> int | None:
        row = self.table.current_row()
        return row.id if isinstance(row, EmployerRow) else None

    @Slot()
    def refresh(self) -> Any:
        from sqlalchemy import select

        from app.db.models import Gemeente
        from app.services.challenges.employers import list_employers

        self.loaded = True
        actor, text, wsp = self.context.actor, self.search.text(), self.wsp.currentData()
        turn = self._list_load.start()

        def work(session: Any, _control: Any) -> tuple[list[EmployerRow], list[tuple[str, str]]]:
            names = [(g.cbs_code, g.name) for g in session.scalars(select(Gemeente).order_by(Gemeente.name))]
            return list_employers(session, actor, text, wsp=wsp), names

        def done(result: tuple[list[EmployerRow], list[tuple[str, str]]]) -> None:
            rows, self.gemeenten = result
            self.model.set_rows(rows)
            self.count.setText(
                self.tr("{n} werkgevers").format(n=len(rows)) if rows
                else self.tr("Geen werkgevers gevonden. Wis de zoekterm of kies alle servicepunten.")
            )  # fmt: skip

        self.last_task = self.context.tasks.run(
            work, on_success=turn(done), title=self.tr("Werkgevers laden"), parent=self, silent=True
        )
        return self.last_task

    @Slot()
    def show_current(self) -> None:
        from app.services.challenges.employers import employer_history, get_employer

        employer_id = self.current_id()
        self.edit_button.setEnabled(False)
        turn = self._detail_load.start()  # also when nothing is picked: a late detail stays away
        if employer_id is None:
            return
        actor = self.context.actor

        def work(session: Any, _control: Any) -> tuple[EmployerInfo, Any]:
            return get_employer(session, actor, employer_id), employer_history(session, actor, employer_id)

        def done(result: tuple[EmployerInfo, Any]) -> None:
            info, history = result
            self.shown = info
            self.edit_button.setEnabled(info.can_edit)
            e, d = html.escape, info.data
            contacts = (
                "<br>".join(
                    e(" · ".join(p for p in (c.name, c.role, c.phone, c.email) if p)) for c in d.contacts
                )
                or "–"
            )
            years = "".join(
                f"<tr><td>{y}</td><td align='right'>{f.pledged}</td><td align='right'>{f.filled}</td>"
                f"<td align='right'>{f.started}</td><td align='right'>{f.completed}</td></tr>"
                for y, f in history.by_year.items()
            )
            self.detail.setText(
                f"<h3 style='margin:0'>{e(d.name)}</h3>{e(info.gemeente_name)} · {e(d.wsp or '–')}<br>"
                f"KvK {e(d.kvk or 'onbekend')} · {e(SBI_SECTIONS.get(d.sector, 'sector onbekend'))} · "
                f"{e(SIZE_CLASSES.get(d.size_class, 'grootte onbekend'))}<br>{e(d.address)}"
                f"<p><b>Contact</b><br>{contacts}</p>"
                f"<p><b>Betrouwbaarheid</b>: {e(history.reliability_text())}</p>"
                + (f"<table cellpadding='2'><tr><th>Jaar</th><th>Toegezegd</th><th>Ingevuld</th>"
                   f"<th>Gestart</th><th>Afgerond</th></tr>{years}</table>" if years else "")
                + ("" if info.can_edit else "<p style='color:#5f6b76'>Alleen de eigen gemeente of de "
                   "regio-coördinator wijzigt deze werkgever.</p>")
            )  # fmt: skip

        self.last_task = self.context.tasks.run(
            work, on_success=turn(done), title=self.tr("Werkgever laden"), parent=self, silent=True
        )

    def export(self, path: Path | None = None) -> Any:
        """The list as filtered now to an Excel file (asked for when not given)."""
        from app.services.challenges.lists import export_employers
        from app.ui.challenges.list_export import export_to_excel

        actor, text, wsp = self.context.actor, self.search.text(), self.wsp.currentData()
        write = lambda session, to: export_employers(session, actor, to, text, wsp)  # noqa: E731
        self.last_task = export_to_excel(self, self.context, "werkgevers", "werkgevers", write, path)
        return self.last_task

    def edit(self, employer_id: int | None) -> EmployerDialog | None:
        from app.services.challenges.employers import create_employer, update_employer

        if employer_id is None and not self.may_add:
            return None
        actor = self.context.actor
        info: EmployerInfo | None = None
        if employer_id is not None:
            # The one the detail pane loaded on a worker (no database read on the GUI thread); a
            # stale version there comes back as a shown conflict when saving.
            info = self.shown if self.shown is not None and self.shown.id == employer_id else None
            if info is None or not info.can_edit:
                return None
        dialog = EmployerDialog(self.gemeenten, info.data if info else None, self)
        if info is None and actor.gemeente_code:
            dialog.gemeente.setCurrentIndex(max(0, dialog.gemeente.findData(actor.gemeente_code)))
        self.dialog = dialog
        version = [info.version if info else 0]

        def save() -> None:
            data = dialog.value()

            def work(session: Any, _control: Any) -> EmployerInfo:
                if employer_id is None:
                    return create_employer(session, actor, data)
                return update_employer(session, actor, employer_id, version[0], data)

            def failed(exc: BaseException) -> None:
                if isinstance(exc, ValidationError):
                    dialog.show_errors(exc.fields, self.tr("Controleer de gemarkeerde velden."))
                elif isinstance(exc, ConflictError) and isinstance(exc.current, EmployerInfo):
                    version[0] = exc.current.version
                    dialog.fill(exc.current.data)
                    dialog.show_errors({}, CONFLICT_TEXT)
                else:
                    dialog.show_errors({}, getattr(exc, "message", None) or self.tr("Opslaan is mislukt."))

            def saved(_info: EmployerInfo) -> None:
                dialog.accept()
                self.context.show_status(self.tr("Werkgever opgeslagen."))
                self.refresh()

            self.last_task = self.context.tasks.run(
                work, on_success=saved, on_failure=failed, title=self.tr("Werkgever opslaan"), parent=dialog
            )

        dialog.buttons.accepted.connect(save)
        dialog.open()
        return dialog
