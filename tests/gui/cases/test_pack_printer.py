"""Afdrukken… (Ctrl+P) for a handover pack (issue 17): the system print dialog first, then the pack's
pages rendered onto the printer. Offscreen the printer is Qt's "print to file" (PDF): the printed
file has as many pages as the pack. Cancelling the dialog builds nothing and logs nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QLineEdit

from app.db.session import Database
from app.domain.roles import Action
from app.services.access import Actor
from tests.gui.cases.conftest import log_rows, make_handover, wait_task

pytestmark = pytest.mark.usefixtures("qapp")


def _tab(view: Any, handover_id: int) -> Any:
    view.tabs.setCurrentWidget(view.handovers)
    assert view.handovers.select(handover_id)
    return view.handovers


def test_ctrl_p_prints_every_page_of_the_pack_on_the_chosen_printer(
    dossier_id: int, open_view: Any, fresh_database: Database, consulent: Actor, qtbot: Any, tmp_path: Path
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id, consent=True)
    leftovers = set(Path(tempfile.gettempdir()).glob("dl-afdruk-*"))
    view = open_view(dossier_id)
    tab = _tab(view, hid)
    assert tab.printer_button.text() == "&Afdrukken…" and tab.print_button.text() == "Opslaan als &PDF…"
    assert tab.printer_button.isEnabled()
    tab.printer_button.setFocus()
    qtbot.keySequence(tab.printer_button, QKeySequence(QKeySequence.StandardKey.Print))
    dialog = tab.printer.dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Overdrachtspakket afdrukken"
    shots = os.environ.get("DL_SCREENSHOTS")
    if shots:
        dialog.grab().save(os.path.join(shots, "print-dialog.png"))
        for width, height in ((1280, 720), (1920, 1080)):
            view.resize(width, height)
            view.grab().save(os.path.join(shots, f"handovers-{width}.png"))
    assert not log_rows(fresh_database, Action.PRINT, consulent.login)  # nothing before the choice

    printed = tmp_path / "afdruk.pdf"
    dialog.findChild(QLineEdit, "filename").setText(str(printed))  # Qt's "print to file" printer
    dialog.accept()
    wait_task(qtbot, view.last_task)

    assert printed.exists(), view.info.text()
    pages = len(PdfReader(printed).pages)
    assert pages >= 3  # letter, checklist, the client's summary: the same pages as the saved pack
    assert f"({pages} pagina's)" in view.info.text()
    prints = log_rows(fresh_database, Action.PRINT, consulent.login)
    assert [(p.object_type, p.object_id) for p in prints] == [("overdracht", str(hid))]
    assert set(Path(tempfile.gettempdir()).glob("dl-afdruk-*")) == leftovers  # the temporary PDF is gone


def test_cancelling_the_print_dialog_prints_and_logs_nothing(
    dossier_id: int, open_view: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id, consent=True)
    view = open_view(dossier_id)
    tab = _tab(view, hid)
    qtbot.mouseClick(tab.printer_button, Qt.MouseButton.LeftButton)
    dialog = tab.printer.dialog
    assert dialog.isVisible()
    dialog.reject()
    qtbot.wait(50)
    assert not log_rows(fresh_database, Action.PRINT, consulent.login)
