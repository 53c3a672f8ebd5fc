"""Help in the program: F1 opens the chapter of the page shown, Sneltoetsen lists the window's and the
pages' shortcuts (Ctrl+F and F1 among them), Begrippen opens the glossary, Ctrl+F reaches the page's
search field from anywhere on the page, and Qt's own dialogs speak Dutch."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QPushButton, QTableView

from app.db.session import Database
from app.domain.roles import Role
from app.ui.help.chapters import CHAPTERS, TAB_ANCHORS
from app.ui.help.glossary import TERMS, header_tooltip
from app.ui.modules import available_modules
from app.ui.shell import MainWindow
from app.ui.widgets.search_bar import SearchBar
from tests.db.board_fixtures import setup_periods
from tests.gui.board.test_overview import ZEIST, make_context

MODULES = ["app.ui.today", "app.ui.board", "app.ui.cases", "app.ui.directory"]


def _window(qtbot: Any, db: Database, tmp_path: Any) -> MainWindow:
    with db.unit_of_work() as session:
        setup_periods(session)
    context = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(context, available_modules(MODULES), window_settings=settings, ping_interval_ms=0,
                        badge_interval_ms=0)  # fmt: skip
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading, timeout=5000)
    return window


def _close(window: MainWindow) -> None:
    window.close()
    window.context.tasks.wait_for_done(10_000)


def test_f1_on_the_board_opens_the_board_chapter_at_the_tab_shown(qtbot, fresh_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, fresh_database, tmp_path)
    board = window.show_module("board")
    assert board is not None
    board.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_window = window.help.help_window
    assert help_window is not None and help_window.isVisible()
    assert help_window.current_chapter() == "uitwisselbord"
    assert help_window.browser.source().fragment() == "overzicht"
    assert help_window.chapters.currentItem().text() == "Uitwisselbord"
    assert "Gecorrigeerd" in help_window.browser.toPlainText()

    board.tabs.setCurrentWidget(board.view("MatchingTab"))
    qtbot.keyClick(board.tabs.currentWidget(), Qt.Key.Key_F1)
    assert help_window.browser.source().fragment() == "matching"

    window.show_module("today")
    qtbot.keyClick(window.page("today"), Qt.Key.Key_F1)
    assert help_window.current_chapter() == "vandaag"
    assert help_window.chapters.currentItem().text() == "Vandaag"
    _close(window)


def test_the_chapter_list_and_links_between_chapters(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.ui.help.window import HelpWindow

    window = HelpWindow()
    qtbot.addWidget(window)
    window.show_topic("vandaag")
    for row, chapter in enumerate(CHAPTERS):  # every chapter exists and opens from the list
        assert chapter.path.is_file(), chapter.path
        window.chapters.setCurrentRow(row)
        assert window.current_chapter() == chapter.id
        assert window.browser.toPlainText().strip()
    window.show_topic("uitwisselbord#uitruil")
    window.browser.setSource(window.browser.source().resolved("begrippen.html#uitruilsaldo"))  # a link
    assert window.current_chapter() == "begrippen"
    assert window.chapters.currentItem().text() == "Begrippen"
    assert window.back_button.isEnabled()
    window.back_button.click()
    assert window.current_chapter() == "uitwisselbord"


def test_f1_in_a_window_of_its_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    from app.ui.help.menu import add_help_key
    from app.ui.help.window import HelpWindow

    dossier_window = QWidget()  # stands for the dossier window: any window of its own
    field = QLineEdit(dossier_window)
    QVBoxLayout(dossier_window).addWidget(field)
    qtbot.addWidget(dossier_window)
    add_help_key(dossier_window, "dossiers#overdracht")
    dossier_window.show()
    dossier_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dossier_window)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F1)
    help_window = dossier_window.findChild(HelpWindow)
    assert help_window is not None and help_window.current_chapter() == "dossiers"
    assert help_window.browser.source().fragment() == "overdracht"


def test_every_link_and_anchor_in_the_guide_exists() -> None:
    names = {c.id: c.path.read_text(encoding="utf-8") for c in CHAPTERS}
    anchors = {cid: set(re.findall(r'<a name="([^"]+)"', text)) for cid, text in names.items()}
    for cid, text in names.items():
        for target in re.findall(r'href="([^"]+)"', text):
            page, _sep, anchor = target.partition("#")
            page_id = page.removesuffix(".html") or cid
            assert page_id in names, (cid, target)
            assert not anchor or anchor in anchors[page_id], (cid, target)
    for anchor in TERMS:  # the tooltips' terms are all explained in the glossary chapter
        assert anchor in anchors["begrippen"], anchor
    for word in ("taakstelling", "gecorrigeerd", "achterstand", "peildatum", "koppeling", "uitruil",
                 "uitruilsaldo", "schuldenaar", "vergunninghouder", "warme-overdracht"):  # fmt: skip
        assert word in anchors["begrippen"], word
    board_anchors = anchors["uitwisselbord"] | anchors["dossiers"] | anchors["initiatieven"]
    board_anchors |= anchors["werkgevers"] | anchors["privacy"]
    assert set(TAB_ANCHORS.values()) <= board_anchors


def test_sneltoetsen_lists_the_window_and_page_shortcuts(qtbot, fresh_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, fresh_database, tmp_path)
    window.show_module("board")
    window.help.shortcuts.trigger()
    dialog = window.help.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    listed = dialog.listed()
    assert {"Ctrl+F", "F1", "Ctrl+I", "Ctrl+Q", "Ctrl+1", "F5", "F9"} <= listed
    rows = {(r.portable, r.what) for r in dialog.rows}
    assert ("F1", "Help → Handleiding") in rows
    assert ("Ctrl+F", "Zoeken op deze pagina") in rows
    assert ("Ctrl+2", "Beeld → Uitwisselbord") in rows
    assert [r for r in dialog.rows if not r.what] == []
    texts = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
    assert "Help → Handleiding" in texts and len(texts) == len(dialog.rows)
    # The same as what is registered: every visible action with a shortcut in the window is listed.
    from PySide6.QtGui import QAction

    registered = {a.shortcut().toString() for a in window.findChildren(QAction)
                  if not a.shortcut().isEmpty() and a.isVisible() and a.isEnabled()
                  and (window.page("board").isAncestorOf(a.parent()) or a.parent() is window
                       or a.parent() is window.page("board"))}  # fmt: skip
    assert registered <= listed
    dialog.grab().save(str(tmp_path / "sneltoetsen.png"))  # to look at
    window.help.open_manual()
    window.grab().save(str(tmp_path / "window.png"))
    dialog.close()
    _close(window)


def test_begrippen_opens_the_glossary(qtbot, fresh_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, fresh_database, tmp_path)
    window.help.glossary.trigger()
    help_window = window.help.help_window
    assert help_window is not None and help_window.current_chapter() == "begrippen"
    text = help_window.browser.toPlainText()
    for word in ("Uitruilsaldo", "Schuldenaar", "Peildatum", "Warme overdracht"):
        assert word in text
    _close(window)


def test_ctrl_f_from_a_table_and_a_button_focuses_the_page_search(qtbot, fresh_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, fresh_database, tmp_path)
    board = window.show_module("board")
    board.tabs.setCurrentWidget(board.view("KoppelingenTab"))
    tab = board.tabs.currentWidget()
    search = next(bar for bar in tab.findChildren(SearchBar) if bar.isVisible())
    table = next(t for t in tab.findChildren(QTableView) if t.isVisible())
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is search

    cases = window.show_module("cases")  # a page whose tab has its own focus_search
    button = next(b for b in cases.findChildren(QPushButton) if b.isVisible() and b.isEnabled())
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dossier_search = cases.dossiers.filters.search
    assert QApplication.focusWidget() is dossier_search
    directory = window.show_module("directory")
    table = next(t for t in directory.search.findChildren(QTableView) if t.isVisible())
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is directory.search.filters.search
    window.show_module("cases")
    window.nav.setFocus()  # from the navigation too
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is dossier_search
    _close(window)


def test_the_board_header_tooltips_explain_the_word() -> None:
    tip = header_tooltip("Uitruil-\nsaldo")
    assert tip is not None and tip.startswith("Uitruilsaldo: ") and tip.endswith("F1: meer in de handleiding")
    assert "Gecorrigeerde taakstelling" in (header_tooltip("Gecorri-\ngeerd") or "")
    assert header_tooltip("Gemeente") is None
    assert (header_tooltip("Gekoppeld\n1-7-2026") or "").startswith("Gekoppeld (op de peildatum): ")
    assert (header_tooltip("Nodig (verw.)\n1-1-2027") or "").startswith("Nodig (op de peildatum): ")
    assert (header_tooltip("80%-\ninterval") or "").startswith("80%-interval: ")


def test_every_word_column_of_the_overview_has_a_glossary_tooltip() -> None:
    from app.ui.board.overview_model import board_columns
    from app.ui.help.glossary import header_tooltips

    titles = [column.title for column in board_columns()]
    tips = header_tooltips(titles)
    words = [t for t in titles if not t.startswith(("Gemeente", "Won."))]
    assert sorted(tips) == sorted(words)
    assert all(tip.endswith("F1: meer in de handleiding") for tip in tips.values())


def test_qt_standard_buttons_are_dutch(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.ui.app import install_translations

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app)
    try:
        assert any(t.filePath().endswith("qtbase_nl.qm") for t in translators)
        box = QMessageBox(QMessageBox.Icon.Question, "Vraag", "Doorgaan?",
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)  # fmt: skip
        qtbot.addWidget(box)
        assert box.button(QMessageBox.StandardButton.Cancel).text().replace("&", "") == "Annuleren"
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        qtbot.addWidget(buttons)
        assert buttons.button(QDialogButtonBox.StandardButton.Close).text().replace("&", "") == "Sluiten"
        from PySide6.QtWidgets import QFileDialog, QLabel

        dialog = QFileDialog(None, "Bestand kiezen")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "Look in" not in labels and "Files of type" not in labels
        assert "Zoeken in" in labels or "Bestandstype" in labels, labels
    finally:
        for translator in translators:
            app.removeTranslator(translator)
