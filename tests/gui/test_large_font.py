"""The system font size respected (issue 17): at a 14 pt application font the main window still
fits a 1280×720 screen (1920×1080 at 150 %) on every page and tab: rows of buttons and filters wrap,
the navigation wraps a long name, the status bar shortens its texts and keeps them whole in a
tooltip. At the ordinary font the pages look as before (two columns on Vandaag on a wide screen,
one row of buttons). With DL_SCREENSHOTS set, Vandaag, Hiaten, Werklijsten and the Planner are
saved at 14 pt (1280×720) and at the ordinary font (1920×1080)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QWidget

from app.ui.modules import available_modules
from app.ui.shell import MainWindow
from tests.gui.dialog_factory import REGIO, screenshot_dir

LARGE_PT = 14
MAX_MIN_WIDTH = 1280  # a 1280×720 logical screen: 1920×1080 at 150 %
# Page (nav text start) and tab (text start) of each screenshot.
SHOTS = (("Vandaag", None), ("Initiatieven", "&Hiaten"), ("Dossiers", "&Werklijsten"),
         ("Werkgevers", "&Planner"), ("Werkgevers", "&Kandidaten"), ("Uitwisselbord", "Overzicht"),
         ("Uitwisselbord", "Aanbod"), ("Initiatieven", "&Zoeken"))  # fmt: skip


@pytest.fixture
def large_font(qapp: QApplication) -> Iterator[QFont]:
    """The application font as Windows sets it when the user chose large text; put back after."""
    old = QFont(qapp.font())
    big = QFont(old)
    big.setPointSizeF(LARGE_PT)
    qapp.setFont(big)
    try:
        yield big
    finally:
        qapp.setFont(old)


def _window(demo: Any, qtbot: Any, tmp_path: Path, size: tuple[int, int]) -> MainWindow:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        demo.context(REGIO), available_modules(), window_settings=settings, ping_interval_ms=0
    )
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settle(demo: Any, qtbot: Any) -> None:
    """Let a page start its loads (some on a timer), run them and deliver their rows."""
    for _ in range(2):
        qtbot.wait(30)
        qtbot.waitUntil(lambda: not demo.runner.active_tasks(), timeout=20_000)


def _show(demo: Any, qtbot: Any, window: MainWindow, row: int) -> QWidget:
    window.nav.setCurrentRow(row)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading, timeout=10_000)
    _settle(demo, qtbot)
    return window.stack.currentWidget()


def _widest(page: QWidget) -> list[tuple[int, str]]:
    """What forces the width (for the failure message): the widest shown widgets."""
    shown = [w for w in page.findChildren(QWidget) if w.isVisibleTo(page)]
    ranked = sorted(shown, key=lambda w: -w.minimumSizeHint().width())
    return [(w.minimumSizeHint().width(), f"{type(w).__name__} {w.objectName()}") for w in ranked[:5]]


def _visit_everything(demo: Any, qtbot: Any, window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    for row in range(window.nav.count()):
        page = _show(demo, qtbot, window, row)
        name = window.nav.item(row).text()
        yield name, page
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                _settle(demo, qtbot)
                yield f"{name} / {tabs.tabText(index)}", tabs.widget(index)


def _go(demo: Any, qtbot: Any, window: MainWindow, page_name: str, tab_name: str | None) -> None:
    row = next(r for r in range(window.nav.count()) if window.nav.item(r).text().startswith(page_name))
    page = _show(demo, qtbot, window, row)
    if tab_name is not None:
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                if tabs.tabText(index).startswith(tab_name):
                    tabs.setCurrentIndex(index)
                    _settle(demo, qtbot)
                    return
        raise AssertionError(f"no tab {tab_name} on {page_name}")


def _save_shots(demo: Any, qtbot: Any, window: MainWindow, stem: str) -> None:
    folder = screenshot_dir()
    if not folder:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for page_name, tab_name in SHOTS:
        _go(demo, qtbot, window, page_name, tab_name)
        qtbot.wait(50)
        name = (tab_name or page_name).strip("&").split(",")[0].lower()
        window.grab().save(str(folder / f"{stem}-{name}-{window.width()}x{window.height()}.png"))


def test_at_a_14_pt_font_the_main_window_fits_1280_on_every_page_and_tab(
    demo, qtbot, tmp_path, large_font
) -> None:
    window = _window(demo, qtbot, tmp_path, (1280, 720))
    assert window.font().pointSizeF() == LARGE_PT
    assert window.nav.count() == len(available_modules())  # the regio-coördinator sees every page
    seen = []
    for where, page in _visit_everything(demo, qtbot, window):
        seen.append((where, window.minimumSizeHint().width(), _widest(page)))
    assert len(seen) > window.nav.count()  # the tabs were visited too
    too_wide = [s for s in seen if s[1] > MAX_MIN_WIDTH]
    assert too_wide == [], f"cannot be made {MAX_MIN_WIDTH} px narrow at {LARGE_PT} pt: {too_wide}"

    # At 1280 px every page is laid out within the window (nothing pushed off to the right).
    for row in range(window.nav.count()):
        page = _show(demo, qtbot, window, row)
        assert page.geometry().right() <= window.centralWidget().width(), window.nav.item(row).text()
    # A long module name wraps instead of being cut short or widening the navigation.
    assert window.nav.wordWrap() and window.nav.minimumWidth() <= 250

    # The status bar at the narrowest: a text that does not fit is shortened, and whole in its tooltip.
    window.resize(window.minimumSizeHint().width(), 720)
    qtbot.wait(20)
    labels = [window.database_label, window.user_label]
    assert all(label.isVisible() and label.text() for label in labels)
    elided = [lb for lb in labels if lb.width() < lb.fontMetrics().horizontalAdvance(lb.text())]
    assert elided, "at its narrowest the window still shows every status text whole: nothing tested"
    for label in elided:
        assert label.text() in label.toolTip()
    assert window.statusBar().geometry().right() <= window.width()
    window.resize(1280, 720)
    _save_shots(demo, qtbot, window, f"font-{LARGE_PT}pt")
    window.close()


def test_at_a_14_pt_font_vandaag_shows_its_boxes_whole(demo, qtbot, tmp_path, large_font) -> None:
    """With large text the boxes stand in two columns only where both fit whole, else in one."""
    window = _window(demo, qtbot, tmp_path, (1280, 720))
    _go(demo, qtbot, window, "Vandaag", None)
    page = window.stack.currentWidget()
    boxes = list(page.groups.values())
    assert len(boxes) >= 2
    columns_seen = set()
    for width in (1280, 1600, 1700, 1920, 2400):  # 1600: wide enough for two at the ordinary font
        window.resize(width, 900)
        qtbot.wait(20)
        viewport = page.scroll_area.viewport()
        for box in boxes:
            assert box.width() >= box.minimumSizeHint().width(), width
            assert box.mapTo(viewport, box.rect().topRight()).x() <= viewport.width(), width  # in view
            for label in box.findChildren(QLabel):
                if label.isVisible() and not label.wordWrap():
                    assert label.width() >= label.minimumSizeHint().width(), (width, label.text())
        assert not page.scroll_area.horizontalScrollBar().isVisible(), width
        columns_seen.add(len({box.geometry().left() for box in boxes}))
    assert columns_seen == {1, 2}  # the wide screen still gets two columns
    window.close()


def test_at_the_ordinary_font_the_pages_keep_their_look(demo, qtbot, tmp_path) -> None:
    window = _window(demo, qtbot, tmp_path, (1920, 1080))
    _go(demo, qtbot, window, "Vandaag", None)
    page = window.stack.currentWidget()
    boxes = list(page.groups.values())
    assert len(boxes) >= 2
    assert boxes[0].geometry().top() == boxes[1].geometry().top()  # two columns on a wide screen
    _go(demo, qtbot, window, "Dossiers", "&Werklijsten")
    worklist = window.stack.currentWidget().findChild(QTabWidget).currentWidget()
    buttons = [worklist.open_button, worklist.print_button, worklist.save_button, worklist.refresh_button]
    tops = {b.mapTo(worklist, b.rect().topLeft()).y() for b in buttons}
    assert len(tops) == 1  # one row of buttons, as before
    _save_shots(demo, qtbot, window, "font-default")
    window.close()


def test_a_navigation_name_just_too_long_for_one_line_wraps_instead_of_being_cut(qtbot: Any) -> None:
    """Between fitting the list's width and fitting the width the item paints in (less the style
    sheet's padding and margin) Qt used to cut the name ("Werkgevers & challenge…"), count and all."""
    from PySide6.QtWidgets import QListWidget

    from app.ui.nav_fit import ITEM_BOX, fit_navigation
    from app.ui.style import STYLESHEET

    nav = QListWidget()
    nav.setObjectName("navigation")
    nav.setStyleSheet(STYLESHEET.replace("@title-size@", "12pt"))
    nav.addItems(["Kort", "Werkgevers & challenges (6)"])
    qtbot.addWidget(nav)
    fit_navigation(nav)
    text = nav.fontMetrics().horizontalAdvance(nav.item(1).text())
    nav.setFixedWidth(text + ITEM_BOX // 2 + 2 * nav.frameWidth())  # wide enough for Qt, not to paint
    nav.show()
    qtbot.waitExposed(nav)
    nav.doItemsLayout()
    short, long = (nav.visualItemRect(nav.item(row)).height() for row in (0, 1))
    assert long > short, "the long name was given one line: it is painted cut short"


def test_every_dialog_fits_1280_by_720_at_14_pt(demo: Any, qtbot: Any, large_font: QFont) -> None:
    """Each dialog's minimum size at 14 pt within 1280×720 (less the taskbar and a frame), and the
    size it opens at too, except for the windows that size themselves to the screen (the dossier
    window, the import wizard: on the 800×600 test screen they are checked against that screen)."""
    from tests.gui.dialog_factory import SCREEN_PLACED, build_all

    budget_w, budget_h = 1280 - 16, 680
    problems = []
    for name, dialog in build_all(demo, qtbot):
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.wait(20)
        sizes = [("minimumSizeHint", dialog.minimumSizeHint())]
        if name not in SCREEN_PLACED:
            sizes.append(("opened", dialog.size()))
        for what, size in sizes:
            if size.width() > budget_w or size.height() > budget_h:
                problems.append((name.rsplit(".", 1)[1], what, size.width(), size.height()))
        demo.runner.wait_for_done(5000)
        qtbot.wait(20)
        dialog.close()
    assert problems == [], "\n".join(map(str, problems))
