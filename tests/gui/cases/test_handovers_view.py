"""Warm handovers in the dossier window: consent, the status walk through the buttons (who/when in
the history), sending without consent refused unless overridden with a logged reason, and printing
a pack (the PDF exists, holds the head of household's name, and the print is in the access log)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from app.db.session import Database
from app.domain.handover import ConsentMethod, ConsentStatus, HandoverStatus
from app.domain.roles import Action
from app.services.access import Actor
from app.services.cases import handovers as ho
from app.ui.confirm import yes_button
from tests.gui.cases.conftest import HEAD, handover_row, history, log_rows, make_handover, wait_task

pytestmark = pytest.mark.usefixtures("qapp")
S = HandoverStatus


def _handovers_tab(view: Any, handover_id: int) -> Any:
    view.tabs.setCurrentWidget(view.handovers)
    assert view.handovers.select(handover_id)
    return view.handovers


def test_consent_and_the_whole_status_walk_through_the_buttons(
    dossier_id: int, open_view: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id)
    view = open_view(dossier_id)
    tab = _handovers_tab(view, hid)
    assert tab.next_button.text() == "Volgende stap: Aangevraagd"

    dialog = tab.record_consent()
    qtbot.addWidget(dialog)
    dialog.choices[ConsentStatus.GEGEVEN].setChecked(True)
    dialog.today.click()
    dialog.methods[ConsentMethod.IN_PERSON].setChecked(True)
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    row = handover_row(fresh_database, hid)
    assert (row.consent, row.consent_recorded_by) == (ConsentStatus.GEGEVEN, "Carla Consulent")
    assert row.consent_on == date.today() and "Gegeven op" in tab.panel.facts["consent"].text()

    assert tab.next_button.text() == "Volgende stap: Aangevraagd"
    tab.next_button.click()
    wait_task(qtbot, view.last_task)
    assert handover_row(fresh_database, hid).status is S.AANGEVRAAGD
    assert tab.next_button.text() == "Volgende stap: Verzonden…"
    tab.next_button.click()  # asks first
    yes_button(tab.dialog).click()
    wait_task(qtbot, view.last_task)
    assert handover_row(fresh_database, hid).status is S.VERZONDEN
    assert tab.next_button.text() == "Volgende stap: Ontvangen…"
    tab.next_button.click()  # the receipt: the receiver's name and day
    receipt = tab.dialog
    qtbot.addWidget(receipt)
    receipt.received_by.setText("J. Bakker")
    receipt.today.click()
    receipt.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert handover_row(fresh_database, hid).status is S.ONTVANGEN
    # Afgerond needs the whole checklist: the service says which items are open.
    tab.next_button.click()
    wait_task(qtbot, view.last_task)
    assert "Huisarts gekozen" in view.banner.text()
    assert handover_row(fresh_database, hid).status is S.ONTVANGEN
    for key in ("huisarts_gekozen", "verzoek_ondertekend"):
        item = tab.panel.check_item(key)
        item.setCheckState(item.checkState().Checked)
        wait_task(qtbot, view.last_task)
    tab.next_button.click()
    wait_task(qtbot, view.last_task)

    steps = history(fresh_database, hid)
    assert [(h.from_status, h.to_status) for h in steps] == [
        (None, S.TE_DOEN),
        (S.TE_DOEN, S.AANGEVRAAGD),
        (S.AANGEVRAAGD, S.VERZONDEN),
        (S.VERZONDEN, S.ONTVANGEN),
        (S.ONTVANGEN, S.AFGEROND),
    ]
    assert {h.by_login for h in steps} == {consulent.login} and all(h.at is not None for h in steps)
    assert not any(h.without_consent for h in steps)
    assert not tab.next_button.isEnabled() and tab.title.text().endswith("Afgerond")
    assert tab.panel.history_model.rowCount() == 5


def test_sending_without_consent_is_refused_and_an_override_needs_a_reason(
    dossier_id: int, open_view: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id)
    with fresh_database.unit_of_work() as session:
        h = ho.get_handover(session, consulent, hid)
        ho.change_status(session, consulent, hid, h.version, S.AANGEVRAAGD)
    view = open_view(dossier_id)
    tab = _handovers_tab(view, hid)
    dialog = tab.next_step()  # → verzonden, but no consent
    qtbot.addWidget(dialog)
    assert "Verzenden kan niet" in dialog.refusal.text() and "logboek" in dialog.logged.text()
    dialog.reject()
    assert handover_row(fresh_database, hid).status is S.AANGEVRAAGD

    dialog = tab.next_step()
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()  # no reason given
    assert dialog.fields["override_reason"].error.isVisibleTo(dialog)
    assert handover_row(fresh_database, hid).status is S.AANGEVRAAGD
    dialog.reason.setPlainText("Cliënt verhuisd en onbereikbaar; huisarts moet direct kunnen inschrijven")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    row = handover_row(fresh_database, hid)
    assert row.status is S.VERZONDEN and row.override_by == "Carla Consulent"
    assert history(fresh_database, hid)[-1].without_consent
    updates = log_rows(fresh_database, Action.UPDATE, consulent.login)
    assert any("zonder toestemming" in (r.detail or "") and "onbereikbaar" in r.detail for r in updates)
    newest = tab.panel.history_model
    assert newest.rows()[0].without_consent
    assert newest.data(newest.index(0, 3)).startswith("ZONDER TOESTEMMING: Cliënt verhuisd")


def test_refusal_needs_a_reason(
    dossier_id: int, open_view: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id)
    view = open_view(dossier_id)
    tab = _handovers_tab(view, hid)
    dialog = tab.refuse()
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    assert dialog.fields["reason"].error.text() == "Geef de reden op."
    dialog.reason.setPlainText("Cliënt wil een andere huisarts")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    row = handover_row(fresh_database, hid)
    assert (row.status, row.status_reason) == (S.GEWEIGERD, "Cliënt wil een andere huisarts")
    assert not tab.next_button.isEnabled() and not tab.consent_button.isEnabled()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def test_print_pack_without_consent_asks_for_a_logged_reason_and_opens_the_pdf(
    dossier_id: int,
    open_view: Any,
    fresh_database: Database,
    consulent: Actor,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id)
    target = tmp_path / "pakket.pdf"
    asked: list[str] = []

    def save_name(_parent: Any, _title: str, default: str, _filter: str) -> tuple[str, str]:
        asked.append(default)
        return str(target), "PDF-bestand (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    view = open_view(dossier_id)
    tab = _handovers_tab(view, hid)
    override = tab.print_pack()
    qtbot.addWidget(override)
    assert "afdrukken kan niet" in override.refusal.text().lower() and "logboek" in override.logged.text()
    override.reason.setPlainText("Huisarts heeft het pakket nodig vóór de eerste afspraak")
    override.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)

    assert asked and asked[0].endswith(f"overdracht-dossier-{dossier_id}-overdracht-{hid}-gca-huisarts.pdf")
    assert target.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert HEAD in text and "Huisartsenpraktijk De Linde" in text
    assert [u.toLocalFile() for u in opened] == [str(target)]
    assert not list(tmp_path.glob(".*.tmp"))
    prints = log_rows(fresh_database, Action.PRINT, consulent.login)
    assert [(p.object_type, p.object_id) for p in prints] == [("overdracht", str(hid))]
    assert "zonder toestemming" in (prints[0].detail or "")
    assert handover_row(fresh_database, hid).override_reason.startswith("Huisarts heeft")
    assert any("afgedrukt" in e.text for e in view.timeline.model.rows())


def test_print_pack_with_consent_goes_straight_to_the_file(
    dossier_id: int,
    open_view: Any,
    fresh_database: Database,
    consulent: Actor,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[QUrl],
) -> None:
    hid = make_handover(fresh_database, consulent, dossier_id, consent=True)
    target = tmp_path / "met-toestemming"  # the .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    view = open_view(dossier_id)
    tab = _handovers_tab(view, hid)
    tab.print_button.click()
    wait_task(qtbot, view.last_task)
    pdf = tmp_path / "met-toestemming.pdf"
    assert pdf.exists() and HEAD in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert len(opened) == 1 and "afgedrukt" in view.info.text()
    prints = log_rows(fresh_database, Action.PRINT, consulent.login)
    assert len(prints) == 1 and "zonder toestemming" not in (prints[0].detail or "")


def test_new_jgz_handover_for_a_child_with_field_messages(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any
) -> None:
    from app.domain.handover import HandoverKind

    view = open_view(dossier_id)
    view.tabs.setCurrentWidget(view.handovers)
    dialog = view.handovers.new_handover()
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(HandoverKind.JGZ.value))
    assert [dialog.member.itemText(i) for i in range(dialog.member.count())] == ["Elif Özdemir"]
    assert "28 dagen na de verhuisdatum" in dialog.rule.text() and not dialog.risk_box.isVisibleTo(dialog)
    receiver = dialog.receiver_box[1]
    receiver["organisation"].setText("JGZ Zeist (GGD regio Utrecht)")
    receiver["email"].setText("jgz-at-zeist")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert "e-mailadres" in dialog.fields["receiver_email"].error.text() and dialog.isVisible()
    assert view.handovers.model.rowCount() == 0
    receiver["email"].setText("jgz@zeist.example")
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    rows = view.handovers.model.rows()
    assert [(h.kind, h.member_name, h.receiver.email) for h in rows] == [
        (HandoverKind.JGZ, "Elif Özdemir", "jgz@zeist.example")
    ]
    assert handover_row(fresh_database, rows[0].id).status is S.TE_DOEN
