"""Accessibility (issue 17): every dialog and every main page, built from the demo database, has a
name a screen reader reads out for each input and icon-only button, and Tab reaches every control;
a status shown in a table is written, not only coloured; under a high-contrast palette our colours
give way to the theme's; at a 14 pt system font the pages follow it. With DL_SCREENSHOTS set, a page
in high contrast and one at 14 pt are saved (1280×720) to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.a11y import name_fields, problems
from app.ui.contrast import LATE_MARK, contrast_ratio, high_contrast, palette_is_high_contrast
from app.ui.forms import FieldWithError
from app.ui.modules import available_modules
from app.ui.shell import MainWindow
from tests.gui.dialog_factory import BEHEER, CONSULENT, CP, REGIO, build_all, screenshot_dir

LOGINS = (REGIO, CONSULENT, CP, BEHEER)
ROWS_CHECKED = 200  # per table: enough to meet every status the demo has


def _window(demo: Any, qtbot: Any, login: str, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / f"{login}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        demo.context(login), available_modules(), window_settings=settings, ping_interval_ms=0
    )
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settle(demo: Any, qtbot: Any) -> None:
    """Let a page start its loads (some on a timer), run them and deliver their rows."""
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not demo.runner.active_tasks(), timeout=20_000)
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not demo.runner.active_tasks(), timeout=20_000)


def _every_page_and_tab(demo: Any, qtbot: Any, window: MainWindow) -> Iterator[str]:
    """Shows each page and each (nested) tab in turn, loaded; yields where it is."""
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading, timeout=10_000)
        _settle(demo, qtbot)
        page = window.stack.currentWidget()
        name = window.nav.item(row).text()
        yield name
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                _settle(demo, qtbot)
                yield f"{name} / {tabs.tabText(index)}"


# -- names and Tab ---------------------------------------------------------------------------------


def test_the_check_finds_an_unnamed_icon_button_an_unlabelled_field_and_a_field_tab_skips(qtbot) -> None:
    """The check the page and dialog tests rely on can fail: each fault is found, and gone once fixed."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor("black"))
    button = QToolButton()
    button.setIcon(QIcon(pixmap))
    layout.addWidget(button)
    form = QFormLayout()
    layout.addLayout(form)
    wrapped = QLineEdit()
    form.addRow("&Naam:", FieldWithError(wrapped, hint="zoals in het paspoort"))
    skipped = QLineEdit()
    skipped.setAccessibleName("Notitie")
    skipped.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    layout.addWidget(skipped)
    dialog.show()
    found = problems(dialog)
    assert any("knop zonder naam" in p for p in found)
    assert any("knop zonder tooltip" in p for p in found)
    assert any(p.startswith("QLineEdit") and "zonder naam" in p for p in found)  # Qt does not see the label
    assert any("niet met Tab" in p for p in found)

    button.setAccessibleName("Vorige week")
    button.setToolTip("Naar de vorige week")
    assert name_fields(dialog) == 1
    assert wrapped.accessibleName() == "Naam"
    skipped.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    assert problems(dialog) == []


def test_every_dialog_names_its_inputs_and_icon_buttons_and_tab_reaches_them(demo, qtbot) -> None:
    found = []
    for name, dialog in build_all(demo, qtbot):
        dialog.show()
        qtbot.waitExposed(dialog)
        demo.runner.wait_for_done(5000)
        qtbot.wait(10)
        found += [f"{name.rsplit('.', 1)[1]}: {p}" for p in problems(dialog)]
        dialog.close()
    assert found == [], "\n".join(found)


def test_every_main_page_names_its_inputs_and_icon_buttons_and_tab_reaches_them(
    demo, qtbot, tmp_path
) -> None:
    found: set[str] = set()
    for login in LOGINS:
        window = _window(demo, qtbot, login, tmp_path)
        for where in _every_page_and_tab(demo, qtbot, window):
            found |= {f"{login} {where}: {p}" for p in problems(window)}
        window.close()
    assert sorted(found) == [], "\n".join(sorted(found))


# -- status in words -------------------------------------------------------------------------------


def _columns(model: Any) -> int:
    """Column count of any model (PySide's list models take no parent, some hide it)."""
    for call in (lambda: model.columnCount(), lambda: model.columnCount(QModelIndex())):
        try:
            return int(call())
        except TypeError:
            continue
    return 1


def _rows(model: Any) -> int:
    for call in (lambda: model.rowCount(), lambda: model.rowCount(QModelIndex())):
        try:
            return int(call())
        except TypeError:
            continue
    return 0


