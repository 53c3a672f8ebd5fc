"""The access log's hash chain on both databases: every row links to the one before; a row changed,
deleted or forged into the middle by someone with full rights (the owner on PostgreSQL, anyone
with the file on SQLite) is found by ``verify_chain`` and named. Conflicts and refused input leave
a row of their own; the timeline and handover history are insert-only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from app.db.models import AccessLog, AccessLogChain
from app.db.models.access import chain_hash, row_values
from app.db.session import Database
from app.domain.roles import Action, Area, Role
from app.errors import ConflictError, ValidationError
from app.services.access import Actor, authorize
from app.services.audit import ChainReport, verify_chain

SYSTEM = Actor.system_actor("test")


def write_rows(db: Database, n: int, *, detail: str = "proef") -> list[int]:
    """``n`` log rows, each in a unit of work of its own; their ids."""
    for i in range(n):
        with db.unit_of_work() as session:
            authorize(session, SYSTEM, Action.READ, Area.REGION, "gemeente", i, detail=f"{detail} {i}")
    with db.unit_of_work() as session:
        return list(session.scalars(select(AccessLog.id).order_by(AccessLog.id.desc()).limit(n)))[::-1]


def verify(db: Database, **kwargs: Any) -> ChainReport:
    with db.unit_of_work() as session:
        return verify_chain(session, SYSTEM, **kwargs)


def tamper(db: Database, statement: Any, params: dict[str, Any] | None = None) -> None:
    """What someone with every right can do: on PostgreSQL the owner switches the log's triggers
    off for a moment; on SQLite anyone with the file drops them."""
    with db.engine.begin() as conn:
        if db.is_postgresql:
            conn.execute(text("ALTER TABLE access_log DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS access_log_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS access_log_no_delete"))
        conn.execute(statement if not isinstance(statement, str) else text(statement), params or {})
        if db.is_postgresql:
            conn.execute(text("ALTER TABLE access_log ENABLE TRIGGER USER"))


def make_gap(db: Database, size: int = 10) -> None:
    """Ids with a gap, as PostgreSQL's sequence leaves after a rollback: room to forge a row into."""
    with db.engine.begin() as conn:
        if db.is_postgresql:
            conn.execute(text(f"SELECT setval('access_log_id_seq', nextval('access_log_id_seq') + {size})"))
        else:
            conn.execute(text(f"UPDATE access_log_chain SET last_id = last_id + {size} WHERE id = 1"))


def forge_between(db: Database, before_id: int) -> int:
    """A forged row right after ``before_id`` whose own hash is right and links to that row (the
    forger knows the algorithm); its id."""
    with db.engine.connect() as conn:
        prev = conn.execute(select(AccessLog.row_hash).where(AccessLog.id == before_id)).scalar_one()
    forged = AccessLog(
        id=before_id + 1, at=datetime.now(UTC) - timedelta(days=400), actor_id=None, actor_login="test",
        on_behalf_of=None, action=Action.READ, object_type="dossier", object_id="7", gemeente_id=None,
        result="ok", detail="vervalst", workstation="elders", db_login="test", client_addr=None,
        prev_hash=prev,
    )  # fmt: skip
    forged.row_hash = chain_hash(row_values(forged))
    values = {c: getattr(forged, c) for c in (*AccessLog.__table__.columns.keys(),)}
    tamper(db, insert(AccessLog.__table__).values(**values))
    return before_id + 1


@pytest.fixture
def db(fresh_database: Database) -> Iterator[Database]:
    yield fresh_database


def test_every_row_links_to_the_one_before_and_verify_passes(db: Database) -> None:
    write_rows(db, 5)
    with db.engine.connect() as conn:
        rows = conn.execute(select(AccessLog).order_by(AccessLog.id)).all()
        head = conn.execute(select(AccessLogChain.last_id, AccessLogChain.last_hash)).one()
    assert len(rows) >= 5
    prev = None
    for row in rows:
        # The program's canonical text and the database's (PostgreSQL computes it there) agree.
        assert row.row_hash == chain_hash(row_values(row)), row.id
        assert row.prev_hash == prev
        prev = row.row_hash
    assert tuple(head) == (rows[-1].id, rows[-1].row_hash)
    report = verify(db)
    assert report.ok, report.summary
    assert report.checked >= len(rows)  # and the verification's own first row, when already written
    assert "Toegangslog in orde" in report.summary and "ongebroken" in report.summary
    # The verification is itself in the log (without any personal data).
    with db.engine.connect() as conn:
        last = conn.execute(select(AccessLog.detail).order_by(AccessLog.id.desc()).limit(1)).scalar_one()
    assert last.startswith("ketencontrole: in orde")


