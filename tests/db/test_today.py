"""Vandaag: each provider kind gives the right items and counts for a contactpersoon, a consulent and
a regio-coördinator of two municipalities, and nothing of another municipality's dossiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from app.db.models import DwellingStatus, Handover, KoppelingStatus
from app.domain.handover import ConsentStatus, HandoverKind, HandoverStatus
from app.domain.roles import Role
from app.services.access import Actor
from app.services.board.posts import create_post
from app.services.board.swaps import propose_swap
from app.services.today import Target, load_today, module_counts, today_counts
from app.services.today import board as tb
from app.services.today import cases as tc
from app.services.today.registry import register, unregister
from tests.db.board_fixtures import P1, dwelling, gemeente, koppeling, setup_periods
from tests.db.case_fixtures import BUNNIK, UTRECHT, ZEIST, family, last_log_id, log_rows

TODAY = date(2017, 6, 7)  # a Wednesday: the week runs 5–11 June
SUNDAY = date(2017, 6, 11)


@dataclass
class Scene:
    cp_zeist: Actor
    cp_bunnik: Actor
    cons_zeist: Actor
    cons_bunnik: Actor
    regio: Actor
    swap_id: int
    post_id: int
    zeist_late_koppeling: int
    bunnik_week_koppeling: int
    reserved_koppeling: int
    zeist_dossier: int
    bunnik_dossier: int
    arrived_dossier: int
    zeist_late_handover: int
    zeist_sent_handover: int


def _handover(session: Session, dossier_id: int, status: HandoverStatus, due: date, **extra: Any) -> int:
    row = Handover(dossier_id=dossier_id, kind=HandoverKind.GCA_HUISARTS, status=status, due_on=due,
                   created_by="test", sender_org="GCA", receiver_org="De Linde", **extra)  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


@pytest.fixture
def scene(session: Session, make_actor) -> Scene:  # type: ignore[no-untyped-def]
    setup_periods(session)
    cp_zeist, cp_bunnik = make_actor(Role.CONTACTPERSOON, ZEIST), make_actor(Role.CONTACTPERSOON, BUNNIK)
    cons_zeist, cons_bunnik = make_actor(Role.CONSULENT, ZEIST), make_actor(Role.CONSULENT, BUNNIK)
    regio = make_actor(Role.REGIO_COORDINATOR, UTRECHT)
    # Bunnik houses three persons for Zeist and agreed by proposing: Zeist's akkoord is missing.
    swap = propose_swap(session, cp_bunnik, host_code=BUNNIK, owner_code=ZEIST, persons=3, period=P1)
    post = create_post(session, cp_zeist, kind=tb.PostKind.HUISHOUDEN_ZOEKT, persons=5, text="Gezin van 5")
    # Deadlines: Zeist's offer is a week late; Bunnik's offer deadline is this Sunday; a recent
    # one and a housed one wait for nobody.
    late = koppeling(session, ZEIST, TODAY - timedelta(weeks=11), 4)
    week = koppeling(session, BUNNIK, SUNDAY - timedelta(weeks=10), 2)
    koppeling(session, ZEIST, TODAY - timedelta(weeks=2), 3)
    koppeling(session, ZEIST, TODAY - timedelta(weeks=20), 3, housed_on=TODAY - timedelta(weeks=9))
    # A reservation in Zeist without a move-in (offered 3 weeks after linking: no deadline yet).
    reserved = koppeling(
        session,
        ZEIST,
        TODAY - timedelta(weeks=4),
        2,
        status=KoppelingStatus.WONING_AANGEBODEN,
        offered_on=TODAY - timedelta(weeks=1),
    )
    dwelling(session, ZEIST, 2, 3, TODAY, status=DwellingStatus.GERESERVEERD, reserved_for_id=reserved.id,
             address="Slotlaan 4")  # fmt: skip
    long_ago, housed = TODAY - timedelta(weeks=30), TODAY - timedelta(weeks=20)
    zeist = family(session, cons_zeist, ZEIST, linked_on=long_ago, housed_on=housed, head="Amal Haddad")
    bunnik = family(session, cons_bunnik, BUNNIK, linked_on=long_ago, housed_on=housed, head="Samir Nassar")
    late_h = _handover(session, zeist.id, HandoverStatus.TE_DOEN, TODAY - timedelta(days=3))
    sent_h = _handover(session, zeist.id, HandoverStatus.VERZONDEN, TODAY + timedelta(days=2),
                       consent=ConsentStatus.GEGEVEN)  # fmt: skip
    _handover(session, zeist.id, HandoverStatus.AANGEVRAAGD, TODAY + timedelta(days=9),
              consent=ConsentStatus.GEGEVEN)  # fmt: skip  # on time, consent given: waits for nobody
    _handover(session, bunnik.id, HandoverStatus.TE_DOEN, TODAY - timedelta(days=20))
    _handover(session, bunnik.id, HandoverStatus.VERZONDEN, TODAY + timedelta(days=2))
    # Bunnik's household went to Zeist through a swap; its dossier now belongs to Zeist.
    moved = family(session, cons_bunnik, BUNNIK, linked_on=TODAY - timedelta(weeks=3), head="Rania Saleh")
    k = session.get(tb.Koppeling, moved.koppeling_id)
    k.status, k.housed_gemeente = KoppelingStatus.UITGERUILD, gemeente(session, ZEIST)
    dossier = session.get(tc.Dossier, moved.id)
    dossier.gemeente_id = gemeente(session, ZEIST).id
    session.flush()
    return Scene(cp_zeist, cp_bunnik, cons_zeist, cons_bunnik, regio, swap.id, post.id, late.id, week.id,
                 reserved.id, zeist.id, bunnik.id, moved.id, late_h, sent_h)  # fmt: skip


@pytest.fixture(autouse=True)
def _board_and_cases_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the board's and the case register's providers; the later modules'
    providers (the directory) have their own tests and would only add zero counts here."""
    from app.services.today import registry

    only = ["app.services.today.board", "app.services.today.cases"]
    monkeypatch.setattr(registry, "PROVIDER_MODULES", only)


