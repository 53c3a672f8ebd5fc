"""Werklijsten: the expected handovers per list (with counts), a row opens its dossier, the list
exports to Excel, and all packs due this week print into a folder (without-consent ones skipped),
each print in the access log, with an offer to open the folder."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.db.session import Database
from app.domain.handover import HandoverStatus
from app.domain.roles import Action
from app.services.access import Actor
from app.services.cases import handovers as ho
from app.services.cases.worklists import WorkList
from tests.db.case_fixtures import ZEIST, family
from tests.gui.cases.conftest import log_rows, make_handover, wait_task

pytestmark = pytest.mark.usefixtures("qapp")


def _household(db: Database, actor: Actor, head: str, moved_days_ago: int) -> int:
    moved = date.today() - timedelta(days=moved_days_ago)
    with db.unit_of_work() as session:
        detail = family(
            session, actor, ZEIST, linked_on=moved - timedelta(days=40), housed_on=moved,
            head=head, partner=None, children=(),
        )  # fmt: skip
        return detail.id


@pytest.fixture
def handovers(fresh_database: Database, consulent: Actor) -> dict[str, int]:
    """GP handovers: two due today (one with consent), one overdue, one sent (waiting for receipt)."""
    db = fresh_database
    due = make_handover(db, consulent, _household(db, consulent, "Yohannes Tesfay", 14), consent=True)
    due_no_consent = make_handover(db, consulent, _household(db, consulent, "Senait Kahsay", 14))
    late = make_handover(db, consulent, _household(db, consulent, "Omar Haddad", 40))
    sent = make_handover(db, consulent, _household(db, consulent, "Zahra Ahmadi", 60), consent=True)
    with db.unit_of_work() as session:
        for step in (HandoverStatus.AANGEVRAAGD, HandoverStatus.VERZONDEN):
            h = ho.get_handover(session, consulent, sent)
            ho.change_status(session, consulent, sent, h.version, step)
    return {"due": due, "due_no_consent": due_no_consent, "late": late, "sent": sent}


@pytest.fixture
def worklists(handovers: dict[str, int], page: Any, qtbot: Any) -> Any:
    page.tabs.setCurrentWidget(page.worklists)
    wait_task(qtbot, page.worklists.last_task)
    return page.worklists


def _ids(tab: Any) -> set[int]:
    return {r.handover_id for r in tab.model.rows()}


def test_each_list_shows_the_expected_handovers_with_counts(
    worklists: Any, handovers: dict[str, int], qtbot: Any
) -> None:
    tab = worklists
    assert _ids(tab) == {handovers["due"], handovers["due_no_consent"]}
    assert tab.filters.buttons[WorkList.DEZE_WEEK].text() == "Deze week (2)"
    assert tab.filters.buttons[WorkList.TE_LAAT].text() == "Te laat (2)"  # the sent one is late too
    for worklist, expected in (
        (WorkList.TE_LAAT, {handovers["late"], handovers["sent"]}),
        (WorkList.WACHT_OP_ONTVANGST, {handovers["sent"]}),
        (WorkList.OPEN, set(handovers.values())),
    ):
        tab.filters.buttons[worklist].click()
        qtbot.waitUntil(lambda expected=expected: _ids(tab) == expected, timeout=10_000)
    late = next(r for r in tab.model.rows() if r.handover_id == handovers["late"])
    assert late.days_overdue == 26 and late.head_name == "Omar Haddad"
    tab.filters.search.setText("haddad")
    qtbot.waitUntil(lambda: _ids(tab) == {handovers["late"]}, timeout=10_000)


def test_a_row_opens_its_dossier_and_the_list_exports(
    worklists: Any, page: Any, fresh_database: Database, consulent: Actor, qtbot: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    tab = worklists
    tab.table.setFocus()
    tab.table.selectRow(0)
    row = tab.current()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    view = page.views[row.dossier_id]
    wait_task(qtbot, view.last_task)
    assert view.title.text() == row.head_name

    task = tab.exporter.export(tmp_path / "werklijst.xlsx")
    wait_task(qtbot, task)
    sheet = load_workbook(tmp_path / "werklijst.xlsx").worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:3] == ["Uiterlijk", "Hoofdaanvrager", "V-nummer"]
    assert sorted(r[1] for r in rows[1:]) == ["Senait Kahsay", "Yohannes Tesfay"]
    exports = log_rows(fresh_database, Action.EXPORT, consulent.login)
    assert [e.object_type for e in exports] == ["werklijst"]
    from app.services.exports import id_ranges

    listed = {r.dossier_id for r in tab.model.all_rows()}  # "1-2": runs of ids joined
    assert len(listed) == 2 and exports[0].detail.endswith("dossiers=" + ",".join(id_ranges(listed)))


def test_batch_print_of_this_weeks_packs(
    worklists: Any,
    handovers: dict[str, int],
    fresh_database: Database,
    consulent: Actor,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    urls: list[QUrl] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(folder))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    tab = worklists
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    printer = tab.printer
    wait_task(qtbot, printer.task)
    pdfs = sorted(folder.glob("*.pdf"))
    assert [p.name for p in pdfs] == [f"overdracht-dossier-1-overdracht-{handovers['due']}-gca-huisarts.pdf"]
    assert printer.result.skipped[0][0] == handovers["due_no_consent"]
    prints = log_rows(fresh_database, Action.PRINT, consulent.login)
    assert [p.object_id for p in prints] == [str(handovers["due"])]
    box = printer.box
    assert "1 overdrachtspakket(ten) gemaakt" in box.text() and "Overgeslagen (1)" in box.text()
    assert "geen toestemming" in box.text()
    printer.open_button.click()
    assert [u.toLocalFile() for u in urls] == [str(folder)]


def test_ctrl_p_prints_this_weeks_packs_as_one_job_on_the_chosen_printer(
    worklists: Any, handovers: dict[str, int], fresh_database: Database, consulent: Actor, qtbot: Any,
    tmp_path: Path,
) -> None:
    """Afdrukken… for the batch (issue 17): the system print dialog first (cancel logs nothing), then
    every pack due this week rendered onto the printer; offscreen that is Qt's print-to-file printer,
    whose PDF has exactly the pages of the packs. The temporary packs are removed."""
    import tempfile

    from pypdf import PdfReader
    from PySide6.QtGui import QKeySequence
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QLineEdit

    leftovers = set(Path(tempfile.gettempdir()).glob("dl-afdruk-*"))
    tab = worklists
    assert tab.print_button.text() == "Packs van deze week afdrukken…"
    assert tab.save_button.text() == "Packs van deze week opslaan als PDF…"
    tab.window().show()
    tab.window().activateWindow()
    qtbot.waitUntil(tab.window().isActiveWindow)
    tab.table.setFocus()
    qtbot.keySequence(tab.table, QKeySequence(QKeySequence.StandardKey.Print))
    dialog = tab.printer.dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Overdrachtspakketten van deze week afdrukken"
    dialog.reject()
    qtbot.wait(50)
    assert not log_rows(fresh_database, Action.PRINT, consulent.login)

    tab.print_button.click()
    printer = tab.printer
    printed = tmp_path / "afdruk.pdf"
    printer.dialog.findChild(QLineEdit, "filename").setText(str(printed))
    printer.dialog.accept()
    wait_task(qtbot, printer.task)
    assert printed.exists(), printer.box.text()
    pages = len(PdfReader(printed).pages)
    assert pages == printer.result.pages >= 3
    assert f"1 overdrachtspakket(ten) naar de printer gestuurd ({pages} pagina's)" in printer.box.text()
    assert "Overgeslagen (1)" in printer.box.text() and printer.open_button is None
    prints = log_rows(fresh_database, Action.PRINT, consulent.login)
    assert [p.object_id for p in prints] == [str(handovers["due"])]
    assert set(Path(tempfile.gettempdir()).glob("dl-afdruk-*")) == leftovers
