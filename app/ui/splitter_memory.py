"""Splitters that adapt until the user moves them, and are remembered after: a page's splitters are
fitted to their content (``fit``) whenever the page is resized, until the user drags one; from then
on their positions are kept in the window settings (window.ini) and restored the next time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QSplitter, QWidget


def _settings() -> QSettings:
    from app.config import config_dir  # the window's own file, isolated with it in tests

    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


class SplitterMemory(QObject):
    def __init__(self, key: str, splitters: list[QSplitter], fit: Callable[[], None], owner: QWidget) -> None:
        super().__init__(owner)
        self.key, self.splitters, self.fit = f"splitters/{key}", splitters, fit
        self.user_sized = self._restore()
        # Fitted once the resize has reached the splitters (an event filter sees it before).
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(lambda: None if self.user_sized else self.fit())
        for splitter in splitters:
            splitter.splitterMoved.connect(self._moved)  # only a drag: setSizes does not emit it
        owner.installEventFilter(self)

    def _restore(self) -> bool:
        states = _settings().value(self.key)
        if not isinstance(states, list) or len(states) != len(self.splitters):
            return False
        return all(
            isinstance(state, QByteArray | bytes) and splitter.restoreState(QByteArray(state))
            for splitter, state in zip(self.splitters, states, strict=True)
        )

    def _moved(self, _pos: int, _index: int) -> None:
        self.user_sized = True
        settings = _settings()
        settings.setValue(self.key, [splitter.saveState() for splitter in self.splitters])
        settings.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.user_sized:
            self._refit.start()
        return False

    def forget(self) -> None:
        """Back to fitting (nothing remembered)."""
        self.user_sized = False
        settings = _settings()
        settings.remove(self.key)
        settings.sync()
        self.fit()
