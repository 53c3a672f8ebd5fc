"""app.services.audit (used by the Toegangslog tab): rights, filters, newest first, and logged."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.db.models import AccessLog
from app.domain.roles import Action, Role
from app.errors import PermissionDenied
from app.services.audit import list_access_log
from app.services.users import list_users


def test_beheerder_reads_the_log_filtered(session, make_actor) -> None:
    admin = make_actor(Role.BEHEERDER, None, login="beheer-audit")
    regio = make_actor(Role.REGIO_COORDINATOR, login="regio-audit")
    list_users(session, regio)
    list_users(session, admin)
    before = session.scalar(select(func.count()).select_from(AccessLog))

    entries = list_access_log(session, admin, login="REGIO-AUD", action=Action.READ)
    assert entries and all(e.actor_login == "regio-audit" and e.action is Action.READ for e in entries)
    assert session.scalar(select(func.count()).select_from(AccessLog)) == before + 1  # reading is logged

    latest = list_access_log(session, admin, limit=2)
    assert len(latest) == 2
    assert latest[0].at >= latest[1].at


@pytest.mark.parametrize("role", [Role.REGIO_COORDINATOR, Role.CONTACTPERSOON, Role.CONSULENT])
def test_others_may_not_read_the_log(session, make_actor, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        list_access_log(session, make_actor(role))
