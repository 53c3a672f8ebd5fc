"""The challenge dashboard tab on a real database (the hand-computed scenario of
tests/challenges/dashboard_fixtures.py): the year's table, the chart in percent with the own
municipality highlighted, the funnel; a regio-coördinator edits a target after confirming, and the
database has it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.db.models import ChallengeTarget
from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.services.challenges import targets as tg
from app.services.users import sign_in
from app.ui.challenges.dashboard_tab import DashboardTab
from tests.challenges import dashboard_fixtures as fx
from tests.db.case_fixtures import UTRECHT, ZEIST


def _fill(db: Database) -> None:
    system = Actor.system_actor("test")
    with db.unit_of_work() as s:
        fx.build(s, system, system)
        tg.split_targets(s, system, fx.YEAR, 100)


def _tab(qtbot: Any, context: Any) -> DashboardTab:
    tab = DashboardTab(context)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.show()
    if tab.selected_year() != fx.YEAR:  # the picker offers this year and the five before
        with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
            tab.year.setCurrentIndex(tab.year.findData(fx.YEAR))
    return tab


def _row(model: Any, name: str) -> list[str]:
    r = next(i for i in range(model.rowCount()) if model.index(i, 0).data().startswith(name))
    return [model.index(r, c).data() for c in range(model.columnCount())]


def test_the_years_table_chart_and_funnel(qtbot, fresh_database, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    _fill(fresh_database)
    tab = _tab(qtbot, make_context(make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)))
    assert not tab.edit_button.isVisibleTo(tab)  # a contactpersoon reads, never edits targets
    model = tab.table_model
    assert model.rowCount() == 16
    with fresh_database.unit_of_work() as s:
        target = tg.get_targets(s, Actor.system_actor("t"), fx.YEAR).by_id()[fx.gid(s, ZEIST)].places
    zeist = _row(model, "Zeist")
    assert zeist[:6] == ["Zeist", str(target), "4", "3", "2", "1"]
    assert zeist[6] == f"{100 * 4 / target:.0f}%"
    kinds = _row(tab.kind_model, "Taalstage")
    assert kinds[2:6] == ["3", "3", "2", "1"]
    chart = {name: (pledged, own) for name, pledged, _filled, own in tab.chart.rows}
    assert chart["Zeist"] == (100 * 4 / target, True) and not chart["Bunnik"][1]
    assert chart["Utrecht"][0] == 0  # percent of its own target: Utrecht's size does not dwarf Zeist
    assert [s.reached for s in tab.funnel.steps] == fx.EXPECTED_FUNNEL
    assert "6 plaatsen toegezegd" in tab.summary.text() and "indicatief" in tab.summary.text()


def test_a_regio_coordinator_edits_a_target_after_confirming(
    qtbot, fresh_database, make_user, make_context
) -> None:  # type: ignore[no-untyped-def]
    _fill(fresh_database)
    tab = _tab(qtbot, make_context(make_user("regio", Role.REGIO_COORDINATOR, UTRECHT)))
    assert tab.edit_button.isVisibleTo(tab)
    tab.edit_button.click()
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10_000)
    dialog = tab.dialog
    assert dialog is not None
    with fresh_database.unit_of_work() as s:
        zeist_id = fx.gid(s, ZEIST)
    dialog.spins[zeist_id].setValue(25)
    dialog.total.setValue(150)
    dialog.save_button.click()
    box = tab.confirmation
    assert (
        isinstance(box, QMessageBox) and "150 plaatsen" in box.text() and "Zeist 25" in box.informativeText()
    )
    yes = next(b for b in box.buttons() if b.text() == "Ja, doelen opslaan")
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        yes.click()
    with fresh_database.unit_of_work() as s:
        rows = {
            t.gemeente_id: t
            for t in s.scalars(select(ChallengeTarget).where(ChallengeTarget.year == fx.YEAR))
        }
        assert rows[zeist_id].places == 25 and rows[zeist_id].set_by_hand
        assert sum(t.places for t in rows.values()) == 150
        assert sum(t.set_by_hand for t in rows.values()) == 1
        assert sign_in(s, "regio").role is Role.REGIO_COORDINATOR
    assert _row(tab.table_model, "Zeist")[:2] == ["Zeist *", "25"]


def test_no_is_the_default_and_saves_nothing(qtbot, fresh_database, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    _fill(fresh_database)
    tab = _tab(qtbot, make_context(make_user("regio", Role.REGIO_COORDINATOR, UTRECHT)))
    tab.edit_button.click()
    qtbot.waitUntil(lambda: tab.dialog is not None and tab.dialog.isVisible(), timeout=10_000)
    assert tab.dialog is not None
    tab.dialog.total.setValue(999)
    tab.dialog.save_button.click()
    box = tab.confirmation
    box.defaultButton().click()
    qtbot.wait(50)
    with fresh_database.unit_of_work() as s:
        total = sum(s.scalars(select(ChallengeTarget.places).where(ChallengeTarget.year == fx.YEAR)))
    assert total == 100
