"""The Werkgevers and Planner tabs' "Naar Excel…": the button writes the list as the tab shows it
(the search filter honoured), read back from the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from app.domain.roles import Role
from app.services.challenges import employers as em
from app.ui.challenges.employers_tab import EmployersTab
from app.ui.challenges.planner_tab import PlannerTab
from tests.challenges.fixtures import challenge
from tests.directory.fixtures import ZEIST

TODAY = date(2026, 4, 2)


def _wait(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


def _names(path: Path, column: str) -> list[Any]:
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    at = rows[0].index(column)
    return [r[at] for r in rows[1:]]


def test_the_employers_tab_exports_what_it_shows(
    qtbot, fresh_database, make_user, make_context, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    cp = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with fresh_database.unit_of_work() as s:
        for name in ("Bakkerij De Korenbloem", "Hotel De Linde", "Bakkerij Het Zoete Broodje"):
            em.create_employer(s, cp, em.EmployerInput(name=name, gemeente_code=ZEIST))
    tab = EmployersTab(make_context(cp))
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.show()
    _wait(qtbot, tab.last_task)
    assert tab.export_button.isVisible()
    tab.search.setText("bakkerij")
    _wait(qtbot, tab.last_task)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
    _wait(qtbot, tab.export(tmp_path / "werkgevers.xlsx"))
    shots = Path("/tmp/shots-planner")
    shots.mkdir(parents=True, exist_ok=True)
    for size in ((1280, 720), (1920, 1080)):
        tab.resize(*size)
        qtbot.wait(50)
        tab.grab().save(str(shots / f"employers-{size[0]}x{size[1]}.png"))
    assert _names(tmp_path / "werkgevers.xlsx", "Naam") == [
        "Bakkerij De Korenbloem",
        "Bakkerij Het Zoete Broodje",
    ]


def test_the_planner_exports_every_challenge(
    qtbot, fresh_database, make_user, make_context, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    cp = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with fresh_database.unit_of_work() as s:
        challenge(s, cp, ZEIST, title="Challenge Zorg", held_on=date(2026, 3, 1))
        challenge(s, cp, ZEIST, title="Challenge Techniek", held_on=date(2026, 6, 1))
    tab = PlannerTab(make_context(cp), today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.show()
    assert tab.export_button.isVisible()
    _wait(qtbot, tab.export(tmp_path / "challenges.xlsx"))
    assert _names(tmp_path / "challenges.xlsx", "Titel") == ["Challenge Zorg", "Challenge Techniek"]


def test_the_dashboard_exports_the_years_figures(
    qtbot, fresh_database, make_user, make_context, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from app.services.access import Actor
    from app.services.challenges import targets as tg
    from tests.challenges import dashboard_fixtures as fx
    from tests.gui.test_challenges_dashboard import _fill, _tab

    _fill(fresh_database)
    tab = _tab(qtbot, make_context(make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)))
    assert tab.export_button.isVisible()
    _wait(qtbot, tab.export(tmp_path / "dashboard.xlsx"))
    rows = list(openpyxl.load_workbook(tmp_path / "dashboard.xlsx").worksheets[0].iter_rows(values_only=True))
    by_name = {r[0]: r[1:] for r in rows[1:]}
    with fresh_database.unit_of_work() as s:
        target = tg.get_targets(s, Actor.system_actor("t"), fx.YEAR).by_id()[fx.gid(s, ZEIST)].places
    assert by_name["Zeist"] == (target, 4, 3, 2, 1, round(100 * 4 / target), round(100 * 3 / target))
    assert by_name["Regio (totaal)"][:2] == (100, 6)  # the regional target and every pledged place
    assert by_name["Taalstage"][1:5] == (3, 3, 2, 1)
    assert len(rows) == 1 + 16 + 1 + 5  # header, the municipalities, the region, the five kinds
    for size in ((1280, 720), (1920, 1080)):
        tab.resize(*size)
        qtbot.wait(50)
        tab.grab().save(f"/tmp/shots-planner/dashboard-{size[0]}x{size[1]}.png")
