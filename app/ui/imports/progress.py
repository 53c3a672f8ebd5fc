"""Progress of a page's background task inside the page itself, with its own cancel button.

The runner's own progress dialog would pop up over the wizard; here the work belongs to the page,
so the bar sits where the result will appear. It shows only when a task takes a moment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.ui.tasks import Task

SHOW_AFTER_MS = 250


class TaskPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(14)
        self.cancel_button = QPushButton(self.tr("Annuleren"))
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self._task: Task | None = None
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._reveal)
        self.hide()

    @property
    def task(self) -> Task | None:
        return self._task

    def watch(self, task: Task, text: str, *, cancellable: bool = True) -> None:
        """Follow `task`; shown after a short delay, hidden when it ends."""
        self._task = task
        self._text = text
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first real progress
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        task.sig_progress.connect(lambda fraction, step, t=task: self._progress(t, fraction, step))
        task.sig_finished.connect(lambda t=task: self._finished(t))
        self._timer.start(SHOW_AFTER_MS)

    @Slot()
    def _reveal(self) -> None:
        if self._task is not None and self._task.is_running:
            self.show()

    def _alive(self) -> bool:
        """The task's signals outlive this widget when its dialog is closed while the task runs."""
        import shiboken6

        return shiboken6.isValid(self) and shiboken6.isValid(self._timer)

    def _progress(self, task: Task, fraction: float, step: str) -> None:
        if not self._alive() or task is not self._task or task.control.cancelled:
            return
        self.bar.setRange(0, 1000)
        self.bar.setValue(int(fraction * 1000))
        self.label.setText(f"{self._text} {step}".strip())

    def _finished(self, task: Task) -> None:
        if self._alive() and task is self._task:
            self._timer.stop()
            self._task = None
            self.hide()

    @Slot()
    def cancel(self) -> None:
        if self._task is not None and self._task.is_running:
            self._task.cancel()
            self.label.setText(self.tr("Bezig met annuleren…"))
            self.cancel_button.setEnabled(False)
