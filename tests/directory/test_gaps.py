"""The gaps per municipality against figures worked out by hand (tests/directory/gaps_scenario.py),
on SQLite and PostgreSQL; and on PostgreSQL as a contactpersoon's own login, who counts the other
municipalities' people through dl_household_languages() but cannot read their members."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import make_url
from sqlalchemy.orm import Session

from app.db.session import Database
from app.domain.directory_gaps import Offer, compute_gaps, kind_tip, language_tip
from app.domain.roles import Role
from app.services.access import Actor
from app.services.directory.gaps import directory_gaps
from app.services.users import sign_in
from tests.conftest import PG_URL
from tests.directory import gaps_scenario as sc
from tests.directory.fixtures import BUNNIK, UTRECHT, ZEIST
from tests.security.conftest import World, make_world


def _check(report) -> None:  # type: ignore[no-untyped-def]
    for code, expected in sc.EXPECTED_LANGUAGE_GAPS.items():
        got = [
            (g.what, g.code, g.persons) for g in report.gaps if g.gemeente_code == code and g.what == "taal"
        ]
        assert got == expected, code
    for code, kinds in sc.EXPECTED_KINDS.items():
        available = {
            k: (c.local, c.regional) for (g, k), c in report.kind_cells.items() if g == code and c.total
        }
        assert available == kinds, code
        missing = {g.code for g in report.gaps if g.gemeente_code == code and g.what == "soort"}
        assert missing == {k for k, _ in report.kinds} - set(kinds) - {"overig"}
        assert {g.persons for g in report.gaps if g.gemeente_code == code and g.what == "soort"} == {
            sc.EXPECTED_PERSONS[code]
        }
    assert {c: report.persons[c] for c in sc.EXPECTED_PERSONS} == sc.EXPECTED_PERSONS
    assert {c: report.unknown_language[c] for c in sc.EXPECTED_UNKNOWN} == sc.EXPECTED_UNKNOWN
    assert report.languages == sc.EXPECTED_LANGUAGES
    # The heat maps hold the same figures: Zeist's row of the language map is people per language.
    zeist = [g for g, _ in report.gemeenten].index(ZEIST)
    assert dict(zip(report.languages, report.language_matrix()[zeist], strict=True)) == {
        "so": 1, "ar": 1, "ti": 2, "prs": 1, "en": 0, "fa": 1, "ku": 0, "nl": 0,
    }  # fmt: skip
    kind_codes = [k for k, _ in report.kinds]
    assert report.kind_matrix()[zeist][kind_codes.index("sport")] == 1
    assert len(report.gemeenten) == 16  # every municipality of the region has a row


def test_gaps_match_the_hand_computed_figures(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    regio = make_actor(Role.REGIO_COORDINATOR, UTRECHT)
    sc.build_initiatives(session, regio)
    actors = {code: make_actor(Role.CONTACTPERSOON, code) for code in (ZEIST, BUNNIK, UTRECHT)}
    sc.build_households(session, actors)
    report = directory_gaps(session, actors[ZEIST])
    _check(report)
    headers, rows = report.table()
    assert headers == ["Gemeente", "Code", "Hiaat", "Wat ontbreekt", "Mensen"]
    assert ["Bunnik", BUNNIK, "Taal", "Somalisch", 2] in rows
    cell = report.language_cells[(ZEIST, "ti")]
    assert language_tip("Zeist", "ti", cell) == "Zeist: 1 initiatief in het Tigrinya; 2 mensen spreken het"
    assert (
        language_tip("Zeist", "so", report.language_cells[(ZEIST, "so")])
        == "Zeist: geen initiatief in het Somalisch; 1 mens spreekt het"
    )


def test_anyone_in_the_region_may_see_the_gaps(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    # Counts, never who: the beheerder (who sees no dossiers) reads the same figures.
    sc.build_initiatives(session, make_actor(Role.REGIO_COORDINATOR, UTRECHT))
    sc.build_households(session, {c: make_actor(Role.CONSULENT, c) for c in (ZEIST, BUNNIK, UTRECHT)})
    _check(directory_gaps(session, make_actor(Role.BEHEERDER, None)))


def test_the_rules_without_a_database() -> None:
    offers = [
        Offer("taalcafe", frozenset({"A"}), False, frozenset({"ar"})),
        Offer("sport", frozenset({"B"}), True, frozenset({"ti"})),
    ]
    cells = [
        ("A", "Tigrinya", 37),
        ("A", "Arabisch, Tigrinya", 2),
        ("B", "Arabisch / Engels", 3),
        ("B", "?", 1),
    ]
    report = compute_gaps([("A", "Zeist"), ("B", "Bunnik")], [("taalcafe", "Taalcafé"), ("sport", "Sport")],
                          offers, cells)  # fmt: skip
    assert [(g.gemeente_name, g.code, g.persons) for g in report.gaps] == [
        ("Bunnik", "ar", 3), ("Bunnik", "en", 3), ("Bunnik", "taalcafe", 4),
    ]  # fmt: skip
    assert report.persons == {"A": 39, "B": 4} and report.unknown_language == {"A": 0, "B": 1}
    assert kind_tip("Zeist", "Sport", report.kind_cells[("A", "sport")], 39) == (
        "Zeist: 1 × Sport (1 open voor de regio)"
    )
    assert kind_tip("Bunnik", "Taalcafé", report.kind_cells[("B", "taalcafe")], 4) == (
        "Bunnik: geen Taalcafé; 4 mensen in open dossiers"
    )


# -- PostgreSQL: a contactpersoon's own login ------------------------------------------------------


@pytest.fixture
def world() -> Iterator[World]:
    with make_world() as w:
        w.add_person("zeist", Role.CONTACTPERSOON, ZEIST)
        yield w


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set: no PostgreSQL to test on")
def test_a_contactpersoon_counts_other_municipalities_people_but_cannot_read_them(world: World) -> None:
    system = Actor.system_actor("test")
    with world.db.unit_of_work() as s:
        sc.build_initiatives(s, system)
        made = sc.build_households(s, {ZEIST: system, BUNNIK: system, UTRECHT: system})
    person = world.people["zeist"]
    own = Database(make_url(world.url).set(username=person.login, password=person.password))
    try:
        with own.unit_of_work() as s:
            actor = sign_in(s, person.login)
        with own.unit_of_work() as s:
            report = directory_gaps(s, actor)
        _check(report)
    finally:
        own.dispose()
    conn = world.connect(person)
    others = made[BUNNIK] + made[UTRECHT]
    seen = conn.execute(
        "SELECT count(*) FROM dossier_members WHERE dossier_id = ANY(%s)", (others,)
    ).fetchone()
    assert seen == (0,)
    mine = conn.execute(
        "SELECT count(*) FROM dossier_members WHERE dossier_id = ANY(%s)", (made[ZEIST],)
    ).fetchone()
    assert mine == (8,)  # the own municipality's members, also of the closed dossier
    counted = dict(
        (row[0], row[1])
        for row in conn.execute(
            "SELECT g.cbs_code, sum(f.persons) FROM dl_household_languages() f "
            "JOIN gemeenten g ON g.id = f.gemeente_id GROUP BY g.cbs_code"
        )
    )
    assert counted == sc.EXPECTED_PERSONS
