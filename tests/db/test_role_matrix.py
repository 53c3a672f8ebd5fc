"""The role matrix through the services, on SQLite and PostgreSQL (issue 11).

For every role, acting for its own municipality (Zeist) and on another's (Bunnik), a representative
read and write of each area goes through the real service function and is allowed or refused
exactly as ``app.domain.roles`` says. A refused write changes nothing in the database (every table
but the access log is compared before and after) and leaves one "denied" row in the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.base import Base
from app.db.models import AccessLog, DwellingKind, KoppelingStatus
from app.domain.roles import Action, Area, Role, Scope, is_allowed, scope_for
from app.errors import PermissionDenied
from app.services import audit, users
from app.services.access import Actor
from app.services.board import dwellings as dw
from app.services.board import koppelingen as kp
from app.services.board import swaps
from app.services.cases import dossiers as ds
from tests.db.board_fixtures import P1, dwelling, koppeling, setup_periods
from tests.db.case_fixtures import family

OWN, OTHER, THIRD = "GM0355", "GM0312", "GM0344"  # Zeist (the actor's), Bunnik, Utrecht

Setup = Callable[[Session, Actor, str], Any]  # (session, system actor, gemeente code) -> the object
Call = Callable[[Session, Actor, Any, str], object]  # (session, actor, object, gemeente code)


@dataclass(frozen=True)
class Case:
    name: str
    action: Action
    area: Area
    setup: Setup
    call: Call
    # "object": the object belongs to the municipality under test; "region": a region-wide list;
    # "self": about the actor's own municipality whatever is tested.
    scope: str = "object"


def _koppeling(session: Session, _system: Actor, code: str) -> Any:
    return koppeling(session, code, date(2017, 2, 1), 3)


def _dwelling(session: Session, _system: Actor, code: str) -> Any:
    return dwelling(session, code, 2, 4, date(2017, 3, 1))


def _family(session: Session, system: Actor, code: str) -> Any:
    return family(session, system, code)


def _nothing(session: Session, _system: Actor, code: str) -> Any:
    return None


def _utrecht_household(session: Session, _system: Actor, code: str) -> Any:
    setup_periods(session)
    return koppeling(session, THIRD, date(2017, 2, 1), 3)


def _update_dwelling(session: Session, actor: Actor, row: Any, code: str) -> object:
    data = dw.DwellingInput(
        gemeente_code=code, corporation=row.corporation, reference=row.reference,
        kind=DwellingKind.APPARTEMENT, bedrooms=3, max_occupants=5, available_from=row.available_from,
    )  # fmt: skip
    return dw.update_dwelling(session, actor, row.id, row.version, data)


def _propose_swap(session: Session, actor: Actor, household: Any, code: str) -> object:
    """``code`` hosts one of Utrecht's households: for OWN the actor's municipality is a party, for
    OTHER the proposal is between two municipalities that are not the actor's."""
    return swaps.propose_swap(
        session, actor, host_code=code, owner_code=THIRD, persons=3, period=P1, koppeling_id=household.id
    )


def _update_dossier(session: Session, actor: Actor, dossier: Any, code: str) -> object:
    changes = ds.DossierChanges(moving_date=None, address_after_move="Dorpsstraat 1", expected_followers=1)
    return ds.update_dossier(session, actor, dossier.id, dossier.version, changes)


LATER = date(2017, 3, 1)


def _new_koppeling(code: str) -> kp.KoppelingInput:
    return kp.KoppelingInput(
        "8123456789", gemeente_code=code, linked_on=date(2017, 2, 1), adults=2, children=1
    )


