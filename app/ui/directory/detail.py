"""The detail of one initiative: every field in plain Dutch, the owner, *laatst gewijzigd* and
*laatst gecontroleerd* as two lines, the field history, and the owner's buttons (Wijzigen,
"Gecontroleerd, klopt nog", "Gecontroleerd en gewijzigd…"). Used beside the search results and in
the window of ``links.show_initiative``. Loads and saves through the task runner."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import ConflictError, UserError
from app.ui.directory.text import (
    FRESHNESS_COLORS,
    ages_text,
    groups_text,
    languages_text,
    names_of,
    places_text,
)
from app.ui.forms import ERROR_STYLE, HINT_STYLE
from app.ui.widgets.formatting import local_zone
from app.ui.widgets.table import ColumnSpec, DataTableView, RowTableModel

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.directory.initiatives import ChangeInfo, InitiativeInfo
    from app.services.directory.referral_views import InitiativeReferralCounts
    from app.ui.context import AppContext
    from app.ui.tasks import Task


@dataclass(frozen=True)
class DetailData:
    info: InitiativeInfo
    history: list[ChangeInfo]
    gemeenten: list[tuple[int, str, str]]  # (id, cbs code, name)
    kinds: dict[str, str]  # active kinds for the edit dialog
    referrals: InitiativeReferralCounts | None = None  # counts only, from every municipality


def load_detail(session: Session, context_actor: Any, initiative_id: int) -> DetailData:
    from app.services.directory import initiatives as di
    from app.services.directory.reference import gemeenten_by_id, list_kinds

    info = di.get_initiative(session, context_actor, initiative_id)
    history = di.initiative_history(session, context_actor, initiative_id)
    names = gemeenten_by_id(session)
    gemeenten = sorted(((gid, code, name) for gid, (code, name) in names.items()), key=lambda g: g[2])
    from app.services.directory.referral_queries import referral_counts

    counts = referral_counts(session, context_actor, initiative_id)
    return DetailData(info, history, gemeenten, list_kinds(session), counts)


def _half_year(code: str) -> str:
    """ "2026-H2" → "2e helft 2026" (B1 Dutch; the code itself is for the exports)."""
    year, _, half = code.partition("-H")
    return f"{half}e helft {year}" if half in ("1", "2") else code


def referrals_text(counts: InitiativeReferralCounts | None) -> str:
    """ "7 doorverwijzingen: 2 voorgesteld, 4 gestart, 1 gestopt · 2026-H2: 5" (counts, never who)."""
    if counts is None or counts.total == 0:
        return "nog geen"
    parts = ", ".join(f"{n} {status.label.lower()}" for status, n in counts.by_status.items() if n)
    noun = "doorverwijzing" if counts.total == 1 else "doorverwijzingen"
    latest = sorted(counts.by_period.items(), reverse=True)[:2]  # "2026-H2" sorts by time
    periods = " · ".join(f"{_half_year(period)}: {sum(cell.values())}" for period, cell in latest)
    return f"{counts.total} {noun} uit de hele regio: {parts}" + (f" · {periods}" if periods else "")


def local_date(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(local_zone()).strftime("%d-%m-%Y")


def _history_columns() -> list[ColumnSpec]:
    return [
        ColumnSpec("at", "Wanneer", kind="datetime"),
        ColumnSpec("by_name", "Door"),
        ColumnSpec("label", "Veld"),
        ColumnSpec("old_value", "Was"),
        ColumnSpec("new_value", "Werd"),
    ]


class DetailPane(QWidget):
    sig_changed = Signal(int)
    """This initiative was changed or verified (its id): lists that show it should reload."""
    sig_loaded = Signal()
    """The detail (re)loaded and is shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.data: DetailData | None = None
        self.initiative_id: int | None = None
        self.dialog: Any = None  # the open edit dialog (tests and screenshots reach it here)
        self.last_task: Task | None = None
        self._generation = 0
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.badge = QLabel()
        self.badge.setVisible(False)
        self.edit_button = QPushButton(self.tr("&Wijzigen…"))
        self.edit_button.setToolTip(self.tr("De gegevens van dit initiatief aanpassen"))
        self.verify_button = QPushButton(self.tr("Gecontroleerd, &klopt nog"))
        self.verify_button.setToolTip(
            self.tr("U heeft nagevraagd dat alles nog klopt: de datum van controle wordt vandaag")
        )
        self.verify_changed_button = QPushButton(self.tr("Gecontroleerd en gewijzigd…"))
        self.verify_changed_button.setToolTip(
            self.tr("U heeft het nagevraagd en er is iets veranderd: pas het aan en sla de controle op")
        )
        self.edit_button.clicked.connect(self.edit)
        self.verify_button.clicked.connect(self.verify)
        self.verify_changed_button.clicked.connect(lambda: self.edit(verify=True))
        self.rights_note = QLabel()
        self.rights_note.setWordWrap(True)
        self.rights_note.setStyleSheet(HINT_STYLE)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        self.dates = QLabel()
        self.dates.setWordWrap(True)
        self.fields = QLabel()
        self.fields.setWordWrap(True)
        self.fields.setTextFormat(Qt.TextFormat.RichText)
        self.fields.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.fields.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.fields.setOpenExternalLinks(False)
        self.placeholder = QLabel(self.tr("Kies een initiatief in de lijst om de gegevens te zien."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(HINT_STYLE)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 6, 0)
        body_layout.addWidget(self.dates)
        body_layout.addWidget(self.fields)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.history_model = RowTableModel(_history_columns(), parent=self)
        self.history = DataTableView()
        self.history.setModel(self.history_model)
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 4, 0, 0)
        history_layout.addWidget(QLabel(self.tr("<b>Geschiedenis</b> (wat is gewijzigd, door wie)")))
        history_layout.addWidget(self.history)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(history_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 200])  # the fields first; the history below, smaller

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.verify_button, self.verify_changed_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(head)
        content.addLayout(buttons)
        content.addWidget(self.rights_note)
        content.addWidget(self.message)
        content.addWidget(self.splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content)
        self.content.setVisible(False)
        self._set_buttons(False)

    # -- loading ------------------------------------------------------------------------------

    def clear(self) -> None:
        self._generation += 1
        self.initiative_id = None
        self.data = None
        self.content.setVisible(False)
        self.placeholder.setVisible(True)

    def show_initiative(self, initiative_id: int, *, keep_message: bool = False) -> Task:
        self._generation += 1
        generation, actor = self._generation, self.context.actor
        if initiative_id != self.initiative_id or not keep_message:
            self._show_message("")
        self.initiative_id = initiative_id

        def done(data: DetailData) -> None:
            if generation == self._generation:
                self.show_data(data)

        self.last_task = self.context.tasks.run(
            lambda session, _control: load_detail(session, actor, initiative_id),
            on_success=done,
            title=self.tr("Initiatief laden"),
            parent=self,
        )
        return self.last_task

    def show_data(self, data: DetailData) -> None:
        self.data = data
        info = data.info
        d = info.data
        names = {code: name for _gid, code, name in data.gemeenten}
        self.placeholder.setVisible(False)
        self.content.setVisible(True)
        e = html.escape
        self.title.setText(f"<h3 style='margin:0'>{e(d.name)}</h3>{e(info.kind_label)}"
                           + (f" · {e(d.organisation)}" if d.organisation else ""))  # fmt: skip
        colors = FRESHNESS_COLORS.get(info.freshness)
        self.badge.setVisible(colors is not None)
        if colors:
            self.badge.setText(info.freshness.label)
            self.badge.setStyleSheet(
                f"background: {colors[0]}; color: {colors[1]}; border-radius: 9px; padding: 2px 10px;"
                " font-weight: bold;"
            )
        changed = self.tr("Laatst gewijzigd: {date} door {name}").format(
            date=local_date(info.changed_at), name=e(info.changed_by or "onbekend")
        )
        if info.checked_on is None:
            checked = self.tr("Laatst gecontroleerd: nog nooit (ingevoerd op {date})").format(
                date=info.entered_on.strftime("%d-%m-%Y")
            )
        else:
            checked = self.tr("Laatst gecontroleerd: {date} door {name}").format(
                date=info.checked_on.strftime("%d-%m-%Y"), name=e(info.checked_by or "onbekend")
            )
        self.dates.setText(f"{changed}<br>{checked}")
        rows: list[tuple[str, str]] = [
            (self.tr("Eigenaar"), e(info.owner_name) + self.tr(" (houdt dit initiatief bij)")),
            (self.tr("Status"), e(d.status.label)),
            (self.tr("Omschrijving"), e(d.description).replace("\n", "<br>") or "–"),
            (self.tr("Doelgroep"), e(groups_text(d.target_groups))),
            (self.tr("Leeftijd"), e(ages_text(d.min_age, d.max_age))),
            (self.tr("Talen"),
             e(languages_text(d.languages, d.via_interpreter)) or self.tr("niet opgegeven")),
            (self.tr("Gemeenten"), e(names_of(d.gemeenten, names) or info.owner_name)
             + (self.tr("<br>ook open voor inwoners van andere gemeenten in de regio")
                if d.open_to_region else "")),
            (self.tr("Plekken"), e(places_text(d.places_available, d.waiting_list))),
            (self.tr("Wanneer"), e(d.schedule + (" (op afspraak)" if d.by_appointment and d.schedule
                                                   else "op afspraak" if d.by_appointment else "")) or "–"),
            (self.tr("Adres"), e(d.address) + (self.tr(" · ook online") if d.online and d.address
                                               else self.tr("online") if d.online else "")),
            (self.tr("Toegankelijkheid"), e(d.accessibility) or "–"),
            (self.tr("Kosten"), e(d.cost) or "–"),
            (self.tr("Contactpersoon"), e(d.contact_name) or "–"),
            (self.tr("Telefoon"), e(d.contact_phone) or "–"),
            (self.tr("E-mail"), e(d.contact_email) or "–"),
            (self.tr("Website"), e(d.website) or "–"),
            (self.tr("Doorverwijzingen"), e(referrals_text(data.referrals))),
        ]  # fmt: skip
        self.fields.setText(
            "<table cellspacing='0' cellpadding='3'>"
            + "".join(
                f"<tr><td style='color:#5f6b76; padding-right:12px' valign='top'>{k}</td>"
                f"<td valign='top'>{v}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )
        self.history_model.set_rows(data.history)
        self.history.fit_columns(220)
        self._set_buttons(info.can_edit)
        self.rights_note.setText(
            ""
            if info.can_edit
            else self.tr(
                "Alleen {owner} (of de regio-coördinator) kan dit initiatief wijzigen of controleren."
            ).format(owner=info.owner_name)
        )
        self.rights_note.setVisible(not info.can_edit)
        self.sig_loaded.emit()

    def _set_buttons(self, enabled: bool) -> None:
        for button in (self.edit_button, self.verify_button, self.verify_changed_button):
            button.setEnabled(enabled)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- actions ------------------------------------------------------------------------------

    @Slot()
    def verify(self) -> Task | None:
        """ "Gecontroleerd, klopt nog": one click records today and who, and changes nothing else."""
        from app.services.directory.initiatives import verify_initiative

        if self.data is None or not self.data.info.can_edit:
            return None
        info, actor = self.data.info, self.context.actor
        self._set_buttons(False)

        def done(_result: Any) -> None:
            self.context.show_status(
                self.tr("“{name}” is gecontroleerd: klopt nog.").format(name=info.data.name)
            )
            self.sig_changed.emit(info.id)
            self.show_initiative(info.id)

        self.last_task = self.context.tasks.run(
            lambda session, _control: verify_initiative(session, actor, info.id, info.version),
            on_success=done,
            on_failure=self._failed,
            title=self.tr("Controle opslaan"),
            parent=self,
            cancellable=False,
        )
        return self.last_task

    def _failed(self, exc: BaseException) -> None:
        """A conflict shows the other person's version (never overwrites it); other errors their text."""
        if isinstance(exc, UserError):
            self._show_message(exc.message)
        else:
            self._show_message(self.tr("Er ging iets onverwachts mis: {error}").format(error=exc))
        if isinstance(exc, ConflictError) and self.initiative_id is not None:
            self.show_initiative(self.initiative_id, keep_message=True)
        elif self.data is not None:
            self._set_buttons(self.data.info.can_edit)

    @Slot()
    def edit(self, verify: bool = False) -> Any:
        from app.ui.directory.edit_dialog import InitiativeDialog

        if self.data is None or not self.data.info.can_edit:
            return None
        dialog = InitiativeDialog(
            self.context, self.data.gemeenten, self.data.kinds, self.data.info, verify=verify, parent=self
        )
        dialog.sig_saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _saved(self, info: Any) -> None:
        self.sig_changed.emit(info.id)
        self.show_initiative(info.id)
