"""Nieuw dossier: from a koppeling of the own municipality that has no dossier yet (V-nummer, dates
and nareizigers come along), or by hand (e.g. a household that came through gezinshereniging)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.case_dossier import MemberRole
from app.errors import ValidationError
from app.services.cases.queries import KoppelingChoice
from app.ui.a11y import name_fields
from app.ui.cases.fields import line_edit, message_label, optional_date, optional_date_edit, show_failure
from app.ui.context import AppContext
from app.ui.forms import FieldWithError
from app.ui.latest import LatestOnly
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel, SearchBar
from app.ui.widgets.placement import place_on_screen

if TYPE_CHECKING:
    from app.services.cases.members import MemberInput
    from app.services.cases.views import DossierDetail
    from app.ui.tasks import Task


def _t(text: str) -> str:
    return QCoreApplication.translate("NewDossierDialog", text)


def koppeling_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("v_nummer", _t("V-nummer")),
        ColumnSpec("linked_on", _t("Gekoppeld op"), kind="date"),
        ColumnSpec(
            lambda k: f"{k.persons} ({k.adults}/{k.children})",
            _t("Personen"),
            tooltip=_t("Aantal personen (volwassenen/kinderen)"),
        ),
        ColumnSpec("expected_followers", _t("Nareizigers"), kind="int", format=lambda n: str(n) if n else ""),
        ColumnSpec("languages", _t("Talen")),
        ColumnSpec("azc_location", _t("AZC")),
        ColumnSpec("status", _t("Status")),
        ColumnSpec("housed_on", _t("Gehuisvest op"), kind="date"),
    ]


class NewDossierDialog(QDialog):
    sig_created = Signal(object)
    """The dossier was made; carries its ``DossierDetail``."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.created: DossierDetail | None = None
        self.last_task: Task | None = None
        self._koppelingen_load = LatestOnly()  # typing on while a search runs: the last search wins
        self.setWindowTitle(self.tr("Nieuw dossier"))
        place_on_screen(self, QSize(960, 660), parent)  # at most the screen, centred on it
        tr = self.tr
        self.from_koppeling = QRadioButton(tr("Vanuit een &koppeling"))
        self.by_hand = QRadioButton(tr("&Met de hand"))
        self.from_koppeling.setChecked(True)
        self.from_koppeling.toggled.connect(self._mode_changed)
        choose = QHBoxLayout()
        choose.addWidget(self.from_koppeling)
        choose.addWidget(self.by_hand)
        choose.addStretch(1)

        self.search = SearchBar(self, placeholder=tr("Zoek op V-nummer of AZC…"))
        self.search.sig_search_changed.connect(lambda _t: self.load_koppelingen())
        self.model = RowTableModel(koppeling_columns(), parent=self)
        self.table = DataTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
        self.table.sig_row_activated.connect(lambda _row: self.accept())
        self.table.set_empty_state(
            tr("Geen huishoudens zonder dossier. Kies Met de hand, of importeer het COA-bestand via "
               "Bestand → Importeren (Ctrl+I)."),
            search=self.search.text,
        )
        self.koppeling_field = FieldWithError(
            QLabel(tr("Huishoudens van uw gemeente zonder dossier, nieuwste eerst."))
        )
        koppeling_page = QWidget()
        kp = QVBoxLayout(koppeling_page)
        kp.setContentsMargins(0, 0, 0, 0)
        kp.addWidget(self.koppeling_field)
        kp.addWidget(self.search)
        kp.addWidget(self.table, 1)

        self.v_nummer = line_edit(14, 150, "0123456789")
        self.gemeente = QComboBox()
        own = context.actor.gemeente_name or ""
        self.gemeente.addItem(own or tr("— kies een gemeente —"), context.actor.gemeente_code)
        self.gemeente.setEnabled(False)  # a dossier belongs to the own municipality
        self.linked_on = optional_date_edit(None)
        self.moving_date = optional_date_edit(None, tr("nog niet bekend"))
        self.moving_date.setFixedWidth(160)
        self.address = line_edit(200, placeholder=tr("straat, huisnummer, postcode en plaats"))
        self.followers = QSpinBox()
        self.followers.setRange(0, 99)
        self.followers.setFixedWidth(72)
        self.fields: dict[str, FieldWithError] = {}
        hand_page = QWidget()
        hand = QFormLayout(hand_page)
        hand.setContentsMargins(0, 0, 0, 0)
        for label, key, widget, hint in (
            (tr("&V-nummer:"), "v_nummer", self.v_nummer, tr("van de hoofdaanvrager; 10 cijfers")),
            (tr("Gemeente:"), "gemeente", self.gemeente, ""),
            (tr("Gekoppeld op:"), "linked_on", self.linked_on, ""),
            (tr("Verhuisdatum:"), "moving_date", self.moving_date, ""),
            (tr("Adres na verhuizing:"), "address_after_move", self.address, ""),
            (tr("Nareizigers verwacht:"), "expected_followers", self.followers, ""),
        ):
            self.fields[key] = FieldWithError(widget, hint=hint)
            hand.addRow(label, self.fields[key])
        self.pages = QStackedWidget()
        self.pages.addWidget(koppeling_page)
        self.pages.addWidget(hand_page)

        head = QGroupBox(tr("Hoofdaanvrager"))
        head_form = QFormLayout(head)
        self.head_name = line_edit(120, placeholder=tr("Voornaam en achternaam"))
        self.head_birth = optional_date_edit(None)
        self.head_languages = line_edit(120, placeholder=tr("bijv. Tigrinya, Engels"))
        self.head_interpreter = QCheckBox(tr("Tolk nodig bij gesprekken"))
        for label, key, widget in (
            (tr("&Naam:"), "name", self.head_name),
            (tr("Geboortedatum:"), "birth_date", self.head_birth),
            (tr("Talen:"), "languages", self.head_languages),
        ):
            self.fields[key] = FieldWithError(widget)
            head_form.addRow(label, self.fields[key])
        head_form.addRow("", self.head_interpreter)
        self.fields["koppeling"] = self.koppeling_field
        self.alias_keys = {"role": "name", "name_arabic": "name", "bsn": "name"}

        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Dossier aanmaken"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.pages, 1)
        layout.addWidget(head)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load_koppelingen()
        name_fields(self)  # labels whose fields sit in wrappers name them too

    @Slot()
    def _mode_changed(self) -> None:
        self.pages.setCurrentIndex(0 if self.from_koppeling.isChecked() else 1)
        (self.search if self.from_koppeling.isChecked() else self.v_nummer).setFocus()

    @Slot()
    def load_koppelingen(self) -> None:
        from app.services.cases.queries import koppelingen_without_dossier

        actor, text, turn = self.context.actor, self.search.text(), self._koppelingen_load.start()
        self.last_task = self.context.tasks.run(
            lambda session, _c: koppelingen_without_dossier(session, actor, text=text),
            on_success=turn(self._show_koppelingen),
            title=self.tr("Koppelingen laden"),
            parent=self,
        )

    def _show_koppelingen(self, rows: list[KoppelingChoice]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)

    def head(self) -> MemberInput | None:
        from app.services.cases.members import MemberInput

        name = self.head_name.text().strip()
        if not name and self.from_koppeling.isChecked():
            return None  # the household can be filled in afterwards
        return MemberInput(
            name=name,
            role=MemberRole.HOOFDAANVRAGER,
            birth_date=optional_date(self.head_birth),
            languages=self.head_languages.text(),
            interpreter_needed=self.head_interpreter.isChecked(),
        )

    def accept(self) -> None:
        from app.services.cases import dossiers as ds

        actor, head = self.context.actor, self.head()
        self._show_errors({})
        if self.from_koppeling.isChecked():
            chosen: KoppelingChoice | None = self.table.current_row()
            if chosen is None:
                self._show_errors({"koppeling": self.tr("Kies de koppeling waarvoor het dossier is.")})
                return
            if head is not None and not head.v_nummer:
                head.v_nummer = chosen.v_nummer
            if head is not None and not head.languages:
                head.languages = chosen.languages

            def work(session: Any, _control: Any) -> DossierDetail:
                return ds.create_dossier_from_koppeling(session, actor, chosen.id, head=head)
        else:
            if self._local_errors():
                return
            data = ds.DossierInput(
                gemeente_code=self.gemeente.currentData() or "",
                v_nummer=self.v_nummer.text(),
                linked_on=optional_date(self.linked_on),
                moving_date=optional_date(self.moving_date),
                address_after_move=self.address.text(),
                expected_followers=self.followers.value(),
            )
            assert head is not None
            head.v_nummer = head.v_nummer or data.v_nummer

            def work(session: Any, _control: Any) -> DossierDetail:
                return ds.create_dossier(session, actor, data, head)

        self.buttons.setEnabled(False)
        self.last_task = self.context.tasks.run(
            work,
            on_success=self._created,
            on_failure=self._failed,
            title=self.tr("Dossier aanmaken"),
            parent=self,
            cancellable=False,
        )

    def _local_errors(self) -> bool:
        """What can be checked here, all at once; the service checks the rest (and these again)."""
        from app.domain.identifiers import IdentifierError, normalize_v_nummer

        errors: dict[str, str] = {}
        try:
            normalize_v_nummer(self.v_nummer.text())
        except IdentifierError as exc:
            errors["v_nummer"] = str(exc)
        if not self.head_name.text().strip():
            errors["name"] = self.tr("Vul de naam in.")
        self._show_errors(errors)
        if errors:
            show_failure(ValidationError(self.tr("Controleer de gemarkeerde velden.")), message=self.message)
        return bool(errors)

    def _created(self, detail: DossierDetail) -> None:
        self.buttons.setEnabled(True)
        self.created = detail
        self.sig_created.emit(detail)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        fields = dict(exc.fields) if isinstance(exc, ValidationError) else {}
        for key, target in self.alias_keys.items():
            if key in fields:
                fields[target] = " ".join(filter(None, (fields.get(target), fields.pop(key))))
        show_failure(exc, message=self.message, tr=self.tr)
        self._show_errors(fields)

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, holder in self.fields.items():
            holder.set_error(errors.get(key))
