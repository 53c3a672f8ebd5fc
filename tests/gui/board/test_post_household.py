"""A post on the board names what it is about: Bunnik's request names one of its waiting households
(chosen on purpose — no silent default), Zeist's offer one of its free dwellings. Answering the
request proposes a swap of that household; once agreed, both municipalities' koppelingen lists and
the koppeling dialog say who houses it and whose deadline runs. Real widgets, both databases.

Set DL_SCREENSHOTS=1 to save the dialog and the lists at 1280×720 as /tmp/posthh_*.png."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from sqlalchemy import select

from app.db.models import BoardPost, PostKind, SwapRow
from app.db.session import Database
from app.domain.roles import Role
from tests.db import board_fixtures as bf
from tests.gui.board.test_overview import BUNNIK, ZEIST, make_context


def _shot(widget: QWidget, name: str, size: tuple[int, int] | None = (1280, 720)) -> None:
    if not os.environ.get("DL_SCREENSHOTS"):
        return
    if size is not None:
        widget.resize(*size)
    widget.grab().save(f"/tmp/posthh_{name}.png")


def _ok(qtbot: Any, dialog: Any) -> None:
    button = dialog.form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _load(qtbot: Any, tab: Any) -> None:
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()


def _setup(db: Database) -> tuple[int, int]:
    """Bunnik: a waiting household of 5. Zeist: a free dwelling for 6."""
    from app.services.board import koppelingen as kp
    from app.services.users import sign_in

    today = date.today()
    with db.unit_of_work() as session:
        bf.setup_periods(session)
        data = kp.KoppelingInput(
            v_nummer="8123456789", gemeente_code=BUNNIK, linked_on=today - timedelta(days=40),
            adults=2, children=3, languages="Tigrinya",
        )  # fmt: skip
        household = kp.create_koppeling(session, sign_in(session, "cp-bunnik"), data).id
        home = bf.dwelling(session, ZEIST, 3, 6, today - timedelta(days=5), address="Laan 12, Zeist")
        return household, home.id


def test_post_names_its_household_and_the_swapped_household_shows_its_host(  # type: ignore[no-untyped-def]
    qtbot, fresh_database: Database
) -> None:
    from app.services.board.swaps import accept_swap
    from app.services.users import sign_in
    from app.ui.board.exchange_tab import ExchangeTab
    from app.ui.board.koppeling_model import koppeling_columns
    from app.ui.board.koppelingen_tab import KoppelingenTab

    db = fresh_database
    bunnik_ctx = make_context(db, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    zeist_ctx = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    household, home = _setup(db)
    bunnik, zeist = ExchangeTab(bunnik_ctx, None), ExchangeTab(zeist_ctx, None)
    for tab in (bunnik, zeist):
        qtbot.addWidget(tab)
        tab.resize(1280, 720)

    # 1. Bunnik posts "Huishouden zoekt woning": nothing is chosen for it; OK without a choice is
    #    refused in Dutch and saves nothing.
    _load(qtbot, bunnik)
    qtbot.mouseClick(bunnik.new_post_button, Qt.MouseButton.LeftButton)
    dialog = bunnik.dialog
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(PostKind.HUISHOUDEN_ZOEKT))
    qtbot.waitUntil(lambda: form.household.findData(household) >= 0, timeout=10_000)
    assert form.household.currentData() is None and form.household_field.isVisibleTo(dialog)
    assert not form.dwelling_field.isVisibleTo(dialog)  # a request names no dwelling
    qtbot.keyClicks(form.text, "Gezin van 5, geen passende woning in Bunnik")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and form.household_field.error.isVisibleTo(dialog)
    assert "Kies een huishouden" in form.household_field.error.text()
    _shot(dialog, "1_post_refused", None)
    with db.unit_of_work() as session:
        assert session.scalar(select(BoardPost)) is None

    # Picking the household fills in its persons (and fixes them: the post is about all of them).
    form.household.setCurrentIndex(form.household.findData(household))
    assert form.persons.value() == 5 and not form.persons.isEnabled()
    assert not form.household_field.error.isVisibleTo(dialog)
    _shot(dialog, "2_post_household", None)
    with qtbot.waitSignal(bunnik.sig_loaded, timeout=10_000):
        _ok(qtbot, dialog)
    assert dialog.result_value is not None, form.message.text()
    with db.unit_of_work() as session:
        post = session.scalar(select(BoardPost))
        assert post is not None
        assert (post.kind, post.koppeling_id, post.persons) == (PostKind.HUISHOUDEN_ZOEKT, household, 5)

    # 2. Zeist offers a dwelling and names it; "no particular dwelling" is a fine choice too.
    _load(qtbot, zeist)
    qtbot.mouseClick(zeist.new_post_button, Qt.MouseButton.LeftButton)
    offer = zeist.dialog
    offer.form.kind.setCurrentIndex(offer.form.kind.findData(PostKind.WONING_BESCHIKBAAR))
    assert not offer.form.household_field.isVisibleTo(offer) and offer.form.dwelling_field.isVisibleTo(offer)
    qtbot.waitUntil(lambda: offer.form.dwelling.findData(home) >= 0, timeout=10_000)
    assert offer.form.dwelling.currentData() is None
    offer.form.dwelling.setCurrentIndex(offer.form.dwelling.findData(home))
    assert "Laan 12, Zeist" in offer.form.dwelling.currentText() and offer.form.persons.value() == 6
    qtbot.keyClicks(offer.form.text, "Eengezinswoning met 3 slaapkamers vrij")
    _shot(offer, "3_post_dwelling", None)
    with qtbot.waitSignal(zeist.sig_loaded, timeout=10_000):
        _ok(qtbot, offer)
    assert offer.result_value is not None and offer.result_value.dwelling_id == home

    # 3. Zeist answers Bunnik's request: the dialog has already chosen the household the post names.
    row = zeist.post_model.row_of(lambda p: p.gemeente_code == BUNNIK)
    zeist.post_table.selectRow(row)
    qtbot.mouseClick(zeist.answer_button, Qt.MouseButton.LeftButton)
    answer = zeist.dialog
    qtbot.waitUntil(lambda: answer.form.household.currentData() == household, timeout=10_000)
    with qtbot.waitSignal(zeist.sig_loaded, timeout=10_000):
        _ok(qtbot, answer)
    assert answer.result_value is not None and answer.result_value.koppeling_id == household

    # Bunnik agrees (the agreement dialog itself is tested elsewhere).
    with db.unit_of_work() as session:
        (swap,) = session.scalars(select(SwapRow))
        accept_swap(session, sign_in(session, "cp-bunnik"), swap.id, expected_version=swap.version)

    # 4. Both lists say Zeist houses Bunnik's household, and the deadline is Zeist's.
    titles = [c.spec.title for c in koppeling_columns()]
    gemeente, termijn = titles.index("Gemeente"), titles.index("Termijn")
    for ctx, name in ((bunnik_ctx, "bunnik"), (zeist_ctx, "zeist")):
        koppelingen = KoppelingenTab(ctx)
        qtbot.addWidget(koppelingen)
        koppelingen.resize(1280, 720)
        koppelingen.refresh()
        task = koppelingen.last_task
        if task is not None and task.is_running:
            with qtbot.waitSignal(task.sig_finished, timeout=10_000):
                pass
        at = koppelingen.model.row_of(lambda r: r.id == household)
        assert at >= 0, name
        assert koppelingen.model.index(at, gemeente).data() == "Bunnik → Zeist (uitruil)"
        assert koppelingen.model.index(at, termijn).data().startswith("Zeist: nog ")
        _shot(koppelingen, f"4_koppelingen_{name}")
        assert koppelingen.table.select_row(lambda r: r.id == household)
        koppelingen.open_selected()
        shown = koppelingen.dialog
        assert shown.host_label.isVisibleTo(shown) and shown.host_label.text().startswith("Zeist (uitruil)")
        assert shown.form.deadline_label.text().startswith("Zeist: nog ")
        _shot(shown, f"5_koppeling_dialog_{name}", None)
        shown.reject()

    assert bunnik_ctx.tasks.errors == [] and zeist_ctx.tasks.errors == []  # type: ignore[attr-defined]
    for ctx in (bunnik_ctx, zeist_ctx):
        ctx.tasks.wait_for_done()

