"""The main window's side of importing: the menu, a dropped file, and pages told to reload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget, QWizard
from sqlalchemy import select

from app.db.models import AccessLog
from app.domain.roles import Action, Role
from app.ui.context import AppContext
from app.ui.imports.history_dialog import ImportHistoryDialog
from app.ui.imports.wizard import ImportWizard
from app.ui.modules import ModuleSpec
from app.ui.shell import MainWindow
from tests.gui.imports.sheets import koppelingen, seed_existing, write_coa_sheet

TIMEOUT = 20_000


class ListPage(QLabel):
    """Stands for a board tab: reloads when marked stale while shown."""

    def __init__(self) -> None:
        super().__init__("lijst")
        self.stale = False
        self.refreshed = 0

    def mark_stale(self) -> None:
        self.stale = True

    def refresh(self) -> None:
        self.stale = False
        self.refreshed += 1


def _window(qtbot: Any, context: AppContext, window_settings: Any) -> tuple[MainWindow, list[ListPage]]:
    pages: list[ListPage] = []

    def factory(_context: AppContext) -> QWidget:
        page = QWidget()
        pages.append(ListPage())
        pages[-1].setParent(page)
        return page

    window = MainWindow(context, [ModuleSpec("lijst", "Lijst", factory)], window_settings=window_settings,
                        ping_interval_ms=0)  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(pages), timeout=5000)
    return window, pages


_KEEP: list[QMimeData] = []  # an event does not own its mime data: keep it alive


def _mime(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    _KEEP.append(mime)
    return mime


def _enter(path: Path) -> QDragEnterEvent:
    return QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, _mime(path), Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)  # fmt: skip


def _drop(path: Path) -> QDropEvent:
    return QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, _mime(path), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)  # fmt: skip


def test_a_dropped_spreadsheet_opens_the_import_and_pages_reload_after_it(
    qtbot: Any, fresh_database: Any, make_user: Any, make_context: Any, window_settings: Any, tmp_path: Path
) -> None:
    seed_existing(fresh_database)
    context = make_context(make_user("regio", Role.REGIO_COORDINATOR))
    window, pages = _window(qtbot, context, window_settings)
    assert window.action_import.shortcut().toString() == "Ctrl+I"
    sheet = write_coa_sheet(tmp_path / "juni.xlsx")
    other = tmp_path / "notitie.docx"
    other.write_bytes(b"PK")

    refused = _enter(other)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()  # only spreadsheets are taken
    accepted = _enter(sheet)
    QApplication.sendEvent(window, accepted)
    assert accepted.isAccepted()
    drop = _drop(sheet)  # kept alive: Qt does not own an event sent this way
    QApplication.sendEvent(window, drop)

    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    assert wizard.file_page.path_edit.text() == str(sheet)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=TIMEOUT)
    for page in (wizard.mapping_page, wizard.preview_page):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.isComplete, timeout=TIMEOUT)
    [list_page] = pages
    assert list_page.refreshed == 0
    with qtbot.waitSignal(window.sig_data_changed, timeout=TIMEOUT):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert "0123456789" in koppelingen(fresh_database)
    assert list_page.refreshed == 1  # on screen: reloaded at once
    # The preview and the import: each logged its start and its end, under one run id each.
    with fresh_database.session() as session:
        runs = session.execute(
            select(AccessLog.object_id, AccessLog.result, AccessLog.detail)
            .where(AccessLog.action == Action.IMPORT, AccessLog.actor_login == "regio")
            .order_by(AccessLog.id)
        ).all()
    assert [(r.result, r.detail.split("; ")[:2]) for r in runs] == [
        ("ok", ["begin", "voorbeeld"]), ("ok", ["einde", "voorbeeld"]),
        ("ok", ["begin", "import"]), ("ok", ["einde", "import"]),
    ]  # fmt: skip
    assert runs[0].object_id == runs[1].object_id != runs[2].object_id == runs[3].object_id

    window.action_import_history.trigger()
    history = window.findChild(ImportHistoryDialog)
    assert history is not None and history.isVisible()
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
