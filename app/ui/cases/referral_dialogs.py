"""The dialogs of the Doorverwijzingen tab: refer members to an initiative (found with the "voor dit
huishouden" search) with consent; change a referral's status with a coded reason; record consent
afterwards; and answer the program's question ("is het gestart?", "loopt het nog?").

Consent is asked as for a handover: no answer chosen beforehand, the day it was given (never
silently today) and how it was asked. Names go to a volunteer organisation only once *aangemeld*,
which needs consent "gegeven".
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.directory import REASON_TEXT_MAX, ReferralReason, ReferralStatus, move_errors
from app.domain.handover import NOTE_LABEL, NOTE_MAX, ConsentMethod, ConsentStatus, consent_errors, note_error
from app.ui.cases.consent_dialogs import PICK_DATE, _radio_row, _today_button, dossier_start, picked_date_edit
from app.ui.cases.fields import line_edit, optional_date, text_box
from app.ui.cases.form_dialog import FormDialog

if TYPE_CHECKING:
    from app.services.directory.referrals import ReferralInfo
    from app.services.directory.search import InitiativeRow
    from app.ui.cases.handle import DossierHandle
    from app.ui.context import AppContext

NEEDS_CONSENT = "Aanmelden kan pas als de cliënt toestemming heeft gegeven."


def _t(text: str) -> str:
    return QCoreApplication.translate("ReferralDialogs", text)


class _ConsentRows:
    """The consent rows every referral dialog with consent shares (answer, day, how, language)."""

    def __init__(self, dialog: FormDialog) -> None:
        self.dialog = dialog
        tr = dialog.tr
        answer_box, self.choices = _radio_row(
            [
                (ConsentStatus.GEGEVEN, tr("&Gegeven")),
                (ConsentStatus.GEWEIGERD, tr("Ge&weigerd")),
                (ConsentStatus.NIET_GEVRAAGD, tr("&Niet gevraagd")),
            ],
            self.toggled,
        )
        self.on = picked_date_edit(dossier_start(dialog.handle), tr(PICK_DATE))
        self.today = _today_button(self.on)
        method_box, self.methods = _radio_row(
            [
                (ConsentMethod.IN_PERSON, tr("In een &gesprek")),
                (ConsentMethod.INTERPRETER, tr("Met een &tolk")),
                (ConsentMethod.PHONE, tr("Tele&fonisch")),
            ],
            self.toggled,
        )
        self.language = line_edit(60, 220, tr("bijv. Tigrinya"))
        dialog.add_row(tr("Toestemming:"), "consent", answer_box)
        dialog.add_row(tr("&Datum:"), "consent_on", self.on, self.today, hint=tr("de dag van het antwoord"))
        dialog.add_row(tr("Gevraagd:"), "consent_method", method_box)
        dialog.add_row(tr("Taal &tolk:"), "consent_language", self.language)
        self.listeners: list[Any] = []
        self.toggled()

    def toggled(self) -> None:
        if self.chosen() is not None and "consent" in self.dialog.fields:
            self.dialog.fields["consent"].set_error(None)
        answered = self.chosen() not in (None, ConsentStatus.NIET_GEVRAAGD)
        for widget in (self.on, self.today, *self.methods.values()):
            widget.setEnabled(answered)
        self.language.setEnabled(answered and self.method() is ConsentMethod.INTERPRETER)
        for listener in getattr(self, "listeners", []):
            listener()

    def chosen(self) -> ConsentStatus | None:
        return next((s for s, b in getattr(self, "choices", {}).items() if b.isChecked()), None)

    def method(self) -> ConsentMethod | None:
        return next((m for m, b in getattr(self, "methods", {}).items() if b.isChecked()), None)

    def errors(self) -> dict[str, str]:
        return consent_errors(
            self.chosen(), optional_date(self.on), self.method(), self.language.text(), today=date.today(),
            earliest=dossier_start(self.dialog.handle),
        )  # fmt: skip


class ReferDialog(FormDialog):
    """Refer one or more members of the household to an initiative."""

    def __init__(self, handle: DossierHandle, context: AppContext, parent: QWidget) -> None:
        super().__init__(
            handle, parent, _t("Doorverwijzen"), width=680,
            intro=_t(
                "Verwijs gezinsleden door naar een vrijwilligersinitiatief. Zoek het initiatief voor dit "
                "huishouden; vraag de cliënt toestemming voordat u namen doorgeeft."
            ),
        )  # fmt: skip
        self.context = context
        self.initiative: InitiativeRow | None = None
        self.search_dialog: Any = None  # the household search opened last (tests reach it here)
        tr = self.tr
        self.initiative_label = QLabel(tr("nog geen initiatief gekozen"))
        self.initiative_label.setWordWrap(True)
        self.search_button = QPushButton(tr("&Zoeken voor dit huishouden…"))
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.open_search)
        chooser = QWidget()  # the choice above its button: a long name never runs into it
        column = QVBoxLayout(chooser)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.initiative_label)
        column.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_row(tr("Initiatief:"), "initiative", chooser)
        detail = handle.detail()
        members = detail.members if detail else ()
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        self.member_boxes: dict[int, QCheckBox] = {}
        for m in members:
            age = m.age_on(date.today())
            extra = (
                [m.role.label]
                + ([f"{age} jaar"] if age is not None else [])
                + ([m.languages] if m.languages else [])
            )
            check = QCheckBox(f"{m.name} ({', '.join(extra)})")
            self.member_boxes[m.id] = check
            box.addWidget(check)
        self.add_row(tr("&Voor wie:"), "members", holder)
        self.consent = _ConsentRows(self)
        self.registered = QCheckBox(tr("Meteen &aangemeld bij het initiatief"))
        self.registered.setToolTip(
            tr("Alleen met toestemming: bij het aanmelden krijgt het initiatief de namen")
        )
        self.add_row("", None, self.registered)
        self.consent.listeners.append(self._consent_changed)
        self.note = text_box(56)
        self.note.setPlaceholderText(tr("bijv. liefst op woensdagmiddag"))
        self.add_row(
            tr(NOTE_LABEL) + ":", "note", self.note, hint=tr("hoogstens {n} tekens").format(n=NOTE_MAX)
        )
        self.set_ok_text(tr("Doorverwijzen"))
        self._consent_changed()

    def _consent_changed(self) -> None:
        given = self.consent.chosen() is ConsentStatus.GEGEVEN
        self.registered.setEnabled(given)
        if not given:
            self.registered.setChecked(False)

    def member_ids(self) -> list[int]:
        return [mid for mid, box in self.member_boxes.items() if box.isChecked()]

    def open_search(self) -> Any:
        from app.ui.directory.household_search import HouseholdSearchDialog, household_of

        detail = self.handle.detail()
        if detail is None:
            return None
        household = household_of(detail, date.today(), self.member_ids())
        self.search_dialog = HouseholdSearchDialog(self.context, household, self)
        self.search_dialog.sig_chosen.connect(self.choose)
        self.search_dialog.open()
        return self.search_dialog

    def choose(self, row: InitiativeRow) -> None:
        self.initiative = row
        where = row.owner_name + (self.tr(", open voor de regio") if row.open_to_region else "")
        self.initiative_label.setText(f"<b>{row.name}</b> — {row.kind_label}, {where}")
        if "initiative" in self.fields:
            self.fields["initiative"].set_error(None)

    def accept(self) -> None:
        from app.services.directory.referrals import refer

        errors = self.consent.errors()
        if self.initiative is None:
            errors["initiative"] = self.tr("Kies eerst een initiatief (Zoeken voor dit huishouden).")
        if not self.member_ids():
            errors["members"] = self.tr("Kies wie u doorverwijst (één of meer gezinsleden).")
        if (message := note_error(self.note.toPlainText())) is not None:
            errors["note"] = message
        if self.show_local_errors(errors):
            return
        assert self.initiative is not None
        actor, did, initiative_id, members = (
            self.handle.actor,
            self.handle.dossier_id,
            self.initiative.id,
            self.member_ids(),
        )
        consent, on, method = self.consent.chosen(), optional_date(self.consent.on), self.consent.method()
        language, note, registered = (
            self.consent.language.text(),
            self.note.toPlainText(),
            self.registered.isChecked(),
        )
        name = self.initiative.name
        self.submit(
            lambda session: refer(
                session, actor, did, initiative_id, members, consent=consent, consent_on=on,
                consent_method=method, consent_language=language, note=note, registered=registered,
            ),
            title=self.tr("Doorverwijzen"),
            success_text=self.tr("Doorverwezen naar {name}.").format(name=name),
        )  # fmt: skip


class ReferralConsentDialog(FormDialog):
    def __init__(self, handle: DossierHandle, parent: QWidget, referral: ReferralInfo) -> None:
        intro = _t("Toestemming van de cliënt om de namen door te geven aan: {name} ({who}).").format(
            name=referral.initiative_name, who=referral.members_text
        )
        super().__init__(handle, parent, _t("Toestemming vastleggen"), width=600, intro=intro)
        self.referral = referral
        self.consent = _ConsentRows(self)
        self.set_ok_text(self.tr("Vastleggen"))

    def on_conflict(self, current: Any) -> None:
        self.referral = current

    def accept(self) -> None:
        from app.services.directory.referrals import record_referral_consent

        if self.show_local_errors(self.consent.errors()):
            return
        consent, on, method = self.consent.chosen(), optional_date(self.consent.on), self.consent.method()
        language, actor, r = self.consent.language.text(), self.handle.actor, self.referral
        assert consent is not None
        self.submit(
            lambda session: record_referral_consent(
                session, actor, r.id, r.version, consent, on=on, method=method, language=language
            ),
            title=self.tr("Toestemming vastleggen"),
            success_text=self.tr("Toestemming vastgelegd: {c}.").format(c=consent.label.lower()),
        )


def _reason(combo: QComboBox) -> ReferralReason | None:
    """The chosen reason (Qt hands the item's data back as a plain string)."""
    data = combo.currentData()
    return ReferralReason(data) if data else None


def _reason_rows(dialog: FormDialog) -> tuple[QComboBox, Any]:
    reason = QComboBox()
    reason.addItem(dialog.tr("— kies een reden —"), None)
    for r in ReferralReason:
        reason.addItem(r.label, r)
    reason_text = line_edit(REASON_TEXT_MAX, placeholder=dialog.tr("verplicht bij 'Anders'"))
    dialog.add_row(dialog.tr("&Reden:"), "reason", reason)
    dialog.add_row(dialog.tr("&Toelichting:"), "reason_text", reason_text)
    return reason, reason_text


class ReferralStatusDialog(FormDialog):
    """Move a referral one step: the next statuses only; an ending with a coded reason."""

    def __init__(self, handle: DossierHandle, parent: QWidget, referral: ReferralInfo) -> None:
        intro = _t("Doorverwijzing naar {name} ({who}). Nu: {status}.").format(
            name=referral.initiative_name, who=referral.members_text, status=referral.status.label.lower()
        )
        super().__init__(handle, parent, _t("Status wijzigen"), width=560, intro=intro)
        self.referral = referral
        box, self.choices = _radio_row([(s, s.label) for s in referral.next_statuses], self._toggled)
        self.add_row(self.tr("Nieuwe status:"), "status", box)
        self.reason, self.reason_text = _reason_rows(self)
        self.consent_hint = QLabel()
        self.consent_hint.setWordWrap(True)
        self.consent_hint.setStyleSheet("color: #8a5a00;")
        self.top.addWidget(self.consent_hint)
        self.set_ok_text(self.tr("Status wijzigen"))
        self._toggled()

    def chosen(self) -> ReferralStatus | None:
        return next((s for s, b in getattr(self, "choices", {}).items() if b.isChecked()), None)

    def _toggled(self) -> None:
        new = self.chosen()
        ending = new is not None and new.ended
        if hasattr(self, "reason"):
            self.reason.setEnabled(ending)
            self.reason_text.setEnabled(ending)
            missing = new is ReferralStatus.AANGEMELD and self.referral.consent is not ConsentStatus.GEGEVEN
            self.consent_hint.setText(self.tr(NEEDS_CONSENT) if missing else "")
            self.consent_hint.setVisible(missing)

    def accept(self) -> None:
        from app.services.directory.referrals import move_referral

        new, reason, text = self.chosen(), _reason(self.reason), self.reason_text.text()
        if new is None:
            self.show_local_errors({"status": self.tr("Kies de nieuwe status.")})
            return
        if self.show_local_errors(move_errors(self.referral.status, new, reason, text)):
            return
        actor, r = self.handle.actor, self.referral
        self.submit(
            lambda session: move_referral(session, actor, r.id, r.version, new, reason, text),
            title=self.tr("Status wijzigen"),
            success_text=self.tr("Doorverwijzing {name}: {old} → {new}.").format(
                name=r.initiative_name, old=r.status.label, new=new.label
            ),
        )


class FollowUpDialog(FormDialog):
    """The program asks: "is het gestart?" (aangemeld) or "loopt het nog?" (gestart)."""

    def __init__(self, handle: DossierHandle, parent: QWidget, referral: ReferralInfo) -> None:
        started = referral.status is ReferralStatus.GESTART
        question = _t("Loopt het nog?") if started else _t("Is het gestart?")
        intro = _t("Doorverwijzing naar {name} ({who}), {status} sinds {since}.").format(
            name=referral.initiative_name, who=referral.members_text, status=referral.status.label.lower(),
            since=referral.last_news_on.strftime("%d-%m-%Y"),
        )  # fmt: skip
        super().__init__(handle, parent, _t("Navragen: ") + question, width=560, intro=intro)
        self.referral = referral
        yes = _t("Ja, het loopt nog") if started else _t("Ja, het is gestart")
        no = _t("Nee, gestopt") if started else _t("Nee, niet gestart")
        box, self.choices = _radio_row(
            [(True, yes), (False, no), ("no news yet", _t("Nog geen nieuws"))], self._toggled
        )
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(box)
        self.add_row(question, "answer", holder)
        self.reason, self.reason_text = _reason_rows(self)
        self.set_ok_text(self.tr("Vastleggen"))
        self._toggled()

    def chosen(self) -> Any:
        return next((v for v, b in getattr(self, "choices", {}).items() if b.isChecked()), None)

    def _toggled(self) -> None:
        if hasattr(self, "reason"):
            ending = self.chosen() is False
            self.reason.setEnabled(ending)
            self.reason_text.setEnabled(ending)

    def accept(self) -> None:
        from app.services.directory.referrals import answer_follow_up

        answer, reason, text = self.chosen(), _reason(self.reason), self.reason_text.text()
        if answer is None:
            self.show_local_errors({"answer": self.tr("Kies een antwoord.")})
            return
        if answer is False:
            end = (
                ReferralStatus.GESTOPT
                if self.referral.status is ReferralStatus.GESTART
                else ReferralStatus.NIET_GESTART
            )
            if self.show_local_errors(move_errors(self.referral.status, end, reason, text)):
                return
        actor, r = self.handle.actor, self.referral
        self.submit(
            lambda session: answer_follow_up(
                session, actor, r.id, r.version, answer, reason=reason, reason_text=text
            ),
            title=self.tr("Navragen"),
            success_text=self.tr("Antwoord vastgelegd."),
        )
