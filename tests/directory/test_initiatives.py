"""Initiatives: entering, the modified/checked split, the history, rights, and the search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.domain.directory import Freshness, InitiativeFilter, InitiativeStatus
from app.domain.roles import Role
from app.errors import ConflictError, PermissionDenied, ValidationError
from app.services.directory import initiatives as di
from app.services.directory.search import search_initiatives, to_check
from tests.directory.fixtures import BUNNIK, HOUTEN, UTRECHT, ZEIST, initiative


def test_a_save_without_changes_touches_neither_date(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = initiative(session, cp)
    again = di.update_initiative(session, cp, made.id, made.version, made.data)
    assert (again.version, again.changed_at, again.checked_on) == (made.version, made.changed_at, None)
    assert di.initiative_history(session, cp, made.id) == []


def test_a_change_records_each_field_and_moves_modified_not_checked(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = initiative(session, cp)
    changed = di.update_initiative(
        session, cp, made.id, made.version, replace(made.data, places_available=4, languages=["nl", "ti"])
    )
    assert changed.changed_at >= made.changed_at and changed.checked_on is None
    history = {(c.field, c.old_value, c.new_value) for c in di.initiative_history(session, cp, made.id)}
    assert history == {("places_available", "", "4"), ("languages", "nl ar", "nl ti")}


def test_verify_sets_checked_by_whom_and_when(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = initiative(session, cp, today=date(2025, 1, 2))
    checked = di.verify_initiative(session, cp, made.id, made.version, today=date(2026, 3, 4))
    assert (checked.checked_on, checked.checked_by) == (date(2026, 3, 4), "Test Gebruiker")
    assert checked.changed_at == made.changed_at  # verifying is not changing
    fixed = di.verify_initiative(
        session, cp, made.id, checked.version, today=date(2026, 3, 5), data=replace(made.data, cost="€ 2")
    )
    assert fixed.checked_on == date(2026, 3, 5) and fixed.data.cost == "€ 2"
    notes = [c.new_value for c in di.initiative_history(session, cp, made.id) if c.field == "gecontroleerd"]
    assert notes == ["gewijzigd: kosten", "klopt nog"]


def test_another_municipality_reads_but_cannot_change(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    zeist = make_actor(Role.CONTACTPERSOON, ZEIST)
    bunnik = make_actor(Role.CONSULENT, BUNNIK)
    made = initiative(session, zeist)
    assert di.get_initiative(session, bunnik, made.id).can_edit is False
    with pytest.raises(PermissionDenied):
        di.update_initiative(session, bunnik, made.id, made.version, replace(made.data, cost="gratis"))
    with pytest.raises(PermissionDenied):
        initiative(session, bunnik, ZEIST)
    coordinator = make_actor(Role.REGIO_COORDINATOR, UTRECHT)
    di.update_initiative(session, coordinator, made.id, made.version, replace(made.data, cost="gratis"))
    with pytest.raises(PermissionDenied):
        initiative(session, make_actor(Role.ALLEEN_LEZEN, ZEIST), ZEIST)


def test_stale_version_is_a_conflict(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    made = initiative(session, cp)
    di.update_initiative(session, cp, made.id, made.version, replace(made.data, cost="gratis"))
    with pytest.raises(ConflictError):
        di.update_initiative(session, cp, made.id, made.version, replace(made.data, cost="€ 5"))


def test_bad_input_gets_field_messages(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    with pytest.raises(ValidationError) as caught:
        initiative(
            session, cp, name=" ", min_age=30, max_age=12, languages=["xx"], contact_email="geen-mail",
            places_available=-1, kind="bestaat-niet", address="", online=False,
        )  # fmt: skip
    assert set(caught.value.fields) == {
        "name", "max_age", "languages", "contact_email", "places_available", "kind", "address"
    }  # fmt: skip


def test_search_accents_case_groups_languages_and_region(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    day = date(2026, 6, 1)
    cafe = initiative(session, cp, description="Koffie en gesprekken in het Café", languages=["nl", "ar"])
    youth = initiative(
        session,
        cp,
        name="Huiswerkclub",
        kind="huiswerk",
        target_groups=["jongeren"],
        min_age=12,
        max_age=18,
        languages=["nl"],
    )
    regional = initiative(
        session, make_actor(Role.CONTACTPERSOON, BUNNIK), BUNNIK, name="Fietsles Bunnik", kind="fietsles",
        open_to_region=True, languages=["ti"], target_groups=["vrouwen"],
    )  # fmt: skip
    initiative(session, make_actor(Role.CONTACTPERSOON, HOUTEN), HOUTEN, name="Sport Houten", kind="sport")
    stopped = initiative(session, cp, name="Oud café", status=InitiativeStatus.GESTOPT)

    def ids(**kw: object) -> list[int]:
        return [r.id for r in search_initiatives(session, cp, InitiativeFilter(**kw), day)]  # type: ignore[arg-type]

    assert ids(text="CAFE gesprek") == [cafe.id]  # accents, case, the description
    assert ids(groups=frozenset({"jeugd"}), gemeente=ZEIST) == [youth.id]  # jeugd = kinderen + jongeren
    assert ids(languages=frozenset({"ti"})) == [regional.id]
    assert ids(gemeente=ZEIST) == [youth.id, cafe.id, regional.id]  # own (by name), then open to the region
    assert ids(gemeente=ZEIST, include_region=False) == [youth.id, cafe.id]
    assert ids(gemeente=ZEIST, ages=(8,)) == [cafe.id, regional.id]  # 8 is too young for the club
    assert stopped.id in ids(statuses=frozenset(InitiativeStatus), text="oud")
    assert ids(gemeente=ZEIST, kinds=frozenset({"fietsles"})) == [regional.id]


def test_to_check_lists_the_owners_unchecked_entries(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    cp = make_actor(Role.CONTACTPERSOON, ZEIST)
    old = initiative(session, cp, name="Oud", today=date(2025, 10, 1))
    initiative(session, cp, name="Nieuw", today=date(2026, 5, 1))
    initiative(
        session, make_actor(Role.CONTACTPERSOON, BUNNIK), BUNNIK, name="Bunnik oud", today=date(2025, 1, 1)
    )
    listed = to_check(session, cp, today=date(2026, 6, 1))
    assert [r.id for r in listed] == [old.id]
    assert listed[0].freshness is Freshness.TE_CONTROLEREN
    di.verify_initiative(session, cp, old.id, old.version, today=date(2026, 6, 1))
    assert to_check(session, cp, today=date(2026, 6, 1)) == []
    stale = search_initiatives(session, cp, InitiativeFilter(text="bunnik oud"), date(2026, 12, 1))
    assert stale[0].freshness is Freshness.MOGELIJK_VEROUDERD  # shown, not hidden


def test_the_check_period_is_region_data(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.directory.reference import check_months, set_check_months

    with pytest.raises(PermissionDenied):
        set_check_months(session, make_actor(Role.CONTACTPERSOON, ZEIST), 3)
    with pytest.raises(ValidationError):
        set_check_months(session, make_actor(Role.BEHEERDER, None), 0)
    assert set_check_months(session, make_actor(Role.BEHEERDER, None), 9) == 9
    assert check_months(session) == 9
