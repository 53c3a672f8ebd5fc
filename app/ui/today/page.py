"""The Vandaag page: per kind of work a box with its count and the first items, each with "Openen"
that shows the object where it is handled (through ``context.open_target``; this page knows no other
module's widgets). Loaded in the background every time it is shown."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import AppContext
from app.ui.fonts import pt

if TYPE_CHECKING:
    from app.services.today import TodayData, TodayGroup, TodayItem

GROUP_STYLE = (  # {title} is the title size, relative to the system font
    "#todayGroup {{ background: white; border: 1px solid #d3d9df; border-radius: 6px; }}"
    " #todayGroup QLabel#groupTitle {{ font-weight: bold; font-size: {title}; }}"
    " #todayGroup QLabel#badge {{ background: #2b6cb0; color: white; border-radius: 9px;"
    " padding: 1px 8px; font-weight: bold; }}"
    ' #todayGroup QLabel#badge[urgent="true"] {{ background: #b42318; }}'
    " #todayGroup QLabel#itemTitle {{ font-weight: bold; }}"
    " #todayGroup QLabel#urgent {{ color: #b42318; font-weight: bold; }}"
    " #todayGroup QLabel#more {{ color: #5b6670; }}"
)
WIDE = 1300  # from this width the boxes stand in two columns


def long_date(day: date) -> str:
    from app.domain.timefmt import long_date_nl

    return long_date_nl(day, weekday=True)


class GroupBox(QFrame):
    """One kind of work: title, count, the first items with "Openen", and "Alles tonen"."""

    sig_open = Signal(object)
    """Show this target (a ``Target``)."""

    def __init__(self, group: TodayGroup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.services.today import Target

        self.group = group
        self.setObjectName("todayGroup")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(GROUP_STYLE.format(title=pt(1.1)))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        head = QHBoxLayout()
        title = QLabel(self.tr(group.kind.title))
        title.setObjectName("groupTitle")
        self.badge = QLabel(str(group.count))
        self.badge.setObjectName("badge")
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.badge.setProperty("urgent", any(i.urgent for i in group.items))
        self.badge.setToolTip(self.tr("{n} in totaal").format(n=group.count))
        head.addWidget(title)
        head.addWidget(self.badge)
        head.addStretch(1)
        layout.addLayout(head)
        self.buttons: list[QPushButton] = []
        self.texts: list[str] = []
        for item in group.items:
            layout.addLayout(self._row(item))
        rest = group.count - len(group.items)
        if rest > 0 and group.items:
            more = QHBoxLayout()
            label = QLabel(self.tr("en nog {n} meer").format(n=rest))
            label.setObjectName("more")
            self.all_button = QPushButton(self.tr("Alles tonen"))
            self.all_button.setFlat(True)
            first = group.items[0].target
            every = Target(first.module, "lijst", 0, find=group.kind.key)
            self.all_button.clicked.connect(lambda _=False, t=every: self.sig_open.emit(t))
            more.addWidget(label)
            more.addStretch(1)
            more.addWidget(self.all_button)
            layout.addLayout(more)

    def _row(self, item: TodayItem) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(item.title)
        title.setObjectName("itemTitle")
        text = QLabel(item.text)
        text.setWordWrap(True)
        text.setObjectName("urgent" if item.urgent else "itemText")
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(title)
        words.addWidget(text)
        button = QPushButton(self.tr("Openen"))
        button.setToolTip(self.tr("{title} openen waar u het afhandelt").format(title=item.title))
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, t=item.target: self.sig_open.emit(t))
        self.buttons.append(button)
        self.texts.append(f"{item.title} — {item.text}")
        row.addLayout(words, 1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        return row


class TodayPage(QWidget):
    sig_loaded = Signal()
    """The items were (re)loaded and are shown."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.stale = True
        self.data: TodayData | None = None
        self.groups: dict[str, GroupBox] = {}
        self._generation = 0
        actor = context.actor
        self.title = QLabel(self.tr("<h2>Vandaag</h2>"))
        self.title.setObjectName("todayTitle")
        who = actor.role.label + (f" · {actor.gemeente_name}" if actor.gemeente_name else "")
        self.subtitle = QLabel(who)
        self.subtitle.setObjectName("todaySubtitle")
        self.refresh_button = QPushButton(self.tr("&Vernieuwen"))
        self.refresh_button.setToolTip(self.tr("Opnieuw kijken wat op u wacht (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.summary = QLabel(self.tr("Bezig met laden…"))
        self.summary.setObjectName("todaySummary")
        self.summary.setWordWrap(True)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.body)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addLayout(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroll_area, 1)
        self._columns = 0

    # -- loading ------------------------------------------------------------------------------

    def mark_stale(self) -> None:
        self.stale = True

    @Slot()
    def refresh(self) -> None:
        from app.services.today import load_today

        self.stale = False
        self._generation += 1
        generation, actor = self._generation, self.context.actor

        def work(session: Any, _control: Any) -> TodayData:
            return load_today(session, actor)

        def done(data: TodayData) -> None:
            if generation == self._generation:
                self.show_data(data)

        self.context.tasks.run(work, on_success=done, title=self.tr("Vandaag laden"), parent=self)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()  # what waits changes all day; counting is quick and runs in the background

    def show_data(self, data: TodayData) -> None:
        self.data = data
        self.title.setText(self.tr("<h2>Vandaag, {day}</h2>").format(day=long_date(data.today)))
        total = data.total
        if total == 0:
            self.summary.setText(self.tr("Er wacht vandaag niets op u. Alles is bij."))
        elif total == 1:
            self.summary.setText(self.tr("Er wacht 1 ding op u. Kies <b>Openen</b> om het af te handelen."))
        else:
            self.summary.setText(
                self.tr("Er wachten {n} dingen op u. Kies <b>Openen</b> om ze af te handelen.").format(
                    n=total
                )
            )
        for box in self.groups.values():
            self.grid.removeWidget(box)
            box.deleteLater()
        self.groups = {}
        for group in data.groups:
            box = GroupBox(group, self.body)
            box.sig_open.connect(self.context.open_target)
            self.groups[group.kind.key] = box
        self._columns = 0
        self._place()
        self.sig_loaded.emit()

    def _place(self) -> None:
        columns = 2 if self.width() >= max(WIDE, self._two_columns_width()) else 1
        if columns == self._columns:
            return
        self._columns = columns
        boxes = list(self.groups.values())
        for box in boxes:
            self.grid.removeWidget(box)
        for n, box in enumerate(boxes):
            self.grid.addWidget(box, n // columns, n % columns, Qt.AlignmentFlag.AlignTop)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.grid.setRowStretch(len(boxes) // columns + 1, 1)

    def _two_columns_width(self) -> int:
        """The page width two columns of boxes need whole: at a large system font more than ``WIDE``."""
        widest = max((box.minimumSizeHint().width() for box in self.groups.values()), default=0)
        margins = self.contentsMargins() + self._layout.contentsMargins()
        scroll_bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        return 2 * widest + self.grid.horizontalSpacing() + margins.left() + margins.right() + scroll_bar

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._place()
