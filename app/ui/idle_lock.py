"""The automatic session lock (BIO): after a configurable idle time every window of the program is
covered — nothing readable — and a lock dialog asks for the password again.

Open dialogs are covered, never closed or hidden: a half-filled form, and the ``exec()`` of a
dialog waiting for it, survive the lock. Activity is any key or mouse event in the application.
On PostgreSQL the password is checked by PostgreSQL (``verify_password``, on a worker); on SQLite
the account on this computer is the identity and there is no password, so the lock unlocks with a
confirmation as the same account.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.errors import UserError
from app.ui.fonts import pt
from app.ui.forms import ERROR_STYLE, HINT_STYLE

if TYPE_CHECKING:
    from app.ui.context import AppContext
    from app.ui.tasks import Task

log = logging.getLogger(__name__)

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
COVER_NAME = "sessionLockCover"


class Cover(QWidget):
    """An opaque sheet over one window: hides its contents and takes its mouse clicks."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName(COVER_NAME)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"#{COVER_NAME} {{ background: #2f3b4a; }} QLabel {{ color: #e8edf2; }}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(self.tr("Vergrendeld"))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet(f"font-size: {pt(1.6)}; font-weight: 600;")
        layout.addStretch(1)
        layout.addWidget(icon)
        layout.addWidget(text)
        layout.addStretch(1)
        target.installEventFilter(self)
        self.fit()
        self.show()
        self.raise_()

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.fit()
            self.raise_()
        return False


