"""Yearly targets naar rato (both backends): the split adds up to the regional target, what the
regio-coördinator set by hand survives a re-split, and only a regio-coördinator or beheerder may
change them (on PostgreSQL also with plain SQL as a contactpersoon's own login)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AccessLog, ChallengeTarget, Gemeente
from app.domain.roles import Role
from app.errors import PermissionDenied, ValidationError
from app.services.challenges import targets as tg
from tests.conftest import PG_URL
from tests.db.case_fixtures import UTRECHT, ZEIST
from tests.security.conftest import World, make_world, rowcount

YEAR = 2026


def _populations(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Gemeente.cbs_code, Gemeente.population).where(Gemeente.active)).all())


def test_the_regional_target_is_split_naar_rato_and_adds_up(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    regio = make_actor(Role.REGIO_COORDINATOR)
    table = tg.split_targets(session, regio, YEAR, 250)
    assert len(table.rows) == 16 and table.total == 250
    people = _populations(session)
    by_code = {r.code: r.places for r in table.rows}
    share = 250 * people[UTRECHT] / sum(people.values())
    assert abs(by_code[UTRECHT] - share) < 1  # largest remainder: never more than one off
    assert by_code[UTRECHT] == max(by_code.values())  # the biggest city the most
    assert not any(r.set_by_hand for r in table.rows)
    stored = session.scalars(select(ChallengeTarget).where(ChallengeTarget.year == YEAR)).all()
    assert sum(t.places for t in stored) == 250 and len(stored) == 16
    # A different year stays empty.
    assert tg.get_targets(session, regio, YEAR + 1).total == 0


def test_a_hand_set_municipality_keeps_its_number_when_the_total_is_split_again(
    session: Session,
    make_actor,  # type: ignore[no-untyped-def]
) -> None:
    regio = make_actor(Role.REGIO_COORDINATOR)
    tg.split_targets(session, regio, YEAR, 250)
    zeist = next(r for r in tg.get_targets(session, regio, YEAR).rows if r.code == ZEIST)
    table = tg.set_target(session, regio, YEAR, zeist.gemeente_id, zeist.places + 7)
    assert table.total == 257  # the others stay; the sum shown grows by the difference
    table = tg.split_targets(session, regio, YEAR, 300)
    rows = table.by_id()
    assert rows[zeist.gemeente_id].places == zeist.places + 7 and rows[zeist.gemeente_id].set_by_hand
    assert table.total == 300
    rest = {r.code: r.population for r in table.rows if r.code != ZEIST}
    from app.domain.challenges import split_naar_rato

    assert {r.code: r.places for r in table.rows if r.code != ZEIST} == split_naar_rato(
        300 - (zeist.places + 7), rest
    )
    # Back to naar rato: the whole total spread again, nothing by hand.
    table = tg.save_targets(session, regio, YEAR, 300, {zeist.gemeente_id: None})
    assert table.total == 300 and not any(r.set_by_hand for r in table.rows)
    with pytest.raises(ValidationError, match="meer dan het regionale doel"):
        tg.save_targets(session, regio, YEAR, 10, {zeist.gemeente_id: 20})


def test_only_a_regio_coordinator_or_beheerder_changes_targets(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    with pytest.raises(PermissionDenied, match="regio-coördinator"):
        tg.split_targets(session, cp, YEAR, 100)
    assert session.scalars(select(ChallengeTarget)).all() == []
    assert tg.get_targets(session, cp, YEAR).rows  # everyone reads them
    beheer = make_actor(Role.BEHEERDER, None)
    assert tg.split_targets(session, beheer, YEAR, 100).total == 100
    logged = session.scalars(select(AccessLog).where(AccessLog.object_type == tg.OBJECT)).all()
    assert any(row.detail and "regionaal doel 100" in row.detail for row in logged)


@pytest.fixture
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp", Role.CONTACTPERSOON, ZEIST, prefix="cp")
        w.add_person("regio", Role.REGIO_COORDINATOR, UTRECHT, prefix="rc")
        yield w


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on")
def test_a_contactpersoon_cannot_write_targets_with_plain_sql(world: World) -> None:
    with world.db.unit_of_work() as s:
        tg.split_targets(s, world.actor("regio"), YEAR, 120)
    conn = world.connect("cp")
    rows = conn.execute("SELECT sum(places) FROM challenge_targets WHERE year = %s", (YEAR,)).fetchone()
    assert rows == (120,)  # region data: read by all
    assert (
        rowcount(
            conn, "UPDATE challenge_targets SET places = 999 WHERE gemeente_id = %s", (world.gid(ZEIST),)
        )
        == 0
    )
    assert rowcount(conn, "DELETE FROM challenge_targets") == 0
    regio = world.connect("regio")
    changed = regio.execute(
        "UPDATE challenge_targets SET places = 30, set_by_hand = true WHERE gemeente_id = %s",
        (world.gid(ZEIST),),
    )
    assert changed.rowcount == 1
