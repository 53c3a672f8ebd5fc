"""The offer dialog lists our free dwellings with their size and capacity; once the user says for how
many persons the offer is, those that fit (the matching's own rule) come first, marked "past", and
after a separator the others, "te klein" or "past niet". Real dialog, both databases.
Set DL_SCREENSHOTS=1 to save the dialog at 1280×720 in /work/shots/empty/."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import Any

from app.db.models import PostKind
from app.db.session import Database
from app.domain.roles import Role
from app.ui.board.dwelling_choice import dwelling_ids
from tests.db import board_fixtures as bf
from tests.gui.board.test_overview import ZEIST, make_context


def _texts(combo: Any) -> dict[int, str]:
    return {combo.itemData(i): combo.itemText(i) for i in range(combo.count()) if combo.itemData(i)}


def test_fitting_dwellings_come_first_with_their_capacity(qtbot: Any, fresh_database: Database) -> None:
    from app.ui.board.exchange_dialogs import PostDialog

    day = date.today() + timedelta(days=10)
    with fresh_database.unit_of_work() as session:
        small = bf.dwelling(session, ZEIST, 1, 2, day, address="Dorpsstraat 1").id
        middle = bf.dwelling(session, ZEIST, 2, 4, day + timedelta(days=1), address="Dorpsstraat 2").id
        large = bf.dwelling(session, ZEIST, 3, 6, day + timedelta(days=2), address="Dorpsstraat 3").id
        studio = bf.dwelling(session, ZEIST, 0, 1, day + timedelta(days=3), address="Dorpsstraat 4").id
    dialog = PostDialog(make_context(fresh_database, "cp-zeist", Role.CONTACTPERSOON, ZEIST))
    qtbot.addWidget(dialog)
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(PostKind.WONING_BESCHIKBAAR))
    qtbot.waitUntil(lambda: len(dwelling_ids(form.dwelling)) == 4, timeout=10_000)

    # No size given yet: in the order they come free, each with its size and capacity.
    assert dwelling_ids(form.dwelling) == [small, middle, large, studio]
    texts = _texts(form.dwelling)
    free = f"{day + timedelta(days=2):%d-%m-%Y}"
    assert texts[large] == f"Zeist · Dorpsstraat 3 · 3 slpk. · max. 6 bewoners · vrij per {free}"
    assert "studio · max. 1 bewoner ·" in texts[studio]  # singular, and no "0 slpk."

    # An offer for 5 persons: only the large one fits; the others are too small, after a separator.
    form.persons.setValue(5)
    assert dwelling_ids(form.dwelling) == [large, small, middle, studio]
    texts = _texts(form.dwelling)
    assert texts[large].endswith("· past") and texts[small].endswith("· te klein")
    assert texts[middle].endswith("· te klein") and texts[studio].endswith("· te klein")
    separator = form.dwelling.findData(small) - 1
    assert form.dwelling.itemData(separator) is None and form.dwelling.itemText(separator) == ""

    # For 4: two fit, in the order they come free; the studio is too small.
    form.persons.setValue(4)
    assert dwelling_ids(form.dwelling) == [middle, large, small, studio]
    # For 1: the one-bedroom and the studio fit; the bigger ones keep their bedrooms for families.
    form.persons.setValue(1)
    assert dwelling_ids(form.dwelling) == [small, studio, middle, large]
    assert _texts(form.dwelling)[large].endswith("· past niet")

    # Choosing a dwelling keeps it chosen and suggests its size; the list does not reshuffle under it.
    form.dwelling.setCurrentIndex(form.dwelling.findData(large))
    assert form.persons.value() == 6 and form.dwelling.currentData() == large
    assert dwelling_ids(form.dwelling) == [small, studio, middle, large]
    if os.environ.get("DL_SCREENSHOTS"):
        form.persons.setValue(4)
        dialog.resize(1280, 720)
        dialog.show()
        dialog.grab().save("/work/shots/empty/offer_dialog_1280x720.png")
        form.dwelling.showPopup()
        qtbot.wait(50)
        form.dwelling.view().window().grab().save("/work/shots/empty/offer_dwellings_popup.png")
        form.dwelling.hidePopup()
