"""Phone numbers and e-mail (migration 0020) with plain SQL as the users' own logins: a contactpersoon
cannot change a municipality's phone or e-mail (not even their own municipality's: region data), nor
another user's phone; they may set their own. A regio-coördinator sets a municipality's contact
details; a beheerder sets anyone's phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.add_person("regio", Role.REGIO_COORDINATOR, B, prefix="rc")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        yield w


def _phone(world: World, key: str) -> str:
    with world.admin() as conn:
        row = conn.execute("SELECT phone FROM users WHERE id = %s", (world.people[key].user_id,)).fetchone()
    assert row is not None
    return str(row[0])


def test_a_contactpersoon_cannot_change_any_municipalitys_phone_or_email(world: World) -> None:
    for code in (A, B):
        with world.connect("cp_a") as conn:
            assert (
                rowcount(
                    conn,
                    "UPDATE gemeenten SET phone = '0612345678', email = 'nep@example.org' WHERE id = %s",
                    (world.gid(code),),
                )
                == 0
            )
    with world.admin() as conn:
        assert conn.execute(
            "SELECT phone, email FROM gemeenten WHERE id IN (%s, %s)", (world.gid(A), world.gid(B))
        ).fetchall() == [("", ""), ("", "")]


def test_a_regio_coordinator_sets_a_municipalitys_contact_details(world: World) -> None:
    with world.connect("regio") as conn:
        sql = "UPDATE gemeenten SET phone = '14 030', email = 'info@gemeente.example' WHERE id = %s"
        assert rowcount(conn, sql, (world.gid(A),)) == 1


def test_a_contactpersoon_cannot_change_another_users_phone(world: World) -> None:
    other = world.people["cp_b"].user_id
    with world.connect("cp_a") as conn:
        refused(conn, "UPDATE users SET phone = '0612345678' WHERE id = %s", (other,))
        error = refused(conn, "SELECT dl_set_user_phone(%s, '0612345678')", (other,))
        assert "beheerder" in str(error)
    assert _phone(world, "cp_b") == ""


def test_a_user_sets_their_own_phone_and_a_beheerder_anyones(world: World) -> None:
    me = world.people["cp_a"].user_id
    with world.connect("cp_a") as conn:
        conn.execute("SELECT dl_set_user_phone(%s, '030 123 45 67')", (me,))
        refused(conn, "SELECT dl_set_user_phone(%s, 'bel mij')", (me,))  # the database checks the form too
    assert _phone(world, "cp_a") == "030 123 45 67"
    with world.connect("beheer") as conn:
        conn.execute("SELECT dl_set_user_phone(%s, '06 98765432')", (world.people["cp_b"].user_id,))
    assert _phone(world, "cp_b") == "06 98765432"