CASES = [
    Case("koppeling inzien", Action.READ, Area.BOARD, _koppeling,
         lambda s, a, k, code: kp.get_koppeling(s, a, k.id)),
    Case("koppeling wijzigen", Action.UPDATE, Area.BOARD, _koppeling,
         lambda s, a, k, code: kp.change_status(s, a, k.id, k.version, KoppelingStatus.VERVALLEN, on=LATER)),
    Case("koppeling aanmaken", Action.CREATE, Area.BOARD, _nothing,
         lambda s, a, _, code: kp.create_koppeling(s, a, _new_koppeling(code))),
    Case("woningen doorzoeken", Action.SEARCH, Area.BOARD, _dwelling,
         lambda s, a, _, code: dw.list_dwellings(s, a, dw.DwellingFilter()), scope="region"),
    Case("woning wijzigen", Action.UPDATE, Area.BOARD, _dwelling, _update_dwelling),
    Case("uitruilen inzien", Action.READ, Area.BOARD, _nothing,
         lambda s, a, _, code: swaps.list_swaps(s, a), scope="region"),
    Case("uitruil voorstellen", Action.CREATE, Area.BOARD, _utrecht_household, _propose_swap),
    Case("dossier inzien", Action.READ, Area.DOSSIER, _family,
         lambda s, a, d, code: ds.get_dossier(s, a, d.id)),
    Case("dossiers doorzoeken", Action.SEARCH, Area.DOSSIER, _family,
         lambda s, a, _, code: ds.list_dossiers(s, a, ds.DossierFilter(gemeente_code=code))),
    Case("dossier aanmaken", Action.CREATE, Area.DOSSIER, _koppeling,
         lambda s, a, k, code: ds.create_dossier_from_koppeling(s, a, k.id)),
    Case("dossier wijzigen", Action.UPDATE, Area.DOSSIER, _family, _update_dossier),
    Case("gebruikers inzien", Action.READ, Area.USERS, _nothing,
         lambda s, a, _, code: users.list_users(s, a), scope="self"),
    Case("gebruiker aanmaken", Action.CREATE, Area.USERS, _nothing,
         lambda s, a, _, code: users.create_user(
             s, a, login="nieuw-lid", name="Nieuw Lid", role=Role.CONSULENT, gemeente_code=code)),
    Case("toegangslog inzien", Action.READ, Area.AUDIT, _nothing,
         lambda s, a, _, code: audit.list_access_log(s, a, limit=10), scope="region"),
]  # fmt: skip

PARAMS = [
    pytest.param(role, where, case, id=f"{role.value}-{where}-{case.name.replace(' ', '_')}")
    for role in Role
    for case in CASES
    for where in (("own", "other") if case.scope == "object" else ("own",))
]


def _expected(role: Role, where: str, case: Case) -> bool:
    own = {"object": where == "own", "region": None, "self": True}[case.scope]
    return is_allowed(role, case.action, case.area, own_gemeente=own)


def _snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table except the access log and its chain head (a refusal writes to them)."""
    session.flush()
    out = {}
    for name, table in Base.metadata.tables.items():
        if name in ("access_log", "access_log_chain"):
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        out[name] = [tuple(r) for r in session.execute(select(table).order_by(*order))]
    return out


def _denied(session: Session, login: str) -> int:
    session.flush()
    query = select(func.count()).where(AccessLog.actor_login == login, AccessLog.result == "denied")
    return int(session.scalar(query) or 0)


@pytest.mark.parametrize(("role", "where", "case"), PARAMS)
def test_role_matrix_through_the_services(
    session: Session, make_actor, system_actor, role: Role, where: str, case: Case
) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(role, cbs_code=OWN)
    code = OWN if where == "own" else OTHER
    target = case.setup(session, system_actor, code)
    denied_before = _denied(session, actor.login)
    if _expected(role, where, case):
        assert case.call(session, actor, target, code) is not None
        assert _denied(session, actor.login) == denied_before
        return
    before = _snapshot(session)
    with pytest.raises(PermissionDenied) as refused:
        case.call(session, actor, target, code)
    assert refused.value.message.startswith(("Alleen", "Niemand")), refused.value.message
    assert _snapshot(session) == before, "a refused call changed the database"
    assert _denied(session, actor.login) == denied_before + 1


def test_the_matrix_tested_is_not_trivial() -> None:
    """Every role is allowed something and refused something; own and other differ somewhere."""
    for role in Role:
        outcomes = {_expected(r, where, case) for r, where, case in (p.values for p in PARAMS) if r is role}
        assert outcomes == {True, False}, role
    assert any(
        scope_for(role, case.action, case.area) is Scope.OWN
        for role in Role
        for case in CASES
        if case.scope == "object"
    )
    # A few cells spelled out, so that the oracle itself is pinned down too.
    by_name = {case.name: case for case in CASES}
    spelled = {
        (Role.CONTACTPERSOON, "own", "koppeling wijzigen"): True,
        (Role.CONTACTPERSOON, "other", "koppeling wijzigen"): False,
        (Role.REGIO_COORDINATOR, "other", "woning wijzigen"): True,
        (Role.REGIO_COORDINATOR, "other", "dossier inzien"): False,
        (Role.CONSULENT, "own", "dossier wijzigen"): True,
        (Role.CONSULENT, "own", "koppeling wijzigen"): False,
        (Role.ALLEEN_LEZEN, "own", "dossier inzien"): True,
        (Role.ALLEEN_LEZEN, "own", "dossier wijzigen"): False,
        (Role.BEHEERDER, "own", "dossier inzien"): False,
        (Role.BEHEERDER, "other", "gebruiker aanmaken"): True,
        (Role.BEHEERDER, "own", "toegangslog inzien"): True,
        (Role.REGIO_COORDINATOR, "own", "toegangslog inzien"): False,
    }
    assert {key: _expected(key[0], key[1], by_name[key[2]]) for key in spelled} == spelled