def _colour(model: Any, row: int, column: int) -> str:
    value = model.data(model.index(row, column), Qt.ItemDataRole.BackgroundRole)
    if value is None:
        return ""
    return value.color().name() if hasattr(value, "color") else QColor(value).name()


def _texts(model: Any, row: int) -> list[str]:
    return [str(model.data(model.index(row, c), Qt.ItemDataRole.DisplayRole) or "")
            for c in range(_columns(model))]  # fmt: skip


def _status_problems(where: str, view: QAbstractItemView) -> list[str]:
    """In one table: rows of different colours must differ in some column's text (so the colour is
    never the only sign), and a row tinted "te laat" says so with the mark."""
    from app.ui.board.koppeling_model import OVERDUE_COLOR as KOPPELING_LATE
    from app.ui.cases.columns import OVERDUE_COLOR as CASES_LATE
    from app.ui.challenges.candidates_tab import LATE as CANDIDATE_LATE

    late = {KOPPELING_LATE.name(), CASES_LATE.name(), QColor(CANDIDATE_LATE).name()}
    model = view.model()
    if model is None or _columns(model) == 0:
        return []
    found = []
    groups: dict[tuple[str, ...], list[list[str]]] = {}
    for row in range(min(_rows(model), ROWS_CHECKED)):
        colours = tuple(_colour(model, row, c) for c in range(_columns(model)))
        texts = _texts(model, row)
        groups.setdefault(colours, []).append(texts)
        whole_row = colours[0] and len(set(colours)) == 1
        if whole_row and colours[0] in late and not any(LATE_MARK in t for t in texts):
            found.append(f"{where}: rij {row} is rood (te laat) zonder {LATE_MARK}: {texts}")
        for column, colour in enumerate(colours):
            if colour and not colours[0] == colour == colours[-1] and not texts[column].strip():
                found.append(f"{where}: cel {row},{column} heeft alleen een kleur")
    keys = list(groups)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            apart = any(
                not ({r[c] for r in groups[a]} & {r[c] for r in groups[b]})
                for c in range(_columns(model))
            )
            if not apart:
                colours = f"{set(a) - {''}} en {set(b) - {''}}"
                found.append(f"{where}: rijen met kleur {colours} lijken in tekst gelijk")
    return found


def test_a_status_in_a_table_is_written_not_only_coloured(demo, qtbot, tmp_path) -> None:
    found: list[str] = []
    coloured_tables = 0
    for login in (REGIO, CONSULENT):
        window = _window(demo, qtbot, login, tmp_path)
        for where in _every_page_and_tab(demo, qtbot, window):
            for view in window.stack.currentWidget().findChildren(QAbstractItemView):
                if view.isVisible() and view.model() is not None and not isinstance(view, QHeaderView):
                    model = view.model()
                    rows = min(_rows(model), ROWS_CHECKED)
                    columns = _columns(model)
                    if any(_colour(model, r, c) for r in range(rows) for c in range(columns)):
                        coloured_tables += 1
                    found += _status_problems(f"{login} {where} {type(view).__name__}", view)
        window.close()
    assert coloured_tables >= 3  # the demo shows coloured statuses (late koppelingen, dossiers, …)
    assert sorted(set(found)) == [], "\n".join(sorted(set(found)))


# -- high contrast -------------------------------------------------------------------------------


def _high_contrast_palette() -> QPalette:
    """Windows' "High Contrast Black": white and yellow on black."""
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#000000"), (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Base, "#000000"), (QPalette.ColorRole.AlternateBase, "#000000"),
        (QPalette.ColorRole.Text, "#ffffff"), (QPalette.ColorRole.Button, "#000000"),
        (QPalette.ColorRole.ButtonText, "#ffffff"), (QPalette.ColorRole.Highlight, "#1aebff"),
        (QPalette.ColorRole.HighlightedText, "#000000"), (QPalette.ColorRole.Link, "#ffff00"),
        (QPalette.ColorRole.ToolTipBase, "#000000"), (QPalette.ColorRole.ToolTipText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#ffff00"),
    ):  # fmt: skip
        palette.setColor(role, QColor(color))
    return palette


@pytest.fixture
def high_contrast_app(qapp: QApplication) -> Iterator[QApplication]:
    """The application styled as on a Windows PC in high contrast (apply_style sees the theme's
    palette); everything put back afterwards."""
    from app.ui.contrast import HighContrastGuard
    from app.ui.style import apply_style

    palette, sheet, font = QPalette(qapp.palette()), qapp.styleSheet(), QFont(qapp.font())
    style = qapp.style().name()
    qapp.setPalette(_high_contrast_palette())
    apply_style(qapp)
    try:
        yield qapp
    finally:
        for guard in qapp.findChildren(HighContrastGuard):
            qapp.removeEventFilter(guard)
            guard.deleteLater()
        qapp.setStyleSheet(sheet)
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setFont(font)


