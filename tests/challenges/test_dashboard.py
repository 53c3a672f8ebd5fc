"""The challenge dashboard against figures computed by hand (both backends), with candidates of two
municipalities; on PostgreSQL as a contactpersoon's own login the counts still include the other
municipality's candidates while plain SQL on those candidates returns nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import make_url
from sqlalchemy.orm import Session

from app.db.session import Database
from app.domain.roles import Role
from app.services.access import Actor
from app.services.challenges import dashboard as db_
from app.services.challenges import targets as tg
from app.services.users import sign_in
from tests.challenges import dashboard_fixtures as fx
from tests.conftest import PG_URL
from tests.db.case_fixtures import BUNNIK, UTRECHT, ZEIST
from tests.security.conftest import World, make_world


def _check(board: db_.Dashboard, zeist_target: int) -> None:
    rows = {r.code: r for r in board.rows}
    assert len(rows) == 16
    for code, (pledged, filled, started, completed) in fx.EXPECTED.items():
        f = rows[code].figures
        assert (f.pledged, f.filled, f.started, f.completed) == (pledged, filled, started, completed), code
    zeist = rows[ZEIST].figures
    assert zeist.target == zeist_target and rows[ZEIST].set_by_hand
    assert zeist.percent(zeist.pledged) == pytest.approx(100 * 4 / zeist_target)
    assert zeist.percent(zeist.completed) == pytest.approx(100 * 1 / zeist_target)
    for kind, expected in fx.EXPECTED_KINDS.items():
        k = board.kinds[kind]
        assert (k.pledged, k.filled, k.started, k.completed) == expected, kind
    assert (board.total.pledged, board.total.filled, board.total.started, board.total.completed) == (
        6,
        3,
        2,
        1,
    )
    assert board.total.target == 100
    assert [s.reached for s in board.funnel] == fx.EXPECTED_FUNNEL
    assert {s.status: s.stopped_here for s in board.funnel if s.stopped_here} == fx.EXPECTED_STOPPED
    assert board.candidates == 8 and board.stopped == 2


def _targets(session: Session, regio: Actor) -> int:
    tg.split_targets(session, regio, fx.YEAR, 100)
    table = tg.set_target(session, regio, fx.YEAR, fx.gid(session, ZEIST), 10)
    tg.split_targets(session, regio, fx.YEAR, 100)  # the rest spread again: the sum stays 100
    return table.by_id()[fx.gid(session, ZEIST)].places


def test_the_dashboard_counts_places_per_municipality_and_kind(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    system = Actor.system_actor("test")
    fx.build(session, system, system)
    regio = make_actor(Role.REGIO_COORDINATOR, UTRECHT)
    _check_target = _targets(session, regio)
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    board = db_.challenge_dashboard(session, cp, fx.YEAR)
    _check(board, _check_target)
    assert board.own_code == ZEIST
    # Another year: targets 0, so no percentage; nothing pledged.
    empty = db_.challenge_dashboard(session, cp, 2024)
    assert empty.total.pledged == 0 and empty.rows[0].figures.percent(0) is None
    assert all(s.reached == 0 for s in empty.funnel)


def test_the_list_of_challenges_shows_places_pledged_and_filled(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    system = Actor.system_actor("test")
    fx.build(session, system, system)
    rows = db_.challenge_summaries(session, make_actor(Role.CONSULENT, BUNNIK))
    assert [(r.title, r.organisers, r.pledged, r.filled) for r in rows] == [
        ("Challenge Zeist", ["Zeist", "Bunnik"], 4, 3)
    ]


@pytest.fixture
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("cp", Role.CONTACTPERSOON, ZEIST, prefix="cp")
        w.add_person("regio", Role.REGIO_COORDINATOR, UTRECHT, prefix="rc")
        yield w


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on")
def test_own_login_counts_the_region_but_reads_no_other_candidates(world: World) -> None:
    system = Actor.system_actor("test")
    with world.db.unit_of_work() as s:
        members = fx.build(s, system, system)
    with world.db.unit_of_work() as s:
        zeist_target = _targets(s, world.actor("regio"))
    person = world.people["cp"]
    own = Database(make_url(world.url).set(username=person.login, password=person.password))
    try:
        with own.unit_of_work() as s:
            actor = sign_in(s, person.login)
        with own.unit_of_work() as s:
            _check(db_.challenge_dashboard(s, actor, fx.YEAR), zeist_target)
    finally:
        own.dispose()
    conn = world.connect(person)
    bunnik = world.gid(BUNNIK)
    assert conn.execute("SELECT count(*) FROM candidates WHERE gemeente_id = %s", (bunnik,)).fetchone() == (
        0,
    )
    assert conn.execute(
        "SELECT count(*) FROM candidate_status_changes h JOIN candidates c ON c.id = h.candidate_id "
        "WHERE c.member_id = ANY(%s)", (members[BUNNIK],)
    ).fetchone() == (0,)  # fmt: skip
    assert conn.execute("SELECT count(*) FROM candidates").fetchone() == (5,)  # Zeist's own, all years
    # The functions give numbers only, for the whole region.
    counted = conn.execute(
        "SELECT sum(n) FROM dl_pledge_counts() WHERE gemeente_id = %s", (bunnik,)
    ).fetchone()
    assert counted == (4,)
    stopped = conn.execute(
        "SELECT sum(n) FROM dl_candidate_stops() WHERE gemeente_id = %s", (bunnik,)
    ).fetchone()
    assert stopped == (1,)
