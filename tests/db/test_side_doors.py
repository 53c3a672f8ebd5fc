"""Side doors in the service layer, found by calling the services directly as an attacker would
(issue 11). Each test failed before its fix; all run on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.db.models import (
    AccessLog,
    Dossier,
    DossierEvent,
    Dwelling,
    DwellingKind,
    DwellingStatus,
    Handover,
    Koppeling,
    KoppelingStatus,
    SwapStatus,
    User,
)
from app.db.session import Database
from app.domain.case_dossier import MemberRole
from app.domain.roles import Role
from app.errors import PermissionDenied, ValidationError
from app.services import users
from app.services.access import Actor
from app.services.board import dwellings as dw
from app.services.board import koppelingen as kp
from app.services.board import matching, posts, swaps
from tests.db.board_fixtures import P1, dwelling, gemeente, koppeling, setup_periods

UTRECHT, ZEIST, BUNNIK = "GM0344", "GM0355", "GM0312"
TODAY = date(2017, 3, 1)


def _denied(session: Session, login: str) -> list[AccessLog]:
    return list(
        session.scalars(select(AccessLog).where(AccessLog.actor_login == login, AccessLog.result == "denied"))
    )


def _koppeling_input(row: Koppeling, gemeente_code: str) -> kp.KoppelingInput:
    return kp.KoppelingInput(
        v_nummer=row.v_nummer,
        gemeente_code=gemeente_code,
        linked_on=row.linked_on,
        adults=row.adults,
        children=row.children,
    )


def _dwelling_input(row: Dwelling, gemeente_code: str) -> dw.DwellingInput:
    return dw.DwellingInput(
        gemeente_code=gemeente_code,
        corporation=row.corporation,
        reference=row.reference,
        kind=row.kind,
        bedrooms=row.bedrooms,
        max_occupants=row.max_occupants,
        available_from=row.available_from,
    )


# --- 1, 2: moving a row into another municipality --------------------------------------------------


def test_contactpersoon_cannot_move_own_koppeling_into_another_municipality(
    session: Session, make_actor
) -> None:  # type: ignore[no-untyped-def]
    mine = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    with pytest.raises(PermissionDenied, match="Bunnik"):
        kp.update_koppeling(session, zeist, mine.id, mine.version, _koppeling_input(mine, BUNNIK))
    session.expire_all()
    assert session.get(Koppeling, mine.id).gemeente.cbs_code == ZEIST
    assert [r.gemeente_id for r in _denied(session, zeist.login)] == [gemeente(session, BUNNIK).id]
    # Editing it within the own municipality still works.
    info = kp.update_koppeling(session, zeist, mine.id, mine.version, _koppeling_input(mine, ZEIST))
    assert info.gemeente_code == ZEIST


def test_regio_coordinator_may_move_a_koppeling(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    row = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    regio = make_actor(Role.REGIO_COORDINATOR, cbs_code=UTRECHT)
    assert (
        kp.update_koppeling(session, regio, row.id, row.version, _koppeling_input(row, BUNNIK)).gemeente_code
        == BUNNIK
    )


def test_contactpersoon_cannot_move_own_dwelling_into_another_municipality(
    session: Session, make_actor
) -> None:  # type: ignore[no-untyped-def]
    mine = dwelling(session, ZEIST, 2, 4, date(2017, 3, 1))
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    with pytest.raises(PermissionDenied, match="Bunnik"):
        dw.update_dwelling(session, zeist, mine.id, mine.version, _dwelling_input(mine, BUNNIK))
    session.expire_all()
    assert session.get(Dwelling, mine.id).gemeente.cbs_code == ZEIST
    assert len(_denied(session, zeist.login)) == 1
    regio = make_actor(Role.REGIO_COORDINATOR, cbs_code=UTRECHT)
    moved = dw.update_dwelling(session, regio, mine.id, mine.version, _dwelling_input(mine, BUNNIK))
    assert moved.gemeente_code == BUNNIK


# --- 3: another municipality's dwelling without a swap ---------------------------------------------


@pytest.mark.parametrize("status", [KoppelingStatus.WONING_AANGEBODEN, KoppelingStatus.GEHUISVEST])
def test_household_cannot_take_a_dwelling_of_another_municipality(
    session: Session, make_actor, status
) -> None:  # type: ignore[no-untyped-def]
    household = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    theirs = dwelling(session, BUNNIK, 2, 4, date(2017, 3, 1))
    for role in (Role.CONTACTPERSOON, Role.REGIO_COORDINATOR):
        actor = make_actor(role, cbs_code=ZEIST)
        with pytest.raises(PermissionDenied, match="Bunnik gaat via een uitruil"):
            kp.change_status(
                session, actor, household.id, household.version, status, on=TODAY, dwelling_id=theirs.id
            )
    session.expire_all()
    assert session.get(Dwelling, theirs.id).status is DwellingStatus.BESCHIKBAAR
    assert session.get(Dwelling, theirs.id).reserved_for_id is None
    assert session.get(Koppeling, household.id).status is KoppelingStatus.GEKOPPELD


def test_after_a_swap_the_host_offers_its_own_dwelling(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    """Uitgeruild to Bunnik: Bunnik's dwelling is the right one, Zeist's no longer."""
    household = koppeling(
        session,
        ZEIST,
        date(2017, 2, 1),
        3,
        status=KoppelingStatus.UITGERUILD,
    )
    household.housed_gemeente = gemeente(session, BUNNIK)
    session.flush()
    zeist_home = dwelling(session, ZEIST, 2, 4, date(2017, 3, 1))
    bunnik_home = dwelling(session, BUNNIK, 2, 4, date(2017, 3, 1))
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    with pytest.raises(PermissionDenied, match="uitruil"):
        kp.change_status(
            session, bunnik, household.id, household.version, KoppelingStatus.WONING_AANGEBODEN,
            on=TODAY, dwelling_id=zeist_home.id,
        )  # fmt: skip
    info = kp.change_status(
        session, bunnik, household.id, household.version, KoppelingStatus.WONING_AANGEBODEN,
        on=TODAY, dwelling_id=bunnik_home.id,
    )  # fmt: skip
    assert info.status is KoppelingStatus.WONING_AANGEBODEN
    assert session.get(Dwelling, bunnik_home.id).reserved_for_id == household.id


# --- 7: the rights of now, not of the sign-in ------------------------------------------------------


def test_demoted_user_loses_the_rights_at_once(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    row = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    kp.change_status(session, zeist, row.id, row.version, KoppelingStatus.VERVALLEN, on=TODAY)
    user = session.get(User, zeist.user_id)
    user.role = Role.ALLEEN_LEZEN
    session.flush()
    with pytest.raises(PermissionDenied, match=r"u bent lezer \(alleen lezen\) van Zeist"):
        kp.change_status(session, zeist, row.id, row.version, KoppelingStatus.GEKOPPELD, on=TODAY)
    assert session.get(Koppeling, row.id).status is KoppelingStatus.VERVALLEN
    kp.get_koppeling(session, zeist, row.id)  # reading is what a reader may still do


def test_moved_user_acts_for_the_new_municipality(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    row = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    session.get(User, zeist.user_id).gemeente = gemeente(session, BUNNIK)
    session.flush()
    with pytest.raises(PermissionDenied, match="u bent contactpersoon van Bunnik"):
        kp.change_status(session, zeist, row.id, row.version, KoppelingStatus.VERVALLEN, on=TODAY)


def test_disabled_user_is_refused_everything(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    kp.list_koppelingen(session, zeist, kp.KoppelingFilter())
    session.get(User, zeist.user_id).active = False
    session.flush()
    with pytest.raises(PermissionDenied, match="Uw account is uitgeschakeld; vraag de beheerder"):
        kp.list_koppelingen(session, zeist, kp.KoppelingFilter())
    with pytest.raises(PermissionDenied, match="uitgeschakeld"):
        users.list_users(session, zeist)
    assert [r.detail for r in _denied(session, zeist.login)] == ["account uitgeschakeld"] * 2


def test_a_session_opened_before_the_change_gets_the_new_rights(fresh_database: Database) -> None:
    """The GUI keeps the Actor of the sign-in; every unit of work reads the user's row once."""
    system = Actor.system_actor("test")
    with fresh_database.unit_of_work() as s:
        info = users.create_user(
            s, system, login="cp", name="Cor", role=Role.CONTACTPERSOON, gemeente_code=ZEIST
        )
        signed_in = users.actor_for(s.get(User, info.id))
        kid = koppeling(s, ZEIST, date(2017, 2, 1), 3).id
    with fresh_database.unit_of_work() as s:  # the beheerder demotes, elsewhere
        users.update_user(s, system, info.id, info.version, role=Role.ALLEEN_LEZEN)
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(fresh_database.engine, "before_cursor_execute", count)
    try:
        with pytest.raises(PermissionDenied, match="u bent lezer"), fresh_database.unit_of_work() as s:
            for _ in range(3):
                kp.get_koppeling(s, signed_in, kid)
            kp.change_status(s, signed_in, kid, 1, KoppelingStatus.VERVALLEN, on=TODAY)
    finally:
        event.remove(fresh_database.engine, "before_cursor_execute", count)
    assert sum("FROM users" in st for st in statements) == 1  # one query for the unit of work
    with fresh_database.unit_of_work() as s:
        assert s.get(Koppeling, kid).status is KoppelingStatus.GEKOPPELD
        users.update_user(s, system, info.id, info.version + 1, active=False)
    with pytest.raises(PermissionDenied, match="uitgeschakeld"), fresh_database.unit_of_work() as s:
        kp.get_koppeling(s, signed_in, kid)


