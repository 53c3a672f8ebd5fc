"""Board → "Regio-overzicht afdrukken (PDF)": the button beside the board's tabs writes the overview
on the task runner to the file chosen; the PDF holds the municipalities and is landscape."""

from __future__ import annotations

import io
import os
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.db.session import Database
from app.domain.roles import Role
from app.ui.board.page import BoardPage
from tests.gui.board.test_overview import build_scenario


def test_the_board_prints_the_regional_overview(
    qtbot, make_user, make_context, fresh_database: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    build_scenario(fresh_database)
    page = BoardPage(make_context(make_user("cp", Role.CONTACTPERSOON, "GM0355")))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    printer = page.regional_print
    assert page.tabs.cornerWidget(Qt.Corner.TopRightCorner) is printer.widget
    assert printer.button.text() == "Opslaan als PDF…"
    assert printer.print_button.text() == "Regio-overzicht afdrukken…"
    shots = os.environ.get("DL_SCREENSHOTS")
    if shots:
        page.grab().save(os.path.join(shots, "board-regional-print-1280.png"))

    printer.open_after = False
    target = tmp_path / "regio-overzicht.pdf"
    with qtbot.waitSignal(printer.sig_written, timeout=20_000):
        printer.print_overview(target)
    assert printer.last_path == target
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Zeist" in text and "Bunnik" in text and "Regio-overzicht" in text
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)


def test_ctrl_p_prints_the_regional_overview_on_the_chosen_printer(
    qtbot, make_user, make_context, fresh_database: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Afdrukken… (issue 17): the system print dialog, then the overview's pages on the printer,
    landscape; offscreen the printer prints to a PDF file with the overview's page count."""
    import tempfile

    from PySide6.QtGui import QKeySequence
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QLineEdit

    build_scenario(fresh_database)
    leftovers = set(Path(tempfile.gettempdir()).glob("dl-afdruk-*"))
    page = BoardPage(make_context(make_user("cp", Role.CONTACTPERSOON, "GM0355")))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    printer = page.regional_print
    page.tabs.currentWidget().setFocus()
    qtbot.keySequence(page.tabs.currentWidget(), QKeySequence(QKeySequence.StandardKey.Print))
    dialog = printer.dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Regio-overzicht afdrukken"
    printed = tmp_path / "afdruk.pdf"
    dialog.findChild(QLineEdit, "filename").setText(str(printed))
    with qtbot.waitSignal(printer.sig_printed, timeout=20_000) as blocker:
        dialog.accept()
    reader = PdfReader(printed)
    saved = tmp_path / "regio-overzicht.pdf"
    printer.open_after = False
    with qtbot.waitSignal(printer.sig_written, timeout=20_000):
        printer.print_overview(saved)
    assert len(reader.pages) == blocker.args[0] == len(PdfReader(saved).pages)
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)
    assert set(Path(tempfile.gettempdir()).glob("dl-afdruk-*")) == leftovers
