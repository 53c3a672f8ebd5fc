"""The case list: open a dossier (the READ is logged), search in SQL, start a dossier from a
koppeling, export the list, and the rights (another municipality's consulent cannot open it)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import Dossier
from app.db.session import Database
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.ui.cases import can_see
from tests.db import board_fixtures as bf
from tests.db.case_fixtures import BUNNIK, ZEIST, family
from tests.gui.cases.conftest import HEAD, log_rows, wait_task

pytestmark = pytest.mark.usefixtures("qapp")


def test_enter_on_a_row_opens_the_dossier_and_the_read_is_logged(
    dossier_id: int, page: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    tab = page.dossiers
    assert tab.count_label.text() == "1 dossier"
    assert tab.model.rows()[0].head_name == HEAD
    before = max(r.id for r in log_rows(fresh_database, Action.SEARCH, consulent.login))
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    view = page.views[dossier_id]
    wait_task(qtbot, view.last_task)
    assert view.isVisible() and view.title.text() == HEAD
    assert "Gemeente Zeist" in view.subtitle.text()
    assert [m.name for m in view.members.model.rows()] == [HEAD, "Mehmet Özdemir", "Elif Özdemir"]
    # The dossier's own read (its header may also read the koppeling's board status, a board read).
    reads = [
        r for r in log_rows(fresh_database, Action.READ, consulent.login)
        if r.id > before and r.object_type != "koppeling"
    ]  # fmt: skip
    assert [(r.object_type, r.object_id, r.result) for r in reads] == [("dossier", str(dossier_id), "ok")]
    # Opening it again raises the same window instead of a second one.
    assert page.open_dossier(dossier_id) is view


def test_search_filters_in_sql_and_finds_names_without_diacritics(
    dossier_id: int, page: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    with fresh_database.unit_of_work() as session:
        family(session, consulent, ZEIST, head="Yohannes Ghebreyesús", partner=None, children=())
    tab = page.dossiers
    wait_task(qtbot, tab.load())
    assert tab.total == 2
    tab.filters.search.setText("ghebreyesus")
    qtbot.waitUntil(lambda: tab.total == 1 and tab.model.rowCount() == 1, timeout=10_000)
    assert tab.model.rows()[0].head_name == "Yohannes Ghebreyesús"
    searches = log_rows(fresh_database, Action.SEARCH, consulent.login)
    # The search is logged by field and length, never the term (issue 12).
    assert any("zoekterm (text): 11 tekens" in (r.detail or "") for r in searches)
    assert not any("ghebreyesus" in (r.detail or "") for r in searches)


def test_a_late_list_of_an_earlier_search_never_replaces_the_newer_one(
    dossier_id: int, page: Any, fresh_database: Database, consulent: Actor, qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A search for one family, then another before the first list is back: the late list of the
    first search must not replace the second's (PagedListTab drops results of an older load)."""
    from app.services.cases import dossiers
    from tests.gui.late_results import HoldFirstCall

    with fresh_database.unit_of_work() as session:
        family(session, consulent, ZEIST, head="Yohannes Ghebreyesús", partner=None, children=())
    tab = page.dossiers
    hold = HoldFirstCall(monkeypatch, dossiers, "list_dossiers")
    tab.filters.search.setText("ozdemir")
    hold.wait_held(qtbot)  # after the typing pause the first search has started
    late = tab.last_task
    tab.filters.search.setText("ghebreyesus")
    qtbot.waitUntil(lambda: tab.last_task is not late, timeout=10_000)
    wait_task(qtbot, tab.last_task)
    assert [r.head_name for r in tab.model.rows()] == ["Yohannes Ghebreyesús"]

    hold.finish_late(qtbot, late)
    assert [r.head_name for r in tab.model.rows()] == ["Yohannes Ghebreyesús"], "the late list came back"
    assert tab.total == 1


def test_new_dossier_from_a_koppeling_without_one(
    page: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    with fresh_database.unit_of_work() as session:
        k = bf.koppeling(session, ZEIST, date.today() - timedelta(days=20), 3, languages="Tigrinya")
        koppeling_id, v_nummer = k.id, k.v_nummer
        bf.koppeling(session, BUNNIK, date.today() - timedelta(days=5), 1)  # not ours: not offered
    tab = page.dossiers
    tab.new_action.trigger()
    dialog = tab.dialog
    qtbot.addWidget(dialog)
    wait_task(qtbot, dialog.last_task)
    assert [r.v_nummer for r in dialog.model.rows()] == [v_nummer]
    dialog.head_name.setText("Senait Haile")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=10_000)
    with fresh_database.unit_of_work() as session:
        row = session.scalar(select(Dossier).where(Dossier.koppeling_id == koppeling_id))
        assert row is not None and row.head_name == "Senait Haile" and row.v_nummer == v_nummer
        new_id = row.id
    view = page.views[new_id]  # the new dossier opens at once
    qtbot.waitUntil(lambda: view.detail is not None, timeout=10_000)
    assert view.title.text() == "Senait Haile"


