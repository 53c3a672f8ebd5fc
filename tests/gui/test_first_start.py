"""SQLite, a new database, no demo: the first-start dialog asks the person's municipality and role,
and they can work at once as that user (not stuck as a beheerder who may not import)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel
from sqlalchemy import select

from app.config import Settings
from app.db.models import User
from app.domain.roles import Role
from app.ui.admin import MODULE as ADMIN
from app.ui.controller import AppController
from app.ui.first_start import FirstStartDialog


@pytest.fixture
def controller(qtbot, window_settings: QSettings, tmp_path: Path) -> Iterator[AppController]:
    settings = Settings(sqlite_path=str(tmp_path / "eigen.db"))
    made = AppController(settings=settings, modules=[ADMIN], window_settings=window_settings)
    made.ask_demo = lambda: False  # type: ignore[method-assign]
    made.sig_ready.connect(lambda: qtbot.addWidget(made.window))
    yield made
    made.shutdown()
    qtbot.wait(10)


def _first_start(qtbot, controller: AppController) -> FirstStartDialog:
    controller.start()
    qtbot.waitUntil(lambda: controller.first_start_dialog is not None, timeout=10_000)
    dialog = controller.first_start_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.form.gemeente.count() > 1, timeout=10_000)
    return dialog


def test_first_start_asks_municipality_and_role(qtbot, controller: AppController) -> None:
    dialog = _first_start(qtbot, controller)
    assert dialog.isVisible()
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "<b>tester</b>" in texts and "zonder apart wachtwoord" not in texts  # SQLite: no password
    assert "een apart wachtwoord is er niet" in texts
    combo: QComboBox = dialog.form.gemeente
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert len(names) == 16 and "Zeist" in names and names == sorted(names)
    # Start without a municipality: a message next to the field, nothing saved.
    qtbot.mouseClick(dialog.form.start_button, Qt.MouseButton.LeftButton)
    assert dialog.form.gemeente_field.error.text() == "Kies de gemeente waarvoor u werkt."
    dialog.form.name.clear()
    qtbot.keyClicks(dialog.form.name, "Fatima El Amrani")
    combo.setCurrentIndex(combo.findText("Zeist"))
    dialog.form.role.setCurrentIndex(dialog.form.role.findData(Role.CONTACTPERSOON.value))
    assert "importeren" in dialog.form.role_hint.text()
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        qtbot.mouseClick(dialog.form.start_button, Qt.MouseButton.LeftButton)

    assert controller.actor is not None
    assert (controller.actor.login, controller.actor.role, controller.actor.gemeente_name) == (
        "tester", Role.CONTACTPERSOON, "Zeist",
    )  # fmt: skip
    assert "Fatima El Amrani (tester) — Contactpersoon, Zeist" in controller.window.user_label.text()
    assert not controller.window.demo_bar.isVisible()
    with controller.database.unit_of_work() as session:
        users = session.scalars(select(User)).all()
        assert [(u.login, u.name, u.role, u.gemeente.name) for u in users] == [
            ("tester", "Fatima El Amrani", Role.CONTACTPERSOON, "Zeist")
        ]


def test_a_beheerder_needs_no_municipality(qtbot, controller: AppController) -> None:
    dialog = _first_start(qtbot, controller)
    dialog.select(role=Role.BEHEERDER)
    assert not dialog.form.gemeente.isEnabled()
    with qtbot.waitSignal(controller.sig_ready, timeout=10_000):
        dialog.submit()
    assert controller.actor.role is Role.BEHEERDER and controller.actor.gemeente_id is None


def test_leaving_the_first_start_quits(qtbot, controller: AppController, monkeypatch) -> None:
    gave_up: list[bool] = []
    monkeypatch.setattr(controller, "_give_up", lambda: gave_up.append(True))
    dialog = _first_start(qtbot, controller)
    qtbot.mouseClick(dialog.form.leave_button, Qt.MouseButton.LeftButton)
    assert gave_up == [True]
    assert controller.actor is None  # nobody signed in: the window never showed anyone's work
    assert controller.window is None or not controller.window.menuBar().isEnabled()
