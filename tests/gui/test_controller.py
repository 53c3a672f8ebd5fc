"""Start-up and live switching of the database: first-run demo offer, sign-in, settings on failure.
(The first start without demo, PostgreSQL sign-in, demo mode and the idle lock have their own files.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.config import Settings
from app.domain.roles import Role
from app.ui.admin import MODULE as ADMIN
from app.ui.controller import AppController
from app.ui.first_start import FirstStartDialog


@pytest.fixture
def make_controller(qtbot, window_settings: QSettings) -> Iterator:
    made: list[AppController] = []

    def make(settings: Settings, *, demo: bool, first_user: tuple[str, Role] | None = None) -> AppController:
        controller = AppController(settings=settings, modules=[ADMIN], window_settings=window_settings)
        controller.demo_scale = 0.05
        controller.ask_demo = lambda: demo  # type: ignore[method-assign]
        _answer_first_start(controller, *(first_user or ("GM0344", Role.BEHEERDER)))
        controller.tasks.show_error = lambda _p, title, message: controller.__dict__.setdefault(
            "errors", []).append((title, message))
        controller.sig_ready.connect(lambda: qtbot.addWidget(controller.window))
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.shutdown()
    qtbot.wait(10)


def _answer_first_start(controller: AppController, gemeente: str, role: Role) -> None:
    """Answer the first-start dialog of a new database without demo as soon as it can be filled."""

    def answer(dialog: object) -> None:
        if isinstance(dialog, FirstStartDialog):
            dialog.sig_loaded.connect(
                lambda: (dialog.select(gemeente_code=gemeente, role=role), dialog.submit())
            )

    controller.sig_dialog_shown.connect(answer)


def test_first_start_offers_demo_and_signs_in_as_regio_coordinator(
    qtbot, make_controller, tmp_path: Path
) -> None:
    controller = make_controller(Settings(sqlite_path=str(tmp_path / "nieuw.db")), demo=True)
    with qtbot.waitSignal(controller.sig_ready, timeout=60_000):
        controller.start()
    window = controller.window
    assert window is not None and window.isVisible()
    assert controller.actor.login == "tester"
    assert "Regio-coördinator, Utrecht" in window.user_label.text()
    assert window.database_label.text() == f"SQLite: {tmp_path / 'nieuw.db'}"
    assert window.current_module_key() == "admin"
    qtbot.waitUntil(lambda: window.page("admin") is not None, timeout=5000)  # built after first paint
    page = window.page("admin")
    qtbot.waitUntil(lambda: page.users_tab.model.rowCount() > 10, timeout=10_000)  # the demo's users


def test_unusable_database_opens_the_settings(qtbot, make_controller, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "een-map"
    folder.mkdir()
    controller = make_controller(Settings(sqlite_path=str(folder)), demo=False)
    problems: list[str] = []
    gave_up: list[bool] = []

    def fix(problem: str) -> bool:
        problems.append(problem)
        if len(problems) == 1:
            controller.settings = Settings(sqlite_path=str(tmp_path / "goed.db"))
            return True
        return False

    monkeypatch.setattr(controller, "_fix_settings", fix)
    monkeypatch.setattr(controller, "_give_up", lambda: gave_up.append(True))
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    assert len(problems) == 1 and problems[0]
    assert not gave_up
    assert controller.database.description == f"SQLite: {tmp_path / 'goed.db'}"


def test_switch_to_another_database_live(qtbot, make_controller, tmp_path: Path) -> None:
    controller = make_controller(Settings(sqlite_path=str(tmp_path / "eerste.db")), demo=False)
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    first = controller.database
    with qtbot.waitSignal(controller.sig_switched, timeout=10_000) as blocker:
        controller.switch_to(Settings(sqlite_path=str(tmp_path / "tweede.db")))
    assert blocker.args == [f"SQLite: {tmp_path / 'tweede.db'}"]
    assert controller.database is not first
    assert controller.window.database_label.text() == f"SQLite: {tmp_path / 'tweede.db'}"


def test_failed_switch_keeps_the_old_database(qtbot, make_controller, tmp_path: Path) -> None:
    controller = make_controller(Settings(sqlite_path=str(tmp_path / "eerste.db")), demo=False)
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        controller.start()
    first = controller.database
    broken = tmp_path / "map"
    broken.mkdir()
    controller.switch_to(Settings(sqlite_path=str(broken)))
    qtbot.waitUntil(lambda: bool(controller.__dict__.get("errors")), timeout=10_000)
    _title, message = controller.errors[0]
    assert "De nieuwe verbinding werkt niet" in message
    assert controller.database is first
