"""A PostgreSQL "world" for the attacker tests: a migrated database of its own, persons with their
own PostgreSQL logins (made through the services, that is through dl_create_user), and plain psycopg
connections as those persons. Nothing of the program sits between a person and the database.

Role names are cluster-wide and the cluster is shared by every test database: each login gets a
unique name and is dropped when the world is torn down, after its database is gone.
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg
import pytest
from sqlalchemy import make_url, select

from app.db.session import Database
from app.domain.roles import Role
from tests.conftest import PG_URL, _drop_pg_database, _new_pg_database

# Municipalities of the region used in the tests (A attacks B; C is a third party).
A, B, C = "GM0355", "GM0312", "GM0344"  # Zeist, Bunnik, Utrecht

POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on"),
]


@dataclass(frozen=True)
class Person:
    key: str
    login: str
    password: str
    role: Role
    gemeente: str | None
    user_id: int


def _admin_dsn(database: str | None = None) -> dict[str, Any]:
    url = make_url(PG_URL)
    return {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password,
        "dbname": database or url.database,
    }


@dataclass
class World:
    url: str
    db: Database
    dbname: str
    people: dict[str, Person] = field(default_factory=dict)
    logins: list[str] = field(default_factory=list)
    _conns: list[psycopg.Connection[Any]] = field(default_factory=list)
    ids: dict[str, Any] = field(default_factory=dict)
    gemeente_ids: dict[str, int] = field(default_factory=dict)

    # --- persons ---------------------------------------------------------------------------

    def add_person(self, key: str, role: Role, gemeente: str | None, *, prefix: str = "u") -> Person:
        """A user and their own PostgreSQL login, made by the system through the services."""
        from app.services.access import Actor
        from app.services.users import create_user

        login = f"{prefix}-{uuid.uuid4().hex[:10]}"
        password = secrets.token_urlsafe(18)
        self.logins.append(login)  # before creating: a half-made login is dropped too
        with self.db.unit_of_work() as session:
            info = create_user(
                session,
                Actor.system_actor("test"),
                login=login,
                name=f"Test {key}",
                role=role,
                gemeente_code=gemeente,
                password=password,
            )
        person = Person(key, login, password, role, gemeente, info.id)
        self.people[key] = person
        return person

    def actor(self, key: str):  # type: ignore[no-untyped-def]
        """The program's Actor of a person, for setting data up through the services."""
        from app.db.models import User
        from app.services.users import actor_for

        with self.db.unit_of_work() as session:
            return actor_for(session.scalars(select(User).where(User.id == self.people[key].user_id)).one())

    # --- connections -----------------------------------------------------------------------

    def dsn(self, person: Person) -> dict[str, Any]:
        dsn = _admin_dsn(self.dbname)
        dsn.update(user=person.login, password=person.password)
        return dsn

    def connect(self, who: Person | str, *, autocommit: bool = True) -> psycopg.Connection[Any]:
        """A plain psycopg connection with the person's own login and password."""
        person = self.people[who] if isinstance(who, str) else who
        conn = psycopg.connect(**self.dsn(person), autocommit=autocommit, connect_timeout=10)
        self._conns.append(conn)
        return conn

    def admin(self) -> psycopg.Connection[Any]:
        """The test login (owner of the test database, member of dl_owner): sees everything."""
        conn = psycopg.connect(**_admin_dsn(self.dbname), autocommit=True, connect_timeout=10)
        self._conns.append(conn)
        return conn

    def gid(self, code: str) -> int:
        if code not in self.gemeente_ids:
            with self.admin() as conn:
                row = conn.execute("SELECT id FROM gemeenten WHERE cbs_code = %s", (code,)).fetchone()
            assert row is not None
            self.gemeente_ids[code] = int(row[0])
        return self.gemeente_ids[code]

    def close_connections(self) -> None:
        for conn in self._conns:
            with contextlib.suppress(Exception):  # best effort
                conn.close()
        self._conns.clear()


def _drop_logins(logins: list[str]) -> None:
    if not logins:
        return
    with psycopg.connect(**_admin_dsn(), autocommit=True, connect_timeout=10) as conn:
        for login in logins:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
            if not exists:
                continue
            try:
                conn.execute(f'DROP ROLE "{login}"')
            except psycopg.errors.InsufficientPrivilege:
                # PostgreSQL 16+: dropping a role needs ADMIN OPTION on it, which dl_role_admin holds.
                conn.execute("SET ROLE dl_role_admin")
                conn.execute(f'DROP ROLE "{login}"')
                conn.execute("RESET ROLE")


@contextmanager
def make_world() -> Iterator[World]:
    """A migrated database of its own; every login made in it is dropped afterwards."""
    from app.bootstrap import prepare

    url = _new_pg_database()
    db = Database(url)
    world = World(url=url, db=db, dbname=str(make_url(url).database))
    try:
        prepare(db)
        yield world
    finally:
        world.close_connections()
        db.dispose()
        _drop_pg_database(url)
        _drop_logins(world.logins)