def test_a_late_koppeling_list_never_replaces_the_searched_one(
    page: Any, fresh_database: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog opens with all koppelingen loading; the consulent types a V-nummer before that list
    is back. The late full list must not replace the search result: the selected row (the one the
    dossier is made for) stays the koppeling searched for."""
    from app.services.cases import queries
    from tests.gui.late_results import HoldFirstCall

    with fresh_database.unit_of_work() as session:
        bf.koppeling(session, ZEIST, date.today() - timedelta(days=30), 2)
        wanted = bf.koppeling(session, ZEIST, date.today() - timedelta(days=20), 3)
        wanted_id, v_nummer = wanted.id, wanted.v_nummer
    hold = HoldFirstCall(monkeypatch, queries, "koppelingen_without_dossier")
    dialog = page.dossiers.new_dossier()
    qtbot.addWidget(dialog)
    first = dialog.last_task  # every koppeling without a dossier
    hold.wait_held(qtbot)
    with qtbot.waitSignal(dialog.search.sig_search_changed, timeout=5000):
        dialog.search.setText(v_nummer)
    wait_task(qtbot, dialog.last_task)
    assert [r.id for r in dialog.model.rows()] == [wanted_id]

    hold.finish_late(qtbot, first)
    assert [r.id for r in dialog.model.rows()] == [wanted_id], "the late full list replaced the search"
    assert dialog.table.current_row().id == wanted_id


def test_new_dossier_by_hand_shows_the_field_messages(
    page: Any, fresh_database: Database, qtbot: Any
) -> None:
    tab = page.dossiers
    dialog = tab.new_dossier()
    qtbot.addWidget(dialog)
    dialog.by_hand.setChecked(True)
    dialog.v_nummer.setText("12ab")
    dialog.accept()
    wait_task(qtbot, dialog.last_task)
    assert dialog.fields["v_nummer"].error.isVisibleTo(dialog)
    assert dialog.fields["name"].error.text() == "Vul de naam in."
    with fresh_database.unit_of_work() as session:
        assert session.scalar(select(Dossier.id)) is None


def test_case_list_exports_to_excel(
    dossier_id: int, page: Any, fresh_database: Database, consulent: Actor, qtbot: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "dossiers.xlsx"
    task = page.dossiers.exporter.export(target)
    wait_task(qtbot, task)
    sheet = load_workbook(target).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows(max_row=2)]
    assert values[0][:2] == ["Hoofdaanvrager", "V-nummer"] and values[1][0] == HEAD
    exports = log_rows(fresh_database, Action.EXPORT, consulent.login)
    assert [r.object_type for r in exports] == ["dossier"]
    # Which dossiers the file holds, by id: never the name it shows.
    assert exports[0].detail.endswith(f"dossiers={dossier_id}") and HEAD not in exports[0].detail


def test_a_consulent_of_another_gemeente_cannot_open_the_dossier(
    dossier_id: int, make_user: Any, make_context: Any, fresh_database: Database, qtbot: Any
) -> None:
    from app.ui.cases.page import CasesPage

    bunnik = make_user("cons-bunnik", Role.CONSULENT, BUNNIK)
    context = make_context(bunnik)
    page = CasesPage(context)
    qtbot.addWidget(page)
    page.show()
    wait_task(qtbot, page.dossiers.last_task)
    assert page.dossiers.total == 0  # the list shows only the own municipality
    view = page.open_dossier(dossier_id)
    wait_task(qtbot, view.last_task)
    assert view.detail is None and not view.tabs.isEnabled()
    assert view.title.text() == "Dossier niet beschikbaar"
    assert view.banner.text() == (
        "Alleen een regio-coördinator, contactpersoon, consulent of lezer (alleen lezen) van Zeist kan "
        "dit dossier inzien; u bent consulent van Bunnik."
    )
    assert view.banner.isVisibleTo(view)
    denied = log_rows(fresh_database, Action.READ, "cons-bunnik")
    assert [(r.object_id, r.result) for r in denied] == [(str(dossier_id), "denied")]
    view.close()
    assert dossier_id not in page.views
    context.tasks.wait_for_done()


def test_the_module_is_offered_to_dossier_readers_only(make_user: Any) -> None:
    assert can_see(make_user("lezer", Role.ALLEEN_LEZEN, ZEIST))
    assert can_see(make_user("regio", Role.REGIO_COORDINATOR, ZEIST))
    assert not can_see(make_user("beheer", Role.BEHEERDER))
