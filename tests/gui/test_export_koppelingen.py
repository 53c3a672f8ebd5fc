"""Export from the paged Koppelingen list: filter, sort and hide a column as a user would, press
Ctrl+E, and check the .xlsx (all matching rows, not only the loaded page) and the access log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import select

from app.config import Settings
from app.db.models import AccessLog, Koppeling, KoppelingStatus
from app.db.session import Database
from app.domain.roles import Action, Role
from app.ui.context import AppContext
from tests.db import board_fixtures as bf

pytestmark = pytest.mark.usefixtures("qapp")

ZEIST, UTRECHT = "GM0355", "GM0344"
MATCHING = 230  # more than one page (200) matches the filter


@pytest.fixture
def db(fresh_database: Database) -> Database:
    today = dt.date.today()
    with fresh_database.unit_of_work() as session:
        for i in range(MATCHING):
            bf.koppeling(session, ZEIST, today - dt.timedelta(days=i % 90), 2 + i % 5,
                         azc_location=f"AZC {i % 7}", expected_followers=i % 3)  # fmt: skip
        for i in range(20):  # filtered away: other gemeente, too small, or no longer open
            bf.koppeling(session, UTRECHT, today - dt.timedelta(days=i), 3)
            bf.koppeling(session, ZEIST, today - dt.timedelta(days=i), 1)
            bf.koppeling(session, ZEIST, today - dt.timedelta(days=i), 4, status=KoppelingStatus.VERVALLEN)
    return fresh_database


@pytest.fixture
def context(db: Database, runner: Any, make_user: Any) -> tuple[AppContext, list[str]]:
    actor = make_user("rita", Role.REGIO_COORDINATOR, UTRECHT, name="Rita Regio")
    statuses: list[str] = []
    return AppContext(db, actor, Settings(), runner, statuses.append), statuses


@pytest.fixture
def tab(context: tuple[AppContext, list[str]], qtbot: Any) -> Iterator[Any]:
    from app.ui.board.koppelingen_tab import KoppelingenTab

    widget = KoppelingenTab(context[0])
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    widget.refresh()
    wait(qtbot, widget.last_task)
    yield widget


def wait(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


def activate(qtbot: Any, widget: Any) -> None:
    """Shortcuts only reach the active window; other tests may have left another one active."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5_000)


def expected_v_nummers(db: Database) -> list[str]:
    """Zeist, open, 2+ persons; SQL order persons desc (then id), then followers desc (stable)."""
    with db.unit_of_work() as session:
        rows = session.scalars(
            select(Koppeling)
            .join(Koppeling.gemeente)
            .where(Koppeling.persons >= 2, Koppeling.status == KoppelingStatus.GEKOPPELD)
            .order_by(Koppeling.persons.desc(), Koppeling.id)
        ).all()
        zeist = [r for r in rows if r.gemeente.cbs_code == ZEIST]
        zeist.sort(key=lambda r: -r.expected_followers)
        return [r.v_nummer for r in zeist]


def test_export_shows_what_the_list_shows(
    tab: Any, context: tuple[AppContext, list[str]], db: Database, qtbot: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import openpyxl

    # filter: Zeist, at least 2 persons (status stays "Openstaand")
    tab.filters.gemeente.setCurrentIndex(tab.filters.gemeente.findData(ZEIST))
    tab.filters.min_persons.setValue(2)
    qtbot.waitUntil(lambda: tab.total == MATCHING, timeout=20_000)
    wait(qtbot, tab.last_task)
    # sort: persons descending in SQL, then Nareizigers (sorted by the model itself) descending
    tab.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: tab.sort == ("persons", True))
    wait(qtbot, tab.last_task)
    tab.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert tab.model.rowCount() == 200  # one page loaded; the export must still hold all 230
    # hide AZC
    tab.table.setColumnHidden(5, True)

    asked: list[str] = []

    def save_as(_parent: Any, _title: str, proposed: str, _filter: str) -> tuple[str, str]:
        asked.append(proposed)
        return str(tmp_path / "mijn export"), "Excel-werkmap (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    activate(qtbot, tab)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert tab.exporter.last_task is not None, "Ctrl+E did not start an export"
    wait(qtbot, tab.exporter.last_task)
    assert Path(asked[0]).name == f"koppelingen-{dt.date.today().isoformat()}.xlsx"

    path = tmp_path / "mijn export.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Koppelingen", "Info"]
    ws = wb["Koppelingen"]
    header = [c.value for c in ws[1]]
    assert header == ["V-nummer", "Gemeente", "Gekoppeld op", "Personen", "Volwassenen", "Kinderen",
                      "Nareizigers", "Behoeften", "Status", "Termijn", "Woning"]  # fmt: skip
    data = list(ws.iter_rows(min_row=2))
    assert [row[0].value for row in data] == expected_v_nummers(db)
    assert len(data) == MATCHING
    first = {title: cell for title, cell in zip(header, data[0], strict=True)}
    assert isinstance(first["Gekoppeld op"].value, dt.datetime)
    assert first["Gekoppeld op"].number_format == "dd-mm-yyyy"
    assert isinstance(first["Personen"].value, int) and first["Personen"].value >= 2
    assert first["Volwassenen"].value + first["Kinderen"].value == first["Personen"].value
    assert first["Nareizigers"].value == 2 and first["Gemeente"].value == "Zeist"
    assert first["Status"].value == "Gekoppeld"

    info = dict(wb["Info"].iter_rows(min_row=2, values_only=True))
    assert info["Gebruiker"] == "Rita Regio" and info["Aantal rijen"] == str(MATCHING)
    assert info["Filter"] == "Gemeente: Zeist; Status: Openstaand; Personen: min. 2"
    assert info["Sortering"] == "Nareizigers, aflopend"

    with db.unit_of_work() as session:
        exports = session.scalars(select(AccessLog).where(AccessLog.action == Action.EXPORT)).all()
        assert [(e.actor_login, e.object_type, e.result) for e in exports] == [("rita", "koppeling", "ok")]
        assert f"rijen={MATCHING}" in exports[0].detail and "Gemeente: Zeist" in exports[0].detail
    statuses = context[1]
    assert statuses[-1] == f"{MATCHING} rijen geëxporteerd naar mijn export.xlsx."
    assert tab.exporter.widget.open_link.isVisibleTo(tab)  # "Openen" next to the button


def test_file_in_use_gives_a_dutch_message_and_keeps_the_old_file(
    tab: Any, errors: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folder = tmp_path / "export"
    folder.mkdir()
    path = folder / "koppelingen.xlsx"
    path.write_bytes(b"vorige export")

    def locked(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(path), ""))
    tab.exporter.action.trigger()
    wait(qtbot, tab.exporter.last_task)
    assert errors.shown and "geopend in Excel" in errors.shown[-1][1]
    assert path.read_bytes() == b"vorige export"
    assert [p.name for p in folder.iterdir()] == ["koppelingen.xlsx"]  # no temporary file left
    assert tab.exporter.action.isEnabled()  # ready to try again


def test_export_is_in_the_toolbar_and_context_menu(tab: Any) -> None:
    assert tab.exporter.button.text() == "Exporteren naar Excel…"
    assert tab.exporter.button.isVisibleTo(tab)
    assert tab.exporter.action.shortcut().toString() == "Ctrl+E"


def test_cancelled_file_dialog_exports_nothing(tab: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    assert tab.exporter.export() is None and tab.exporter.last_task is None
