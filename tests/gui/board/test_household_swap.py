"""One household from a post to its move-in, as two contactpersonen of two municipalities would do it
in the real widgets: Zeist offers a dwelling on the board, Bunnik answers with one of its own
waiting households, Zeist agrees and then records the offer and the move-in as the host. Checked in
the database afterwards (swap, koppeling, dossier, ledger), on both databases.

Set DL_SCREENSHOTS=1 to save each step at 1280×720 as /tmp/swapgui_*.png."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from sqlalchemy import select

from app.db.models import (
    Dossier,
    Dwelling,
    DwellingStatus,
    Koppeling,
    KoppelingStatus,
    PostKind,
    SwapRow,
    SwapStatus,
)
from app.db.session import Database
from app.domain.roles import Role
from app.ui.confirm import yes_button
from tests.db import board_fixtures as bf
from tests.gui.board.test_overview import BUNNIK, ZEIST, make_context


def _shot(widget: QWidget, name: str, size: tuple[int, int] | None = (1280, 720)) -> None:
    """Save what the user sees (only when asked: the PNGs are for looking at, not for asserting)."""
    if not os.environ.get("DL_SCREENSHOTS"):
        return
    if size is not None:
        widget.resize(*size)
    widget.grab().save(f"/tmp/swapgui_{name}.png")


def _load(qtbot: Any, tab: Any) -> None:
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()


def _ok(qtbot: Any, dialog: Any) -> None:
    button = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _wait(qtbot: Any, task: Any) -> None:
    if task is not None and task.is_running:
        with qtbot.waitSignal(task.sig_finished, timeout=10_000):
            pass


def _setup(db: Database) -> tuple[int, int]:
    """Bunnik has a waiting household of 5 (entered by hand, so with its dossier); Zeist a dwelling."""
    from app.services.board import koppelingen as kp
    from app.services.users import sign_in

    today = date.today()
    with db.unit_of_work() as session:
        bf.setup_periods(session)
        actor = sign_in(session, "cp-bunnik")
        data = kp.KoppelingInput(
            v_nummer="8123456789", gemeente_code=BUNNIK, linked_on=today - timedelta(days=40),
            adults=2, children=3, languages="Tigrinya",
        )  # fmt: skip
        household = kp.create_koppeling(session, actor, data).id
        home = bf.dwelling(session, ZEIST, 3, 6, today - timedelta(days=5), address="Laan 12, Zeist")
        return household, home.id


def test_household_swap_from_post_to_move_in_by_the_host(qtbot, fresh_database: Database) -> None:  # type: ignore[no-untyped-def]
    from app.ui.board.exchange_tab import ExchangeTab
    from app.ui.board.koppelingen_tab import KoppelingenTab

    db = fresh_database
    bunnik_ctx = make_context(db, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    zeist_ctx = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    household, home = _setup(db)
    bunnik, zeist = ExchangeTab(bunnik_ctx, None), ExchangeTab(zeist_ctx, None)
    for tab in (bunnik, zeist):
        qtbot.addWidget(tab)
        tab.resize(1280, 720)

    # 1. Zeist offers a dwelling on the board.
    _load(qtbot, zeist)
    qtbot.mouseClick(zeist.new_post_button, Qt.MouseButton.LeftButton)
    post_dialog = zeist.dialog
    post_dialog.form.kind.setCurrentIndex(post_dialog.form.kind.findData(PostKind.WONING_BESCHIKBAAR))
    post_dialog.form.persons.setValue(5)
    qtbot.keyClicks(post_dialog.form.text, "Eengezinswoning met 3 slaapkamers vrij")
    with qtbot.waitSignal(zeist.sig_loaded, timeout=10_000):
        _ok(qtbot, post_dialog)

    # 2. Bunnik answers with its own waiting household, picked in the dialog (nothing pre-chosen).
    _load(qtbot, bunnik)
    bunnik.post_table.selectRow(0)
    qtbot.mouseClick(bunnik.answer_button, Qt.MouseButton.LeftButton)
    answer = bunnik.dialog
    combo = answer.form.household
    qtbot.waitUntil(lambda: combo.findData(household) >= 0, timeout=10_000)
    assert "8123456789 · 5 pers." in combo.itemText(combo.findData(household))
    assert combo.currentData() is None  # the user chooses: a household or "persons only"
    _ok(qtbot, answer)
    assert answer.form.household_field.error.isVisibleTo(answer) and answer.isVisible()
    combo.setCurrentIndex(combo.findData(household))
    assert not answer.form.household_field.error.isVisibleTo(answer)  # the choice clears the message
    qtbot.keyClicks(answer.form.note, "Voor ons gezin van 5")
    _shot(answer, "1_answer_dialog", None)
    with qtbot.waitSignal(bunnik.sig_loaded, timeout=10_000):
        _ok(qtbot, answer)
    assert answer.result_value is not None, answer.form.message.text()
    assert answer.result_value.koppeling_id == household and answer.result_value.persons == 5

    # The post stays on the board as "in behandeling"; nobody else can answer it now.
    _load(qtbot, zeist)
    (post,) = zeist.post_model.rows()
    assert post.in_progress
    status_column = next(i for i, c in enumerate(zeist.post_model.columns) if c.title == "Status")
    assert zeist.post_model.index(0, status_column).data().startswith("In behandeling")
    _shot(zeist, "2_exchange_in_behandeling")

    # 3. Zeist agrees (confirming when asked).
    zeist.swap_table.selectRow(0)
    swap = zeist.swap_table.current_row()
    assert (swap.host_code, swap.owner_code, swap.koppeling_id) == (ZEIST, BUNNIK, household)
    assert zeist.accept_button.isEnabled()
    qtbot.mouseClick(zeist.accept_button, Qt.MouseButton.LeftButton)  # asks first
    qtbot.waitUntil(lambda: zeist.dialog is not None and zeist.dialog.isVisible(), timeout=10_000)
    assert "Bunnik" in zeist.dialog.text()  # names the other municipality it binds
    assert "Bunnik: kans" in zeist.dialog.informativeText()  # and what it does to both forecasts
    _shot(zeist.dialog, "2b_what_if", None)
    with qtbot.waitSignal(zeist.sig_loaded, timeout=10_000):
        qtbot.mouseClick(yes_button(zeist.dialog), Qt.MouseButton.LeftButton)
    assert zeist_ctx.tasks.errors == []  # type: ignore[attr-defined]
    assert zeist.swap_model.rows()[0].status is SwapStatus.AKKOORD
    assert zeist.post_model.rowCount() == 0  # the post is done
    _shot(zeist, "3_swaps_after_akkoord")

    # 4. Zeist, now the host, records the offer of its dwelling and the move-in.
    koppelingen = KoppelingenTab(zeist_ctx)
    qtbot.addWidget(koppelingen)
    koppelingen.resize(1280, 720)
    koppelingen.refresh()
    _wait(qtbot, koppelingen.last_task)
    assert koppelingen.table.select_row(lambda r: r.id == household)
    koppelingen.update_actions()
    offer_action = koppelingen.status_actions[KoppelingStatus.WONING_AANGEBODEN]
    assert offer_action.isEnabled()
    offer_action.trigger()
    offer = koppelingen.dialog
    _wait(qtbot, offer.load_task)
    assert offer.dwelling.isEnabled()
    offer.dwelling.setCurrentIndex(offer.dwelling.findData(home))
    intro = offer.intro.text()  # names the host: it houses the household, in its own dwelling
    assert "huisvest Zeist" in intro and "woning in Zeist" in intro
    offer.on.setDate(date.today() - timedelta(days=2))
    _shot(offer, "4_offer_dialog", None)
    offer.accept()
    qtbot.waitUntil(lambda: offer.result() == 1, timeout=10_000)

    assert koppelingen.current().status is KoppelingStatus.WONING_AANGEBODEN
    koppelingen.update_actions()
    koppelingen.status_actions[KoppelingStatus.GEHUISVEST].trigger()
    moved = koppelingen.dialog
    moved.on.setDate(date.today())
    _shot(moved, "5_moved_in_dialog", None)
    moved.accept()
    qtbot.waitUntil(lambda: moved.result() == 1, timeout=10_000)
    _shot(koppelingen, "6_koppelingen_after_move_in")

    # 5. In the database: agreed, housed by Zeist, the dossier is Zeist's, the ledger says so.
    from app.services.board.swaps import ledger
    from app.services.users import sign_in

    with db.unit_of_work() as session:
        (row,) = session.scalars(select(SwapRow))
        assert row.status is SwapStatus.AKKOORD and row.koppeling_id == household
        koppeling = session.get(Koppeling, household)
        assert koppeling is not None and koppeling.status is KoppelingStatus.GEHUISVEST
        assert koppeling.housed_gemeente.cbs_code == ZEIST and koppeling.housed_on == date.today()
        (dossier,) = session.scalars(select(Dossier).where(Dossier.koppeling_id == household))
        assert dossier.gemeente.cbs_code == ZEIST
        assert session.get(Dwelling, home).status is DwellingStatus.TOEGEWEZEN  # type: ignore[union-attr]
        book = ledger(session, sign_in(session, "cp-zeist"))
        assert [(e.debtor_code, e.creditor_code, e.persons) for e in book] == [(BUNNIK, ZEIST, 5)]
    assert bunnik_ctx.tasks.errors == [] and zeist_ctx.tasks.errors == []  # type: ignore[attr-defined]
    for ctx in (bunnik_ctx, zeist_ctx):
        ctx.tasks.wait_for_done()
