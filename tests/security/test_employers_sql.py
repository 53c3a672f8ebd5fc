"""Employers with plain SQL: read by the whole region, kept by their own municipality (contacts
follow their employer), the yearly targets region data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.services.challenges import employers as em

    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cons_b", Role.CONSULENT, B, prefix="co")
        w.add_person("regio", Role.REGIO_COORDINATOR, B, prefix="rc")
        with w.db.unit_of_work() as s:
            made = em.create_employer(
                s, w.actor("cp_a"),
                em.EmployerInput(name="Bakkerij A", gemeente_code=A, contacts=[em.ContactInput("Piet")]),
            )  # fmt: skip
            w.ids["employer"] = made.id
        yield w


def test_everyone_reads_employers_and_their_contacts(world: World) -> None:
    with world.connect("cons_b") as conn:
        assert conn.execute("SELECT count(*) FROM employers").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM employer_contacts").fetchone() == (1,)


def test_another_municipality_cannot_change_or_forge(world: World) -> None:
    e = world.ids["employer"]
    with world.connect("cons_b") as conn:
        assert rowcount(conn, "UPDATE employers SET notes = 'x' WHERE id = %s", (e,)) == 0
        assert rowcount(conn, "UPDATE employers SET gemeente_id = %s WHERE id = %s", (world.gid(B), e)) == 0
        assert rowcount(conn, "DELETE FROM employer_contacts") == 0
        refused(
            conn,
            "INSERT INTO employer_contacts (employer_id, name, role, phone, email, version, created_at, "
            "updated_at) VALUES (%s, 'Nep', '', '', '', 1, now(), now())",
            (e,),
        )
        refused(
            conn,
            "INSERT INTO challenge_targets (year, gemeente_id, places, set_by_hand, version, created_at, "
            "updated_at) VALUES (2026, %s, 99, true, 1, now(), now())",
            (world.gid(B),),
        )
    with world.connect("cp_a") as conn:
        assert rowcount(conn, "UPDATE employers SET notes = 'x' WHERE id = %s", (e,)) == 1
        assert rowcount(conn, "UPDATE employer_contacts SET phone = '030' WHERE employer_id = %s", (e,)) == 1
    with world.connect("regio") as conn:
        assert rowcount(conn, "UPDATE employers SET notes = 'y' WHERE id = %s", (e,)) == 1