def test_a_changed_detail_is_found(db: Database) -> None:
    ids = write_rows(db, 6)
    tamper(db, "UPDATE access_log SET detail = 'niets aan de hand' WHERE id = :id", {"id": ids[2]})
    report = verify(db)
    assert not report.ok
    assert report.row_id == ids[2]
    assert f"regel {ids[2]} klopt niet met zijn hash" in report.summary


def test_a_change_with_a_recomputed_hash_breaks_the_link_to_the_next_row(db: Database) -> None:
    ids = write_rows(db, 6)
    with db.engine.connect() as conn:
        row = conn.execute(select(AccessLog).where(AccessLog.id == ids[2])).one()
    values = row_values(row)
    values[10] = "verdoezeld"  # detail
    tamper(
        db, "UPDATE access_log SET detail = 'verdoezeld', row_hash = :h WHERE id = :id",
        {"h": chain_hash(values), "id": ids[2]},
    )  # fmt: skip
    report = verify(db)
    assert not report.ok and report.row_id == ids[3]
    assert f"regel {ids[2]} is gewijzigd" in report.summary


def test_a_deleted_row_is_found(db: Database) -> None:
    ids = write_rows(db, 6)
    tamper(db, "DELETE FROM access_log WHERE id = :id", {"id": ids[3]})
    report = verify(db)
    assert not report.ok
    assert report.row_id == ids[4]
    assert f"regels tussen {ids[2]} en {ids[4]} zijn verwijderd" in report.summary


def test_deleted_last_rows_are_found(db: Database) -> None:
    ids = write_rows(db, 4)
    tamper(db, "DELETE FROM access_log WHERE id >= :id", {"id": ids[-2]})
    report = verify(db)
    assert not report.ok
    # The head still names the last row written; or the verification's own first row, written
    # after the head, points past the gap.
    assert ("de laatste regels ontbreken" in report.summary and str(ids[-1]) in report.summary) or (
        f"regels tussen {ids[-3]} en " in report.summary
    ), report.summary


def test_deleted_first_rows_are_found(db: Database) -> None:
    write_rows(db, 3)
    with db.engine.connect() as conn:
        first = conn.execute(select(AccessLog.id).order_by(AccessLog.id).limit(1)).scalar_one()
    tamper(db, "DELETE FROM access_log WHERE id = :id", {"id": first})
    report = verify(db)
    assert not report.ok and "regels ervóór zijn verwijderd" in report.summary


def test_a_row_forged_into_the_middle_is_found(db: Database) -> None:
    ids = write_rows(db, 3)
    make_gap(db)
    later = write_rows(db, 3)
    assert later[0] > ids[-1] + 2  # room in between
    assert verify(db).ok
    forged = forge_between(db, ids[-1])
    report = verify(db)
    assert not report.ok
    assert report.row_id == forged
    assert f"regel {forged} is tussengevoegd" in report.summary


def test_verify_from_a_date_checks_the_link_into_that_day(db: Database) -> None:
    ids = write_rows(db, 4)
    report = verify(db, since=datetime.now(UTC) - timedelta(days=1))
    assert report.ok
    assert verify(db, since=datetime.now(UTC) + timedelta(days=1)).checked == 0
    tamper(db, "UPDATE access_log SET detail = 'x' WHERE id = :id", {"id": ids[1]})
    assert not verify(db, since=datetime.now(UTC) - timedelta(days=1)).ok


def test_the_log_stays_append_only(db: Database) -> None:
    ids = write_rows(db, 1)
    statements = (
        "UPDATE access_log SET detail = 'x' WHERE id = :id",
        "DELETE FROM access_log WHERE id = :id",
    )
    for statement in statements:
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(text(statement), {"id": ids[0]})


