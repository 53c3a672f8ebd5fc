"""The Help menu's entries: Handleiding (F1, the chapter of the page shown), Sneltoetsen and Begrippen.
The shell calls ``install_help_menu`` once; the help window is imported when first asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.ui.help.chapters import GLOSSARY, topic_for_page

if TYPE_CHECKING:
    from app.ui.help.shortcuts import ShellLike, ShortcutsDialog
    from app.ui.help.window import HelpWindow


def _t(text: str) -> str:
    return QCoreApplication.translate("HelpMenu", text)


class HelpActions(QObject):
    """Owns the three actions and the one help window of a main window."""

    def __init__(self, window: ShellLike, menu: QMenu) -> None:
        assert isinstance(window, QWidget)
        super().__init__(window)
        self.window = window
        self.help_window: HelpWindow | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.manual = QAction(_t("&Handleiding"), window)
        self.manual.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.manual.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.manual.triggered.connect(self.open_manual)
        self.shortcuts = QAction(_t("&Sneltoetsen"), window)
        self.shortcuts.triggered.connect(self.open_shortcuts)
        self.glossary = QAction(_t("&Begrippen"), window)
        self.glossary.triggered.connect(self.open_glossary)
        for action in (self.manual, self.shortcuts, self.glossary):
            menu.addAction(action)
        menu.addSeparator()

    def open_topic(self, topic: str) -> HelpWindow:
        if self.help_window is None:
            from app.ui.help.window import HelpWindow

            assert isinstance(self.window, QWidget)
            self.help_window = HelpWindow(self.window)
        self.help_window.show_topic(topic)
        return self.help_window

    def open_manual(self) -> HelpWindow:
        """The chapter (and section) of the page shown."""
        key = self.window.current_module_key()
        page = self.window.page(key) if key else None
        return self.open_topic(topic_for_page(key, page))

    def open_glossary(self) -> HelpWindow:
        return self.open_topic(GLOSSARY)

    def open_shortcuts(self) -> ShortcutsDialog:
        from app.ui.help.shortcuts import ShortcutsDialog, collect_shortcuts

        assert isinstance(self.window, QWidget)
        dialog = ShortcutsDialog(collect_shortcuts(self.window), self.window)
        self.shortcuts_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "shortcuts_dialog", None))
        dialog.open()
        return dialog


def install_help_menu(window: ShellLike, menu: QMenu) -> HelpActions:
    """Add Handleiding, Sneltoetsen and Begrippen to ``menu`` (the shell's Help menu)."""
    return HelpActions(window, menu)


def add_help_key(widget: QWidget, topic: str) -> QAction:
    """F1 in a window of its own (the dossier window, a dialog) opens ``topic`` ("dossiers#overdracht")
    in a help window that belongs to it; the main window's F1 does not reach there."""
    action = QAction(_t("Handleiding"), widget)
    action.setShortcut(QKeySequence(Qt.Key.Key_F1))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def open_help() -> None:
        from app.ui.help.window import HelpWindow

        window = widget.findChild(HelpWindow, "helpWindow", Qt.FindChildOption.FindDirectChildrenOnly)
        if window is None:
            window = HelpWindow(widget)
            window.setObjectName("helpWindow")
        window.show_topic(topic)

    action.triggered.connect(open_help)
    widget.addAction(action)
    return action
