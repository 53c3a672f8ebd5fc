"""From a koppeling to its dossier and back, without the board knowing the case register.

- ``dossier_choice(actor, row)`` — what "Dossier openen / aanmaken" offers for a row (pure).
- ``DossierOpener`` — does it: asks the service what this user may do, asks to confirm a new
  dossier, creates it, and opens the window through ``AppContext.open_link("dossier", id)``.
- ``show_koppeling(context, koppeling_id, parent)`` — the board's side of
  ``open_link("koppeling", id)``: the koppeling dialog for "Koppeling tonen" in a dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.roles import Action, Area, is_allowed
from app.errors import UserError

if TYPE_CHECKING:
    from app.services.access import Actor
    from app.services.board.views import KoppelingRow
    from app.services.cases.dossiers import DossierLink
    from app.services.region import GemeenteInfo
    from app.ui.context import AppContext
    from app.ui.tasks import Task


def _t(text: str) -> str:
    return QCoreApplication.translate("KoppelingLinks", text)


@dataclass(frozen=True)
class DossierChoice:
    """The menu item / button for a koppeling's dossier."""

    text: str
    enabled: bool
    tooltip: str
    create: bool = False  # there is no dossier yet: the item creates one (after a confirmation)


def dossier_choice(actor: Actor, row: KoppelingRow) -> DossierChoice:
    """What the user can do with this household's dossier, from what the list row holds. The
    service checks again when the item is used (someone may have created the dossier meanwhile)."""
    open_text = _t("Dossier openen")
    if row.dossier_id is not None:
        return DossierChoice(open_text, True, _t("Het dossier van dit huishouden openen"))
    if not actor.system and not is_allowed(actor.role, Action.READ, Area.DOSSIER, own_gemeente=True):
        return DossierChoice(open_text, False, _t("U heeft geen toegang tot dossiers."))
    name = row.dossier_gemeente_name or row.gemeente_name
    own = (row.dossier_gemeente_code or row.gemeente_code) == actor.gemeente_code
    if not own and not actor.system:
        return DossierChoice(
            open_text, False,
            _t("Dit huishouden hoort bij {g}; alleen {g} kan het dossier inzien.").format(g=name),
        )  # fmt: skip
    if actor.system or is_allowed(actor.role, Action.CREATE, Area.DOSSIER, own_gemeente=True):
        return DossierChoice(
            _t("Dossier aanmaken…"), True,
            _t("Er is nog geen dossier. Maak het aan met het V-nummer, de koppelingsdatum, de grootte "
               "en de talen van deze koppeling."),
            create=True,
        )  # fmt: skip
    return DossierChoice(
        open_text, False,
        _t("Er is nog geen dossier. Een consulent of contactpersoon van {g} kan het aanmaken.")
        .format(g=name),
    )  # fmt: skip


class DossierOpener(QObject):
    """Opens (or, after a confirmation, creates and opens) the dossier of one koppeling."""

    sig_created = Signal(int)
    """A dossier was created for the koppeling; carries the koppeling id (its list row changed)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.widget = parent
        self.last_task: Task | None = None  # tests wait on this
        self.confirm: QMessageBox | None = None  # the open confirmation (tests answer it)
        self.view: Any = None  # the dossier window opened last

    def open_for(self, row: KoppelingRow) -> Task:
        from app.services.cases.dossiers import dossier_for_koppeling

        actor, koppeling_id = self.context.actor, row.id
        self.last_task = self.context.tasks.run(
            lambda session, _control: dossier_for_koppeling(session, actor, koppeling_id),
            on_success=lambda link: self._answer(row, link),
            title=_t("Dossier zoeken"),
            parent=self.widget,
            cancellable=False,
        )
        return self.last_task

    def _answer(self, row: KoppelingRow, link: DossierLink) -> None:
        if link.dossier_id is not None:
            self.view = self.context.open_link("dossier", link.dossier_id, self.widget)
        elif link.may_create:
            self._ask_to_create(row)
        else:
            QMessageBox.information(self.widget, _t("Dossier openen"), link.refusal)

    def _ask_to_create(self, row: KoppelingRow) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _t("Dossier aanmaken"),
            _t("Er is nog geen dossier voor het huishouden met V-nummer {v} ({n} personen, gekoppeld "
               "op {d}).\n\nWilt u het aanmaken? Het krijgt het V-nummer, de koppelingsdatum, de "
               "grootte en de talen van de koppeling; de gezinsleden voegt u daarna toe."
               ).format(v=row.v_nummer, n=row.persons, d=row.linked_on.strftime("%d-%m-%Y")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.widget,
        )  # fmt: skip
        box.button(QMessageBox.StandardButton.Yes).setText(_t("Dossier aanmaken"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_t("Annuleren"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # one Enter creates nothing
        box.finished.connect(lambda result: self._confirmed(row, result))
        self.confirm = box
        box.open()

    def _confirmed(self, row: KoppelingRow, result: int) -> None:
        self.confirm = None
        if result != QMessageBox.StandardButton.Yes:
            return
        from app.services.cases.dossiers import create_dossier_for_koppeling

        actor, koppeling_id = self.context.actor, row.id

        def done(dossier_id: int) -> None:
            self.context.show_status(
                _t("Dossier {id} is aangemaakt voor V-nummer {v}.").format(id=dossier_id, v=row.v_nummer)
            )
            self.sig_created.emit(koppeling_id)
            self.view = self.context.open_link("dossier", dossier_id, self.widget)

        def failed(exc: BaseException) -> None:
            message = exc.message if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
            QMessageBox.warning(self.widget, _t("Dossier aanmaken"), message)

        self.last_task = self.context.tasks.run(
            lambda session, _control: create_dossier_for_koppeling(session, actor, koppeling_id),
            on_success=done,
            on_failure=failed,
            title=_t("Dossier aanmaken"),
            parent=self.widget,
            cancellable=False,
        )


class KoppelingLink(QObject):
    """ "Koppeling tonen": loads the koppeling (logged as a read on the board) and the municipalities,
    then opens the koppeling dialog — editable for whoever may change it, read-only otherwise."""

    sig_opened = Signal(object)
    """The dialog is open; carries it."""

    def __init__(self, context: AppContext, koppeling_id: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.widget = parent
        self.dialog: Any = None
        from app.services.board.views import get_koppeling_row
        from app.services.region import list_gemeenten

        actor = context.actor

        def work(session: Any, _control: Any) -> tuple[KoppelingRow, list[GemeenteInfo]]:
            return get_koppeling_row(session, actor, koppeling_id), list_gemeenten(session, actor)

        self.last_task = context.tasks.run(
            work, on_success=self._show, title=_t("Koppeling openen"), parent=parent, cancellable=False
        )

    def _show(self, result: tuple[KoppelingRow, list[GemeenteInfo]]) -> None:
        from app.ui.board.koppeling_dialog import KoppelingDialog

        row, gemeenten = result
        actor = self.context.actor
        own = row.gemeente_code == actor.gemeente_code
        writable = actor.system or is_allowed(actor.role, Action.UPDATE, Area.BOARD, own_gemeente=own)
        # From a dossier the way back to the dossier is the window it came from: no second link.
        self.dialog = KoppelingDialog(
            self.context, gemeenten, row, read_only=not writable, parent=self.widget, dossier_link=False
        )
        self.dialog.open()
        self.sig_opened.emit(self.dialog)


def show_koppeling(context: AppContext, koppeling_id: int, parent: QWidget | None = None) -> KoppelingLink:
    """Open the koppeling dialog for one koppeling (``AppContext.open_link("koppeling", id)``)."""
    return KoppelingLink(context, koppeling_id, parent)
