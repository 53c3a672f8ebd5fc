"""The Vandaag page in the real window: a swap waiting for Zeist's akkoord shows with a badge on the
page and in the navigation, and "Openen" shows the exchange tab with that swap selected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt

from app.db.session import Database
from app.domain.roles import Role
from app.services.board.swaps import accept_swap, propose_swap
from app.ui.modules import available_modules
from app.ui.shell import MainWindow
from tests.db.board_fixtures import P1, setup_periods
from tests.gui.board.test_overview import BUNNIK, ZEIST, make_context


def _window(qtbot: Any, context: Any, settings: QSettings) -> MainWindow:
    modules = available_modules(["app.ui.today", "app.ui.board", "app.ui.cases"])
    window = MainWindow(context, modules, window_settings=settings, ping_interval_ms=0, badge_interval_ms=0)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading, timeout=5000)
    return window


def test_a_waiting_swap_shows_with_a_badge_and_opens_at_the_swap(
    qtbot, fresh_database: Database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db = fresh_database
    bunnik = make_context(db, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    zeist = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with db.unit_of_work() as session:
        setup_periods(session)
        swap = propose_swap(session, bunnik.actor, host_code=BUNNIK, owner_code=ZEIST, persons=3, period=P1)
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/last_page", "board")  # Vandaag still comes first
    window = _window(qtbot, zeist, settings)

    assert window.current_module_key() == "today"
    page = window.page("today")
    qtbot.waitUntil(lambda: page.data is not None and "uitruil" in page.groups, timeout=10_000)
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Vandaag (1)", timeout=10_000)
    assert window.nav.item(1).text() == "Uitwisselbord (1)"
    group = page.groups["uitruil"]
    assert group.badge.text() == "1"
    assert group.texts == [
        f"Uitruil #{swap.id} — Bunnik huisvest 3 personen voor Zeist — wacht op uw akkoord"
    ]
    assert page.summary.text().startswith("Er wacht 1 ding op u.")

    qtbot.mouseClick(group.buttons[0], Qt.MouseButton.LeftButton)
    board = window.page("board")
    assert window.current_module_key() == "board" and window.stack.currentWidget() is board
    exchange = board.view("ExchangeTab")
    assert board.tabs.currentWidget() is exchange
    qtbot.waitUntil(lambda: (exchange.swap_table.current_row() or None) is not None, timeout=10_000)
    shown = exchange.swap_table.current_row()
    assert (shown.id, shown.host_name, shown.owner_name, shown.persons) == (swap.id, "Bunnik", "Zeist", 3)
    assert exchange.accept_button.isEnabled()  # one click from the akkoord

    # Zeist agrees (elsewhere); the tab reports the change and the badges count again.
    with db.unit_of_work() as session:
        accept_swap(session, zeist.actor, swap.id)
    exchange.sig_data_changed.emit()
    qtbot.waitUntil(lambda: window.nav.item(1).text() == "Uitwisselbord", timeout=10_000)
    assert window.nav.item(0).text() == "Vandaag"
    window.close()
    for context in (bunnik, zeist):
        context.tasks.wait_for_done(10_000)


def test_a_late_handover_opens_in_its_dossier(qtbot, fresh_database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from app.db.models import Handover
    from app.domain.handover import HandoverKind, HandoverStatus
    from tests.db.case_fixtures import family

    db = fresh_database
    consulent = make_context(db, "cons-zeist", Role.CONSULENT, ZEIST)
    with db.unit_of_work() as session:
        dossier = family(session, consulent.actor, ZEIST, housed_on=date.today() - timedelta(weeks=20),
                         head="Amal Haddad")  # fmt: skip
        late = Handover(
            dossier_id=dossier.id,
            kind=HandoverKind.GCA_HUISARTS,
            status=HandoverStatus.TE_DOEN,
            due_on=date.today() - timedelta(days=4),
            created_by="test",
            receiver_org="De Linde",
        )
        session.add(late)
        session.flush()
        late_id = late.id
    window = _window(qtbot, consulent, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    page = window.page("today")
    qtbot.waitUntil(lambda: "overdracht-te-laat" in page.groups, timeout=10_000)
    group = page.groups["overdracht-te-laat"]
    assert group.texts == ["GCA → huisarts — Amal Haddad — 4 dagen te laat"]
    assert window.nav.item(0).text().startswith("Vandaag (") and "Uitwisselbord" not in page.summary.text()

    qtbot.mouseClick(group.buttons[0], Qt.MouseButton.LeftButton)
    cases = window.page("cases")
    assert window.current_module_key() == "cases"
    view = cases.views[dossier.id]
    qtbot.waitUntil(lambda: view.detail is not None and view.handovers.current() is not None, timeout=10_000)
    assert view.tabs.currentWidget() is view.handovers
    assert view.handovers.current().id == late_id
    assert view.title.text() == "Amal Haddad"
    view.close()
    window.close()
    consulent.tasks.wait_for_done(10_000)
