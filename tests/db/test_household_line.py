"""A household is one thing, from koppeling to move-in: its dossier from the start, a swap of that
household (or explicitly of a number of persons), the host recording the move-in, and matching
that leaves a swapped household alone. On both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models import (
    BoardPost,
    Dossier,
    DossierEvent,
    Dwelling,
    DwellingStatus,
    Koppeling,
    KoppelingStatus,
    PostKind,
    PostStatus,
    SwapStatus,
)
from app.domain.roles import Role
from app.errors import PermissionDenied, ValidationError
from app.services.board import koppelingen as kp
from app.services.board import posts, swaps
from app.services.board.matching import load_inputs
from app.services.cases.auto_dossiers import ensure_dossiers
from app.services.cases.dossiers import list_timeline
from tests.db.board_fixtures import P1, dwelling, gemeente, koppeling, setup_periods

ZEIST, BUNNIK, UTRECHT = "GM0355", "GM0312", "GM0344"


def _dossiers_of(session: Session, koppeling_id: int) -> list[Dossier]:
    return list(session.scalars(select(Dossier).where(Dossier.koppeling_id == koppeling_id)))


def _new_koppeling(session: Session, actor, code: str, persons: int = 6) -> int:  # type: ignore[no-untyped-def]
    data = kp.KoppelingInput(
        v_nummer=f"{8_100_000_000 + persons * 1000 + session.scalar(select(func.count(Koppeling.id))):010d}",
        gemeente_code=code, linked_on=date(2017, 2, 1), adults=2, children=persons - 2,
        languages="Arabisch",
    )  # fmt: skip
    return kp.create_koppeling(session, actor, data).id


def _parties(make_actor):  # type: ignore[no-untyped-def]
    return make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST), make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)


def test_a_koppeling_entered_by_hand_has_exactly_one_dossier(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist, _ = _parties(make_actor)
    kid = _new_koppeling(session, zeist, ZEIST)
    [dossier] = _dossiers_of(session, kid)
    assert dossier.gemeente_id == gemeente(session, ZEIST).id
    assert dossier.linked_on == date(2017, 2, 1)
    [first] = list_timeline(session, zeist, dossier.id)  # kept in the dossier row (revision 0022)
    assert "6 personen" in first.text and "Arabisch" in first.text
    assert ensure_dossiers(session, zeist, [kid]) == 0  # a second call makes none
    assert len(_dossiers_of(session, kid)) == 1


def test_household_swap_end_to_end(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist, bunnik = _parties(make_actor)
    kid = _new_koppeling(session, zeist, ZEIST)
    post = posts.create_post(session, zeist, kind=PostKind.HUISHOUDEN_ZOEKT, persons=6, text="Gezin van 6",
                             koppeling_id=kid)  # fmt: skip
    # Bunnik answers with that household; the post is in behandeling, not answered twice.
    proposal = posts.answer_post(session, bunnik, post.id, P1)
    assert proposal.koppeling_id == kid and proposal.persons == 6
    [listed] = [p for p in posts.list_posts(session, zeist) if p.id == post.id]
    assert listed.in_progress_swap_id == proposal.id
    with pytest.raises(ValidationError):
        posts.answer_post(session, make_actor(Role.CONTACTPERSOON, cbs_code=UTRECHT), post.id, P1)
    assert kid not in {h.id for h in swaps.waiting_households(session, zeist, ZEIST)}
    # Zeist agrees: the household goes to Bunnik, with its dossier.
    agreed = swaps.accept_swap(session, zeist, proposal.id)
    assert agreed.status is SwapStatus.AKKOORD
    session.expire_all()
    row = session.get(Koppeling, kid)
    assert row is not None and row.status is KoppelingStatus.UITGERUILD
    assert row.housed_gemeente_id == gemeente(session, BUNNIK).id
    [dossier] = _dossiers_of(session, kid)
    assert dossier.gemeente_id == gemeente(session, BUNNIK).id
    kinds = set(session.scalars(select(DossierEvent.kind).where(DossierEvent.dossier_id == dossier.id)))
    assert "verplaatst" in {str(k) for k in kinds}
    assert session.get(BoardPost, post.id).status is PostStatus.AFGEHANDELD  # type: ignore[union-attr]
    assert [(e.debtor_code, e.creditor_code, e.persons) for e in swaps.ledger(session, zeist)] == [
        (ZEIST, BUNNIK, 6)
    ]
    # Matching no longer proposes the household; Bunnik finds it in its own list.
    households, *_ = load_inputs(session)
    assert kid not in {h.id for h in households}
    listed_b, _total = kp.list_koppelingen(session, bunnik, kp.KoppelingFilter(gemeente_code=BUNNIK))
    assert kid in {k.id for k in listed_b}
    # Zeist keeps a read-only view; Bunnik records offer and move-in in its own dwelling.
    with pytest.raises(PermissionDenied):
        kp.change_status(session, zeist, kid, row.version, KoppelingStatus.GEHUISVEST, on=date(2017, 4, 1))
    home = dwelling(session, BUNNIK, 3, 6, date(2017, 3, 1))
    offered = kp.change_status(session, bunnik, kid, row.version, KoppelingStatus.WONING_AANGEBODEN,
                               on=date(2017, 3, 1), dwelling_id=home.id)  # fmt: skip
    housed = kp.change_status(session, bunnik, kid, offered.version, KoppelingStatus.GEHUISVEST,
                              on=date(2017, 4, 1))  # fmt: skip
    assert housed.status is KoppelingStatus.GEHUISVEST and housed.housed_on == date(2017, 4, 1)
    session.expire_all()
    assert session.get(Dwelling, home.id).status is DwellingStatus.TOEGEWEZEN  # type: ignore[union-attr]
    assert _dossiers_of(session, kid)[0].moving_date == date(2017, 4, 1)


def test_persons_only_swap_moves_no_household(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist, bunnik = _parties(make_actor)
    home = dwelling(session, BUNNIK, 2, 4, date(2017, 3, 1))
    post = posts.create_post(session, bunnik, kind=PostKind.WONING_BESCHIKBAAR, persons=4, text="Woning",
                             dwelling_id=home.id)  # fmt: skip
    with pytest.raises(ValidationError):  # a household or, explicitly, persons only
        posts.answer_post(session, zeist, post.id, P1)
    proposal = posts.answer_post(session, zeist, post.id, P1, persons_only=True)
    assert proposal.koppeling_id is None and proposal.persons == 4
    swaps.accept_swap(session, bunnik, proposal.id)
    assert [(e.debtor_code, e.persons) for e in swaps.ledger(session, zeist)] == [(ZEIST, 4)]


@pytest.mark.parametrize("how", ["afwijzen", "intrekken"])
def test_a_refused_or_withdrawn_swap_reopens_the_post_and_keeps_the_household(  # type: ignore[no-untyped-def]
    session: Session, make_actor, how: str
) -> None:
    setup_periods(session)
    zeist, bunnik = _parties(make_actor)
    kid = _new_koppeling(session, zeist, ZEIST)
    post = posts.create_post(session, zeist, kind=PostKind.HUISHOUDEN_ZOEKT, persons=6, text="Gezin",
                             koppeling_id=kid)  # fmt: skip
    proposal = posts.answer_post(session, bunnik, post.id, P1)
    if how == "afwijzen":
        swaps.decline_swap(session, zeist, proposal.id, "Past niet")
    else:
        swaps.withdraw_swap(session, bunnik, proposal.id, "")
    [listed] = [p for p in posts.list_posts(session, zeist) if p.id == post.id]
    assert listed.status is PostStatus.OPEN and not listed.in_progress
    session.expire_all()
    assert session.get(Koppeling, kid).status is KoppelingStatus.GEKOPPELD  # type: ignore[union-attr]
    assert _dossiers_of(session, kid)[0].gemeente_id == gemeente(session, ZEIST).id
    assert kid in {h.id for h in swaps.waiting_households(session, zeist, ZEIST)}
    # Withdrawn after the proposer agreed, by the proposing side too.
    again = posts.answer_post(session, bunnik, post.id, P1)
    swaps.withdraw_swap(session, bunnik, again.id, "Toch niet")
    assert swaps.list_swaps(session, zeist, status=SwapStatus.INGETROKKEN)


def test_new_swap_proposal_with_a_household_of_the_owner(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist, bunnik = _parties(make_actor)
    kid = _new_koppeling(session, zeist, ZEIST, persons=3)
    with pytest.raises(ValidationError):  # more persons than the household
        swaps.propose_swap(session, zeist, host_code=BUNNIK, owner_code=ZEIST, persons=5, period=P1,
                           koppeling_id=kid)  # fmt: skip
    swap = swaps.propose_swap(session, zeist, host_code=BUNNIK, owner_code=ZEIST, persons=0, period=P1,
                              koppeling_id=kid)  # fmt: skip
    assert swap.persons == 3
    with pytest.raises(ValidationError):  # one open swap per household
        swaps.propose_swap(session, zeist, host_code=UTRECHT, owner_code=ZEIST, persons=3, period=P1,
                           koppeling_id=kid)  # fmt: skip
    swaps.accept_swap(session, bunnik, swap.id)
    session.expire_all()
    assert session.get(Koppeling, kid).status is KoppelingStatus.UITGERUILD  # type: ignore[union-attr]


def test_a_koppeling_cannot_be_reserved_twice(session: Session) -> None:
    k = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    dwelling(session, ZEIST, 2, 4, date(2017, 3, 1), status=DwellingStatus.GERESERVEERD, reserved_for_id=k.id)
    with pytest.raises(IntegrityError), session.begin_nested():
        dwelling(session, ZEIST, 2, 4, date(2017, 3, 1), status=DwellingStatus.GERESERVEERD,
                 reserved_for_id=k.id)  # fmt: skip


def test_a_post_about_a_household_must_name_one_that_still_waits(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist, bunnik = _parties(make_actor)
    kid = _new_koppeling(session, zeist, ZEIST, persons=4)
    other = _new_koppeling(session, bunnik, BUNNIK, persons=3)
    with pytest.raises(ValidationError) as bigger:
        posts.create_post(session, zeist, kind=PostKind.HUISHOUDEN_ZOEKT, persons=6, text="Gezin",
                          koppeling_id=kid)  # fmt: skip
    assert "telt 4 personen, niet 6" in bigger.value.message
    with pytest.raises(ValidationError) as not_ours:
        posts.create_post(session, zeist, kind=PostKind.HUISHOUDEN_ZOEKT, persons=3, text="Gezin",
                          koppeling_id=other)  # fmt: skip
    assert "niet aan uw gemeente gekoppeld" in not_ours.value.message
    session.get(Koppeling, kid).status = KoppelingStatus.GEHUISVEST  # type: ignore[union-attr]
    session.flush()
    with pytest.raises(ValidationError) as housed:
        posts.create_post(session, zeist, kind=PostKind.HUISHOUDEN_ZOEKT, persons=4, text="Gezin",
                          koppeling_id=kid)  # fmt: skip
    assert "wacht niet meer op een woning" in housed.value.message
    assert session.scalar(select(func.count(BoardPost.id))) == 0
