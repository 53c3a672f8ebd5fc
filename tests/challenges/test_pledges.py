"""Pledged places: validation, the fill arithmetic across municipalities, the unfilled flag six
weeks after the challenge, and opening the places to the region (announced on Vandaag)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from app.domain.challenges import CandidateStatus, PlaceKind
from app.domain.roles import Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.challenges import pledges as sp
from app.services.today import load_today
from app.services.today.challenges import FOR_REGION, UNFILLED
from tests.challenges.fixtures import DAY, candidates, challenge, employer, pledge
from tests.directory.fixtures import BUNNIK, HOUTEN, ZEIST

S = CandidateStatus


def test_a_pledge_is_checked_field_by_field(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    bakker = employer(session, ZEIST)
    with pytest.raises(ValidationError) as caught:
        pledge(session, cp, ZEIST, bakker.id, None, places=0, hours=41, language_level="C1", sector="Z")
    assert set(caught.value.fields) == {"places", "hours", "language_level", "sector"}
    assert caught.value.fields["places"] == "Het aantal plekken moet tussen 1 en 500 liggen."
    with pytest.raises(ValidationError) as caught:
        pledge(session, cp, ZEIST, bakker.id, None, places=501, hours=0)
    assert {"places", "hours"} <= set(caught.value.fields)
    made = pledge(session, cp, ZEIST, bakker.id, None, places=500, hours=40, language_level="b1")
    assert (made.data.places, made.data.language_level, made.challenge_title) == (500, "B1", "")


def test_filled_counts_candidates_of_every_municipality_that_fill(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST)
    p = pledge(session, cp, ZEIST, employer(session, ZEIST).id, made.id, places=5)
    # Zeist: one started, one only proposed, one stopped; Bunnik: one hired, one completed.
    candidates(session, make_actor(Role.CONSULENT, ZEIST), ZEIST, p.id, [S.GESTART, S.VOORGESTELD, S.GESTOPT])
    candidates(session, make_actor(Role.CONSULENT, BUNNIK), BUNNIK, p.id, [S.AANGENOMEN, S.AFGEROND])
    seen = sp.get_pledge(session, cp, p.id, today=DAY)
    assert (seen.filled, seen.open_places) == (3, 2)
    assert sp.filled_counts(session, [p.id]) == {p.id: 3}


def test_the_unfilled_flag_rises_six_weeks_after_the_challenge(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST)
    p = pledge(session, cp, ZEIST, employer(session, ZEIST).id, made.id, places=2)
    candidates(session, make_actor(Role.CONSULENT, ZEIST), ZEIST, p.id, [S.GESTART])
    six_weeks = DAY + timedelta(weeks=6)
    assert sp.get_pledge(session, cp, p.id, today=six_weeks - timedelta(days=1)).unfilled is False
    assert sp.get_pledge(session, cp, p.id, today=six_weeks).unfilled is True
    alone = pledge(session, cp, ZEIST, employer(session, ZEIST, "Garage").id, None)
    assert sp.get_pledge(session, cp, alone.id, today=six_weeks + timedelta(days=300)).unfilled is False


def test_open_to_region_is_one_click_and_announced_to_the_others(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST)
    p = pledge(session, cp, ZEIST, employer(session, ZEIST).id, made.id, places=5)
    candidates(session, make_actor(Role.CONSULENT, BUNNIK), BUNNIK, p.id, [S.AANGENOMEN, S.GESTART])
    day = DAY + timedelta(weeks=7)
    owner_today = load_today(session, cp, today=day)
    flagged = [i for g in owner_today.groups for i in g.items if i.kind == UNFILLED]
    assert [i.text for i in flagged] == [
        "3 van 5 plekken bij Bakkerij De Korenbloem nog niet ingevuld, 7 weken na de challenge — "
        "openstellen voor de regio?"
    ]
    assert flagged[0].target.module == "challenges" and flagged[0].target.object_id == p.id
    bunnik = make_actor(Role.CONSULENT, HOUTEN)
    with pytest.raises(PermissionDenied):
        sp.open_to_region(session, bunnik, p.id, p.version, day)
    opened = sp.open_to_region(session, cp, p.id, p.version, day)
    assert (opened.data.open_to_region, opened.opened_to_region_on) == (True, day)
    with pytest.raises(ConflictError):
        sp.open_to_region(session, cp, p.id, p.version, day)
    # The owner's flag is answered; the other municipality hears of it for 30 days.
    assert not [i for g in load_today(session, cp, today=day).groups for i in g.items if i.kind == UNFILLED]
    later = [i for g in load_today(session, bunnik, today=day + timedelta(days=3)).groups for i in g.items]
    assert [i.text for i in later if i.kind == FOR_REGION] == [
        "Nieuw voor de hele regio: 3 werkervaringsplekken bij Bakkerij De Korenbloem (Zeist)"
    ]
    gone = load_today(session, bunnik, today=day + timedelta(days=31))
    assert not [i for g in gone.groups for i in g.items if i.kind == FOR_REGION]


def test_update_and_rights(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    p = pledge(session, cp, ZEIST, employer(session, ZEIST).id, None)
    changed = sp.update_pledge(
        session, cp, p.id, p.version, replace(p.data, kind=PlaceKind.TAALSTAGE, places=2)
    )
    assert (changed.data.kind, changed.data.places) == (PlaceKind.TAALSTAGE, 2)
    with pytest.raises(ConflictError):
        sp.update_pledge(session, cp, p.id, p.version, p.data)
    other = make_actor(Role.CONTACTPERSOON, BUNNIK)
    assert sp.get_pledge(session, other, p.id).can_edit is False
    with pytest.raises(PermissionDenied):
        sp.update_pledge(session, other, p.id, changed.version, p.data)


def test_the_unfilled_flag_marked_handled_leaves_vandaag(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.challenges.challenges import planner
    from app.services.today import today_counts

    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST)
    p = pledge(session, cp, ZEIST, employer(session, ZEIST).id, made.id, places=3)
    early, day = DAY + timedelta(weeks=5), DAY + timedelta(weeks=7)
    with pytest.raises(ValidationError, match="geen signaal"):  # not six weeks yet: nothing to handle
        sp.mark_flag_handled(session, cp, p.id, p.version, early)
    assert today_counts(session, cp, today=day).get(UNFILLED) == 1
    other = make_actor(Role.CONTACTPERSOON, BUNNIK)
    with pytest.raises(PermissionDenied):  # only the keeping municipality (or the region) handles it
        sp.mark_flag_handled(session, other, p.id, p.version, day)
    done = sp.mark_flag_handled(session, cp, p.id, p.version, day)
    assert (done.flag_handled_on, done.flag_handled_by, done.unfilled, done.flag_waits) == (
        day, cp.name, True, False)  # fmt: skip
    assert UNFILLED not in today_counts(session, cp, today=day)
    assert not [i for g in load_today(session, cp, today=day).groups for i in g.items if i.kind == UNFILLED]
    assert sp.unfilled_pledges(session, cp, done.data.gemeente_id, day) == []
    entry = next(e for e in planner(session, cp, day).past if e.challenge.id == made.id)
    assert entry.unfilled_pledges == 0 and entry.open_places == 3  # the places still count as open
    with pytest.raises(ConflictError):
        sp.mark_flag_handled(session, cp, p.id, p.version, day)
    with pytest.raises(ValidationError, match="al afgehandeld"):
        sp.mark_flag_handled(session, cp, p.id, done.version, day)
    # Still open for the region with one click, if the owner wants that after all.
    assert sp.open_to_region(session, cp, p.id, done.version, day).data.open_to_region
