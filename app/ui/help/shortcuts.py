"""Help → Sneltoetsen: every shortcut, read from the window's menus and actions and from the pages that
are built (their actions, QShortcuts and buttons with a shortcut of their own), so the list stays true
when a page adds one. Windows and dialogs of their own are not built when the list is made; each that
has shortcuts declares them (``SHORTCUTS_TITLE`` and ``SHORTCUTS`` on the class) and is named in
``DIALOGS_WITH_SHORTCUTS``; a test builds every dialog and checks both against what it really has.
Underlined letters (Alt + letter) are mentioned once, not listed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.modules import ModuleSpec


def _t(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


# What a QShortcut without a whatsThis() does, by the usual meaning of its key.
USUAL_MEANING = {
    "F5": "Vernieuwen",
    "Ctrl+F": "Zoeken",
    "Ctrl+P": "Afdrukken…",
    "Ctrl+N": "Nieuw…",
    "Ctrl+E": "Exporteren naar Excel…",
    "F9": "Uitvoeren",
    "F1": "Handleiding",
}


# The dialogs and windows of their own that have shortcuts (module, class): their declared shortcuts
# are listed under their title. Imported only when the list is made.
DIALOGS_WITH_SHORTCUTS: tuple[tuple[str, str], ...] = (("app.ui.cases.dossier_view", "DossierView"),)


def dialog_rows() -> list[ShortcutRow]:
    """The declared shortcuts of every dialog in ``DIALOGS_WITH_SHORTCUTS``."""
    import importlib

    rows = []
    for module_name, class_name in DIALOGS_WITH_SHORTCUTS:
        cls = getattr(importlib.import_module(module_name), class_name)
        title = _t(cls.SHORTCUTS_TITLE)
        for key, what, tab in cls.SHORTCUTS:
            where = f"{title} → {_t(tab)}" if tab else title
            rows.append(ShortcutRow(where, QKeySequence(key), _t(what)))
    return rows


class ShellLike(Protocol):
    """What the list needs of the main window."""

    def menuBar(self) -> QMenuBar: ...
    def actions(self) -> list[QAction]: ...
    def modules(self) -> list[ModuleSpec]: ...
    def current_module_key(self) -> str | None: ...
    def page(self, key: str) -> QWidget | None: ...


@dataclass(frozen=True)
class ShortcutRow:
    where: str  # "Overal" or the page's title
    keys: QKeySequence
    what: str

    @property
    def portable(self) -> str:
        """ "Ctrl+F" whatever the platform shows (for tests and comparisons)."""
        return self.keys.toString(QKeySequence.SequenceFormat.PortableText)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("\t", " ").strip()


def _describe(key: QKeySequence, *texts: str) -> str:
    """The first of ``texts`` that says something, else the usual meaning of the key."""
    for text in texts:
        if _plain(text):
            return _plain(text)
    return _t(USUAL_MEANING.get(key.toString(QKeySequence.SequenceFormat.PortableText), ""))


def _menu_rows(menu: QMenu, path: str) -> list[ShortcutRow]:
    rows = []
    for action in menu.actions():
        sub = action.menu()
        if isinstance(sub, QMenu):
            if action.isVisible():
                rows += _menu_rows(sub, f"{path} → {_plain(action.text())}")
        elif action.isVisible() and not action.shortcut().isEmpty():
            rows.append(ShortcutRow(_t("Overal"), action.shortcut(), f"{path} → {_plain(action.text())}"))
    return rows


def _tab_of(obj: QObject, page: QWidget) -> str:
    """The title of the page's tab that holds ``obj`` ("" when it is not on a tab)."""
    node: QObject | None = obj
    while node is not None and node is not page:
        parent = node.parent()
        tabs = parent.parent() if isinstance(parent, QStackedWidget) else None
        if isinstance(tabs, QTabWidget) and isinstance(node, QWidget) and tabs.indexOf(node) >= 0:
            return re.sub(r"\s*\(\d+\)$", "", _plain(tabs.tabText(tabs.indexOf(node))))  # no "(3)" badge
        node = parent
    return ""


def _page_rows(title: str, page: QWidget) -> list[ShortcutRow]:
    found: list[tuple[QObject, QKeySequence, str]] = []
    for action in page.findChildren(QAction):
        if action.isVisible() and not action.shortcut().isEmpty() and action.menu() is None:
            key = action.shortcut()
            found.append((action, key, _describe(key, action.text(), action.whatsThis())))
    for shortcut in page.findChildren(QShortcut):
        key = shortcut.key()
        if not key.isEmpty() and shortcut.isEnabled():
            found.append((shortcut, key, _describe(key, shortcut.whatsThis())))
    for button in page.findChildren(QAbstractButton):
        key = button.shortcut()
        if key.isEmpty() or key == QKeySequence.mnemonic(button.text()):
            continue  # Alt + underlined letter: explained once under the table
        found.append((button, key, _describe(key, button.text(), button.toolTip())))
    rows = []
    for obj, key, what in found:
        tab = _tab_of(obj, page)
        rows.append(ShortcutRow(f"{title} → {tab}" if tab else title, key, what))
    return rows


def collect_shortcuts(window: ShellLike) -> list[ShortcutRow]:
    """Every shortcut of the window (menus and its own actions) and of the pages built so far."""
    rows: list[ShortcutRow] = []
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.isVisible():
            rows += _menu_rows(menu, _plain(action.text()))
    menu_actions = {id(a) for m in window.menuBar().findChildren(QMenu) for a in m.actions()}
    for action in window.actions():
        if id(action) not in menu_actions and action.isVisible() and not action.shortcut().isEmpty():
            rows.append(
                ShortcutRow(_t("Overal"), action.shortcut(), _describe(action.shortcut(), action.text()))
            )
    for spec in window.modules():
        page = window.page(spec.key)
        if page is not None:
            rows += _page_rows(spec.title, page)
    rows += dialog_rows()
    unique: dict[tuple[str, str, str], ShortcutRow] = {}
    for row in rows:
        unique.setdefault((row.where, row.portable, row.what), row)
    return list(unique.values())


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[ShortcutRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("Sneltoetsen"))
        self.rows = rows
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels([_t("Toets"), _t("Wat het doet"), _t("Waar")])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, item in enumerate(rows):
            keys = item.keys.toString(QKeySequence.SequenceFormat.NativeText)
            for column, text in enumerate((keys, item.what, item.where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        note = QLabel(
            _t(
                "Een onderstreepte letter in een knop, tabblad of menu: Alt + die letter. Sneltoetsen van "
                "een onderdeel dat u nog niet heeft geopend, staan hier zodra u het opent; die van "
                "vensters als het dossiervenster staan er altijd bij."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_t("Sluiten"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def listed(self) -> set[str]:
        """The keys listed, in portable text ("Ctrl+F")."""
        return {row.portable for row in self.rows}
