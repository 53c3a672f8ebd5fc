""" "Wie heeft dit dossier ingezien?" from the dossier window: the own municipality sees who read
and changed the dossier and when; another municipality gets the refusal, not the list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.ui.cases.dossier_access import DossierAccessDialog
from app.ui.context import AppContext
from tests.db.case_fixtures import BUNNIK
from tests.gui.cases.conftest import wait_task

pytestmark = pytest.mark.usefixtures("qapp")


def test_the_dossier_window_shows_who_looked(
    dossier_id: int, open_view: Any, fresh_database: Database, qtbot: Any
) -> None:
    view = open_view(dossier_id)
    assert view.access_button.isVisibleTo(view)
    view.access_button.click()
    dialog = view.access_dialog
    qtbot.addWidget(dialog)
    wait_task(qtbot, dialog.last_task)
    rows = dialog.model.rows()
    assert rows and rows[0].actor_login == "cons-zeist"
    assert {dialog.model.data(dialog.model.index(r, 4)) for r in range(len(rows))} >= {"inzien"}
    assert dialog.model.data(dialog.model.index(0, 1)) == "Carla Consulent"
    assert "keer heeft iemand dit dossier ingezien" in dialog.summary.text()
    with fresh_database.unit_of_work() as session:
        last = session.scalars(select(AccessLog).order_by(AccessLog.id.desc()).limit(1)).one()
        assert (last.actor_login, last.object_id, last.detail) == (
            "cons-zeist", str(dossier_id), "wie heeft dit dossier ingezien",
        )  # fmt: skip
    dialog.resize(820, 480)
    dialog.grab().save("/tmp/dossier_access.png")


def test_another_municipality_gets_the_refusal(
    dossier_id: int, make_user: Callable[..., Actor], make_context: Callable[[Actor], AppContext], qtbot: Any
) -> None:
    other = make_context(make_user("cons-bunnik", Role.CONSULENT, BUNNIK))
    dialog = DossierAccessDialog(other, dossier_id)
    qtbot.addWidget(dialog)
    wait_task(qtbot, dialog.load())
    assert dialog.model.rowCount() == 0
    assert "Alleen" in dialog.summary.text() or "bestaat niet" in dialog.summary.text()
