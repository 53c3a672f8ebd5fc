"""Enter or change an initiative (also "Gecontroleerd en gewijzigd…": the same form, saved as a
check with corrections). The service validates; its field messages appear under their fields and
the dialog grows to show them. A conflict shows the other person's version in the form, never
overwrites it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.directory import LANGUAGES, TARGET_GROUPS, InitiativeStatus
from app.domain.roles import Action, Area, is_allowed
from app.errors import ConflictError, UserError, ValidationError
from app.ui.a11y import name_field
from app.ui.forms import ERROR_STYLE, HINT_STYLE, FieldWithError

if TYPE_CHECKING:
    from app.services.directory.initiatives import InitiativeInfo, InitiativeInput
    from app.ui.context import AppContext
    from app.ui.tasks import Task


def check_list(items: list[tuple[str, str]], height: int = 84) -> QListWidget:
    """A short list of check boxes (code in UserRole)."""
    widget = QListWidget()
    for code, label in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setFixedHeight(height)
    return widget


def set_checked(widget: QListWidget, codes: list[str]) -> None:
    for i in range(widget.count()):
        item = widget.item(i)
        on = item.data(Qt.ItemDataRole.UserRole) in codes
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def checked(widget: QListWidget) -> list[str]:
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip


def optional_spin(maximum: int, empty: str, width: int = 110) -> QSpinBox:
    """A number that may stay empty: -1 shows ``empty`` and means None."""
    spin = QSpinBox()
    spin.setRange(-1, maximum)
    spin.setSpecialValueText(empty)
    spin.setValue(-1)
    spin.setFixedWidth(width)
    return spin


def spin_value(spin: QSpinBox) -> int | None:
    return None if spin.value() < 0 else spin.value()


def line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length + 50)  # a little over: the service explains the limit
    edit.setPlaceholderText(placeholder)
    return edit


class InitiativeDialog(QDialog):
    sig_saved = Signal(object)
    """Saved; carries the ``InitiativeInfo`` as it now stands."""

    def __init__(
        self,
        context: AppContext,
        gemeenten: list[tuple[int, str, str]],
        kinds: dict[str, str],
        info: InitiativeInfo | None = None,
        *,
        verify: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.info = info
        self.verify = verify
        self.last_task: Task | None = None
        actor = context.actor
        if info is None:
            title = self.tr("Nieuw initiatief")
        elif verify:
            title = self.tr("Gecontroleerd en gewijzigd: {name}").format(name=info.data.name)
        else:
            title = self.tr("Initiatief wijzigen: {name}").format(name=info.data.name)
        self.setWindowTitle(title)
        self.setMinimumWidth(900)
        self.fields: dict[str, FieldWithError] = {}

        self.name = line(200)
        self.organisation = line(200)
        self.kind = QComboBox()
        for code, label in kinds.items():
            self.kind.addItem(label, code)
        self.owner = QComboBox()
        anyone = actor.system or is_allowed(actor.role, Action.CREATE, Area.DIRECTORY, own_gemeente=False)
        current_owner = info.data.gemeente_id if info else actor.gemeente_id
        for gid, _code, gname in gemeenten:
            if anyone or gid in (actor.gemeente_id, current_owner):
                self.owner.addItem(gname, gid)
        self.status = QComboBox()
        for status in InitiativeStatus:
            self.status.addItem(status.label, status.value)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(62)
        self.description.setTabChangesFocus(True)
        self.groups = check_list(list(TARGET_GROUPS.items()))
        self.min_age = optional_spin(120, self.tr("geen"), 80)
        self.max_age = optional_spin(120, self.tr("geen"), 80)
        self.min_age.setAccessibleName(self.tr("Leeftijd vanaf"))
        self.max_age.setAccessibleName(self.tr("Leeftijd tot en met"))
        self.languages = check_list(list(LANGUAGES.items()))
        self.via_interpreter = QCheckBox(self.tr("ook via een tolk"))
        self.gemeenten = check_list([(code, gname) for _gid, code, gname in gemeenten])
        self.open_to_region = QCheckBox(self.tr("open voor inwoners van andere gemeenten in de regio"))
        self.places = optional_spin(10_000, self.tr("niet bekend"))
        self.waiting_list = QCheckBox(self.tr("wachtlijst"))
        self.schedule = line(300, self.tr("bijvoorbeeld: dinsdag 19:00–21:00"))
        self.by_appointment = QCheckBox(self.tr("op afspraak"))
        self.address = line(200, self.tr("straat, huisnummer en plaats"))
        self.online = QCheckBox(self.tr("online"))
        self.accessibility = line(300, self.tr("bijvoorbeeld: rolstoeltoegankelijk"))
        self.cost = line(120, self.tr("bijvoorbeeld: gratis"))
        self.contact_name = line(120)
        self.contact_phone = line(40)
        self.contact_email = line(200, self.tr("naam@organisatie.nl"))
        self.website = line(300, "https://")

        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        ages = QWidget()
        ages_row = QHBoxLayout(ages)
        ages_row.setContentsMargins(0, 0, 0, 0)
        ages_row.addWidget(self.min_age)
        ages_row.addWidget(QLabel(self.tr("tot en met")))
        ages_row.addWidget(self.max_age)
        ages_row.addWidget(QLabel(self.tr("jaar")))
        ages_row.addStretch(1)
        self._row(left, self.tr("&Naam:"), "name", self.name)
        self._row(left, self.tr("&Organisatie:"), "organisation", self.organisation)
        self._row(left, self.tr("&Soort:"), "kind", self.kind)
        self._row(left, self.tr("&Eigenaar:"), "gemeente_id", self.owner,
                  hint=self.tr("de gemeente die dit initiatief bijhoudt"))  # fmt: skip
        self._row(left, self.tr("S&tatus:"), "status", self.status)
        self._row(left, self.tr("O&mschrijving:"), "description", self.description)
        self._row(left, self.tr("&Doelgroep:"), "target_groups", self.groups)
        self._row(left, self.tr("&Leeftijd:"), "min_age", ages)
        self.fields["max_age"] = self.fields["min_age"]
        self._row(left, self.tr("T&alen:"), "languages", self.languages, self.via_interpreter)
        self._row(right, self.tr("&Gemeenten:"), "gemeenten", self.gemeenten,
                  hint=self.tr("waar het plaatsvindt (niets aangevinkt: de eigenaar)"))  # fmt: skip
        self._row(right, "", "open_to_region", self.open_to_region)
        self._row(right, self.tr("&Plekken vrij:"), "places_available", self.places, self.waiting_list)
        self._row(right, self.tr("&Wanneer:"), "schedule", self.schedule, self.by_appointment)
        self._row(right, self.tr("Adr&es:"), "address", self.address, self.online)
        self._row(right, self.tr("Toegankelijkheid:"), "accessibility", self.accessibility)
        self._row(right, self.tr("&Kosten:"), "cost", self.cost)
        self._row(right, self.tr("&Contactpersoon:"), "contact_name", self.contact_name)
        self._row(right, self.tr("Tele&foon:"), "contact_phone", self.contact_phone)
        self._row(right, self.tr("E-&mail:"), "contact_email", self.contact_email)
        self._row(right, self.tr("&Website:"), "website", self.website)

        intro = QLabel(
            self.tr("U heeft het initiatief nagevraagd. Pas aan wat veranderd is en kies "
                    "<b>Controle opslaan</b>: de datum van controle wordt vandaag.")
            if verify else self.tr("Alleen wat u verandert wordt opgeslagen, met uw naam in de geschiedenis.")
        )  # fmt: skip
        intro.setWordWrap(True)
        intro.setStyleSheet(HINT_STYLE)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Controle opslaan") if verify else self.tr("Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        for index, form in enumerate((left, right)):
            column = QVBoxLayout()  # each column keeps its rows together at the top
            column.addLayout(form)
            column.addStretch(1)
            if index:
                columns.addSpacing(16)
            columns.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if info is not None:
            self.fill(info.data)
        elif actor.gemeente_id is not None:
            self.owner.setCurrentIndex(max(0, self.owner.findData(actor.gemeente_id)))

    def _row(self, form: QFormLayout, label: str, key: str, *widgets: QWidget, hint: str = "") -> None:
        holder = FieldWithError(*widgets, hint=hint)
        caption = QLabel(label)
        caption.setBuddy(widgets[0])
        form.addRow(caption, holder)
        name_field(caption, holder)  # the field sits in a wrapper: Qt would not read the label out
        self.fields[key] = holder

    # -- data ---------------------------------------------------------------------------------

    def fill(self, data: InitiativeInput) -> None:
        self.name.setText(data.name)
        self.organisation.setText(data.organisation)
        if self.kind.findData(data.kind) < 0:  # a retired kind stays choosable for its entries
            self.kind.addItem(data.kind, data.kind)
        self.kind.setCurrentIndex(self.kind.findData(data.kind))
        self.owner.setCurrentIndex(max(0, self.owner.findData(data.gemeente_id)))
        self.status.setCurrentIndex(self.status.findData(data.status.value))
        self.description.setPlainText(data.description)
        set_checked(self.groups, data.target_groups)
        self.min_age.setValue(-1 if data.min_age is None else data.min_age)
        self.max_age.setValue(-1 if data.max_age is None else data.max_age)
        set_checked(self.languages, data.languages)
        self.via_interpreter.setChecked(data.via_interpreter)
        set_checked(self.gemeenten, data.gemeenten)
        self.open_to_region.setChecked(data.open_to_region)
        self.places.setValue(-1 if data.places_available is None else data.places_available)
        self.waiting_list.setChecked(data.waiting_list)
        self.schedule.setText(data.schedule)
        self.by_appointment.setChecked(data.by_appointment)
        self.address.setText(data.address)
        self.online.setChecked(data.online)
        self.accessibility.setText(data.accessibility)
        self.cost.setText(data.cost)
        self.contact_name.setText(data.contact_name)
        self.contact_phone.setText(data.contact_phone)
        self.contact_email.setText(data.contact_email)
        self.website.setText(data.website)

    def input(self) -> InitiativeInput:
        from app.services.directory.initiatives import InitiativeInput

        base = self.info.data if self.info is not None else None
        values = dict(
            name=self.name.text(), kind=self.kind.currentData() or "",
            gemeente_id=self.owner.currentData() or 0, organisation=self.organisation.text(),
            description=self.description.toPlainText(), target_groups=checked(self.groups),
            min_age=spin_value(self.min_age), max_age=spin_value(self.max_age),
            languages=checked(self.languages), via_interpreter=self.via_interpreter.isChecked(),
            gemeenten=checked(self.gemeenten), open_to_region=self.open_to_region.isChecked(),
            places_available=spin_value(self.places), waiting_list=self.waiting_list.isChecked(),
            schedule=self.schedule.text(), by_appointment=self.by_appointment.isChecked(),
            address=self.address.text(), online=self.online.isChecked(),
            accessibility=self.accessibility.text(), cost=self.cost.text(),
            contact_name=self.contact_name.text(), contact_phone=self.contact_phone.text(),
            contact_email=self.contact_email.text(), website=self.website.text(),
            status=InitiativeStatus(self.status.currentData()),
        )  # fmt: skip
        return replace(base, **values) if base is not None else InitiativeInput(**values)  # type: ignore[arg-type]

    # -- saving -------------------------------------------------------------------------------

    def accept(self) -> None:
        from app.services.directory import initiatives as di

        data, actor, info, verify = self.input(), self.context.actor, self.info, self.verify
        self.show_errors({}, "")
        self.save_button.setEnabled(False)

        def work(session: Any, _control: Any) -> InitiativeInfo:
            if info is None:
                return di.create_initiative(session, actor, data)
            if verify:
                return di.verify_initiative(session, actor, info.id, info.version, data=data)
            return di.update_initiative(session, actor, info.id, info.version, data)

        self.last_task = self.context.tasks.run(
            work, on_success=self._saved, on_failure=self._failed,
            title=self.tr("Initiatief opslaan"), parent=self, cancellable=False,
        )  # fmt: skip

    def _saved(self, info: InitiativeInfo) -> None:
        self.save_button.setEnabled(True)
        self.context.show_status(
            (self.tr("“{name}” is gecontroleerd en opgeslagen.") if self.verify
             else self.tr("“{name}” is opgeslagen.")).format(name=info.data.name)
        )  # fmt: skip
        self.sig_saved.emit(info)
        super().accept()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ConflictError):
            current = exc.current
            if current is not None:  # show what the other person saved; the user decides again
                self.info = current
                self.fill(current.data)
            self.show_errors({}, exc.message)
        elif isinstance(exc, ValidationError):
            self.show_errors(
                exc.fields, self.tr("Controleer de gemarkeerde velden.") if exc.fields else exc.message
            )
        elif isinstance(exc, UserError):
            self.show_errors({}, exc.message)
        else:
            self.show_errors({}, self.tr("Er ging iets onverwachts mis: {error}").format(error=exc))

    def show_errors(self, errors: dict[str, str], message: str) -> None:
        """Each message under its field (min and max age share a row), the overall one below."""
        shown: dict[int, tuple[FieldWithError, list[str]]] = {}
        for key, holder in self.fields.items():
            entry = shown.setdefault(id(holder), (holder, []))
            if errors.get(key) and errors[key] not in entry[1]:
                entry[1].append(errors[key])
        for holder, messages in shown.values():
            holder.set_error(" ".join(messages) or None)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        QTimer.singleShot(0, self, self.fit_height)  # with self as context: not after the dialog went

    def fit_height(self) -> None:
        """Grow (never shrink) so the messages that appeared fit. A form row does not ask a wrapped
        label for its height at the row's width, so each message gets that height as its minimum."""
        for holder in self.fields.values():
            label = holder.error
            label.setMinimumHeight(label.heightForWidth(holder.width()) if label.isVisibleTo(self) else 0)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        needed = self.sizeHint().height()
        if layout is not None and layout.hasHeightForWidth():
            needed = max(needed, layout.totalHeightForWidth(self.width()))
        if needed > self.height():
            self.resize(self.width(), needed)
