"""Demo mode: the window says it is a demo and whom you are playing; Demo → Andere gebruiker
spelen… switches to another demo user; --as / DOORLOPENDE_LIJN_USER choose the first one, and a
login the demo does not have is refused with a message (you go on as yourself)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from app.config import Settings
from app.domain.roles import Role
from app.ui.admin import MODULE as ADMIN
from app.ui.cases import MODULE as CASES
from app.ui.controller import AppController
from app.ui.demo_users import DemoUsersDialog


@pytest.fixture
def make_demo(qtbot, window_settings: QSettings, tmp_path: Path) -> Iterator:
    made: list[AppController] = []

    def make() -> AppController:
        controller = AppController(
            settings=Settings(sqlite_path=str(tmp_path / "demo.db")), modules=[CASES, ADMIN],
            window_settings=window_settings,
        )  # fmt: skip
        controller.demo_scale = 0.05
        controller.ask_demo = lambda: True  # type: ignore[method-assign]
        controller.idle_timeout_ms = 3_600_000
        controller.sig_ready.connect(lambda: qtbot.addWidget(controller.window))
        made.append(controller)
        with qtbot.waitSignal(controller.sig_ready, timeout=60_000):
            controller.start()
        return controller

    yield make
    for controller in made:
        controller.shutdown()
    qtbot.wait(10)


def test_demo_says_so_and_switches_user(qtbot, make_demo) -> None:
    controller = make_demo()
    window = controller.window
    assert controller.demo
    assert window.demo_bar.isVisible()
    assert "u speelt tester (Regio-coördinator, Utrecht)" in window.demo_label.text()
    assert "Demo — u speelt tester (Regio-coördinator, Utrecht)" in window.windowTitle()
    assert window.menu_demo.menuAction().isVisible()

    dialog = controller.open_demo_users()
    assert isinstance(dialog, DemoUsersDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 30, timeout=10_000)
    logins = {u.login: u for u in dialog.model.all_rows()}
    assert {"beheer", "regio", "lezer", "cp-zeist", "cons-utrecht", "tester"} <= set(logins)
    assert (logins["cp-zeist"].role, logins["cp-zeist"].gemeente_name) == (Role.CONTACTPERSOON, "Zeist")
    assert dialog.table.current_row().login == "tester"  # whom you play now is selected
    dialog.search.setText("cp-zeist")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(controller.sig_switched, timeout=10_000):
        dialog.choose_selected()

    actor = controller.actor
    assert (actor.login, actor.role, actor.gemeente_name, actor.played_by) == (
        "cp-zeist", Role.CONTACTPERSOON, "Zeist", "tester",
    )  # fmt: skip
    assert "u speelt cp-zeist (Contactpersoon, Zeist) — gespeeld door tester" in window.demo_label.text()
    assert "Demo — u speelt cp-zeist (Contactpersoon, Zeist)" in window.windowTitle()
    assert "(cp-zeist) — Contactpersoon, Zeist" in window.user_label.text()
    assert controller.session_lock.context.actor.login == "cp-zeist"  # the lock knows who to ask for


def test_as_chooses_the_first_demo_user(qtbot, make_demo, monkeypatch) -> None:
    monkeypatch.setenv("DOORLOPENDE_LIJN_USER", "cons-utrecht")
    controller = make_demo()
    assert controller.actor.login == "cons-utrecht" and controller.actor.played_by == "tester"
    assert "u speelt cons-utrecht (Consulent, Utrecht)" in controller.window.demo_label.text()


def test_an_unknown_demo_login_is_refused_with_a_message(qtbot, make_demo, monkeypatch) -> None:
    monkeypatch.setenv("DOORLOPENDE_LIJN_USER", "bestaat-niet")
    controller = make_demo()
    assert controller.actor.login == "tester"  # yourself
    qtbot.waitUntil(lambda: controller.window.findChild(QMessageBox, "claim_refused") is not None)
    box = controller.window.findChild(QMessageBox, "claim_refused")
    assert "'bestaat-niet' is niet bekend" in box.text() and "U werkt nu als uzelf" in box.text()
    box.accept()


def test_no_demo_menu_outside_a_demo(qtbot, window_settings: QSettings, tmp_path: Path, monkeypatch) -> None:
    from tests.gui.test_controller import _answer_first_start

    monkeypatch.setenv("DOORLOPENDE_LIJN_USER", "cp-zeist")  # a claim on a real database
    settings = Settings(sqlite_path=str(tmp_path / "echt.db"))
    controller = AppController(settings=settings, modules=[ADMIN], window_settings=window_settings)
    controller.ask_demo = lambda: False  # type: ignore[method-assign]
    _answer_first_start(controller, "GM0355", Role.CONTACTPERSOON)
    controller.sig_ready.connect(lambda: qtbot.addWidget(controller.window))
    try:
        with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
            controller.start()
        window = controller.window
        assert not controller.demo and not window.demo_bar.isVisible()
        assert not window.menu_demo.menuAction().isVisible()
        assert controller.open_demo_users() is None
        assert "Demo" not in window.windowTitle()
    finally:
        controller.shutdown()
        qtbot.wait(10)
