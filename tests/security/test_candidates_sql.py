"""Candidates and work profiles with a person's own PostgreSQL login and plain SQL: another
municipality cannot see them (not the candidates, not their history, not the work profiles), gets
the counts through ``dl_pledge_counts``, and cannot write a candidate or a work profile for a
dossier that is not theirs — not even claiming its own gemeente_id."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import psycopg
import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, build_case, make_world, refused

pytestmark = POSTGRES_ONLY

DAY = date(2026, 3, 2)
CANDIDATE = (
    "INSERT INTO candidates (dossier_id, member_id, gemeente_id, pledge_id, status, status_on, reason_text,"
    " next_step, candidate_consent_by, consulent_consent_by, explanation, proposed_by, version, created_at,"
    " updated_at) VALUES (%s, %s, %s, %s, 'voorgesteld', %s, '', 'x', '', '', '', 'x', 1, now(), now())"
)
PROFILE = (
    "INSERT INTO work_profiles (dossier_id, member_id, education_level, experience_sectors, experience_text,"
    " language_level, interests, recorded_by, version, created_at, updated_at)"
    " VALUES (%s, %s, '', 'I', '', 'B1', '', 'x', 1, now(), now())"
)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.db.models import Challenge, Employer, Pledge
    from app.domain.challenges import PlaceKind
    from app.services.challenges import candidates as cs
    from app.services.challenges.profiles import ProfileInput, set_profile

    with make_world() as w:
        w.add_person("cons_a", Role.CONSULENT, A, prefix="co")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.add_person("cons_b", Role.CONSULENT, B, prefix="co")
        w.ids["A"] = build_case(w, "cons_a", A)
        w.ids["B"] = build_case(w, "cp_b", B)
        actor = w.actor("cons_a")
        with w.db.unit_of_work() as s:
            employer = Employer(gemeente_id=w.gid(A), name="Hotel De Linde", sector="I", created_by="t")
            s.add(employer)
            s.flush()
            challenge = Challenge(gemeente_id=w.gid(A), title="Challenge Horeca", held_on=DAY, created_by="t")
            s.add(challenge)
            s.flush()
            pledge = Pledge(
                gemeente_id=w.gid(A), employer_id=employer.id, challenge_id=challenge.id,
                kind=PlaceKind.WERKSTAGE, places=2, sector="I", language_level="A2", hours=24,
                pledged_on=DAY, open_to_region=True, created_by="t",
            )  # fmt: skip
            s.add(pledge)
            s.flush()
            member = w.ids["A"]["dossier_members"][0]
            data = ProfileInput(
                language_level="B1", experience_sectors="I", available_hours=32, max_travel_minutes=60
            )
            set_profile(s, actor, member, data)
            c = cs.propose(
                s, actor, pledge.id, member, next_step="Bellen", next_due=DAY + timedelta(days=7), today=DAY
            )
            w.ids["pledge"], w.ids["challenge"], w.ids["candidate"] = pledge.id, challenge.id, c.id
        yield w


def test_the_own_municipality_reads_its_candidates_and_profiles(world: World) -> None:
    conn = world.connect("cons_a")
    assert conn.execute("SELECT id FROM candidates").fetchall() == [(world.ids["candidate"],)]
    assert conn.execute("SELECT count(*) FROM candidate_status_changes").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM work_profiles").fetchone() == (1,)


def test_another_municipality_sees_counts_never_who(world: World) -> None:
    conn = world.connect("cp_b")
    assert conn.execute("SELECT * FROM candidates").fetchall() == []
    assert conn.execute("SELECT * FROM candidate_status_changes").fetchall() == []
    assert conn.execute("SELECT * FROM work_profiles").fetchall() == []
    counts = conn.execute("SELECT pledge_id, gemeente_id, status, n FROM dl_pledge_counts()").fetchall()
    assert counts == [(world.ids["pledge"], world.gid(A), "voorgesteld", 1)]


def test_another_municipality_cannot_write_for_a_dossier_not_theirs(world: World) -> None:
    conn = world.connect("cons_b")
    dossier_a, member_a = world.ids["A"]["dossiers"][0], world.ids["A"]["dossier_members"][1]
    for gemeente in (world.gid(A), world.gid(B)):  # as A's, and disguised as their own
        error = refused(conn, CANDIDATE, (dossier_a, member_a, gemeente, world.ids["pledge"], DAY))
        assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    error = refused(conn, PROFILE, (dossier_a, member_a))
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    # Their own dossier with a member of ours smuggled in: refused too.
    dossier_b = world.ids["B"]["dossiers"][0]
    error = refused(conn, CANDIDATE, (dossier_b, member_a, world.gid(B), world.ids["pledge"], DAY))
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    error = refused(conn, PROFILE, (dossier_b, member_a))
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    updated = conn.execute(
        "UPDATE candidates SET status = 'gestopt' WHERE id = %s", (world.ids["candidate"],)
    ).rowcount
    assert updated == 0
    assert conn.execute("UPDATE work_profiles SET language_level = 'C1'").rowcount == 0
    assert conn.execute("DELETE FROM work_profiles").rowcount == 0


def test_the_own_municipality_writes_for_its_own_dossier(world: World) -> None:
    conn = world.connect("cons_b")
    dossier_b, member_b = world.ids["B"]["dossiers"][0], world.ids["B"]["dossier_members"][0]
    with conn.transaction(force_rollback=True):  # allowed: nothing of it stays
        conn.execute(PROFILE, (dossier_b, member_b))
        conn.execute(CANDIDATE, (dossier_b, member_b, world.gid(B), world.ids["pledge"], DAY))


def test_the_services_on_the_users_own_login_suggest_only_own_members(world: World) -> None:
    from sqlalchemy import make_url

    from app.db.session import Database
    from app.services.challenges import candidates as cs
    from app.services.challenges.profiles import ProfileInput, set_profile
    from app.services.challenges.suggestions import open_places, suggest_candidates

    person = world.people["cons_b"]
    own = Database(make_url(world.url).set(username=person.login, password=person.password))
    try:
        actor = world.actor("cons_b")
        with own.unit_of_work() as s:
            member_b = world.ids["B"]["dossier_members"][0]
            data = ProfileInput(
                language_level="B2", experience_sectors="I", available_hours=32, max_travel_minutes=90
            )
            set_profile(s, actor, member_b, data)
            [place] = open_places(s, actor, world.ids["challenge"])
            assert place.taken == 1 and place.open == 1  # A's candidate counted, not shown
            found = suggest_candidates(s, actor, world.ids["challenge"])
            assert [f.member_id for f in found] == [member_b]
            c = cs.propose(
                s, actor, world.ids["pledge"], member_b, next_step="Bellen", next_due=DAY, today=DAY
            )
            assert c.gemeente_id == world.gid(B)
            assert [x.id for x in cs.challenge_candidates(s, actor, world.ids["challenge"], today=DAY)] == [
                c.id
            ]
            s.rollback()
    finally:
        own.dispose()
