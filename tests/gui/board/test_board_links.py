"""From a koppeling to its dossier and back, on real widgets and a real database: the Dossier column
and the context menu open (or, after a confirmation, create) the dossier window; "Koppeling tonen"
in that window opens the koppeling; the dossier header shows the board status and the days to the
deadline; the woningen list shows for whom a dwelling is reserved."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from app.db.models import KoppelingStatus
from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.services.board.koppelingen import change_status
from app.services.cases import dossiers as ds
from app.ui.context import AppContext
from tests.db import board_fixtures as bf

pytestmark = pytest.mark.usefixtures("qapp")

ZEIST, BUNNIK = "GM0355", "GM0312"
SHOTS = os.environ.get("DL_SHOTS")  # a folder: also save screenshots there (for looking at them)


def wait_task(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


@pytest.fixture
def world(fresh_database: Database, make_user: Callable[..., Actor]) -> dict[str, Any]:
    """Zeist: a household without a dossier (23 days to the offer) and one with a dossier and a
    reserved dwelling; a consulent of Zeist and a contactpersoon of Bunnik."""
    consulent = make_user("cons-zeist", Role.CONSULENT, ZEIST)
    contact = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    bunnik = make_user("cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    today = date.today()
    with fresh_database.unit_of_work() as session:
        new = bf.koppeling(session, ZEIST, today - timedelta(days=47), 4, languages="Tigrinya")
        known = bf.koppeling(session, ZEIST, today - timedelta(days=30), 3)
        home = bf.dwelling(session, ZEIST, 2, 4, today, address="Houtenseweg 12")
        change_status(session, contact, known.id, known.version, KoppelingStatus.WONING_AANGEBODEN,
                      on=today, dwelling_id=home.id)  # fmt: skip
        dossier_id = ds.create_dossier_for_koppeling(session, consulent, known.id)
        ids = {"new": new.id, "new_v": new.v_nummer, "known": known.id, "known_v": known.v_nummer,
               "dossier": dossier_id, "home": home.id}  # fmt: skip
    return {**ids, "consulent": consulent, "contact": contact, "bunnik": bunnik, "today": today}


def _tab(qtbot: Any, context: AppContext) -> Any:
    from app.ui.board.koppelingen_tab import KoppelingenTab

    tab = KoppelingenTab(context)
    qtbot.addWidget(tab)
    tab.resize(1280, 640)
    tab.show()
    tab.refresh()
    wait_task(qtbot, tab.last_task)
    if tab.filters.gemeente.currentIndex() != 0:  # a contactpersoon starts with the own gemeente
        tab.filters.gemeente.setCurrentIndex(0)  # all of the region
        tab.load()
        wait_task(qtbot, tab.last_task)
    return tab


def _select(tab: Any, koppeling_id: int, column: int = 0) -> None:
    row = tab.model.row_of(lambda r: r.id == koppeling_id)
    assert row >= 0, "the koppeling is in the list"
    tab.table.setCurrentIndex(tab.model.index(row, column))


def _adopt(qtbot: Any, view: QWidget) -> QWidget:
    """The dossier window has no parent: the test closes it."""
    qtbot.addWidget(view)
    return view


def test_double_click_in_the_dossier_column_creates_after_asking_and_opens_it(
    qtbot: Any, world: dict[str, Any], make_context: Callable[[Actor], AppContext]
) -> None:
    from app.ui.board.koppeling_model import DOSSIER_COLUMN
    from app.ui.cases.dossier_view import DossierView

    tab = _tab(qtbot, make_context(world["consulent"]))
    _select(tab, world["new"], DOSSIER_COLUMN)
    assert tab.dossier_action.text() == "Dossier aanmaken…" and tab.dossier_action.isEnabled()
    index = tab.table.currentIndex()
    tab.table.scrollTo(index)
    where = tab.table.visualRect(index).center()
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a real double-click
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # starts with a press
    wait_task(qtbot, tab.opener.last_task)
    box = tab.opener.confirm
    assert isinstance(box, QMessageBox) and world["new_v"] in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # Enter makes nothing
    assert tab.dialog is None  # the double-click in this column did not open the koppeling dialog
    box.button(QMessageBox.StandardButton.Yes).click()
    wait_task(qtbot, tab.opener.last_task)
    view = _adopt(qtbot, tab.opener.view)
    assert isinstance(view, DossierView)
    wait_task(qtbot, view.last_task)
    wait_task(qtbot, view.board_task)
    assert world["new_v"] in view.subtitle.text()
    assert view.facts["board"].text() == "Gekoppeld · nog 23 dagen tot aanbod"
    deadline = world["today"] + timedelta(days=23)
    assert view.facts["deadline"].text() == f"nog 23 dagen tot aanbod (uiterlijk {deadline:%d-%m-%Y})"
    wait_task(qtbot, tab.last_task)  # the list reloads: the row names its dossier now
    row = tab.model.all_rows()[tab.model.row_of(lambda r: r.id == world["new"])]
    assert row.dossier_id == view.dossier_id
    assert tab.model.index(tab.model.row_of(lambda r: r.id == world["new"]), DOSSIER_COLUMN).data() == (
        f"Dossier {view.dossier_id}"
    )


def test_context_menu_opens_the_dossier_and_is_disabled_for_another_municipality(
    qtbot: Any, world: dict[str, Any], make_context: Callable[[Actor], AppContext]
) -> None:
    tab = _tab(qtbot, make_context(world["consulent"]))
    _select(tab, world["known"])
    tab._context_menu(tab.table.visualRect(tab.table.currentIndex()).center())
    menu = tab.findChildren(QMenu)[-1]
    assert tab.dossier_action in menu.actions() and menu.toolTipsVisible()
    menu.close()
    _shots(tab, "koppelingen")
    assert tab.dossier_action.text() == "Dossier openen"
    tab.dossier_action.trigger()
    wait_task(qtbot, tab.opener.last_task)
    view = _adopt(qtbot, tab.opener.view)
    assert view.dossier_id == world["dossier"]
    wait_task(qtbot, view.last_task)
    wait_task(qtbot, view.board_task)
    today = f"{world['today']:%d-%m-%Y}"
    assert view.facts["board"].text() == f"Woning aangeboden op {today} · Houtenseweg 12"
    assert "tot verhuizing (uiterlijk" in view.facts["deadline"].text()

    other = _tab(qtbot, make_context(world["bunnik"]))
    _select(other, world["known"])
    assert not other.dossier_action.isEnabled()
    refusal = "Dit huishouden hoort bij Zeist; alleen Zeist kan het dossier inzien."
    assert other.dossier_action.toolTip() == refusal
    assert other.open_dossier() is None  # nothing opens, the status bar says why


def test_koppeling_dialog_offers_the_dossier_and_shows_the_dwelling(
    qtbot: Any, world: dict[str, Any], make_context: Callable[[Actor], AppContext]
) -> None:
    tab = _tab(qtbot, make_context(world["contact"]))
    _select(tab, world["known"])
    tab.open_selected()
    dialog = tab.dialog
    assert dialog.form.dwelling_label.text() == "Houtenseweg 12"
    assert dialog.dossier_button.text() == "Dossier openen" and dialog.dossier_button.isEnabled()
    _shots(dialog, "koppeling-dialog")
    dialog.dossier_button.click()
    wait_task(qtbot, dialog.opener.last_task)
    view = _adopt(qtbot, dialog.opener.view)
    assert view.dossier_id == world["dossier"]
    dialog.reject()

    other = _tab(qtbot, make_context(world["bunnik"]))
    _select(other, world["known"])
    other.open_selected()
    button = other.dialog.dossier_button
    assert not button.isEnabled() and "alleen Zeist" in button.toolTip()
    other.dialog.reject()


def test_koppeling_tonen_from_the_dossier_opens_the_koppeling(
    qtbot: Any, world: dict[str, Any], make_context: Callable[[Actor], AppContext]
) -> None:
    context = make_context(world["consulent"])
    view = _adopt(qtbot, context.open_link("dossier", world["dossier"]))
    wait_task(qtbot, view.last_task)
    wait_task(qtbot, view.board_task)
    assert view.koppeling_button.isVisible()
    _shots(view, "dossier-header")
    view.koppeling_button.click()
    link = view.koppeling_link
    wait_task(qtbot, link.last_task)
    dialog = link.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.form.v_nummer.text() == world["known_v"]
    assert dialog.form.dwelling_label.text() == "Houtenseweg 12"
    assert dialog.dossier_button is None  # the way back is the dossier window itself
    assert dialog.form.v_nummer.isReadOnly()  # a consulent does not change the board
    dialog.reject()
    assert context.open_link("dossier", world["dossier"]) is view  # one window per dossier


def test_dwellings_list_and_dialog_show_for_whom_it_is_reserved(
    qtbot: Any, world: dict[str, Any], make_context: Callable[[Actor], AppContext]
) -> None:
    from app.ui.board.dwelling_model import RESERVED_FOR_COLUMN
    from app.ui.board.dwellings_tab import DwellingsTab

    tab = DwellingsTab(make_context(world["contact"]))
    qtbot.addWidget(tab)
    tab.resize(1280, 640)
    tab.refresh()
    wait_task(qtbot, tab.last_task)
    row = tab.model.row_of(lambda r: r.id == world["home"])
    assert tab.model.headerData(RESERVED_FOR_COLUMN, Qt.Orientation.Horizontal) == "Voor huishouden"
    assert tab.model.index(row, RESERVED_FOR_COLUMN).data() == f"{world['known_v']} (3 pers.)"
    _shots(tab, "dwellings")
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    tab.open_selected()
    assert tab.dialog.form.reserved_label.text() == f"Gereserveerd voor V-nummer {world['known_v']} (3 pers.)"
    tab.dialog.reject()


def _shots(widget: QWidget, name: str) -> None:
    """With DL_SHOTS set, save the widget at 1280×720 and 1920×1080 (for looking, not asserting)."""
    if not SHOTS:
        return
    window = widget.window()
    for width, height in ((1280, 720), (1920, 1080)):
        window.resize(width, height)
        window.show()
        window.grab().save(os.path.join(SHOTS, f"{name}-{width}.png"))
