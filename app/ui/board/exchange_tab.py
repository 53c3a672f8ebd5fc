"""Aanbod, vraag en uitruil: posts on the board, swaps between municipalities and the ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.db.models import SwapStatus
from app.services.board.posts import PostInfo
from app.services.board.swaps import SwapInfo
from app.ui.board.base import BoardTab
from app.ui.board.exchange_models import (
    Rights,
    balance_columns,
    ledger_columns,
    outstanding_text,
    post_columns,
    swap_columns,
)
from app.ui.board.overview_model import BoardTableModel, fit_columns
from app.ui.context import AppContext
from app.ui.latest import LatestOnly
from app.ui.widgets import DataTableView, ExportField, TableExporter
from app.ui.widgets.flow import FlowLayout

if TYPE_CHECKING:
    from app.services.board.views import ExchangeData


def _shortcut(
    parent: QWidget, keys: str | QKeySequence | QKeySequence.StandardKey, slot: Any, text: str
) -> QAction:
    action = QAction(text, parent)  # the text names it in Help → Sneltoetsen
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    parent.addAction(action)
    return action


def _table(model: BoardTableModel) -> DataTableView:
    view = DataTableView()
    view.setModel(model)
    view.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
    return view


class ExchangeTab(BoardTab):
    sig_loaded = Signal()
    """Posts, swaps and the ledger were (re)loaded and are shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.rights = Rights.of(context.actor)
        self.data: ExchangeData | None = None
        self.dialog: QWidget | None = None  # the open dialog (tests and screenshots reach it here)
        self._asking = False  # the what-if of an akkoord is being computed: one question at a time
        self.exporters: dict[str, TableExporter] = {}  # per table (list name); Ctrl+E where the focus is
        self._load = LatestOnly()
        self._fitted = False

        # (a) posts
        self.post_model = BoardTableModel(post_columns(), parent=self)
        self.post_table = _table(self.post_model)
        self.new_post_button = QPushButton(self.tr("&Nieuw bericht…"))
        self.new_post_button.setToolTip(self.tr("Een woning aanbieden of een huishouden zonder woning melden "
                                                 "(Ctrl+N)"))
        self.answer_button = QPushButton(self.tr("&Reageren met uitruilvoorstel…"))
        self.withdraw_post_button = QPushButton(self.tr("Bericht intrekken"))
        self.new_post_button.clicked.connect(self.new_post)
        self.answer_button.clicked.connect(self.answer_post)
        self.withdraw_post_button.clicked.connect(self.withdraw_post)
        self.post_table.sig_row_activated.connect(lambda _row: self.answer_post())
        posts_box = self._group(self.tr("Berichten op het bord"), self.post_table,
                                [self.new_post_button, self.answer_button, self.withdraw_post_button],
                                export=("posts", {6: [ExportField(self.tr("Bericht"), lambda p: p.text)]}))

        # (c) ledger
        self.ledger_model = BoardTableModel(ledger_columns(), parent=self)
        self.ledger_table = _table(self.ledger_model)
        self.balance_model = BoardTableModel(balance_columns(), parent=self)
        self.balance_table = _table(self.balance_model)
        ledger_box = QGroupBox(self.tr("Grootboek (personen)"))
        self.ledger_layout = ledger_layout = QHBoxLayout(ledger_box)
        ledger_parts = ((self.tr("Wie moet voor wie huisvesten"), self.ledger_table, 4, "ledger"),
                        (self.tr("Per gemeente"), self.balance_table, 6, "saldi"))  # fmt: skip
        for title, view, stretch, name in ledger_parts:
            column = QVBoxLayout()
            label = QLabel(title)
            label.setObjectName("sectionLabel")
            label.setWordWrap(True)  # the two columns side by side stay narrow enough for 1280 px
            heading = QHBoxLayout()
            heading.addWidget(label, 1)
            self.exporters[name] = TableExporter(context, view, name, scope=view, compact=True)
            heading.addWidget(self.exporters[name].widget)
            column.addLayout(heading)
            column.addWidget(view)
            ledger_layout.addLayout(column, stretch)

        # (b) swaps
        self.swap_model = BoardTableModel(swap_columns(), parent=self)
        self.swap_table = _table(self.swap_model)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Status van de uitruil"))
        self.status_filter.addItem(self.tr("Alle statussen"), None)
        for status in SwapStatus:
            self.status_filter.addItem(status.label, status)
        self.mine_only = QCheckBox(self.tr("Alleen mijn gemeente"))
        self.mine_only.setVisible(bool(self.rights.gemeente))
        self.status_filter.currentIndexChanged.connect(self._filter_swaps)
        self.mine_only.toggled.connect(self._filter_swaps)
        self.accept_button = QPushButton(self.tr("&Akkoord"))
        self.accept_button.setToolTip(self.tr("Akkoord geven namens uw gemeente (Ctrl+Enter)"))
        self.decline_button = QPushButton(self.tr("Afwijzen…"))
        self.withdraw_button = QPushButton(self.tr("Intrekken…"))
        self.new_swap_button = QPushButton(self.tr("Nieuw &uitruilvoorstel…"))
        self.accept_button.clicked.connect(self.accept_swap)
        self.decline_button.clicked.connect(self.decline_swap)
        self.withdraw_button.clicked.connect(self.withdraw_swap)
        self.new_swap_button.clicked.connect(self.new_swap)
        self.swap_count = QLabel()
        self.swap_count.setObjectName("countLabel")
        filters = [QLabel(self.tr("Status:")), self.status_filter, self.mine_only, self.swap_count]
        swaps_box = self._group(self.tr("Uitruil"), self.swap_table,
                                [self.accept_button, self.decline_button, self.withdraw_button,
                                 self.new_swap_button], filters, export=("swaps", swap_export_fields()))

        for button in (self.new_post_button, self.answer_button, self.withdraw_post_button,
                       self.accept_button, self.decline_button, self.withdraw_button, self.new_swap_button):
            button.setVisible(self.rights.can_write)
        self.post_table.sig_selection_changed.connect(self._update_buttons)
        self.swap_table.sig_selection_changed.connect(self._update_buttons)
        self._set_empty_states()

        _shortcut(self, QKeySequence.StandardKey.Refresh, self.refresh, self.tr("Vernieuwen"))
        if self.rights.can_write:
            _shortcut(self, "Ctrl+N", self.new_post, self.tr("Nieuw bericht…"))
            _shortcut(self, "Ctrl+Return", self.accept_swap, self.tr("Akkoord op het gekozen voorstel"))

        self.top_splitter = top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(posts_box)
        top.addWidget(ledger_box)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(swaps_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        for splitter in (top, self.splitter):
            splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.splitter)
        from app.ui.splitter_memory import SplitterMemory

        # Fitted to the ledger's columns on every resize until the user drags; then remembered.
        self.splitter_memory = SplitterMemory("board-exchange", [top, self.splitter], self._fit_ledger, self)
        self._update_buttons()

    def _set_empty_states(self) -> None:
        """What each list says when it is empty, with what to do (a reader only reads)."""
        write = self.rights.can_write
        self.post_table.set_empty_state(
            self.tr("Nog geen berichten op het bord. Bied een woning aan of meld een huishouden zonder "
                    "woning met Nieuw bericht (Ctrl+N).") if write
            else self.tr("Nog geen berichten op het bord.")
        )
        self.swap_table.set_empty_state(
            self.tr("Nog geen uitruilvoorstellen. Kies een bericht en klik op Reageren met "
                    "uitruilvoorstel, of maak er een met Nieuw uitruilvoorstel.") if write
            else self.tr("Nog geen uitruilvoorstellen."),
            filtered=[self.status_filter, self.mine_only],
        )
        self.ledger_table.set_empty_state(
            self.tr("Nog niemand hoeft voor een ander te huisvesten. Dat verandert na een uitgevoerde "
                    "uitruil.")
        )
        self.balance_table.set_empty_state(self.tr("Nog geen saldi: er is nog geen uitruil uitgevoerd."))

    def _group(self, title: str, table: DataTableView, buttons: list[QPushButton],
               filters: list[QWidget] | None = None,
               export: tuple[str, dict[int, list[ExportField]]] | None = None) -> QGroupBox:
        """A titled box: filters, the table, buttons. ``export``: (list name, export overrides)."""
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        if filters:
            bar = QHBoxLayout()
            for widget in filters:
                bar.addWidget(widget)
            bar.addStretch(1)
            layout.addLayout(bar)
        layout.addWidget(table, 1)
        # The export on the left, the buttons on the right; all wrap onto more rows when the box is
        # narrow (the tab fits 1280 px, also at a large system font).
        button_box = QWidget()
        flow = FlowLayout(button_box, spacing=6, alignment=Qt.AlignmentFlag.AlignRight)
        if export is not None:
            name, overrides = export
            self.exporters[name] = TableExporter(self.context, table, name, scope=box, filters=filters or [],
                                                 overrides=overrides)  # fmt: skip
            flow.addWidget(self.exporters[name].widget)
        gap = QWidget()  # takes the room between them on a row
        gap.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        flow.addWidget(gap)
        for button in buttons:
            flow.addWidget(button)
        layout.addWidget(button_box)
        return box

    # -- loading -----------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Reload posts, swaps and ledger in the background."""
        super().refresh()
        from app.services.board.views import load_exchange

        actor = self.context.actor
        turn = self._load.start()

        def work(session: Any, _control: Any) -> ExchangeData:
            return load_exchange(session, actor)

        self.context.tasks.run(work, on_success=turn(self._show), title=self.tr("Uitruil laden"), parent=self)

    def _show(self, data: ExchangeData) -> None:
        self.data = data
        post = self.post_table.current_row()
        swap = self.swap_table.current_row()
        self.post_model.set_rows(data.posts)
        self._filter_swaps()
        self.ledger_model.set_rows(data.ledger)
        self.balance_model.set_rows(data.balances)
        if post is not None:
            self.post_table.select_row(lambda p: p.id == post.id)
        if swap is not None:
            self.swap_table.select_row(lambda s: s.id == swap.id)
        if not self._fitted:
            self._fitted = True
            for view in (self.post_table, self.swap_table, self.ledger_table, self.balance_table):
                fit_columns(view)
            # The names give way (elided, whole in the tooltip) so Schuld and Saldo stay in view.
            self.ledger_table.elide_columns(0, 1)
            self.balance_table.elide_columns(0)
            if not self.splitter_memory.user_sized:
                self._fit_ledger()
        self._widen_post_status()
        self._update_buttons()
        self.sig_loaded.emit()

    def _widen_post_status(self) -> None:
        """A post answered later reads "In behandeling (uitruil #n)": the status column grows to show
        it whole (it was fitted once, perhaps to "Open"; never narrowed, the user may have widened it)."""
        column = next(i for i, c in enumerate(self.post_model.columns) if c.title == self.tr("Status"))
        texts = [self.post_model.columns[column].text(p) for p in self.post_model.rows()]
        needed = max((self.post_table.fontMetrics().horizontalAdvance(t) + 16 for t in texts), default=0)
        if self.post_table.columnWidth(column) < needed:
            self.post_table.setColumnWidth(column, needed)

    def _fit_ledger(self) -> None:
        """Give the ledger tables the width their columns need (up to half); the posts get the rest."""
        widths = [
            sum(view.columnWidth(c) for c in range(view.model().columnCount())) + 20
            for view in (self.ledger_table, self.balance_table)
        ]
        for index, width in enumerate(widths):
            self.ledger_layout.setStretch(index, width)
        needed = sum(widths) + 50
        total = sum(self.top_splitter.sizes())
        if total > 0:
            ledger = max(total // 3, min(total - 560, needed))
            self.top_splitter.setSizes([total - ledger, ledger])

    @Slot()
    def _filter_swaps(self) -> None:
        if self.data is None:
            return
        status = self.status_filter.currentData()
        mine = self.rights.gemeente if self.mine_only.isChecked() else None
        rows = [
            s for s in self.data.swaps
            if (status is None or s.status == status)
            and (mine is None or mine in (s.host_code, s.owner_code))
        ]
        self.swap_model.set_rows(rows)
        self.swap_count.setText(self.tr("{shown} van {total} uitruilen").format(
            shown=len(rows), total=len(self.data.swaps)))
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        post: PostInfo | None = self.post_table.current_row()
        swap: SwapInfo | None = self.swap_table.current_row()
        rights = self.rights
        self.new_post_button.setEnabled(rights.can_write)
        self.answer_button.setEnabled(rights.can_answer(post))
        self.withdraw_post_button.setEnabled(rights.can_withdraw_post(post))
        self.accept_button.setEnabled(rights.can_accept(swap))
        self.decline_button.setEnabled(rights.can_decline(swap))
        self.withdraw_button.setEnabled(rights.can_withdraw(swap))
        self.new_swap_button.setEnabled(rights.can_write and self.data is not None)

    # -- actions -----------------------------------------------------------------------------------

    def _open(self, dialog: Any) -> Any:
        dialog.sig_done.connect(self._changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    @Slot()
    def new_post(self) -> Any:
        from app.ui.board.exchange_dialogs import PostDialog

        if self.rights.can_write:
            return self._open(PostDialog(self.context, self))
        return None

    @Slot()
    def answer_post(self) -> Any:
        from app.ui.board.exchange_dialogs import AnswerDialog

        post = self.post_table.current_row()
        if self.data is None or not self.rights.can_answer(post):
            return None
        return self._open(AnswerDialog(self.context, post, self.data.periods, self.data.default_period, self))

    @Slot()
    def new_swap(self) -> Any:
        from app.ui.board.exchange_dialogs import SwapDialog

        if self.data is None or not self.rights.can_write:
            return None
        data = self.data
        return self._open(SwapDialog(self.context, data.gemeenten, data.swaps, data.periods,
                                     data.default_period, self))

    @Slot()
    def decline_swap(self) -> Any:
        return self._reason("afwijzen")

    @Slot()
    def withdraw_swap(self) -> Any:
        return self._reason("intrekken")

    def _reason(self, how: str) -> Any:
        from app.ui.board.exchange_dialogs import ReasonDialog

        swap = self.swap_table.current_row()
        allowed = self.rights.can_decline(swap) if how == "afwijzen" else self.rights.can_withdraw(swap)
        if not allowed:
            return None
        return self._open(ReasonDialog(self.context, swap, how, self))

    @Slot()
    def accept_swap(self) -> Any:
        """Ask first (also from Ctrl+Enter): an akkoord binds two municipalities. The question shows
        what the swap does to both forecasts; it opens once that is computed (``self.dialog``)."""
        from app.domain.forecast import SwapChange
        from app.domain.periods import Period
        from app.ui.board.matching_model import persons_text
        from app.ui.board.what_if import confirm_with_what_if

        swap = self.swap_table.current_row()
        if not self.rights.can_accept(swap) or self._asking:
            return None
        text = self.tr(
            "Akkoord geven op uitruil #{id}? {host} huisvest {persons} voor {owner} ({period})."
        ).format(id=swap.id, host=swap.host_name, persons=persons_text(swap.persons),
                 owner=swap.owner_name, period=swap.period)
        change = SwapChange(
            swap.owner_code, swap.host_code, swap.persons, swap.koppeling_id, swap.dwelling_id
        )
        self._asking, self.dialog = True, None

        def shown(box: Any) -> None:
            self._asking, self.dialog = False, box

        return confirm_with_what_if(
            self, self.context, change, Period.parse(swap.period), title=self.tr("Akkoord geven"), text=text,
            yes_text=self.tr("&Ja, akkoord geven"), on_yes=lambda: self._accept(swap),
            detail=self.tr("Dit legt een afspraak tussen twee gemeenten vast."), shown=shown)

    def _accept(self, swap: SwapInfo) -> None:
        from app.services.board.swaps import accept_swap

        actor, swap_id, version = self.context.actor, swap.id, swap.version
        self.accept_button.setEnabled(False)

        def work(session: Any, _control: Any) -> SwapInfo:
            return accept_swap(session, actor, swap_id, expected_version=version)

        self.context.tasks.run(work, on_success=self._changed, on_failure=self._refused,
                               title=self.tr("Akkoord geven"), parent=self, cancellable=False)

    @Slot()
    def withdraw_post(self) -> None:
        from app.services.board.posts import withdraw_post

        post = self.post_table.current_row()
        if not self.rights.can_withdraw_post(post):
            return
        actor, post_id, version = self.context.actor, post.id, post.version

        def work(session: Any, _control: Any) -> PostInfo:
            return withdraw_post(session, actor, post_id, version)

        self.context.tasks.run(work, on_success=self._changed, on_failure=self._refused,
                               title=self.tr("Bericht intrekken"), parent=self, cancellable=False)

    def _refused(self, exc: BaseException) -> None:
        """Show why (Dutch), then reload: after a conflict the fresh data is what the user needs."""
        from app.errors import UserError

        message = exc.message if isinstance(exc, UserError) else self.tr(
            "Er ging iets onverwachts mis: {error}").format(error=exc)
        self.context.tasks.show_error(self, self.tr("Uitruil"), message)
        self.refresh()

    @Slot(object)
    def _changed(self, result: object) -> None:
        if isinstance(result, SwapInfo):
            text = self.tr("Uitruil #{id}: {status}.").format(
                id=result.id, status=result.status.label.lower())
        elif isinstance(result, PostInfo):
            text = self.tr("Bericht van {g}: {status}.").format(
                g=result.gemeente_name, status=result.status.value)
        else:
            text = self.tr("Opgeslagen.")
        self.context.show_status(text)
        self.sig_data_changed.emit()
        self.refresh()


def swap_export_fields() -> dict[int, list[ExportField]]:
    """The agreements with their time (the table shows the day) and the persons to repay as a number."""
    from PySide6.QtCore import QCoreApplication

    def title(text: str) -> str:
        return QCoreApplication.translate("ExchangeTab", text)

    return {
        6: [ExportField(title("Akkoord gastgemeente"), lambda s: s.host_agreed)],
        7: [ExportField(title("Akkoord andere gemeente"), lambda s: s.owner_agreed)],
        8: [ExportField(title("Te vereffenen"), _outstanding, "int")],
    }


def _outstanding(swap: SwapInfo) -> int | str | None:
    text = outstanding_text(swap)  # a number of persons, "vereffend", or nothing
    return swap.outstanding if text and swap.outstanding else text or None
