"""One dossier in its own window: a header (who, where, when) and tabs for the household, the journey,
the plan of action, the warm handovers, the referrals to volunteer initiatives and the timeline.

Opening it reads the dossier through ``get_dossier`` (which logs the READ). A dossier made from a
koppeling also shows where that household stands on the board and the days to its next deadline
(read through the board's service, which shows the region no more than the board does), and
"Koppeling tonen" opens the koppeling through ``AppContext.open_link`` (this package does not know
the board's). Every change runs on a
worker through ``change``: the service call and, in the same unit of work, the fresh dossier to show.
A conflict (someone else saved first) is shown and the fresh data loaded; nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db.models import KoppelingStatus
from app.domain.case_dossier import DossierStatus
from app.errors import ConflictError, NotFound, PermissionDenied, UserError
from app.services.cases.queries import may_write_dossiers
from app.services.cases.views import DossierDetail
from app.ui.cases.fields import persons_text, show_message
from app.ui.cases.handle import DossierHandle
from app.ui.context import AppContext
from app.ui.forms import ERROR_STYLE
from app.ui.widgets.formatting import format_value

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.ui.tasks import Task

INFO_STYLE = "color: #1d5c2e; background: #e6f4ea; border-radius: 3px; padding: 4px 8px;"
BANNER_STYLE = ERROR_STYLE + " background: #fdecea; border-radius: 3px; padding: 4px 8px;"


# What the dossier window would like; on a smaller screen it gets the screen's free area.
WANTED_SIZE = QSize(1160, 800)


class DossierView(QDialog):
    # What Help → Sneltoetsen lists for this window (app.ui.help.shortcuts; a test checks these
    # against the shortcuts the built window really has): (key, what it does, tab or "").
    SHORTCUTS_TITLE = "Dossiervenster"
    SHORTCUTS = (
        ("F1", "Handleiding", ""),
        ("F5", "Vernieuwen", ""),
        ("Ctrl+P", "Afdrukken…", "Overdrachten"),
    )

    sig_changed = Signal()
    """Something in this dossier changed (lists showing it should reload)."""
    sig_loaded = Signal()
    """The dossier is shown (first load or after a change)."""

    def __init__(self, context: AppContext, dossier_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dossier_id = dossier_id
        self.detail: DossierDetail | None = None
        self.last_task: Task | None = None  # tests and screenshots wait on this
        self.dialog: Any = None  # the dossier edit dialog opened last (tests reach it here)
        self.board: Any = None  # the koppeling's board row last shown (KoppelingRow), if any
        self.board_task: Task | None = None
        self.koppeling_link: Any = None  # what "Koppeling tonen" opened (tests reach the dialog)
        self.can_write = may_write_dossiers(context.actor)
        from app.ui.help.menu import add_help_key

        add_help_key(self, "dossiers#dossier")  # F1 here (the main window's F1 does not reach it)
        self.handle = DossierHandle(  # all the tabs and dialogs get of this window
            dossier_id=dossier_id,
            actor=context.actor,
            can_write=self.can_write,
            detail=lambda: self.detail,
            change=self.change,
            show_info=self.show_info,
            show_error=self.show_error,
        )
        self.setWindowTitle(self.tr("Dossier {id}").format(id=dossier_id))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(WANTED_SIZE)  # open_dossier fits it to the screen and centres it

        self.title = QLabel(self.tr("Dossier laden…"))
        self.title.setObjectName("pageTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle.setWordWrap(True)  # at a large font its one line set the window's width
        self.facts: dict[str, QLabel] = {}
        facts = QGridLayout()
        facts.setHorizontalSpacing(18)
        facts.setVerticalSpacing(2)
        names = [
            ("linked_on", self.tr("Gekoppeld op:")),
            ("moving_date", self.tr("Verhuisdatum:")),
            ("address", self.tr("Adres na verhuizing:")),
            ("followers", self.tr("Nareizigers verwacht:")),
            ("board", self.tr("Uitwisselbord:")),
            ("deadline", self.tr("Termijn:")),
        ]
        for n, (key, text) in enumerate(names):
            label = QLabel(text)
            label.setStyleSheet("color: #5f6b76;")
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)  # three pairs side by side: at a large font a value wraps
            self.facts[key] = value
            facts.addWidget(label, n % 2, (n // 2) * 2)
            facts.addWidget(value, n % 2, (n // 2) * 2 + 1)
        facts.setColumnStretch(5, 1)
        self.facts["board"].setToolTip(self.tr("Waar het huishouden staat op het uitwisselbord"))
        self.edit_button = QPushButton(self.tr("Gegevens &wijzigen…"))
        self.edit_button.setToolTip(self.tr("Verhuisdatum, adres, nareizigers en status van het dossier"))
        self.edit_button.clicked.connect(self.edit_dossier)
        self.edit_button.setVisible(self.can_write)
        self.koppeling_button = QPushButton(self.tr("&Koppeling tonen"))
        self.koppeling_button.setToolTip(self.tr("De koppeling van dit huishouden op het uitwisselbord"))
        self.koppeling_button.clicked.connect(self.show_koppeling)
        self.koppeling_button.setVisible(False)  # only for a dossier made from a koppeling
        self.refresh_button = QPushButton(self.tr("Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("Opnieuw laden (F5)"))
        self.refresh_button.clicked.connect(self.load)
        self.access_button = QPushButton(self.tr("Wie heeft dit dossier ingezien?"))
        self.access_button.setToolTip(
            self.tr("Wie dit dossier inzag, wijzigde, afdrukte of exporteerde, en wanneer")
        )
        self.access_button.clicked.connect(self.show_access)
        self.access_dialog: Any = None
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.activated.connect(self.load)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setVisible(False)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet(INFO_STYLE)
        self.info.setVisible(False)

        from app.ui.cases.handovers_tab import HandoversTab
        from app.ui.cases.journey_tab import JourneyTab
        from app.ui.cases.members_tab import MembersTab
        from app.ui.cases.plan_tab import PlanTab
        from app.ui.cases.referrals_tab import ReferralsTab
        from app.ui.cases.timeline_tab import TimelineTab
        from app.ui.cases.work_tab import WorkTab

        self.members = MembersTab(self.handle, self)
        self.journey = JourneyTab(self.handle, self)
        self.plan = PlanTab(self.handle, self)
        self.handovers = HandoversTab(self.handle, self)
        self.referrals = ReferralsTab(self.handle, context, self)
        self.work = WorkTab(self.handle, context, self)
        self.timeline = TimelineTab(self)
        self.tabs = QTabWidget(self)
        for widget, title in (
            (self.members, self.tr("&Huishouden")),
            (self.journey, self.tr("T&raject")),
            (self.plan, self.tr("&Plan van aanpak")),
            (self.handovers, self.tr("&Overdrachten")),
            (self.referrals, self.tr("Door&verwijzingen")),
            (self.work, self.tr("W&erk")),
            (self.timeline, self.tr("T&ijdlijn")),
        ):
            self.tabs.addTab(widget, title)
        self.tabs.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Sluiten"))
        buttons.rejected.connect(self.reject)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.koppeling_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.access_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(facts)
        layout.addSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.info)
        # At a large system font a tab can need more room than a 1280×720 screen has: then the
        # tabs scroll instead of pushing the window off the screen (issue 17).
        self.tabs_scroll = QScrollArea(self)
        self.tabs_scroll.setWidgetResizable(True)
        self.tabs_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.tabs_scroll.setWidget(self.tabs)
        layout.addWidget(self.tabs_scroll, 1)
        layout.addWidget(buttons)
        # Enter belongs to the tables and fields here, not to whichever button Qt makes the default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

    def sizeHint(self) -> QSize:
        """At most 1200×680: the tab widget asks for its tallest tab (the handovers, ~760 px) though
        every tab scrolls or splits; the window's size comes from ``place_on_screen`` anyway, and its
        hint must not ask for more than a 1280×720 screen has."""
        return super().sizeHint().boundedTo(QSize(1200, 680))

    # -- loading -------------------------------------------------------------------------------

    @Slot()
    def load(self) -> Task:
        """Read the dossier (logged as READ by the service) and show it."""
        from app.services.cases.dossiers import get_dossier

        actor, dossier_id = self.context.actor, self.dossier_id
        self.board = None  # read again with the dossier (F5 also refreshes the board status)
        self.last_task = self.context.tasks.run(
            lambda session, _control: get_dossier(session, actor, dossier_id),
            on_success=self.show_detail,
            on_failure=self._load_failed,
            title=self.tr("Dossier openen"),
            parent=self,
            cancellable=False,
        )
        return self.last_task

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, PermissionDenied | NotFound):
            self.title.setText(self.tr("Dossier niet beschikbaar"))
            self.subtitle.setText("")
            self.detail = None
            self.tabs.setEnabled(False)
            self.edit_button.setEnabled(False)
        self.show_error(exc)

    def show_detail(self, detail: DossierDetail) -> None:
        self.detail = detail
        head = detail.head_name or self.tr("(hoofdaanvrager nog niet ingevuld)")
        self.setWindowTitle(self.tr("Dossier {id} — {name}").format(id=detail.id, name=head))
        self.title.setText(head)
        status = detail.status.label
        if detail.status is DossierStatus.GESLOTEN:
            status = f"<b>{status}</b>"
        self.subtitle.setText(
            self.tr("V-nummer {v} · Gemeente {g} · {n} · Status: {s}").format(
                v=detail.v_nummer, g=detail.gemeente_name, n=persons_text(len(detail.members)), s=status
            )
        )
        self.facts["linked_on"].setText(format_value(detail.linked_on) or "—")
        moving = format_value(detail.moving_date) or self.tr("nog niet bekend")
        self.facts["moving_date"].setText(moving)
        self.facts["address"].setText(detail.address_after_move or "—")
        self.facts["followers"].setText(
            str(detail.expected_followers) if detail.expected_followers else "geen"
        )
        self.tabs.setEnabled(True)
        self.edit_button.setEnabled(True)
        for tab in (
            self.members,
            self.journey,
            self.plan,
            self.handovers,
            self.referrals,
            self.work,
            self.timeline,
        ):
            tab.show_detail(detail)
        self.koppeling_button.setVisible(detail.koppeling_id is not None)
        if detail.koppeling_id is None:
            self._show_board(None)
        elif self.board is None or self.board.id != detail.koppeling_id:
            self.load_board(detail.koppeling_id)
        self.sig_loaded.emit()

    # -- the koppeling on the board ------------------------------------------------------------

    def load_board(self, koppeling_id: int) -> Task:
        """Where the household stands on the board (a read of the koppeling, logged by the board)."""
        from app.services.board.views import get_koppeling_row

        actor = self.context.actor
        self.facts["board"].setText(self.tr("laden…"))
        self.board_task = self.context.tasks.run(
            lambda session, _control: get_koppeling_row(session, actor, koppeling_id),
            on_success=self._show_board,
            on_failure=lambda _exc: self._show_board(None, failed=True),
            parent=self,
            silent=True,
        )
        return self.board_task

    def _show_board(self, row: Any, *, failed: bool = False) -> None:
        self.board = row
        board, deadline = self.facts["board"], self.facts["deadline"]
        deadline.setStyleSheet("")
        if row is None:
            board.setText(self.tr("niet te lezen") if failed else self.tr("geen koppeling"))
            deadline.setText("—")
            return
        board.setText(row.board_text)
        status = row.deadline
        done = row.status in (KoppelingStatus.GEHUISVEST, KoppelingStatus.VERVALLEN)
        if status.running_deadline is None or done:
            deadline.setText("—")
            return
        text = self.tr("{label} (uiterlijk {date})").format(
            label=status.label_nl, date=format_value(status.running_deadline)
        )
        deadline.setText(text)
        if status.overdue:
            deadline.setStyleSheet(ERROR_STYLE)

    @Slot()
    def show_koppeling(self) -> Any:
        """ "Koppeling tonen": the koppeling dialog (from the board module, through the context)."""
        if self.detail is None or self.detail.koppeling_id is None:
            return None
        self.koppeling_link = self.context.open_link("koppeling", self.detail.koppeling_id, self)
        return self.koppeling_link

    # -- changing ------------------------------------------------------------------------------

    def change(
        self,
        work: Callable[[Session], Any],
        *,
        title: str,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], bool] | None = None,
        success_text: str = "",
    ) -> Task:
        """Run ``work(session)`` (a service call) on a worker, then show the fresh dossier.

        ``failed(exc)`` may handle an error itself (a dialog showing field messages) and return True;
        otherwise the message appears in the banner, and after a conflict the dossier is reloaded."""
        from app.services.cases.queries import fresh_detail

        actor, dossier_id = self.context.actor, self.dossier_id

        def run(session: Session, _control: Any) -> tuple[Any, DossierDetail]:
            result = work(session)
            return result, fresh_detail(session, actor, dossier_id)

        def ok(pair: tuple[Any, DossierDetail]) -> None:
            result, detail = pair
            self.show_error(None)
            self.show_detail(detail)
            if success_text:
                self.show_info(success_text)
                self.context.show_status(success_text)
            self.sig_changed.emit()
            if done is not None:
                done(result)

        def bad(exc: BaseException) -> None:
            if isinstance(exc, ConflictError):
                self.load()
            if failed is not None and failed(exc):
                return
            self.show_error(exc)

        self.last_task = self.context.tasks.run(
            run, on_success=ok, on_failure=bad, title=title, parent=self, cancellable=False
        )
        return self.last_task

    def show_error(self, exc: BaseException | str | None) -> None:
        if exc is None or exc == "":
            show_message(self.banner, "")
            return
        if isinstance(exc, str):
            text = exc
        elif isinstance(exc, UserError):
            text = exc.message
        else:
            text = self.tr("Er ging iets onverwachts mis: {error}").format(
                error=f"{type(exc).__name__}: {exc}"
            )
        self.info.setVisible(False)
        show_message(self.banner, text)

    def show_info(self, text: str) -> None:
        self.info.setText(text)
        self.info.setVisible(bool(text))

    # -- the dossier's own data ----------------------------------------------------------------

    @Slot()
    def edit_dossier(self) -> Any:
        from app.ui.cases.dossier_edit_dialog import DossierEditDialog

        if self.detail is None or not self.can_write:
            return None
        self.dialog = DossierEditDialog(self.handle, self, self.detail)
        self.dialog.open()
        return self.dialog

    @Slot()
    def show_access(self) -> Any:
        """ "Wie heeft dit dossier ingezien?" in a small window of its own (loaded and logged there)."""
        from app.ui.cases.dossier_access import DossierAccessDialog

        self.access_dialog = DossierAccessDialog(self.context, self.dossier_id, self)
        self.access_dialog.open()
        self.access_dialog.load()
        return self.access_dialog
