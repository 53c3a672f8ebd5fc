"""The two-municipality walk, checked with plain SQL as the users' own PostgreSQL logins: Zeist (A)
opened its pledge to the region and Bunnik's (B) consulent proposed a member of a Bunnik dossier.
A's login counts the candidate through ``dl_pledge_counts()`` but reads no candidate row, no work
profile, no member name, no plan action or timeline entry of B's dossier; B's login reads its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, make_world

pytestmark = POSTGRES_ONLY
NAME = "Samira Haddad"
DAY = date(2026, 3, 12)
LATER = DAY + timedelta(weeks=7)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.services.challenges import candidates as cs
    from app.services.challenges import pledges as sp
    from tests.challenges.candidate_fixtures import profile
    from tests.challenges.fixtures import challenge, employer, pledge
    from tests.db.case_fixtures import family

    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cons_a", Role.CONSULENT, A, prefix="co")
        w.add_person("cons_b", Role.CONSULENT, B, prefix="co")
        a, b = w.actor("cp_a"), w.actor("cons_b")
        with w.db.unit_of_work() as s:
            made = challenge(s, a, A, held_on=DAY)
            p = pledge(s, a, A, employer(s, A).id, made.id, places=2)
            sp.open_to_region(s, a, p.id, p.version, LATER)
            dossier = family(s, b, B, head=NAME, partner=None, children=())
            member_id = dossier.members[0].id
            profile(s, b, member_id, experience_sectors="C", language_level="B1")
            c = cs.propose(s, b, p.id, member_id, next_step="Werkgever bellen", next_due=LATER, today=LATER)
            w.ids.update(pledge=p.id, candidate=c.id, dossier=dossier.id, member=member_id)
        yield w


def test_a_counts_b_s_candidate_but_reads_nothing_of_it(world: World) -> None:
    ids = world.ids
    for who in ("cp_a", "cons_a"):
        with world.connect(who) as conn:
            assert conn.execute(
                "SELECT pledge_id, status, n FROM dl_pledge_counts() WHERE pledge_id = %s", (ids["pledge"],)
            ).fetchall() == [(ids["pledge"], "voorgesteld", 1)]
            assert conn.execute("SELECT count(*) FROM candidates").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM candidate_status_changes").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM work_profiles").fetchone() == (0,)
            assert conn.execute(
                "SELECT count(*) FROM dossiers WHERE id = %s", (ids["dossier"],)
            ).fetchone() == (0,)
            found = conn.execute(
                "SELECT count(*) FROM dossier_members WHERE name ILIKE %s OR id = %s",
                ("%Haddad%", ids["member"]),
            ).fetchone()
            assert found == (0,)
            # The open pledge itself is regional: A and B both read it.
            assert conn.execute(
                "SELECT open_to_region FROM pledges WHERE id = %s", (ids["pledge"],)
            ).fetchone() == (True,)


def test_a_cannot_move_or_remove_b_s_candidate(world: World) -> None:
    from tests.security.conftest import rowcount

    with world.connect("cp_a") as conn:
        c = world.ids["candidate"]
        assert rowcount(conn, "UPDATE candidates SET status = 'gestopt' WHERE id = %s", (c,)) == 0
        assert rowcount(conn, "DELETE FROM candidates WHERE id = %s", (c,)) == 0


def test_b_reads_its_own_candidate(world: World) -> None:
    with world.connect("cons_b") as conn:
        row = conn.execute(
            "SELECT m.name, c.status FROM candidates c JOIN dossier_members m ON m.id = c.member_id "
            "WHERE c.id = %s",
            (world.ids["candidate"],),
        ).fetchone()
        assert row == (NAME, "voorgesteld")