class LockDialog(QDialog):
    """Asks the signed-in user to come back: their password (PostgreSQL) or a confirmation
    (SQLite). Application-modal, so nothing under it takes input while it is up."""

    sig_unlock_requested = Signal(str)
    """The user asks to unlock; carries the password typed (empty on SQLite)."""
    sig_quit_requested = Signal()
    """The user chose Afsluiten."""

    def __init__(self, context: AppContext, minutes: float, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint
                         | Qt.WindowType.WindowTitleHint)  # fmt: skip
        self.setObjectName("lockDialog")
        self.setWindowTitle(self.tr("Vergrendeld — {name}").format(name=APP_NAME))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(460)
        actor = context.actor
        self.needs_password = context.database.is_postgresql
        who = actor.played_by or actor.login
        idle = self.tr("{n} minuten").format(n=round(minutes)) if minutes >= 1 else self.tr("even")
        title = QLabel(self.tr("<b>Doorlopende Lijn is vergrendeld</b>"))
        if self.needs_password:
            explanation = self.tr(
                "U hebt {idle} niets gedaan; daarom is het venster vergrendeld. Wat u aan het invullen "
                "was, blijft bewaard. Vul het wachtwoord van <b>{login}</b> in om verder te werken."
            ).format(idle=idle, login=context.database.url.username or who)
        else:
            explanation = self.tr(
                "U hebt {idle} niets gedaan; daarom is het venster vergrendeld. Wat u aan het invullen "
                "was, blijft bewaard.<br><br>Deze database staat op deze computer: u bent aangemeld met "
                "uw account op de computer (<b>{login}</b>), zonder apart wachtwoord. Bevestig dat u "
                "dat bent om verder te werken."
            ).format(idle=idle, login=who)
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.explanation = text
        who_label = QLabel(self.tr("Aangemeld: {name} ({login})").format(name=actor.name, login=actor.login))
        who_label.setStyleSheet(HINT_STYLE)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Wachtwoord"))
        self.password.setVisible(self.needs_password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        confirm = self.tr("Ik ben {login}: ontgrendelen").format(login=who)
        self.unlock_button = QPushButton(self.tr("Ontgrendelen") if self.needs_password else confirm)
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.quit_button = QPushButton(self.tr("Afsluiten"))
        self.quit_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self._unlock_clicked)
        self.quit_button.clicked.connect(self.sig_quit_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(who_label)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    @Slot()
    def _unlock_clicked(self) -> None:
        if self.needs_password and not self.password.text():
            self.show_message(self.tr("Vul uw wachtwoord in."))
            return
        self.sig_unlock_requested.emit(self.password.text())

    def show_message(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.adjustSize()

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.password.setEnabled(not busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # Escape must not close the lock
            return
        super().keyPressEvent(event)

    def reject(self) -> None:  # neither Escape nor the window's close button unlocks
        pass


class SessionLock(QObject):
    """Watches the application for activity and locks every window after ``timeout_ms`` idle."""

    sig_locked = Signal()
    """Every window is covered and the lock dialog is up."""
    sig_unlocked = Signal()
    """The user is back: covers gone, focus restored."""
    sig_quit_requested = Signal()
    """The user chose Afsluiten on the lock dialog."""

    def __init__(self, context: AppContext, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.timeout_ms = max(1, int(timeout_ms))
        self.dialog: LockDialog | None = None
        self._covers: list[Cover] = []
        self._focus: QWidget | None = None
        self._task: Task | None = None
        self._last_activity = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.set_timeout_ms(self.timeout_ms)

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def set_context(self, context: AppContext) -> None:
        self.context = context

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self.timeout_ms = max(1, int(timeout_ms))
        self._timer.setInterval(max(20, min(self.timeout_ms // 4, 5000)))
        self._last_activity = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY:
            if not self.locked:
                self._last_activity = time.monotonic()
        elif (
            kind == QEvent.Type.Show
            and self.locked
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.dialog
            and not _is_covered(watched)
        ):  # a window that appears while locked (a message from a finished task) is covered too
            QTimer.singleShot(0, lambda w=watched: self._cover(w))
        return False

    @Slot()
    def _check(self) -> None:
        if self.locked:
            return
        if (time.monotonic() - self._last_activity) * 1000 >= self.timeout_ms:
            self.lock()

    def lock(self) -> None:
        """Cover every window and ask the user to come back."""
        if self.locked:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._focus = app.focusWidget()
        popup = app.activePopupWidget()
        while popup is not None:  # an open menu or completer list: closing it loses nothing
            popup.close()
            next_popup = app.activePopupWidget()
            popup = None if next_popup is popup else next_popup
        QToolTip.hideText()
        for widget in app.topLevelWidgets():
            if widget.isVisible() and widget.isWindow():
                self._cover(widget)
        main = self.context_window()
        self.dialog = LockDialog(self.context, self.timeout_ms / 60_000, main)
        self.dialog.sig_unlock_requested.connect(self._unlock_requested)
        self.dialog.sig_quit_requested.connect(self.sig_quit_requested)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        (self.dialog.password if self.dialog.needs_password else self.dialog.unlock_button).setFocus()
        self.sig_locked.emit()

    def context_window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _cover(self, widget: QWidget) -> None:
        if widget is self.dialog or not widget.isVisible() or _is_covered(widget):
            return
        if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
            widget.close()
            return
        self._covers.append(Cover(widget))

    @Slot(str)
    def _unlock_requested(self, password: str) -> None:
        dialog = self.dialog
        if dialog is None or (self._task is not None and self._task.is_running):
            return
        database = self.context.database
        if not database.is_postgresql:
            self.unlock()
            return
        dialog.set_busy(True)
        dialog.show_message("")

        def work(_control: object) -> None:
            from app.auth.signin import verify_password

            verify_password(database, password)

        self._task = self.context.tasks.run_function(
            work, on_success=lambda _r: self.unlock(), on_failure=self._wrong, parent=dialog, silent=True,
            cancellable=False,
        )  # fmt: skip

    def _wrong(self, exc: BaseException) -> None:
        if self.dialog is None:
            return
        self.dialog.set_busy(False)
        message = exc.message if isinstance(exc, UserError) else str(exc)
        self.dialog.show_message(message)
        self.dialog.password.selectAll()
        self.dialog.password.setFocus()

    def unlock(self) -> None:
        """Remove the covers and go on exactly where the user was."""
        dialog, self.dialog = self.dialog, None
        for cover in self._covers:
            parent = cover.parentWidget()
            if parent is not None:
                parent.removeEventFilter(cover)
            cover.hide()
            cover.setParent(None)  # out of the window at once
            cover.deleteLater()
        self._covers.clear()
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
        if self._focus is not None:
            import shiboken6

            if shiboken6.isValid(self._focus) and self._focus.isVisible():
                self._focus.activateWindow()
                self._focus.setFocus()
        self._focus = None
        self._last_activity = time.monotonic()
        self.sig_unlocked.emit()


def _is_covered(widget: QWidget) -> bool:
    return any(isinstance(child, Cover) for child in widget.children())
