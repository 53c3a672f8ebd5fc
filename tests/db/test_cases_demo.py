"""Demo data of the case register: dossiers for recent households, names with diacritics and in
Arabic script, valid BSNs, handovers in every state — and the services work on it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.db.models import Dossier, DossierMember, Handover, Koppeling
from app.db.session import Database
from app.demo.fill import fill_demo
from app.domain.case_dossier import MemberRole
from app.domain.handover import ConsentStatus, HandoverStatus
from app.domain.identifiers import normalize_bsn
from app.services.access import Actor
from app.services.cases import dossiers as ds
from app.services.cases import packs
from app.services.cases.worklists import WorkList, WorkListFilter, list_worklist
from app.services.users import sign_in

TODAY = date(2026, 11, 23)


def test_demo_cases_are_varied_valid_and_usable(fresh_database: Database) -> None:
    with fresh_database.unit_of_work() as s:
        report = fill_demo(s, Actor.system_actor("demo"), login="tester", today=TODAY)
    assert report["dossiers"] > 300 and report["overdrachten"] > report["dossiers"]
    with fresh_database.unit_of_work() as s:
        names = list(s.scalars(select(DossierMember.name)))
        assert any("Ö" in n or "ö" in n for n in names) and any("ş" in n or "Ş" in n for n in names)
        assert any("ñ" in n for n in names) and any("ú" in n for n in names)
        assert s.scalar(select(func.count()).where(DossierMember.name_arabic.is_not(None))) > 10
        for bsn in s.scalars(select(DossierMember.bsn).where(DossierMember.bsn.is_not(None))):
            assert normalize_bsn(bsn) == bsn
        # Every household the case register filled got its members: as many as the koppeling says.
        sizes = s.execute(
            select(Koppeling.persons, Dossier.member_count)
            .join(Dossier, Dossier.koppeling_id == Koppeling.id)
            .where(Dossier.member_count > 0)
        ).all()
        assert len(sizes) >= report["dossiers"] and all(persons == count for persons, count in sizes)
        # And every koppeling has its dossier, as after an import (the rest made as the board does).
        linked = s.scalar(select(func.count(Dossier.id)).where(Dossier.koppeling_id.is_not(None)))
        assert linked == s.scalar(select(func.count(Koppeling.id))) and report["dossiers bij koppelingen"] > 0
        statuses = set(s.scalars(select(Handover.status).distinct()))
        assert statuses == set(HandoverStatus)
        assert s.scalar(select(func.count()).where(Handover.override_reason.is_not(None))) >= 1
        jgz_not_child = s.scalar(
            select(func.count())
            .select_from(Handover)
            .join(DossierMember, DossierMember.id == Handover.member_id)
            .where(Handover.kind == "jgz", DossierMember.role != MemberRole.KIND)
        )
        assert jgz_not_child == 0

    with fresh_database.unit_of_work() as s:
        tester = sign_in(s, "tester")
        rows, total = ds.list_dossiers(s, tester, ds.DossierFilter(limit=20))
        assert total > 20 and {r.gemeente_code for r in rows} == {"GM0344"}
        own_filled = (Dossier.gemeente_id == tester.gemeente_id) & (Dossier.member_count > 0)
        filled = s.scalar(select(Dossier.id).where(own_filled).limit(1))
        detail = ds.get_dossier(s, tester, filled)
        assert detail.members and detail.timeline
        made = ds.get_dossier(s, tester, rows[0].id)  # one the board made: its first entry says so
        assert made.timeline
        late, _ = list_worklist(s, tester, WorkListFilter(worklist=WorkList.TE_LAAT), today=TODAY)
        assert late and all(r.days_overdue > 0 for r in late)
        mine, _ = list_worklist(s, tester, WorkListFilter(worklist=WorkList.OPEN, mine=True), today=TODAY)
        assert mine and all(r.assigned_to == "tester" for r in mine)
        ready = s.scalar(
            select(Handover.id)
            .join(Dossier, Dossier.id == Handover.dossier_id)
            .where(Dossier.gemeente_id == tester.gemeente_id, Handover.consent == ConsentStatus.GEGEVEN)
            .limit(1)
        )
        pack = packs.build_pack(s, tester, ready)
        assert pack.members and pack.letterhead.organisation == "Gemeente Utrecht"


def test_demo_cases_are_deterministic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.bootstrap import prepare

    def fingerprint(n: int) -> tuple:  # type: ignore[type-arg]
        db = Database(f"sqlite+pysqlite:///{tmp_path / f'demo{n}.db'}")
        prepare(db)
        with db.unit_of_work() as s:
            fill_demo(s, Actor.system_actor("demo"), today=TODAY, scale=0.3)
        with db.unit_of_work() as s:
            result = (
                tuple(s.scalars(select(DossierMember.name).order_by(DossierMember.id).limit(50))),
                tuple(s.scalars(select(DossierMember.bsn).order_by(DossierMember.id).limit(50))),
                tuple(s.execute(select(Handover.status, Handover.due_on).order_by(Handover.id).limit(50))),
            )
        db.dispose()
        return result

    assert fingerprint(1) == fingerprint(2)
