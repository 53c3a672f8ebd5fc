"""The main window: navigation with lazily created pages, status bar, connection light, window state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.roles import Role
from app.services.access import Actor
from app.ui.context import AppContext
from app.ui.modules import ModuleSpec, available_modules
from app.ui.shell import MainWindow
from app.ui.tasks import TaskRunner


def _label_page(text: str, created: list[str]) -> Callable[[AppContext], QWidget]:
    def factory(context: AppContext) -> QWidget:
        created.append(text)
        page = QLabel(f"{text} voor {context.actor.login}")
        return page

    return factory


def _modules(created: list[str]) -> list[ModuleSpec]:
    return [
        ModuleSpec("een", "Eerste", _label_page("een", created)),
        ModuleSpec("twee", "Tweede", _label_page("twee", created)),
        ModuleSpec("geheim", "Alleen beheer", _label_page("geheim", created),
                   visible=lambda actor: actor.role is Role.BEHEERDER),
    ]


def _window(qtbot, context: AppContext, modules: list[ModuleSpec], settings: QSettings) -> MainWindow:
    window = MainWindow(context, modules, window_settings=settings, ping_interval_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if window.nav.count():  # the first page is built right after the first paint
        qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading, timeout=5000)
    return window


def _click_nav(qtbot, window: MainWindow, row: int) -> None:
    rect = window.nav.visualItemRect(window.nav.item(row))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_window_opens_navigates_and_creates_pages_lazily(
    qtbot, make_user, make_context, window_settings: QSettings
) -> None:
    created: list[str] = []
    actor = make_user("cp", Role.CONTACTPERSOON)
    window = _window(qtbot, make_context(actor), _modules(created), window_settings)

    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["Eerste", "Tweede"]
    assert created == ["een"]  # only the page shown
    first = window.stack.currentWidget()
    assert first.text() == "een voor cp"

    _click_nav(qtbot, window, 1)
    assert window.current_module_key() == "twee"
    assert window.stack.currentWidget() is window.page("twee")
    assert window.stack.currentWidget().text() == "twee voor cp"
    assert created == ["een", "twee"]

    _click_nav(qtbot, window, 0)
    assert window.stack.currentWidget() is first
    assert created == ["een", "twee"]  # not created again
    assert window.windowTitle() == "Eerste — Doorlopende Lijn"


def test_view_menu_has_a_shortcut_per_module(qtbot, make_user, make_context, window_settings) -> None:
    actor = make_user("admin", Role.BEHEERDER)
    window = _window(qtbot, make_context(actor), _modules([]), window_settings)
    actions = window.menu_view.actions()
    assert [a.text() for a in actions] == ["Eerste", "Tweede", "Alleen beheer"]
    assert [a.shortcut().toString() for a in actions] == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]
    actions[2].trigger()
    assert window.current_module_key() == "geheim"
    assert window.action_settings.shortcut().toString() == "Ctrl+,"
    assert window.action_quit.shortcut().toString() == "Ctrl+Q"


def test_status_bar_shows_database_and_user(
    qtbot, make_user, make_context, window_settings, fresh_database
) -> None:
    actor = make_user("regio1", Role.REGIO_COORDINATOR, name="Anne de Vries")
    window = _window(qtbot, make_context(actor), _modules([]), window_settings)
    assert window.database_label.text() == fresh_database.description
    assert window.database_label.text().startswith(("SQLite: ", "PostgreSQL: "))
    assert window.user_label.text() == "Anne de Vries (regio1) — Regio-coördinator, Utrecht"
    assert window.connection_indicator.connected


def test_connection_indicator_turns_red_and_green(
    qtbot, make_user, make_context, window_settings, runner: TaskRunner
) -> None:
    window = _window(qtbot, make_context(make_user("cp", Role.CONTACTPERSOON)), _modules([]), window_settings)
    runner.report_connection(False, "De verbinding met de database is verbroken.")
    assert not window.connection_indicator.connected
    assert window.connection_indicator.text() == "● Geen verbinding met de database"
    runner.report_connection(True)
    assert window.connection_indicator.connected
    assert window.connection_indicator.text() == "● Verbonden"


def test_ping_runs_in_the_background_and_reports(
    qtbot, make_user, make_context, window_settings, runner: TaskRunner
) -> None:
    context = make_context(make_user("cp", Role.CONTACTPERSOON))
    window = _window(qtbot, context, _modules([]), window_settings)
    runner.report_connection(False)
    with qtbot.waitSignal(runner.sig_connection_restored, timeout=5000):
        window.ping()
    assert window.connection_indicator.connected


def test_ping_failure_turns_the_light_red(
    qtbot, make_user, make_context, window_settings, runner, monkeypatch
) -> None:
    context = make_context(make_user("cp", Role.CONTACTPERSOON))
    window = _window(qtbot, context, _modules([]), window_settings)
    monkeypatch.setattr(type(context.database), "ping", lambda self: False)
    with qtbot.waitSignal(runner.sig_connection_lost, timeout=5000):
        window.ping()
    assert not window.connection_indicator.connected


def test_window_state_and_last_page_are_remembered(qtbot, make_user, make_context, window_settings) -> None:
    context = make_context(make_user("admin", Role.BEHEERDER))
    window = _window(qtbot, context, _modules([]), window_settings)
    window.resize(700, 500)
    window.show_module("twee")
    window.close()
    assert window_settings.value("window/last_page") == "twee"

    again = _window(qtbot, context, _modules([]), window_settings)
    assert again.current_module_key() == "twee"
    assert again.size().width() == 700


def test_no_modules_for_the_role_shows_a_welcome(qtbot, make_user, make_context, window_settings) -> None:
    only_admin = [ModuleSpec("geheim", "Alleen beheer", _label_page("geheim", []),
                             visible=lambda actor: actor.role is Role.BEHEERDER)]
    window = _window(qtbot, make_context(make_user("lezer", Role.ALLEEN_LEZEN)), only_admin, window_settings)
    assert window.nav.count() == 0
    assert window.stack.currentWidget() is window.welcome
    assert "Welkom" in window.welcome.text()


def test_set_context_rebuilds_for_another_user(qtbot, make_user, make_context, window_settings) -> None:
    created: list[str] = []
    context = make_context(make_user("cp", Role.CONTACTPERSOON))
    window = _window(qtbot, context, _modules(created), window_settings)
    admin: Actor = make_user("admin", Role.BEHEERDER)
    window.set_context(make_context(admin))
    assert window.nav.count() == 3
    assert window.stack.currentWidget().text() == "een voor admin"


def test_available_modules_lists_the_admin_module() -> None:
    keys = [spec.key for spec in available_modules()]
    assert "admin" in keys
    assert available_modules(["app.ui.bestaat_niet"]) == []


def test_about_dialog_shows_version_and_database(
    qtbot, make_user, make_context, window_settings, fresh_database
) -> None:
    from app import __version__
    from app.ui.about import AboutDialog

    window = _window(qtbot, make_context(make_user("cp", Role.CONTACTPERSOON)), _modules([]), window_settings)
    window.action_about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    text = dialog.details.text()
    assert __version__ in text and fresh_database.description.split(":")[0] in text
    assert "Python" in text and "Qt" in text
    dialog.close()


def test_nav_click_position_helper_is_inside_the_list(
    qtbot, make_user, make_context, window_settings
) -> None:
    window = _window(qtbot, make_context(make_user("cp", Role.CONTACTPERSOON)), _modules([]), window_settings)
    rect = window.nav.visualItemRect(window.nav.item(1))
    assert window.nav.viewport().rect().contains(rect.center())
    assert window.nav.itemAt(rect.center() + QPoint(0, 0)) is window.nav.item(1)


def test_a_pages_status_message_goes_when_another_page_is_shown(
    qtbot, make_user, make_context, window_settings
) -> None:
    """"Uitwisselbord 2026-H2 geladen." on the board is not about the next page (issue 17)."""
    actor = make_user("cp", Role.CONTACTPERSOON)
    window = _window(qtbot, make_context(actor), _modules([]), window_settings)
    window.context.show_status("Uitwisselbord 2026-H2 geladen.")
    assert window.statusBar().currentMessage() == "Uitwisselbord 2026-H2 geladen."
    _click_nav(qtbot, window, 1)
    assert window.statusBar().currentMessage() == ""
    window.context.show_status("Opgeslagen.")
    _click_nav(qtbot, window, 1)  # the same page again: its message stays
    assert window.statusBar().currentMessage() == "Opgeslagen."


def test_without_a_user_the_window_shows_it_is_loading_then_fills(
    qtbot, make_user, make_context, window_settings: QSettings
) -> None:
    """At a SQLite start the window is shown before anyone is signed in (issue 17)."""
    created: list[str] = []
    window = MainWindow(None, _modules(created), window_settings=window_settings, ping_interval_ms=0)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sig_first_paint, timeout=5000):
        window.show()
    assert window.stack.currentWidget() is window.loading
    assert window.loading.text() == "Bezig met laden…"
    assert window.nav.count() == 0 and created == []
    assert not window.menuBar().isEnabled()  # nothing to act on yet (no database, no user)
    assert not window.connection_indicator.isVisible()  # not "Verbonden" before a database is open

    window.set_context(make_context(make_user("cp", Role.CONTACTPERSOON)))
    assert window.menuBar().isEnabled()
    assert window.connection_indicator.isVisible() and window.database_label.isVisible()
    assert window.stack.currentWidget().text() == "een voor cp"  # painted already: built at once
    assert "(cp)" in window.user_label.text()


def test_the_window_has_the_program_icon(qtbot, make_user, make_context, window_settings) -> None:
    window = _window(qtbot, make_context(make_user("cp", Role.CONTACTPERSOON)), _modules([]), window_settings)
    icon = window.windowIcon()
    assert not icon.isNull()
    assert not icon.pixmap(32, 32).isNull()  # the file is there and Qt can read it (issue 18)
