"""Beheer → Toegangslog, driven as a beheerder would: pages of 200 with "Vorige"/"Volgende" and the
"regels 201–400" label, the filters (person, dossier, result, dates), and the export of the whole
filtered set."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate

from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.ui.admin.audit_tab import AuditTab
from app.ui.context import AppContext
from tests.gui.cases.conftest import wait_task

pytestmark = pytest.mark.usefixtures("qapp")

BASE = datetime(2030, 5, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def tab(qtbot: Any, fresh_database: Database, make_user: Callable[..., Actor],
        make_context: Callable[[Actor], AppContext]) -> AuditTab:  # fmt: skip
    with fresh_database.unit_of_work() as session:
        for n in range(450):
            session.add(AccessLog(
                actor_login="gv-anna" if n % 3 else "gv-bert", action=Action.READ if n % 2 else Action.UPDATE,
                object_type="dossier" if n % 10 == 0 else "koppeling",
                object_id="77" if n % 10 == 0 else str(n), workstation="pc-7",
                result="denied" if n % 9 == 0 else "ok", at=BASE + timedelta(days=n // 50),
            ))  # fmt: skip
    widget = AuditTab(make_context(make_user("beheer-gv", Role.BEHEERDER)))
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    return widget


def _type(qtbot: Any, tab: AuditTab, text: str) -> None:
    """Type a person as a user does: the search starts after the typing pause."""
    with qtbot.waitSignal(tab.person_filter.sig_search_changed, timeout=5000):
        tab.person_filter.setText(text)
    wait_task(qtbot, tab.last_task)


def _ids(tab: AuditTab) -> list[int]:
    return [r.id for r in tab.model.rows()]


def test_pager_walks_the_log_in_pages_of_200(qtbot: Any, tab: AuditTab) -> None:
    _type(qtbot, tab, "gv-")
    first = _ids(tab)
    assert len(first) == 200 and first == sorted(first, reverse=True)
    assert tab.range_label.text() == "regels 1–200"
    assert not tab.previous_button.isEnabled() and tab.next_button.isEnabled()

    wait_task(qtbot, tab.next_page())
    second = _ids(tab)
    assert tab.range_label.text() == "regels 201–400"
    assert len(second) == 200 and max(second) < min(first)
    wait_task(qtbot, tab.next_page())
    assert tab.range_label.text() == "regels 401–450" and not tab.next_button.isEnabled()
    assert len(set(first) | set(second) | set(_ids(tab))) == 450

    wait_task(qtbot, tab.previous_page())
    assert _ids(tab) == second and tab.range_label.text() == "regels 201–400"
    wait_task(qtbot, tab.previous_page())
    assert _ids(tab) == first and not tab.previous_button.isEnabled()

    tab.table.sortByColumn(8, tab.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    assert _ids(tab) == sorted(first)  # sorting stays within the page


def test_filters_show_only_what_they_ask_for(qtbot: Any, tab: AuditTab) -> None:
    _type(qtbot, tab, "GV-BERT")
    assert {r.actor_login for r in tab.model.rows()} == {"gv-bert"} and len(tab.model.rows()) == 150

    tab.result_filter.setCurrentIndex(tab.result_filter.findData("denied"))
    wait_task(qtbot, tab.last_task)
    rows = tab.model.rows()
    assert rows and {(r.actor_login, r.result) for r in rows} == {("gv-bert", "denied")}
    assert tab.model.data(tab.model.index(0, 6)) == "geweigerd"

    tab.clear_filters()
    wait_task(qtbot, tab.last_task)
    tab.dossier_filter.setText("77")
    tab.dossier_filter.editingFinished.emit()
    wait_task(qtbot, tab.last_task)
    assert len(tab.model.rows()) == 45 and {r.object_id for r in tab.model.rows()} == {"77"}

    tab.clear_filters()
    wait_task(qtbot, tab.last_task)
    tab.date_from.setDate(QDate(2030, 5, 3))
    wait_task(qtbot, tab.last_task)
    tab.date_to.setDate(QDate(2030, 5, 4))
    wait_task(qtbot, tab.last_task)
    rows = tab.model.rows()
    assert len(rows) == 100 and {r.at.date() for r in rows} == {date(2030, 5, 3), date(2030, 5, 4)}
    assert tab.range_label.text() == "regels 1–100"

    _type(qtbot, tab, "niemand-zo")
    assert tab.model.rowCount() == 0 and tab.range_label.text() == "geen regels bij dit filter"


def test_export_writes_the_whole_filtered_set(qtbot: Any, tab: AuditTab, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _type(qtbot, tab, "gv-anna")
    assert len(tab.model.rows()) == 200  # one page shown …
    wait_task(qtbot, tab.export(tmp_path / "log.xlsx"))
    assert tab.last_export is not None and tab.last_export.rows == 300  # … all 300 exported
    sheet = load_workbook(tmp_path / "log.xlsx").worksheets[0]
    assert {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"gv-anna"}


def test_screenshots(qtbot: Any, tab: AuditTab) -> None:
    _type(qtbot, tab, "gv-")
    wait_task(qtbot, tab.next_page())
    for width, height in ((1280, 720), (1920, 1080)):
        tab.resize(width, height)
        tab.show()
        qtbot.wait(50)
        tab.grab().save(f"/tmp/audit_tab_{width}.png")


def test_a_late_page_of_an_earlier_filter_never_replaces_the_newer_filters_rows(
    qtbot: Any, tab: AuditTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The beheerder types one person, then another before the first page is back; the first
    person's page arrives last and must not replace the rows of the person now in the filter."""
    from app.services import audit_query
    from tests.gui.late_results import HoldFirstCall

    hold = HoldFirstCall(monkeypatch, audit_query, "read_access_log")
    with qtbot.waitSignal(tab.person_filter.sig_search_changed, timeout=5000):
        tab.person_filter.setText("gv-anna")
    first = tab.last_task
    hold.wait_held(qtbot)
    _type(qtbot, tab, "gv-bert")
    assert {r.actor_login for r in tab.model.rows()} == {"gv-bert"}

    hold.finish_late(qtbot, first)
    assert {r.actor_login for r in tab.model.rows()} == {"gv-bert"}, "gv-anna's late page replaced the list"
    assert len(tab.model.rows()) == 150 and tab.range_label.text() == "regels 1–150"
