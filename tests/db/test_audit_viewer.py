"""The access-log viewer's service (app.services.audit_query) on both databases: each filter, keyset
pages that cover the filtered set exactly once, the export of the whole set without formulas, the
per-dossier view for the own municipality, and that every look is logged without search terms."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import AccessLog
from app.domain.roles import Action, Role
from app.errors import PermissionDenied
from app.io.safe_text import is_safe_cell
from app.services.audit_query import (
    LogFilter,
    dossier_access,
    export_access_log,
    read_access_log,
    utc_bounds,
)
from tests.db.case_fixtures import BUNNIK, ZEIST, family

BASE = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)  # a month no other test writes in
DOSSIER = 9_990_001
PERSONS = ("vw-anna", "vw-bert", "vw_x%y")


def _add(session: Session, **values: object) -> None:
    row = {"actor_login": "vw-anna", "action": Action.READ, "object_type": "koppeling", "object_id": "1",
           "result": "ok", "workstation": "pc-1", "at": BASE} | values  # fmt: skip
    session.add(AccessLog(**row))


@pytest.fixture
def seeded(session: Session) -> Session:
    """230 rows by three persons over 23 days, some for one dossier, some refused or on behalf."""
    for n in range(230):
        _add(
            session,
            actor_login=PERSONS[n % 3],
            action=(Action.READ, Action.UPDATE, Action.EXPORT, Action.PRINT)[n % 4],
            object_type="dossier" if n % 5 == 0 else "koppeling",
            object_id=str(DOSSIER) if n % 5 == 0 else str(n),
            result="denied" if n % 7 == 0 else "ok",
            at=BASE + timedelta(days=n // 10, minutes=n),
            detail='=HYPERLINK("http://x","klik")' if n % 11 == 0 else "-2+3",
        )
    _add(session, actor_login="uitwisselbord", on_behalf_of="vw-bert", at=BASE + timedelta(days=30))
    # Midnight in the Netherlands (CET): 22:59 UTC is still 10 March, 23:30 UTC already 11 March.
    _add(session, actor_login="vw-night", at=datetime(2031, 3, 10, 22, 59, tzinfo=UTC), object_id="late")
    _add(session, actor_login="vw-night", at=datetime(2031, 3, 10, 23, 30, tzinfo=UTC), object_id="early")
    session.flush()
    return session


@pytest.fixture
def admin(make_actor):  # type: ignore[no-untyped-def]
    return make_actor(Role.BEHEERDER, None, login="beheer-viewer")


def _all(session: Session, actor, f: LogFilter, size: int = 500) -> list:  # type: ignore[no-untyped-def]
    page = read_access_log(session, actor, f, page_size=size)
    assert page.older is None, "the test expects one page"
    return page.rows


def test_person_is_a_part_of_a_login_taken_literally(seeded: Session, admin) -> None:  # type: ignore[no-untyped-def]
    rows = _all(seeded, admin, LogFilter(person="VW-AN"))
    assert rows and {r.actor_login for r in rows} == {"vw-anna"}
    # On behalf of: the board acting for vw-bert counts as vw-bert's.
    bert = _all(seeded, admin, LogFilter(person="vw-bert"))
    assert {(r.actor_login, r.on_behalf_of) for r in bert} == {
        ("vw-bert", None),
        ("uitwisselbord", "vw-bert"),
    }
    # % and _ are letters here, not wildcards.
    assert {r.actor_login for r in _all(seeded, admin, LogFilter(person="_x%"))} == {"vw_x%y"}
    assert _all(seeded, admin, LogFilter(person="vw%")) == []
    assert _all(seeded, admin, LogFilter(person="nobody-at-all")) == []


def test_dossier_object_action_and_result_filters(seeded: Session, admin) -> None:  # type: ignore[no-untyped-def]
    mine = LogFilter(person="vw")  # every seeded person
    dossier = _all(seeded, admin, LogFilter(dossier_id=DOSSIER))
    assert len(dossier) == 46 and all(
        r.object_type == "dossier" and r.object_id == str(DOSSIER) for r in dossier
    )
    koppeling = _all(seeded, admin, LogFilter(person="vw", object_type="koppeling"))
    assert len(koppeling) == 233 - 46 and {r.object_type for r in koppeling} == {"koppeling"}
    printed = _all(seeded, admin, LogFilter(person="vw", action=Action.PRINT))
    assert len(printed) == 57 and {r.action for r in printed} == {Action.PRINT}
    denied = _all(seeded, admin, LogFilter(person=mine.person, result="denied"))
    assert len(denied) == 33 and {r.result for r in denied} == {"denied"}
    both = _all(seeded, admin, LogFilter(dossier_id=DOSSIER, result="denied", action=Action.READ))
    assert [r.id for r in both] == [r.id for r in dossier if r.result == "denied" and r.action is Action.READ]


def test_date_range_is_in_dutch_days(seeded: Session, admin) -> None:  # type: ignore[no-untyped-def]
    start, end = utc_bounds(date(2031, 3, 11), date(2031, 3, 11))
    assert start == datetime(2031, 3, 10, 23, 0, tzinfo=UTC) and end == datetime(
        2031, 3, 11, 23, 0, tzinfo=UTC
    )
    night = _all(
        seeded, admin, LogFilter(person="vw-night", date_from=date(2031, 3, 11), date_to=date(2031, 3, 11))
    )
    assert [r.object_id for r in night] == ["early"]
    days = _all(seeded, admin, LogFilter(person="vw", date_from=date(2031, 3, 3), date_to=date(2031, 3, 4)))
    assert len(days) == 20  # rows 20..39: days 3 and 4 of the month
    assert all(date(2031, 3, 3) <= r.at.date() <= date(2031, 3, 4) for r in days)


def test_pages_are_disjoint_consecutive_and_cover_every_row(seeded: Session, admin) -> None:  # type: ignore[no-untyped-def]
    f = LogFilter(person="vw")
    every = [r.id for r in _all(seeded, admin, f)]
    assert len(every) == 233 and every == sorted(every, reverse=True)
    pages, page = [], read_access_log(seeded, admin, f, page_size=50)
    assert page.newer is None
    while True:
        pages.append([r.id for r in page.rows])
        if page.older is None:
            break
        page = read_access_log(seeded, admin, f, before=page.older, page_size=50)
    assert [len(p) for p in pages] == [50, 50, 50, 50, 33]
    assert [i for p in pages for i in p] == every  # consecutive, no row twice, none left out
    back = []  # and back up with "Vorige": the same pages
    while page.newer is not None:
        page = read_access_log(seeded, admin, f, after=page.newer, page_size=50)
        back.append([r.id for r in page.rows])
    assert back == pages[-2::-1]


def test_reading_is_logged_without_the_person_typed(seeded: Session, admin) -> None:  # type: ignore[no-untyped-def]
    read_access_log(seeded, admin, LogFilter(person="vw-anna", result="denied"), page_size=10)
    seeded.flush()
    row = seeded.scalars(select(AccessLog).order_by(AccessLog.id.desc()).limit(1)).one()
    assert (row.actor_login, row.action, row.object_type) == ("beheer-viewer", Action.READ, "access_log")
    assert "vw-anna" not in (row.detail or "") and "7 tekens" in (row.detail or "")
    assert "result=denied" in (row.detail or "")


@pytest.mark.parametrize("role", [Role.CONTACTPERSOON, Role.CONSULENT, Role.REGIO_COORDINATOR])
def test_only_a_beheerder_reads_or_exports_the_log(session: Session, make_actor, role, tmp_path) -> None:  # type: ignore[no-untyped-def]
    actor = make_actor(role)
    with pytest.raises(PermissionDenied):
        read_access_log(session, actor)
    with pytest.raises(PermissionDenied):
        export_access_log(session, actor, LogFilter(), tmp_path / "log.xlsx")
    assert not (tmp_path / "log.xlsx").exists()


def test_export_holds_every_filtered_row_and_no_formula(seeded: Session, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    f = LogFilter(person="vw")
    expected = {r.id for r in _all(seeded, admin, f)}
    result = export_access_log(seeded, admin, f, tmp_path / "log.xlsx")
    assert result.rows == len(expected) == 233
    sheet = load_workbook(tmp_path / "log.xlsx").worksheets[0]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {v[0] for v in values} == expected
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert '=HYPERLINK("http://x","klik")' in {c.value for c in cells}  # kept, as text
    seeded.flush()
    logged = seeded.scalars(select(AccessLog).order_by(AccessLog.id.desc()).limit(1)).one()
    assert logged.action is Action.EXPORT and "rijen=233" in (logged.detail or "")
    assert "vw" not in (logged.detail or "")

    export_access_log(seeded, admin, f, tmp_path / "log.csv")
    with open(tmp_path / "log.csv", encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh, delimiter=";"))
    assert {int(line[0]) for line in lines[1:]} == expected
    assert all(is_safe_cell(cell) for line in lines for cell in line)
    assert '\'=HYPERLINK("http://x","klik")' in {cell for line in lines for cell in line}


def test_the_dossier_view_shows_its_own_municipality_who_looked(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    from app.services.cases.dossiers import get_dossier

    consulent = make_actor(Role.CONSULENT, ZEIST, login="cons-viewer")
    colleague = make_actor(Role.ALLEEN_LEZEN, ZEIST, login="lezer-viewer")
    detail = family(session, consulent, ZEIST)
    get_dossier(session, colleague, detail.id)
    session.flush()
    seen = dossier_access(session, colleague, detail.id)
    assert seen[0].actor_login == "lezer-viewer" and seen[0].action is Action.READ
    assert {"cons-viewer", "lezer-viewer"} <= {s.actor_login for s in seen}
    assert {s.actor_name for s in seen if s.actor_login == "cons-viewer"} == {"Test Gebruiker"}
    session.flush()
    logged = session.scalars(select(AccessLog).order_by(AccessLog.id.desc()).limit(1)).one()
    assert (logged.actor_login, logged.object_id, logged.detail) == (
        "lezer-viewer", str(detail.id), "wie heeft dit dossier ingezien",
    )  # fmt: skip

    for other in (make_actor(Role.CONSULENT, BUNNIK), make_actor(Role.BEHEERDER, None)):
        with pytest.raises(PermissionDenied):
            dossier_access(session, other, detail.id)
