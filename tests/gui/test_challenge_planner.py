"""The planner tab on a real database: plan a challenge, tick a checklist item, add a pledge, open a
flagged pledge to the region; each checked in the database afterwards. Screenshots at 1280x720 and
1920x1080 go to /tmp/shots-planner/ (PLANNER_SHOTS)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import Challenge, ChallengeCheck, Pledge
from app.domain.challenges import PlaceKind
from app.domain.roles import Role
from app.ui.challenges.planner_tab import PlannerTab
from tests.challenges.fixtures import employer
from tests.directory.fixtures import ZEIST, gemeente_id

SHOTS = Path(os.environ.get("PLANNER_SHOTS", "/tmp/shots-planner"))
TODAY = date(2026, 4, 2)


def _tab(qtbot: Any, make_user, make_context) -> PlannerTab:  # type: ignore[no-untyped-def]
    tab = PlannerTab(make_context(make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)), today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1280, 720)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.show()
    return tab


def test_plan_tick_and_pledge(qtbot, fresh_database, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    with fresh_database.unit_of_work() as s:
        employer(s, ZEIST)
    tab = _tab(qtbot, make_user, make_context)
    dialog = tab.new_challenge()
    dialog.title.setText("Challenge Techniek")
    dialog.from_time.setText("14:00")
    dialog.to_time.setText("13:00")  # before the start: the field says so
    dialog.save()
    qtbot.waitUntil(lambda: dialog.fields["to_time"].error.isVisible(), timeout=10_000)
    assert dialog.fields["to_time"].error.text() == "De eindtijd ligt voor (of op) de begintijd."
    dialog.to_time.setText("17:00")
    dialog.venue.setText("Gemeentehuis Zeist")
    dialog.kinds[PlaceKind.WERKSTAGE].setChecked(True)
    with qtbot.waitSignal(tab.sig_challenge_shown, timeout=10_000):
        task = dialog.save()
    assert task is not None
    with fresh_database.unit_of_work() as s:
        row = s.scalars(select(Challenge)).one()
        assert (row.title, row.held_on, row.from_time, row.to_time, row.target_kinds) == (
            "Challenge Techniek", TODAY, "14:00", "17:00", "werkstage",
        )  # fmt: skip
    # Tick the first checklist item.
    first = tab.checklist.item(0)
    with qtbot.waitSignal(tab.sig_challenge_shown, timeout=10_000):
        first.setCheckState(Qt.CheckState.Checked)
    assert tab.checklist.item(0).text() == "Locatie vastgelegd  — Cp-Zeist, 02-04-2026"
    with fresh_database.unit_of_work() as s:
        check = s.scalars(select(ChallengeCheck).where(ChallengeCheck.item_key == "locatie")).one()
        assert (check.done, check.done_on, check.done_by) == (True, TODAY, "Cp-Zeist")
    # Add a pledge.
    dialog = tab.new_pledge()
    dialog.places.setValue(4)
    dialog.kind.setCurrentIndex(dialog.kind.findData(PlaceKind.WERKSTAGE))
    dialog.hours.setValue(24)
    with qtbot.waitSignal(tab.sig_challenge_shown, timeout=10_000):
        dialog.save()
    assert tab.pledges.rowCount() == 1 and tab.pledges.item(0, 2).text() == "4"
    with fresh_database.unit_of_work() as s:
        pledge = s.scalars(select(Pledge)).one()
        assert (pledge.places, pledge.kind, pledge.hours, pledge.challenge_id) == (
            4,
            PlaceKind.WERKSTAGE,
            24,
            row.id,
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size in ((1280, 720), (1920, 1080)):
        tab.resize(*size)
        qtbot.wait(50)
        tab.grab().save(str(SHOTS / f"planner-{size[0]}x{size[1]}.png"))


def test_briefing_letters_and_mailing_from_the_planner(
    qtbot, fresh_database, make_user, make_context, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import openpyxl
    from pypdf import PdfReader

    from app.services.challenges import challenges as sc

    tab = _tab(qtbot, make_user, make_context)
    actor = tab.context.actor
    with fresh_database.unit_of_work() as s:
        bakery = employer(s, ZEIST)
        zeist = gemeente_id(s, ZEIST)
        made = sc.create_challenge(
            s, actor, sc.ChallengeInput(title="Challenge Zorg", held_on=TODAY, gemeente_id=zeist)
        )
        sc.invite_employer(s, actor, made.id, bakery.id, today=TODAY)
    with qtbot.waitSignal(tab.sig_challenge_shown, timeout=10_000):
        tab.load_challenge(made.id)
    assert tab.prints.button.isEnabled()
    for make, name in ((tab.prints.briefing, "briefing.pdf"), (tab.prints.letters, "brieven.pdf")):
        task = make(tmp_path / name)
        with qtbot.waitSignal(task.sig_finished, timeout=20_000):
            pass
        text = "".join(p.extract_text() for p in PdfReader(tmp_path / name).pages)
        assert "Challenge Zorg" in text and "Korenbloem" in text
    task = tab.prints.mailing(tmp_path / "mailing.xlsx")
    with qtbot.waitSignal(task.sig_finished, timeout=20_000):
        pass
    sheet = openpyxl.load_workbook(tmp_path / "mailing.xlsx", read_only=True).worksheets[0]
    assert any("Korenbloem" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def _item_of(tab: PlannerTab, challenge_id: int) -> Any:
    for i in range(tab.timeline.topLevelItemCount()):
        item = tab.timeline.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole) == challenge_id:
            return item
    raise AssertionError(f"challenge {challenge_id} is not in the timeline")


def test_a_late_challenge_of_an_earlier_pick_never_replaces_the_picked_one(
    qtbot, fresh_database, make_user, make_context, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The user clicks one challenge and then the next before the first is shown. The first arriving
    late must not take over the pane: ticks and steps there would go to the wrong challenge."""
    from app.services.challenges import challenges as service
    from tests.challenges.fixtures import challenge
    from tests.gui.late_results import HoldFirstCall

    organiser = make_user("cp-organiser", Role.CONTACTPERSOON, ZEIST)
    with fresh_database.unit_of_work() as s:
        first_id = challenge(s, organiser, ZEIST, title="Challenge Zorg").id
        second_id = challenge(s, organiser, ZEIST, title="Challenge Techniek").id
    tab = _tab(qtbot, make_user, make_context)
    hold = HoldFirstCall(monkeypatch, service, "get_challenge")
    tab.timeline.setCurrentItem(_item_of(tab, first_id))
    late = tab.last_task
    hold.wait_held(qtbot)
    with qtbot.waitSignal(tab.sig_challenge_shown, timeout=10_000):
        tab.timeline.setCurrentItem(_item_of(tab, second_id))
    assert tab.view is not None and tab.view.info.id == second_id

    hold.finish_late(qtbot, late)
    assert tab.view.info.id == second_id, "the earlier pick's late challenge took over the pane"
    assert tab.timeline.selectedItems()[0].data(0, Qt.ItemDataRole.UserRole) == second_id
