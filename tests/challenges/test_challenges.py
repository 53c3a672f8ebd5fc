"""Challenges: planning one, its status steps, the checklist with who and when, invited employers,
rights, conflicts, and the planner's overview of what is still open."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.domain.challenges import DEFAULT_CHECKLIST, ChallengeStatus
from app.domain.roles import Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.challenges import challenges as sc
from tests.challenges.fixtures import DAY, challenge, employer, pledge
from tests.directory.fixtures import BUNNIK, ZEIST


def test_a_new_challenge_starts_with_the_default_checklist_and_its_lead_as_organiser(
    session: Session,
    make_actor,  # type: ignore[no-untyped-def]
) -> None:
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST, organisers=[BUNNIK])
    assert [c.text for c in made.checks] == list(DEFAULT_CHECKLIST.values())
    assert made.status is ChallengeStatus.IN_VOORBEREIDING
    assert made.data.organisers == [ZEIST, BUNNIK] and made.organiser_names == ["Zeist", "Bunnik"]
    assert made.can_edit


def test_fields_are_checked_with_dutch_messages(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    with pytest.raises(ValidationError) as caught:
        challenge(session, cp, ZEIST, title=" ", held_on=None, from_time="25:00", organisers=["GM9999"])
    assert set(caught.value.fields) == {"title", "held_on", "from_time", "organisers"}
    with pytest.raises(ValidationError) as caught:
        challenge(session, cp, ZEIST, from_time="16:00", to_time="14:00", target_places=-1)
    assert caught.value.fields["to_time"] == "De eindtijd ligt voor (of op) de begintijd."
    assert "target_places" in caught.value.fields


def test_the_status_moves_one_step_at_a_time(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST)
    with pytest.raises(ValidationError):
        sc.move_challenge(session, cp, made.id, made.version, ChallengeStatus.GEHOUDEN)
    sent = sc.move_challenge(session, cp, made.id, made.version, ChallengeStatus.UITNODIGINGEN_VERSTUURD)
    held = sc.move_challenge(session, cp, made.id, sent.version, ChallengeStatus.GEHOUDEN)
    back = sc.move_challenge(session, cp, made.id, held.version, ChallengeStatus.UITNODIGINGEN_VERSTUURD)
    assert back.status is ChallengeStatus.UITNODIGINGEN_VERSTUURD
    with pytest.raises(ConflictError):  # an old version: someone else moved it in between
        sc.move_challenge(session, cp, made.id, held.version, ChallengeStatus.GEHOUDEN)


def test_a_tick_records_who_and_when_and_an_untick_clears_them(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = challenge(session, cp, ZEIST)
    first = made.checks[0]
    ticked = sc.tick_check(session, cp, first.id, first.version, True, today=date(2026, 2, 3))
    done = ticked.checks[0]
    assert (done.done, done.done_on, done.done_by) == (True, date(2026, 2, 3), "Test Gebruiker")
    with pytest.raises(ConflictError):
        sc.tick_check(session, cp, first.id, first.version, False)
    cleared = sc.tick_check(session, cp, first.id, done.version, False).checks[0]
    assert (cleared.done, cleared.done_on, cleared.done_by) == (False, None, "")
    own = sc.add_check(session, cp, made.id, "Koffie en broodjes bestellen")
    assert (
        own.checks[-1].text == "Koffie en broodjes bestellen"
        and len(own.checks) == len(DEFAULT_CHECKLIST) + 1
    )
    with pytest.raises(ValidationError):
        sc.add_check(session, cp, made.id, "  ")


def test_another_municipality_reads_but_cannot_change(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, ZEIST)
    bunnik = make_actor(Role.CONSULENT, BUNNIK)
    made = challenge(session, zeist, ZEIST)
    seen = sc.get_challenge(session, bunnik, made.id)
    assert seen.data.title == made.data.title and seen.can_edit is False
    with pytest.raises(PermissionDenied):
        sc.update_challenge(session, bunnik, made.id, made.version, replace(made.data, venue="Elders"))
    with pytest.raises(PermissionDenied):
        sc.tick_check(session, bunnik, made.checks[0].id, made.checks[0].version, True)
    with pytest.raises(PermissionDenied):
        challenge(session, bunnik, ZEIST)
    regio = make_actor(Role.REGIO_COORDINATOR, BUNNIK)
    assert sc.update_challenge(
        session, regio, made.id, made.version, replace(made.data, venue="Elders")
    ).data.venue


def test_invited_employers_and_the_planner_shows_what_is_open(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    coming = challenge(session, cp, ZEIST, title="Challenge Horeca", held_on=date(2026, 5, 20))
    held = challenge(session, cp, ZEIST, title="Challenge Zorg", held_on=DAY)
    bakker = employer(session, ZEIST)
    garage = employer(session, ZEIST, "Garage Van Dijk")
    info = sc.invite_employer(session, cp, coming.id, bakker.id, today=date(2026, 4, 1))
    info = sc.invite_employer(session, cp, coming.id, garage.id, today=date(2026, 4, 1))
    with pytest.raises(ValidationError):
        sc.invite_employer(session, cp, coming.id, garage.id)
    link = info.employers[0]
    info = sc.set_participating(session, cp, link.id, link.version, True)
    assert [(e.employer_name, e.participating) for e in info.employers] == [
        ("Bakkerij De Korenbloem", True),
        ("Garage Van Dijk", False),
    ]
    pledge(session, cp, ZEIST, bakker.id, held.id, places=3)
    plan = sc.planner(session, cp, date(2026, 4, 2))
    assert [e.challenge.data.title for e in plan.upcoming] == ["Challenge Horeca"]
    assert [e.challenge.data.title for e in plan.past] == ["Challenge Zorg"]
    upcoming, past = plan.upcoming[0], plan.past[0]
    assert upcoming.unanswered == ["Garage Van Dijk"] and len(upcoming.open_checks) == len(DEFAULT_CHECKLIST)
    assert (past.pledged, past.filled, past.open_places) == (3, 0, 3)
    assert "3 van 3 plekken niet ingevuld" in past.open_text()
