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
    dialog.contacts.set_cell(dialog.contacts.add_contact(), "name", "Piet Jansen")
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


def _contacts(db: Database) -> list[tuple[str, str, str, str]]:
    with db.unit_of_work() as session:
        row = session.scalars(select(Employer)).one()
        return [(c.name, c.role, c.phone, c.email) for c in row.contacts]


def _save(qtbot: Any, tab: EmployersTab, dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    _wait(qtbot, tab.last_task)


def _open(qtbot: Any, tab: EmployersTab, db: Database) -> Any:
    """The edit dialog once the detail pane holds the employer as the database has it now."""
    with db.unit_of_work() as session:
        row = session.scalars(select(Employer)).one()
        wanted = (row.id, row.version)

    def fresh() -> bool:
        if tab.last_task is not None and tab.last_task.is_running:
            return False
        if tab.model.rowCount() == 1 and tab.current_id() is None:
            tab.table.selectRow(0)
        return tab.shown is not None and (tab.shown.id, tab.shown.version) == wanted

    qtbot.waitUntil(fresh, timeout=10_000)
    dialog = tab.edit(wanted[0])
    assert dialog is not None
    return dialog


def test_more_than_one_contact_person_added_changed_and_removed(
    qtbot, make_user, make_context, fresh_database: Database
) -> None:  # type: ignore[no-untyped-def]
    cp = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with fresh_database.unit_of_work() as session:
        em.create_employer(
            session, cp, em.EmployerInput(name="Bakkerij Zeist", gemeente_code=ZEIST,
                                          contacts=[em.ContactInput("Anna de Vries", "HR")]),
        )  # fmt: skip
    tab = EmployersTab(make_context(cp))
    qtbot.addWidget(tab)
    tab.show()
    dialog = _open(qtbot, tab, fresh_database)
    editor = dialog.contacts
    assert editor.table.rowCount() == 1 and editor.table.item(0, 0).text() == "Anna de Vries"
    # Two more: one with a wrong e-mail address first, the message names the row.
    editor.add_button.click()
    row = editor.table.rowCount() - 1
    editor.set_cell(row, "name", "Piet Bakker")
    editor.set_cell(row, "email", "piet-at-bakkerij")
    row = editor.add_contact()
    editor.set_cell(row, "name", "Fatima El Amrani")
    editor.set_cell(row, "phone", "06-12345678")
    dialog.resize(1280, 720)
    _save(qtbot, tab, dialog)
    assert dialog.errors["contacts"].isVisible()
    assert "Contactpersoon 2" in dialog.errors["contacts"].text()
    assert _contacts(fresh_database) == [("Anna de Vries", "HR", "", "")]  # nothing saved yet
    dialog.grab().save("/tmp/shots-planner/employer-contacts-error.png")
    editor.set_cell(1, "email", "piet@bakkerij.example")
    _save(qtbot, tab, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert _contacts(fresh_database) == [
        ("Anna de Vries", "HR", "", ""),
        ("Piet Bakker", "", "", "piet@bakkerij.example"),
        ("Fatima El Amrani", "", "06-12345678", ""),
    ]
    # Remove the first, change the phone of the last.
    dialog = _open(qtbot, tab, fresh_database)
    editor = dialog.contacts
    assert editor.table.rowCount() == 3
    editor.table.selectRow(0)
    assert editor.remove_button.isEnabled()
    editor.remove_button.click()
    editor.set_cell(1, "phone", "030-7654321")
    _save(qtbot, tab, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert _contacts(fresh_database) == [
        ("Piet Bakker", "", "", "piet@bakkerij.example"),
        ("Fatima El Amrani", "", "030-7654321", ""),
    ]
    qtbot.waitUntil(lambda: "Fatima El Amrani" in tab.detail.text(), timeout=10_000)


def test_a_late_list_of_an_earlier_search_never_replaces_the_newer_one(
    qtbot, make_user, make_context, fresh_database: Database, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """The tab opens loading every employer; the user types a name before that list is back. The
    late full list must not replace the search result."""
    from tests.gui.late_results import HoldFirstCall

    cp = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with fresh_database.unit_of_work() as session:
        for name in ("Bakkerij De Korenaar", "Garage Van Dijk"):
            em.create_employer(session, cp, em.EmployerInput(name=name, gemeente_code=ZEIST))
    hold = HoldFirstCall(monkeypatch, em, "list_employers")
    tab = EmployersTab(make_context(cp))
    qtbot.addWidget(tab)
    tab.show()
    first = tab.last_task  # every employer
    hold.wait_held(qtbot)
    tab.search.setText("Korenaar")
    _wait(qtbot, tab.last_task)
    assert [r.name for r in tab.model.rows()] == ["Bakkerij De Korenaar"]

    hold.finish_late(qtbot, first)
    assert [r.name for r in tab.model.rows()] == ["Bakkerij De Korenaar"], "the late full list came back"
    assert tab.count.text().startswith("1 ")  # the count follows the list shown