def test_moved_user_no_longer_agrees_for_the_old_municipality(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    """A regio-coördinator may write the whole board, but agrees to a swap only for their own side."""
    setup_periods(session)
    household = koppeling(session, BUNNIK, date(2017, 2, 1), 3)
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    proposal = swaps.propose_swap(
        session, bunnik, host_code=ZEIST, owner_code=BUNNIK, persons=3, period=P1, koppeling_id=household.id
    )
    regio = make_actor(Role.REGIO_COORDINATOR, cbs_code=ZEIST)
    session.get(User, regio.user_id).gemeente = gemeente(session, UTRECHT)
    session.flush()
    with pytest.raises(PermissionDenied, match="u werkt voor GM0344"):
        swaps.accept_swap(session, regio, proposal.id)
    session.expire_all()
    assert session.get(Koppeling, household.id).status is KoppelingStatus.GEKOPPELD


# --- 4: accepting a matching proposal ----------------------------------------------------------------


def test_accept_proposal_refuses_a_pair_the_matching_would_not_propose(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    big = koppeling(session, ZEIST, date(2017, 2, 1), 7)
    small = koppeling(session, ZEIST, date(2017, 2, 1), 2)
    flat = dwelling(session, ZEIST, 1, 2, date(2017, 3, 1))  # too small for 7
    needs_lift = koppeling(session, ZEIST, date(2017, 2, 1), 2, needs_accessible=True)
    later = dwelling(session, ZEIST, 1, 2, date(2018, 1, 1))  # free long after the offer deadline
    room = dwelling(session, ZEIST, 1, 1, date(2017, 3, 1), kind=DwellingKind.KAMER)
    for household, home in ((big, flat), (needs_lift, flat), (small, later), (small, room)):
        with pytest.raises(ValidationError, match="past niet bij dit huishouden"):
            matching.accept_proposal(session, zeist, household.id, home.id, today=TODAY)
    matching.reject_proposal(session, zeist, small.id, flat.id, "Te ver van school")
    with pytest.raises(ValidationError, match="eerder afgewezen"):
        matching.accept_proposal(session, zeist, small.id, flat.id, today=TODAY)
    session.expire_all()
    assert {session.get(Dwelling, d.id).status for d in (flat, later, room)} == {DwellingStatus.BESCHIKBAAR}
    assert {session.get(Koppeling, k.id).status for k in (big, small, needs_lift)} == {
        KoppelingStatus.GEKOPPELD
    }


def test_accept_proposal_needs_a_party_to_the_pair(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    household = koppeling(session, ZEIST, date(2017, 2, 1), 2)
    home = dwelling(session, ZEIST, 1, 2, date(2017, 3, 1))
    bunnik = make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK)
    with pytest.raises(PermissionDenied, match="Zeist"):
        matching.accept_proposal(session, bunnik, household.id, home.id, today=TODAY)
    assert session.get(Dwelling, home.id).status is DwellingStatus.BESCHIKBAAR


def test_accept_proposal_across_municipalities_reserves_nothing_until_both_agree(
    session: Session, make_actor
) -> None:  # type: ignore[no-untyped-def]
    setup_periods(session)
    household = koppeling(session, ZEIST, date(2017, 2, 1), 2)
    theirs = dwelling(session, BUNNIK, 1, 2, date(2017, 3, 1))
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    swap_id = matching.accept_proposal(session, zeist, household.id, theirs.id, today=TODAY)
    assert swap_id is not None
    assert session.get(Dwelling, theirs.id).status is DwellingStatus.BESCHIKBAAR
    assert session.get(Koppeling, household.id).status is KoppelingStatus.GEKOPPELD
    with pytest.raises(ValidationError, match=f"uitruil {swap_id}"):  # not a second proposal
        matching.accept_proposal(session, zeist, household.id, theirs.id, today=TODAY)
    [swap] = [s for s in swaps.list_swaps(session, zeist) if s.id == swap_id]
    assert swap.status is SwapStatus.VOORGESTELD and swap.owner_agreed and not swap.host_agreed
    swaps.accept_swap(session, make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK), swap_id)
    row = session.get(Dwelling, theirs.id)
    assert (row.status, row.reserved_for_id) == (DwellingStatus.GERESERVEERD, household.id)


# --- 6: printing a pack is reading ----------------------------------------------------------------


def _gp_handover(session: Session, actor: Actor, dossier_id: int) -> int:
    from app.domain.handover import HandoverKind
    from app.services.cases import handovers as ho
    from app.services.cases.views import ContactInfo

    return ho.create_handover(
        session,
        actor,
        dossier_id,
        ho.HandoverInput(HandoverKind.GCA_HUISARTS, receiver=ContactInfo("De Linde")),
    ).id


def test_a_reader_prints_a_pack_and_writes_nothing_but_the_log_row(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.domain.roles import Action
    from app.services.cases import packs
    from tests.db.case_fixtures import family, last_log_id, log_rows

    consulent = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    dossier = family(session, consulent)
    handover_id = _gp_handover(session, consulent, dossier.id)  # no consent yet
    reader = make_actor(Role.ALLEEN_LEZEN, cbs_code=ZEIST)
    events = session.scalar(select(func.count()).select_from(DossierEvent))
    start = last_log_id(session)

    with pytest.raises(PermissionDenied, match="alleen wie het dossier mag wijzigen"):
        packs.build_pack(session, reader, handover_id, override_reason="Overgedragen zonder toestemming")
    session.expire_all()
    assert session.get(Handover, handover_id).override_reason is None
    # Once the consulent recorded a reason, the reader may print the pack, and writes nothing.
    packs.build_pack(
        session, consulent, handover_id, override_reason="Huisarts moet vóór de verhuizing inschrijven"
    )
    events = session.scalar(select(func.count()).select_from(DossierEvent))
    start = last_log_id(session)
    pack = packs.build_pack(session, reader, handover_id)
    assert pack.consent.override_reason == "Huisarts moet vóór de verhuizing inschrijven"
    session.flush()
    assert session.scalar(select(func.count()).select_from(DossierEvent)) == events
    assert session.get(Handover, handover_id).override_by == "Test Gebruiker"  # still the consulent's
    rows = log_rows(session, start)
    assert [(r.action, r.result, r.actor_login) for r in rows] == [(Action.PRINT, "ok", reader.login)]


def test_no_consent_message_before_the_rights(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    """Another municipality learns nothing about a handover, not even that consent is missing."""
    from app.services.cases import packs
    from tests.db.case_fixtures import family

    consulent = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    handover_id = _gp_handover(session, consulent, family(session, consulent).id)
    with pytest.raises(PermissionDenied, match="Zeist"):
        packs.build_pack(session, make_actor(Role.CONSULENT, cbs_code=BUNNIK), handover_id)


# --- 8: rights before input, and no word about other municipalities' V-nummers or BSNs --------------


def test_dossier_v_nummer_of_another_municipality_is_not_revealed(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.cases import dossiers as ds
    from app.services.cases import members as dm
    from tests.db.case_fixtures import family

    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    theirs = family(session, zeist)  # a Zeist dossier with a V-nummer
    bunnik = make_actor(Role.CONSULENT, cbs_code=BUNNIK)
    data = ds.DossierInput(gemeente_code=ZEIST, v_nummer=theirs.v_nummer)
    # Bunnik creating in Zeist: refused for the rights, not told about the V-nummer.
    with pytest.raises(PermissionDenied) as refused:
        ds.create_dossier(session, bunnik, data, dm.MemberInput(name="X"))
    assert theirs.v_nummer not in refused.value.message and "dossier" in refused.value.message
    # In its own municipality Bunnik may use the V-nummer; the Zeist dossier is not mentioned.
    data.gemeente_code = BUNNIK
    mine = ds.create_dossier(session, bunnik, data, dm.MemberInput(name="Yonas Tesfaye"))
    assert mine.v_nummer == theirs.v_nummer
    # A member with the V-nummer of a Zeist member: no clash reported for Bunnik.
    head_v = next(m.v_nummer for m in theirs.members if m.v_nummer)
    dm.add_member(
        session, bunnik, mine.id, dm.MemberInput(name="Selam", role=MemberRole.PARTNER, v_nummer=head_v)
    )
    # Within Zeist the clash is still named.
    with pytest.raises(ValidationError, match=f"dossier {theirs.id}"):
        ds.create_dossier(
            session,
            zeist,
            ds.DossierInput(gemeente_code=ZEIST, v_nummer=theirs.v_nummer),
            dm.MemberInput(name="Z"),
        )


def test_bsn_of_another_municipality_is_not_revealed(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.cases import members as dm
    from tests.db.case_fixtures import BSN_A, family

    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    theirs = family(session, zeist)
    head = theirs.members[0]
    dm.update_member(session, zeist, head.id, head.version, dm.MemberInput(name=head.name, bsn=BSN_A))
    bunnik = make_actor(Role.CONSULENT, cbs_code=BUNNIK)
    mine = family(session, bunnik, BUNNIK, head="Yonas Tesfaye", partner=None, children=())
    with pytest.raises(ValidationError) as refused:
        dm.add_member(
            session, bunnik, mine.id, dm.MemberInput(name="Selam", role=MemberRole.PARTNER, bsn=BSN_A)
        )
    message = refused.value.fields["bsn"]
    assert "dossier" not in message and "Zeist" not in message
    assert "gezinslid" not in message  # not even that it belongs to someone
    # A user of another municipality cannot probe through someone else's dossier: rights first.
    with pytest.raises(PermissionDenied):
        dm.add_member(session, bunnik, theirs.id, dm.MemberInput(name="Selam", bsn=BSN_A))


def test_koppeling_v_nummer_clash_rights_first(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    row = koppeling(session, ZEIST, date(2017, 2, 1), 3)
    data = kp.KoppelingInput(
        v_nummer=row.v_nummer, gemeente_code=ZEIST, linked_on=date(2017, 2, 1), adults=1, children=0
    )
    with pytest.raises(PermissionDenied):  # a reader is refused before the V-nummer is looked up
        kp.create_koppeling(session, make_actor(Role.ALLEEN_LEZEN, cbs_code=ZEIST), data)
    with pytest.raises(PermissionDenied):
        kp.create_koppeling(session, make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK), data)
    data.gemeente_code = BUNNIK
    with pytest.raises(ValidationError) as clash:
        kp.create_koppeling(session, make_actor(Role.CONTACTPERSOON, cbs_code=BUNNIK), data)
    assert "koppeling " not in clash.value.fields["v_nummer"] and "Zeist" not in clash.value.message


def test_dossier_of_another_municipality_is_not_found_for_a_koppeling(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.cases import dossiers as ds
    from tests.db.case_fixtures import family

    zeist = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    theirs = family(session, zeist)
    koppeling_id = session.get(Dossier, theirs.id).koppeling_id
    assert ds.find_dossier_for_koppeling(session, zeist, koppeling_id) == theirs.id
    assert (
        ds.find_dossier_for_koppeling(session, make_actor(Role.CONSULENT, cbs_code=BUNNIK), koppeling_id)
        is None
    )


def test_a_swap_names_only_the_hosts_dwelling_and_the_parties_posts(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    """Otherwise the host's akkoord would reserve a third municipality's dwelling (or close its post)
    without that municipality agreeing."""
    from app.db.models import BoardPost, PostKind, PostStatus

    setup_periods(session)
    household = koppeling(session, ZEIST, date(2017, 2, 1), 2)
    utrecht_home = dwelling(session, UTRECHT, 1, 2, date(2017, 3, 1))
    utrecht_post = posts.create_post(
        session, make_actor(Role.CONTACTPERSOON, cbs_code=UTRECHT), kind=PostKind.WONING_BESCHIKBAAR,
        persons=2, text="Appartement", dwelling_id=utrecht_home.id,
    )  # fmt: skip
    zeist = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    with pytest.raises(ValidationError, match="hoort niet bij Bunnik"):
        swaps.propose_swap(
            session, zeist, host_code=BUNNIK, owner_code=ZEIST, persons=2, period=P1,
            koppeling_id=household.id, dwelling_id=utrecht_home.id,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="niet van een van beide gemeenten"):
        swaps.propose_swap(
            session, zeist, host_code=BUNNIK, owner_code=ZEIST, persons=2, period=P1,
            koppeling_id=household.id, post_id=utrecht_post.id,
        )  # fmt: skip
    session.expire_all()
    assert session.get(Dwelling, utrecht_home.id).status is DwellingStatus.BESCHIKBAAR
    assert session.get(BoardPost, utrecht_post.id).status is PostStatus.OPEN
