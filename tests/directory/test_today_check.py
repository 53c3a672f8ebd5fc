"""Vandaag asks each municipality about its own initiatives past the check period, oldest first,
and stops asking once one is verified."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.domain.directory import InitiativeStatus
from app.domain.roles import Role
from app.services.directory import initiatives as di
from app.services.today import load_today, today_counts
from app.services.today.directory_check import TO_CHECK
from tests.directory.fixtures import BUNNIK, ZEIST, initiative

TODAY = date(2026, 12, 1)


def test_own_unchecked_initiatives_wait_on_vandaag(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    oldest = initiative(session, cp, name="Fietsles", today=date(2025, 3, 1))
    older = initiative(session, cp, name="Taalcafé", today=date(2026, 5, 1))
    initiative(session, cp, name="Nieuw", today=date(2026, 11, 1))  # within six months
    initiative(session, cp, name="Gestopt", today=date(2025, 1, 1), status=InitiativeStatus.GESTOPT)
    initiative(
        session, make_actor(Role.CONTACTPERSOON, BUNNIK), BUNNIK, name="Bunnik", today=date(2025, 1, 1)
    )

    assert today_counts(session, cp, TODAY)[TO_CHECK] == 2
    group = next(g for g in load_today(session, cp, TODAY).groups if g.kind.key == TO_CHECK)
    assert [i.target.object_id for i in group.items] == [oldest.id, older.id]
    assert group.items[0].text == "nooit gecontroleerd (ingevoerd 01-03-2025) — klopt het nog?"
    assert group.items[0].target.module == "directory"

    di.verify_initiative(session, cp, oldest.id, oldest.version, today=TODAY)
    assert today_counts(session, cp, TODAY)[TO_CHECK] == 1
    # A reader keeps nothing, so Vandaag asks nothing of them.
    assert TO_CHECK not in today_counts(session, make_actor(Role.ALLEEN_LEZEN, ZEIST), TODAY)
