"""Board figures, swaps with agreement and ledger, offers/requests, koppeling status changes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.db.models import (
    Dwelling,
    DwellingStatus,
    Koppeling,
    KoppelingStatus,
    PostKind,
    PostStatus,
    SwapStatus,
)
from app.domain.quota import QuotaStatus
from app.domain.roles import Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.board import koppelingen as kp
from app.services.board import posts, swaps
from app.services.board.figures import board_figures
from tests.db.board_fixtures import P1, P2, dwelling, koppeling, setup_periods, taakstelling

UTRECHT, ZEIST, BUNNIK = "GM0344", "GM0355", "GM0312"


def test_board_carries_backlog_and_counts_by_move_in_date(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    ids = setup_periods(session)
    taakstelling(session, ZEIST, ids["2017-H1"], 20, backlog_in=5)
    taakstelling(session, ZEIST, ids["2017-H2"], 18)
    koppeling(session, ZEIST, date(2017, 2, 1), 6, housed_on=date(2017, 4, 1))
    koppeling(session, ZEIST, date(2017, 3, 1), 4, housed_on=date(2017, 6, 30))  # last day of H1
    koppeling(session, ZEIST, date(2017, 5, 1), 5, housed_on=date(2017, 7, 1))  # first day of H2
    koppeling(session, ZEIST, date(2017, 9, 1), 3)  # waiting
    koppeling(session, ZEIST, date(2017, 1, 2), 2, status=KoppelingStatus.VERVALLEN)
    dwelling(session, ZEIST, 3, 6, date(2017, 8, 1))
    dwelling(session, ZEIST, 1, 2, date(2017, 8, 1))
    dwelling(session, ZEIST, 5, 10, date(2018, 3, 1))  # available only after H2: not counted
    viewer = make_actor(Role.ALLEEN_LEZEN, cbs_code=BUNNIK)

    h1 = {r.cbs_code: r for r in board_figures(session, viewer, P1, today=date(2018, 1, 15)).rows}[ZEIST]
    assert (h1.taakstelling, h1.backlog_in, h1.corrected) == (20, 5, 25)
    assert (h1.housed_persons, h1.housed_households) == (10, 2)
    assert (h1.pending_persons, h1.pending_households) == (5, 1)  # the one housed on 1 July
    assert h1.status is QuotaStatus.BEHIND

    h2 = {r.cbs_code: r for r in board_figures(session, viewer, P2, today=date(2018, 1, 15)).rows}[ZEIST]
    assert (h2.taakstelling, h2.backlog_in, h2.corrected) == (18, 15, 33)  # 25 − 10 carried over
    assert h2.housed_persons == 5
    assert (h2.pending_persons, h2.pending_households, h2.overdue_households) == (3, 1, 1)
    assert h2.vacancies == {"0-1": 1, "2": 0, "3": 1, "4+": 0}
    assert len(board_figures(session, viewer, P2, today=date(2018, 1, 15)).rows) == 16


def test_swap_needs_both_sides_and_feeds_the_ledger(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    utrecht = make_actor(Role.CONTACTPERSOON, cbs_code=UTRECHT)
    family = koppeling(session, BUNNIK, date(2017, 2, 1), 7)

    # Bunnik asks Zeist to house its family of 7; Bunnik's agreement comes with the proposal.
    proposal = swaps.propose_swap(
        session, bunnik, host_code=ZEIST, owner_code=BUNNIK, persons=0, period=P1, koppeling_id=family.id
    )
    assert proposal.status is SwapStatus.VOORGESTELD and proposal.persons == 7
    assert proposal.owner_agreed.startswith(bunnik.name) and proposal.host_agreed == ""
    assert swaps.ledger(session, zeist) == []  # not in effect yet

    with pytest.raises(PermissionDenied):
        swaps.accept_swap(session, utrecht, proposal.id)  # not a party
    with pytest.raises(ValidationError, match="al akkoord"):
        swaps.accept_swap(session, bunnik, proposal.id)

    agreed = swaps.accept_swap(session, zeist, proposal.id, expected_version=proposal.version)
    assert agreed.status is SwapStatus.AKKOORD and agreed.host_agreed.startswith(zeist.name)
    assert session.get(Koppeling, family.id).status is KoppelingStatus.UITGERUILD
    [entry] = swaps.ledger(session, zeist)
    assert (entry.debtor_code, entry.creditor_code, entry.persons) == (BUNNIK, ZEIST, 7)
    assert swaps.ledger_per_gemeente(session, zeist)[ZEIST] == (7, 0, 7)
    with pytest.raises(ValidationError, match="beide gemeenten akkoord"):
        swaps.withdraw_swap(session, bunnik, proposal.id, "toch niet")

    # Bunnik repays in H2 by housing 7 persons for Zeist: the ledger closes.
    repay = swaps.propose_swap(
        session, zeist, host_code=BUNNIK, owner_code=ZEIST, persons=7, period=P2, settles=(proposal.id,)
    )
    swaps.accept_swap(session, bunnik, repay.id)
    assert swaps.ledger(session, zeist) == []
    assert swaps.ledger_per_gemeente(session, zeist)[BUNNIK] == (0, 0, 0)
    settled = {s.id: s for s in swaps.list_swaps(session, zeist)}
    assert settled[proposal.id].outstanding == 0


def test_withdraw_and_decline_before_agreement(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    first = swaps.propose_swap(session, bunnik, host_code=ZEIST, owner_code=BUNNIK, persons=4, period=P1)
    with pytest.raises(ValidationError, match="reden"):
        swaps.decline_swap(session, zeist, first.id, "  ")
    declined = swaps.decline_swap(session, zeist, first.id, "Geen woning vrij")
    assert declined.status is SwapStatus.AFGEWEZEN and declined.close_reason == "Geen woning vrij"
    second = swaps.propose_swap(session, bunnik, host_code=ZEIST, owner_code=BUNNIK, persons=4, period=P1)
    withdrawn = swaps.withdraw_swap(session, bunnik, second.id, "Zelf opgelost")
    assert withdrawn.status is SwapStatus.INGETROKKEN
    with pytest.raises(ValidationError):
        swaps.accept_swap(session, zeist, second.id)
    assert swaps.ledger(session, zeist) == []


def test_post_answered_with_swap_and_accepted(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    family = koppeling(session, BUNNIK, date(2017, 2, 1), 8)
    post = posts.create_post(
        session, bunnik, kind=PostKind.HUISHOUDEN_ZOEKT, persons=8, text="Gezin van 8", koppeling_id=family.id
    )
    assert [p.id for p in posts.list_posts(session, zeist)] == [post.id]
    with pytest.raises(ValidationError, match="eigen gemeente"):
        posts.answer_post(session, bunnik, post.id, P1)
    answer = posts.answer_post(session, zeist, post.id, P1, note="Wij hebben een grote woning")
    assert (answer.host_code, answer.owner_code, answer.persons, answer.post_id) == (
        ZEIST,
        BUNNIK,
        8,
        post.id,
    )
    swaps.accept_swap(session, bunnik, answer.id)
    assert posts.list_posts(session, zeist) == []
    assert posts.list_posts(session, zeist, open_only=False)[0].status is PostStatus.AFGEHANDELD
    board = {r.cbs_code: r for r in board_figures(session, zeist, P1, today=date(2017, 3, 1)).rows}
    assert (board[ZEIST].swap_balance, board[BUNNIK].swap_balance) == (8, -8)


def test_contactpersoon_changes_only_own_koppelingen(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    mine = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    theirs = koppeling(session, BUNNIK, date(2017, 2, 1), 3)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    info = kp.change_status(
        session, zeist, mine.id, mine.version, KoppelingStatus.VERVALLEN, on=date(2017, 3, 1)
    )
    assert info.status is KoppelingStatus.VERVALLEN
    with pytest.raises(PermissionDenied):
        kp.change_status(session, zeist, theirs.id, theirs.version, KoppelingStatus.VERVALLEN)
    assert session.get(Koppeling, theirs.id).status is KoppelingStatus.GEKOPPELD


def test_status_flow_reserves_and_assigns_the_dwelling(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    household = koppeling(session, ZEIST, date(2017, 2, 1), 4)
    home = dwelling(session, ZEIST, 2, 4, date(2017, 3, 1))
    loaded_version = household.version  # what a second editor still has on screen
    with pytest.raises(ValidationError, match="niet naar"):
        kp.change_status(session, zeist, household.id, household.version, KoppelingStatus.UITGERUILD)
    offered = kp.change_status(
        session,
        zeist,
        household.id,
        household.version,
        KoppelingStatus.WONING_AANGEBODEN,
        on=date(2017, 3, 10),
        dwelling_id=home.id,
    )
    assert session.get(Dwelling, home.id).status is DwellingStatus.GERESERVEERD
    with pytest.raises(ConflictError):
        kp.change_status(session, zeist, household.id, loaded_version, KoppelingStatus.GEHUISVEST)
    housed = kp.change_status(
        session, zeist, household.id, offered.version, KoppelingStatus.GEHUISVEST, on=date(2017, 4, 1)
    )
    assert housed.housed_on == date(2017, 4, 1) and housed.housed_gemeente_name == "Zeist"
    assert session.get(Dwelling, home.id).status is DwellingStatus.TOEGEWEZEN


def test_koppeling_validation_messages(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    data = kp.KoppelingInput(v_nummer="12AB", gemeente_code=ZEIST, linked_on=None, adults=0, children=-1)
    with pytest.raises(ValidationError) as invalid:
        kp.create_koppeling(session, zeist, data)
    assert set(invalid.value.fields) == {"v_nummer", "linked_on", "adults", "children"}
    ok = kp.create_koppeling(
        session,
        zeist,
        kp.KoppelingInput(
            v_nummer="123456789", gemeente_code=ZEIST, linked_on=date(2017, 1, 5), adults=2, children=3
        ),
    )
    assert (ok.v_nummer, ok.persons) == ("0123456789", 5)
    with pytest.raises(ValidationError, match="al gekoppeld"):
        kp.create_koppeling(
            session,
            zeist,
            kp.KoppelingInput(
                v_nummer="0123456789", gemeente_code=ZEIST, linked_on=date(2017, 1, 5), adults=1, children=0
            ),
        )


def test_overdue_filter(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    late = koppeling(session, ZEIST, date(2017, 1, 2), 2)
    koppeling(session, ZEIST, date(2017, 3, 1), 2)
    koppeling(session, ZEIST, date(2017, 1, 2), 2, housed_on=date(2017, 2, 1))
    rows, total = kp.list_koppelingen(
        session, zeist, kp.KoppelingFilter(gemeente_code=ZEIST, overdue_only=True), today=date(2017, 4, 1)
    )
    assert [r.id for r in rows] == [late.id] and total == 1
    assert rows[0].deadline.overdue
