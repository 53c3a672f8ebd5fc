"""After a change in the dossier window the whole dossier (BSNs included) is shown again: that
refresh is a read of the dossier and leaves a READ row, as opening the window does."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.db.models import AccessLog
from app.db.session import Database
from app.domain.case_dossier import MemberRole
from app.services.access import Actor
from tests.db.case_fixtures import BSN_B
from tests.gui.cases.conftest import wait_task

pytestmark = pytest.mark.usefixtures("qapp")


def _dossier_rows(db: Database, login: str, dossier_id: int) -> list[AccessLog]:
    """The log rows of this user about this dossier, oldest first."""
    with db.unit_of_work() as session:
        rows = list(
            session.scalars(
                select(AccessLog)
                .where(
                    AccessLog.actor_login == login,
                    AccessLog.object_type != "koppeling",  # the header also reads its koppeling
                    AccessLog.object_id == str(dossier_id),
                )
                .order_by(AccessLog.id)
            )
        )
        session.expunge_all()
        return rows


def test_the_refresh_after_adding_a_member_is_logged_as_a_read(
    dossier_id: int, open_view: Any, fresh_database: Database, consulent: Actor, qtbot: Any
) -> None:
    view = open_view(dossier_id)
    opened = _dossier_rows(fresh_database, consulent.login, dossier_id)
    assert [(r.action.value, r.object_type, r.result) for r in opened][-1] == ("read", "dossier", "ok")

    dialog = view.members.add_member()
    qtbot.addWidget(dialog)
    dialog.name.setText("Elif Özdemir-Şahin")
    dialog.role.setCurrentIndex(dialog.role.findData(MemberRole.KIND.value))
    dialog.bsn.setText(BSN_B)
    dialog.buttons.accepted.emit()
    wait_task(qtbot, view.last_task)
    assert "Elif Özdemir-Şahin" in [m.name for m in view.members.model.rows()]  # the refresh is shown

    after = _dossier_rows(fresh_database, consulent.login, dossier_id)[len(opened) :]
    # The change's own row, then the READ of the dossier it shows again (with the new BSN).
    assert [(r.action.value, r.result) for r in after][-1] == ("read", "ok")
    refresh = after[-1]
    assert (refresh.object_type, refresh.object_id, refresh.detail) == (
        "dossier",
        str(dossier_id),
        "na wijziging",
    )
    assert any(r.action.value != "read" for r in after[:-1]), "the change itself is logged before it"
    for row in after:
        assert BSN_B not in (row.detail or "") and "Elif" not in (row.detail or "")
