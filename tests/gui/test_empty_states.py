"""Empty lists say what to do: "Nog geen …" on a page without data, "Niets gevonden voor ‘…’" when a
search hides every row, and nothing once rows are shown. Real pages on a fresh database (SQLite and,
with TEST_DATABASE_URL, PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractItemView

from app.db.session import Database
from app.domain.roles import Role
from app.ui.widgets import ColumnSpec, DataTableView, RowTableModel
from tests.db import board_fixtures as bf

pytestmark = pytest.mark.usefixtures("qapp")

ZEIST = "GM0355"


def _wait(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


def message(view: QAbstractItemView) -> str:
    """The message shown over the list ("" when none is shown)."""
    state = getattr(view, "empty_state", None)
    assert state is not None, "the list has no empty-state message"
    return state.label.text() if state.is_shown() else ""


def test_the_message_follows_the_rows_and_the_search(qtbot: Any) -> None:
    model = RowTableModel([ColumnSpec("name", "Naam")])
    view = DataTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    state = view.set_empty_state("Nog geen namen. Voeg er een toe met Nieuw.")
    view.resize(600, 300)
    view.show()
    assert message(view) == ""  # not loaded yet: an empty list is not yet "empty"
    model.set_rows([])
    assert message(view) == "Nog geen namen. Voeg er een toe met Nieuw."
    assert view.accessibleDescription() == message(view)  # a screen reader hears it too
    label = state.label
    assert label.wordWrap() and label.width() <= 560 and label.geometry().center().x() in range(280, 321)
    model.set_rows([{"name": "Anna"}, {"name": "Bram"}])
    assert message(view) == ""
    model.set_filter_text("  xyz  ")
    assert message(view) == "Niets gevonden voor ‘xyz’. Wis de zoekterm of de filters."
    model.set_filter_text("")
    assert message(view) == "" and model.rowCount() == 2


def test_koppelingen_empty_then_search_without_hits_then_cleared(
    qtbot: Any, make_user: Any, make_context: Any, fresh_database: Database
) -> None:
    from app.ui.board.koppelingen_tab import KoppelingenTab

    tab = KoppelingenTab(make_context(make_user("regio", Role.REGIO_COORDINATOR)))
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.refresh()
    _wait(qtbot, tab.last_task)
    text = message(tab.table)
    assert text.startswith("Nog geen koppelingen.") and "Bestand → Importeren (Ctrl+I)" in text
    assert "Nieuwe koppeling (Ctrl+N)" in text

    with fresh_database.unit_of_work() as session:
        bf.koppeling(session, ZEIST, date.today() - timedelta(days=5), 3, azc_location="AZC Zeist")
    tab.refresh()
    _wait(qtbot, tab.last_task)
    assert tab.model.rowCount() == 1 and message(tab.table) == ""  # rows: no message
    tab.filters.search.setText("Budel")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0 and message(tab.table) != "", timeout=10_000)
    assert message(tab.table) == "Niets gevonden voor ‘Budel’. Wis de zoekterm of de filters."
    tab.filters.search.setText("")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert message(tab.table) == ""
    # Another filter without a search term also hides every row: it says to clear the filters.
    tab.filters.min_persons.setValue(9)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0 and message(tab.table) != "", timeout=10_000)
    assert message(tab.table).startswith("Niets gevonden met deze filters.")


def test_a_reader_is_not_told_to_add_koppelingen(qtbot: Any, make_user: Any, make_context: Any) -> None:
    from app.ui.board.koppelingen_tab import KoppelingenTab

    tab = KoppelingenTab(make_context(make_user("lezer", Role.ALLEEN_LEZEN, ZEIST)))
    qtbot.addWidget(tab)
    tab.refresh()
    _wait(qtbot, tab.last_task)
    assert message(tab.table).startswith("Nog geen koppelingen.") and "Nieuwe" not in message(tab.table)


def test_dwellings_dossiers_and_exchange_say_nog_geen(qtbot: Any, make_user: Any, make_context: Any) -> None:
    from app.ui.board.dwellings_tab import DwellingsTab
    from app.ui.board.exchange_tab import ExchangeTab
    from app.ui.cases.dossiers_tab import DossiersTab

    cp = make_context(make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST))
    dwellings = DwellingsTab(cp)
    qtbot.addWidget(dwellings)
    dwellings.refresh()
    _wait(qtbot, dwellings.last_task)
    assert message(dwellings.table).startswith("Nog geen woningen.")
    assert "Nieuwe woning (Ctrl+N)" in message(dwellings.table)

    exchange = ExchangeTab(cp, None)
    qtbot.addWidget(exchange)
    with qtbot.waitSignal(exchange.sig_loaded, timeout=20_000):
        exchange.refresh()
    assert message(exchange.post_table).startswith("Nog geen berichten op het bord.")
    assert "Nieuw bericht (Ctrl+N)" in message(exchange.post_table)
    assert message(exchange.swap_table).startswith("Nog geen uitruilvoorstellen.")

    dossiers = DossiersTab(make_context(make_user("cons-zeist", Role.CONSULENT, ZEIST)))
    qtbot.addWidget(dossiers)
    _wait(qtbot, dossiers.load())
    assert message(dossiers.table).startswith("Nog geen dossiers.")
    dossiers.filters.search.setText("Jansen")
    qtbot.waitUntil(lambda: "Jansen" in message(dossiers.table), timeout=10_000)
    assert message(dossiers.table) == "Niets gevonden voor ‘Jansen’. Wis de zoekterm of de filters."

    # An empty work list is good news, and says where the other work is.
    from app.services.cases.worklists import WorkList
    from app.ui.cases.worklist_tab import WorklistTab

    worklists = WorklistTab(make_context(make_user("cons-zeist-2", Role.CONSULENT, ZEIST)))
    qtbot.addWidget(worklists)
    _wait(qtbot, worklists.load())
    assert message(worklists.table).startswith("Deze week hoeft er niets af.")
    worklists.filters.set_worklist(WorkList.TE_LAAT)
    qtbot.waitUntil(lambda: message(worklists.table) == "Niets is te laat. Goed zo.", timeout=10_000)


def test_matching_says_how_to_start_before_a_run(qtbot: Any, make_user: Any, make_context: Any) -> None:
    from app.ui.board.matching_tab import MatchingTab

    tab = MatchingTab(make_context(make_user("regio", Role.REGIO_COORDINATOR)))
    qtbot.addWidget(tab)
    assert message(tab.table).startswith("Nog geen voorstellen.") and "(F9)" in message(tab.table)


def test_users_and_access_log_search_without_hits(qtbot: Any, make_user: Any, make_context: Any) -> None:
    from app.ui.admin.audit_tab import AuditTab
    from app.ui.admin.users_tab import UsersTab

    context = make_context(make_user("beheer", Role.BEHEERDER))
    users = UsersTab(context)
    qtbot.addWidget(users)
    users.load()
    qtbot.waitUntil(lambda: users.model.rowCount() > 0, timeout=20_000)
    assert message(users.table) == ""
    users.search.setText("qqq")
    qtbot.waitUntil(lambda: users.model.rowCount() == 0, timeout=5_000)
    assert message(users.table) == "Niets gevonden voor ‘qqq’. Wis de zoekterm of de filters."
    users.search.setText("")
    qtbot.waitUntil(lambda: users.model.rowCount() > 0, timeout=5_000)
    assert message(users.table) == ""

    audit = AuditTab(context)
    qtbot.addWidget(audit)
    audit.person_filter.setText("niemand-zo")
    _wait(qtbot, audit.load())
    assert message(audit.table) == "Niets gevonden voor ‘niemand-zo’. Wis de zoekterm of de filters."
    audit.person_filter.setText("")
    _wait(qtbot, audit.load())
    assert audit.model.rowCount() > 0 and message(audit.table) == ""


def test_directory_and_employers_say_what_to_do(qtbot: Any, make_user: Any, make_context: Any) -> None:
    from app.ui.challenges.employers_tab import EmployersTab
    from app.ui.directory.page import DirectoryPage

    context = make_context(make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST))
    page = DirectoryPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitUntil(lambda: page.search.snapshot is not None, timeout=20_000)
    results = page.search.results
    assert results.empty_text().startswith("Nog geen initiatieven.")
    assert results.empty_states[0].label.isVisibleTo(page)
    page.search.filters.search.setText("taalcafé")
    qtbot.waitUntil(lambda: "taalcafé" in results.empty_text(), timeout=10_000)
    results.set_cards(True)  # the cards say the same
    assert results.empty_states[1].label.isVisibleTo(page)
    assert results.empty_text() == "Niets gevonden voor ‘taalcafé’. Wis de zoekterm of de filters."

    employers = EmployersTab(context)
    qtbot.addWidget(employers)
    employers.refresh()
    _wait(qtbot, employers.last_task)
    assert message(employers.table).startswith("Nog geen werkgevers.")
    employers.search.setText("Bakkerij")
    _wait(qtbot, employers.last_task)
    qtbot.waitUntil(lambda: "Bakkerij" in message(employers.table), timeout=10_000)
