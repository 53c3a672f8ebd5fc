"""Help → Sneltoetsen covers the dialogs too (issue 17): every dialog is built (the fit test's
discovery and factory table) and the shortcuts it really has — actions, QShortcuts, buttons with a
key of their own — must be exactly the ones its class declares for the list; a dialog with shortcuts
that is not in ``DIALOGS_WITH_SHORTCUTS`` fails. The list the main window shows holds them."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from app.ui.help.shortcuts import DIALOGS_WITH_SHORTCUTS, _page_rows
from tests.gui.dialog_factory import FACTORIES, NOT_CONSTRUCTED, dialog_classes, screenshot_dir
from tests.gui.help.test_help import _close, _window

REGISTERED = {f"{module}.{cls}" for module, cls in DIALOGS_WITH_SHORTCUTS}


def _found(dialog: Any, title: str) -> set[tuple[str, str, str]]:
    rows = _page_rows(title, dialog)
    return {(r.portable, r.what, r.where.removeprefix(title).removeprefix(" → ")) for r in rows}


@pytest.mark.parametrize("name", sorted(set(dialog_classes()) - set(NOT_CONSTRUCTED)))
def test_the_dialogs_shortcuts_are_the_ones_it_declares(name: str, demo, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = FACTORIES[name](demo, qtbot)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    demo.runner.wait_for_done(5000)
    qtbot.wait(20)
    cls = type(dialog)
    title = getattr(cls, "SHORTCUTS_TITLE", "")
    found = _found(dialog, title)
    if name in REGISTERED:
        assert found == set(cls.SHORTCUTS)
    else:
        assert found == set(), f"{name} has shortcuts: declare them and add it to DIALOGS_WITH_SHORTCUTS"


def test_at_least_the_dossier_window_is_registered() -> None:
    assert "app.ui.cases.dossier_view.DossierView" in REGISTERED
    for module, cls in DIALOGS_WITH_SHORTCUTS:  # every entry names a real dialog class
        assert getattr(importlib.import_module(module), cls).SHORTCUTS


def test_sneltoetsen_lists_the_dialogs_shortcuts(qtbot, fresh_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, fresh_database, tmp_path)
    dialog = window.help.open_shortcuts()
    rows = {(r.where, r.portable, r.what) for r in dialog.rows}
    for module, name in DIALOGS_WITH_SHORTCUTS:
        cls = getattr(importlib.import_module(module), name)
        for key, what, tab in cls.SHORTCUTS:
            where = f"{cls.SHORTCUTS_TITLE} → {tab}" if tab else cls.SHORTCUTS_TITLE
            assert (where, key, what) in rows
    assert ("Dossiervenster → Overdrachten", "Ctrl+P", "Afdrukken…") in rows
    shown = {dialog.table.item(n, 2).text() for n in range(dialog.table.rowCount())}
    assert "Dossiervenster" in shown
    folder = screenshot_dir()
    if folder:
        dialog.grab().save(str(folder / "sneltoetsen.png"))
    dialog.close()
    _close(window)