# -- how a unit of work ended -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "result"),
    [
        (ConflictError("iemand anders was eerder"), "conflict"),
        (ValidationError("geen geldige datum"), "invalid"),
        (RuntimeError("stuk"), "error"),
    ],
)
def test_a_failed_unit_of_work_leaves_a_row_saying_how(db: Database, error: Exception, result: str) -> None:
    with pytest.raises(type(error)), db.unit_of_work() as session:
        authorize(session, SYSTEM, Action.UPDATE, Area.REGION, "gemeente", 42, detail="naam")
        raise error
    with db.unit_of_work() as session:
        rows = list(session.scalars(select(AccessLog).where(AccessLog.object_id == "42")))
    # The ok row went with the rollback; the failure is there, without the message (it may quote input).
    assert [(r.action, r.result, r.detail) for r in rows] == [(Action.UPDATE, result, "naam")]
    assert verify(db).ok


# -- insert-only history ------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["dossier_events", "handover_status_changes"])
def test_timeline_and_handover_history_are_insert_only(db: Database, table: str) -> None:
    from tests.cli.cli_fixtures import add_cases, add_users

    add_users(db)
    add_cases(db)
    with db.engine.connect() as conn:
        row_id = conn.execute(text(f"SELECT min(id) FROM {table}")).scalar_one()
    assert row_id is not None
    column = "text" if table == "dossier_events" else "reason"
    statements = (f"UPDATE {table} SET {column} = 'x' WHERE id = :id", f"DELETE FROM {table} WHERE id = :id")
    for statement in statements:
        with pytest.raises(DBAPIError) as refused, db.engine.begin() as conn:  # even the owner
            conn.execute(text(statement), {"id": row_id})
        assert "append-only" in str(refused.value) or "insert-only" in str(refused.value)


# -- no typed search term or BSN in the log -----------------------------------------------------------


def test_searches_log_the_field_and_length_never_the_term(session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.domain.case_dossier import MemberRole
    from app.services import audit
    from app.services.board import koppelingen as kp
    from app.services.cases import dossiers as ds
    from app.services.cases import members as dm
    from app.services.cases import queries, worklists
    from tests.db.case_fixtures import BSN_A, ZEIST, family, last_log_id, log_rows

    start = last_log_id(session)
    cp = make_actor(Role.CONTACTPERSOON, cbs_code=ZEIST)
    beheer = make_actor(Role.BEHEERDER, cbs_code=None)
    detail = family(session, cp, head="Ayşe Özdemir")
    dm.add_member(session, cp, detail.id, dm.MemberInput(name="Can Özdemir", role=MemberRole.KIND, bsn=BSN_A))
    v_nummer = detail.v_nummer
    terms = [BSN_A, "Özdemir", "Ayşe", v_nummer]
    for term in terms:
        ds.list_dossiers(session, cp, ds.DossierFilter(text=term))
        kp.list_koppelingen(session, cp, kp.KoppelingFilter(text=term))
        queries.koppelingen_without_dossier(session, cp, text=term)
        worklists.list_worklist(session, cp, worklists.WorkListFilter(text=term))
    audit.list_access_log(session, beheer, login=cp.login)
    rows = log_rows(session, start)
    details = [r.detail or "" for r in rows]
    for term in [*terms, cp.login]:
        assert not [d for d in details if term in d], term
    searches = [d for r, d in zip(rows, details, strict=True) if r.action is Action.SEARCH]
    assert "zoekterm (text): 9 tekens" in searches  # the BSN: which field, how long
    assert any(d.endswith("zoekterm: 7 tekens") for d in details)  # Özdemir
    assert "gebruiker: " in details[-1]


def test_an_export_filter_description_keeps_no_search_term() -> None:
    from app.services.access import scrub_typed

    assert scrub_typed("Gemeente: Zeist; zoekterm 'Özdemir'") == "Gemeente: Zeist; zoekterm: 7 tekens"
    assert scrub_typed("zoekterm 'O'Brien'; Status: open") == "zoekterm: 7 tekens; Status: open"
