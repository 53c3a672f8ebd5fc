"""A dossier made from a koppeling keeps its first timeline entry and its milestone "gekoppeld" in
its own row (revision 0022, for the import's speed). Every reader must show exactly what the two
rows used to show: the same as after the downgrade's statements turn them into rows. On both
databases."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.models import Dossier, Milestone
from app.db.pg_lazy_origin import DROP_KEEP_FIRST_ENTRY, MATERIALIZE, SQLITE_DROP_KEEP_FIRST_ENTRY
from app.domain.case_dossier import MilestoneKind, TimelineKind
from app.domain.roles import Role
from app.services.cases import members as dm
from app.services.cases.auto_dossiers import ensure_dossiers
from app.services.cases.dossiers import get_dossier, list_timeline
from app.services.cases.views import TimelineEntry, record_event
from tests.db.board_fixtures import koppeling

ZEIST = "GM0355"


def _made(session: Session, make_actor) -> tuple[object, Dossier]:  # type: ignore[no-untyped-def]
    consulent = make_actor(Role.CONSULENT, cbs_code=ZEIST)
    k = koppeling(session, ZEIST, date(2017, 2, 1), 4, languages="Tigrinya")
    assert ensure_dossiers(session, consulent, [k.id]) == 1
    session.expire_all()
    dossier = session.scalar(select(Dossier).where(Dossier.koppeling_id == k.id))
    assert dossier is not None
    return consulent, dossier


def _shown(session: Session, actor, dossier_id: int):  # type: ignore[no-untyped-def]
    """What the dossier view shows of the timeline and milestones, without the row ids."""
    session.expire_all()
    detail = get_dossier(session, actor, dossier_id)
    timeline = [dataclasses.replace(e, id=0) for e in detail.timeline]
    milestones = [dataclasses.replace(m, id=0) for m in detail.milestones]
    return (
        timeline,
        milestones,
        [dataclasses.replace(e, id=0) for e in list_timeline(session, actor, dossier_id)],
    )


def test_the_kept_entry_and_milestone_read_as_the_rows_they_stand_for(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier = _made(session, make_actor)
    assert dossier.first_entry is not None and dossier.gekoppeld_pending  # one row written, not three
    earlier = datetime.now(UTC) - timedelta(days=30)  # a backdated entry sorts below the first one
    record_event(session, actor, dossier.id, TimelineKind.STATUS, "Eerder gesprek.", at=earlier)
    record_event(session, actor, dossier.id, TimelineKind.STATUS, "Later gesprek.")
    session.flush()
    kept = _shown(session, actor, dossier.id)
    timeline, milestones, listed = kept
    assert [e.text for e in timeline] == [
        "Later gesprek.",
        "Dossier automatisch aangemaakt vanuit koppeling "
        + dossier.v_nummer
        + ": 4 personen, taal Tigrinya.",
        "Eerder gesprek.",
    ]
    assert [(m.kind, m.done_on, m.done_by) for m in milestones] == [
        (MilestoneKind.GEKOPPELD, date(2017, 2, 1), "COA")
    ]
    assert listed == timeline
    postgres = session.get_bind().dialect.name == "postgresql"
    for statement in (*(DROP_KEEP_FIRST_ENTRY if postgres else SQLITE_DROP_KEEP_FIRST_ENTRY), *MATERIALIZE):
        session.execute(text(statement))  # the downgrade: its guard goes first (rolled back after the test)
    session.execute(
        text(
            "UPDATE dossiers SET first_entry = NULL, first_entry_by = NULL, gekoppeld_pending = :f "
            "WHERE id = :id"
        ),
        {"f": False, "id": dossier.id},
    )
    assert _shown(session, actor, dossier.id) == kept


def test_the_timeline_pages_keep_the_first_entry_in_its_place(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier = _made(session, make_actor)
    now = datetime.now(UTC)
    for days in (-3, -2, -1, 1, 2):  # two after the first entry, three before it
        record_event(
            session, actor, dossier.id, TimelineKind.STATUS, f"dag {days}", at=now + timedelta(days=days)
        )
    session.flush()
    whole = list_timeline(session, actor, dossier.id)
    assert [e.text for e in whole][:3] == ["dag 2", "dag 1", whole[2].text]
    assert whole[2].text.startswith("Dossier automatisch aangemaakt")
    for limit in (1, 2, 3, 4, 7):
        pages: list[TimelineEntry] = []
        for offset in range(0, 8, limit):
            pages += list_timeline(session, actor, dossier.id, limit=limit, offset=offset)
        assert pages == whole, (limit, pages)


def test_setting_or_clearing_the_milestone_makes_it_a_row_first(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier = _made(session, make_actor)
    rows = select(func.count()).select_from(Milestone).where(Milestone.dossier_id == dossier.id)
    assert session.scalar(rows) == 0
    info = dm.set_milestone(
        session, actor, dossier.id, MilestoneKind.GEKOPPELD, date(2017, 2, 3), "COA Zeist"
    )
    assert (info.done_on, info.done_by, info.version) == (date(2017, 2, 3), "COA Zeist", 2)  # as an update
    assert session.scalar(rows) == 1
    dm.clear_milestone(session, actor, dossier.id, MilestoneKind.GEKOPPELD)
    _timeline, milestones, _listed = _shown(session, actor, dossier.id)
    assert milestones == []  # cleared: the kept one does not come back
    assert session.scalar(rows) == 0


def test_clearing_the_kept_milestone_clears_it(session: Session, make_actor) -> None:  # type: ignore[no-untyped-def]
    actor, dossier = _made(session, make_actor)
    dm.clear_milestone(session, actor, dossier.id, MilestoneKind.GEKOPPELD)
    timeline, milestones, _listed = _shown(session, actor, dossier.id)
    assert milestones == []
    assert timeline[0].text == "Gekoppeld aan de gemeente: datum gewist."


def test_the_kept_entry_cannot_be_changed_nor_the_milestone_made_pending_again(
    session: Session,
    make_actor,  # type: ignore[no-untyped-def]
) -> None:
    """The kept entry belongs to the insert-only timeline: the database refuses a change to it,
    even from the owner's own connection, and a milestone made a row cannot be made pending again."""
    import pytest
    from sqlalchemy.exc import DBAPIError

    actor, dossier = _made(session, make_actor)
    before = dossier.first_entry
    for statement in (
        "UPDATE dossiers SET first_entry = 'Iets anders.' WHERE id = :id",
        "UPDATE dossiers SET first_entry = NULL WHERE id = :id",
        "UPDATE dossiers SET first_entry_by = 'Iemand anders' WHERE id = :id",
    ):
        with pytest.raises(DBAPIError) as refused, session.begin_nested():
            session.execute(text(statement), {"id": dossier.id})
        assert "insert-only" in str(refused.value)
    dm.set_milestone(session, actor, dossier.id, MilestoneKind.GEKOPPELD, date(2017, 2, 2), "COA")
    session.flush()
    with pytest.raises(DBAPIError) as refused, session.begin_nested():
        session.execute(
            text("UPDATE dossiers SET gekoppeld_pending = true WHERE id = :id"), {"id": dossier.id}
        )
    assert "insert-only" in str(refused.value)
    session.expire_all()
    assert session.get(Dossier, dossier.id).first_entry == before  # type: ignore[union-attr]
    session.execute(
        text("UPDATE dossiers SET status = status WHERE id = :id"), {"id": dossier.id}
    )  # others may
