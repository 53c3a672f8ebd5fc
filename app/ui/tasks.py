"""Background work: run a function off the GUI thread with its own Session, deliver the outcome on
the GUI thread, report throttled progress, allow cancel, and show busy feedback only when slow.

    runner.run(fn, on_success=..., title="Gebruikers laden")

``fn(session, control)`` runs on a QThreadPool worker inside ``database.unit_of_work()``: the work is
committed when ``fn`` returns and rolled back when it raises (including ``Cancelled``). Results and
errors come back through queued signals, so callbacks always run on the GUI thread and may touch
widgets. A busy cursor appears after ``BUSY_CURSOR_MS`` and a progress dialog after ``DIALOG_MS``;
fast tasks show nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from app.errors import DatabaseUnavailable, UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.db.session import Database

log = logging.getLogger(__name__)

BUSY_CURSOR_MS = 300
DIALOG_MS = 600
PROGRESS_INTERVAL_S = 0.1  # at most ~10 progress signals per second


def _tr(text: str) -> str:
    return QCoreApplication.translate("TaskRunner", text)


class Cancelled(Exception):
    """The user cancelled the task; everything it did in the database was rolled back."""


class TaskControl:
    """Handed to the worker function: report progress and notice a cancel request. Thread-safe."""

    def __init__(self, emit_progress: Callable[[float, str], None], interval: float = PROGRESS_INTERVAL_S):
        self._emit = emit_progress
        self._interval = interval
        self._cancel = threading.Event()
        self._last = float("-inf")
        self._last_fraction = 0.0
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check_cancelled(self) -> None:
        """Raise ``Cancelled`` when the user asked to stop; the task's work is then rolled back."""
        if self._cancel.is_set():
            raise Cancelled(_tr("Geannuleerd."))

    def progress(self, fraction: float, text: str = "") -> None:
        """Report progress (0.0–1.0); throttled, so it is cheap to call in a tight loop."""
        fraction = max(0.0, min(1.0, float(fraction)))
        now = time.monotonic()
        with self._lock:
            finishing = fraction >= 1.0 > self._last_fraction  # "done" always gets through, once
            if not finishing and now - self._last < self._interval:
                return
            self._last = now
            self._last_fraction = fraction
        self._emit(fraction, text)


class _Signals(QObject):
    """Lives on the GUI thread; the worker only emits, so every slot runs on the GUI thread."""

    sig_progress = Signal(float, str)
    """Throttled progress from the worker."""
    sig_succeeded = Signal(object)
    """The function returned this value (work committed)."""
    sig_failed = Signal(object)
    """The function raised this exception (work rolled back)."""


