"""Werkgevers: add an employer through the dialog (the database holds it), a KvK error shows under
its field, and another municipality's employer cannot be changed."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.db.models import Employer
from app.db.session import Database
from app.domain.roles import Role
from app.services.challenges import employers as em
from app.ui.challenges.employers_tab import EmployersTab
from tests.db.case_fixtures import BUNNIK, ZEIST


def _wait(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass


def test_add_an_employer_and_see_a_kvk_error(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    cp = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    tab = EmployersTab(make_context(cp))
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    tab.show()
    _wait(qtbot, tab.last_task)
    assert tab.model.rowCount() == 0 and "Geen werkgevers" in tab.count.text()
    dialog = tab.edit(None)
    assert dialog is not None
    dialog.name.setText("Bakkerij De Korenaar")
    dialog.kvk.setText("1234567")
    dialog.contact_name.setText("Piet Jansen")
    height = dialog.sizeHint().height()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    _wait(qtbot, tab.last_task)
    assert dialog.errors["kvk"].isVisible() and "8 cijfers" in dialog.errors["kvk"].text()
    assert dialog.height() >= height  # grew to show the message
    dialog.kvk.setText("12345678")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    _wait(qtbot, tab.last_task)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    with fresh_database.unit_of_work() as session:
        row = session.scalars(select(Employer)).one()
        assert (row.name, row.kvk, row.wsp, row.contacts[0].name) == (
            "Bakkerij De Korenaar", "12345678", "Zuidoost-Utrecht", "Piet Jansen")  # fmt: skip


def test_another_municipality_only_reads(qtbot, make_user, make_context, fresh_database: Database) -> None:  # type: ignore[no-untyped-def]
    cp = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with fresh_database.unit_of_work() as session:
        made = em.create_employer(session, cp, em.EmployerInput(name="Bakkerij Zeist", gemeente_code=ZEIST))
    tab = EmployersTab(make_context(make_user("cons-bunnik", Role.CONSULENT, BUNNIK)))
    qtbot.addWidget(tab)
    tab.show()
    _wait(qtbot, tab.last_task)
    tab.table.selectRow(0)
    _wait(qtbot, tab.last_task)
    qtbot.waitUntil(lambda: "Bakkerij Zeist" in tab.detail.text(), timeout=10_000)
    assert not tab.edit_button.isEnabled()
    assert "Alleen de eigen gemeente" in tab.detail.text()
    assert tab.edit(made.id) is None
