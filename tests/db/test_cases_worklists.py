"""Work lists: exactly which handovers are due this week, late, or waiting for receipt, per
municipality and per user, sorted and paged in SQL, each query logged once."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.domain.case_dossier import MemberRole
from app.domain.handover import (
    ConsentMethod,
    ConsentStatus,
    HandoverKind,
    HandoverStatus,
    Receipt,
    RiskCategory,
    RiskReceiver,
    RiskUrgency,
)
from app.domain.roles import Action, Role
from app.errors import PermissionDenied
from app.services.cases import handovers as ho
from app.services.cases.views import ContactInfo
from app.services.cases.worklists import (
    WorkList,
    WorkListFilter,
    list_worklist,
    worklist_counts,
    worklist_table,
)
from tests.db.case_fixtures import BUNNIK, ZEIST, family, last_log_id, log_rows

TODAY = date(2017, 5, 10)  # a Wednesday; the week runs 8–14 May
S = HandoverStatus


def _handover(
    session: Session, actor, dossier_id: int, kind: HandoverKind, due: date, *steps: HandoverStatus, **extra
):  # type: ignore[no-untyped-def]
    h = ho.create_handover(
        session, actor, dossier_id, ho.HandoverInput(kind, due_on=due, **extra), today=TODAY
    )
    if steps:
        h = ho.record_consent(
            session,
            actor,
            h.id,
            h.version,
            ConsentStatus.GEGEVEN,
            on=TODAY,
            method=ConsentMethod.IN_PERSON,
            today=TODAY,
        )
    for step in steps:
        receipt = Receipt("J. Bakker", TODAY) if step is S.ONTVANGEN else None
        h = ho.change_status(
            session, actor, h.id, h.version, step, reason="reden", receipt=receipt, today=TODAY
        )
    return h


@pytest.fixture
def scene(session: Session, make_actor):  # type: ignore[no-untyped-def]
    anna = make_actor(Role.CONSULENT, cbs_code=ZEIST, login="anna")
    bert = make_actor(Role.CONSULENT, cbs_code=ZEIST, login="bert")
    bunnik = make_actor(Role.CONSULENT, cbs_code=BUNNIK, login="bunnik")
    first = family(session, anna, head="Şahin Yılmaz")
    second = family(session, bert, head="Ghebreyesús Tesfay", partner=None, children=())
    other = family(session, bunnik, BUNNIK, head="Nuñez Carmen", partner=None, children=())
    child = next(m for m in first.members if m.role is MemberRole.KIND)
    h = {
        "gp": _handover(
            session, anna, first.id, HandoverKind.GCA_HUISARTS, date(2017, 5, 12),
            receiver=ContactInfo("Huisartsenpraktijk De Linde", "J. Bakker"),
        ),
        "vwn": _handover(
            session, anna, first.id, HandoverKind.VWN_MB, date(2017, 5, 3), S.AANGEVRAAGD,
            receiver=ContactInfo("Vluchtelingenwerk Zeist"),
        ),
        "jgz": _handover(
            session, anna, first.id, HandoverKind.JGZ, date(2017, 5, 14), S.AANGEVRAAGD, S.VERZONDEN,
            member_id=child.id,
        ),
        "signal": _handover(
            session, anna, first.id, HandoverKind.RISK_SIGNAL, date(2017, 5, 9), S.AANGEVRAAGD, S.VERZONDEN,
            S.ONTVANGEN, risk_category=RiskCategory.SCHULDEN, risk_urgency=RiskUrgency.MIDDEL,
            risk_receiver=RiskReceiver.WIJKTEAM,
        ),
        "withdrawn": _handover(
            session, bert, second.id, HandoverKind.VWN_MB, date(2017, 5, 1), S.INGETROKKEN
        ),
        "bert": _handover(session, bert, second.id, HandoverKind.GCA_HUISARTS, date(2017, 5, 11)),
        "bunnik": _handover(session, bunnik, other.id, HandoverKind.GCA_HUISARTS, date(2017, 5, 11)),
    }  # fmt: skip
    return anna, bert, bunnik, first, h


def _ids(session: Session, actor, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.handover_id for r in list_worklist(session, actor, WorkListFilter(**kw), today=TODAY)[0]]


def test_each_list_holds_exactly_its_handovers(session: Session, scene) -> None:  # type: ignore[no-untyped-def]
    anna, bert, _, _, h = scene
    week = WorkList.DEZE_WEEK
    assert _ids(session, anna, worklist=week) == [h["bert"].id, h["gp"].id, h["jgz"].id]
    assert _ids(session, anna, worklist=week, mine=True) == [h["gp"].id, h["jgz"].id]
    assert _ids(session, bert, worklist=week, mine=True) == [h["bert"].id]
    assert _ids(session, anna, worklist=WorkList.TE_LAAT) == [h["vwn"].id]
    assert _ids(session, anna, worklist=WorkList.WACHT_OP_ONTVANGST) == [h["jgz"].id]
    assert _ids(session, anna, worklist=WorkList.OPEN) == [
        h["vwn"].id,
        h["signal"].id,
        h["bert"].id,
        h["gp"].id,
        h["jgz"].id,
    ]
    assert worklist_counts(session, anna, today=TODAY) == {
        WorkList.DEZE_WEEK: 3,
        WorkList.TE_LAAT: 1,
        WorkList.WACHT_OP_ONTVANGST: 1,
        WorkList.OPEN: 5,
    }


def test_rows_carry_what_the_table_shows(session: Session, scene) -> None:  # type: ignore[no-untyped-def]
    anna, _, _, first, _ = scene
    rows, total = list_worklist(session, anna, WorkListFilter(worklist=WorkList.TE_LAAT), today=TODAY)
    assert total == 1
    [late] = rows
    assert (late.dossier_id, late.v_nummer, late.head_name, late.gemeente_code) == (
        first.id,
        first.v_nummer,
        "Şahin Yılmaz",
        ZEIST,
    )
    assert (late.kind_label, late.receiver, late.due_on, late.status, late.days_overdue) == (
        "Vluchtelingenwerk → maatschappelijke begeleiding",
        "Vluchtelingenwerk Zeist",
        date(2017, 5, 3),
        S.AANGEVRAAGD,
        7,
    )
    [jgz] = list_worklist(session, anna, WorkListFilter(worklist=WorkList.WACHT_OP_ONTVANGST), today=TODAY)[0]
    assert (jgz.member_name, jgz.consent, jgz.assigned_to) == ("Elif Özdemir", ConsentStatus.GEGEVEN, "anna")
    headers, cells = worklist_table(rows)
    assert dict(zip(headers, cells[0], strict=True))["Uiterlijk"] == "03-05-2017"
    assert dict(zip(headers, cells[0], strict=True))["Dagen te laat"] == 7


def test_sorting_paging_and_search_happen_in_sql(session: Session, scene) -> None:  # type: ignore[no-untyped-def]
    anna, _, _, _, h = scene
    open_list = WorkList.OPEN
    assert _ids(session, anna, worklist=open_list, sort="days_overdue", descending=True, limit=2) == [
        h["vwn"].id,
        h["signal"].id,
    ]
    assert _ids(session, anna, worklist=open_list, sort="due_on", descending=True, limit=1) == [h["jgz"].id]
    rows, total = list_worklist(
        session, anna, WorkListFilter(worklist=open_list, limit=2, offset=4), today=TODAY
    )
    assert total == 5 and [r.handover_id for r in rows] == [h["jgz"].id]
    assert _ids(session, anna, worklist=open_list, text="ghebreyesus") == [h["bert"].id]
    assert _ids(session, anna, worklist=open_list, kinds=(HandoverKind.JGZ, HandoverKind.RISK_SIGNAL)) == [
        h["signal"].id,
        h["jgz"].id,
    ]
    assert _ids(session, anna, worklist=open_list, sort="head_name", limit=1) == [h["bert"].id]
    assert _ids(session, anna, worklist=open_list, sort="gemeente", limit=1) == [h["gp"].id]


def test_lists_are_per_gemeente_and_logged(session: Session, scene) -> None:  # type: ignore[no-untyped-def]
    anna, _, bunnik, _, h = scene
    assert _ids(session, bunnik, worklist=WorkList.DEZE_WEEK) == [h["bunnik"].id]
    start = last_log_id(session)
    list_worklist(session, anna, WorkListFilter(worklist=WorkList.TE_LAAT), today=TODAY)
    exported, _ = list_worklist(
        session, anna, WorkListFilter(worklist=WorkList.TE_LAAT), today=TODAY, export=True
    )
    with pytest.raises(PermissionDenied):
        list_worklist(session, anna, WorkListFilter(gemeente_code=BUNNIK), today=TODAY)
    assert [(r.action, r.object_type, r.result, r.detail) for r in log_rows(session, start)] == [
        (Action.SEARCH, "werklijst", "ok", "lijst=te-laat"),
        # An export names the dossiers it holds, by id.
        (Action.EXPORT, "werklijst", "ok", f"lijst=te-laat; rijen=1; dossiers={exported[0].dossier_id}"),
        (Action.SEARCH, "werklijst", "denied", f"lijst=deze-week gemeente={BUNNIK}"),
    ]
