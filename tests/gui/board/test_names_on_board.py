"""The board shows people by name (issue 17): "Geplaatst door Petra de Vries", the login only in the
cell's tooltip; no cell of the posts or swaps says "None"."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.db.models import PostKind, User
from app.db.session import Database
from app.domain.roles import Role
from app.services.board import posts
from tests.gui.board.test_overview import BUNNIK, ZEIST, build_scenario, make_context


def test_posts_and_swaps_show_names_not_logins(qtbot: Any, fresh_database: Database) -> None:
    from app.ui.board.exchange_tab import ExchangeTab

    db = build_scenario(fresh_database)
    context = make_context(db, "cp-zeist", Role.CONTACTPERSOON, ZEIST)
    other = make_context(db, "cp-bunnik", Role.CONTACTPERSOON, BUNNIK)
    with db.unit_of_work() as session:
        for login, name in (("cp-zeist", "Petra de Vries"), ("cp-bunnik", "Bram Bunnik")):
            user = session.scalar(select(User).where(User.login == login))
            assert user is not None
            user.name = name
    with db.unit_of_work() as session:
        posts.create_post(session, other.actor, kind=PostKind.HUISHOUDEN_ZOEKT, persons=5, text="Gezin van 5")

    tab = ExchangeTab(context, None)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.refresh()
    model = tab.post_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = titles.index("Geplaatst door")
    cell = model.index(0, column)
    assert cell.data() == "Bram Bunnik"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Inlognaam: cp-bunnik"
    rows, columns = range(model.rowCount()), range(model.columnCount())
    texts = [str(model.index(r, c).data()) for r in rows for c in columns]
    assert not any("cp-" in t or t == "None" for t in texts)
    shots = os.environ.get("DL_SCREENSHOTS")
    if shots:
        for width, height in ((1280, 720), (1920, 1080)):
            tab.resize(width, height)
            tab.grab().save(os.path.join(shots, f"exchange-{width}.png"))
