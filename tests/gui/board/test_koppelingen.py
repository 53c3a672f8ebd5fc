"""Koppelingen tab: drive the real widgets against a real (migrated) database and check the rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app.config import Settings
from app.db.models import Gemeente, Koppeling, KoppelingStatus, User
from app.db.session import Database
from app.domain.roles import Role
from app.services.users import sign_in
from app.ui.context import AppContext
from tests.db import board_fixtures as bf

pytestmark = pytest.mark.usefixtures("qapp")

ZEIST, UTRECHT = "GM0355", "GM0344"


def make_context(
    db: Database, login: str = "regio", role: Role = Role.REGIO_COORDINATOR, code: str = UTRECHT
) -> tuple[AppContext, list[str], list[str]]:
    """A context for ``login`` (created with this role and gemeente when new); records messages."""
    from app.ui.tasks import TaskRunner

    with db.unit_of_work() as session:
        if session.scalar(select(User).where(User.login == login)) is None:
            gemeente = session.scalar(select(Gemeente).where(Gemeente.cbs_code == code))
            session.add(User(login=login, name=login, role=role, gemeente=gemeente))
            session.flush()
        actor = sign_in(session, login)
    statuses: list[str] = []
    errors: list[str] = []
    tasks = TaskRunner(lambda: db)
    tasks.show_error = lambda _parent, _title, message: errors.append(message)
    return AppContext(db, actor, Settings(), tasks, statuses.append), statuses, errors


@pytest.fixture
def db(fresh_database: Database) -> Database:
    today = date.today()
    with fresh_database.unit_of_work() as session:
        bf.koppeling(session, ZEIST, today - timedelta(days=100), 4, azc_location="AZC Zeist")  # overdue
        bf.koppeling(session, ZEIST, today - timedelta(days=3), 2, azc_location="AZC Budel")
        bf.koppeling(session, UTRECHT, today - timedelta(days=60), 1)  # "bijna"
    return fresh_database


@pytest.fixture
def tab(db: Database, qtbot: Any) -> Iterator[Any]:
    from app.ui.board.koppelingen_tab import KoppelingenTab

    context, _statuses, _errors = make_context(db)
    widget = KoppelingenTab(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.refresh()
    wait_task(qtbot, widget.last_task)
    yield widget
    context.tasks.wait_for_done()


def wait_task(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=10_000):
            pass


def rows(db: Database) -> list[Koppeling]:
    with db.unit_of_work() as session:
        result = list(session.scalars(select(Koppeling).order_by(Koppeling.id)))
        session.expunge_all()
        return result


def test_list_shows_count_and_colours(tab: Any) -> None:
    assert tab.model.rowCount() == 3
    assert tab.count_label.text() == "3 koppelingen"
    from app.ui.board.koppeling_model import OVERDUE_COLOR, SOON_COLOR

    overdue = tab.model.row_of(lambda r: r.deadline.overdue)
    brush = tab.model.data(tab.model.index(overdue, 0), 8)  # BackgroundRole
    assert brush.color() == OVERDUE_COLOR
    soon = tab.model.row_of(lambda r: r.gemeente_code == UTRECHT)
    assert tab.model.data(tab.model.index(soon, 0), 8).color() == SOON_COLOR


def test_create_koppeling_through_dialog(tab: Any, db: Database, qtbot: Any) -> None:
    tab.new_action.trigger()
    dialog = tab.dialog
    form = dialog.form
    form.v_nummer.setText("12 345 678")
    form.gemeente.setCurrentIndex(form.gemeente.findData(ZEIST))
    form.adults.setValue(2)
    form.children.setValue(3)
    form.azc_location.setText("AZC Arnhem")
    form.needs_ground_floor.setChecked(True)
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
    created = [k for k in rows(db) if k.v_nummer == "0012345678"]
    assert len(created) == 1
    assert (created[0].persons, created[0].adults, created[0].children) == (5, 2, 3)
    assert created[0].needs_ground_floor and created[0].status is KoppelingStatus.GEKOPPELD
    wait_task(qtbot, tab.last_task)
    assert tab.model.row_of(lambda r: r.v_nummer == "0012345678") >= 0


def test_validation_error_shows_next_to_field_and_saves_nothing(tab: Any, db: Database, qtbot: Any) -> None:
    before = len(rows(db))
    tab.new_koppeling()
    dialog = tab.dialog
    dialog.form.v_nummer.setText("12ab")
    dialog.form.gemeente.setCurrentIndex(dialog.form.gemeente.findData(ZEIST))
    dialog.accept()
    assert dialog.form.v_nummer_field.error.isVisibleTo(dialog)
    assert "geen geldig V-nummer" in dialog.form.v_nummer_field.error.text()
    # a rule only the service knows (V-nummer already linked) lands next to the field too
    existing = rows(db)[0].v_nummer
    dialog.form.v_nummer.setText(existing)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.form.message.isVisibleTo(dialog), timeout=10_000)
    assert "al gekoppeld" in dialog.form.v_nummer_field.error.text()
    assert dialog.saved is None and len(rows(db)) == before


def test_filter_overdue_only(tab: Any, qtbot: Any) -> None:
    tab.filters.overdue.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert all(r.deadline.overdue for r in tab.model.rows())
    assert tab.count_label.text() == "1 koppelingen"
    tab.filters.overdue.setChecked(False)
    tab.filters.gemeente.setCurrentIndex(tab.filters.gemeente.findData(UTRECHT))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row_at(0).gemeente_code == UTRECHT)


def test_a_late_list_of_an_earlier_filter_never_replaces_the_newer_one(
    tab: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One municipality chosen, then another before the first list is back: the late list of the
    first must not replace the second's (PagedBoardTab drops results of an older load)."""
    from app.services.board import views
    from tests.gui.late_results import HoldFirstCall

    hold = HoldFirstCall(monkeypatch, views, "list_koppeling_rows")
    tab.filters.gemeente.setCurrentIndex(tab.filters.gemeente.findData(ZEIST))
    hold.wait_held(qtbot)  # after the filter pause the load of Zeist has started
    late = tab.last_task
    tab.filters.gemeente.setCurrentIndex(tab.filters.gemeente.findData(UTRECHT))
    qtbot.waitUntil(lambda: tab.last_task is not late, timeout=10_000)
    wait_task(qtbot, tab.last_task)
    assert [r.gemeente_code for r in tab.model.rows()] == [UTRECHT]

    hold.finish_late(qtbot, late)
    assert [r.gemeente_code for r in tab.model.rows()] == [UTRECHT], "Zeist's late list replaced Utrecht's"
    assert tab.count_label.text().startswith("1 ")


