"""Referrals with a person's own PostgreSQL login and plain SQL: another municipality cannot read who
was referred (not the referrals, not their members, not their history), gets the counts through
``dl_referral_counts``, and cannot write a referral for a dossier that is not theirs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from app.domain.roles import Role
from tests.security.conftest import POSTGRES_ONLY, A, B, World, build_case, make_world, refused

pytestmark = POSTGRES_ONLY

DAY = date(2026, 3, 2)
INSERT = (
    "INSERT INTO referrals (dossier_id, gemeente_id, initiative_id, status, reason_text, consent,"
    " consent_language, consent_recorded_by, proposed_on, last_news_on, referred_by, referred_by_name,"
    " note, version, created_at, updated_at)"
    " VALUES (%s, %s, %s, 'voorgesteld', '', 'niet_gevraagd', '', '', %s, %s, 'x', '', '', 1, now(), now())"
)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    from app.domain.directory import ReferralStatus
    from app.domain.handover import ConsentMethod, ConsentStatus
    from app.services.directory import initiatives as di
    from app.services.directory import referrals as dr

    with make_world() as w:
        w.add_person("cp_a", Role.CONTACTPERSOON, A, prefix="cp")
        w.add_person("cons_a", Role.CONSULENT, A, prefix="co")
        w.add_person("cp_b", Role.CONTACTPERSOON, B, prefix="cp")
        w.ids["A"] = build_case(w, "cp_a", A)
        w.ids["B"] = build_case(w, "cp_b", B)
        actor = w.actor("cons_a")
        with w.db.unit_of_work() as s:
            made = di.create_initiative(
                s, w.actor("cp_a"),
                di.InitiativeInput(
                    name="Taalcafé De Brug", kind="taalcafe", gemeente_id=w.gid(A), open_to_region=True,
                    languages=["nl", "ar"], address="Dorpsstraat 1",
                ),
                today=DAY,
            )  # fmt: skip
            dossier = w.ids["A"]["dossiers"][0]
            members = w.ids["A"]["dossier_members"]
            given = {
                "consent": ConsentStatus.GEGEVEN,
                "consent_on": DAY,
                "consent_method": ConsentMethod.PHONE,
            }
            one = dr.refer(s, actor, dossier, made.id, members[:1], registered=True, today=DAY, **given)
            dr.move_referral(s, actor, one.id, one.version, ReferralStatus.GESTART, today=DAY)
            two = dr.refer(s, actor, dossier, made.id, members, today=date(2026, 8, 3), **given)
        w.ids["initiative"] = made.id
        w.ids["referrals"] = [one.id, two.id]
        yield w


def test_the_own_municipality_reads_its_referrals(world: World) -> None:
    conn = world.connect("cp_a")
    rows = conn.execute("SELECT id FROM referrals ORDER BY id").fetchall()
    assert [r[0] for r in rows] == world.ids["referrals"]
    assert conn.execute("SELECT count(*) FROM referral_members").fetchone() == (3,)


def test_another_municipality_sees_counts_never_who(world: World) -> None:
    conn = world.connect("cp_b")
    assert conn.execute("SELECT * FROM referrals").fetchall() == []
    assert conn.execute("SELECT * FROM referral_members").fetchall() == []
    assert conn.execute("SELECT * FROM referral_status_changes").fetchall() == []
    counts = conn.execute(
        "SELECT status, period, n FROM dl_referral_counts(%s) ORDER BY period", ([world.ids["initiative"]],)
    ).fetchall()
    assert counts == [("gestart", "2026-H1", 1), ("voorgesteld", "2026-H2", 1)]


def test_another_municipality_cannot_write_a_referral_for_a_dossier_not_theirs(world: World) -> None:
    conn = world.connect("cp_b")
    dossier_a = world.ids["A"]["dossiers"][0]
    for gemeente in (world.gid(A), world.gid(B)):  # as A's, and disguised as their own
        error = refused(conn, INSERT, (dossier_a, gemeente, world.ids["initiative"], DAY, DAY))
        assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    assert (
        conn.execute(
            "UPDATE referrals SET status = 'gestopt' WHERE id = ANY(%s)", (world.ids["referrals"],)
        ).rowcount
        == 0
    )
    error = refused(
        conn,
        "INSERT INTO referral_members (referral_id, member_id) VALUES (%s, %s)",
        (world.ids["referrals"][0], world.ids["B"]["dossier_members"][0]),
    )
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)


def test_the_own_municipality_writes_only_its_own_dossier_and_members(world: World) -> None:
    conn = world.connect("cp_a")
    dossier_a, dossier_b = world.ids["A"]["dossiers"][0], world.ids["B"]["dossiers"][0]
    with conn.transaction(force_rollback=True):  # allowed: nothing of it stays
        row = conn.execute(
            INSERT + " RETURNING id", (dossier_a, world.gid(A), world.ids["initiative"], DAY, DAY)
        )
        new_id = row.fetchone()[0]  # type: ignore[index]
        conn.execute(
            "INSERT INTO referral_members (referral_id, member_id) VALUES (%s, %s)",
            (new_id, world.ids["A"]["dossier_members"][0]),
        )
    error = refused(conn, INSERT, (dossier_b, world.gid(A), world.ids["initiative"], DAY, DAY))
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)
    error = refused(  # a member of another household (another municipality's) in our referral
        conn,
        "INSERT INTO referral_members (referral_id, member_id) VALUES (%s, %s)",
        (world.ids["referrals"][0], world.ids["B"]["dossier_members"][0]),
    )
    assert isinstance(error, psycopg.errors.InsufficientPrivilege)


def test_the_services_work_on_the_users_own_login(world: World) -> None:
    """The program itself, connected as the consulent's own login: refer, move, answer, count."""
    from sqlalchemy import make_url

    from app.db.session import Database
    from app.domain.directory import ReferralReason, ReferralStatus
    from app.domain.handover import ConsentMethod, ConsentStatus
    from app.errors import NotFound, PermissionDenied
    from app.services.directory import referrals as dr

    person = world.people["cons_a"]
    own = Database(make_url(world.url).set(username=person.login, password=person.password))
    try:
        actor = world.actor("cons_a")
        dossier = world.ids["A"]["dossiers"][0]
        with own.unit_of_work() as s:
            r = dr.refer(
                s, actor, dossier, world.ids["initiative"], world.ids["A"]["dossier_members"][1:],
                consent=ConsentStatus.GEGEVEN, consent_on=DAY, consent_method=ConsentMethod.IN_PERSON,
                registered=True, today=DAY,
            )  # fmt: skip
            r = dr.answer_follow_up(s, actor, r.id, r.version, True, today=DAY)
            r = dr.answer_follow_up(
                s, actor, r.id, r.version, False, reason=ReferralReason.VERHUISD, today=DAY
            )
            assert r.status is ReferralStatus.GESTOPT
            s.rollback()  # leave the module's world as it was
        bunnik = world.people["cp_b"]
        other = Database(make_url(world.url).set(username=bunnik.login, password=bunnik.password))
        try:
            with other.unit_of_work() as s:
                counts = dr.referral_counts(s, world.actor("cp_b"), world.ids["initiative"])
                assert (
                    counts.total == 2
                    and dr.initiative_referrals(s, world.actor("cp_b"), world.ids["initiative"]) == []
                )
                with pytest.raises((PermissionDenied, NotFound)):  # row-level security: not even there
                    dr.dossier_referrals(s, world.actor("cp_b"), dossier)
        finally:
            other.dispose()
    finally:
        own.dispose()
