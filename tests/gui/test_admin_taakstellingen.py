"""Beheer → Taakstellingen: the regio-coördinator corrects one municipality's taakstelling in the
table, confirms, and the database holds the new number with a history line; a change somebody else
made meanwhile is shown as a conflict, not overwritten; a contactpersoon gets no such tab."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import Gemeente, Taakstelling, TaakstellingChange
from app.db.session import Database
from app.domain.periods import Period
from app.domain.roles import Role
from app.services.board.taakstellingen import TaakstellingEdit, list_taakstellingen, save_taakstellingen
from app.ui.admin.page import AdminPage
from app.ui.admin.taakstellingen_model import BACKLOG, PERSONS, SOURCE
from app.ui.admin.taakstellingen_tab import TaakstellingenTab
from app.ui.confirm import yes_button

NOW = Period.containing(dt.date.today())
ZEIST = "GM0355"


def _seed(db: Database, actor, persons: int = 55) -> int:  # type: ignore[no-untyped-def]
    with db.unit_of_work() as session:
        zeist = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == ZEIST))
        save_taakstellingen(session, actor, NOW, [TaakstellingEdit(zeist, persons, None, "Brief ministerie")])
        return int(zeist)


def _open(qtbot, page: AdminPage) -> TaakstellingenTab:  # type: ignore[no-untyped-def]
    page.resize(1280, 720)
    page.show()
    tab = page.taakstellingen_tab
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 16, timeout=5000)
    return tab


def _edit(tab: TaakstellingenTab, name: str, column: int, text: str) -> bool:
    row = tab.model.row_of(lambda d: d.name == name)
    return tab.model.setData(tab.model.index(row, column), text)


def test_the_regio_coordinator_corrects_a_taakstelling(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    regio = make_user("regio", Role.REGIO_COORDINATOR, ZEIST)
    zeist = _seed(fresh_database, regio)
    page = AdminPage(make_context(regio))
    qtbot.addWidget(page)
    tab = _open(qtbot, page)
    assert tab.period_combo.currentText() == f"{NOW.half}e helft {NOW.year}"
    assert tab.period_combo.itemData(tab.period_combo.currentIndex(), Qt.ItemDataRole.ToolTipRole) == NOW.code

    # Select Zeist: its history shows the first setting.
    tab.table.selectRow(tab.model.row_of(lambda d: d.name == "Zeist"))
    qtbot.waitUntil(lambda: tab.history.rowCount() == 1, timeout=5000)
    assert tab.history.item(0, 4).text() == "Brief ministerie"

    assert not tab.save_button.isEnabled()
    assert not _edit(tab, "Zeist", PERSONS, "-3")  # refused in the table, with a message
    assert "0 tot en met 100.000" in tab.message.text()
    assert _edit(tab, "Zeist", PERSONS, "58")
    assert _edit(tab, "Zeist", BACKLOG, "-2")
    assert _edit(tab, "Zeist", SOURCE, "")  # no source: saving asks for it
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.dialog is None and "Vul de bron in bij Zeist" in tab.message.text()
    assert _edit(tab, "Zeist", SOURCE, "Correctie COA 01-12-2026")
    tab.reason.setText("Telfout in de brief")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert box is not None and "Zeist: 55 → 58" in box.informativeText()
    shots = os.environ.get("DL_SCREENSHOTS")
    if shots:
        page.grab().save(os.path.join(shots, "admin-taakstellingen-1280.png"))
    qtbot.mouseClick(yes_button(box), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.text() == "Opgeslagen: 1 gemeente(n).", timeout=5000)
    assert not tab.save_button.isEnabled()

    with fresh_database.unit_of_work() as session:
        row = session.scalars(select(Taakstelling).where(Taakstelling.gemeente_id == zeist)).one()
        assert (row.persons, row.backlog_in, row.source) == (58, -2, "Correctie COA 01-12-2026")
        lines = session.scalars(
            select(TaakstellingChange)
            .where(TaakstellingChange.taakstelling_id == row.id)
            .order_by(TaakstellingChange.id)
        ).all()
        assert [(c.old_persons, c.new_persons, c.reason) for c in lines] == [
            (None, 55, ""),
            (55, 58, "Telfout in de brief"),
        ]
        assert lines[-1].by_login == "regio"


def test_a_change_made_meanwhile_is_a_conflict(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    regio, beheer = make_user("regio", Role.REGIO_COORDINATOR, ZEIST), make_user("beheer", Role.BEHEERDER)
    zeist = _seed(fresh_database, regio)
    page = AdminPage(make_context(regio))
    qtbot.addWidget(page)
    tab = _open(qtbot, page)
    with fresh_database.unit_of_work() as session:  # the beheerder corrects it first
        seen = list_taakstellingen(session, beheer, NOW).by_id(zeist).version
        save_taakstellingen(session, beheer, NOW, [TaakstellingEdit(zeist, 60, None, "Mail COA", "", seen)])

    assert _edit(tab, "Zeist", PERSONS, "70")
    tab.save()
    qtbot.mouseClick(yes_button(tab.dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "intussen gewijzigd" in tab.message.text(), timeout=5000)
    shown = tab.model.row_at(tab.model.row_of(lambda d: d.name == "Zeist"))
    assert (shown.persons, shown.changed) == (60, False)  # the fresh number, the typed one dropped
    with fresh_database.unit_of_work() as session:
        assert session.scalar(select(Taakstelling.persons).where(Taakstelling.gemeente_id == zeist)) == 60


def test_a_contactpersoon_gets_no_taakstellingen_tab(qtbot, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    page = AdminPage(make_context(make_user("cp", Role.CONTACTPERSOON, ZEIST)))
    qtbot.addWidget(page)
    assert page.taakstellingen_tab is None
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Taakstellingen" not in titles


def test_choosing_another_period_shows_its_taakstellingen(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    regio = make_user("regio", Role.REGIO_COORDINATOR, ZEIST)
    earlier = NOW.previous().previous()
    with fresh_database.unit_of_work() as session:
        zeist = session.scalar(select(Gemeente.id).where(Gemeente.cbs_code == ZEIST))
        save_taakstellingen(session, regio, earlier, [TaakstellingEdit(zeist, 33, None, "Oude brief")])
    _seed(fresh_database, regio)
    page = AdminPage(make_context(regio))
    qtbot.addWidget(page)
    tab = _open(qtbot, page)
    # The running half year is chosen even though an earlier one comes first in the list.
    assert tab.period_combo.currentIndex() == 1 and tab.period_combo.currentText().endswith(str(NOW.year))
    zeist_row = tab.model.row_of(lambda d: d.name == "Zeist")
    assert tab.model.row_at(zeist_row).persons == 55

    assert _edit(tab, "Zeist", PERSONS, "56")  # typed changes are never dropped unasked
    tab.period_combo.activated.emit(0)
    assert "Sla eerst uw wijzigingen op" in tab.message.text() and tab.period_combo.currentIndex() == 1
    tab.discard()
    tab.period_combo.setCurrentIndex(0)
    tab.period_combo.activated.emit(0)
    qtbot.waitUntil(lambda: tab.period == earlier, timeout=5000)
    assert tab.model.row_at(tab.model.row_of(lambda d: d.name == "Zeist")).persons == 33


def _choose(tab: TaakstellingenTab, period: Period) -> None:
    """Pick a period in the combo as the user does (``activated``, not a programmatic change)."""
    index = tab.period_combo.findData(period.code)
    assert index >= 0
    tab.period_combo.setCurrentIndex(index)
    tab.period_combo.activated.emit(index)


def _zeist_persons(tab: TaakstellingenTab) -> object:
    return tab.model.row_at(tab.model.row_of(lambda d: d.name == "Zeist")).stored.persons


def _hold_next_table(monkeypatch, qtbot, make_user, make_context, db: Database):  # type: ignore[no-untyped-def]
    """The page with its tab on this half-year (Zeist 55; the half-year before has Zeist 44); the table
    of the next half-year is then chosen and held on its way."""
    from app.services import region
    from tests.gui.late_results import HoldFirstCall

    regio = make_user("regio", Role.REGIO_COORDINATOR, ZEIST)
    zeist = _seed(db, regio)
    with db.unit_of_work() as session:
        save_taakstellingen(session, regio, NOW.previous(), [TaakstellingEdit(zeist, 44, None, "Brief")])
    page = AdminPage(make_context(regio))
    qtbot.addWidget(page)
    tab = _open(qtbot, page)
    assert tab.period == NOW
    hold = HoldFirstCall(monkeypatch, region, "list_periods")  # the load's first read: no lock held yet
    started: list[Any] = []
    tab.context.tasks.sig_task_started.connect(started.append)
    _choose(tab, NOW.next())
    tab.context.tasks.sig_task_started.disconnect(started.append)
    return page, hold, next(t for t in started if t.title == "Taakstellingen laden")


def test_a_late_table_of_an_earlier_chosen_period_never_replaces_the_last_chosen(
    qtbot, make_user, make_context, fresh_database: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page, hold, late = _hold_next_table(monkeypatch, qtbot, make_user, make_context, fresh_database)
    tab = page.taakstellingen_tab
    hold.wait_held(qtbot)
    _choose(tab, NOW.previous())
    qtbot.waitUntil(lambda: tab.period == NOW.previous(), timeout=10_000)
    assert _zeist_persons(tab) == 44

    hold.finish_late(qtbot, late)
    assert tab.period == NOW.previous(), "the next half-year's late table replaced the chosen one"
    assert tab.period_combo.currentData() == NOW.previous().code and _zeist_persons(tab) == 44


def test_going_back_to_the_shown_period_drops_the_table_still_on_its_way(
    qtbot, make_user, make_context, fresh_database: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    page, hold, late = _hold_next_table(monkeypatch, qtbot, make_user, make_context, fresh_database)
    tab = page.taakstellingen_tab
    hold.wait_held(qtbot)
    _choose(tab, NOW)  # changed her mind: the table shown is the one she wants

    hold.finish_late(qtbot, late)
    assert tab.period == NOW and tab.period_combo.currentData() == NOW.code, "the late table came back"
    assert _zeist_persons(tab) == 55
