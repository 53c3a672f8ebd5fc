"""Export from in-memory tables: the users list (search, sort, a column hidden through the header
menu), the board overview with its totals row, and Ctrl+E picking the table that has the focus in
the exchange tab. Every file is opened again with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from sqlalchemy import select

from app.config import Settings
from app.db.models import AccessLog
from app.db.session import Database
from app.domain.periods import Period
from app.domain.quota import coa_check_dates
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.services.region import ensure_periods
from app.services.users import create_user
from app.ui.context import AppContext
from tests.db import board_fixtures as bf

pytestmark = pytest.mark.usefixtures("qapp")


def context_for(db: Database, runner: Any, actor: Actor) -> tuple[AppContext, list[str]]:
    statuses: list[str] = []
    return AppContext(db, actor, Settings(), runner, statuses.append), statuses


def wait(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(path), "Excel-werkmap (*.xlsx)"))


def workbook(path: Path) -> tuple[list[str], list[tuple], dict[str, str]]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return header, rows, dict(wb["Info"].iter_rows(min_row=2, values_only=True))


def test_users_list_exports_search_sort_and_visible_columns(
    fresh_database: Database, runner: Any, make_user: Any, qtbot: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from app.ui.admin.users_tab import UsersTab

    with fresh_database.unit_of_work() as session:
        system = Actor.system_actor("test")
        for login, name, role in (("cons-zeist", "Zoë Zeist", Role.CONSULENT),
                                  ("cons-bunnik", "Bram Bunnik", Role.CONSULENT),
                                  ("cp-zeist", "Cor Zeist", Role.CONTACTPERSOON)):  # fmt: skip
            create_user(session, system, login=login, name=name, role=role, gemeente_code="GM0355",
                        email=f"{login}@voorbeeld.invalid")  # fmt: skip
    admin = make_user("beheer", Role.BEHEERDER, name="Bea Beheer")
    context, statuses = context_for(fresh_database, runner, admin)
    tab = UsersTab(context)
    qtbot.addWidget(tab)
    tab.show()
    tab.load()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 4, timeout=20_000)

    tab.search.setText("cons")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=5_000)
    tab.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # Inlognaam, z → a
    header = tab.table.horizontalHeader()  # hide "E-mail" as a user does: the header's menu
    header.customContextMenuRequested.emit(QPoint(5, 5))
    menu = next(m for m in QApplication.topLevelWidgets() if isinstance(m, QMenu) and m.isVisible())
    next(a for a in menu.actions() if a.text() == "E-mail").trigger()
    menu.close()
    assert tab.table.isColumnHidden(5)

    path = tmp_path / "gebruikers.xlsx"
    save_to(monkeypatch, path)
    tab.exporter.action.trigger()
    wait(qtbot, tab.exporter.last_task)

    titles, rows, info = workbook(path)
    assert titles == ["Inlognaam", "Naam", "Rol", "Gemeente", "Actief", "Telefoon"]
    assert rows == [("cons-zeist", "Zoë Zeist", "Consulent", "Zeist", "ja", ""),
                    ("cons-bunnik", "Bram Bunnik", "Consulent", "Zeist", "ja", "")]  # fmt: skip
    assert info["Filter"] == "zoekterm 'cons'" and info["Sortering"] == "Inlognaam, aflopend"
    assert info["Gebruiker"] == "Bea Beheer" and info["Lijst"] == "Gebruikers"
    with fresh_database.unit_of_work() as session:
        logged = session.scalars(select(AccessLog).where(AccessLog.action == Action.EXPORT)).all()
        assert [(e.actor_login, e.object_type, e.result) for e in logged] == [("beheer", "user", "ok")]
    assert statuses[-1] == "2 rijen geëxporteerd naar gebruikers.xlsx."


def test_no_export_offered_without_the_right(fresh_database: Database, runner: Any, make_user: Any,
                                             qtbot: Any) -> None:  # fmt: skip
    from app.ui.admin.users_tab import UsersTab

    consulent = make_user("cons", Role.CONSULENT)
    tab = UsersTab(context_for(fresh_database, runner, consulent)[0])
    qtbot.addWidget(tab)
    assert not tab.exporter.widget.isVisibleTo(tab) and not tab.exporter.action.isEnabled()


def test_board_overview_exports_numbers_and_the_totals_row(
    fresh_database: Database, runner: Any, make_user: Any, qtbot: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from app.ui.board.overview_tab import OverviewTab

    period = Period.containing(dt.date.today())
    with fresh_database.unit_of_work() as session:
        period_id = ensure_periods(session, period, period)[0].id
        bf.taakstelling(session, "GM0355", period_id, 30)
        bf.taakstelling(session, "GM0344", period_id, 120)
    context, _statuses = context_for(fresh_database, runner, make_user("lezer", Role.ALLEEN_LEZEN))
    tab = OverviewTab(context)
    qtbot.addWidget(tab)
    tab.resize(1400, 800)
    with qtbot.waitSignal(tab.sig_loaded, timeout=20_000):
        tab.show()
    tab.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # Taakstelling, highest first

    path = tmp_path / "bord.xlsx"
    save_to(monkeypatch, path)
    tab.exporter.export()
    wait(qtbot, tab.exporter.last_task)

    titles, rows, info = workbook(path)
    assert titles[:4] == ["Gemeente", "Taakstelling", "Achterstand (+) voorsprong (−)", "Gecorrigeerd"]
    assert titles[-1] == "Uitruilsaldo" and "Voortgang (%)" in titles and "Won. 0-1 slpk." in titles
    check_day = coa_check_dates(period)[0].strftime("%d-%m-%Y")
    assert "Kans (%)" in titles and f"Gekoppeld {check_day}" in titles
    assert {"80%-interval van", "80%-interval tot"} <= set(titles)  # two numbers, not "30–37"
    assert [r[0] for r in rows[:2]] == ["Utrecht", "Zeist"] and len(rows) == 17
    assert rows[0][1] == 120 and isinstance(rows[0][1], int)
    assert rows[-1][0] == "Totaal regio" and rows[-1][1] == 150
    assert info["Filter"] == f"Periode: {period.label_nl}"
    assert info["Sortering"] == "Taakstelling, aflopend"


def test_ctrl_e_exports_the_table_with_the_focus(
    fresh_database: Database, runner: Any, make_user: Any, qtbot: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from app.ui.board.exchange_tab import ExchangeTab

    context, _statuses = context_for(fresh_database, runner, make_user("cp", Role.CONTACTPERSOON))
    tab = ExchangeTab(context)
    qtbot.addWidget(tab)
    tab.resize(1400, 800)
    with qtbot.waitSignal(tab.sig_loaded, timeout=20_000):
        tab.show()
    assert set(tab.exporters) == {"posts", "swaps", "ledger", "saldi"}

    path = tmp_path / "saldi.xlsx"
    save_to(monkeypatch, path)
    tab.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab, timeout=5_000)
    tab.balance_table.setFocus()
    qtbot.keyClick(tab.balance_table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    exporter = tab.exporters["saldi"]
    assert exporter.last_task is not None
    assert all(e.last_task is None for name, e in tab.exporters.items() if name != "saldi")
    wait(qtbot, exporter.last_task)
    titles, rows, info = workbook(path)
    assert titles == ["Gemeente", "Tegoed", "Schuld", "Saldo"]
    assert len(rows) == 16 and all(r[3] == 0 for r in rows)
    assert info["Lijst"] == "Grootboek per gemeente"

    swaps = tmp_path / "uitruil.xlsx"
    save_to(monkeypatch, swaps)
    tab.status_filter.setFocus()  # the focus in the swaps box: its own table is exported
    qtbot.keyClick(tab.status_filter, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wait(qtbot, tab.exporters["swaps"].last_task)
    titles, rows, info = workbook(swaps)
    assert titles[:3] == ["Nr.", "Gastgemeente", "Voor gemeente"] and rows == []
    assert info["Filter"] == "Status: Alle statussen" and info["Aantal rijen"] == "0"
