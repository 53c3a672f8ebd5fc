"""The Zoeken tab of the directory with 5,000 initiatives: loading the directory once (on the
worker), and from a filter change to the updated rows on screen (on the GUI thread, as the user
sees it; the search line's typing pause is not counted: it waits on purpose).

Targets: a filter change under 100 ms (issue 14: the median of 14 changes, table and cards; the
slowest, which on a shared machine includes whatever else ran, under 250 ms), the first load
(on the worker) under 1.5 s. SQLite.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from typing import Any

LOAD_TARGET = 1.5  # on the worker: the window stays responsive meanwhile
FILTER_TARGET = 0.100
SLOWEST_TARGET = 0.250
COUNT = 5_000


def _fill(url: str) -> None:
    """5,000 varied initiatives in one bulk insert (the services would take half a minute)."""
    from sqlalchemy import insert, select

    from app.bootstrap import prepare
    from app.db.models import Gemeente, Initiative
    from app.db.session import Database
    from app.domain.case_dossier import fold
    from app.domain.directory import DEFAULT_KINDS, LANGUAGES, TARGET_GROUPS, InitiativeStatus
    from app.domain.roles import Role
    from app.services.access import Actor
    from app.services.users import create_user

    db = Database(url)
    prepare(db)
    rnd = random.Random(14)
    today = date.today()
    with db.unit_of_work() as session:
        create_user(session, Actor.system_actor("bench"), login="bench", name="Bench",
                    role=Role.CONTACTPERSOON, gemeente_code="GM0355")  # fmt: skip
        gemeenten = list(session.execute(select(Gemeente.id, Gemeente.cbs_code, Gemeente.name)))
        rows = []
        for n in range(COUNT):
            gid, code, gname = rnd.choice(gemeenten)
            kind = rnd.choice(list(DEFAULT_KINDS))
            name = f"{DEFAULT_KINDS[kind]} {rnd.choice(['De Brug', 'Oost', 'Centrum', 'Het Anker'])} {n}"
            entered = today - timedelta(days=rnd.randrange(0, 900))
            rows.append(dict(
                gemeente_id=gid, name=name, organisation="Stichting Samen", kind=kind,
                description=f"{DEFAULT_KINDS[kind]} in {gname} met vrijwilligers.",
                target_groups=rnd.choice(list(TARGET_GROUPS)),
                languages=" ".join(rnd.sample(list(LANGUAGES), 3)), gemeenten=code,
                open_to_region=rnd.random() < 0.3, places_available=rnd.choice([None, 0, 2, 5]),
                address=f"Laan {n}, {gname}", status=rnd.choice(list(InitiativeStatus)), entered_on=entered,
                checked_on=entered + timedelta(days=rnd.randrange(0, 300)) if rnd.random() < 0.7 else None,
                search_text=fold(f"{name} Stichting Samen {DEFAULT_KINDS[kind]} {gname}"), version=1,
            ))  # fmt: skip
        session.execute(insert(Initiative), rows)
    db.dispose()


def _measure(url: str) -> list[tuple[str, float, float, str]]:
    from PySide6.QtWidgets import QApplication

    from app.config import Settings
    from app.db.session import Database
    from app.services.users import sign_in
    from app.ui.context import AppContext
    from app.ui.directory.search_tab import SearchTab
    from app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    db = Database(url)
    with db.unit_of_work() as session:
        actor = sign_in(session, "bench")
    context = AppContext(db, actor, Settings(), TaskRunner(lambda: db), show_status=lambda _m: None)
    start = time.perf_counter()
    tab = SearchTab(context)
    tab.resize(1280, 720)
    tab.show()
    while tab.snapshot is None:
        app.processEvents()
        time.sleep(0.001)
    load = time.perf_counter() - start
    bar = tab.filters
    steps: list[Any] = [
        lambda: bar.status.setCurrentIndex(bar.status.count() - 1),  # every status: 5,000 rows
        lambda: bar.language.setCurrentIndex(bar.language.findData("ar")),
        lambda: bar.gemeente.setCurrentIndex(bar.gemeente.findData("GM0355")),
        lambda: bar.group.setCurrentIndex(bar.group.findData("jeugd")),
        lambda: bar.clear_all(),
        lambda: (bar.search.setText("taalcafe oost"), bar.search._emit()),
        lambda: bar.search.setText("") or bar.search._emit(),
    ]
    changes = []
    for cards in (False, True):
        tab.cards_button.setChecked(cards)
        for step in steps:
            started = time.perf_counter()
            step()
            app.processEvents()  # the repaint with the new rows
            changes.append(time.perf_counter() - started)
    tab.close()
    context.tasks.wait_for_done()
    db.dispose()
    return [
        ("Initiatieven: gids laden tot de eerste regels (5.000 initiatieven)", load, LOAD_TARGET, "s"),
        ("Initiatieven: filter → regels bijgewerkt (mediaan van 14)", statistics.median(changes),
         FILTER_TARGET, "s"),
        ("Initiatieven: filter → regels bijgewerkt (traagste van 14)", max(changes), SLOWEST_TARGET, "s"),
    ]  # fmt: skip


def run() -> list[tuple[str, float, float, str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+pysqlite:///{tmp}/bench.db"
        _fill(url)
        return _measure(url)