# --- data built through the services ----------------------------------------------------------------

_bsn_counter = iter(range(10**6))


def _bsn() -> str:
    """A fresh valid BSN (11-proef)."""
    while True:
        n = 100_000_000 + next(_bsn_counter) * 7919 % 800_000_000
        digits = f"{n:09d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
        if total % 11 == 0:
            return digits


def build_case(world: World, actor_key: str, code: str) -> dict[str, list[int]]:
    """One dossier with members (BSNs), a plan goal with an action, a handover with its checks and
    status changes, a milestone, a NOA row and timeline events; returns the ids per table."""
    from app.db.models import (
        DossierEvent,
        DossierMember,
        HandoverCheck,
        HandoverStatusChange,
        Milestone,
        NoaRecord,
        PlanAction,
        PlanGoal,
    )
    from app.domain.case_dossier import MemberRole, MilestoneKind, NoaPart, PlanDomain
    from app.domain.handover import HandoverKind
    from app.services.cases import dossiers as ds
    from app.services.cases import handovers as ho
    from app.services.cases import members as dm
    from app.services.cases import plan
    from app.services.cases.views import ContactInfo
    from tests.db.board_fixtures import koppeling

    actor = world.actor(actor_key)
    with world.db.unit_of_work() as s:
        k = koppeling(s, code, date(2017, 2, 1), 2)
        detail = ds.create_dossier_from_koppeling(
            s,
            actor,
            k.id,
            head=dm.MemberInput(
                name=f"Hoofd {code}", birth_date=date(1984, 3, 1), v_nummer=k.v_nummer, bsn=_bsn()
            ),
        )
        partner = dm.add_member(
            s,
            actor,
            detail.id,
            dm.MemberInput(
                name=f"Partner {code}", role=MemberRole.PARTNER, birth_date=date(1982, 1, 9), bsn=_bsn()
            ),
        )
        goal = plan.add_goal(s, actor, detail.id, plan.GoalInput(PlanDomain.HUISVESTING, "Een woning vinden"))
        plan.add_action(s, actor, goal.id, plan.ActionInput("Inschrijven bij de corporatie", owner="Cor"))
        handover = ho.create_handover(
            s,
            actor,
            detail.id,
            ho.HandoverInput(
                HandoverKind.GCA_HUISARTS,
                receiver=ContactInfo("Praktijk De Linde", "J. Bakker", "030-1234567", "p@voorbeeld.invalid"),
            ),
        )
        dm.set_milestone(s, actor, detail.id, MilestoneKind.RECHTEN_PLICHTEN, date(2017, 2, 10))
        dm.record_noa_part(s, actor, partner.id, NoaPart.ACHTERGROND, date(2017, 2, 12))
        dossier_id = detail.id

        def ids(model: Any, column: Any, value: int) -> list[int]:
            return list(s.scalars(select(model.id).where(column == value)))

        goal_ids = ids(PlanGoal, PlanGoal.dossier_id, dossier_id)
        out = {
            "koppelingen": [k.id],
            "dossiers": [dossier_id],
            "dossier_members": ids(DossierMember, DossierMember.dossier_id, dossier_id),
            "dossier_milestones": ids(Milestone, Milestone.dossier_id, dossier_id),
            "noa_parts": ids(NoaRecord, NoaRecord.dossier_id, dossier_id),
            "plan_goals": goal_ids,
            "plan_actions": list(s.scalars(select(PlanAction.id).where(PlanAction.goal_id.in_(goal_ids)))),
            "dossier_events": ids(DossierEvent, DossierEvent.dossier_id, dossier_id),
            "handovers": [handover.id],
            "handover_checks": ids(HandoverCheck, HandoverCheck.handover_id, handover.id),
            "handover_status_changes": ids(
                HandoverStatusChange, HandoverStatusChange.handover_id, handover.id
            ),
        }
    assert all(out.values()), out
    return out


def snapshot(conn: psycopg.Connection[Any], ids: dict[str, list[int]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of the given rows, per table (as the admin, who sees everything)."""
    return {
        table: conn.execute(f"SELECT * FROM {table} WHERE id = ANY(%s) ORDER BY id", (row_ids,)).fetchall()
        for table, row_ids in ids.items()
    }


def refused(conn: psycopg.Connection[Any], sql: Any, params: Any = None) -> psycopg.Error:
    """Run one statement that must fail; the connection is usable afterwards. Never commits: an
    attack that succeeds leaves nothing behind for the other tests."""
    try:
        with conn.transaction(force_rollback=True):
            conn.execute(sql, params)
    except psycopg.Error as exc:
        return exc
    raise AssertionError(f"the database allowed: {sql} {params!r}")


def rowcount(conn: psycopg.Connection[Any], sql: Any, params: Any = None) -> int:
    """Rows a statement touched, inside a transaction that is always rolled back; a refusal is 0."""
    try:
        with conn.transaction(force_rollback=True):
            return conn.execute(sql, params).rowcount
    except psycopg.errors.InsufficientPrivilege:
        return 0
