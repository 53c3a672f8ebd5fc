"""Counts on the module pages' tabs: the board's exchange tab says "(1)" while a swap waits for our
akkoord, and the plain title again once it is handled; the Dossiers page's work lists show the late
handovers. The pages use the shell's counts: no query of their own."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QSettings

from app.db.session import Database
from app.domain.roles import Role
from app.services.board.swaps import accept_swap, propose_swap
from tests.db.board_fixtures import P1, setup_periods
from tests.gui.board.test_overview import BUNNIK, ZEIST, make_context
from tests.gui.test_today_page import _window

EXCHANGE = "Aanbod, vraag en uitruil"


def _tab_texts(page: Any) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


def test_the_exchange_tab_counts_the_swap_waiting_for_our_akkoord(
    qtbot, fresh_database: Database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    db = fresh_database
    bunnik = make_context(db, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    zeist = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    with db.unit_of_work() as session:
        setup_periods(session)
        swap = propose_swap(session, bunnik.actor, host_code=BUNNIK, owner_code=ZEIST, persons=3, period=P1)
    window = _window(qtbot, zeist, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.waitUntil(lambda: window.nav.item(1).text() == "Uitwisselbord (1)", timeout=10_000)

    board = window.show_module("board")  # built after the counts came: gets them at once
    exchange = board.tabs.indexOf(board.view("ExchangeTab"))
    assert board.tabs.tabText(exchange) == f"{EXCHANGE} (1)"
    assert _tab_texts(board) == ["Overzicht", "Koppelingen", "Woningen", f"{EXCHANGE} (1)", "Matching"]
    window.grab().save(str(tmp_path / "board_tabs.png"))  # 1280×720: to look at the tab bar

    with db.unit_of_work() as session:  # Zeist agrees (elsewhere): nothing waits any more
        accept_swap(session, zeist.actor, swap.id)
    window.notify_data_changed()
    qtbot.waitUntil(lambda: board.tabs.tabText(exchange) == EXCHANGE, timeout=10_000)
    assert window.nav.item(1).text() == "Uitwisselbord"
    assert _tab_texts(board) == ["Overzicht", "Koppelingen", "Woningen", EXCHANGE, "Matching"]
    window.close()
    for context in (bunnik, zeist):
        context.tasks.wait_for_done(10_000)


def test_the_work_lists_tab_counts_a_late_handover(qtbot, fresh_database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.db.models import Handover
    from app.domain.handover import HandoverKind, HandoverStatus
    from app.services.today import today_counts
    from tests.db.case_fixtures import family

    db = fresh_database
    consulent = make_context(db, "cons-zeist", Role.CONSULENT, ZEIST)
    with db.unit_of_work() as session:
        dossier = family(session, consulent.actor, ZEIST, housed_on=date.today() - timedelta(weeks=20))
        session.add(Handover(dossier_id=dossier.id, kind=HandoverKind.GCA_HUISARTS,
                             status=HandoverStatus.TE_DOEN, due_on=date.today() - timedelta(days=4),
                             created_by="test", receiver_org="De Linde"))  # fmt: skip
    with db.unit_of_work() as session:
        counts = today_counts(session, consulent.actor)
    assert counts["overdracht-te-laat"] == 1
    waiting = counts["overdracht-te-laat"] + counts["wacht-op-ontvangst"] + counts["toestemming"]
    window = _window(qtbot, consulent, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    cases = window.show_module("cases")
    qtbot.waitUntil(lambda: cases.tabs.tabText(1) == f"&Werklijsten ({waiting})", timeout=10_000)
    assert cases.tabs.tabText(0) == "&Dossiers"  # nothing came in through a swap
    window.close()
    consulent.tasks.wait_for_done(10_000)