def test_the_palettes_of_windows_are_told_apart() -> None:
    assert palette_is_high_contrast(_high_contrast_palette())
    light = QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#f0f0f0"))  # Windows' ordinary light theme
    light.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    assert not palette_is_high_contrast(light)
    from app.ui.style import office_palette

    assert not palette_is_high_contrast(office_palette())


def test_under_high_contrast_the_theme_colours_every_page(demo, qtbot, tmp_path, high_contrast_app) -> None:
    from app.ui.contrast import without_colours

    assert high_contrast()
    assert high_contrast_app.palette().color(QPalette.ColorRole.Window).name() == "#000000"  # ours not set
    # No text or background colour of ours, only the theme's (palette(...)).
    assert re.search(r"(?<![-\w])(color|background)\s*:\s*#", high_contrast_app.styleSheet()) is None
    window = _window(demo, qtbot, REGIO, tmp_path)
    coloured: set[str] = set()
    sheets: set[str] = set()
    for where in _every_page_and_tab(demo, qtbot, window):
        page = window.stack.currentWidget()
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if not view.isVisible() or model is None:
                continue
            for row in range(min(_rows(model), 50)):
                for column in range(_columns(model)):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
                        if model.data(index, role) is not None:
                            coloured.add(f"{where}: {type(model).__name__} {role.name}")
        for widget in page.findChildren(QWidget):
            if widget.isVisible() and widget.styleSheet() != without_colours(widget.styleSheet()):
                sheets.add(f"{where}: {type(widget).__name__} {widget.styleSheet()[:60]}")
    assert sorted(coloured) == [], "\n".join(sorted(coloured))
    assert sorted(sheets) == [], "\n".join(sorted(sheets))
    # The text everyone reads is the theme's: white on black.
    label_color = window.palette().color(QPalette.ColorRole.WindowText)
    assert contrast_ratio(label_color, window.palette().color(QPalette.ColorRole.Window)) >= 15
    window.nav.setCurrentRow(next(r for r in range(window.nav.count())
                                  if window.nav.item(r).text().startswith("Uitwisselbord")))  # fmt: skip
    _settle(demo, qtbot)
    window.stack.currentWidget().findChild(QTabWidget).setCurrentIndex(0)  # the overview
    _settle(demo, qtbot)
    _save(window, "high-contrast-board")
    window.close()


# -- the system font size --------------------------------------------------------------------------


def test_at_a_14_pt_system_font_every_page_follows_it(demo, qtbot, tmp_path, qapp) -> None:
    old = QFont(qapp.font())
    big = QFont(old)
    big.setPointSizeF(14)
    qapp.setFont(big)
    try:
        window = _window(demo, qtbot, CONSULENT, tmp_path)
        smaller: set[str] = set()
        for where in _every_page_and_tab(demo, qtbot, window):
            for widget in window.stack.currentWidget().findChildren(QWidget):
                if not widget.isVisible():
                    continue
                size = widget.font().pointSizeF()
                if size < 14 - 0.01:  # -1: a pixel size that ignores the system's points
                    smaller.add(f"{where}: {type(widget).__name__} {widget.objectName()} {size} pt")
        assert sorted(smaller) == [], "\n".join(sorted(smaller))
        window.nav.setCurrentRow(0)
        _settle(demo, qtbot)
        _save(window, "font-14pt-today")
        window.close()
    finally:
        qapp.setFont(old)


def _save(window: QWidget, stem: str) -> None:
    folder = screenshot_dir()
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
        window.resize(1280, 720)
        QApplication.processEvents()
        window.grab().save(str(folder / f"{stem}-1280x720.png"))


def test_the_guide_has_a_chapter_on_accessibility_in_its_list(qtbot) -> None:
    from app.ui.help.chapters import CHAPTERS
    from app.ui.help.window import HelpWindow

    chapter = next(c for c in CHAPTERS if c.id == "toegankelijkheid")
    text = chapter.path.read_text(encoding="utf-8")
    for needed in ("Shift+Tab", "Enter", "Esc", "Ctrl+F", "F1", "Help → Sneltoetsen", "hoge contrast",
                   "Tekstgrootte", "Schaal", "schermlezer", LATE_MARK, "✓"):  # fmt: skip
        assert needed in text, needed
    window = HelpWindow()
    qtbot.addWidget(window)
    window.show_topic("toegankelijkheid#status")
    assert window.chapters.currentItem().text() == "Toegankelijkheid"
    assert "Een status staat er altijd in woorden" in window.browser.toPlainText()
