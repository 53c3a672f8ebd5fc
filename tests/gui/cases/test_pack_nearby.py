"""Printing the maatschappelijke-begeleiding pack from the dossier: the dialog offers the page
"Activiteiten bij u in de buurt"; ticked, the PDF has it (with the family's municipality's
initiatives); other packs go straight to the file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import QFileDialog

from app.db.session import Database
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverKind
from app.services.access import Actor
from app.services.cases import handovers as ho
from app.services.cases.views import ContactInfo
from tests.directory.fixtures import ZEIST, initiative
from tests.gui.cases.conftest import wait_task

pytestmark = pytest.mark.usefixtures("qapp")
TITLE = "Activiteiten bij u in de buurt"


def _vwn_handover(db: Database, actor: Actor, dossier_id: int) -> int:
    with db.unit_of_work() as session:
        initiative(
            session, actor, ZEIST, name="Turkse vrouwengroep", languages=["tr", "nl"], today=date.today()
        )
        h = ho.create_handover(
            session,
            actor,
            dossier_id,
            ho.HandoverInput(HandoverKind.VWN_MB, receiver=ContactInfo("MB Zeist")),
        )
        h = ho.record_consent(
            session,
            actor,
            h.id,
            h.version,
            ConsentStatus.GEGEVEN,
            on=date.today(),
            method=ConsentMethod.IN_PERSON,
        )
        return h.id


def _shot(view: Any, dialog: Any, path: Path) -> None:
    """The dossier window at 1280x720 with the dialog drawn where it would open (centred)."""
    view.resize(1280, 720)
    picture = view.grab()
    dialog.adjustSize()
    painter = QPainter(picture)
    top_left = QPoint((1280 - dialog.width()) // 2, (720 - dialog.height()) // 3)
    painter.drawPixmap(top_left, dialog.grab())
    painter.end()
    picture.save(str(path))


def test_the_pack_dialog_adds_the_nearby_page_when_ticked(
    dossier_id: int,
    open_view: Any,
    fresh_database: Database,
    consulent: Actor,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hid = _vwn_handover(fresh_database, consulent, dossier_id)
    target = tmp_path / "pakket.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    monkeypatch.setattr("app.ui.cases.pack_options._last_choice", False)  # restored afterwards
    view = open_view(dossier_id)
    view.tabs.setCurrentWidget(view.handovers)
    assert view.handovers.select(hid)

    dialog = view.handovers.print_pack()
    qtbot.addWidget(dialog)
    assert dialog.nearby.text() == "Pagina 'Activiteiten bij u in de buurt' toevoegen"
    assert not dialog.nearby.isChecked()  # on request only
    dialog.nearby.setChecked(True)
    shots = os.environ.get("SHOTS_DIR")
    if shots:
        _shot(view, dialog, Path(shots) / "pack-dialog-1280x720.png")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)

    pages = [page.extract_text() for page in PdfReader(target).pages]
    nearby = [p for p in pages if TITLE in p]
    assert len(nearby) == 1 and "Turkse vrouwengroep" in nearby[0]
    assert pages.index(nearby[0]) == len(pages) - 2  # before the reply slip


def test_without_the_tick_the_pack_has_no_such_page(
    dossier_id: int,
    open_view: Any,
    fresh_database: Database,
    consulent: Actor,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hid = _vwn_handover(fresh_database, consulent, dossier_id)
    target = tmp_path / "pakket.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    monkeypatch.setattr("app.ui.cases.pack_options._last_choice", False)
    view = open_view(dossier_id)
    view.tabs.setCurrentWidget(view.handovers)
    assert view.handovers.select(hid)
    dialog = view.handovers.print_pack()
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert not any(TITLE in page.extract_text() for page in PdfReader(target).pages)
