"""How tests act as a user. In a real database nobody can claim to be someone else; tests that
play several users (``--as cp``) do it the way the demo does: the database is marked as a demo."""

from __future__ import annotations

from app.db.session import Database
from app.domain.roles import Role

TESTER = "tester"  # the account "on this computer" in every test (tests/conftest.py)


def playable(db: Database, *, tester: Role | None = Role.BEHEERDER, gemeente: str | None = None) -> None:
    """Mark ``db`` as a demo (``--as`` and DOORLOPENDE_LIJN_USER choose whom to play) and make the
    test's own account a user of the role ``tester`` (beheerder: what a new database's first user
    used to become), unless None or already a user."""
    from sqlalchemy import func, select

    from app.auth.identity import mark_demo
    from app.db.models import User
    from app.services.access import Actor
    from app.services.users import create_user

    with db.unit_of_work() as session:
        mark_demo(session)
        known = session.scalar(select(User.id).where(func.lower(User.login) == TESTER))
        if tester is not None and known is None:
            create_user(
                session, Actor.system_actor("test"), login=TESTER, name="Tessa Tester", role=tester,
                gemeente_code=None if tester is Role.BEHEERDER else gemeente,
            )  # fmt: skip
