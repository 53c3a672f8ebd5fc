"""The Hiaten tab on a real database (the hand-computed scenario of tests/directory/gaps_scenario.py):
the table lists the gaps with their people, the heat maps hold the counts and say them in words,
and the read is in the access log. Screenshots at 1280x720 and 1920x1080 go to /tmp/shots-gaps/."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Action, Role
from app.services.access import Actor
from app.ui.directory.gaps_tab import GAP_SHADES, OFFER_SHADES, GapsTab
from tests.directory import gaps_scenario as sc
from tests.directory.fixtures import BUNNIK, UTRECHT, ZEIST, initiative

SHOTS = Path(os.environ.get("GAPS_SHOTS", "/tmp/shots-gaps"))


def _fill(db: Database) -> None:
    system = Actor.system_actor("test")
    with db.unit_of_work() as session:
        sc.build_initiatives(session, system)
        sc.build_households(session, {ZEIST: system, BUNNIK: system, UTRECHT: system})


def _tab(qtbot: Any, make_user, make_context, size: tuple[int, int] = (1280, 720)) -> GapsTab:  # type: ignore[no-untyped-def]
    actor = make_user("cp-zeist", Role.CONTACTPERSOON, ZEIST)
    tab = GapsTab(make_context(actor))
    qtbot.addWidget(tab)
    tab.resize(*size)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.show()
    return tab


def _cell(model, row_title: str, column_title: str):  # type: ignore[no-untyped-def]
    row = next(i for i, t in enumerate(model.rows) if t.startswith(row_title + " ("))
    column = model.columns.index(column_title)
    return model.index(row, column)


def test_the_table_lists_the_gaps_with_their_people(qtbot, fresh_database, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    _fill(fresh_database)
    tab = _tab(qtbot, make_user, make_context)
    model = tab.table_model
    shown = [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())]
    assert shown[0] == ["Zeist", "Soort initiatief", "Taalmaatje", "6"]  # the most people first
    assert (
        model.index(0, 4).data()
        == "Geen Taalmaatje in de gemeente of open voor de regio; 6 mensen in open dossiers"
    )
    assert ["Bunnik", "Taal", "Somalisch", "2"] in shown
    assert ["Zeist", "Taal", "Farsi (Perzisch)", "1"] in shown
    assert ["Utrecht", "Taal", "Koerdisch", "1"] in shown
    assert ["Zeist", "Soort initiatief", "Fietsles", "6"] in shown
    assert not any(r[0] == "Zeist" and r[2] in ("Tigrinya", "Arabisch", "Dari") for r in shown)
    tab.what.setCurrentIndex(tab.what.findData("taal"))
    assert model.rowCount() == 5 and model.index(0, 2).data() == "Somalisch"  # Bunnik's 2 first
    tab.what.setCurrentIndex(0)
    tab.filter.setText("somalisch")
    tab.filter.sig_search_changed.emit("somalisch")
    assert sorted(model.index(r, 0).data() for r in range(model.rowCount())) == ["Bunnik", "Zeist"]
    assert "keer een taal zonder initiatief" in tab.summary.text()
    assert (
        "Van 1 mens in open dossiers is de taal niet" in tab.summary.text()
    )  # the member without languages is said, not hidden
    with fresh_database.unit_of_work() as session:
        reads = session.scalars(
            select(AccessLog).where(AccessLog.object_type == "hiaten", AccessLog.action == Action.READ)
        ).all()
        assert [r.actor_login for r in reads] == ["cp-zeist"]


def test_the_heat_maps_hold_the_counts_colours_and_words(
    qtbot, fresh_database, make_user, make_context
) -> None:  # type: ignore[no-untyped-def]
    _fill(fresh_database)
    tab = _tab(qtbot, make_user, make_context)
    languages = tab.language_model
    gap = _cell(languages, "Bunnik", "Somalisch")
    assert gap.data() == "⚠ 2"  # a gap, in a symbol as well as in red
    assert (
        gap.data(Qt.ItemDataRole.ToolTipRole)
        == "Bunnik: geen initiatief in het Somalisch; 2 mensen spreken het"
    )
    assert gap.data(Qt.ItemDataRole.BackgroundRole) == GAP_SHADES[-1]  # the biggest gap: the darkest
    served = _cell(languages, "Zeist", "Tigrinya")
    assert served.data() == "✓ 2" and served.data(Qt.ItemDataRole.BackgroundRole) == OFFER_SHADES[1]
    assert (
        served.data(Qt.ItemDataRole.ToolTipRole)
        == "Zeist: 1 initiatief in het Tigrinya; 2 mensen spreken het"
    )
    assert languages.rows[[r.split(" (")[0] for r in languages.rows].index("Zeist")] == "Zeist (6)"
    kinds = tab.kind_model
    sport = _cell(kinds, "Zeist", "Sport")
    assert sport.data() == "1"
    assert sport.data(Qt.ItemDataRole.ToolTipRole) == "Zeist: 1 × Sport (1 open voor de regio)"
    missing = _cell(kinds, "Zeist", "Fietsles")
    assert missing.data() == "0" and missing.data(Qt.ItemDataRole.BackgroundRole) == GAP_SHADES[-1]
    assert missing.data(Qt.ItemDataRole.ToolTipRole) == "Zeist: geen Fietsles; 6 mensen in open dossiers"

    # A fietsles in Zeist is entered elsewhere; the page says so and the map counts again.
    with fresh_database.unit_of_work() as session:
        initiative(session, Actor.system_actor("test"), ZEIST, name="Fietsles Zeist", kind="fietsles")
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.mark_stale()
    assert _cell(tab.kind_model, "Zeist", "Fietsles").data() == "1"


def test_screenshots(qtbot, fresh_database, make_user, make_context) -> None:  # type: ignore[no-untyped-def]
    _fill(fresh_database)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab = _tab(qtbot, make_user, make_context)
    for width, height in ((1280, 720), (1920, 1080)):
        tab.resize(width, height)
        for index, name in enumerate(("tabel", "soorten", "talen")):
            tab.views.setCurrentIndex(index)
            qtbot.wait(20)
            path = SHOTS / f"gaps-{name}-{width}x{height}.png"
            assert tab.grab().save(str(path))
            assert path.stat().st_size > 0