def _targets(session: Session, actor: Actor, kind: str) -> list[Target]:
    data = load_today(session, actor, TODAY)
    return [i.target for g in data.groups if g.kind.key == kind for i in g.items]


def test_contactpersoon_sees_the_board_items_of_the_own_municipality(session: Session, scene: Scene) -> None:
    counts = today_counts(session, scene.cp_zeist, TODAY)
    assert counts == {tb.SWAPS: 1, tb.POSTS: 0, tb.DEADLINES: 1, tb.RESERVATIONS: 1}
    assert _targets(session, scene.cp_zeist, tb.SWAPS) == [tb.Target("board", "uitruil", scene.swap_id)]
    [deadline] = load_today(session, scene.cp_zeist, TODAY).groups[1].items
    assert deadline.target.object_id == scene.zeist_late_koppeling and deadline.urgent
    assert "aanbod 7 dagen te laat" in deadline.text
    [reservation] = _targets(session, scene.cp_zeist, tb.RESERVATIONS)
    assert (reservation.object_type, reservation.object_id) == ("koppeling", scene.reserved_koppeling)
    # Bunnik: its swap waits for Zeist, not for Bunnik; Zeist's post waits for an answer.
    assert today_counts(session, scene.cp_bunnik, TODAY) == {
        tb.SWAPS: 0, tb.POSTS: 1, tb.DEADLINES: 1, tb.RESERVATIONS: 0}  # fmt: skip
    assert _targets(session, scene.cp_bunnik, tb.POSTS) == [tb.Target("board", "bericht", scene.post_id)]
    assert [t.object_id for t in _targets(session, scene.cp_bunnik, tb.DEADLINES)] == [
        scene.bunnik_week_koppeling
    ]


def test_the_swap_text_says_who_must_agree(session: Session, scene: Scene) -> None:
    [mine] = load_today(session, scene.cp_zeist, TODAY).groups[0].items
    assert mine.title == f"Uitruil #{scene.swap_id}"
    assert mine.text == "Bunnik huisvest 3 personen voor Zeist — wacht op uw akkoord"
    [region] = load_today(session, scene.regio, TODAY).groups[0].items
    assert region.text.endswith("wacht op akkoord van Zeist")


def test_regio_coordinator_sees_the_whole_region_and_no_dossiers(session: Session, scene: Scene) -> None:
    counts = today_counts(session, scene.regio, TODAY)
    assert counts == {tb.SWAPS: 1, tb.POSTS: 1, tb.DEADLINES: 2, tb.RESERVATIONS: 1}
    assert {t.object_id for t in _targets(session, scene.regio, tb.DEADLINES)} == {
        scene.zeist_late_koppeling, scene.bunnik_week_koppeling}  # fmt: skip
    assert module_counts(session, scene.regio, TODAY) == {"today": 5, "board": 5}


