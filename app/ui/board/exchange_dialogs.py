"""Exchange dialogs: post an offer/request, answer it, propose a swap, give a reason. Each validates,
calls one service on a worker and closes only when it worked; a refusal stays in the dialog in Dutch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from app.db.models import PostKind, SwapStatus
from app.domain.periods import Period
from app.errors import UserError, ValidationError
from app.services.board.posts import PostInfo
from app.services.board.swaps import SwapInfo
from app.services.region import GemeenteInfo
from app.ui.board.dwelling_choice import PERSONS_MAX_ROLE, fill_dwellings
from app.ui.board.exchange_forms import (
    PERSONS_ONLY,
    PERSONS_ROLE,
    AnswerForm,
    PostForm,
    ReasonForm,
    SwapForm,
    fill_households,
)
from app.ui.context import AppContext
from app.ui.forms import FieldWithError, set_field_errors
from app.ui.latest import LatestOnly


class _ServiceDialog(QDialog):
    sig_done = Signal(object)
    """The service call succeeded; carries its result (a PostInfo or SwapInfo)."""

    fields: dict[str, FieldWithError]
    form: Any

    def __init__(self, context: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.fields = {}
        self.result_value: Any = None
        self._households_load = LatestOnly()

    def _ok_button(self) -> Any:
        return self.form.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _wire(self) -> None:
        self.form.buttons.accepted.connect(self.accept)
        self.form.buttons.rejected.connect(self.reject)

    def _load_households(self, owner_code: str, keep: int | None = None) -> None:
        """Fill ``form.household`` with the owner's waiting households, in the background.

        Loads can overlap (the owner changed while the first list was still loading) and finish in
        any order; only the latest one fills the list, so an older owner's households never replace
        the chosen owner's."""
        from app.services.board.swaps import waiting_households

        actor, combo = self.context.actor, self.form.household
        turn = self._households_load.start()

        def work(session: Any, _control: Any) -> list[Any]:
            return waiting_households(session, actor, owner_code)

        def done(choices: list[Any]) -> None:
            fill_households(combo, choices, keep)
            self._household_changed()

        self.context.tasks.run(work, on_success=turn(done), title=self.tr("Huishoudens laden"), parent=self)

    def _household_changed(self) -> None:
        """A subclass follows the chosen household (e.g. its size)."""

    def _chosen_household(self) -> int | None:
        value = self.form.household.currentData()
        return None if value in (None, PERSONS_ONLY) else int(value)

    def _household_missing(self) -> bool:
        """Neither a household nor "persons only" chosen: say so next to the field."""
        if self.form.household.currentData() is not None:
            return False
        # One short line: a wrapped message squeezes the form row above it.
        message = self.tr("Kies een huishouden of 'Alleen aantal personen'.")
        set_field_errors(self.fields, {"koppeling": message})
        self.adjustSize()  # room for the message
        return True

    def _clear_household_error(self) -> None:
        if self.form.household_field.error.isVisible():
            self.form.household_field.set_error(None)
            self.adjustSize()

    def _show_message(self, message: str) -> None:
        self.form.message.setText(message)
        self.form.message.setVisible(bool(message))

    def _run(self, work: Callable[[Any, Any], Any], title: str) -> None:
        self._show_message("")
        set_field_errors(self.fields, {})
        self._ok_button().setEnabled(False)
        self.context.tasks.run(
            work,
            on_success=self._succeeded,
            on_failure=self._failed,
            title=title,
            parent=self,
            cancellable=False,
        )

    def _succeeded(self, value: Any) -> None:
        self._ok_button().setEnabled(True)
        self.result_value = value
        self.sig_done.emit(value)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._ok_button().setEnabled(True)
        if isinstance(exc, ValidationError):
            set_field_errors(self.fields, exc.fields)
        if isinstance(exc, UserError):
            self._show_message(exc.message)
        else:
            self._show_message(self.tr("Er ging iets onverwachts mis: {error}").format(error=exc))


