"""Every read and change leaves a row in the access log; refusals are logged and survive rollback."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AccessLog
from app.db.session import Database
from app.domain.roles import Action, Role
from app.errors import PermissionDenied
from app.services import region, users
from app.services.access import Actor


def _log(session: Session) -> list[AccessLog]:
    return list(session.scalars(select(AccessLog).order_by(AccessLog.id)))


def test_read_and_change_are_logged(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    coordinator = make_actor(Role.REGIO_COORDINATOR)
    before = len(_log(session))
    region.list_gemeenten(session, coordinator)
    created = users.create_user(
        session,
        Actor.system_actor(),
        login="nieuw",
        name="Nieuw",
        role=Role.CONSULENT,
        gemeente_code="GM0344",
    )
    admin = make_actor(Role.BEHEERDER, cbs_code=None)
    users.update_user(session, admin, created.id, created.version, name="Nieuwe Naam")
    rows = _log(session)[before:]
    assert [(r.action, r.object_type, r.result) for r in rows] == [
        (Action.READ, "gemeente", "ok"),
        (Action.CREATE, "user", "ok"),
        (Action.UPDATE, "user", "ok"),
    ]
    assert rows[0].actor_login == coordinator.login
    assert rows[2].object_id == str(created.id)
    assert rows[2].workstation  # the PC it came from
    assert all(r.at.tzinfo is not None for r in rows)


def test_refusal_is_logged_even_when_the_work_is_rolled_back(fresh_database: Database) -> None:
    with fresh_database.unit_of_work() as s:
        info = users.create_user(
            s,
            Actor.system_actor(),
            login="lezer",
            name="Lezer",
            role=Role.ALLEEN_LEZEN,
            gemeente_code="GM0310",
        )
    with fresh_database.unit_of_work() as s:
        reader = users.sign_in(s, "lezer")
    with pytest.raises(PermissionDenied) as refused, fresh_database.unit_of_work() as s:
        users.update_user(s, reader, info.id, info.version, name="Gekaapt")
    # The refusal says who may do it and who the user is.
    assert refused.value.message == (
        "Alleen een beheerder kan deze gebruiker wijzigen; u bent lezer (alleen lezen) van De Bilt."
    )
    with fresh_database.unit_of_work() as s:
        denied = [r for r in _log(s) if r.result == "denied"]
        assert [(r.actor_login, r.action, r.object_id) for r in denied] == [
            ("lezer", Action.UPDATE, str(info.id))
        ]
        from app.db.models import User

        assert s.get(User, info.id).name == "Lezer"


def test_unknown_user_cannot_sign_in_and_attempt_is_logged(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.errors import NotFound

    make_actor(Role.BEHEERDER, cbs_code=None)  # the database has users, so no first-run bootstrap
    with pytest.raises(NotFound) as missing:
        users.sign_in(session, "onbekend")
    assert "niet bekend" in missing.value.message
    attempt = _log(session)[-1]
    assert attempt.action == Action.LOGIN and attempt.on_behalf_of == "onbekend"


def test_a_new_database_asks_who_you_are_and_setup_makes_you_that_user(fresh_database: Database) -> None:
    """SQLite: the account on this computer must first say its municipality and role (no silent
    beheerder). PostgreSQL: the login that owns the schema (IT) acts as the system."""
    from app.auth.identity import NeedsSetup, resolve_actor, setup_first_user

    if fresh_database.is_postgresql:
        actor = resolve_actor(fresh_database)
        assert actor.system and "eigenaar van de database" in actor.name
        return
    with pytest.raises(NeedsSetup, match="python -m app setup --gemeente CODE --role ROL"):
        resolve_actor(fresh_database)
    actor = setup_first_user(fresh_database, gemeente_code="GM0355", role=Role.CONTACTPERSOON, name="Tessa")
    assert (actor.login, actor.role, actor.gemeente_name, actor.name) == (
        "tester",
        Role.CONTACTPERSOON,
        "Zeist",
        "Tessa",
    )
    assert resolve_actor(fresh_database).user_id == actor.user_id
    with fresh_database.unit_of_work() as s:
        assert users.sign_in(s, "TESTER").user_id == actor.user_id  # logins compare without case


def test_consulent_cannot_create_users(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    consulent = make_actor(Role.CONSULENT)
    with pytest.raises(PermissionDenied):
        users.create_user(
            session, consulent, login="x", name="X", role=Role.CONSULENT, gemeente_code="GM0344"
        )


def test_refusals_name_the_role_and_municipality_needed(fresh_database: Database) -> None:
    """A beheerder, or a contactpersoon of another gemeente, changing a Houten koppeling is told who
    may; the Houten koppeling is unchanged and the refusal logged."""
    from datetime import date

    from app.db.models import Koppeling, KoppelingStatus
    from app.services.board import koppelingen as kp
    from tests.db.board_fixtures import koppeling

    with fresh_database.unit_of_work() as s:
        users.create_user(
            s, Actor.system_actor(), login="root", name="root", role=Role.BEHEERDER, gemeente_code=None
        )
    with fresh_database.unit_of_work() as s:
        admin = users.sign_in(s, "root")
    with fresh_database.unit_of_work() as s:
        row = koppeling(s, "GM0321", date(2026, 10, 1), 3)
        row_id, version = row.id, row.version
        others = (("cp-zeist", Role.CONTACTPERSOON, "GM0355"), ("cons", Role.CONSULENT, "GM0321"))
        for login, role, code in others:
            users.create_user(s, Actor.system_actor(), login=login, name=login, role=role, gemeente_code=code)
    expected = {
        "root": "Alleen een contactpersoon van Houten of een regio-coördinator kan deze koppeling wijzigen; "
        "u bent beheerder.",
        "cp-zeist": "Alleen een contactpersoon van Houten of een regio-coördinator kan deze koppeling "
        "wijzigen; u bent contactpersoon van Zeist.",
        "cons": "Alleen een contactpersoon van Houten of een regio-coördinator kan deze koppeling "
        "wijzigen; u bent consulent van Houten.",
    }
    for login, message in expected.items():
        with fresh_database.unit_of_work() as s:
            actor = admin if login == "root" else users.sign_in(s, login)
        with pytest.raises(PermissionDenied) as refused, fresh_database.unit_of_work() as s:
            kp.change_status(s, actor, row_id, version, KoppelingStatus.VERVALLEN)
        assert refused.value.message.startswith(message)
    assert "voeg voor uzelf een gebruiker met een werkrol toe" in _refusal_for_admin(fresh_database, admin)
    with fresh_database.unit_of_work() as s:
        assert s.get(Koppeling, row_id).version == version
        denied = [r.actor_login for r in _log(s) if r.result == "denied"]
        assert denied == ["root", "cp-zeist", "cons", "root"]


def _refusal_for_admin(db: Database, admin: Actor) -> str:
    from app.services.cases.worklists import WorkList, WorkListFilter, list_worklist

    with pytest.raises(PermissionDenied) as refused, db.unit_of_work() as s:
        list_worklist(s, admin, WorkListFilter(worklist=WorkList("deze-week")))
    return refused.value.message
