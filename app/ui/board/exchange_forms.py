"""The widgets of the exchange dialogs (layout only; behaviour is in ``exchange_dialogs``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.db.models import PostKind
from app.domain.periods import Period
from app.services.region import GemeenteInfo
from app.ui.forms import ERROR_STYLE, HINT_STYLE, FieldWithError


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.setVisible(False)
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def _period_combo(periods: list[Period], default: Period | None) -> QComboBox:
    """Periods by their Dutch name ("2e helft 2026"), the code in the tooltip; found by value, since
    Qt's findData cannot compare Python objects."""
    combo = QComboBox()
    for index, period in enumerate(periods):
        combo.addItem(period.label_nl, period)
        combo.setItemData(index, period.code, Qt.ItemDataRole.ToolTipRole)
    if default is not None:
        combo.setCurrentIndex(next((i for i, p in enumerate(periods) if p == default), 0))
    return combo


def _persons_spin() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, 99)
    spin.setValue(1)
    spin.setMaximumWidth(90)
    return spin


def _finish(
    dialog: QWidget, form: QFormLayout, intro: str, message: QLabel, ok_text: str
) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("Annuleren"))
    layout = QVBoxLayout(dialog)
    if intro:
        layout.addWidget(_hint(intro))
    layout.addLayout(form)
    layout.addWidget(message)
    layout.addStretch(1)
    layout.addWidget(buttons)
    return buttons


class PostForm:
    """New post: kind, the household or dwelling it is about, persons, text."""

    def setup(self, dialog: QDialog, gemeente_name: str) -> None:
        tr = dialog.tr
        dialog.setMinimumWidth(580)
        self.kind = QComboBox()
        for kind in (PostKind.HUISHOUDEN_ZOEKT, PostKind.WONING_BESCHIKBAAR):
            self.kind.addItem(kind.label, kind)
        self.household = household_combo(dialog)
        self.household_field = FieldWithError(
            self.household, hint=tr("wie reageert, huisvest dit huishouden")
        )
        self.dwelling = QComboBox()
        self.dwelling.setMinimumWidth(320)
        self.dwelling.addItem(tr("— geen bepaalde woning —"), None)
        self.dwelling_field = FieldWithError(
            self.dwelling,
            hint=tr("een vrije woning van uw gemeente, of geen bepaalde; vul Personen in, dan staan de "
                    "woningen die passen bovenaan"),
        )
        self.persons = _persons_spin()
        self.persons_field = FieldWithError(self.persons)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(tr("Bijvoorbeeld: gezin van 7, geen passende woning in onze gemeente"))
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(90)
        self.text_field = FieldWithError(self.text)
        self.form_layout = form = QFormLayout()
        form.addRow(tr("&Soort:"), self.kind)
        form.addRow(tr("&Huishouden:"), self.household_field)
        form.addRow(tr("&Woning:"), self.dwelling_field)
        form.addRow(tr("&Personen:"), self.persons_field)
        form.addRow(tr("&Tekst:"), self.text_field)
        self.household.setAccessibleName(tr("Huishouden"))
        self.dwelling.setAccessibleName(tr("Woning"))
        self.persons.setAccessibleName(tr("Personen"))
        self.text.setAccessibleName(tr("Tekst"))
        self.message = _message_label()
        intro = tr(
            "Het bericht staat op het bord van de hele regio, namens {g}. Noem geen namen of V-nummers "
            "in de tekst; het bord toont alleen het V-nummer, de grootte en de koppelingsdatum."
        ).format(g=gemeente_name)
        self.buttons = _finish(dialog, form, intro, self.message, tr("Plaatsen"))

    def show_kind(self, kind: PostKind) -> None:
        """A request is about a household, an offer about a dwelling: show only that row."""
        asks = kind is PostKind.HUISHOUDEN_ZOEKT
        self.form_layout.setRowVisible(self.household_field, asks)
        self.form_layout.setRowVisible(self.dwelling_field, not asks)

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {
            "persons": self.persons_field,
            "text": self.text_field,
            "koppeling": self.household_field,
            "dwelling": self.dwelling_field,
        }


class AnswerForm:
    """Answer a post with a swap proposal: period and an optional note."""

    def setup(self, dialog: QDialog, summary: str, periods: list[Period], default: Period | None) -> None:
        tr = dialog.tr
        dialog.setMinimumWidth(520)
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.period = _period_combo(periods, default)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(tr("Optioneel, bijvoorbeeld wanneer de woning vrijkomt"))
        self.household = household_combo(dialog)
        self.household_field = FieldWithError(
            self.household, hint=tr("het huishouden dat de gastgemeente huisvest")
        )
        form = QFormLayout()
        form.addRow(tr("Bericht:"), self.summary)
        form.addRow(tr("&Huishouden:"), self.household_field)
        self.household.setAccessibleName(tr("Huishouden"))
        form.addRow(tr("&Periode:"), self.period)
        form.addRow(tr("&Notitie:"), self.note)
        self.message = _message_label()
        intro = tr(
            "Uw gemeente stelt een uitruil voor; uw akkoord wordt met het voorstel vastgelegd. "
            "De andere gemeente beslist daarna."
        )
        self.buttons = _finish(dialog, form, intro, self.message, tr("Voorstel versturen"))