class PostDialog(_ServiceDialog):
    """Nieuw bericht op het bord (offer of a dwelling or request for one).

    A request names the household it is about (one of ours still waiting), or explicitly none
    ("Alleen aantal personen"): whoever answers then proposes a swap of that household. An offer
    may name one of our free dwellings."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setWindowTitle(self.tr("Nieuw bericht op het bord"))
        self.form = PostForm()
        self.form.setup(self, context.actor.gemeente_name or "")
        self.fields = self.form.fields
        form = self.form
        form.kind.currentIndexChanged.connect(self._kind_changed)
        form.household.currentIndexChanged.connect(self._household_changed)
        form.household.currentIndexChanged.connect(self._clear_household_error)
        form.dwelling.currentIndexChanged.connect(self._dwelling_changed)
        form.persons.valueChanged.connect(self._persons_changed)
        self.dwellings: list[Any] = []  # our free dwellings (DwellingInfo), as loaded
        self.persons_given = False  # the user said for how many persons: fitting dwellings first
        self._suggesting = False  # the persons field follows a chosen dwelling (not the user)
        self._kind_changed()
        self._wire()
        self._load_choices()

    def _load_choices(self) -> None:
        """Our waiting households and free dwellings, in one background task."""
        from app.db.models import DwellingStatus
        from app.services.board.dwellings import DwellingFilter, list_dwellings
        from app.services.board.swaps import waiting_households

        actor, own = self.context.actor, self.context.actor.gemeente_code or ""
        free = DwellingFilter(gemeente_code=own, statuses=(DwellingStatus.BESCHIKBAAR,), limit=500)

        def work(session: Any, _control: Any) -> tuple[list[Any], list[Any]]:
            return waiting_households(session, actor, own), list_dwellings(session, actor, free)[0]

        def done(result: tuple[list[Any], list[Any]]) -> None:
            households, self.dwellings = result
            fill_households(self.form.household, households)
            self._fill_dwellings()
            self._household_changed()

        title = self.tr("Huishoudens en woningen laden")
        self.context.tasks.run(work, on_success=done, title=title, parent=self)

    def _kind(self) -> PostKind:
        # A QComboBox hands a StrEnum back as its plain str: make it the enum again.
        return PostKind(self.form.kind.currentData())

    def _asks(self) -> bool:
        return self._kind() is PostKind.HUISHOUDEN_ZOEKT

    def _kind_changed(self, *_args: object) -> None:
        self.form.show_kind(self._kind())
        set_field_errors(self.fields, {})
        self._household_changed()
        self.adjustSize()

    def _household_changed(self, *_args: object) -> None:
        """A post about a household is about all its persons."""
        household = self._chosen_household() if self._asks() else None
        self.form.persons.setEnabled(household is None)
        if household is not None:
            self.form.persons.setValue(int(self.form.household.currentData(PERSONS_ROLE)))

    def _dwelling_changed(self, *_args: object) -> None:
        """A named dwelling suggests how many persons it fits (the user may post fewer)."""
        if self.form.dwelling.currentData() is not None:
            self._suggesting = True
            try:
                self.form.persons.setValue(int(self.form.dwelling.currentData(PERSONS_MAX_ROLE)))
            finally:
                self._suggesting = False

    def _persons_changed(self, *_args: object) -> None:
        """The user typed a size: the dwellings that fit it come first (the chosen one stays)."""
        if self._suggesting or self._asks() or not self.form.persons.isEnabled():
            return
        self.persons_given = True
        self._fill_dwellings()

    def _fill_dwellings(self) -> None:
        persons = self.form.persons.value() if self.persons_given else None
        fill_dwellings(self.form.dwelling, self.dwellings, persons)

    def accept(self) -> None:
        from app.services.board.posts import create_post

        form, actor = self.form, self.context.actor
        kind, persons, text = self._kind(), form.persons.value(), form.text.toPlainText().strip()
        errors = {}
        if not text:
            errors["text"] = self.tr("Beschrijf kort wat u aanbiedt of zoekt.")
        asks = self._asks()
        if asks and form.household.currentData() is None:
            errors["koppeling"] = self.tr("Kies een huishouden of 'Alleen aantal personen'.")
        if errors:
            set_field_errors(self.fields, errors)
            self.adjustSize()  # room for the messages
            return
        koppeling_id = self._chosen_household() if asks else None
        dwelling_id = None if asks else form.dwelling.currentData()

        def work(session: Any, _control: Any) -> PostInfo:
            return create_post(
                session, actor, kind=kind, persons=persons, text=text,
                koppeling_id=koppeling_id, dwelling_id=dwelling_id,
            )  # fmt: skip

        self._run(work, self.tr("Bericht plaatsen"))


class AnswerDialog(_ServiceDialog):
    """Reageren op een bericht met een uitruilvoorstel."""

    def __init__(
        self,
        context: AppContext,
        post: PostInfo,
        periods: list[Period],
        default: Period | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.post = post
        self.setWindowTitle(self.tr("Reageren met uitruilvoorstel"))
        summary = self.tr("{gemeente} · {kind} · {n} personen\n{text}").format(
            gemeente=post.gemeente_name, kind=post.kind.label, n=post.persons, text=post.text
        )
        self.form = AnswerForm()
        self.form.setup(self, summary, periods, default)
        self.fields = {"koppeling": self.form.household_field}
        self.form.household.currentIndexChanged.connect(self._clear_household_error)
        self._wire()
        # A request: the poster's household (the one the post names first); an offered dwelling:
        # one of our own households.
        asks = post.kind is PostKind.HUISHOUDEN_ZOEKT
        owner = post.gemeente_code if asks else (context.actor.gemeente_code or "")
        self._load_households(owner, post.koppeling_id if asks else None)

    def accept(self) -> None:
        from app.services.board.posts import answer_post

        actor, post_id = self.context.actor, self.post.id
        period, note = self.form.period.currentData(), self.form.note.text().strip()
        if not isinstance(period, Period):
            self._show_message(self.tr("Kies een periode."))
            return
        if self._household_missing():
            return
        koppeling_id = self._chosen_household()

        def work(session: Any, _control: Any) -> SwapInfo:
            return answer_post(
                session,
                actor,
                post_id,
                period,
                note,
                koppeling_id=koppeling_id,
                persons_only=koppeling_id is None,
            )

        self._run(work, self.tr("Uitruilvoorstel versturen"))


class SwapDialog(_ServiceDialog):
    """Nieuw uitruilvoorstel tussen de eigen gemeente en een andere."""

    def __init__(
        self,
        context: AppContext,
        gemeenten: list[GemeenteInfo],
        swaps: list[SwapInfo],
        periods: list[Period],
        default: Period | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.swaps = swaps
        self.setWindowTitle(self.tr("Nieuw uitruilvoorstel"))
        self.form = SwapForm()
        self.form.setup(self, gemeenten, periods, default)
        self.fields = self.form.fields
        mine = context.actor.gemeente_code
        form = self.form
        form.host.setCurrentIndex(max(0, form.host.findData(mine)))
        other = next((i for i in range(form.owner.count()) if form.owner.itemData(i) != mine), 0)
        form.owner.setCurrentIndex(other)
        form.host.currentIndexChanged.connect(self._fill_settles)
        form.owner.currentIndexChanged.connect(self._fill_settles)
        form.owner.currentIndexChanged.connect(lambda _i: self._load_households(form.owner.currentData()))
        form.household.currentIndexChanged.connect(self._household_changed)
        form.household.currentIndexChanged.connect(self._clear_household_error)
        self._fill_settles()
        self._wire()
        self._add_what_if()
        self._load_households(form.owner.currentData())

    def _add_what_if(self) -> None:
        """Proposing is agreeing for the own side: show what it does to both forecasts first."""
        from PySide6.QtWidgets import QFormLayout

        from app.ui.board.what_if import WhatIfLabel

        self.what_if = WhatIfLabel(self.context, self)
        layout = self.findChild(QFormLayout)
        if layout is not None:
            layout.addRow(self.tr("Voorspelling:"), self.what_if)
        form = self.form
        for signal in (form.host.currentIndexChanged, form.owner.currentIndexChanged,
                       form.household.currentIndexChanged, form.period.currentIndexChanged,
                       form.persons.valueChanged):
            signal.connect(self._update_what_if)
        self._update_what_if()

    def _update_what_if(self, *_args: object) -> None:
        from app.domain.forecast import SwapChange

        form = self.form
        host, owner, period = form.host.currentData(), form.owner.currentData(), form.period.currentData()
        change = None
        if host and owner:
            change = SwapChange(owner, host, form.persons.value(), self._chosen_household())
        self.what_if.update_for(change, period if isinstance(period, Period) else None)

    def _household_changed(self, *_args: object) -> None:
        """A household swap is about that household's persons."""
        household = self._chosen_household()
        self.form.persons.setEnabled(household is None)
        if household is not None:
            self.form.persons.setValue(int(self.form.household.currentData(PERSONS_ROLE)))

    def _fill_settles(self) -> None:
        """Agreed swaps the other way round (owner housed for host) that still have persons to repay."""
        host, owner = self.form.host.currentData(), self.form.owner.currentData()
        widget = self.form.settles
        widget.clear()
        for swap in self.swaps:
            if (swap.host_code, swap.owner_code) != (owner, host) or swap.status is not SwapStatus.AKKOORD:
                continue
            if swap.outstanding <= 0 or swap.settles:  # a repayment is no debt of its own
                continue
            item = QListWidgetItem(
                self.tr("#{id} · {period} · {n} pers., nog {open} te vereffenen").format(
                    id=swap.id, period=swap.period, n=swap.persons, open=swap.outstanding
                )
            )
            item.setToolTip(
                self.tr("{host} huisvestte {n} personen voor {owner}").format(
                    host=swap.host_name, n=swap.persons, owner=swap.owner_name
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, swap.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            widget.addItem(item)
        if widget.count() == 0:
            placeholder = QListWidgetItem(self.tr("— geen openstaande uitruil andersom —"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(placeholder)

    def checked_settles(self) -> tuple[int, ...]:
        widget = self.form.settles
        return tuple(
            int(widget.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked
        )

    def accept(self) -> None:
        from app.services.board.swaps import propose_swap

        form, actor = self.form, self.context.actor
        host, owner = form.host.currentData(), form.owner.currentData()
        if host == owner:
            set_field_errors(self.fields, {"gemeente": self.tr("Kies twee verschillende gemeenten.")})
            return
        if actor.gemeente_code not in (host, owner):
            set_field_errors(self.fields, {"gemeente": self.tr("Uw eigen gemeente moet een van beide zijn.")})
            return
        if self._household_missing():
            return
        persons, period = form.persons.value(), form.period.currentData()
        settles, note = self.checked_settles(), form.note.text().strip()
        koppeling_id = self._chosen_household()

        def work(session: Any, _control: Any) -> SwapInfo:
            return propose_swap(
                session,
                actor,
                host_code=host,
                owner_code=owner,
                persons=persons,
                period=period,
                settles=settles,
                note=note,
                koppeling_id=koppeling_id,
            )

        self._run(work, self.tr("Uitruilvoorstel versturen"))


class ReasonDialog(_ServiceDialog):
    """Afwijzen or intrekken of a swap, with a reason (required for declining)."""

    def __init__(self, context: AppContext, swap: SwapInfo, how: str, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.swap, self.how = swap, how
        self.required = how == "afwijzen"
        summary = self.tr("Uitruil #{id}: {host} huisvest {n} personen voor {owner} ({period}).").format(
            id=swap.id, host=swap.host_name, n=swap.persons, owner=swap.owner_name, period=swap.period
        )
        if self.required:
            self.setWindowTitle(self.tr("Uitruil afwijzen"))
            ok_text = self.tr("Afwijzen")
        else:
            self.setWindowTitle(self.tr("Uitruil intrekken"))
            ok_text = self.tr("Intrekken")
        self.form = ReasonForm()
        self.form.setup(self, summary, ok_text, self.required)
        self.fields = {"reason": self.form.reason_field}
        self._wire()

    def accept(self) -> None:
        from app.services.board.swaps import decline_swap, withdraw_swap

        reason = self.form.reason.toPlainText().strip()
        if self.required and not reason:
            set_field_errors(self.fields, {"reason": self.tr("Geef een reden op voor het afwijzen.")})
            return
        actor, swap_id, version = self.context.actor, self.swap.id, self.swap.version
        service = decline_swap if self.required else withdraw_swap

        def work(session: Any, _control: Any) -> SwapInfo:
            return service(session, actor, swap_id, reason, expected_version=version)

        self._run(work, self.windowTitle())
