"""Challenges and pledges with plain SQL as the users' own logins: every user of the region reads
every challenge, its checklist and every pledge; only the lead municipality (or a regio-coördinator)
changes them. A consulent of A attacks B's challenge, checklist and pledge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from tests.challenges.fixtures import challenge, employer, pledge

    with make_world() as w:
        w.add_person("cons_a", Role.CONSULENT, A, prefix="co")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.add_person("lezer_b", Role.ALLEEN_LEZEN, B, prefix="lz")
        w.add_person("regio", Role.REGIO_COORDINATOR, A, prefix="rc")
        with w.db.unit_of_work() as s:
            made = challenge(s, w.actor("cp_b"), B)
            bakker = employer(s, B)
            w.ids["challenge"] = made.id
            w.ids["check"] = made.checks[0].id
            w.ids["pledge"] = pledge(s, w.actor("cp_b"), B, bakker.id, made.id).id
        yield w


def test_everyone_reads_challenges_checklists_and_pledges(world: World) -> None:
    for who in ("cons_a", "cp_b", "lezer_b", "regio"):
        with world.connect(who) as conn:
            assert conn.execute("SELECT count(*) FROM challenges").fetchone() == (1,)
            assert conn.execute("SELECT count(*) FROM challenge_checks").fetchone()[0] >= 7  # type: ignore[index]
            assert conn.execute("SELECT count(*) FROM pledges").fetchone() == (1,)
            assert conn.execute("SELECT count(*) FROM dl_pledge_counts()").fetchone() == (0,)


def test_another_municipality_cannot_change_a_challenge_its_checklist_or_pledges(world: World) -> None:
    c, check, p = world.ids["challenge"], world.ids["check"], world.ids["pledge"]
    with world.connect("cons_a") as conn:
        assert rowcount(conn, "UPDATE challenges SET venue = 'Elders' WHERE id = %s", (c,)) == 0
        assert rowcount(conn, "UPDATE challenges SET gemeente_id = %s WHERE id = %s", (world.gid(A), c)) == 0
        assert rowcount(conn, "DELETE FROM challenges WHERE id = %s", (c,)) == 0
        assert (
            rowcount(conn, "UPDATE challenge_checks SET done = true, done_by = 'x' WHERE id = %s", (check,))
            == 0
        )
        assert rowcount(conn, "DELETE FROM challenge_checks WHERE challenge_id = %s", (c,)) == 0
        refused(
            conn,
            "INSERT INTO challenge_checks (challenge_id, item_key, position, text, done, done_by, version, "
            "created_at, updated_at) VALUES (%s, 'nep', 99, 'Nep', false, '', 1, now(), now())",
            (c,),
        )
        assert rowcount(conn, "UPDATE pledges SET places = 1, open_to_region = true WHERE id = %s", (p,)) == 0
        assert rowcount(conn, "DELETE FROM pledges WHERE id = %s", (p,)) == 0
    with world.connect("lezer_b") as conn:  # a reader of the same municipality reads only
        assert rowcount(conn, "UPDATE challenge_checks SET done = true WHERE id = %s", (check,)) == 0


def test_the_owner_and_the_regio_coordinator_keep_them(world: World) -> None:
    c, check, p = world.ids["challenge"], world.ids["check"], world.ids["pledge"]
    with world.connect("cp_b") as conn, conn.transaction(force_rollback=True):
        assert rowcount(conn, "UPDATE challenge_checks SET done = true WHERE id = %s", (check,)) == 1
        assert rowcount(conn, "UPDATE pledges SET open_to_region = true WHERE id = %s", (p,)) == 1
    with world.connect("regio") as conn, conn.transaction(force_rollback=True):
        assert rowcount(conn, "UPDATE challenges SET venue = 'Elders' WHERE id = %s", (c,)) == 1


def test_only_the_keeping_municipality_marks_a_pledge_flag_handled(world: World) -> None:
    """0019's columns fall under the pledges' grants and rules: A cannot mark B's flag handled (nor
    clear it), B's contactpersoon can, B's reader cannot."""
    p = world.ids["pledge"]
    handled = "UPDATE pledges SET unfilled_handled_on = current_date, unfilled_handled_by = %s WHERE id = %s"
    with world.connect("cons_a") as conn:
        assert rowcount(conn, handled, ("Aanvaller", p)) == 0
        assert rowcount(conn, "UPDATE pledges SET unfilled_handled_on = NULL WHERE id = %s", (p,)) == 0
    with world.connect("lezer_b") as conn:
        assert rowcount(conn, handled, ("Lezer", p)) == 0
    with world.connect("cp_b") as conn, conn.transaction(force_rollback=True):
        assert conn.execute(handled, ("Cp B", p)).rowcount == 1
        by = conn.execute("SELECT unfilled_handled_by FROM pledges WHERE id = %s", (p,)).fetchone()
        assert by == ("Cp B",)
    with world.connect("cons_a") as conn:  # everyone still reads the pledge, the new columns too
        on = conn.execute("SELECT unfilled_handled_on FROM pledges WHERE id = %s", (p,)).fetchone()
        assert on == (None,)
