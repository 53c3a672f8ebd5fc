"""The directory window: search with filters (accent-free text, language, municipality with the
region), chips that clear a filter, verifying and editing from the detail pane (checked in the
database), field errors in the edit dialog, the Te controleren list, the rights of another
municipality, and the link other modules use."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import Initiative, InitiativeChange
from app.db.session import Database
from app.domain.directory import InitiativeFilter
from app.services.access import Actor
from app.services.directory.search import search_initiatives
from app.services.directory.snapshot import load_snapshot
from app.ui.context import AppContext
from app.ui.directory.page import DirectoryPage
from tests.gui.directory.conftest import wait_task

pytestmark = pytest.mark.usefixtures("qapp")


def _page(qtbot: Any, context: AppContext) -> DirectoryPage:
    page = DirectoryPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitUntil(lambda: page.search.snapshot is not None, timeout=20_000)
    return page


def _names(page: DirectoryPage) -> list[str]:
    return [r.name for r in page.search.results.model.rows()]


def _select(qtbot: Any, page: DirectoryPage, initiative_id: int) -> None:
    assert page.search.results.select(initiative_id)
    detail = page.search.detail
    qtbot.waitUntil(lambda: detail.data is not None and detail.data.info.id == initiative_id, timeout=20_000)


def test_search_filters_by_text_language_and_municipality_with_the_region(
    qtbot: Any, context: AppContext, three: dict[str, int]
) -> None:
    page = _page(qtbot, context)
    search = page.search
    assert sorted(_names(page)) == ["Huiswerkklas Oost", "Taalcafé De Brug", "Voetbal voor iedereen"]
    bar = search.filters
    bar.search.setText("TAALCAFE brug")  # no accent, other case: still found
    qtbot.waitUntil(lambda: _names(page) == ["Taalcafé De Brug"], timeout=5_000)
    bar.search.setText("")
    bar.language.setCurrentIndex(bar.language.findData("ti"))
    qtbot.waitUntil(lambda: _names(page) == ["Voetbal voor iedereen"], timeout=5_000)
    bar.language.setCurrentIndex(0)
    bar.gemeente.setCurrentIndex(bar.gemeente.findData("GM0355"))  # Zeist, and open to the region
    assert _names(page) == ["Huiswerkklas Oost", "Taalcafé De Brug", "Voetbal voor iedereen"]
    assert search.results.model.rows()[-1].name == "Voetbal voor iedereen"  # local ones first
    bar.include_region.setChecked(False)
    assert sorted(_names(page)) == ["Huiswerkklas Oost", "Taalcafé De Brug"]
    bar.group.setCurrentIndex(bar.group.findData("jeugd"))  # compound: children and young people
    assert _names(page) == ["Huiswerkklas Oost"]
    bar.age.setValue(15)
    assert _names(page) == []
    assert search.results.empty_text() == "Niets gevonden met deze filters. Wis de filters om alles te zien."
    assert search.results.empty_states[0].label.isVisibleTo(page)
    assert search.last_filter_ms < 100


def test_a_chip_shows_the_filter_and_clears_it(
    qtbot: Any, context: AppContext, three: dict[str, int]
) -> None:
    page = _page(qtbot, context)
    bar, chips = page.search.filters, page.search.chips
    assert not chips.isVisibleTo(page)
    bar.language.setCurrentIndex(bar.language.findData("ar"))
    bar.places_only.setChecked(True)
    assert _names(page) == []  # the Arabic café has no free place
    assert chips.isVisibleTo(page)
    assert {f: c.text() for f, c in chips.chips.items()} == {
        "languages": "Taal: Arabisch  ✕",
        "places_only": "Alleen met plek  ✕",
    }
    qtbot.mouseClick(chips.chips["places_only"], Qt.MouseButton.LeftButton)
    assert not bar.places_only.isChecked()
    assert _names(page) == ["Taalcafé De Brug"]
    assert set(chips.chips) == {"languages"}
    qtbot.mouseClick(chips.clear_all_button, Qt.MouseButton.LeftButton)
    assert bar.language.currentData() is None and not chips.isVisibleTo(page)
    assert len(_names(page)) == 3


def test_stale_entries_are_marked_not_hidden_in_table_and_cards(
    qtbot: Any, context: AppContext, three: dict[str, int]
) -> None:
    page = _page(qtbot, context)
    results = page.search.results
    fresh = {r.name: r.freshness.label for r in results.model.rows()}
    assert fresh == {"Taalcafé De Brug": "Mogelijk verouderd", "Huiswerkklas Oost": "Mogelijk verouderd",
                     "Voetbal voor iedereen": ""}  # fmt: skip
    column = next(i for i, c in enumerate(results.model.columns) if c.title == "Controle")
    row = results.model.row_of(lambda r: r.name == "Taalcafé De Brug")
    assert results.model.index(row, column).data() == "Mogelijk verouderd"
    assert results.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    qtbot.mouseClick(page.search.cards_button, Qt.MouseButton.LeftButton)
    assert results.stack.currentWidget() is results.cards and results.cards.model().rowCount() == 3


def test_verify_from_the_detail_sets_checked_but_not_changed(
    qtbot: Any, context: AppContext, three: dict[str, int], fresh_database: Database
) -> None:
    page = _page(qtbot, context)
    cafe = three["cafe"]
    with fresh_database.unit_of_work() as session:
        before = session.get(Initiative, cafe)
        changed_at, version = before.changed_at, before.version
    _select(qtbot, page, cafe)
    detail = page.search.detail
    assert "Laatst gecontroleerd: " in detail.dates.text() and "door Zara Zeist" in detail.dates.text()
    assert detail.verify_button.isEnabled()
    qtbot.mouseClick(detail.verify_button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, detail.last_task)
    with fresh_database.unit_of_work() as session:
        row = session.get(Initiative, cafe)
        assert (row.checked_on, row.checked_by) == (date.today(), "Zara Zeist")
        assert row.changed_at == changed_at and row.version > version
    qtbot.waitUntil(
        lambda: detail.data is not None and detail.data.info.checked_on == date.today(), timeout=10_000
    )
    assert f"Laatst gecontroleerd: {date.today():%d-%m-%Y} door Zara Zeist" in detail.dates.text()
    assert detail.history_model.rows()[0].new_value == "klopt nog"
    results = page.search.results  # the list reloads and the entry is no longer marked
    qtbot.waitUntil(
        lambda: results.current() is not None and results.current().freshness.label == "", timeout=10_000
    )
    assert results.current().id == cafe


def test_edit_a_field_and_see_the_history_row(
    qtbot: Any, context: AppContext, three: dict[str, int], fresh_database: Database
) -> None:
    page = _page(qtbot, context)
    _select(qtbot, page, three["homework"])
    detail = page.search.detail
    dialog = detail.edit()
    assert dialog is not None and dialog.name.text() == "Huiswerkklas Oost"
    dialog.cost.setText("€ 1 per keer")
    dialog.accept()
    wait_task(qtbot, dialog.last_task)
    qtbot.waitUntil(lambda: bool(detail.history_model.rows()), timeout=10_000)
    assert [(c.label, c.old_value, c.new_value, c.by_name) for c in detail.history_model.rows()] == [
        ("Kosten", "", "€ 1 per keer", "Zara Zeist")
    ]
    with fresh_database.unit_of_work() as session:
        row = session.get(Initiative, three["homework"])
        assert row.cost == "€ 1 per keer" and row.checked_on is None  # a change is not a check
        fields = session.scalars(
            select(InitiativeChange.field).where(InitiativeChange.initiative_id == row.id)
        )
        assert list(fields) == ["cost"]


def test_a_field_error_shows_under_its_field_and_the_dialog_grows(
    qtbot: Any, context: AppContext, three: dict[str, int], fresh_database: Database
) -> None:
    page = _page(qtbot, context)
    _select(qtbot, page, three["cafe"])
    detail = page.search.detail
    dialog = detail.edit(verify=True)  # a child of the page: it goes with it
    qtbot.waitExposed(dialog)
    height = dialog.height()
    dialog.contact_email.setText("geen-mailadres")
    dialog.accept()
    wait_task(qtbot, dialog.last_task)
    error = dialog.fields["contact_email"].error
    assert error.isVisibleTo(dialog) and "geen geldig e-mailadres" in error.text()
    assert dialog.isVisible() and dialog.message.text() == "Controleer de gemarkeerde velden."
    qtbot.waitUntil(lambda: dialog.height() > height, timeout=5_000)
    with fresh_database.unit_of_work() as session:
        assert session.get(Initiative, three["cafe"]).checked_on != date.today()  # nothing saved


def test_a_conflict_is_shown_not_overwritten(
    qtbot: Any, context: AppContext, three: dict[str, int], fresh_database: Database, zeist: Actor
) -> None:
    from dataclasses import replace

    from app.services.directory import initiatives as di

    page = _page(qtbot, context)
    _select(qtbot, page, three["cafe"])
    detail = page.search.detail
    with fresh_database.unit_of_work() as session:  # a colleague saves first
        info = di.get_initiative(session, zeist, three["cafe"])
        di.update_initiative(session, zeist, info.id, info.version, replace(info.data, cost="€ 3"))
    dialog = detail.edit()
    dialog.cost.setText("gratis")
    dialog.accept()
    wait_task(qtbot, dialog.last_task)
    assert "Iemand anders" in dialog.message.text() and dialog.cost.text() == "€ 3"
    with fresh_database.unit_of_work() as session:
        assert session.get(Initiative, three["cafe"]).cost == "€ 3"


def test_another_municipality_sees_the_buttons_disabled(
    qtbot: Any, make_context: Any, bunnik: Actor, three: dict[str, int]
) -> None:
    page = _page(qtbot, make_context(bunnik))
    _select(qtbot, page, three["cafe"])
    detail = page.search.detail
    for button in (detail.edit_button, detail.verify_button, detail.verify_changed_button):
        assert not button.isEnabled()
    assert "Alleen Zeist" in detail.rights_note.text()
    assert detail.edit() is None and detail.verify() is None
    _select(qtbot, page, three["sport"])  # their own: enabled
    assert detail.verify_button.isEnabled() and detail.edit_button.isEnabled()
    assert page.search.new_button.isVisibleTo(page)


def test_te_controleren_lists_the_oldest_first_and_verifies_with_one_click(
    qtbot: Any, context: AppContext, three: dict[str, int], fresh_database: Database
) -> None:
    page = _page(qtbot, context)
    page.tabs.setCurrentWidget(page.check)
    check = page.check
    qtbot.waitUntil(lambda: check.data is not None, timeout=20_000)
    wait_task(qtbot, check.last_task)
    assert [r.name for r in check.model.rows()] == [
        "Huiswerkklas Oost",
        "Taalcafé De Brug",
    ]  # never checked first
    assert not check.gemeente.isVisibleTo(page)  # a contactpersoon sees their own municipality
    button = check.table.indexWidget(check.model.index(0, 0))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, check.last_task)
    qtbot.waitUntil(lambda: [r.name for r in check.model.rows()] == ["Taalcafé De Brug"], timeout=10_000)
    assert "gecontroleerd: klopt nog" in check.result.text()
    with fresh_database.unit_of_work() as session:
        row = session.get(Initiative, three["homework"])
        assert (row.checked_on, row.checked_by) == (date.today(), "Zara Zeist")
    assert page.search.stale  # the other tab reloads when shown


def test_te_controleren_multi_select_for_the_coordinator(
    qtbot: Any, make_context: Any, make_user: Any, three: dict[str, int], fresh_database: Database
) -> None:
    from app.domain.roles import Role

    coordinator = make_user("rc", Role.REGIO_COORDINATOR, "GM0344", name="Rita Regio")
    page = _page(qtbot, make_context(coordinator))
    check = page.check
    page.tabs.setCurrentWidget(check)
    qtbot.waitUntil(lambda: check.data is not None, timeout=20_000)
    assert check.gemeente.isVisibleTo(page)
    check.gemeente.setCurrentIndex(check.gemeente.findText("Zeist"))
    qtbot.waitUntil(lambda: check.model.rowCount() == 2, timeout=20_000)
    check.table.selectAll()
    assert check.verify_selected_button.isEnabled() and "(2)" in check.verify_selected_button.text()
    qtbot.mouseClick(check.verify_selected_button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, check.last_task)
    qtbot.waitUntil(lambda: check.data is not None and not check.data.rows, timeout=10_000)
    assert check.empty.label.isVisibleTo(page) and "Niets te controleren bij Zeist" in check.empty.text()
    with fresh_database.unit_of_work() as session:
        rows = session.scalars(
            select(Initiative).where(Initiative.id.in_([three["cafe"], three["homework"]]))
        )
        assert {(r.checked_on, r.checked_by) for r in rows} == {(date.today(), "Rita Regio")}


def test_another_module_opens_an_initiative_through_the_link(
    qtbot: Any, context: AppContext, three: dict[str, int]
) -> None:
    window = context.open_link("initiative", three["sport"])
    qtbot.addWidget(window)
    wait_task(qtbot, window.detail.last_task)
    qtbot.waitUntil(lambda: window.detail.data is not None, timeout=10_000)
    assert window.windowTitle() == "Initiatief: Voetbal voor iedereen"
    assert not window.detail.verify_button.isEnabled()  # Bunnik's, and this is Zeist
    assert context.open_link("initiative", three["sport"]) is window
    window.close()


def test_the_window_filter_finds_what_the_service_finds(
    fresh_database: Database, zeist: Actor, three: dict[str, int]
) -> None:
    filters = [
        InitiativeFilter(),
        InitiativeFilter(text="voetbal"),
        InitiativeFilter(gemeente="GM0355", languages=frozenset({"ti", "ar"})),
        InitiativeFilter(groups=frozenset({"jeugd"}), ages=(8,)),
        InitiativeFilter(statuses=frozenset(), unchecked_months=6),
    ]
    with fresh_database.unit_of_work() as session:
        snapshot = load_snapshot(session, zeist)
        for flt in filters:
            assert [r.id for r in snapshot.find(flt)] == [
                r.id for r in search_initiatives(session, zeist, flt)
            ]


def test_ctrl_f_focuses_the_search_and_every_role_sees_the_module(
    qtbot: Any, context: AppContext, three: dict[str, int]
) -> None:
    import importlib.util

    from app.domain.roles import Role
    from app.ui.directory import MODULE
    from app.ui.directory.page import GAPS_MODULE

    page = _page(qtbot, context)
    page.activateWindow()
    page.search.results.table.setFocus()
    # Ctrl+F is the main window's key (tests/gui/help drives it there); it asks the page for its field.
    from app.ui.widgets.search_bar import focus_page_search

    assert focus_page_search(page)
    qtbot.waitUntil(lambda: page.search.filters.search.hasFocus(), timeout=5_000)
    has_gaps = importlib.util.find_spec(GAPS_MODULE) is not None
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["&Zoeken", "&Te controleren"] + (
        ["&Hiaten"] if has_gaps else []
    )
    for role in Role:
        assert MODULE.visible(Actor(login="x", name="X", role=role))


def test_a_new_initiative_is_owned_by_the_own_municipality(
    qtbot: Any, context: AppContext, three: dict[str, int], fresh_database: Database
) -> None:
    page = _page(qtbot, context)
    search = page.search
    assert search.new_button.isVisibleTo(page)
    dialog = search.new_initiative()
    assert [dialog.owner.itemText(i) for i in range(dialog.owner.count())] == ["Zeist"]
    dialog.name.setText("Fietsles voor vrouwen")
    dialog.kind.setCurrentIndex(dialog.kind.findData("fietsles"))
    dialog.accept()  # no address and not online: the service says what is missing
    wait_task(qtbot, dialog.last_task)
    assert "Vul een adres in" in dialog.fields["address"].error.text()
    dialog.address.setText("Slotlaan 1, Zeist")
    dialog.accept()
    wait_task(qtbot, dialog.last_task)
    qtbot.waitUntil(lambda: search.detail.data is not None and search.detail.data.info.data.name
                    == "Fietsles voor vrouwen", timeout=10_000)  # fmt: skip
    assert search.detail.data.info.owner_name == "Zeist" and search.detail.verify_button.isEnabled()
    with fresh_database.unit_of_work() as session:
        row = session.scalars(select(Initiative).where(Initiative.name == "Fietsles voor vrouwen")).one()
        assert (row.gemeente.name, row.kind, row.checked_on) == ("Zeist", "fietsles", None)
    qtbot.waitUntil(lambda: "Fietsles voor vrouwen" in _names(page), timeout=10_000)


def test_klopt_nog_after_a_colleague_changed_it_is_a_shown_conflict(
    qtbot: Any, context: AppContext, three: dict[str, int], fresh_database: Database, zeist: Actor
) -> None:
    from dataclasses import replace

    from app.services.directory import initiatives as di

    page = _page(qtbot, context)
    _select(qtbot, page, three["homework"])
    detail = page.search.detail
    with fresh_database.unit_of_work() as session:
        info = di.get_initiative(session, zeist, three["homework"])
        di.update_initiative(session, zeist, info.id, info.version, replace(info.data, places_available=0))
    qtbot.mouseClick(detail.verify_button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, detail.last_task)
    qtbot.waitUntil(
        lambda: detail.data is not None and detail.data.info.data.places_available == 0, timeout=10_000
    )
    assert "Iemand anders" in detail.message.text() and detail.message.isVisibleTo(page)
    with fresh_database.unit_of_work() as session:
        assert session.get(Initiative, three["homework"]).checked_on is None  # not verified blindly


def test_the_page_lives_in_the_main_window_and_reloads_after_a_change(
    qtbot: Any, context: AppContext, three: dict[str, int], tmp_path: Any
) -> None:
    from PySide6.QtCore import QSettings

    from app.ui.modules import available_modules
    from app.ui.shell import MainWindow

    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        context, available_modules(["app.ui.directory"]), window_settings=settings,
        ping_interval_ms=0, badge_interval_ms=0,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading, timeout=10_000)
    page = window.page("directory")
    assert window.nav.item(0).text() == "Initiatieven"
    qtbot.waitUntil(lambda: page.search.snapshot is not None, timeout=20_000)
    loaded = page.search.snapshot
    window.notify_data_changed()  # e.g. an import elsewhere: the visible tab loads again
    qtbot.waitUntil(lambda: page.search.snapshot is not loaded, timeout=20_000)
    window.close()
