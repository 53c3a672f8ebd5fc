"""Beheer → Bewaartermijn: a beheerder sets the term, sees which closed dossiers are past it, and
removes them after a question that states the count; the database is checked afterwards."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, text

from app.db.models import AppMeta, Dossier
from app.db.session import Database
from app.domain.retention import cutoff_for
from app.domain.roles import Role
from app.ui.admin.page import AdminPage
from tests.db.case_fixtures import ZEIST, family


def _close(db: Database, dossier_id: int, closed_on: dt.date) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE dossiers SET status = 'gesloten', closed_on = :c WHERE id = :d"),
            {"c": closed_on, "d": dossier_id},
        )


def _button(box: QMessageBox, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in box.buttons() if b.text() == label)


def test_set_the_term_list_and_purge(qtbot, make_user, make_context, fresh_database: Database) -> None:  # type: ignore[no-untyped-def]
    consulent = make_user("consulent", Role.CONSULENT, ZEIST)
    with fresh_database.unit_of_work() as session:
        ids = [family(session, consulent, head=f"Hoofd {n}").id for n in range(3)]
    old, three_years, still_open = ids
    _close(fresh_database, old, dt.date(2015, 3, 1))
    _close(fresh_database, three_years, cutoff_for(dt.date.today(), 3) - dt.timedelta(days=1))

    page = AdminPage(make_context(make_user("beheer", Role.BEHEERDER)))
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    tab = page.retention_tab
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.years_label.text() == "Nu ingesteld: 7 jaar.", timeout=5000)
    assert tab.years.value() == 7

    # The term: 3 years, stored in the database.
    tab.years.setValue(3)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.years_label.text() == "Opgeslagen: 3 jaar.", timeout=5000)
    with fresh_database.unit_of_work() as session:
        assert session.scalar(select(AppMeta.value).where(AppMeta.key == "retention_years")) == "3"

    # The dry run: the two closed dossiers past three years, not the open one.
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.purge_button.isEnabled(), timeout=5000)
    assert sorted(tab.model.row_at(r).dossier_id for r in range(tab.model.rowCount())) == [old, three_years]
    assert tab.model.data(tab.model.index(0, 1)) == "Zeist (GM0355)"
    assert tab.status_label.text().startswith("2 gesloten dossiers zijn over de bewaartermijn van 3 jaar")
    shots = os.environ.get("DL_SCREENSHOTS")
    if shots:
        page.grab().save(os.path.join(shots, "retention-1280.png"))
        page.resize(1920, 1080)
        page.grab().save(os.path.join(shots, "retention-1920.png"))

    # Verwijderen… asks first, with the count; Annuleren changes nothing.
    qtbot.mouseClick(tab.purge_button, Qt.MouseButton.LeftButton)
    box = tab.confirmation
    assert box is not None and "2 gesloten dossiers definitief verwijderen?" in box.text()
    if shots:
        box.grab().save(os.path.join(shots, "retention-confirm.png"))
    qtbot.mouseClick(_button(box, "Annuleren"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.confirmation is None, timeout=2000)
    with fresh_database.unit_of_work() as session:
        assert len(session.scalars(select(Dossier.id)).all()) == 3

    qtbot.mouseClick(tab.purge_button, Qt.MouseButton.LeftButton)
    box = tab.confirmation
    assert box is not None
    qtbot.mouseClick(_button(box, "2 dossiers verwijderen"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: tab.status_label.text().startswith("Geen dossiers over de bewaartermijn"), timeout=10000
    )
    assert tab.model.rowCount() == 0 and not tab.purge_button.isEnabled()
    with fresh_database.unit_of_work() as session:
        assert session.scalars(select(Dossier.id)).all() == [still_open]
    with fresh_database.engine.connect() as conn:
        details = (
            conn.execute(
                text("SELECT detail FROM access_log WHERE object_type = 'purge' AND action = 'delete'")
            )
            .scalars()
            .all()
        )
    assert details == [f"dossiers=2 ids={min(old, three_years)},{max(old, three_years)}"]


def test_the_tab_is_for_a_beheerder_only(qtbot, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    page = AdminPage(make_context(make_user("regio", Role.REGIO_COORDINATOR)))
    qtbot.addWidget(page)
    assert page.retention_tab is None
    assert "Bewaartermijn" not in [page.tabs.tabText(i) for i in range(page.tabs.count())]