def test_paging_loads_more(tab: Any, db: Database, qtbot: Any) -> None:
    tab.PAGE_SIZE = 2
    tab.load()
    wait_task(qtbot, tab.last_task)
    assert tab.model.rowCount() == 2 and tab.count_label.text() == "2 van 3 koppelingen"
    assert tab.more_button.isVisibleTo(tab)
    tab.more_button.click()
    wait_task(qtbot, tab.last_task)
    assert tab.model.rowCount() == 3 and not tab.more_button.isVisibleTo(tab)


def test_sort_by_persons_in_sql(tab: Any, qtbot: Any) -> None:
    tab.table.sortByColumn(3, tab.table.horizontalHeader().sortIndicatorOrder().DescendingOrder)
    qtbot.waitUntil(lambda: tab.sort == ("persons", True))
    wait_task(qtbot, tab.last_task)
    assert [r.persons for r in tab.model.rows()] == [4, 2, 1]


def test_status_moved_in_lands_in_db(tab: Any, db: Database, qtbot: Any) -> None:
    assert tab.table.select_row(lambda r: r.persons == 2)
    tab.update_actions()
    assert tab.status_actions[KoppelingStatus.GEHUISVEST].isEnabled()
    tab.status_actions[KoppelingStatus.GEHUISVEST].trigger()
    dialog = tab.dialog
    dialog.on.setDate(date.today() - timedelta(days=30))  # before the linking date: refused
    dialog.accept()
    assert "vóór de koppelingsdatum" in dialog.on_field.error.text()
    dialog.on.setDate(date.today())
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10_000)
    moved = next(k for k in rows(db) if k.persons == 2)
    assert moved.status is KoppelingStatus.GEHUISVEST and moved.housed_on == date.today()
    assert tab.current().status is KoppelingStatus.GEHUISVEST
    assert not any(a.isEnabled() for a in tab.status_actions.values())  # nothing after gehuisvest


def test_conflict_shows_message_and_does_not_overwrite(tab: Any, db: Database, qtbot: Any) -> None:
    assert tab.table.select_row(lambda r: r.persons == 4)
    tab.open_selected()
    dialog = tab.dialog
    target = dialog.koppeling.id
    with db.unit_of_work() as session:  # someone else changes the row behind the dialog's back
        row = session.get(Koppeling, target)
        row.azc_location = "AZC Ter Apel"
    dialog.form.azc_location.setText("AZC Mijn Wijziging")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.form.message.isVisibleTo(dialog), timeout=10_000)
    assert "Iemand anders" in dialog.form.message.text()
    assert dialog.form.azc_location.text() == "AZC Ter Apel"  # the fresh data is shown
    assert next(k for k in rows(db) if k.id == target).azc_location == "AZC Ter Apel"
    assert dialog.saved is None


def test_status_conflict_refreshes_the_row(tab: Any, db: Database, qtbot: Any) -> None:
    assert tab.table.select_row(lambda r: r.persons == 1)
    tab.change_status(KoppelingStatus.VERVALLEN)
    dialog = tab.dialog
    target = dialog.info.id
    with db.unit_of_work() as session:
        session.execute(update(Koppeling).where(Koppeling.id == target).values(version=Koppeling.version + 1))
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=10_000)
    assert "Iemand anders" in dialog.message.text()
    assert next(k for k in rows(db) if k.id == target).status is KoppelingStatus.GEKOPPELD
