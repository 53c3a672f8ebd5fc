"""Employers: KvK checked and unique, kept by their own municipality, and a history of pledges that
counts the candidates of every municipality (counts only)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.db.models import Candidate, Pledge
from app.domain.challenges import CandidateStatus, PlaceKind
from app.domain.roles import Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.challenges import employers as em
from tests.db.case_fixtures import BUNNIK, ZEIST, family

BAKERY = em.EmployerInput(
    name="Bakkerij De Korenaar",
    gemeente_code=ZEIST,
    kvk="1234 5678",
    sector="C",
    size_class="10-49",
    address="Slotlaan 1, Zeist",
    contacts=[em.ContactInput("Piet Jansen", "Eigenaar", "030-1234567", "piet@korenaar.example.nl")],
)


def test_kvk_is_checked_unique_and_the_wsp_follows_the_place(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = em.create_employer(session, cp, BAKERY)
    assert (made.data.kvk, made.data.wsp, made.gemeente_name) == ("12345678", "Zuidoost-Utrecht", "Zeist")
    assert made.data.contacts[0].name == "Piet Jansen"
    with pytest.raises(ValidationError) as caught:
        em.create_employer(session, cp, replace(BAKERY, name="Andere bakker", kvk="12345678"))
    assert "andere werkgever" in caught.value.fields["kvk"]
    with pytest.raises(ValidationError) as caught:
        em.create_employer(session, cp, replace(BAKERY, kvk="1234567", sector="Z", name=" "))
    assert set(caught.value.fields) == {"kvk", "sector", "name"}


def test_only_the_own_municipality_or_the_region_changes_an_employer(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    made = em.create_employer(session, make_actor(Role.CONTACTPERSOON, ZEIST), BAKERY)
    bunnik = make_actor(Role.CONSULENT, BUNNIK)
    assert em.get_employer(session, bunnik, made.id).can_edit is False
    with pytest.raises(PermissionDenied):
        em.update_employer(session, bunnik, made.id, made.version, replace(made.data, notes="x"))
    with pytest.raises(PermissionDenied):
        em.create_employer(session, bunnik, replace(BAKERY, kvk="", name="Nep"))
    regio = make_actor(Role.REGIO_COORDINATOR, BUNNIK)
    changed = em.update_employer(
        session, regio, made.id, made.version, replace(made.data, notes="Vaste partner")
    )
    with pytest.raises(ConflictError):
        em.update_employer(session, regio, made.id, made.version, replace(made.data, notes="oud"))
    assert changed.data.notes == "Vaste partner"
    assert [r.name for r in em.list_employers(session, bunnik, "korenäar")] == ["Bakkerij De Korenaar"]
    assert em.list_employers(session, bunnik, gemeente=BUNNIK) == []


def test_history_counts_candidates_of_every_municipality(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = em.create_employer(session, cp, BAKERY)
    pledges = []
    for year, places in ((2025, 2), (2026, 3)):
        p = Pledge(
            gemeente_id=_gid(session, ZEIST),
            employer_id=made.id,
            kind=PlaceKind.WERKSTAGE,
            places=places,
            pledged_on=date(year, 3, 1),
        )
        session.add(p)
        pledges.append(p)
    session.flush()
    steps = [
        (ZEIST, pledges[0], CandidateStatus.AFGEROND),
        (BUNNIK, pledges[0], CandidateStatus.GESTART),
        (BUNNIK, pledges[1], CandidateStatus.AANGENOMEN),
        (ZEIST, pledges[1], CandidateStatus.GESTOPT),
    ]
    for n, (code, pledge, status) in enumerate(steps):
        actor = make_actor(Role.CONSULENT, code)
        household = family(session, actor, code, head=f"Hoofd {n}", partner=None, children=())
        session.add(
            Candidate(
                dossier_id=household.id,
                member_id=household.members[0].id,
                gemeente_id=_gid(session, code),
                pledge_id=pledge.id,
                status=status,
                status_on=date(2026, 5, 1),
                proposed_by="t",
            )
        )
    session.flush()
    history = em.employer_history(session, make_actor(Role.ALLEEN_LEZEN, BUNNIK), made.id)
    assert history.by_year[2025] == em.PlaceFigures(pledged=2, filled=2, started=2, completed=1)
    assert history.by_year[2026] == em.PlaceFigures(pledged=3, filled=1, started=0, completed=0)
    assert history.reliability_text() == "3 van 5 plekken ingevuld (60%)"


def _gid(session: Session, code: str) -> int:
    from tests.directory.fixtures import gemeente_id

    return gemeente_id(session, code)


def test_contacts_added_changed_removed_and_a_stale_contact_list_conflicts(  # type: ignore[no-untyped-def]
    session: Session, make_actor
) -> None:
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = em.create_employer(session, cp, BAKERY)
    two = [*made.data.contacts, em.ContactInput("Fatima El Amrani", "HR", "", "fatima@korenaar.example.nl")]
    changed = em.update_employer(session, cp, made.id, made.version, replace(BAKERY, contacts=two))
    assert [c.name for c in changed.data.contacts] == ["Piet Jansen", "Fatima El Amrani"]
    [listed] = em.list_employers(session, cp, "fatima")  # found by any contact; the list names the first
    assert listed.contact == "Piet Jansen (+1)"
    assert changed.version > made.version  # only the contacts changed, and still the version moved
    with pytest.raises(ConflictError):  # someone else still had the list with one contact
        em.update_employer(session, cp, made.id, made.version, replace(BAKERY, contacts=[]))
    kept = em.update_employer(session, cp, made.id, changed.version, replace(BAKERY, contacts=two[1:]))
    assert [(c.name, c.role) for c in kept.data.contacts] == [("Fatima El Amrani", "HR")]
    with pytest.raises(ValidationError) as caught:
        em.update_employer(session, cp, made.id, kept.version,
                           replace(BAKERY, contacts=[*two[1:], em.ContactInput("", "", "06-1")]))  # fmt: skip
    assert "Contactpersoon 2" in caught.value.fields["contact_2"]