class SwapForm:
    """New swap proposal: host and owner, persons, period, swaps it settles, note."""

    def setup(
        self, dialog: QDialog, gemeenten: list[GemeenteInfo], periods: list[Period], default: Period | None
    ) -> None:
        tr = dialog.tr
        dialog.setMinimumWidth(560)
        self.host = QComboBox()
        self.owner = QComboBox()
        for combo in (self.host, self.owner):
            for gemeente in gemeenten:
                combo.addItem(gemeente.name, gemeente.cbs_code)
        self.host_field = FieldWithError(self.host, hint=tr("huisvest de personen nu"))
        self.owner_field = FieldWithError(self.owner, hint=tr("de personen tellen mee voor deze gemeente"))
        self.persons = _persons_spin()
        self.persons_field = FieldWithError(self.persons)
        self.period = _period_combo(periods, default)
        self.settles = QListWidget()
        self.settles.setFixedHeight(96)
        self.settles_field = FieldWithError(
            self.settles, hint=tr("eerdere uitruil andersom die hiermee terugbetaald wordt")
        )
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        form = QFormLayout()
        form.addRow(tr("&Gastgemeente:"), self.host_field)
        form.addRow(tr("&Voor gemeente:"), self.owner_field)
        self.household = household_combo(dialog)
        self.household_field = FieldWithError(
            self.household, hint=tr("een wachtend huishouden van die gemeente")
        )
        form.addRow(tr("&Huishouden:"), self.household_field)
        form.addRow(tr("P&ersonen:"), self.persons_field)
        self.host.setAccessibleName(tr("Gastgemeente"))
        self.owner.setAccessibleName(tr("Voor gemeente"))
        self.household.setAccessibleName(tr("Huishouden"))
        self.persons.setAccessibleName(tr("Personen"))
        self.settles.setAccessibleName(tr("Vereffent"))
        form.addRow(tr("&Periode:"), self.period)
        form.addRow(tr("Ve&reffent:"), self.settles_field)
        form.addRow(tr("&Notitie:"), self.note)
        self.message = _message_label()
        intro = tr(
            "De gastgemeente huisvest personen voor de andere gemeente; die is haar daarna evenveel "
            "personen schuldig. Uw akkoord wordt met het voorstel vastgelegd."
        )
        self.buttons = _finish(dialog, form, intro, self.message, tr("Voorstel versturen"))

    @property
    def fields(self) -> dict[str, FieldWithError]:
        return {
            "gemeente": self.owner_field,
            "persons": self.persons_field,
            "settles": self.settles_field,
            "koppeling": self.household_field,
        }


class ReasonForm:
    """A reason for declining or withdrawing."""

    def setup(self, dialog: QDialog, summary: str, ok_text: str, required: bool) -> None:
        tr = dialog.tr
        dialog.setMinimumWidth(440)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.reason.setPlaceholderText(tr("Verplicht") if required else tr("Optioneel"))
        self.reason_field = FieldWithError(self.reason)
        form = QFormLayout()
        form.addRow(tr("&Reden:"), self.reason_field)
        self.reason.setAccessibleName(tr("Reden"))
        self.message = _message_label()
        self.buttons = _finish(dialog, form, summary, self.message, ok_text)


PERSONS_ONLY = -1  # the household combo's "no household" choice
PERSONS_ROLE = Qt.ItemDataRole.UserRole + 1  # a household item's number of persons


def household_combo(dialog: QDialog) -> QComboBox:
    """The household a swap is about (V-nummer, size, linked date), or explicitly none. Nothing is
    chosen beforehand: the user picks a household or "persons only" on purpose."""
    combo = QComboBox()
    combo.setMinimumWidth(320)
    combo.addItem(dialog.tr("— kies een huishouden —"), None)
    combo.addItem(dialog.tr("Alleen aantal personen (geen huishouden)"), PERSONS_ONLY)
    return combo


def fill_households(combo: QComboBox, choices: list, keep: int | None = None) -> None:  # type: ignore[type-arg]
    """Put the waiting households after the two fixed choices; select ``keep`` if there, else
    leave the choice to the user (the placeholder)."""
    while combo.count() > 2:
        combo.removeItem(2)
    for choice in choices:
        combo.addItem(
            combo.tr("{v} · {n} pers. · gekoppeld {d}").format(
                v=choice.v_nummer, n=choice.persons, d=choice.linked_on.strftime("%d-%m-%Y")
            ),
            choice.id,
        )
        combo.setItemData(combo.count() - 1, choice.persons, PERSONS_ROLE)
    combo.setItemText(
        0,
        combo.tr("— kies een huishouden —")
        if choices
        else combo.tr("— geen wachtend huishouden; kies 'Alleen aantal personen' —"),
    )
    index = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(0, index))
