"""Woningen tab: create, edit, validate and change status through the real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import Dwelling, DwellingKind, DwellingStatus
from app.db.session import Database
from tests.db import board_fixtures as bf
from tests.gui.board.test_koppelingen import make_context, wait_task

pytestmark = pytest.mark.usefixtures("qapp")

ZEIST, WOERDEN = "GM0355", "GM0632"


@pytest.fixture
def db(fresh_database: Database) -> Database:
    today = date.today()
    with fresh_database.unit_of_work() as session:
        bf.dwelling(session, ZEIST, 3, 6, today, address="Slotlaan 1", rent=712.5, accessible=True)
        bf.dwelling(session, WOERDEN, 1, 2, today + timedelta(days=10), address="Rijnstraat 8")
    return fresh_database


@pytest.fixture
def tab(db: Database, qtbot: Any) -> Iterator[Any]:
    from app.ui.board.dwellings_tab import DwellingsTab

    context, _statuses, _errors = make_context(db)
    widget = DwellingsTab(context)
    qtbot.addWidget(widget)
    widget.refresh()
    wait_task(qtbot, widget.last_task)
    yield widget
    context.tasks.wait_for_done()


def dwellings(db: Database) -> list[Dwelling]:
    with db.unit_of_work() as session:
        result = list(session.scalars(select(Dwelling).order_by(Dwelling.id)))
        session.expunge_all()
        return result


def test_list_and_dutch_rent(tab: Any) -> None:
    assert tab.model.rowCount() == 2 and tab.count_label.text() == "2 woningen"
    row = tab.model.row_of(lambda r: r.address == "Slotlaan 1")
    rent_column = 7
    assert tab.model.index(row, rent_column).data() == "€ 712,50"


def test_filters_accessible_and_bedrooms(tab: Any, qtbot: Any) -> None:
    tab.filters.accessible.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    tab.filters.accessible.setChecked(False)
    tab.filters.min_bedrooms.setValue(2)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.row_at(0).bedrooms == 3)


def test_create_dwelling_through_dialog(tab: Any, db: Database, qtbot: Any) -> None:
    tab.new_action.trigger()
    dialog = tab.dialog
    form = dialog.form
    form.gemeente.setCurrentIndex(form.gemeente.findData(WOERDEN))
    form.corporation.setText("GroenWest")
    form.reference.setText("GW-1")
    form.kind.setCurrentIndex(form.kind.findData(DwellingKind.APPARTEMENT.value))
    form.bedrooms.setValue(2)
    form.max_occupants.setValue(4)
    form.rent.setValue(650.25)
    form.ground_floor.setChecked(True)
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
    made = next(d for d in dwellings(db) if d.reference == "GW-1")
    assert (made.corporation, made.bedrooms, made.max_occupants, made.rent) == ("GroenWest", 2, 4, 650.25)
    assert made.ground_floor and made.status is DwellingStatus.BESCHIKBAAR


def test_validation_and_duplicate_reference(tab: Any, db: Database, qtbot: Any) -> None:
    before = len(dwellings(db))
    tab.new_dwelling()
    dialog = tab.dialog
    dialog.accept()
    assert dialog.form.corporation_field.error.text() == "Vul de corporatie in."
    assert dialog.form.reference_field.error.isVisibleTo(dialog)
    existing = dwellings(db)[0]
    dialog.form.corporation.setText(existing.corporation)
    dialog.form.reference.setText(existing.reference)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.form.message.isVisibleTo(dialog), timeout=10_000)
    assert "heeft al een woning" in dialog.form.reference_field.error.text()
    assert len(dwellings(db)) == before


def test_edit_dwelling(tab: Any, db: Database, qtbot: Any) -> None:
    assert tab.table.select_row(lambda r: r.address == "Rijnstraat 8")
    tab.open_selected()
    dialog = tab.dialog
    dialog.form.rent.setValue(0)  # "onbekend"
    dialog.form.max_occupants.setValue(1)
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
    edited = next(d for d in dwellings(db) if d.address == "Rijnstraat 8")
    assert edited.rent is None and edited.max_occupants == 1 and edited.version == 2


def test_status_expired_and_released(tab: Any, db: Database, qtbot: Any) -> None:
    assert tab.table.select_row(lambda r: r.address == "Rijnstraat 8")
    tab.update_actions()
    assert tab.expire_action.isEnabled() and not tab.release_action.isEnabled()
    box = tab.set_status(DwellingStatus.VERLOPEN)
    box.accept()
    qtbot.waitUntil(lambda: tab.current().status is DwellingStatus.VERLOPEN, timeout=10_000)
    assert next(d for d in dwellings(db) if d.address == "Rijnstraat 8").status is DwellingStatus.VERLOPEN
    assert tab.release_action.isEnabled()
    tab.set_status(DwellingStatus.BESCHIKBAAR).accept()
    qtbot.waitUntil(lambda: tab.current().status is DwellingStatus.BESCHIKBAAR, timeout=10_000)
    assert next(d for d in dwellings(db) if d.address == "Rijnstraat 8").status is DwellingStatus.BESCHIKBAAR
