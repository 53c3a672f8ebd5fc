"""Consent and receipt in the dossier window: the consent dialog has no answer chosen (Enter right
away records nothing), an interpreter needs its language; sending asks first (No changes nothing);
the receipt needs the receiver's name and day, and both show in the panel and the history."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from app.db.session import Database
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverStatus
from app.services.access import Actor
from app.services.cases import handovers as ho
from app.ui.confirm import no_button, yes_button
from tests.gui.cases.conftest import handover_row, history, make_handover, wait_task

S = HandoverStatus


def _tab(view: Any, handover_id: int) -> Any:
    view.tabs.setCurrentWidget(view.handovers)
    assert view.handovers.select(handover_id)
    return view.handovers


def test_consent_dialog_has_no_answer_chosen_and_enter_records_nothing(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any, consulent: Actor
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id)
    view = open_view(dossier_id)
    tab = _tab(view, hid)
    dialog = tab.record_consent()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert not any(b.isChecked() for b in dialog.choices.values())
    assert not any(b.isChecked() for b in dialog.methods.values())
    assert dialog.consent_on.text() == "kies de datum"  # not silently today

    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.fields["consent"].error.isVisibleTo(dialog)
    assert "Kies het antwoord" in dialog.fields["consent"].error.text()
    assert view.last_task is None or not view.last_task.is_running
    assert handover_row(fresh_database, hid).consent is ConsentStatus.NIET_GEVRAAGD

    # Given, today, with an interpreter: the language is asked for before anything is saved.
    dialog.choices[ConsentStatus.GEGEVEN].setChecked(True)
    dialog.today.click()
    dialog.methods[ConsentMethod.INTERPRETER].setChecked(True)
    assert dialog.language.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert "taal van de tolk" in dialog.fields["consent_language"].error.text()
    assert handover_row(fresh_database, hid).consent is ConsentStatus.NIET_GEVRAAGD
    dialog.language.setText("Tigrinya")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    row = handover_row(fresh_database, hid)
    assert (row.consent, row.consent_on, row.consent_method, row.consent_language) == (
        ConsentStatus.GEGEVEN,
        date.today(),
        ConsentMethod.INTERPRETER,
        "Tigrinya",
    )
    assert "met een tolk (Tigrinya)" in tab.panel.facts["consent"].text()


def test_sending_asks_first_and_no_changes_nothing(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any, consulent: Actor
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id, consent=True)
    with fresh_database.unit_of_work() as session:
        h = ho.get_handover(session, consulent, hid)
        ho.change_status(session, consulent, hid, h.version, S.AANGEVRAAGD)
    view = open_view(dossier_id)
    tab = _tab(view, hid)
    box = tab.next_step()
    assert "verzenden aan Huisartsenpraktijk De Linde, J. Bakker" in box.text()
    assert "GCA → huisarts" in box.text() and box.defaultButton() is no_button(box)
    qtbot.mouseClick(no_button(box), Qt.MouseButton.LeftButton)
    assert view.last_task is None or not view.last_task.is_running
    assert handover_row(fresh_database, hid).status is S.AANGEVRAAGD
    assert [c.to_status for c in history(fresh_database, hid)] == [S.TE_DOEN, S.AANGEVRAAGD]

    box = tab.next_step()
    qtbot.mouseClick(yes_button(box), Qt.MouseButton.LeftButton)
    wait_task(qtbot, view.last_task)
    assert handover_row(fresh_database, hid).status is S.VERZONDEN
    assert tab.panel.facts["sent"].text() == date.today().strftime("%d-%m-%Y")


def test_receipt_needs_the_receivers_name_and_day(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any, consulent: Actor
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id, consent=True)
    with fresh_database.unit_of_work() as session:
        for step in (S.AANGEVRAAGD, S.VERZONDEN):
            h = ho.get_handover(session, consulent, hid)
            ho.change_status(session, consulent, hid, h.version, step)
    view = open_view(dossier_id)
    tab = _tab(view, hid)
    dialog = tab.next_step()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Ontvangst vastleggen" and dialog.received_by.text() == ""
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # one click by the sender is not a receipt
    assert "wie de overdracht heeft ontvangen" in dialog.fields["received_by"].error.text()
    assert "datum van ontvangst" in dialog.fields["received_on"].error.text()
    assert handover_row(fresh_database, hid).status is S.VERZONDEN

    qtbot.keyClicks(dialog.received_by, "J. Bakker")
    dialog.today.click()
    dialog.reference.setText("HA-17")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    row = handover_row(fresh_database, hid)
    assert (row.status, row.received_by, row.received_on, row.received_reference) == (
        S.ONTVANGEN,
        "J. Bakker",
        date.today(),
        "HA-17",
    )
    day = date.today().strftime("%d-%m-%Y")
    assert tab.panel.facts["received"].text() == f"J. Bakker op {day} (kenmerk HA-17)"
    newest = tab.panel.history_model.rows()[0]
    assert (
        newest.to_status is S.ONTVANGEN
        and newest.reason == f"Ontvangen door J. Bakker op {day} (kenmerk HA-17)"
    )