class _Job(QRunnable):
    def __init__(self, work: Callable[[TaskControl], Any], control: TaskControl, signals: _Signals):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._control = control
        self._signals = signals

    def run(self) -> None:  # worker thread: never touch widgets here
        try:
            result = self._work(self._control)
        except BaseException as exc:
            self._emit(self._signals.sig_failed, exc)
            return
        self._emit(self._signals.sig_succeeded, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the application is closing and the receiver is gone
            log.debug("task outcome dropped: receiver deleted")


class Task(QObject):
    """Handle of one running task, on the GUI thread. Keeps the busy cursor and progress dialog."""

    sig_progress = Signal(float, str)
    """Throttled progress (fraction 0–1, text), delivered on the GUI thread."""
    sig_finished = Signal()
    """The task ended (success, failure or cancel) and its callbacks have run."""

    def __init__(
        self,
        runner: TaskRunner,
        *,
        title: str,
        parent_widget: QWidget | None,
        cancellable: bool,
        silent: bool,
    ) -> None:
        super().__init__()  # no Qt parent: the runner holds it while running, the caller afterwards
        self.title = title
        self.outcome: str | None = None  # "success", "failure" or "cancelled"
        self.result: Any = None
        self.error: BaseException | None = None
        self._runner = runner
        self._parent_widget = parent_widget
        self._cancellable = cancellable
        self._silent = silent
        self._cursor = False
        self._dialog: QProgressDialog | None = None
        self._last_progress: tuple[float, str] = (0.0, "")
        self.signals = _Signals()  # no parent: owned by this handle, lives on the GUI thread
        self.control = TaskControl(self.signals.sig_progress.emit)
        self.signals.sig_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._timers: list[QTimer] = []
        if not silent:
            self._after(BUSY_CURSOR_MS, self._show_cursor)
            self._after(DIALOG_MS, self._show_dialog)

    def _after(self, msecs: int, slot: Callable[[], None]) -> None:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        timer.start(msecs)
        self._timers.append(timer)

    @property
    def is_running(self) -> bool:
        return self.outcome is None

    def cancel(self) -> None:
        """Ask the worker to stop at its next ``check_cancelled``; its work will be rolled back."""
        self.control.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(_tr("Bezig met annuleren…"))

    @Slot()
    def _show_cursor(self) -> None:
        if self.is_running and not self._cursor:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._cursor = True

    @Slot()
    def _show_dialog(self) -> None:
        if not self.is_running or self._dialog is not None:
            return
        cancel_text = _tr("Annuleren") if self._cancellable else ""
        dialog = QProgressDialog(self._label_text(), cancel_text, 0, 1000, self._parent_widget)
        dialog.setWindowTitle(self.title or _tr("Bezig…"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal if self._parent_widget
                                 else Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(360)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.setValue(int(self._last_progress[0] * 1000))
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        dialog.show()

    def _label_text(self) -> str:
        text = self._last_progress[1]
        if self.title and text:
            return f"{self.title}\n{text}"
        return self.title or text or _tr("Even geduld…")

    @Slot(float, str)
    def _on_progress(self, fraction: float, text: str) -> None:
        if not self.is_running:
            return
        self._last_progress = (fraction, text)
        self.sig_progress.emit(fraction, text)
        dialog = self._dialog
        if dialog is not None and not self.control.cancelled:
            dialog.setLabelText(self._label_text())
            # Last, and on a local reference: a modal progress dialog's setValue processes events,
            # in which the task may end and drop its dialog.
            dialog.setValue(int(fraction * 1000))

    def _end(self, outcome: str) -> None:
        self.outcome = outcome
        for timer in self._timers:
            timer.stop()
        if self._cursor:
            QApplication.restoreOverrideCursor()
            self._cursor = False
        dialog, self._dialog = self._dialog, None
        # The progress dialog belongs to the window that started the task: when that window was
        # closed (and deleted) before the task ended, the dialog has gone with it.
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.canceled.disconnect(self.cancel)
            dialog.close()
            dialog.deleteLater()


class TaskRunner(QObject):
    """Runs functions on a QThreadPool; one Session per task, outcome delivered on the GUI thread."""

    sig_connection_lost = Signal(str)
    """A task (or ping) could not reach the database; carries the Dutch message."""
    sig_connection_restored = Signal()
    """The database answered again after a connection loss."""
    sig_task_started = Signal(object)
    """A task was started (its Task handle)."""

    def __init__(
        self,
        database_provider: Callable[[], Database],
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._database_provider = database_provider
        self._pool = pool or QThreadPool.globalInstance()
        self._active: set[Task] = set()
        self.connection_ok = True
        self.default_parent: QWidget | None = None
        # Replaceable (tests, embedding): how an unhandled error is shown to the user.
        self.show_error: Callable[[QWidget | None, str, str], None] = show_error_box

    # -- public API ---------------------------------------------------------------------------

    def run(
        self,
        fn: Callable[[Session, TaskControl], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        title: str = "",
        parent: QWidget | None = None,
        cancellable: bool = True,
        silent: bool = False,
    ) -> Task:
        """Run ``fn(session, control)`` in its own unit of work (commit on success, rollback on error)."""
        database = self._database_provider()

        def work(control: TaskControl) -> Any:
            with database.unit_of_work() as session:
                result = fn(session, control)
                control.check_cancelled()  # a cancel during the last step still rolls back
                return result

        return self._start(work, True, on_success, on_failure, title, parent, cancellable, silent)

    def run_function(
        self,
        fn: Callable[[TaskControl], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        title: str = "",
        parent: QWidget | None = None,
        cancellable: bool = True,
        silent: bool = False,
    ) -> Task:
        """Run ``fn(control)`` without a Session (a ping, a PDF, opening another database)."""
        return self._start(fn, False, on_success, on_failure, title, parent, cancellable, silent)

    def report_connection(self, ok: bool, message: str = "") -> None:
        """Record whether the database answered (tasks and the periodic ping call this)."""
        if ok:
            if not self.connection_ok:
                self.connection_ok = True
                self.sig_connection_restored.emit()
            return
        self.connection_ok = False
        from app.errors import CONNECTION_LOST

        self.sig_connection_lost.emit(message or CONNECTION_LOST)

    def active_tasks(self) -> list[Task]:
        return list(self._active)

    def wait_for_done(self, msecs: int = 10_000) -> bool:
        """Block until the pool is idle (shutdown and tests only; never in normal GUI code)."""
        for task in list(self._active):
            task.cancel()
        return bool(self._pool.waitForDone(msecs))

    # -- internals ----------------------------------------------------------------------------

    def _start(
        self,
        work: Callable[[TaskControl], Any],
        uses_database: bool,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        title: str,
        parent: QWidget | None,
        cancellable: bool,
        silent: bool,
    ) -> Task:
        owner = parent  # callbacks are dropped when the widget that asked is gone
        parent = parent or self.default_parent
        task = Task(self, title=title, parent_widget=parent, cancellable=cancellable, silent=silent)
        self._active.add(task)

        def succeeded(result: Any) -> None:
            task.result = result
            task._end("success")
            self._active.discard(task)
            if uses_database:
                self.report_connection(True)
            try:
                if on_success is not None and _alive(owner):
                    on_success(result)
            finally:
                task.sig_finished.emit()

        def failed(exc: BaseException) -> None:
            task.error = exc
            task._end("cancelled" if isinstance(exc, Cancelled) else "failure")
            self._active.discard(task)
            try:
                if _alive(owner):
                    self._deliver_failure(exc, on_failure, parent, title, silent)
                elif isinstance(exc, DatabaseUnavailable):
                    self.report_connection(False, exc.message)
            finally:
                task.sig_finished.emit()

        task.signals.sig_succeeded.connect(succeeded, Qt.ConnectionType.QueuedConnection)
        task.signals.sig_failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self.sig_task_started.emit(task)
        self._pool.start(_Job(work, task.control, task.signals))
        return task

    def _deliver_failure(
        self,
        exc: BaseException,
        on_failure: Callable[[BaseException], None] | None,
        parent: QWidget | None,
        title: str,
        silent: bool,
    ) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.report_connection(False, exc.message)
        if on_failure is not None:
            on_failure(exc)
            return
        if isinstance(exc, Cancelled) or silent:
            return
        if isinstance(exc, UserError):
            self.show_error(parent, title or _tr("Doorlopende Lijn"), exc.message)
            return
        log.error("task %r failed", title, exc_info=exc)
        self.show_error(
            parent,
            title or _tr("Doorlopende Lijn"),
            _tr("Er ging iets onverwachts mis: {error}").format(error=f"{type(exc).__name__}: {exc}"),
        )


def _alive(widget: QWidget | None) -> bool:
    return widget is None or shiboken6.isValid(widget)


def show_error_box(parent: QWidget | None, title: str, message: str) -> None:
    """A non-blocking warning box (no nested event loop)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
