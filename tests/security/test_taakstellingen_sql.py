"""Taakstellingen and their history with plain SQL as the users' own logins: everybody in the region
reads both; only a regio-coördinator or beheerder sets a taakstelling and writes its history; the
history is never changed or deleted, not even by them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.domain.periods import Period
from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, make_world, refused, rowcount

pytestmark = POSTGRES_ONLY

HISTORY_INSERT = (
    "INSERT INTO taakstelling_changes (taakstelling_id, at, by_login, by_name, old_persons, new_persons, "
    "old_backlog, new_backlog, source, reason) VALUES (%s, now(), current_user, 'x', 20, 0, NULL, NULL, "
    "'nep', 'nep')"
)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.services.board.taakstellingen import TaakstellingEdit, save_taakstellingen

    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cons_a", Role.CONSULENT, A, prefix="co")
        w.add_person("regio", Role.REGIO_COORDINATOR, B, prefix="rc")
        w.add_person("beheer", Role.BEHEERDER, None, prefix="bh")
        with w.db.unit_of_work() as s:
            table = save_taakstellingen(
                s,
                w.actor("regio"),
                Period(2027, 1),
                [TaakstellingEdit(w.gid(A), 20, None, "Brief ministerie")],
            )
        with w.admin() as conn:
            w.ids["tk"] = conn.execute("SELECT id FROM taakstellingen").fetchone()[0]  # type: ignore[index]
        assert table.total == 20
        yield w


def test_everyone_reads_taakstellingen_and_their_history(world: World) -> None:
    for who in ("cp_a", "cons_a", "regio", "beheer"):
        with world.connect(who) as conn:
            assert conn.execute("SELECT persons FROM taakstellingen").fetchall() == [(20,)]
            assert conn.execute("SELECT new_persons, source FROM taakstelling_changes").fetchall() == [
                (20, "Brief ministerie")
            ]


def test_a_contactpersoon_cannot_change_a_taakstelling_or_write_history(world: World) -> None:
    tk = world.ids["tk"]
    for who in ("cp_a", "cons_a"):  # not even their own municipality's
        with world.connect(who) as conn:
            assert rowcount(conn, "UPDATE taakstellingen SET persons = 0 WHERE id = %s", (tk,)) == 0
            assert rowcount(conn, "DELETE FROM taakstellingen WHERE id = %s", (tk,)) == 0
            refused(
                conn,
                "INSERT INTO taakstellingen (gemeente_id, period_id, persons, source, version, created_at, "
                "updated_at) SELECT %s, period_id, 1, 'nep', 1, now(), now() FROM taakstellingen",
                (world.gid(B),),
            )
            refused(conn, HISTORY_INSERT, (tk,))
            assert rowcount(conn, "UPDATE taakstelling_changes SET new_persons = 0") == 0
            assert rowcount(conn, "DELETE FROM taakstelling_changes") == 0
    with world.admin() as conn:
        assert conn.execute("SELECT persons FROM taakstellingen WHERE id = %s", (tk,)).fetchone() == (20,)


def test_the_regio_coordinator_and_beheerder_write_but_never_rewrite_history(world: World) -> None:
    tk = world.ids["tk"]
    for who in ("regio", "beheer"):
        with world.connect(who) as conn:
            assert rowcount(conn, "UPDATE taakstellingen SET persons = 21 WHERE id = %s", (tk,)) == 1
            assert rowcount(conn, HISTORY_INSERT, (tk,)) == 1
            refused(conn, "UPDATE taakstelling_changes SET new_persons = 0")
            refused(conn, "DELETE FROM taakstelling_changes")


def test_the_program_saves_with_the_regio_coordinators_own_login(world: World) -> None:
    """The service, on a connection with the person's own login (as the program runs): the
    correction and its history line pass row-level security; the printed overview reads all."""
    from sqlalchemy import make_url

    from app.db.session import Database
    from app.services.board.regional_overview import regional_overview_pdf
    from app.services.board.taakstellingen import (
        TaakstellingEdit,
        list_taakstellingen,
        save_taakstellingen,
        taakstelling_history,
    )

    person = world.people["regio"]
    own = Database(make_url(world.url).set(username=person.login, password=person.password))
    try:
        actor, period = world.actor("regio"), Period(2027, 1)
        with own.unit_of_work() as s:
            seen = list_taakstellingen(s, actor, period).by_id(world.gid(A)).version
            save_taakstellingen(
                s, actor, period, [TaakstellingEdit(world.gid(A), 25, -1, "Mail COA", "Telfout", seen)]
            )
            lines = taakstelling_history(s, actor, period, world.gid(A))
            assert (lines[0].old_persons, lines[0].new_persons, lines[0].reason) == (20, 25, "Telfout")
            data, pages = regional_overview_pdf(s, actor, period)
            assert data.startswith(b"%PDF") and pages >= 2
            s.rollback()
    finally:
        own.dispose()