def test_consulent_sees_the_case_items_of_the_own_municipality_only(session: Session, scene: Scene) -> None:
    counts = today_counts(session, scene.cons_zeist, TODAY)
    assert counts == {tc.LATE: 1, tc.RECEIPT: 1, tc.CONSENT: 1, tc.ARRIVED: 1}
    data = load_today(session, scene.cons_zeist, TODAY)
    items = [i for g in data.groups for i in g.items]
    late = next(i for i in items if i.kind == tc.LATE)
    assert late.target == Target(
        "cases", "overdracht", scene.zeist_late_handover, parent_id=scene.zeist_dossier
    )
    assert late.text == "Amal Haddad — 3 dagen te laat" and late.urgent
    receipt = next(i for i in items if i.kind == tc.RECEIPT)
    assert receipt.target.object_id == scene.zeist_sent_handover
    assert "ontvangst nog niet bevestigd" in receipt.text
    arrived = next(i for i in items if i.kind == tc.ARRIVED)
    assert arrived.target == Target("cases", "dossier", scene.arrived_dossier)
    assert arrived.text == "Rania Saleh — overgenomen van Bunnik, nog niet verhuisd"
    # Nothing of Bunnik's dossiers: no name, no dossier, no handover.
    assert not any("Samir" in i.text or i.target.parent_id == scene.bunnik_dossier for i in items)
    assert module_counts(session, scene.cons_zeist, TODAY) == {"today": 4, "cases": 4}


def test_the_other_consulent_sees_only_their_own(session: Session, scene: Scene) -> None:
    counts = today_counts(session, scene.cons_bunnik, TODAY)
    assert counts == {tc.LATE: 1, tc.RECEIPT: 1, tc.CONSENT: 1, tc.ARRIVED: 0}
    items = [i for g in load_today(session, scene.cons_bunnik, TODAY).groups for i in g.items]
    assert {i.target.parent_id for i in items} == {scene.bunnik_dossier}
    assert not any("Amal" in i.text or "Rania" in i.text for i in items)


def test_roles_get_their_own_kinds(session: Session, scene: Scene, make_actor) -> None:  # type: ignore[no-untyped-def]
    assert set(today_counts(session, scene.cp_zeist, TODAY)).isdisjoint(
        {tc.LATE, tc.RECEIPT, tc.CONSENT, tc.ARRIVED})  # fmt: skip
    assert set(today_counts(session, scene.cons_zeist, TODAY)).isdisjoint(
        {tb.SWAPS, tb.POSTS, tb.DEADLINES, tb.RESERVATIONS})  # fmt: skip
    for role in (Role.ALLEEN_LEZEN, Role.BEHEERDER):
        actor = make_actor(role, ZEIST if role is Role.ALLEEN_LEZEN else None)
        assert today_counts(session, actor, TODAY) == {}
        assert load_today(session, actor, TODAY).groups == ()


def test_counts_leave_no_log_and_the_items_one_row(session: Session, scene: Scene) -> None:
    before = last_log_id(session)
    today_counts(session, scene.cons_zeist, TODAY)
    assert log_rows(session, before) == []
    load_today(session, scene.cons_zeist, TODAY)
    [row] = log_rows(session, before)
    assert (row.object_type, row.detail, row.result) == ("werklijst", "vandaag", "ok")


def test_a_registered_provider_adds_its_group(session: Session, scene: Scene) -> None:
    class Volunteers:
        kinds = (tb.KindInfo("vrijwilligers", "Vrijwilligers zonder koppeling", "directory", 50),)

        def applies(self, actor: Actor) -> bool:
            return True

        def count(self, session: Session, actor: Actor, today: date) -> dict[str, int]:
            return {"vrijwilligers": 2}

        def provide(self, session: Session, actor: Actor, today: date, limit: int) -> list[tb.TodayItem]:
            return [
                tb.TodayItem("vrijwilligers", "Vrijwilliger 7", "nog geen gezin", Target("directory", "x", 7))
            ]

    provider = Volunteers()
    register(provider)
    try:
        data = load_today(session, scene.cons_zeist, TODAY)
    finally:
        unregister(provider)
    assert data.groups[-1].kind.key == "vrijwilligers" and data.groups[-1].count == 2
    assert data.counts["directory"] == 2 and data.counts["today"] == 6
